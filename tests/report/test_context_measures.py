"""The gap report for a catalog with several measures per criterion, controls, a partner profile and
capability items: what each section says (roadmap/report/context/)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from roadmap.engine.scoring import score
from roadmap.load.assessments import load_assessment
from roadmap.report.context import build_context
from tests.conftest import EXAMPLES, HtmlParts, assessment_yaml, run

FINDINGS = ("ALP-01: {values: {share: 60, hours: 60}}\nALP-02: {value: 25}\n"
            "BET-01: {values: {level: basic, register: true}}\n")
RECIP = ("reciprocity:\n  period_start: 2026-01-01\n  period_end: 2026-06-30\n  disciplines:\n"
         "    CTI: {host_level: L1, partner_level: L1, partner_capability: building}\n")


def _context(root: Path, tmp_path: Path, extra: str = "profile: testland\n") -> object:
    path = tmp_path / "a.yaml"
    path.write_text(assessment_yaml(FINDINGS, catalog="duo@1.0.0", extra=extra) + RECIP)
    la = load_assessment(path, "a.yaml", root)
    return build_context(la, score(la.catalog, la.assessment), tool_version="test")


def test_gap_rows_list_the_short_measures_and_the_profiles_remediation(duo_root: Path, tmp_path: Path) -> None:
    ctx = _context(duo_root, tmp_path)
    row = next(r for r in ctx.gaps.rows if r.id == "ALP-01")  # type: ignore[attr-defined]
    assert [(m.id, m.current, m.target) for m in row.measures] == [("hours", "60 hours", "≤ 24 hours"),
                                                                  ("share", "60%", "≥ 80%")]
    assert row.remediation == "Testland should ask Hostland."  # {partner}, {host} filled
    assert (row.partner, row.partner_remediation) == ("Testland", "Testland's ministry should publish the register.")


def test_criterion_rows_show_measures_controls_and_guidance(duo_root: Path, tmp_path: Path) -> None:
    ctx = _context(duo_root, tmp_path)
    alpha = next(d for d in ctx.domains if d.id == "alpha")  # type: ignore[attr-defined]
    row = alpha.criteria[0]
    assert [(m.id, m.value, m.tier) for m in row.measures] == [("share", "60%", "T1"), ("hours", "60 hours", "T1")]
    assert row.controls == "NIST SP 800-53 ia-2.1, ac-2 · ISM ISM-0810"
    assert row.partner_guidance == "Testland measures the share in its own register."
    assert row.partner_references == "Testland Act, Art. 1"
    assert ctx.profile is not None and ctx.profile.markings[0].partner == "Testland SECRET"  # type: ignore[attr-defined]
    assert "profile" in ctx.sections and ctx.provenance.profile == "testland (for Testland)"  # type: ignore[attr-defined]
    assert any("Several measures" in r for r in ctx.rules.engine)  # type: ignore[attr-defined]


def test_without_a_profile_the_generic_text_stands(duo_root: Path, tmp_path: Path) -> None:
    ctx = _context(duo_root, tmp_path, extra="")
    assert ctx.profile is None and "profile" not in ctx.sections  # type: ignore[attr-defined]
    row = next(r for r in ctx.gaps.rows if r.id == "ALP-01")  # type: ignore[attr-defined]
    assert (row.partner, row.partner_remediation) == ("", "")
    caps = ctx.reciprocity.capabilities  # type: ignore[attr-defined]
    assert [(c.id, c.discipline, c.recorded) for c in caps] == [("CAP-01", "CTI", "building")]
    assert caps[0].description == "What Testland can do in cyber."


def test_the_html_report_of_the_korea_example(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "k.html"
    result = run(runner, ["report", str(EXAMPLES / "korea-2026.yaml"), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = HtmlParts.of(out.read_text())
    criteria = text.split("Criteria by domain")[1].split("Annex A")[0]
    assert "Republic of Korea" in text and "Japan" not in criteria  # partner-neutral criteria, no profile
    assert "Controls: NIST SP 800-53" in text and "capability items" in text
    assert "{partner}" not in text and "{host}" not in text


PARTIES = ("parties:\n  host: {name: Hostland, code: HST, approvers: [H]}\n"
           "  partner: {name: Testland, code: TST, approvers: [P]}\n")


def test_a_readers_version_withholds_the_measures_values_with_the_finding(duo_root: Path, tmp_path: Path) -> None:
    from roadmap.report.readers import Reader

    path = tmp_path / "a.yaml"
    path.write_text(assessment_yaml(FINDINGS.replace("hours: 60}}", "hours: 60}, release: [host]}"),
                                    catalog="duo@1.0.0", extra="profile: testland\n" + PARTIES) + RECIP)
    la = load_assessment(path, "a.yaml", duo_root)
    ctx = build_context(la, score(la.catalog, la.assessment), tool_version="test",
                        reader=Reader(side="partner", code="TST", name="Testland"))
    gap = next(r for r in ctx.gaps.rows if r.id == "ALP-01")
    assert (gap.current, [m.current for m in gap.measures]) == ("withheld", ["withheld", "withheld"])
    assert [m.target for m in gap.measures] == ["≤ 24 hours", "≥ 80%"]  # the catalog's, not the finding's
    row = next(d for d in ctx.domains if d.id == "alpha").criteria[0]
    assert (row.value, row.measures) == ("withheld", ())
    assert row.partner_guidance == "Testland measures the share in its own register."  # the profile's: it stays
    assert "60 hours" not in ctx.model_dump_json()
