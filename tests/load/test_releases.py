"""`roadmap.load.releases`: `criteria verify` checks the whole release log, `criteria release` appends
an entry, `criteria sign` signs one; released catalog versions stay frozen and signed by both sides.
With the real CLI and the real ssh-keygen."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap.load.catalogs import load_catalog
from roadmap.load.digests import sha256
from roadmap.load.profiles import profile_digest
from roadmap.load.releaselog import read_log
from roadmap.load.releases import verify
from roadmap.load.trust import STRICT
from tests.conftest import HOST, PARTNER, REPO, release_mini, run, write_duo_catalog, write_mini_catalog
from tests.load import copy_bundled

ENTRY1, ENTRY2 = "0001-fvey@1.0.0.json", "0002-fvey@1.1.0.json"
#: The digests of the two releases as the release lock recorded them before the log: every pinned
#: digest and golden output depends on them staying exactly these.
LOCKED = {"fvey@1.0.0": "sha256:c0d6a24cc1d31f35daba8a208764fcb350d8057c9231ffde275faeced6ed9f88",
          "fvey@1.1.0": "sha256:a077b245ad6adf86f9e8c7a74616871186e2297d87af62517ed07a4acb7006f4"}
#: The Japan profile of fvey 2.0.0 as released.
REPO_PROFILE_DIGEST = "sha256:61bc8d3b8e3545c77e3758724d43f0a666e9a4e0dbd00ccdbc94a700736da2be"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages name files relative to the current folder: the test's own."""
    monkeypatch.chdir(tmp_path)


def rel(path: Path) -> str:
    return os.path.relpath(path)


def _entries(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "releases").iterdir())


