"""Reading plan files (roadmap.load.plans) like every input: each problem one line with its place, all
at once; and a plan refused when it is for another partner, host, scope or catalog, or later than the
assessment it is held against."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap.errors import InputError
from roadmap.load.plans import load_plan
from tests.conftest import assessment_yaml, run
from tests.engine.test_plan import FINDINGS

PLAN = """\
assessment: a.yaml
partner: Testland
host: Hostland
catalog: mini@1.0.0
as_of: 2026-06-30
items:
- criterion: ALP-02
  owner: Facilities
  due: 2026-12-31
  state: in_progress
- criterion: BET-01
"""


def _problems(tmp_path: Path, root: Path, text: str) -> list[str]:
    (tmp_path / "p.yaml").write_text(text)
    with pytest.raises(InputError) as info:
        load_plan(tmp_path / "p.yaml", "p.yaml", root)
    return [str(p) for p in info.value.problems]


def test_a_plan_file_loads(tmp_path: Path, mini_root: Path) -> None:
    (tmp_path / "p.yaml").write_text(PLAN)
    lp = load_plan(tmp_path / "p.yaml", "p.yaml", mini_root)
    assert [(i.criterion, i.owner, i.state) for i in lp.plan.items] == [("ALP-02", "Facilities", "in_progress"),
                                                                        ("BET-01", "", "open")]


def test_every_problem_with_its_place(tmp_path: Path, mini_root: Path) -> None:
    text = PLAN.replace("due: 2026-12-31", "due: 2026-02-30").replace("state: in_progress", "state: started") + (
        "- criterion: ALP-05\n- criterion: ALP-02\n- {criterion: BET-02, owner: \"a\\nb\", colour: red}\n")
    assert _problems(tmp_path, mini_root, text) == [
        "p.yaml:9:8: items[0].due: invalid date 2026-02-30: day is out of range for month",
        "p.yaml:10:10: items[0].state: expected one of 'open', 'in_progress', 'blocked' or 'done', found the text "
        "'started'",
        "p.yaml:12:14: items[2].criterion: unknown criterion id ALP-05 in mini@1.0.0; did you mean ALP-04?",
        "p.yaml:13:14: items[3].criterion: ALP-02 is listed twice (also items[0]): one item per criterion",
        "p.yaml:14:30: items[4].owner: expected one line of printable text (no control characters or line breaks), "
        "found the text 'a\\nb'",
        "p.yaml:14:38: items[4].colour: unknown key 'colour'; expected one of: order, criterion, title, domain, "
        "gating, target_tier, gap, remediation, held_back_by, since, owner, due, state, notes",
    ]


def test_a_plan_of_an_unknown_catalog(tmp_path: Path, mini_root: Path) -> None:
    assert _problems(tmp_path, mini_root, PLAN.replace("mini@1.0.0", "mini@9.0.0")) == [
        "p.yaml:4:10: catalog: catalog version mini@9.0.0 not found (available: 1.0.0)"]


@pytest.mark.parametrize("edit, line", [
    (("partner: Testland", "partner: Otherland"), "p.yaml:2:10: partner: this plan is for Otherland; a.yaml "
                                                  "assesses Testland for Hostland"),
    (("host: Hostland", "host: Otherhost"), "p.yaml:3:7: host: this plan is for sharing with Otherhost; a.yaml "
                                            "assesses Testland for Hostland"),
    (("as_of: 2026-06-30", "as_of: 2026-07-01"), "p.yaml:5:8: as_of: this plan is as of 2026-07-01, after a.yaml "
                                                 "(2026-06-30): a plan is carried forward, not back"),
    (("partner: Testland", "partner: Testland\nscope: Navy"), "p.yaml:3:8: scope: this plan is for Testland — Navy; "
                                                              "a.yaml assesses Testland for Hostland"),
])
def test_a_plan_for_another_assessment_is_refused(tmp_path: Path, mini_root: Path, monkeypatch: pytest.MonkeyPatch,
                                                  edit: tuple[str, str], line: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text(assessment_yaml(FINDINGS))
    Path("p.yaml").write_text(PLAN.replace(*edit))
    for args in (["plan", "a.yaml", "--previous", "p.yaml", "-o", "new.yaml"],
                 ["report", "a.yaml", "--plan", "p.yaml", "--format", "html", "-o", "r.html"]):
        result = run(CliRunner(), ["--criteria", str(mini_root), *args])
        assert result.exit_code == 2, result.output
        assert result.stderr == f"{line}\n1 problem in 1 file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "criteria", "p.yaml"]


def test_a_plan_of_another_catalog_is_refused(tmp_path: Path, mini_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = mini_root / "other" / "1.0.0"
    other.mkdir(parents=True)
    for f in (mini_root / "mini" / "1.0.0").iterdir():
        (other / f.name).write_text(f.read_text().replace("id: mini", "id: other"))
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text(assessment_yaml(FINDINGS))
    Path("p.yaml").write_text(PLAN.replace("mini@1.0.0", "other@1.0.0"))
    result = run(CliRunner(), ["--criteria", str(mini_root), "plan", "a.yaml", "--previous", "p.yaml"])
    assert result.exit_code == 2
    assert result.stderr == ("p.yaml:4:10: catalog: this plan is against other@1.0.0; a.yaml pins mini@1.0.0, another "
                             "catalog\n1 problem in 1 file\n")


def test_the_assessments_and_the_plans_problems_at_once(tmp_path: Path, mini_root: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text(assessment_yaml("ALP-01: {value: 3}\n"))
    Path("p.yaml").write_text(PLAN.replace("state: in_progress", "state: started"))
    result = run(CliRunner(), ["--criteria", str(mini_root), "plan", "a.yaml", "--previous", "p.yaml"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "a.yaml:8:19: findings.ALP-01.value: expected true or false, found the number 3",
        "p.yaml:10:10: items[0].state: expected one of 'open', 'in_progress', 'blocked' or 'done', found the text "
        "'started'",
        "2 problems in 2 files"]
