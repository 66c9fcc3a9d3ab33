"""Scoring semantics on the hand-built mini catalog; every expected figure is computed by hand
in the comments next to it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from roadmap.engine.scoring import Score, score
from roadmap.load.assessments import load_assessment
from roadmap.load.catalogs import load_catalog
from tests.conftest import assessment_yaml, write_mini_catalog

BASE = """\
ALP-01: {value: true}
ALP-02: {value: 85}
ALP-03: {value: 30}
ALP-04: {value: basic}
BET-01: {value: 2}
"""


def _score(tmp_path: Path, findings: str, *, method: str = "threshold", threshold: float | None = 0.75,
           as_of: str = "2026-06-30", extra: str = "", when: dt.date | None = None) -> Score:
    root = write_mini_catalog(tmp_path / f"c-{method}-{threshold}", method=method, threshold=threshold)
    f = tmp_path / "a.yaml"
    f.write_text(assessment_yaml(findings, as_of=as_of, extra=extra))
    la = load_assessment(f, "a.yaml", root)
    return score(la.catalog, la.assessment, when)


def _crit(result: Score, cid: str):  # type: ignore[no-untyped-def]
    return next(c for c in result.criteria if c.id == cid)


def test_criterion_tiers_and_progress(tmp_path: Path) -> None:
    r = _score(tmp_path, BASE)
    # ALP-01 true meets every target → T3, progress 1
    assert (_crit(r, "ALP-01").tier, _crit(r, "ALP-01").progress) == (3, 1.0)
    # ALP-02 85: ≥50 ✓, ≥80 ✓, ≥95 ✗ → T2; progress 85/95
    assert _crit(r, "ALP-02").tier == 2
    assert _crit(r, "ALP-02").progress == pytest.approx(85 / 95, abs=1e-4)
    assert _crit(r, "ALP-02").rule == "value 85%: meets T1 (≥ 50%), T2 (≥ 80%); misses T3 (≥ 95%) → T2"
    # ALP-03 30 h (lower is better): ≤72 ✓, ≤24 ✗ → T1; progress top 4 / 30
    assert _crit(r, "ALP-03").tier == 1
    assert _crit(r, "ALP-03").progress == pytest.approx(4 / 30, abs=1e-4)
    # ALP-04 basic: T1 has no target (not required), T2 basic ✓, T3 full ✗ → T2; progress 1/2
    assert (_crit(r, "ALP-04").tier, _crit(r, "ALP-04").progress) == (2, 0.5)
    # BET-02 absent: not assessed, unmet
    assert (_crit(r, "BET-02").tier, _crit(r, "BET-02").status) == (0, "not_assessed")
    assert r.not_assessed == ("BET-02",)


def test_threshold_rule_domains_overall_and_gaps(tmp_path: Path) -> None:
    r = _score(tmp_path, BASE)
    alpha, beta = r.claimed.domains
    # alpha: gating ALP-01 at T3; non-gating weights ALP-02 2 (T2), ALP-03 1 (T1), ALP-04 1 (T2):
    # T2 share 3/4 = 75% ≥ 75% ✓; T3 share 0 ✗ → T2
    assert alpha.tier_id == "T2"
    # readiness: (3×1 + 2×85/95 + 1×4/30 + 1×0.5) / 7 = 77.5%
    assert alpha.readiness == pytest.approx(77.5, abs=0.05)
    # beta: gating BET-01 T1; non-gating BET-02 not assessed: T1 share 0/1 < 75% → none
    assert beta.tier_id == "none"
    assert beta.rule == "threshold rule → none: T1 not reached: non-gating weight meeting T1 0/1 = 0% < 75%"
    assert r.claimed.overall_tier_id == "none"
    # gaps to T1: only beta is below; BET-01 already meets T1; BET-02 is needed
    assert r.next_tier == "T1"
    assert [g.id for g in r.gaps] == ["BET-02"]
    assert r.gaps[0].reason == "not assessed: no finding in the assessment"


def test_gaps_gating_first_then_weight_times_distance(tmp_path: Path) -> None:
    r = _score(tmp_path, BASE + "BET-02: {value: 15}\n")
    # beta now T1 (BET-02 15 ≥ 10); overall = min(T2, T1) = T1; next T2
    assert [d.tier_id for d in r.claimed.domains] == ["T2", "T1"]
    assert r.claimed.overall_tier_id == "T1"
    # to T2: BET-01 (gating, 2 < 3) and BET-02 (15 < 20; share 0/1 < 75%); alpha already T2
    assert [g.id for g in r.gaps] == ["BET-01", "BET-02"]
    g = r.gaps[0]
    # distance (3 - 2)/3; priority weight 2 × 1/3
    assert (g.gating, g.target, g.distance, g.priority) == (True, 3, 0.3333, 0.6667)


def test_all_rule_needs_every_criterion(tmp_path: Path) -> None:
    r = _score(tmp_path, BASE + "BET-02: {value: 15}\n", method="all", threshold=None)
    # alpha under "all": lowest criterion ALP-03 T1 → T1; beta: BET-01 T1, BET-02 T1 → T1
    assert [d.tier_id for d in r.claimed.domains] == ["T1", "T1"]
    # gaps to T2: every criterion below T2: ALP-03, BET-01, BET-02; gating first
    assert r.gaps[0].id == "BET-01"
    assert sorted(g.id for g in r.gaps) == ["ALP-03", "BET-01", "BET-02"]


def test_not_applicable_left_out_and_strict_view(tmp_path: Path) -> None:
    na = "BET-02: {status: not_applicable, justification: no such unit, approver: Chief, expires: 2027-01-01}\n"
    r = _score(tmp_path, BASE + na)
    # beta counts only BET-01 (gating, T1); no non-gating weight → T1
    assert r.claimed.domains[1].tier_id == "T1"
    assert r.claimed.domains[1].left_out == 1
    # strict view counts BET-02 as unmet → none
    assert r.strict.domains[1].tier_id == "none"


def test_expired_exception_counts_as_not_assessed(tmp_path: Path) -> None:
    exc = "BET-02: {status: exception, justification: waiver, approver: Chief, expires: 2026-01-01}\n"
    r = _score(tmp_path, BASE + exc)
    c = _crit(r, "BET-02")
    assert (c.status, c.declared_status, c.applicable) == ("not_assessed", "exception", True)
    assert c.notes == ("exception expired 2026-01-01: counted as not assessed",)
    assert r.claimed.domains[1].tier_id == "none"
    # scored as of an earlier date, the exception is still current
    r2 = _score(tmp_path, BASE + exc, when=dt.date(2025, 12, 1))
    assert _crit(r2, "BET-02").status == "exception"


def test_verified_view_counts_only_fresh_sufficient_evidence(tmp_path: Path) -> None:
    findings = """\