def test_bundled_log_is_in_force_and_keeps_the_locked_digests(runner: CliRunner,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = run(runner, ["criteria", "verify"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"criteria/releases/{ENTRY1}: fvey@1.0.0 in force: signed by host {HOST} (ED25519 key "
                               "SHA256:")
    assert f", partner {PARTNER} (ED25519 key SHA256:" in lines[0]
    assert lines[-1].startswith("ok: 10 release entries chained; head 0010-fvey@1.3.0-ja.json (sha256:")
    assert lines[-1].endswith("in force: fvey@1.0.0, fvey@1.1.0, fvey@1.0.0-ja, fvey@1.1.0-ja, fvey@1.2.0, fvey@2.0.0, "
                              "fvey@1.3.0, fvey@2.0.0-ja, fvey@1.2.0-ja, fvey@1.3.0-ja")
    log = read_log(REPO / "criteria")
    for ref, digest in LOCKED.items():
        entry = log.catalog_entry(ref)
        assert entry is not None and entry.body.digest == digest
        cid, version = ref.split("@")
        catalog = load_catalog(REPO / "criteria", cid, version)
        assert catalog.digest == digest and dict(catalog.criterion_digests) == entry.body.criteria


def test_editing_a_released_version_is_caught(tmp_path: Path, runner: CliRunner) -> None:
    root = copy_bundled(tmp_path)
    f = root / "fvey" / "1.0.0" / "personnel.yaml"
    text = f.read_text()
    assert "T3: {value: 114," in text
    f.write_text(text.replace("T3: {value: 114,", "T3: {value: 90,", 1))
    result = run(runner, ["--criteria", str(root), "criteria", "verify"])
    assert result.exit_code == 1, result.output
    assert "fvey@1.0.0: released content was edited: changed PER-12" in result.output
    assert "released versions are frozen" in result.output
    # every other command refuses to use the edited release, in one line naming it
    example = REPO / "examples" / "japan-2025.yaml"
    result = run(runner, ["--criteria", str(root), "score", str(example)])
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        f"{rel(root / 'fvey' / '1.0.0')}: fvey@1.0.0 was edited after its release: its content no longer matches its "
        f"release entry {rel(root / 'releases' / ENTRY1)} (roadmap criteria verify names the changes); released "
        "versions are frozen, put changes in a new version", "1 problem in 1 file"]
    result = run(runner, ["--criteria", str(root), "criteria", "show", "PER-12", "--catalog", "fvey@1.0.0"])
    assert result.exit_code == 2, result.output
    # --allow-unsigned is for signatures, never for an edit
    result = run(runner, ["--criteria", str(root), "score", "--allow-unsigned", str(example)])
    assert result.exit_code == 2, result.output


ENTRY6 = "0006-fvey@2.0.0.json"


def test_a_release_records_the_digests_of_its_partner_profiles() -> None:
    log = read_log(REPO / "criteria")
    v2 = log.catalog_entry("fvey@2.0.0")
    assert v2 is not None and v2.file == ENTRY6
    assert v2.body.profiles == {"japan": profile_digest(REPO / "criteria" / "fvey" / "2.0.0", "japan")}
    assert "profiles/japan.yaml" in v2.body.files  # and its bytes, as every file of the version
    for ref in ("fvey@1.0.0", "fvey@1.1.0", "fvey@1.2.0"):  # no profiles: no key, the entries as before
        entry = log.catalog_entry(ref)
        assert entry is not None and entry.body.profiles is None and b'"profiles"' not in entry.data


def test_an_edited_profile_of_a_release_is_refused_like_an_edited_criterion(tmp_path: Path,
                                                                           runner: CliRunner) -> None:
    root = copy_bundled(tmp_path)
    profile = root / "fvey" / "2.0.0" / "profiles" / "japan.yaml"
    text = profile.read_text()
    assert text.count("multiplies shared spaces.") == 1
    profile.write_text(text.replace("multiplies shared spaces.", "multiplies shared spaces fourfold."))
    released, found = REPO_PROFILE_DIGEST, profile_digest(profile.parent.parent, "japan")
    line = (f"{rel(profile)}: fvey@2.0.0 was edited after its release: its partner profile japan no longer matches its "
            f"release entry {rel(root / 'releases' / ENTRY6)} (expected {released}, found {found}); released versions "
            "are frozen, put changes in a new version")
    result = run(runner, ["--criteria", str(root), "criteria", "verify"])
    assert result.exit_code == 1, result.output
    assert line in result.stdout.splitlines()
    # every command refuses the version, whether or not it names the profile
    example = tmp_path / "japan-2027.yaml"
    for name in ("japan-2027.yaml", "japan-2027.yaml.assessor.sig", "japan-2027.yaml.reviewer.sig"):
        shutil.copyfile(REPO / "examples" / name, tmp_path / name)
    for args in (["validate", str(example)], ["criteria", "show", "PHY-01", "--catalog", "fvey@2.0.0", "--profile",
                                               "japan"], ["criteria", "list", "--catalog", "fvey@2.0.0"],
                 ["score", "--allow-unsigned", str(example)]):
        result = run(runner, ["--criteria", str(root), *args])
        assert (result.exit_code, result.stderr.splitlines(), result.stdout) == (2, [line, "1 problem in 1 file"], "")
    # a comment is no change of content, but no longer the released bytes either
    profile.write_text("# a new comment\n" + text)
    (finding,) = verify(root, STRICT).findings
    assert finding.startswith(f"{rel(profile)}: fvey@2.0.0 refused: this file differs from its release entry {ENTRY6}")
    assert finding.endswith("; the criteria are unchanged (comments or layout): restore the released bytes")


def test_release_checks_the_profiles_and_records_them(tmp_path: Path, runner: CliRunner, keys: dict[str, Path]) -> None:
    root = write_duo_catalog(tmp_path / "c")
    shutil.copyfile(REPO / "criteria" / "allowed_signers", root / "allowed_signers")
    meta = root / "duo" / "1.0.0" / "catalog.yaml"
    meta.write_text(meta.read_text().replace("status: draft", "status: released\nreleased: 2026-01-02"))
    profile = root / "duo" / "1.0.0" / "profiles" / "testland.yaml"
    good = profile.read_text()
    profile.write_text(good.replace("ALP-01:", "ALP-09:", 1))
    c, sign = ["--criteria", str(root)], ["--signatory", f"host={HOST}", "--signatory", f"partner={PARTNER}"]
    result = run(runner, [*c, "criteria", "release", "duo@1.0.0", *sign])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{rel(profile)}:7:3: criteria.ALP-09: unknown criterion id ALP-09 in "
                                          "duo@1.0.0; did you mean ALP-02?", "1 problem in 1 file"]
    assert not (root / "releases").exists()  # nothing written
    profile.write_text(good)
    result = run(runner, [*c, "criteria", "release", "duo@1.0.0", *sign])
    assert result.exit_code == 0, result.output
    entry = read_log(root).catalog_entry("duo@1.0.0")
    assert entry is not None and entry.body.profiles == {"testland": profile_digest(profile.parent.parent, "testland")}
    for role in ("host", "partner"):
        assert run(runner, [*c, "criteria", "sign", "duo@1.0.0", "--key", str(keys[role])]).exit_code == 0
    result = run(runner, ["criteria", "verify", *c])
    assert result.exit_code == 0, result.output
    assert f"{root}: ok: 1 release entry chained; head 0001-duo@1.0.0.json (sha256:" in result.stdout
    profile.write_text(good.replace("one level", "two levels"))
    result = run(runner, [*c, "criteria", "show", "ALP-01", "--catalog", "duo", "--profile", "testland"])
    assert result.exit_code == 2
    assert "duo@1.0.0 was edited after its release: its partner profile testland no longer matches" in result.stderr


