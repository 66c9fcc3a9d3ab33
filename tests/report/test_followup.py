"""What the gap report and the trend report add for roll-ups and plans (roadmap.report.context.rollup,
roadmap.report.context.plan, the trend's plan section): the words each section gets, and the HTML a
reader gets, from the bundled illustrative examples."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap.engine.carryover import carry
from roadmap.engine.scoring import score
from roadmap.load.assessments import load_assessment
from roadmap.load.plans import load_plan
from roadmap.report.context import build_context
from tests.conftest import REPO, HtmlParts, run

NATIONAL = "examples/rollup/japan-national-2026.yaml"
PLAN_2025 = "examples/plans/japan-2025-plan.yaml"


@pytest.fixture(autouse=True)
def _at_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def test_a_rollup_gets_its_scopes_and_each_gap_its_holders() -> None:
    la = load_assessment(Path(NATIONAL), NATIONAL)
    ctx = build_context(la, score(la.catalog, la.assessment), tool_version="0.0.0")
    assert ctx.rollup is not None and "rollup" in ctx.sections
    assert [(r.scope, r.weight, r.claimed, r.readiness) for r in ctx.rollup.scopes] == [
        ("Ministry of Defense", "3", "T1", "52.2%"), ("Ministry of Foreign Affairs", "2", "T1", "45.9%"),
        ("Cabinet Secretariat", "2", "T1", "48.3%")]
    assert ctx.rollup.scopes[1].holds == "48 gaps (12 gating)"
    rows = {r.id: r for r in ctx.gaps.rows}
    assert rows["COM-08"].held_back_by == "held back by all 3 (worst: Ministry of Foreign Affairs)"
    assert rows["PER-04"].held_back_by == "held back by Ministry of Foreign Affairs, Cabinet Secretariat"
    assert rows["PHY-01"].held_back_by == "assessed for the nation as a whole"
    assert [f for f, _ in ctx.provenance.parts] == ["examples/rollup/japan-mod-2026.yaml",
                                                    "examples/rollup/japan-mofa-2026.yaml",
                                                    "examples/rollup/japan-cabinet-2026.yaml"]


def test_a_report_that_is_no_rollup_and_has_no_plan_has_neither_section() -> None:
    la = load_assessment(Path("examples/japan-2026.yaml"), "examples/japan-2026.yaml")
    ctx = build_context(la, score(la.catalog, la.assessment), tool_version="0.0.0")
    assert ctx.rollup is None and ctx.plan is None
    assert "rollup" not in ctx.sections and "plan" not in ctx.sections
    assert {r.held_back_by for r in ctx.gaps.rows} == {""} and {r.tracking for r in ctx.gaps.rows} == {""}


def test_the_plan_follow_up_in_words() -> None:
    la = load_assessment(Path("examples/japan-2026.yaml"), "examples/japan-2026.yaml")
    result = score(la.catalog, la.assessment)
    lp = load_plan(Path(PLAN_2025), PLAN_2025, REPO / "criteria")
    ctx = build_context(la, result, tool_version="0.0.0", carried=carry(lp.plan, lp.file, lp.catalog, la.catalog,
                                                                           result), plan_sha256=lp.doc.sha256)
    assert ctx.plan is not None and ctx.sections.index("plan") == ctx.sections.index("gaps") - 1
    assert ctx.plan.sentence == ("Held against the plan of 2025-09-30: 0 closed, 4 slipped, 47 open, 1 new (new: gaps "
                                 "that plan does not list).")
    assert ctx.plan.slipped[0] == ("COM-08 TEMPEST authority and threat assessments: due 2026-03-31, owner MOD "
                                   "TEMPEST office (fictional), still a gap")
    assert ctx.plan.contradicted == "Reported done in the plan but still 1 gap: PER-04."
    rows = {r.id: r for r in ctx.gaps.rows}
    assert rows["COM-08"].tracking == "owner MOD TEMPEST office (fictional) · due 2026-03-31 · in progress · overdue"
    assert rows["COM-17"].tracking == "new in this plan"
    assert ctx.provenance.plan_sha256 == lp.doc.sha256


def test_report_and_trend_html_with_a_plan(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = run(CliRunner(), ["report", "examples/japan-2026.yaml", "--plan", PLAN_2025, "--format", "html",
                               "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = HtmlParts.of(out.read_text())
    assert "The plan, followed up" in text and "Slipped: due before the as-of date, still gaps" in text
    assert "plan: owner MOD TEMPEST office (fictional) · due 2026-03-31 · in progress · overdue" in text
    trend = tmp_path / "t.html"
    result = run(CliRunner(), ["trend", "examples/japan-2024.yaml", "examples/japan-2025.yaml",
                               "examples/japan-2026.yaml", "--plan", "examples/plans/japan-2024-plan.yaml",
                               "--format", "html", "-o", str(trend)])
    assert result.exit_code == 0, result.output
    text = " ".join(HtmlParts.of(trend.read_text()).split())
    assert "The plan, round by round" in text
    assert "2025-09-30 7 0 0 51" in text  # all seven items to T1 closed by round 2; 51 new gaps to T2
    assert "Closed by 2026-06-30" in text and "GOV-06 Unauthorised disclosures of US-origin material: met: T1 " \
                                              "reached by 2026-06-30" in text


def test_trend_json_with_and_without_a_plan() -> None:
    import json

    files = ["examples/japan-2024.yaml", "examples/japan-2025.yaml", "examples/japan-2026.yaml"]
    plain = json.loads(run(CliRunner(), ["trend", *files, "--json"]).stdout)
    assert "plan" not in plain and all("plan" not in r for r in plain["rounds"])
    doc = json.loads(run(CliRunner(), ["trend", *files, "--plan", PLAN_2025, "--json"]).stdout)
    assert doc["plan"]["file"] == PLAN_2025 and doc["plan"]["items"] == 51
    assert [r["plan"] and (r["plan"]["closed"], r["plan"]["slipped"], r["plan"]["open"], r["plan"]["new"])
            for r in doc["rounds"]] == [None, (0, 0, 51, 0), (0, 4, 47, 1)]
