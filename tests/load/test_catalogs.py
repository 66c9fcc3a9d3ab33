"""Catalog loading (roadmap.load.catalogs) and content rules for the bundled catalog."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap.errors import InputError
from roadmap.load.catalogs import criteria_root, load_catalog
from tests.conftest import run, write_mini_catalog
from tests.load import copy_bundled


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


def test_a_file_that_fails_does_not_make_renames_to_its_criteria_fail(tmp_path: Path,
                                                                      runner: CliRunner,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_bundled(tmp_path)
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