def test_an_edit_is_still_named_when_another_version_fails_to_load(tmp_path: Path, runner: CliRunner) -> None:
    root = copy_bundled(tmp_path)
    edited = root / "fvey" / "1.0.0" / "personnel.yaml"
    edited.write_text(edited.read_text().replace("T3: {value: 114,", "T3: {value: 90,", 1))
    broken = root / "fvey" / "1.1.0" / "physical.yaml"
    broken.write_text("bogus_key: 1\n" + broken.read_text())
    result = run(runner, ["--criteria", str(root), "criteria", "verify"])
    assert result.exit_code == 2, result.output  # a catalog that cannot be read: bad input
    assert "fvey@1.0.0: released content was edited: changed PER-12" in result.output  # and the edit, too
    assert "physical.yaml:1:1: bogus_key: unknown key 'bogus_key'" in result.output


def test_comment_and_layout_changes_are_named_by_file(tmp_path: Path, runner: CliRunner) -> None:
    # The files are what both sides signed, and what `sha256sum -c` checks: a new comment changes no
    # criterion, but it is no longer the released file.
    root = copy_bundled(tmp_path)
    f = root / "fvey" / "1.0.0" / "cyber.yaml"
    f.write_text("# a new comment\n" + f.read_text())
    (finding,) = verify(root, STRICT).findings
    assert finding.startswith(f"{rel(f)}: fvey@1.0.0 refused: this file differs from its release entry {ENTRY1} "
                              "(expected sha256:")
    assert finding.endswith("; the criteria are unchanged (comments or layout): restore the released bytes")
    result = run(runner, ["--criteria", str(root), "criteria", "list", "--catalog", "fvey@1.0.0"])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"{rel(f)}: fvey@1.0.0 refused: this file differs from its release entry {ENTRY1}")


def test_verify_shows_the_changed_criterions_own_digests(tmp_path: Path, runner: CliRunner) -> None:
    root = copy_bundled(tmp_path)
    f = root / "fvey" / "1.0.0" / "cyber.yaml"
    lines = f.read_text().splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip() == "- id: CYB-03")
    w = next(i for i in range(at, len(lines)) if lines[i].strip().startswith("weight:"))
    assert lines[w].strip() == "weight: 3"
    lines[w] = lines[w].replace("weight: 3", "weight: 2")
    f.write_text("".join(lines))
    entry = read_log(root).catalog_entry("fvey@1.0.0")
    assert entry is not None and entry.body.criteria is not None
    released = entry.body.criteria["CYB-03"]
    assert released.startswith("sha256:1788f81b")  # CYB-03's own digest, not the catalog's
    now = load_catalog(root, "fvey", "1.0.0", check_release=False).criterion_digests["CYB-03"]
    result = run(runner, ["--criteria", str(root), "criteria", "verify"])
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[10:] == [
        f"fvey@1.0.0: released content was edited: changed CYB-03 (expected {released}, found {now}); "
        "released versions are frozen: revert the edit and put it in a new version",
        f"keys: {rel(root / 'allowed_signers')}, the criteria folder's own copy: this shows that the folder agrees "
        "with itself; to check it against the keys you trust, give your own copy (--allowed-signers FILE)"]


