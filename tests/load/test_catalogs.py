"""Catalog loading, content rules for the bundled catalog, and the frozen-release lock."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap.errors import InputError
from roadmap.load.catalogs import criteria_root, load_catalog, read_lock, verify
from tests.conftest import REPO, run, write_mini_catalog


@pytest.fixture(scope="module")
def fvey():  # type: ignore[no-untyped-def]
    return load_catalog(criteria_root(), "fvey", "1.0.0")


def test_bundled_catalog_is_real_content(fvey) -> None:  # type: ignore[no-untyped-def]
    assert len(fvey.criteria) >= 70
    per_domain = Counter(fvey.domain_of.values())
    assert set(per_domain) == {"physical", "personnel", "communications", "cyber", "governance"}
    assert min(per_domain.values()) >= 12
    for c in fvey.criteria:
        assert c.references and c.rationale and c.remediation and c.statement, c.id
        for tier, target in c.targets.items():
            assert target.basis.strip(), f"{c.id} {tier} has no basis"
            assert target.basis.startswith("design") or len(target.basis) > 6, f"{c.id} {tier}: {target.basis}"


@pytest.mark.parametrize("tag", ["essay:classification-standard", "essay:personnel-vetting",
                                 "essay:cyber-all-networks", "essay:cyber-response-centre"])
def test_each_essay_gap_is_covered_by_two_criteria(fvey, tag: str) -> None:  # type: ignore[no-untyped-def]
    assert sum(tag in c.tags for c in fvey.criteria) >= 2


def test_catalog_has_four_tiers_and_reciprocity_model(fvey) -> None:  # type: ignore[no-untyped-def]
    assert fvey.tier_ids == ["T1", "T2", "T3", "T4"]
    assert {d.id for d in fvey.meta.reciprocity.disciplines} >= {"HUMINT", "SIGINT", "GEOINT", "MASINT",
                                                                 "OSINT", "CTI"}
    assert [lv.id for lv in fvey.meta.reciprocity.levels] == ["L0", "L1", "L2", "L3", "L4", "L5"]
    assert set(fvey.meta.reciprocity.host_commitments) == {"T0", "T1", "T2", "T3", "T4"}


def test_bundled_lock_matches(runner: CliRunner) -> None:
    result = run(runner, ["criteria", "verify"])
    assert result.exit_code == 0, result.output
    assert "fvey@1.0.0" in result.output
    assert "fvey@1.0.0" in read_lock(criteria_root())


def _copy_bundled(tmp_path: Path) -> Path:
    root = tmp_path / "criteria"
    shutil.copytree(criteria_root(), root)
    return root


def test_editing_a_released_version_is_caught(tmp_path: Path, runner: CliRunner) -> None:
    root = _copy_bundled(tmp_path)
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
    root = _copy_bundled(tmp_path)
    edited = root / "fvey" / "1.0.0" / "personnel.yaml"
    edited.write_text(edited.read_text().replace("T3: {value: 114,", "T3: {value: 90,", 1))
    broken = root / "fvey" / "1.1.0" / "physical.yaml"
    broken.write_text("bogus_key: 1\n" + broken.read_text())
    result = run(runner, ["--criteria", str(root), "criteria", "verify"])
    assert result.exit_code == 2, result.output  # a catalog that cannot be read: bad input
    assert "fvey@1.0.0: released content was edited: changed PER-12" in result.output  # and the edit, too
    assert "physical.yaml:1:1: bogus_key: unknown key 'bogus_key'" in result.output


def test_comment_and_layout_changes_are_not_content_changes(tmp_path: Path) -> None:
    root = _copy_bundled(tmp_path)
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


def test_catalog_errors_point_at_their_file(tmp_path: Path) -> None:
    root = write_mini_catalog(tmp_path / "c")
    alpha = root / "mini" / "1.0.0" / "alpha.yaml"
    text = alpha.read_text()
    text = text.replace("weight: 2", "weight: 9", 1).replace("T2: {value: 80,", "T2: {value: 40,", 1)
    alpha.write_text(text)
    with pytest.raises(InputError) as info:
        load_catalog(root, "mini", "1.0.0")
    lines = [str(p).split("mini/1.0.0/")[-1] for p in info.value.problems]
    assert lines == ["alpha.yaml:29:13: criteria[ALP-02].weight: expected a number <= 5, found the number 9"]
    alpha.write_text(text.replace("weight: 9", "weight: 2"))
    with pytest.raises(InputError) as info:
        load_catalog(root, "mini", "1.0.0")
    lines = [str(p).split("mini/1.0.0/")[-1] for p in info.value.problems]
    assert lines == ["alpha.yaml:33:19: criteria[ALP-02].targets.T2.value: expected a target at least as "
                     "strict as T1's (50), found 40"]


def test_verify_shows_the_changed_criterions_own_digests(tmp_path: Path, runner: CliRunner) -> None:
    root = _copy_bundled(tmp_path)
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


def test_a_file_that_fails_does_not_make_renames_to_its_criteria_fail(tmp_path: Path,
                                                                      runner: CliRunner,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root = _copy_bundled(tmp_path)
    f = root / "fvey" / "1.1.0" / "cyber.yaml"
    lines = f.read_text().splitlines(keepends=True)
    assert lines[18].strip() == "weight: 5" and "renamed: {CYB-19: CYB-05b}" in (f.parent / "catalog.yaml").read_text()
    lines[18] = lines[18].replace("weight: 5", "weight: 6")
    f.write_text("".join(lines))
    monkeypatch.chdir(tmp_path)
    result = run(runner, ["--criteria", "criteria", "criteria", "verify"])
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        "criteria/fvey/1.1.0/cyber.yaml:19:13: criteria[CYB-01].weight: expected a number <= 5, found the number 6",
        "1 problem in 1 file",
    ]


def test_renamed_to_a_missing_id_is_still_reported_and_problems_are_sorted(tmp_path: Path) -> None:
    root = write_mini_catalog(tmp_path / "c")
    folder = root / "mini" / "1.0.0"
    meta = folder / "catalog.yaml"
    meta.write_text(meta.read_text().replace("changes: [first]", "changes: [first]\n    renamed: {ALP-09: ALP-99}")
                    .replace("files: [alpha.yaml, beta.yaml]", "files: [beta.yaml, alpha.yaml]"))
    for name in ("alpha.yaml", "beta.yaml"):
        (folder / name).write_text((folder / name).read_text().replace("weight: 2", "weight: 9", 1))
    with pytest.raises(InputError) as info:
        load_catalog(root, "mini", "1.0.0")
    lines = [str(p).split("mini/1.0.0/")[-1] for p in info.value.problems]
    assert lines == [
        "alpha.yaml:29:13: criteria[ALP-02].weight: expected a number <= 5, found the number 9",
        "beta.yaml:8:13: criteria[BET-01].weight: expected a number <= 5, found the number 9",
        "catalog.yaml:10:23: changelog[0].renamed.ALP-09: renamed to ALP-99, which is not a criterion of this version",
    ]


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


def test_a_domain_without_criteria_is_refused(tmp_path: Path) -> None:
    """It would reach no tier and hold the overall tier at none for every assessment."""
    root = write_mini_catalog(tmp_path / "criteria")
    meta = root / "mini" / "1.0.0" / "catalog.yaml"
    meta.write_text(meta.read_text().replace(
        "  - {id: beta, prefix: BET, name: Beta, description: second domain}\n",
        "  - {id: beta, prefix: BET, name: Beta, description: second domain}\n"
        "  - {id: gamma, prefix: GAM, name: Gamma, description: declared but in no file}\n"))
    with pytest.raises(InputError) as err:
        load_catalog(root, "mini", "1.0.0", check_release=False)
    [problem] = err.value.problems
    assert (problem.line, problem.col) == (17, 5)
    assert str(problem).endswith("catalog.yaml:17:5: domains[gamma]: domain gamma has no criteria: list the file "
                                 "that holds them under files, or remove the domain")
