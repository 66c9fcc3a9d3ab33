"""Catalogs with several measures per criterion, placeholders, framework controls, profiles and
capability items (roadmap/load/catalogs.py): each problem at its place; and where catalogs are read
from (a user's folder adds to the bundled ones)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from roadmap.errors import InputError
from roadmap.load.catalogs import Library, available_versions, catalog_ids, library, load_catalog, resolve_ref
from tests.conftest import REPO


def _problems(root: Path) -> list[str]:
    with pytest.raises(InputError) as exc:
        load_catalog(root, "duo", "1.0.0")
    return [str(p).split("1.0.0/")[1] for p in exc.value.problems]


def _edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / "duo" / "1.0.0" / name
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_the_duo_catalog_loads_with_its_shape(duo_root: Path) -> None:
    c = load_catalog(duo_root, "duo", "1.0.0")
    alp = c.by_id["ALP-01"]
    assert alp.multi and [m.id for m in alp.all_measures] == ["share", "hours"]
    assert not c.by_id["ALP-02"].multi and c.by_id["ALP-02"].all_measures[0].id == ""
    assert alp.controls is not None and alp.controls.by_framework() == {"nist-800-53": ("ia-2.1", "ac-2"),
                                                                       "ism": ("ISM-0810",)}
    assert c.meta.profile_names == ("testland",) and c.placeholders
    assert [cap.id for cap in c.meta.reciprocity.capabilities or ()] == ["CAP-01"]


def test_measure_targets_are_checked_per_measure(duo_root: Path) -> None:
    _edit(duo_root, "alpha.yaml", "T2: {value: 24, basis: design}", "T2: {value: 100, basis: design}")
    assert _problems(duo_root) == [
        "alpha.yaml:22:23: criteria[ALP-01].measures[hours].targets.T2.value: expected a target at least as strict as "
        "T1's (72), found 100"]


def test_one_measure_or_several_not_both(duo_root: Path) -> None:
    _edit(duo_root, "alpha.yaml", "    measures:\n", "    metric: {type: percentage}\n    measures:\n")
    assert _problems(duo_root)[0].endswith(
        "criteria[ALP-01]: give metric and targets (one measure) or measures (several), not both")


def test_measure_ids_are_distinct_and_shaped(duo_root: Path) -> None:
    _edit(duo_root, "alpha.yaml", "      - id: hours\n", "      - id: share\n")
    assert _problems(duo_root)[0].endswith(
        "criteria[ALP-01]: measure ids must be distinct within a criterion, found share twice")


def test_a_misspelt_placeholder_is_refused(duo_root: Path) -> None:
    _edit(duo_root, "alpha.yaml", '"{partner} should ask {host}."', '"{parnter} should ask {host}."')
    assert _problems(duo_root) == [
        "alpha.yaml:34:18: criteria[ALP-01].remediation: expected the placeholder {partner} or {host}, found "
        "'{parnter}'; did you mean {partner}?"]


def test_control_ids_are_checked_with_did_you_mean(duo_root: Path) -> None:
    _edit(duo_root, "alpha.yaml", "      ism: [ISM-0810]\n", "      ism: [ISM-810]\n      nist-800-54: [ac-2]\n")
    assert _problems(duo_root) == [
        "alpha.yaml:29:13: criteria[ALP-01].controls.ism[0]: expected an ISM control id such as ISM-0810, found "
        "the text 'ISM-810'",
        "alpha.yaml:30:7: criteria[ALP-01].controls.nist-800-54: unknown key 'nist-800-54'; did you mean "
        "'nist-800-53'?",
    ]


def test_a_listed_profile_must_exist(duo_root: Path) -> None:
    (duo_root / "duo" / "1.0.0" / "profiles" / "testland.yaml").unlink()
    [problem] = _problems(duo_root)
    assert problem.startswith("catalog.yaml:21:12: profiles[0]: expected a file profiles/testland.yaml in ")
    assert problem.endswith("duo/1.0.0, found none")


def test_a_capability_names_a_known_discipline(duo_root: Path) -> None:
    _edit(duo_root, "catalog.yaml", "discipline: CTI,", "discipline: SIGINT,")
    assert _problems(duo_root)[0].endswith(
        "reciprocity.capabilities[CAP-01].discipline: expected one of CTI, HUMINT, found SIGINT")


def test_for_parties_fills_text_and_keeps_digests(duo_root: Path) -> None:
    c = load_catalog(duo_root, "duo", "1.0.0")
    filled = c.for_parties("Republic of Korea", "United States")
    assert filled.by_id["ALP-01"].statement == "The Republic of Korea measures both; the United States reads them."
    assert filled.by_id["ALP-01"].measures[1].targets["T3"].basis == "design: accepted by the United States"  # type: ignore[index]
    assert filled.by_id["ALP-02"].title == "Accepted by the United States"
    assert filled.meta.reciprocity.capabilities[0].description == "What the Republic of Korea can do in cyber."  # type: ignore[index]
    assert (filled.digest, filled.criterion_digests) == (c.digest, c.criterion_digests)
    assert c.for_parties().by_id["ALP-01"].remediation == "The partner should ask the host."
    mini = load_catalog(REPO / "criteria", "fvey", "1.1.0")
    assert mini.for_parties("X", "Y") is mini  # no placeholders: the catalog itself


def test_a_users_folder_adds_to_the_bundled_catalogs(duo_root: Path) -> None:
    lib = library(duo_root)
    assert lib.folders == (duo_root, REPO / "criteria")
    assert catalog_ids(lib) == ["duo", "fvey"]
    assert resolve_ref(lib, "duo") == ("duo", "1.0.0") and resolve_ref(lib, "fvey@1.1.0") == ("fvey", "1.1.0")
    assert load_catalog(lib, "fvey", "1.0.0").ref == "fvey@1.0.0"
    assert str(lib) == f"{duo_root} or the bundled catalogs"


def test_a_users_catalog_replaces_the_bundled_one_of_the_same_id(tmp_path: Path) -> None:
    mine = tmp_path / "criteria"
    shutil.copytree(REPO / "criteria" / "fvey" / "1.0.0", mine / "fvey" / "1.0.0")
    lib = Library((mine, REPO / "criteria"))
    assert available_versions(lib, "fvey") == ["1.0.0"]  # the user's fvey, all of it: no 1.1.0 from the bundle


def test_a_rollup_rule_is_refused_beside_criteria_of_several_measures(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Roll-ups combine one value per criterion: a catalog that has both a roll-up rule and a
    criterion of several measures is refused, one line at the rule (docs/scoring.md)."""
    from tests.conftest import write_duo_catalog

    monkeypatch.chdir(tmp_path)
    root = write_duo_catalog(Path("criteria"))
    meta = root / "duo" / "1.0.0" / "catalog.yaml"
    line = len(meta.read_text().splitlines()) + 1
    meta.write_text(meta.read_text() + "rollup:\n  method: weakest\n  explanation: the weakest scope\n")
    with pytest.raises(InputError) as exc:
        load_catalog(root, "duo", "1.0.0")
    assert [str(p) for p in exc.value.problems] == [
        f"{meta}:{line}:1: rollup: a roll-up rule needs criteria of one measure each; ALP-01 has several "
        "(2 criteria in all): roll-ups do not combine values per measure yet"]