def test_verify_reports_every_broken_catalog(tmp_path: Path, runner: CliRunner,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_mini_catalog(tmp_path / "c")
    v11 = root / "mini" / "1.1.0"
    shutil.copytree(root / "mini" / "1.0.0", v11)
    meta = v11 / "catalog.yaml"
    meta.write_text(meta.read_text().replace('"1.0.0"', '"1.1.0"'))
    for folder in (root / "mini" / "1.0.0", v11):
        beta = folder / "beta.yaml"
        beta.write_text(beta.read_text().replace("weight: 2", "weight: 9", 1))
    monkeypatch.chdir(tmp_path)
    result = run(runner, ["--criteria", "c", "criteria", "verify"])
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        "c/mini/1.0.0/beta.yaml:8:13: criteria[BET-01].weight: expected a number <= 5, found the number 9",
        "c/mini/1.1.0/beta.yaml:8:13: criteria[BET-01].weight: expected a number <= 5, found the number 9",
        "2 problems in 2 files",
    ]


# -- release ---------------------------------------------------------------------------------------


def test_release_refuses_drafts_and_rereleases(tmp_path: Path, runner: CliRunner, keys: dict[str, Path]) -> None:
    root = write_mini_catalog(tmp_path / "c")
    result = run(runner, ["--criteria", str(root), "criteria", "release", "mini@1.0.0"])
    assert result.exit_code == 2
    assert "set 'status: released' and 'released: YYYY-MM-DD'" in result.output
    meta = root / "mini" / "1.0.0" / "catalog.yaml"
    meta.write_text(meta.read_text().replace("status: draft", "status: released\nreleased: 2026-01-02"))
    result = run(runner, ["--criteria", str(root), "criteria", "release", "mini@1.0.0"])
    assert result.exit_code == 2
    assert result.stderr == ("error: mini@1.0.0: name who must sign its release: 'signatories:' in its catalog.yaml, "
                             "or --signatory host=PRINCIPAL --signatory partner=PRINCIPAL\n")
    result = run(runner, ["--criteria", str(root), "criteria", "release", "mini@1.0.0", "--signatory", f"host={HOST}"])
    assert result.exit_code == 2
    assert result.stderr == ("error: --signatory: expected at least one principal for the host and one for the "
                             "partner, found none for partner\n")
    assert not (root / "releases").exists()  # nothing written
    result = run(runner, ["--criteria", str(root), "criteria", "release", "mini@1.0.0",
                          "--signatory", f"host={HOST}", "--signatory", f"partner={PARTNER}"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"released mini@1.0.0 as {rel(root / 'releases' / '0001-mini@1.0.0.json')}: 6 criteria, "
        f"{load_catalog(root, 'mini', '1.0.0', check_release=False).digest}",
        f"not in force until signed by host {HOST}, partner {PARTNER} (roadmap criteria sign mini@1.0.0 --key KEY)"]
    entry = json.loads((root / "releases" / "0001-mini@1.0.0.json").read_bytes())
    assert entry["previous"] is None and entry["seq"] == 1 and entry["released"] == "2026-01-02"
    assert sorted(entry["files"]) == ["alpha.yaml", "beta.yaml", "catalog.yaml"]
    assert entry["signatories"] == {"host": [HOST], "partner": [PARTNER]}
    result = run(runner, ["--criteria", str(root), "criteria", "release", "mini@1.0.0"])
    assert result.exit_code == 2
    assert result.stderr == ("error: mini@1.0.0 was released before (0001-mini@1.0.0.json); released versions are "
                             "frozen, make a new version\n")


def test_a_catalog_names_its_signatories(tmp_path: Path, runner: CliRunner) -> None:
    root = write_mini_catalog(tmp_path / "c")
    meta = root / "mini" / "1.0.0" / "catalog.yaml"
    meta.write_text(meta.read_text().replace("status: draft", "status: released\nreleased: 2026-01-02\n"
                                             "signatories:\n  host: [alice@state.example]\n"
                                             "  partner: [taro@mofa.example, hanako@cas.example]"))
    result = run(runner, ["--criteria", str(root), "criteria", "release", "mini@1.0.0", "--signatory", "host=x"])
    assert result.exit_code == 2
    assert "its catalog.yaml names the signatories" in result.stderr
    result = run(runner, ["--criteria", str(root), "criteria", "release", "mini@1.0.0"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == ("not in force until signed by host alice@state.example, partner "
                                             "taro@mofa.example, partner hanako@cas.example (roadmap criteria sign "
                                             "mini@1.0.0 --key KEY)")


def test_signatories_need_both_sides(tmp_path: Path, runner: CliRunner) -> None:
    root = write_mini_catalog(tmp_path / "c")
    meta = root / "mini" / "1.0.0" / "catalog.yaml"
    meta.write_text(meta.read_text() + "signatories:\n  host: [alice@state.example]\n")
    result = run(runner, ["--criteria", str(root), "criteria", "list", "--catalog", "mini"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].endswith(
        "signatories: expected at least one principal for the host and one for the partner, found none for partner")


def test_a_deleted_entry_can_never_be_released_again(tmp_path: Path, runner: CliRunner) -> None:
    # The issue's four steps: delete fvey@1.0.0's entry, move a goalpost, score, release again.
    root = copy_bundled(tmp_path)
    (root / "releases" / ENTRY1).unlink()
    physical = root / "fvey" / "1.0.0" / "physical.yaml"
    text = physical.read_text()
    assert "T1: {value: ministry-specific," in text
    physical.write_text(text.replace("T1: {value: ministry-specific,", "T1: {value: national,", 1))
    before = _entries(root)
    broken = (f"{rel(root / 'releases' / ENTRY2)}: fvey@1.0.0 refused: the release log is broken: its back-link names "
              f"{ENTRY1} (sha256:")
    example = tmp_path / "japan-2025.yaml"
    shutil.copyfile(REPO / "examples" / "japan-2025.yaml", example)
    # an example without its pinned digest, as it was when the issue was filed
    example.write_text("".join(line for line in example.read_text().splitlines(keepends=True)
                               if not line.startswith("catalog_digest:")))
    for args in (["score", str(example)], ["score", "--allow-unsigned", str(example)], ["validate", str(example)]):
        result = run(runner, ["--criteria", str(root), *args])
        assert result.exit_code == 2, result.output  # step 3: refused, whatever the flags
        assert result.stdout == ""
        (line, _total) = result.stderr.splitlines()
        assert line.startswith(broken) and line.endswith("which is missing: an entry was removed from the log")
    result = run(runner, ["--criteria", str(root), "criteria", "release", "fvey@1.0.0"])  # step 4
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines()[0].startswith(
        f"{rel(root / 'releases' / ENTRY2)}: will not release fvey@1.0.0: the release log is broken: its back-link "
        f"names {ENTRY1}")
    assert _entries(root) == before  # nothing written
    result = run(runner, ["--criteria", str(root), "criteria", "verify"])
    assert result.exit_code == 1
    assert "fvey@1.0.0: marked released but not in the release log" in result.stdout


def test_a_translation_is_released_and_superseded(tmp_path: Path, runner: CliRunner, keys: dict[str, Path]) -> None:
    root = copy_bundled(tmp_path)
    ja = root / "fvey" / "1.0.0" / "i18n" / "ja.yaml"
    ja.write_text(ja.read_text() + "\n# a corrected translation\n")
    result = run(runner, ["--criteria", str(root), "criteria", "verify"])
    assert result.exit_code == 1
    assert f"{rel(ja)}: fvey@1.0.0-ja refused: this file differs from its release entry 0003-fvey@1.0.0-ja.json" in \
        result.stdout
    result = run(runner, ["--criteria", str(root), "criteria", "release", "fvey@1.0.0", "--translation", "ja"])
    assert result.exit_code == 0, result.output
    entry = rel(root / "releases" / "0011-fvey@1.0.0-ja.json")
    assert result.stdout.splitlines()[0] == f"released fvey@1.0.0-ja as {entry}: translation ja, 1 file"
    for role in ("host", "partner"):
        result = run(runner, ["--criteria", str(root), "criteria", "sign", "fvey@1.0.0", "--translation", "ja",
                              "--key", str(keys[role])])
        assert result.exit_code == 0, result.output
    result = run(runner, ["--criteria", str(root), "criteria", "verify"])
    assert result.exit_code == 0, result.output
    assert "0003-fvey@1.0.0-ja.json: fvey@1.0.0-ja in force" in result.stdout
    assert "(superseded by a later entry of fvey@1.0.0-ja)" in result.stdout
    result = run(runner, ["--criteria", str(root), "criteria", "release", "fvey@1.0.0", "--translation", "ja"])
    assert result.exit_code == 2
    assert result.stderr == "error: fvey@1.0.0-ja is released already, unchanged, in 0011-fvey@1.0.0-ja.json\n"


def test_an_unreleased_translation_of_a_release_is_named(tmp_path: Path) -> None:
    root = copy_bundled(tmp_path)
    fr = root / "fvey" / "1.1.0" / "i18n" / "fr.yaml"
    fr.write_text("translates: fvey@1.1.0\n")
    assert verify(root, STRICT).findings == [
        f"{rel(fr)}: fvey@1.1.0: a translation with no release entry, so it could change silently; release it: "
        "roadmap criteria release fvey@1.1.0 --translation fr"]


def test_released_but_unlogged_version_is_reported(tmp_path: Path) -> None:
    root = write_mini_catalog(tmp_path / "c")
    meta = root / "mini" / "1.0.0" / "catalog.yaml"
    meta.write_text(meta.read_text().replace("status: draft", "status: released\nreleased: 2026-01-02"))
    result = verify(root, STRICT)
    assert result.findings == [f"mini@1.0.0: marked released but not in the release log ({rel(root / 'releases')}); "
                               "run 'roadmap criteria release mini@1.0.0'"]


# -- sign ------------------------------------------------------------------------------------------


def test_a_release_is_in_force_once_both_sides_sign(tmp_path: Path, runner: CliRunner, keys: dict[str, Path]) -> None:
    root = release_mini(write_mini_catalog(tmp_path / "c"), keys, sign=())
    c = ["--criteria", str(root)]
    result = run(runner, [*c, "criteria", "sign", "mini@1.0.0", "--key", str(keys["host"])])
    assert result.exit_code == 0, result.output
    out = result.stdout.splitlines()
    assert out[0].startswith(f"signed mini@1.0.0 (0001-mini@1.0.0.json) as host {HOST} (ED25519 key SHA256:")
    assert out[0].endswith(f"; wrote {rel(root / 'releases' / '0001-mini@1.0.0.json')}.{HOST}.sig")
    assert out[1] == (f"mini@1.0.0 is not in force yet: partner {PARTNER} has not signed "
                      f"(no 0001-mini@1.0.0.json.{PARTNER}.sig)")
    result = run(runner, [*c, "criteria", "verify"])
    assert result.exit_code == 1
    result = run(runner, [*c, "criteria", "sign", "mini@1.0.0", "--key", str(keys["partner"])])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == f"mini@1.0.0 is in force: signed by host {HOST}, partner {PARTNER}"
    result = run(runner, [*c, "criteria", "sign", "mini@1.0.0", "--key", str(keys["partner"])])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"already signed mini@1.0.0 (0001-mini@1.0.0.json) as partner {PARTNER}")
    result = run(runner, [*c, "criteria", "verify"])
    assert result.exit_code == 0, result.output


def test_sign_refuses_a_key_no_signatory_may_use(tmp_path: Path, runner: CliRunner, keys: dict[str, Path]) -> None:
    root = release_mini(write_mini_catalog(tmp_path / "c"), keys, sign=())
    c = ["--criteria", str(root)]
    before = _entries(root)
    result = run(runner, [*c, "criteria", "sign", "mini@1.0.0", "--key", str(keys["assessor"])])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: will not sign mini@1.0.0: the key is allowed for none of the signatories of mini@1.0.0 (host {HOST}, "
        f"partner {PARTNER}) in {rel(root / 'allowed_signers')}; nothing written\n")
    result = run(runner, [*c, "criteria", "sign", "mini@1.0.0", "--key", str(keys["host"]), "--principal", PARTNER])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: will not sign mini@1.0.0: not an allowed signer for '{PARTNER}': "
                                    "ED25519 key SHA256:")
    assert result.stderr.endswith(f"is listed for {HOST} ({rel(root / 'allowed_signers')}:7); nothing written\n")
    result = run(runner, [*c, "criteria", "sign", "mini@1.0.0", "--key", str(keys["host"]), "--principal", "x@y"])
    assert result.exit_code == 2
    assert result.stderr == f"error: x@y is not a signatory of mini@1.0.0 (host {HOST}, partner {PARTNER})\n"
    result = run(runner, [*c, "criteria", "sign", "mini@9.9.9", "--key", str(keys["host"])])
    assert result.exit_code == 2
    assert result.stderr == (f"error: mini@9.9.9 has no entry in the release log ({rel(root / 'releases')}): release "
                             "it first\n")
    assert _entries(root) == before


def test_verify_names_a_bad_allowed_signers_file_and_a_stray_signer(tmp_path: Path, runner: CliRunner,
                                                                  keys: dict[str, Path]) -> None:
    root = copy_bundled(tmp_path)
    extra = root / "releases" / f"{ENTRY1}.someone@else.example.sig"
    shutil.copyfile(root / "releases" / f"{ENTRY1}.{HOST}.sig", extra)
    result = run(runner, ["--criteria", str(root), "criteria", "verify"])
    assert result.exit_code == 1
    assert (f"{rel(extra)}: fvey@1.0.0: a signature by someone@else.example, who is not among the entry's "
            f"signatories (host {HOST}, partner {PARTNER})") in result.stdout.splitlines()
    extra.unlink()
    signers = root / "allowed_signers"
    signers.write_text(signers.read_text() + "broken line\n")
    result = run(runner, ["--criteria", str(root), "criteria", "verify"])
    assert result.exit_code == 2  # unreadable input, after the findings it leads to
    assert result.stderr.splitlines() == [
        f"{rel(signers)}:12:8: expected options or a key type (ssh-ed25519, ecdsa-sha2-nistp256, ecdsa-sha2-nistp384, "
        "ecdsa-sha2-nistp521, ssh-rsa, sk-ssh-ed25519@openssh.com, sk-ecdsa-sha2-nistp256@openssh.com), found 'line'",
        "1 problem in 1 file"]
    assert "NOT in force" in result.stdout


# -- in Japanese -----------------------------------------------------------------------------------

HOST_KEY, PARTNER_KEY = ("ED25519 key SHA256:STYRSzm+t4M25TDQmxhFU9VADhQXkgkq4joe0VjItaA",
                         "ED25519 key SHA256:zWMNPr+own0koNfdqJaY6jNITco5KLhdzZZiCTwM0UQ")


def test_verify_in_japanese_on_the_bundled_log(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """The partner's officials check the released catalog in their own language: every line, the
    same files, digests, principals and refs."""
    monkeypatch.chdir(REPO)
    result = run(runner, ["criteria", "verify", "--lang", "ja"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (f"criteria/releases/{ENTRY1}: fvey@1.0.0は発効中：署名者 提供国 {HOST}（{HOST_KEY}）, "
                        f"パートナー国 {PARTNER}（{PARTNER_KEY}）")
    head = read_log(REPO / "criteria").head
    assert head is not None
    assert lines[-1] == (f"正常：10件のリリース記録の連鎖を確認。最新の記録 {head.file}（{head.sha256}）。発効中："
                         "fvey@1.0.0, fvey@1.1.0, fvey@1.0.0-ja, fvey@1.1.0-ja, fvey@1.2.0, fvey@2.0.0, fvey@1.3.0, "
                         "fvey@2.0.0-ja, fvey@1.2.0-ja, fvey@1.3.0-ja")
    assert len(lines) == 12 and all("は発効中：署名者 提供国 " in line for line in lines[:10])
    assert lines[10].startswith("鍵：criteria/allowed_signers（基準フォルダ自身の写し。")
    english = run(runner, ["criteria", "verify"]).stdout.splitlines()
    assert english[0].startswith(f"criteria/releases/{ENTRY1}: fvey@1.0.0 in force: signed by host {HOST}")


def test_verify_says_which_keys_it_checked_against(tmp_path: Path, runner: CliRunner,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """An "ok" against the folder's own allowed signers proves only that the folder agrees with
    itself: verify says so, and how to check against the keys one trusts; given a file, it names it."""
    monkeypatch.chdir(REPO)
    result = run(runner, ["criteria", "verify"])
    assert result.stdout.splitlines()[-2] == (
        "keys: criteria/allowed_signers, the criteria folder's own copy: this shows that the folder agrees with "
        "itself; to check it against the keys you trust, give your own copy (--allowed-signers FILE)")
    mine = tmp_path / "mine"
    mine.write_bytes((REPO / "criteria" / "allowed_signers").read_bytes())
    result = run(runner, ["criteria", "verify", "--allowed-signers", str(mine)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-2] == f"keys: {mine}"


def test_verify_in_japanese_names_an_edit_and_a_missing_signature(tmp_path: Path, runner: CliRunner) -> None:
    root = copy_bundled(tmp_path)
    personnel = root / "fvey" / "1.0.0" / "personnel.yaml"
    personnel.write_text(personnel.read_text().replace("T3: {value: 114,", "T3: {value: 90,", 1))
    cyber = root / "fvey" / "1.1.0" / "cyber.yaml"
    cyber.write_text("# a new comment\n" + cyber.read_text())
    (root / "releases" / f"{ENTRY2}.{PARTNER}.sig").unlink()
    entry = read_log(root).catalog_entry("fvey@1.0.0")
    assert entry is not None and entry.body.criteria is not None
    released = entry.body.criteria["PER-12"]
    now = load_catalog(root, "fvey", "1.0.0", check_release=False).criterion_digests["PER-12"]
    v11 = read_log(root).catalog_entry("fvey@1.1.0")
    assert v11 is not None
    cyber_released = v11.body.files["cyber.yaml"]
    cyber_now = sha256(cyber.read_bytes())
    result = run(runner, ["--criteria", str(root), "criteria", "verify", "--lang", "ja"])
    assert result.exit_code == 1, result.output
    entry2 = rel(root / "releases" / ENTRY2)
    assert result.stdout.splitlines()[1] == (
        f"{entry2}: fvey@1.1.0は発効していない：署名者 提供国 {HOST}（{HOST_KEY}）。パートナー国 {PARTNER}は署名して"
        f"いない（{ENTRY2}.{PARTNER}.sigがない）")
    assert result.stdout.splitlines()[10:] == [
        f"fvey@1.0.0：リリースされた内容が編集された：変更 PER-12（記録値 {released}、現在値 {now}）。リリースされた版"
        "は凍結されている：編集を元に戻し、新しい版に入れること",
        f"{entry2}: fvey@1.1.0：パートナー国 {PARTNER}は署名していない（{ENTRY2}.{PARTNER}.sigがない）",
        f"{rel(cyber)}: fvey@1.1.0は使用できない：このファイルはリリース記録{ENTRY2}と異なる（記録値 {cyber_released}、"
        f"現在値 {cyber_now}）。基準は変わっていない（コメント又は書式）：リリースされたバイト列に戻すこと",
        f"鍵：{rel(root / 'allowed_signers')}（基準フォルダ自身の写し。フォルダが自らと一致することを示すにとどまる。"
        "信頼する鍵に照らして確かめるには、自らの写しを指定すること（--allowed-signers FILE））"]
    # the exit line stays English, as every command's --fail-on-… line does
    assert result.stderr == "3 problems with released catalogs\n"


def test_verify_in_japanese_names_a_broken_chain_and_leaves_bad_input_english(tmp_path: Path,
                                                                             runner: CliRunner) -> None:
    root = copy_bundled(tmp_path)
    removed = read_log(root).catalog_entry("fvey@1.0.0")
    assert removed is not None
    (root / "releases" / ENTRY1).unlink()
    result = run(runner, ["--criteria", str(root), "criteria", "verify", "--lang", "ja"])
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert (f"{rel(root / 'releases' / ENTRY2)}: 前の記録として{ENTRY1}（{removed.sha256}）を参照しているが、それが"
            "ない：台帳から記録が削除された") in lines
    assert (f"fvey@1.0.0：リリース済みとされているが、リリース台帳（{rel(root / 'releases')}）にない。"
            "'roadmap criteria release fvey@1.0.0'を実行すること") in lines
    # a catalog that cannot be read is bad input: in English, as every command's (exit 2)
    broken = root / "fvey" / "1.1.0" / "physical.yaml"
    broken.write_text("bogus_key: 1\n" + broken.read_text())
    result = run(runner, ["--criteria", str(root), "criteria", "verify", "--lang", "ja"])
    assert result.exit_code == 2, result.output
    assert f"{rel(broken)}:1:1: bogus_key: unknown key 'bogus_key'" in result.stderr
