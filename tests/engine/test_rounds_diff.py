"""`roadmap diff` and `roadmap trend`: per criterion, per domain and overall changes, split into the
partner's progress and the criteria's change when two rounds pin different catalog versions.

Figures are computed by hand from the mini catalog (tests/conftest.py; threshold rule 0.75) and
its 1.1.0 copy (tests/engine/test_criteria_diff.py: ALP-02 T2 80 → 90, ALP-05 added at T3 only,
BET-02 renamed BET-03 with T3 30 → 25).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap.engine.renames import translate
from roadmap.engine.rounds_diff import AssessmentDiff, diff_assessments
from roadmap.load.assessments import load_assessment
from roadmap.load.catalogs import load_catalog
from tests.conftest import EXAMPLES, assessment_yaml, run, write_mini_catalog
from tests.engine.test_criteria_diff import write_mini_v110

OLD = """\
ALP-01: {value: true}
ALP-02: {value: 70}
ALP-03: {value: 30}
ALP-04: {value: basic}
BET-01: {value: 3}
BET-02: {value: 25}
"""
# The partner improved ALP-02 (70 → 85%) and ALP-03 (30 → 20 hours); BET-02 is now BET-03.
NEW = """\
ALP-01: {value: true}
ALP-02: {value: 85}
ALP-03: {value: 20}
ALP-04: {value: basic}
BET-01: {value: 3}
BET-03: {value: 25}
"""


@pytest.fixture
def rounds(tmp_path: Path) -> tuple[Path, Path, Path]:
    root = write_mini_v110(write_mini_catalog(tmp_path / "criteria"))
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(assessment_yaml(OLD, as_of="2026-01-31"))
    new.write_text(assessment_yaml(NEW, catalog="mini@1.1.0", as_of="2026-06-30"))
    return root, old, new


def _diff(root: Path, old: Path, new: Path) -> AssessmentDiff:
    lo, ln = load_assessment(old, old.name, root), load_assessment(new, new.name, root)
    return diff_assessments(lo.round, ln.round)


def test_improved_but_tightened_target_holds_the_tier(rounds: tuple[Path, Path, Path]) -> None:
    # OLD under 1.0.0: ALP-01 T3 (gating), ALP-02 70% T1, ALP-03 30 h T1, ALP-04 basic T2; non-gating
    #   weight at T2 = ALP-04 1 of 4 = 25% < 75% → alpha T1. BET-01 3 T2 (gating), BET-02 25% T2 →
    #   beta T2. Overall T1.
    # NEW under 1.0.0 (BET-03 read as BET-02): ALP-02 85% T2, ALP-03 20 h T2, ALP-04 T2: 4/4 at T2,
    #   at T3 none → alpha T2; beta T2 → overall T2: progress +1.
    # NEW under 1.1.0: ALP-02 85% < 90% → T1; ALP-05 not assessed but only required at T3 → T2;
    #   non-gating weight at T2 = ALP-03 1 + ALP-04 1 + ALP-05 1 of 5 = 60% < 75% → alpha T1;
    #   overall T1. OLD under 1.1.0: ALP-02 70% and ALP-03 30 h T1 → alpha T1, overall T1.
    # The split is the mean of both orders (Shapley, docs/diff.md), decisions unchanged:
    #   progress  = ½[(S(NEW,A) − S(OLD,A)) + (S(NEW,B) − S(OLD,B))] = ½[(2 − 1) + (1 − 1)] = +0.5
    #   goalposts = ½[(S(OLD,B) − S(OLD,A)) + (S(NEW,B) − S(NEW,A))] = ½[(1 − 1) + (1 − 2)] = −0.5
    # and +0.5 − 0.5 = 0 = the total T1 → T1.
    d = _diff(*rounds)
    assert d.catalogs_differ and not d.decisions_differ
    o = d.overall.claimed
    assert (o.old_id, o.new_under_old_id, o.new_id) == ("T1", "T2", "T1")
    assert (o.total, o.progress, o.goalposts, o.decisions) == (0, 0.5, -0.5, 0)
    assert o.text == ("Overall (claimed): T1 → T1: progress +0.5, goalposts −0.5. Under mini@1.0.0 the new round "
                      "reaches T2; under mini@1.1.0 the old round reaches T1; the goalposts are mini@1.1.0's "
                      "tightened ALP-02 target")
    alpha = next(s for s in d.domains if s.id == "alpha")
    assert (alpha.claimed.progress, alpha.claimed.goalposts) == (0.5, -0.5)
    beta = next(s for s in d.domains if s.id == "beta")
    assert (beta.claimed.old, beta.claimed.new, beta.claimed.total) == (2, 2, 0)
    # OLD under 1.1.0, for reference: ALP-02 and ALP-03 T1, so alpha T1
    assert o.old_under_new_id == "T1"
    assert d.regressions == ()


def test_readiness_split_sums_to_total(rounds: tuple[Path, Path, Path]) -> None:
    # Progress per criterion (weights in brackets), 4 decimals as the engine rounds:
    # OLD/1.0.0: ALP-01 1 [3], ALP-02 70/95 .7368 [2], ALP-03 4/30 .1333 [1], ALP-04 1/2 .5 [1],
    #   BET-01 3/5 .6 [2], BET-02 25/30 .8333 [1] → 7.1402 / 10 = 71.4%.
    # NEW/1.0.0: ALP-02 85/95 .8947, ALP-03 4/20 .2 → 3 + 1.7894 + .2 + .5 + 1.2 + .8333 = 7.5227 → 75.2%.
    # NEW/1.1.0: BET-03 25/25 = 1, ALP-05 0 [1] → 3 + 1.7894 + .2 + .5 + 1.2 + 1 + 0 = 7.6894 / 11 → 69.9%.
    # OLD/1.1.0: BET-02 as BET-03 1, ALP-05 0 → 3 + 1.4736 + .1333 + .5 + 1.2 + 1 + 0 = 7.3069 / 11 → 66.4%.
    # progress  = ½[(75.2 − 71.4) + (69.9 − 66.4)] = ½[3.8 + 3.5] = 3.65
    # goalposts = ½[(66.4 − 71.4) + (69.9 − 75.2)] = ½[−5.0 − 5.3] = −5.15; sum −1.5 = the total. To one
    # decimal they read 3.6 and −5.1: the rounding remainder goes to the larger part, so they still sum.
    r = _diff(*rounds).overall.readiness
    assert (r.old, r.new_under_old, r.old_under_new, r.new) == (71.4, 75.2, 66.4, 69.9)
    assert (r.total, r.progress, r.goalposts, r.decisions) == (-1.5, 3.6, -5.1, 0)
    assert round(r.progress + r.goalposts + r.decisions, 1) == r.total


def test_criteria_follow_the_rename(rounds: tuple[Path, Path, Path]) -> None:
    d = _diff(*rounds)
    by = {c.id: c for c in d.criteria}
    # BET-02 (25%) is BET-03 now: same value; 1.1.0 lowered its T3 target to 25 → T2 becomes T3
    bet = by["BET-03"]
    assert bet.old_id == "BET-02" and bet.changed == ("tier",)
    # (OLD under 1.1.0: T3 too) progress ½[(2 − 2) + (3 − 3)] = 0, goalposts ½[(3 − 2) + (3 − 2)] = +1
    assert (bet.old_tier, bet.new_tier_under_old, bet.new_tier, bet.progress, bet.goalposts) == (
        "T2", "T2", "T3", 0, 1)
    assert by["ALP-02"].changed == ("value",)  # 70 → 85 but still T1 under 1.1.0
    assert (by["ALP-02"].progress, by["ALP-02"].goalposts) == (0.5, -0.5)
    assert by["ALP-05"].changed == ("added",) and by["ALP-05"].new_status == "not_assessed"
    assert "BET-02" not in by and "ALP-01" not in by
    assert d.unchanged == 3  # ALP-01, ALP-04, BET-01
    assert d.dropped_old == () and d.dropped_new == ()


def test_translate_drops_what_the_other_version_lacks(rounds: tuple[Path, Path, Path]) -> None:
    root, _, new = rounds
    ln = load_assessment(new, "new.yaml", root)
    text = new.read_text() + "  ALP-05: {value: true}\n"
    new.write_text(text)
    ln = load_assessment(new, "new.yaml", root)
    back, dropped = translate(ln.assessment, ln.catalog, load_catalog(root, "mini", "1.0.0"))
    assert dropped == ("ALP-05",)
    assert set(back.findings) == {"ALP-01", "ALP-02", "ALP-03", "ALP-04", "BET-01", "BET-02"}


def test_cli_text_and_json(rounds: tuple[Path, Path, Path], runner: CliRunner) -> None:
    root, old, new = rounds
    result = run(runner, ["--criteria", str(root), "diff", str(old), str(new)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Testland — 2026-01-31 (mini@1.0.0) → 2026-06-30 (mini@1.1.0)"
    assert ("Overall (claimed): T1 → T1: progress +0.5, goalposts −0.5. Under mini@1.0.0 the new round reaches "
            "T2; under mini@1.1.0 the old round reaches T1; the goalposts are mini@1.1.0's tightened ALP-02 "
            "target") in lines
    assert "Overall readiness (claimed): 71.4% → 69.9% (−1.5 points: progress +3.6, goalposts −5.1)" in lines
    assert ("ALP-02 ALP-02 title: 70% → 85%, T1 → T1: progress +0.5, goalposts −0.5. Under mini@1.0.0 the new "
            "round reaches T2; the goalposts are mini@1.1.0's tightened ALP-02 target") in lines
    # alpha readiness by hand: OLD/1.0.0 (3 + 1.4736 + .1333 + .5) / 7 = 73.0; NEW/1.0.0
    # (3 + 1.7894 + .2 + .5) / 7 = 78.4; NEW/1.1.0 adds ALP-05 (weight 1, 0): / 8 = 68.6; OLD/1.1.0
    # (3 + 1.4736 + .1333 + .5 + 0) / 8 = 63.8. Progress ½[5.4 + 4.8] = 5.1, goalposts ½[−9.2 − 9.8] = −9.5.
    assert any(line.split() == ["alpha", "T1", "→", "T1", "none", "→", "none", "73.0", "→", "68.6", "(−4.4)",
                                "+0.5", "tier,", "+5.1", "points", "−0.5", "tier,", "−9.5", "points"]
               for line in lines), lines
    assert lines[-1] == ("No regressions: no tier in any view, no host commitment or partner contribution, no "
                         "criterion's tier and no decision went backwards.")

    result = run(runner, ["--criteria", str(root), "diff", str(old), str(new), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["kind"] == "roadmap.diff"
    assert {"old_catalog", "new_catalog", "catalogs_differ", "overall", "domains", "criteria", "catalog_diff",
            "reciprocity", "regressions", "summary", "rule"} <= set(doc)
    assert (doc["kind"], doc["version"]) == ("roadmap.diff", 2)
    assert {k: doc["overall"]["claimed"][k] for k in ("total", "progress", "goalposts", "decisions")} == {
        "total": 0, "progress": 0.5, "goalposts": -0.5, "decisions": 0}
    assert [d["id"] for d in doc["domains"]] == ["alpha", "beta"]
    assert doc["catalog_diff"]["renamed"] == {"BET-02": "BET-03"}


def test_same_catalog_and_fail_on_regression(tmp_path: Path, runner: CliRunner) -> None:
    # Both rounds pin mini@1.0.0; BET-01 (gating) drops from 3 to 0, below its T1 target of 1:
    # beta none, overall T1 → none. The tier reached falls from T1 to T0, so the host's commitments
    # due fall too (T1: HUMINT L1, CTI L1 → T0: L0, L0).
    root = write_mini_catalog(tmp_path / "criteria")
    old, new = tmp_path / "a.yaml", tmp_path / "b.yaml"
    old.write_text(assessment_yaml(OLD, as_of="2026-01-31"))
    new.write_text(assessment_yaml(OLD.replace("BET-01: {value: 3}", "BET-01: {value: 0}")))
    base = ["--criteria", str(root), "diff", str(old), str(new)]
    result = run(runner, base)
    assert result.exit_code == 0, result.output
    assert "Overall (claimed): T1 → none (progress −1, same catalog mini@1.0.0)" in result.output
    result = run(runner, [*base, "--fail-on-regression"])
    assert result.exit_code == 1, result.output
    expected = ["Overall claimed tier T1 → none", "Beta claimed tier T2 → none",
                "Overall strict tier T1 → none", "Beta strict tier T2 → none",
                "HUMINT host commitment L1 → L0", "CTI host commitment L1 → L0", "BET-01 BET-01 title tier T2 → none"]
    assert result.output.splitlines()[-9:-1] == ["Regressions (7):", *(f"  {e}" for e in expected)]
    assert f"7 regressions: {'; '.join(expected)} (--fail-on-regression)" in result.output
    doc = json.loads(run(runner, [*base, "--json"]).output)
    assert [r["kind"] for r in doc["regression_items"]] == ["tier"] * 4 + ["commitment_lowered"] * 2 + [
        "criterion_tier"]
    # a later round that recovers is progress, not a regression
    later = tmp_path / "c.yaml"
    later.write_text(assessment_yaml(OLD, as_of="2026-12-31"))
    result = run(runner, ["--criteria", str(root), "diff", str(new), str(later), "--fail-on-regression"])
    assert result.exit_code == 0, result.output


def test_refusals(tmp_path: Path, runner: CliRunner) -> None:
    root = write_mini_catalog(tmp_path / "criteria")
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(assessment_yaml(OLD))
    b.write_text(assessment_yaml(OLD).replace("partner: Testland", "partner: Otherland"))
    result = run(runner, ["--criteria", str(root), "diff", str(a), str(b)])
    assert result.exit_code == 2
    assert result.output.startswith("error: cannot compare assessments of different partners: Testland")
    result = run(runner, ["--criteria", str(root), "diff", str(a), str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2
    result = run(runner, ["--criteria", str(root), "diff", str(a), str(a), "--format", "pdf", "--json"])
    assert result.exit_code == 2  # the PDF report: tests/report/test_rounds.py


def test_trend(rounds: tuple[Path, Path, Path], runner: CliRunner, tmp_path: Path) -> None:
    root, old, new = rounds
    # given newest first: the trend orders by as_of
    result = run(runner, ["--criteria", str(root), "trend", str(new), str(old), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["kind"] == "roadmap.trend" and doc["partner"] == "Testland"
    assert [(r["as_of"], r["catalog"], r["overall"], r["readiness"], r["catalog_changed"], r["change"])
            for r in doc["rounds"]] == [("2026-01-31", "mini@1.0.0", "T1", 71.4, False, None),
                                        ("2026-06-30", "mini@1.1.0", "T1", 69.9, True, 0)]
    assert doc["rounds"][0]["domains"] == {"alpha": "T1", "beta": "T2"}
    result = run(runner, ["--criteria", str(root), "trend", str(old), str(new)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Testland ⇄ Hostland: 2 rounds"
    assert lines[1].split() == ["as", "of", "catalog", "view", "overall", "readiness", "ALP", "BET"]
    assert lines[3].split() == ["2026-01-31", "mini@1.0.0", "claimed", "T1", "71.4%", "T1", "T2"]
    assert lines[4].split() == ["verified", "none", "0.0%", "none", "none"]
    assert lines[6].split() == ["2026-06-30", "mini@1.1.0", "*", "claimed", "T1", "69.9%", "T1", "T2"]
    assert lines[7].split() == ["verified", "none", "0.0%", "none", "none"]
    assert max(map(len, lines[:8])) <= 120
    other = tmp_path / "other.yaml"
    other.write_text(assessment_yaml(OLD).replace("partner: Testland", "partner: Otherland"))
    result = run(runner, ["--criteria", str(root), "trend", str(old), str(other)])
    assert result.exit_code == 2
    assert result.output == (f"error: a trend needs assessments of one partner with one host; found "
                             f"Otherland with Hostland ({other}); Testland with Hostland ({old})\n")


def test_japan_example_split(runner: CliRunner) -> None:
    """Round 3 pins fvey@1.1.0: PER-12 improved from 120 to 100 days, which meets fvey@1.0.0's T3
    (≤ 114 days) but not fvey@1.1.0's (≤ 75 days): the tightened target holds it at T2."""
    result = run(runner, ["diff", str(EXAMPLES / "japan-2025.yaml"), str(EXAMPLES / "japan-2026.yaml"), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    per12 = next(c for c in doc["criteria"] if c["id"] == "PER-12")
    assert (per12["old_tier"], per12["new_tier_under_old"], per12["new_tier"]) == ("T2", "T3", "T2")
    # OLD under 1.1.0 (120 days) is T2 too: progress ½[(3 − 2) + (2 − 2)], goalposts ½[(2 − 2) + (2 − 3)]
    assert (per12["progress"], per12["goalposts"], per12["decisions"]) == (0.5, -0.5, 0)
    assert doc["catalog_diff"]["renamed"] == {"CYB-19": "CYB-05b"}
    assert not any(c["id"] in ("CYB-05b", "CYB-19") for c in doc["criteria"])  # renamed, unchanged
    r = doc["overall"]["readiness"]
    assert r["progress"] > 0 > r["goalposts"]
    assert round(r["progress"] + r["goalposts"] + r["decisions"], 1) == r["total"]
    result = run(runner, ["diff", str(EXAMPLES / "japan-2025.yaml"), str(EXAMPLES / "japan-2026.yaml"),
                          "--fail-on-regression"])
    assert result.exit_code == 0, result.output
    assert ("PER-12 Timeliness of initial TS determinations: 120 days → 100 days, T2 → T2: progress +0.5, "
            "goalposts −0.5. Under fvey@1.0.0 the new round reaches T3; the goalposts are fvey@1.1.0's tightened "
            "PER-12 target") in result.output.splitlines()
    result = run(runner, ["trend", *(str(EXAMPLES / f"japan-{y}.yaml") for y in (2024, 2025, 2026))])
    assert result.exit_code == 0, result.output
    assert "2026-06-30   fvey@1.1.0 *" in result.output


def test_rounds_in_reverse_order_or_twice_are_refused(rounds: tuple[Path, Path, Path], runner: CliRunner,
                                                      tmp_path: Path) -> None:
    root, old, new = rounds
    result = run(runner, ["--criteria", str(root), "diff", str(new), str(old), "--fail-on-regression"])
    assert (result.exit_code, result.output) == (
        2, f"error: OLD {new} is as of 2026-06-30, later than NEW {old} (2026-01-31): give the earlier round first\n")
    result = run(runner, ["--criteria", str(root), "trend", str(old), str(new), str(old)])
    assert (result.exit_code, result.output) == (
        2, f"error: {old} and {old} are both as of 2026-01-31 (the same file given twice): give each round once\n")
    twin = tmp_path / "twin.yaml"
    twin.write_text(new.read_text())
    result = run(runner, ["--criteria", str(root), "trend", str(twin), str(old), str(new), "--json"])
    assert (result.exit_code, result.output) == (
        2, f"error: {new} and {twin} are both as of 2026-06-30 (two files of the same round): give each round once\n")
