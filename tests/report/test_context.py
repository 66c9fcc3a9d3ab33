"""The gap report's context (roadmap.report.context): what each section says, in words, from the
engine's result."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from roadmap.engine.scoring import score
from roadmap.load.assessments import load_assessment
from roadmap.report.context import ReportContext, build_context
from tests.conftest import EXAMPLES, assessment_yaml, run, write_mini_catalog
from tests.report.helpers import write_assessment


def test_report_rules_annex_shares_the_engine_rules() -> None:
    from roadmap.engine import scoring

    assert scoring.RULES and all(rule in (scoring.__doc__ or "") for rule in scoring.RULES)


def test_mini_catalog_fixture_variant_renders(tmp_path: Path, runner: CliRunner) -> None:
    """The 'all' domain rule and a partner at the top tier: no gaps, the ladder says so."""
    root = write_mini_catalog(tmp_path / "criteria", method="all", threshold=None)
    src = tmp_path / "top.yaml"
    src.write_text(assessment_yaml("ALP-01: {value: true}\nALP-02: {value: 99}\nALP-03: {value: 2}\n"
                                   "ALP-04: {value: full}\nBET-01: {value: 6}\nBET-02: {value: 40}\n"))
    out = tmp_path / "top.html"
    result = run(runner, ["--criteria", str(root), "report", str(src), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert "Top tier reached" in html and "there are no gaps to a next tier" in html


def test_html_lists_the_evidence_needed_for_the_claimed_tier(tmp_path: Path, runner: CliRunner) -> None:
    from tests.conftest import EXAMPLES

    out = tmp_path / "j.html"
    result = run(runner, ["report", str(EXAMPLES / "japan-2025.yaml"), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    section = html.split("Evidence needed for T1 to count as verified", 1)[1].split("</table>", 1)[0]
    # japan-2025 claims T1 everywhere but its insider-threat evidence (PER-10) is stale: verified none
    assert '<span class="cid">PER-10</span>' in section
    assert "T1 needs documented evidence no older than 365 days" in section


def test_notes_go_on_the_cover_or_in_a_section_of_their_own(tmp_path: Path, mini_root: Path,
                                                           runner: CliRunner) -> None:
    for paragraphs, where in ((2, "cover"), (14, "section")):  # ~120 characters each; the cover holds 1,500
        notes = "\\n\\n".join(f"Paragraph {i} of the assessors' notes, with enough words to be a real one "
                              "(about one hundred and forty characters in all)." for i in range(paragraphs))
        src = write_assessment(tmp_path, f"n{paragraphs}.yaml", notes=f'"{notes}"')
        out = tmp_path / f"n{paragraphs}.html"
        result = run(runner, ["--criteria", str(mini_root), "report", str(src), "--format", "html", "-o", str(out)])
        assert result.exit_code == 0, result.output
        html = out.read_text()
        assert html.count('<p class="notes">') == paragraphs  # one paragraph per blank line
        on_cover = html.index("Assessors' notes") < html.index('id="brief"')
        assert on_cover == (where == "cover")
        assert ('id="notes"' in html) == (where == "section")


# -- the words each section gets, computed in Python (templates compare and count nothing) -----------

def _context(path: Path, root: Path | None = None) -> ReportContext:
    la = load_assessment(path, None, root)
    return build_context(la, score(la.catalog, la.assessment), tool_version="0.0.0")


def test_no_tier_reached_is_said_in_words() -> None:
    ctx = _context(EXAMPLES / "japan-2024.yaml")  # every view below T1
    assert (ctx.brief.claimed.id, ctx.brief.claimed.name, ctx.brief.claimed.reached) == ("none", "no tier yet", False)
    assert not ctx.ladder.reached and ctx.reciprocity.at == "below T1"
    assert [(r.id, r.level) for r in ctx.ladder.rungs] == [("T4", 4), ("T3", 3), ("T2", 2), ("T1", 1)]  # top first
    assert [r.state for r in ctx.ladder.rungs] == ["not reached", "not reached", "not reached", "next tier"]
    assert {row.current_standing for row in ctx.gaps.rows} == {"no tier yet"}
    assert ctx.views.overall_note == ("The overall tier is set by the weakest domains: Personnel security; "
                                      "Cyber security; Governance, classification and handling.")
    assert ctx.brief.standing_title == "Where Japan stands"
    assert ctx.brief.standing == "Claimed and verified agree: none."


def test_a_tier_reached_is_said_in_words() -> None:
    ctx = _context(EXAMPLES / "japan-2025.yaml")
    assert ctx.brief.claimed.reached and ctx.ladder.reached and ctx.reciprocity.at == "T1"
    assert ctx.gaps.rows[0].current_standing == "tier T1"
    assert ctx.views.overall_note == "Every domain is at the overall tier, T1."
    assert ctx.brief.gaps_short == "51 gaps, 15 gating"
    assert ctx.brief.standing_title == "Why verified is none, not T1: 1 criterion"
    assert ctx.brief.reasons == ("PER-10 Insider-threat programme: T1 needs documented evidence no older than 365 "
                                 "days; the best fresh evidence is self-asserted",)
    assert ctx.brief.readiness_means == "weighted progress toward the T4 targets"
    assert (ctx.reciprocity.broken_count, ctx.reciprocity.short_count) == ("1 broken host commitment",
                                                                           "0 partner shortfalls")
    assert [r.state for r in ctx.ladder.rungs][-2:] == ["next tier", "reached (claimed), not verified"]


def test_one_gap_and_one_weakest_domain_in_the_singular(tmp_path: Path, mini_root: Path) -> None:
    src = tmp_path / "a.yaml"
    src.write_text(assessment_yaml("ALP-01: {value: true}\nALP-02: {value: 85}\nALP-03: {value: 20}\n"
                                   "ALP-04: {value: full}\nBET-01: {value: 1}\nBET-02: {value: 25}\n"))
    ctx = _context(src, mini_root)
    assert ctx.brief.gaps_short == "1 gap, 1 gating"
    assert ctx.views.overall_note == "The overall tier is set by the weakest domain: Beta."


def test_a_tier_no_target_gave_says_so(tmp_path: Path, mini_root: Path) -> None:
    """A value that meets no target, or no value at all, still reaches the tiers below the lowest
    target: the tier column says that no target gave it (a value "none" shown at T1)."""
    rows = {r.id: r for d in _context(EXAMPLES / "japan-2026.yaml").domains for r in d.criteria}
    assert (rows["COM-15"].value, rows["COM-15"].tier, rows["COM-15"].tier_note) == ("none", "T1", "no T1 target")
    assert (rows["PHY-01"].tier, rows["PHY-01"].tier_note) == ("T1", "")  # met its T1 target
    src = tmp_path / "a.yaml"
    src.write_text(assessment_yaml("ALP-01: {value: true}\n"))  # ALP-04 (targets from T2 up) not assessed
    mini = {r.id: r for d in _context(src, mini_root).domains for r in d.criteria}
    assert (mini["ALP-04"].status, mini["ALP-04"].tier, mini["ALP-04"].tier_note) == ("not assessed", "T1",
                                                                                       "no T1 target")


def test_charts_that_would_say_nothing_become_sentences(tmp_path: Path, mini_root: Path) -> None:
    src = tmp_path / "a.yaml"
    src.write_text(assessment_yaml("ALP-01: {value: false}\nALP-02: {value: 50}\n"))  # no tier in any view
    ctx = _context(src, mini_root)
    assert [c.title for c in ctx.charts] == ["Readiness by domain (weighted progress toward the T3 targets)"]
    assert ctx.views.chart_notes == ("No domain reaches a tier in any view (claimed, verified or strict).",)
    japan = _context(EXAMPLES / "japan-2025.yaml")  # personnel's verified tier differs: the chart says so
    assert len(japan.charts) == 2 and japan.views.chart_notes == ()


def test_no_sharing_recorded_is_a_sentence(tmp_path: Path) -> None:
    import yaml

    data = yaml.safe_load((EXAMPLES / "japan-2024.yaml").read_text())
    del data["reciprocity"]
    data.pop("catalog_digest")
    src = tmp_path / "new.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True))
    ctx = _context(src)
    assert not ctx.reciprocity.recorded and ctx.reciprocity.not_recorded == ()
    assert ctx.reciprocity.due == "HUMINT L0, SIGINT L1, GEOINT L1, MASINT L0, OSINT L2, CTI L1"
    assert ctx.rules.reciprocity_lines == ()  # no page of "not recorded" rows in the annex either


def test_evidence_age_and_why_it_does_not_count(tmp_path: Path, mini_root: Path) -> None:
    src = tmp_path / "a.yaml"
    src.write_text(assessment_yaml(
        "ALP-01: {value: true, evidence: [{ref: later, kind: document, date: 2026-07-15, verification: documented},"
        " {ref: old, kind: document, date: 2020-01-01, verification: documented},"
        " {ref: recent, kind: document, date: 2026-06-01, verification: documented}]}\n"))
    rows = [(e.ref, e.state, e.age, e.flag) for e in _context(src, mini_root).evidence]
    assert rows == [("old", "stale", "2372", "stale"), ("recent", "fresh", "29", ""),
                    ("later", "future", "—", "after as-of")]


def test_criteria_say_their_status_and_evidence_rule_only_when_they_add_something() -> None:
    rows = {r.id: r for d in _context(EXAMPLES / "japan-2025.yaml").domains for r in d.criteria}
    assert (rows["PHY-06"].status, rows["PHY-06"].status_note) == ("not assessed", "not assessed")
    assert all(r.status_note == "" for r in rows.values() if r.status == "assessed")
    assert all(r.evidence_rule in ("", r.verified_rule.removeprefix("best fresh evidence: ")) for r in rows.values())
    assert any(r.evidence_rule for r in rows.values()) and any(not r.evidence_rule for r in rows.values())
