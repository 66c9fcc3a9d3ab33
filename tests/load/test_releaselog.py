"""`roadmap.load.releaselog`: the release log's entries and their chain. Each way of breaking it is
one line naming the file; the bundled log checks with `ssh-keygen -Y verify` and `sha256sum -c`
alone, as a partner without this tool checks it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from roadmap.load.releaselog import read_log
from tests.conftest import HOST, PARTNER, REPO
from tests.load import copy_bundled

E1, E2, E3, E4, E5, E6, E7, E8, E9, E10 = (
    "0001-fvey@1.0.0.json", "0002-fvey@1.1.0.json", "0003-fvey@1.0.0-ja.json", "0004-fvey@1.1.0-ja.json",
    "0005-fvey@1.2.0.json", "0006-fvey@2.0.0.json", "0007-fvey@1.3.0.json", "0008-fvey@2.0.0-ja.json",
    "0009-fvey@1.2.0-ja.json", "0010-fvey@1.3.0-ja.json")
#: The last entry: nothing links to it, so only its own checks can catch an edit.
LAST = E10


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return copy_bundled(tmp_path)


def _problems(root: Path) -> list[str]:
    return [str(p) for p in read_log(root).problems]


def test_the_bundled_log_is_a_chain() -> None:
    log = read_log(REPO / "criteria")
    assert log.problems == ()
    assert [e.file for e in log.entries] == [E1, E2, E3, E4, E5, E6, E7, E8, E9, E10]
    previous = [e.body.previous.file if e.body.previous else None for e in log.entries]
    assert previous == [None, E1, E2, E3, E4, E5, E6, E7, E8, E9]
    for before, entry in zip(log.entries, log.entries[1:], strict=False):
        assert entry.body.previous is not None and entry.body.previous.sha256 == before.sha256


@pytest.mark.parametrize("entry", [E1, E2, E3, E4, E5, E6, E7, E8, E9, E10])
@pytest.mark.parametrize("principal", [HOST, PARTNER])
def test_ssh_keygen_alone_verifies_every_bundled_signature(entry: str, principal: str) -> None:
    folder = REPO / "criteria" / "releases"
    with open(folder / entry, "rb") as message:
        proc = subprocess.run(["ssh-keygen", "-Y", "verify", "-f", str(REPO / "criteria" / "allowed_signers"),
                               "-I", principal, "-n", "roadmap-catalog-release",
                               "-s", f"{folder / entry}.{principal}.sig"],
                              stdin=message, capture_output=True, text=True, check=False, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f'Good "roadmap-catalog-release" signature for {principal} with ED25519 key SHA256:')


@pytest.mark.parametrize("entry", [E1, E2, E3, E4, E5, E6, E7, E8, E9, E10])
def test_sha256sum_alone_checks_the_released_files(entry: str) -> None:
    data = json.loads((REPO / "criteria" / "releases" / entry).read_bytes())
    lines = "".join(f"{digest.removeprefix('sha256:')}  {name}\n" for name, digest in data["files"].items())
    cid, version = data["ref"].split("@")
    proc = subprocess.run(["sha256sum", "-c", "--strict", "-"], input=lines, cwd=REPO / "criteria" / cid / version,
                          capture_output=True, text=True, check=False, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count(": OK") == len(data["files"])


def test_a_removed_entry_is_named_by_the_next_back_link(root: Path) -> None:
    (root / "releases" / E2).unlink()
    (problem,) = _problems(root)
    sha = read_log(REPO / "criteria").entries[1].sha256
    assert problem == (f"criteria/releases/{E3}: its back-link names {E2} ({sha}), which is missing: an entry was "
                       "removed from the log")
    assert read_log(root).released("fvey@1.1.0") == E2  # never to be released again


def test_a_reordered_log_is_named(root: Path) -> None:
    folder = root / "releases"
    os.rename(folder / E1, folder / "swap")
    os.rename(folder / E2, folder / "0001-fvey@1.1.0.json")
    os.rename(folder / "swap", folder / "0002-fvey@1.0.0.json")
    assert _problems(root)[:2] == [
        f"criteria/releases/0001-fvey@1.1.0.json: its name says 0001-fvey@1.1.0.json, its content {E2}: renamed or "
        "reordered",
        f"criteria/releases/0002-fvey@1.0.0.json: its name says 0002-fvey@1.0.0.json, its content {E1}: renamed or "
        "reordered"]


def test_an_entry_edited_by_hand_is_named(root: Path) -> None:
    path = root / "releases" / E1
    path.write_text(json.dumps(json.loads(path.read_bytes()), indent=2) + "\n")
    problems = _problems(root)
    assert problems[0] == (f"criteria/releases/{E1}: expected the canonical form 'roadmap criteria release' writes "
                           "(one line of compact JSON, keys sorted, and a newline), found other bytes: edited by hand")
    assert problems[1].startswith(f"criteria/releases/{E2}: its back-link expects {E1} to be sha256:")
    assert problems[1].endswith(": that entry was changed after this one was written")


def test_an_entry_rewritten_in_canonical_form_breaks_the_next_back_link(root: Path) -> None:
    path = root / "releases" / E1
    data = json.loads(path.read_bytes())
    data["criteria"]["PHY-01"] = "sha256:" + "0" * 64
    path.write_bytes(json.dumps(data, sort_keys=True, separators=(",", ":")).encode() + b"\n")
    (problem,) = _problems(root)
    assert problem.startswith(f"criteria/releases/{E2}: its back-link expects {E1} to be sha256:")


@pytest.mark.parametrize(("cut", "found"), [(100, "text that is not JSON at column 101"), (0, "an empty file")])
def test_a_truncated_entry_is_named(root: Path, cut: int, found: str) -> None:
    path = root / "releases" / LAST
    path.write_bytes(path.read_bytes()[:cut])
    assert _problems(root) == [f"criteria/releases/{LAST}: expected one line of JSON, found {found} "
                               "(truncated, or edited by hand)"]


def test_an_entry_of_the_wrong_shape_is_named(root: Path) -> None:
    path = root / "releases" / LAST
    data = json.loads(path.read_bytes())
    del data["signatories"]["partner"]
    path.write_bytes(json.dumps(data, sort_keys=True, separators=(",", ":")).encode() + b"\n")
    assert _problems(root)[0] == (f"criteria/releases/{LAST}: signatories: expected at least one principal for the "
                                  "host and one for the partner, found none for partner (1 problem; edited by hand?)")


def test_a_stray_file_and_an_orphan_signature_are_named(root: Path) -> None:
    (root / "releases" / "notes.txt").write_text("hello\n")
    shutil.copyfile(root / "releases" / f"{E1}.{HOST}.sig", root / "releases" / f"0009-fvey@9.0.0.json.{HOST}.sig")
    assert _problems(root) == [
        "criteria/releases/notes.txt: not a release entry or signature: expected NNNN-<id>@<version>[-<language>].json "
        "or NNNN-<id>@<version>[-<language>].json.<principal>.sig",
        f"criteria/releases/0009-fvey@9.0.0.json.{HOST}.sig: a signature of 0009-fvey@9.0.0.json, which is not in the "
        "log"]


def test_dates_never_go_back(root: Path) -> None:
    path = root / "releases" / LAST
    data = json.loads(path.read_bytes())
    data["released"] = "2020-01-01"
    path.write_bytes(json.dumps(data, sort_keys=True, separators=(",", ":")).encode() + b"\n")
    assert _problems(root) == [f"criteria/releases/{LAST}: released 2020-01-01, before the entry before it "
                               "(2026-12-06): entries are appended in date order"]