ALP-01:
  value: true
  evidence:
    - {ref: law, kind: document, date: 2026-05-01, verification: documented}
ALP-02:
  value: 85
  evidence:
    - {ref: audit, kind: audit, date: 2024-01-01, verification: independently_verified}
    - {ref: memo, kind: document, date: 2026-06-01, verification: self_asserted}
ALP-03: {value: 30}
ALP-04: {value: basic}
BET-01: {value: 2}
BET-02: {value: 15}
"""
    r = _score(tmp_path, findings)
    a1 = _crit(r, "ALP-01")
    # documented evidence: T1 (self_asserted) ✓, T2 (documented) ✓, T3 (independently_verified) ✗
    assert (a1.tier, a1.verified_tier) == (3, 2)
    # verified progress is credited up to T2's target (true) → 1.0
    assert a1.verified_rule == ("best fresh evidence: documented; T3 needs independently verified evidence "
                                "no older than 365 days → verified T2")
    a2 = _crit(r, "ALP-02")
    # the audit is 911 days old (> 365): not counted; the memo is self_asserted → T1 only
    assert (a2.tier, a2.verified_tier) == (2, 1)
    assert a2.verified_progress == pytest.approx(50 / 95, abs=1e-4)
    assert "1 item older than 365 days not counted" in a2.verified_rule
    # no evidence at all: verified none
    assert _crit(r, "ALP-03").verified_tier == 0
    # ALP-04 has no evidence but T1 does not require it: verified T1 (T2 needs documented)
    assert _crit(r, "ALP-04").verified_tier == 1
    # alpha verified: gating ALP-01 verified T2; non-gating: ALP-02 T1 (w2), ALP-03 none (w1), ALP-04 T1 (w1)
    # T1 share 3/4 = 75% ✓; T2 share 0 ✗ → T1
    assert r.verified.domains[0].tier_id == "T1"
    assert r.claimed.domains[0].tier_id == "T2"


def test_score_is_pure_and_repeatable(tmp_path: Path) -> None:
    a = _score(tmp_path, BASE)
    b = _score(tmp_path, BASE)
    assert a.model_dump() == b.model_dump()


def test_top_tier_has_no_gaps(tmp_path: Path) -> None:
    findings = """\
