"""Changes between rounds as documents show them (roadmap.report.changes): the gap report's "since last
round" section (`report --previous`), with one catalog and across catalog versions."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from roadmap.engine.rounds_diff import AssessmentDiff, diff_assessments
from roadmap.load.assessments import load_many
from roadmap.report.changes import criterion_delta_rows, scope_rows
from tests.conftest import REPO, HtmlParts, assessment_yaml, run
from tests.engine.test_criteria_diff import write_mini_v110
from tests.engine.test_rounds_diff import NEW, OLD
from tests.report.helpers import JAPAN, TRAINING, assert_marking_everywhere, flat, pages_of


@pytest.mark.slow  # renders a PDF or builds a wheel
def test_since_last_round_same_catalog(tmp_path: Path, runner: CliRunner,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # Paths as a user types them from the project root: the report quotes them as given, and an
    # absolute path would wrap at a place that depends on where the project was cloned.
    monkeypatch.chdir(REPO)
    j24, j25 = "examples/japan-2024.yaml", "examples/japan-2025.yaml"
    out = tmp_path / "j25.pdf"
    result = run(runner, ["report", j25, "--previous", j24, "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    pages = pages_of(data)
    since = flat(" ".join(p for p in pages if "Since last round" in p))
    assert since, "no 'since last round' section"
    # roadmap diff japan-2024 japan-2025: overall none → T1 claimed, readiness 41.3 → 47.3
    for expected in (
            f"as of 2024-06-30 ({j24}, scored under fvey@1.0.0)",
            "Overall (claimed): none → T1 (progress +1, same catalog fvey@1.0.0)",
            # COM-06's exception (until 2025-03-31) lapsed: a part of its own, apart from progress
            "Overall readiness (claimed): 41.3% → 47.3% (+6.0 points: progress +6.4, goalposts 0.0, decisions −0.4)",
            "Each change is split between progress (the partner's values and evidence) and decisions",
            "Personnel security none → T1 none → none 33.7% → 40.9% +7.2",
            "PER-04", "16 → 3", "COM-06", "exception → 10%",
            "GEOINT host commitment kept → broken (committed L2, delivered L1)"):
        assert expected in since, expected
    assert "Progress Goalposts Decisions" in since  # one catalog, but decisions changed
    assert "PHY-02" not in since  # 40% → 45%, T1 → T1: no change of tier or status
    text = flat(" ".join(pages))
    assert f"Previous round {j24}" in text  # provenance
    outline = [o.title for o in pypdf.PdfReader(out).outline if not isinstance(o, list)]
    assert outline.index("Since last round") == outline.index("Brief") + 1
    # the brief is one page, and the whole example no longer than 25 (docs/report.md, "Less paper")
    assert pages[1].lstrip().startswith("Brief") and pages[2].lstrip().startswith("Since last round")
    assert len(pages) <= 25, len(pages)
    assert_marking_everywhere(data, TRAINING)


def test_since_last_round_across_catalog_versions(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "j26.html"
    result = run(runner, ["report", JAPAN[2026], "--previous", JAPAN[2025], "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    start = html.index('<section class="since"')
    since = flat(HtmlParts.of(html[start:html.index("</section>", start)]))
    for expected in (
            "Overall readiness (claimed): 47.3% → 47.5% (+0.2 points: progress +0.6, goalposts −0.4)",
            ("PER-12 Timeliness of initial TS determinations: 120 days → 100 days, T2 → T2: progress +0.5, "
             "goalposts −0.5. Under fvey@1.0.0 the new round reaches T3; the goalposts are fvey@1.1.0's tightened "
             "PER-12 target"),
            ("Each change is split between progress (the partner's values and evidence) and goalposts (the "
             "catalog: fvey@1.0.0, then fvey@1.1.0)."),
            "Overall readiness (claimed): +0.2 points = progress +0.6 + goalposts −0.4.",
            "Progress Goalposts",
            "Personnel security T1 → T1 none → none 40.9% → 41.8% +0.9 same tier +1.5 points same tier −0.6 points",
            "COM-17 CNSA 2.0 for new cryptographic acquisitions", "— → T1", "added",
            "GOV-14", "T2 → T4"):
        assert expected in since, expected


@pytest.mark.slow  # renders a PDF or builds a wheel
def test_since_last_round_in_the_pdf_across_catalogs(tmp_path: Path, mini_root: Path, runner: CliRunner) -> None:
    root = write_mini_v110(mini_root)
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(assessment_yaml(OLD, as_of="2026-01-31"))
    new.write_text(assessment_yaml(NEW, catalog="mini@1.1.0", as_of="2026-06-30"))
    out = tmp_path / "new.pdf"
    result = run(runner, ["--criteria", str(root), "report", str(new), "--previous", str(old), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = flat(" ".join(pages_of(out.read_bytes())))
    # tests/engine/test_rounds_diff.py works these figures out by hand
    assert ("Overall (claimed): T1 → T1: progress +0.5, goalposts −0.5. Under mini@1.0.0 the new round reaches "
            "T2; under mini@1.1.0 the old round reaches T1; the goalposts are mini@1.1.0's tightened ALP-02 "
            "target") in text
    assert "Overall readiness (claimed): −1.5 points = progress +3.6 + goalposts −5.1." in text
    assert "BET-02 → BET-03" in text  # renamed, and its tier moved T2 → T3


# -- the rows, with their words computed in Python -------------------------------------------------------

def _diff(old: Path, new: Path, root: Path | None = None) -> AssessmentDiff:
    a, b = load_many([old, new], root)
    return diff_assessments(a.round, b.round)


def test_each_measure_has_its_label_and_its_split_in_words() -> None:
    rows = {r.name: r for r in scope_rows(_diff(Path(JAPAN[2025]), Path(JAPAN[2026])))}
    personnel = rows["Personnel security"]
    assert [m.label for m in personnel.measures] == ["claimed tier", "verified tier", "claimed readiness",
                                                     "verified readiness"]
    assert (personnel.claimed.progress_words, personnel.claimed.goalposts_words) == ("same tier", "same tier")
    assert (personnel.readiness.progress_words, personnel.readiness.goalposts_words) == ("+1.5 points",
                                                                                         "−0.6 points")
    assert rows["Overall"].overall and not any(r.tier_down for r in rows.values())
    one_catalog = {r.name: r for r in scope_rows(_diff(Path(JAPAN[2024]), Path(JAPAN[2025])))}
    assert one_catalog["Personnel security"].claimed.progress_words == "+1 tier"


def test_a_tier_that_went_down_is_flagged_and_a_criterion_without_catalog_change_says_so(
        tmp_path: Path, mini_root: Path) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(assessment_yaml(OLD, as_of="2026-01-31"))
    new.write_text(assessment_yaml(OLD.replace("BET-01: {value: 3}", "BET-01: {value: 0}"), as_of="2026-06-30"))
    d = _diff(old, new, mini_root)
    overall = scope_rows(d)[-1]
    assert overall.tier_down and overall.claimed.tier_down and not overall.readiness.tier_down
    assert overall.readiness.down  # a readiness that went down is no tier regression
    rows = criterion_delta_rows(d)
    assert [r.id for r in rows if r.down] == ["BET-01"]
    assert {r.catalog_change for r in rows} == {"—"}  # one catalog: nothing changed in it
