"""Several partners side by side (roadmap.engine.compare), on the mini catalog: the order, and each
row's figures, worked out by hand in the comments."""

from __future__ import annotations

from pathlib import Path

from roadmap.engine.compare import Compared, commitments_text, compare, parity_text
from roadmap.load.assessments import load_assessment
from tests.conftest import assessment_yaml
from tests.engine.test_plan import FINDINGS

EVIDENCED = FINDINGS.replace("ALP-01: {value: true}", 'ALP-01: {value: true, evidence: [{ref: "Order 1", kind: '
                             'document, date: 2026-03-01, verification: documented}]}')


def _entry(tmp_path: Path, root: Path, name: str, partner: str, findings: str, extra: str = "") -> Compared:
    f = tmp_path / name
    f.write_text(assessment_yaml(findings, extra=extra).replace("partner: Testland", f"partner: {partner}"))
    la = load_assessment(f, name, root)
    return Compared(la.file, la.sha256, la.catalog, la.assessment)


def test_sorted_by_verified_tier_then_readiness(tmp_path: Path, mini_root: Path) -> None:
    # A: T1 claimed, nothing verified (no evidence). B: the same values, ALP-01's evidence documented:
    # verified still none (the other criteria have none), but more verified readiness. C: BET-01 at 0
    # (gating, below T1): nothing claimed either.
    a = _entry(tmp_path, mini_root, "a.yaml", "Aland", FINDINGS)
    b = _entry(tmp_path, mini_root, "b.yaml", "Bland", EVIDENCED)
    c = _entry(tmp_path, mini_root, "c.yaml", "Cland", FINDINGS.replace("BET-01: {value: 2}", "BET-01: {value: 0}"))
    result = compare([c, a, b])
    assert [(r.rank, r.name) for r in result.partners] == [(1, "Bland"), (2, "Aland"), (3, "Cland")]
    bland, aland, cland = result.partners
    assert (aland.claimed_tier_id, aland.verified_tier_id, bland.verified_tier_id) == ("T1", "none", "none")
    # B's verified readiness: ALP-01 (weight 3, progress 1) of a total weight of 10 → 30%
    assert (bland.readiness_verified, aland.readiness_verified) == (30.0, 0.0)
    assert (cland.claimed_tier_id, cland.next_tier, cland.gating_gaps) == ("none", "T1", 1)
    assert [g.id for g in cland.top_gating] == ["BET-01"]
    assert (aland.gaps, aland.gating_gaps, aland.next_tier) == (4, 1, "T2")
    assert (bland.assessed, bland.fresh, bland.fresh_share) == (6, 1, 16.7)
    # no reciprocity section: the host's commitments at the tier reached are due, none recorded
    assert commitments_text(aland) == "2 not recorded" and parity_text(aland) == "—"
    assert result.rule.startswith("sorted by verified tier, then verified readiness")


def test_commitments_and_parity_in_words(tmp_path: Path, mini_root: Path) -> None:
    recip = ("reciprocity:\n  period_start: 2025-07-01\n  period_end: 2026-06-30\n  disciplines:\n"
             "    HUMINT: {host_level: L0, partner_level: L0, partner_capability: none}\n"
             "    CTI: {host_level: L1, partner_level: L0, partner_capability: online}\n")
    a = _entry(tmp_path, mini_root, "a.yaml", "Aland", FINDINGS, extra=recip)
    row = compare([a]).partners[0]
    # at T1 the host commits HUMINT L1 (delivered L0: broken) and CTI L1 (delivered); the partner, online
    # in CTI, is expected at least L2 and gives L0: a shortfall; parity (0 + 0) ÷ (0 + 1) = 0
    assert commitments_text(row) == "1 of 2 kept, 1 broken"
    assert parity_text(row) == "0.00 (target 0.50), 1 shortfall"