ALP-01: {value: true}
ALP-02: {value: 99}
ALP-03: {value: 2}
ALP-04: {value: audited}
BET-01: {value: 9}
BET-02: {value: 30}
"""
    r = _score(tmp_path, findings)
    assert r.claimed.overall_tier_id == "T3"
    assert r.next_tier is None and r.gaps == ()
    assert r.claimed.readiness == 100.0


def test_lower_is_better_zero_top_target(tmp_path: Path) -> None:
    # progress rule for a top target of 0 (lower is better): 1 / (1 + value)
    from roadmap.models.catalog import Criterion

    root = write_mini_catalog(tmp_path / "z")
    cat = load_catalog(root, "mini", "1.0.0")
    c = cat.by_id["ALP-03"]
    zero = Criterion.model_validate({**c.model_dump(), "targets": {"T1": {"value": 0, "basis": "design"}},
                                     "evidence": {**c.evidence.model_dump(), "verification": {"T1": "documented"}}})
    metric = zero.all_measures[0].metric
    assert metric.progress(3, 0) == 0.25
    assert metric.progress(0, 0) == 1.0


def test_evidence_gaps_name_what_must_be_evidenced_to_verify_the_claimed_tier(tmp_path: Path) -> None:
    r = _score(tmp_path, BASE + "BET-02: {value: 15}\n")
    # claimed: alpha T2, beta T1 → overall T1; no evidence anywhere → verified none
    assert (r.claimed.overall_tier_id, r.verified.overall_tier_id) == ("T1", "none")
    assert r.evidence_target == "T1"
    # alpha: gating ALP-01 must be evidenced; non-gating weight verified at T1 is only ALP-04's
    # (T1 does not require it): 1/4 < 75%, so the heaviest, ALP-02 (2), brings it to 3/4.
    # beta: gating BET-01, and BET-02 (the only non-gating weight).
    # Order: gating first, then weight, then id.
    assert [g.id for g in r.evidence_gaps] == ["ALP-01", "BET-01", "ALP-02", "BET-02"]
    g = r.evidence_gaps[0]
    assert (g.claimed_tier, g.verified_tier, g.unverified_tier, g.needs) == ("T3", "none", "T1", "self_asserted")
    assert g.reason == "T1 needs self-asserted evidence no older than 365 days; there is no fresh evidence"


def test_no_evidence_gaps_when_verified_matches_claimed(tmp_path: Path) -> None:
    r = _score(tmp_path, BASE)
    assert r.claimed.overall_tier_id == r.verified.overall_tier_id == "none"
    assert (r.evidence_target, r.evidence_gaps) == (None, ())


def test_no_fresh_evidence_earns_no_verified_progress(tmp_path: Path) -> None:
    # ALP-02 45%: below T1's 50% → tier none, claimed progress 45/95; no evidence → verified 0
    r = _score(tmp_path, BASE.replace("ALP-02: {value: 85}", "ALP-02: {value: 45}"))
    c = _crit(r, "ALP-02")
    assert (c.tier, c.verified_tier) == (0, 0)
    assert c.progress == pytest.approx(45 / 95, abs=1e-4)
    assert c.verified_progress == 0.0
    # with self-asserted evidence, which T1 (the entry requirement) accepts, the value counts
    findings = BASE.replace("ALP-02: {value: 85}", "ALP-02: {value: 45, evidence: [{ref: memo, kind: document, "
                                                   "date: 2026-06-01, verification: self_asserted}]}")
    c = _crit(_score(tmp_path, findings), "ALP-02")
    assert c.verified_progress == pytest.approx(45 / 95, abs=1e-4)


def test_a_domain_entirely_not_applicable_reaches_no_tier(tmp_path: Path) -> None:
    na = "{status: not_applicable, justification: none held, approver: Chief, expires: 2027-01-01}"
    findings = BASE.replace("BET-01: {value: 2}", f"BET-01: {na}") + f"BET-02: {na}\n"
    r = _score(tmp_path, findings)
    beta = r.claimed.domains[1]
    assert (beta.tier_id, beta.readiness, beta.counted) == ("none", 0.0, 0)
    assert beta.rule == "no applicable criteria: nothing to credit → none"
    assert r.claimed.overall_tier_id == "none"


def test_target_labels_formatted_once_per_run_keep_equal_numbers_apart(tmp_path: Path) -> None:
    # score() formats each distinct target label ("T1 (≤ 72 hours)") once per run and shares it
    # across criteria; 10**16 and 1e16 are equal numbers that print differently, so they must not
    # share a label.
    from roadmap.engine.scoring import score_criterion
    from roadmap.models.assessment import Finding
    from roadmap.models.catalog import Criterion

    root = write_mini_catalog(tmp_path / "z")
    cat = load_catalog(root, "mini", "1.0.0")
    c = cat.by_id["ALP-03"]  # duration, lower is better

    def with_t1(target: float) -> Criterion:
        return Criterion.model_validate({**c.model_dump(), "targets": {"T1": {"value": target, "basis": "design"}},
                                         "evidence": {**c.evidence.model_dump(), "verification": {"T1": "documented"}}})

    labels: dict[tuple[object, ...], str] = {}
    as_of = dt.date(2026, 6, 30)
    rules = [score_criterion(cat, with_t1(target), Finding(value=1), as_of, labels=labels).rule
             for target in (10**16, 1e16, 10**16)]
    assert rules == ["value 1 hour: meets T1 (≤ 10000000000000000 hours); meets every target → T3",
                     "value 1 hour: meets T1 (≤ 1e+16 hours); meets every target → T3",
                     "value 1 hour: meets T1 (≤ 10000000000000000 hours); meets every target → T3"]
