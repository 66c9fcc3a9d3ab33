"""The release lock (roadmap.load.lock) and what checks and adds to it (roadmap.load.releases): released
catalog versions stay frozen."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap.load.catalogs import criteria_root, load_catalog
from roadmap.load.lock import read_lock
from roadmap.load.releases import verify
from tests.conftest import REPO, run, write_mini_catalog
from tests.load import copy_bundled


def test_bundled_lock_matches(runner: CliRunner) -> None:
    result = run(runner, ["criteria", "verify"])
    assert result.exit_code == 0, result.output
    assert "fvey@1.0.0" in result.output
    assert "fvey@1.0.0" in read_lock(criteria_root())


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
    # every other command refuses to use the edited release
    example = REPO / "examples" / "japan-2025.yaml"
    result = run(runner, ["--criteria", str(root), "score", str(example)])
    assert result.exit_code == 2, result.output
    assert "fvey@1.0.0 was edited after its release: its content no longer matches releases.lock" in result.output
    result = run(runner, ["--criteria", str(root), "criteria", "show", "PER-12", "--catalog", "fvey@1.0.0"])
    assert result.exit_code == 2, result.output


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


def test_comment_and_layout_changes_are_not_content_changes(tmp_path: Path) -> None:
    root = copy_bundled(tmp_path)
    f = root / "fvey" / "1.0.0" / "cyber.yaml"
    f.write_text("# a new comment\n" + f.read_text())
    assert verify(root).ok


def test_release_refuses_drafts_and_rereleases(tmp_path: Path, runner: CliRunner) -> None:
    root = write_mini_catalog(tmp_path / "c")
    result = run(runner, ["--criteria", str(root), "criteria", "release", "mini@1.0.0"])
    assert result.exit_code == 2
    assert "set 'status: released' and 'released: YYYY-MM-DD'" in result.output
    meta = root / "mini" / "1.0.0" / "catalog.yaml"
    meta.write_text(meta.read_text().replace("status: draft", "status: released\nreleased: 2026-01-02"))
    result = run(runner, ["--criteria", str(root), "criteria", "release", "mini@1.0.0"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("released mini@1.0.0: 6 criteria, sha256:")
    assert "mini@1.0.0" in read_lock(root)
    result = run(runner, ["--criteria", str(root), "criteria", "release", "mini@1.0.0"])
    assert result.exit_code == 2
    assert "already released" in result.output


def test_released_but_unlocked_version_is_reported(tmp_path: Path) -> None:
    root = write_mini_catalog(tmp_path / "c")
    meta = root / "mini" / "1.0.0" / "catalog.yaml"
    meta.write_text(meta.read_text().replace("status: draft", "status: released\nreleased: 2026-01-02"))
    result = verify(root)
    assert result.findings == ["mini@1.0.0: marked released but not in releases.lock; "
                               "run 'roadmap criteria release mini@1.0.0'"]


def test_verify_shows_the_changed_criterions_own_digests(tmp_path: Path, runner: CliRunner) -> None:
    root = copy_bundled(tmp_path)
    f = root / "fvey" / "1.0.0" / "cyber.yaml"
    lines = f.read_text().splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip() == "- id: CYB-03")
    w = next(i for i in range(at, len(lines)) if lines[i].strip().startswith("weight:"))
    assert lines[w].strip() == "weight: 3"
    lines[w] = lines[w].replace("weight: 3", "weight: 2")
    f.write_text("".join(lines))
    locked = read_lock(root)["fvey@1.0.0"]["criteria"]["CYB-03"]
    assert locked.startswith("sha256:1788f81b")  # CYB-03's own digest, not the catalog's
    now = load_catalog(root, "fvey", "1.0.0", check_release=False).criterion_digests["CYB-03"]
    result = run(runner, ["--criteria", str(root), "criteria", "verify"])
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines() == [
        f"fvey@1.0.0: released content was edited: changed CYB-03 (expected {locked}, found {now}); "
        "released versions are frozen: revert the edit and put it in a new version"]


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
