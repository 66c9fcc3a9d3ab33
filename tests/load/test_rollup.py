"""Reading a roll-up's parts (roadmap.load.rollup): each bad list is one line at its place, all of
them in one run; `roadmap` exits 2 and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap.errors import InputError
from roadmap.load.assessments import load_assessment
from roadmap.load.rollup import overlaps
from tests.conftest import assessment_yaml, rollup_yaml, run, scoped_yaml, write_mini_catalog, write_rollup_catalog

F = "ALP-01: {value: true}\n"


def _problems(folder: Path, root: Path, national: str, parts: dict[str, str]) -> list[str]:
    for name, text in parts.items():
        (folder / name).write_text(text)
    (folder / "n.yaml").write_text(national)
    with pytest.raises(InputError) as info:
        load_assessment(folder / "n.yaml", "n.yaml", root)
    return [str(p) for p in info.value.problems]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_rollup_catalog(tmp_path / "criteria")


def test_every_problem_of_the_list_in_one_run(tmp_path: Path, root: Path) -> None:
    parts = {"a.yaml": scoped_yaml("Defence", F), "b.yaml": scoped_yaml("defence ", F),
             "c.yaml": scoped_yaml("Defence/Air", F), "d.yaml": assessment_yaml(F),
             "k.yaml": scoped_yaml("Coast", F).replace("Testland", "Korea"),
             "h.yaml": scoped_yaml("Navy", F).replace("Hostland", "Otherhost"),
             "late.yaml": scoped_yaml("Late", F, as_of="2026-09-30"),
             "r.yaml": rollup_yaml(["a.yaml"], {"Defence": 1}),
             "bad.yaml": scoped_yaml("Bad", "ALP-01: {value: 3}\n")}
    files = ["a.yaml", "./a.yaml", "b.yaml", "c.yaml", "d.yaml", "k.yaml", "h.yaml", "late.yaml", "r.yaml", "n.yaml",
             "../x.yaml", "/etc/passwd", "notes.txt", "bad.yaml", "missing.yaml"]
    assert _problems(tmp_path, root, rollup_yaml(files, {"Defence": 1}), parts) == [
        "bad.yaml:9:19: findings.ALP-01.value: expected true or false, found the number 3",
        "n.yaml:8:19: rollup.files[1]: ./a.yaml is listed twice (also rollup.files[0]): list each file once",
        "n.yaml:8:29: rollup.files[2]: b.yaml covers defence, which is the same scope as Defence (a.yaml, "
        "rollup.files[0]): each part of the government once",
        "n.yaml:8:37: rollup.files[3]: c.yaml covers Defence/Air, which overlaps Defence (a.yaml, rollup.files[0]): "
        "each part of the government once",
        "n.yaml:8:45: rollup.files[4]: d.yaml has no scope: a part of a roll-up names the agency or enclave it "
        "covers (scope: ...)",
        "n.yaml:8:53: rollup.files[5]: k.yaml assesses Korea for Hostland; this roll-up assesses Testland for "
        "Hostland",
        "n.yaml:8:61: rollup.files[6]: h.yaml assesses Testland for Otherhost; this roll-up assesses Testland for "
        "Hostland",
        "n.yaml:8:69: rollup.files[7]: late.yaml is as of 2026-09-30, after this roll-up's as_of 2026-06-30",
        "n.yaml:8:80: rollup.files[8]: r.yaml is itself a roll-up: list the scoped assessments it combines instead",
        "n.yaml:8:88: rollup.files[9]: n.yaml is this roll-up itself: list the scoped assessments it combines",
        "n.yaml:8:96: rollup.files[10]: expected a path inside the roll-up's folder (such as agency-2026.yaml), "
        "found ../x.yaml",
        "n.yaml:8:107: rollup.files[11]: expected a path inside the roll-up's folder (such as agency-2026.yaml), "
        "found /etc/passwd",
        "n.yaml:8:120: rollup.files[12]: expected an assessment file ending in .yaml or .yml, found notes.txt",
        "n.yaml:8:141: rollup.files[14]: missing.yaml: file not found",
    ]


def test_parts_of_another_catalog_version(tmp_path: Path, root: Path) -> None:
    other = tmp_path / "criteria" / "mini" / "1.1.0"
    other.mkdir()
    for f in (root / "mini" / "1.0.0").iterdir():
        (other / f.name).write_text(f.read_text().replace('version: "1.0.0"', 'version: "1.1.0"').replace(
            '  - version: "1.0.0"', '  - version: "1.1.0"'))
    parts = {"a.yaml": scoped_yaml("Defence", F), "b.yaml": scoped_yaml("Foreign", F, catalog="mini@1.1.0")}
    assert _problems(tmp_path, root, rollup_yaml(["a.yaml", "b.yaml"], {"Defence": 1, "Foreign": 1}), parts) == [
        "n.yaml:8:19: rollup.files[1]: b.yaml pins mini@1.1.0; this roll-up pins mini@1.0.0: every part is scored "
        "against one version"]


def test_weights_one_per_scope(tmp_path: Path, root: Path) -> None:
    parts = {"a.yaml": scoped_yaml("Defence", F), "b.yaml": scoped_yaml("Foreign", F)}
    assert _problems(tmp_path, root, rollup_yaml(["a.yaml", "b.yaml"], {"Defence": 1, "Ghost": 2}), parts) == [
        "n.yaml:9:12: rollup.weights: no weight for Foreign: give each scope one",
        "n.yaml:9:25: rollup.weights.Ghost: no listed file has scope Ghost; the scopes are Defence, Foreign"]
    assert _problems(tmp_path, root, rollup_yaml(["a.yaml", "b.yaml"]), parts) == [
        "n.yaml:7:1: rollup: expected weights, one per scope (the catalog's rule takes declared weights), found "
        "none; scopes: Defence, Foreign"]
    assert _problems(tmp_path, root, rollup_yaml(["a.yaml", "b.yaml"], {"Defence": 0, "Foreign": -1}), parts) == [
        "n.yaml:9:22: rollup.weights.Defence: expected a number > 0, found the number 0",
        "n.yaml:9:34: rollup.weights.Foreign: expected a number > 0, found the number -1"]


def test_a_catalog_without_a_rollup_rule(tmp_path: Path) -> None:
    root = write_mini_catalog(tmp_path / "criteria")
    parts = {"a.yaml": scoped_yaml("Defence", F)}
    assert _problems(tmp_path, root, rollup_yaml(["a.yaml"]), parts) == [
        "n.yaml:7:1: rollup: mini@1.0.0 has no roll-up rule (the catalog option rollup): pin a catalog version that "
        "has one, such as fvey@1.3.0"]


def test_a_rollup_is_national(tmp_path: Path, root: Path) -> None:
    text = rollup_yaml(["a.yaml"], {"Defence": 1}).replace("partner: Testland\n", "partner: Testland\nscope: Navy\n")
    assert _problems(tmp_path, root, text, {"a.yaml": scoped_yaml("Defence", F)}) == [
        "n.yaml:2:1: scope: a roll-up stands for the whole partner: remove scope, or assess that scope in a file of "
        "its own"]


def test_a_link_out_of_the_folder_is_refused(tmp_path: Path, root: Path) -> None:
    folder = tmp_path / "nation"
    folder.mkdir()
    (tmp_path / "outside.yaml").write_text(scoped_yaml("Defence", F))
    (folder / "a.yaml").symlink_to(tmp_path / "outside.yaml")
    assert _problems(folder, root, rollup_yaml(["a.yaml"], {"Defence": 1}), {}) == [
        "n.yaml:8:11: rollup.files[0]: a.yaml leads outside the roll-up's folder (a symbolic link): list the file "
        "itself"]


def test_overlap() -> None:
    assert overlaps("Ministry of Defense", " ministry  of defense")
    assert overlaps("Ministry of Defense/ASDF", "Ministry of Defense")
    assert not overlaps("Ministry of Defense/ASDF", "Ministry of Defense/GSDF")
    assert not overlaps("Defence", "Defence Intelligence")


def test_a_bad_rollup_exits_2_and_writes_nothing(tmp_path: Path, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text(scoped_yaml("Defence", F))
    (tmp_path / "n.yaml").write_text(rollup_yaml(["a.yaml", "a.yaml"], {"Defence": 1}))
    for args in (["score", "n.yaml"], ["report", "n.yaml", "--format", "html"], ["plan", "n.yaml", "-o", "p.yaml"]):
        result = run(CliRunner(), ["--criteria", str(root), *args])
        assert result.exit_code == 2, result.output
        assert result.stderr == ("n.yaml:8:19: rollup.files[1]: a.yaml is listed twice (also rollup.files[0]): list "
                                 "each file once\n1 problem in 1 file\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "criteria", "n.yaml"]


def test_each_part_of_a_rollup_is_checked_against_its_signatures(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A part edited after it was signed is said, as for any assessment; its roll-up still loads."""
    import shutil

    from tests.conftest import EXAMPLES

    shutil.copytree(EXAMPLES / "rollup", tmp_path / "rollup")
    monkeypatch.chdir(tmp_path)
    part = Path("rollup/japan-mofa-2026.yaml")
    part.write_text(part.read_text() + "# edited after signing\n")
    result = run(CliRunner(), ["validate", "rollup/japan-national-2026.yaml"])
    assert result.exit_code == 0, result.output
    assert ("rollup/japan-mofa-2026.yaml: warning: edited after it was signed: the assessor's signature "
            "(rollup/japan-mofa-2026.yaml.assessor.sig) no longer matches the file") in result.stderr
