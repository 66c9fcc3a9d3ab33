"""A plan carried from one round to the next (roadmap.engine.carryover), on the mini catalog.

Round 1 (tests/engine/test_plan.py's FINDINGS): overall T1, gaps to T2: BET-01, ALP-02, ALP-04, BET-02.
Round 2 (ROUND2): BET-01 reaches 3 and BET-02 25 (both meet T2: closed), ALP-02 (60) and ALP-04 (none)
are still gaps to T2 (carried). Every other expectation is worked out in the comments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from roadmap.engine.carryover import carry
from roadmap.engine.plan import build_plan
from roadmap.engine.scoring import score
from roadmap.load.assessments import load_assessment
from roadmap.load.plans import load_plan
from roadmap.present.plan_yaml import plan_yaml
from tests.conftest import assessment_yaml
from tests.engine.test_plan import FINDINGS

ROUND2 = FINDINGS.replace("BET-01: {value: 2}", "BET-01: {value: 3}").replace(
    "BET-02: {value: 15}", "BET-02: {value: 25}")


def _plan_file(tmp_path: Path, root: Path, findings: str, edits: dict[str, tuple[str, str, str]]) -> Path:
    """Round 1's plan file, written by the tool, with (owner, due, state) filled in per criterion."""
    f = tmp_path / "r1.yaml"
    f.write_text(assessment_yaml(findings, as_of="2025-06-30"))
    la = load_assessment(f, "r1.yaml", root)
    text = plan_yaml(build_plan(la.catalog, score(la.catalog, la.assessment)), assessment="r1.yaml",
                     sha256=la.sha256)
    for cid, (owner, due, state) in edits.items():
        head, rest = text.split(f"criterion: {cid}\n", 1)
        rest = rest.replace("owner: ''", f"owner: {owner}", 1).replace("due: null", f"due: {due}", 1).replace(
            "state: open", f"state: {state}", 1)
        text = head + f"criterion: {cid}\n" + rest
    out = tmp_path / "plan-r1.yaml"
    out.write_text(text)
    return out


def test_carried_new_overdue_and_closed(tmp_path: Path, mini_root: Path) -> None:
    plan1 = _plan_file(tmp_path, mini_root, FINDINGS, {
        "BET-01": ("Vetting office", "2026-03-31", "in_progress"),
        "ALP-02": ("Facilities", "2026-03-31", "done"),  # due before round 2's as-of: overdue
        "ALP-04": ("Security policy", "2026-12-31", "open")})
    f = tmp_path / "r2.yaml"
    f.write_text(assessment_yaml(ROUND2))
    la = load_assessment(f, "r2.yaml", mini_root)
    result = score(la.catalog, la.assessment)
    lp = load_plan(plan1, "plan-r1.yaml", mini_root)
    c = carry(lp.plan, lp.file, lp.catalog, la.catalog, result)
    assert [g.id for g in result.gaps] == ["ALP-02", "ALP-04"]  # beta is at T2 now
    assert c.overdue == ("ALP-02",) and c.carried == ("ALP-04",) and c.new == ()
    assert [(x.criterion, x.why) for x in c.closed] == [("BET-01", "met"), ("BET-02", "met")]
    assert c.closed[0].text == ("BET-01 BET-01 title: met: T2 reached by 2026-06-30 (owner Vetting office; due "
                                "2026-03-31; reported in progress)")
    assert c.done_but_open == ("ALP-02",)
    assert c.summary() == "2 carried (1 overdue), 0 new; 2 closed since plan-r1.yaml (as of 2025-06-30)"
    plan = build_plan(la.catalog, result, c)
    items = {i.criterion: i for i in plan.items}
    assert (items["ALP-02"].owner, items["ALP-02"].due, items["ALP-02"].state, items["ALP-02"].since) == (
        "Facilities", dt.date(2026, 3, 31), "done", "overdue")
    assert (items["ALP-04"].owner, items["ALP-04"].since) == ("Security policy", "carried")
    assert plan.previous == "plan-r1.yaml" and plan.previous_as_of == "2025-06-30"


def test_a_met_item_that_is_a_gap_to_the_next_tier_is_new_with_its_owner(tmp_path: Path, mini_root: Path) -> None:
    # round 1 below T1 (BET-01 at 0): the plan is to T1; round 2 at T1: BET-01 at 2 is a gap to T2
    below = FINDINGS.replace("BET-01: {value: 2}", "BET-01: {value: 0}")
    plan1 = _plan_file(tmp_path, mini_root, below, {"BET-01": ("Vetting office", "2025-12-31", "in_progress")})
    f = tmp_path / "r2.yaml"
    f.write_text(assessment_yaml(FINDINGS))
    la = load_assessment(f, "r2.yaml", mini_root)
    result = score(la.catalog, la.assessment)
    lp = load_plan(plan1, "plan-r1.yaml", mini_root)
    c = carry(lp.plan, lp.file, lp.catalog, la.catalog, result)
    assert [(x.criterion, x.why, x.target_tier) for x in c.closed] == [("BET-01", "met", "T1")]
    item = next(i for i in build_plan(la.catalog, result, c).items if i.criterion == "BET-01")
    assert (item.since, item.owner, item.due, item.state, item.target_tier) == ("new", "Vetting office", None, "open",
                                                                                "T2")


def test_an_item_no_longer_needed(tmp_path: Path, mini_root: Path) -> None:
    # ALP-03 improves to T2 (24 h): alpha's non-gating weight meeting T2 is ALP-03 1 + ... ALP-04 is
    # then not needed for the 75% share (ALP-02 2 + ALP-03 1 = 3 of 4), though still at none
    plan1 = _plan_file(tmp_path, mini_root, FINDINGS, {})
    f = tmp_path / "r2.yaml"
    f.write_text(assessment_yaml(FINDINGS.replace("ALP-03: {value: 48}", "ALP-03: {value: 24}")))
    la = load_assessment(f, "r2.yaml", mini_root)
    result = score(la.catalog, la.assessment)
    lp = load_plan(plan1, "plan-r1.yaml", mini_root)
    c = carry(lp.plan, lp.file, lp.catalog, la.catalog, result)
    assert [(x.criterion, x.why) for x in c.closed] == [("ALP-04", "not_needed")]
    assert c.closed[0].text == ("ALP-04 ALP-04 title: not needed: still at T1, but no longer among the gaps to T2 by "
                                "2026-06-30")


@pytest.mark.parametrize("as_of, overdue", [("2026-03-31", ()), ("2026-04-01", ("ALP-02",))])
def test_overdue_is_a_due_date_before_the_as_of_date(tmp_path: Path, mini_root: Path, as_of: str,
                                                      overdue: tuple[str, ...]) -> None:
    plan1 = _plan_file(tmp_path, mini_root, FINDINGS, {"ALP-02": ("Facilities", "2026-03-31", "open")})
    f = tmp_path / "r2.yaml"
    f.write_text(assessment_yaml(FINDINGS, as_of=as_of))
    la = load_assessment(f, "r2.yaml", mini_root)
    lp = load_plan(plan1, "plan-r1.yaml", mini_root)
    assert carry(lp.plan, lp.file, lp.catalog, la.catalog, score(la.catalog, la.assessment)).overdue == overdue
