"""Roll-ups (roadmap.engine.rollup): scoped assessments combined into the nation's by the catalog's
rule, on the mini catalog with a roll-up rule (tests/conftest.py: the weighted mean, the weakest scope
for gating criteria and ALP-04). Every figure is worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from roadmap.engine.rollup import RolledUp, holding_back
from roadmap.engine.scoring import Score, score
from roadmap.load.assessments import load_assessment
from roadmap.load.catalogs import load_catalog
from roadmap.models.base import Status
from roadmap.models.catalog import Catalog
from tests.conftest import EXAMPLES, REPO, rollup_yaml, run, scoped_yaml, write_rollup_catalog

# Defence: strong; Foreign: weaker on ALP-01 (gating) and BET-01 (gating); Cabinet: ALP-04 at none.
DEFENCE = """\
ALP-01: {value: true, evidence: [{ref: D1, kind: record, date: 2026-03-01, verification: independently_verified}]}
ALP-02: {value: 90}
ALP-03: {value: 10}
ALP-04: {value: full}
BET-01: {value: 4}
BET-02: {value: 25}
"""
FOREIGN = """\
ALP-01: {value: false}
ALP-02: {value: 60}
ALP-03: {value: 30}
ALP-04: {value: basic}
BET-01: {value: 2}
BET-02: {value: 15}
"""


def _rolled(tmp_path: Path, parts: dict[str, tuple[str, str]], weights: dict[str, float] | None = None,
            national: str = "{}") -> Score:
    """Score the national roll-up of `parts` (file name → (scope, findings))."""
    root = write_rollup_catalog(tmp_path / "criteria")
    for name, (scope, findings) in parts.items():
        (tmp_path / name).write_text(scoped_yaml(scope, findings))
    weights = weights if weights is not None else {scope: 1 for scope, _ in parts.values()}
    (tmp_path / "nation.yaml").write_text(rollup_yaml(list(parts), weights, national))
    la = load_assessment(tmp_path / "nation.yaml", "nation.yaml", root)
    return score(la.catalog, la.assessment)


def _crit(result: Score, cid: str):  # type: ignore[no-untyped-def]
    return next(c for c in result.criteria if c.id == cid)


def r_catalog(tmp_path: Path) -> Catalog:
    return load_catalog(tmp_path / "criteria", "mini", "1.0.0")


def row_of(result: Score) -> RolledUp:
    assert result.rollup is not None
    return result.rollup


def test_weakest_for_gating_and_selected_ids_weighted_mean_otherwise(tmp_path: Path) -> None:
    r = _rolled(tmp_path, {"defence.yaml": ("Defence", DEFENCE), "foreign.yaml": ("Foreign", FOREIGN)},
                {"Defence": 2, "Foreign": 1})
    values = {c.id: c.value for c in r.criteria}
    assert values["ALP-01"] is False  # gating, yes/no: the weakest (Foreign)
    assert values["BET-01"] == 2  # gating count: the weakest
    assert values["ALP-04"] == "basic"  # selected by id: the weakest level
    assert values["ALP-02"] == 80  # (2 × 90 + 1 × 60) / 3 = 80
    assert values["ALP-03"] == 16.7  # lower is better: (2 × 10 + 30) / 3 = 16.67, rounded up (toward the worse)
    assert values["BET-02"] == 21.6  # (2 × 25 + 15) / 3 = 21.67, rounded down
    assert r.rollup is not None
    rows = {c.id: c for c in r.rollup.criteria}
    assert rows["ALP-02"].rule == ("weighted mean of 2 scopes (weights 2, 1): Defence 90%, Foreign 60% → 80% "
                                   "(rounded toward the worse)")
    assert rows["ALP-01"].rule == "weakest of 2 scopes (gating): Defence yes, Foreign no → no"
    assert rows["ALP-04"].rule == "weakest of 2 scopes (by the catalog's rule): Defence full, Foreign basic → basic"
    assert [(s.scope, s.weight) for s in r.rollup.scopes] == [("Defence", 2.0), ("Foreign", 1.0)]


def test_each_gap_names_the_scopes_that_hold_it_back(tmp_path: Path) -> None:
    r = _rolled(tmp_path, {"defence.yaml": ("Defence", DEFENCE), "foreign.yaml": ("Foreign", FOREIGN)},
                {"Defence": 2, "Foreign": 1})
    # ALP-01 is false (Foreign): the nation is below T1, and only Foreign misses the target
    assert r.claimed.overall_tier == 0
    gaps = {g.id: g for g in r.gaps}
    assert gaps["ALP-01"].held_back_by == ("Foreign",)
    # the JSON carries it too; a score that is not a roll-up has neither key
    dumped = r.model_dump(mode="json")
    assert dumped["gaps"][0]["held_back_by"] == ["Foreign"]
    assert dumped["rollup"]["scopes"][0]["scope"] == "Defence"


def test_held_back_lists_every_scope_short_of_the_target_worst_first(tmp_path: Path) -> None:
    defence = DEFENCE.replace("BET-01: {value: 4}", "BET-01: {value: 2}")
    foreign = FOREIGN.replace("ALP-01: {value: false}", "ALP-01: {value: true}").replace(
        "BET-01: {value: 2}", "BET-01: {value: 1}")
    r = _rolled(tmp_path, {"defence.yaml": ("Defence", defence), "foreign.yaml": ("Foreign", foreign)})
    # BET-01 (gating): weakest 1 → T1; T2 needs 3: Foreign (1) is further than Defence (2)
    gap = next(g for g in r.gaps if g.id == "BET-01")
    assert gap.held_back_by == ("Foreign", "Defence")


def test_not_assessed_in_a_scope_is_not_assessed_for_the_nation(tmp_path: Path) -> None:
    foreign = FOREIGN.replace("ALP-02: {value: 60}\n", "")
    r = _rolled(tmp_path, {"defence.yaml": ("Defence", DEFENCE), "foreign.yaml": ("Foreign", foreign)})
    assert _crit(r, "ALP-02").status is Status.NOT_ASSESSED
    assert r.rollup is not None
    row = next(c for c in r.rollup.criteria if c.id == "ALP-02")
    assert row.method == "not_assessed"
    assert row.rule == "not assessed in Foreign → not assessed for the nation"


def test_a_scope_with_a_decision_is_left_out_and_all_decided_is_a_decision(tmp_path: Path) -> None:
    na = ('{status: not_applicable, justification: "none held", approver: "Deputy Director", '
          "expires: 2027-01-31}")
    foreign = FOREIGN.replace("ALP-02: {value: 60}", f"ALP-02: {na}")
    defence = DEFENCE.replace("BET-02: {value: 25}", f"BET-02: {na}")
    foreign = foreign.replace("BET-02: {value: 15}", f"BET-02: {na}")
    r = _rolled(tmp_path, {"defence.yaml": ("Defence", defence), "foreign.yaml": ("Foreign", foreign)})
    assert _crit(r, "ALP-02").value == 90  # Foreign is left out: Defence's alone
    assert r.rollup is not None
    rows = {c.id: c for c in r.rollup.criteria}
    assert rows["ALP-02"].rule.endswith("; left out: Foreign (a current decision)")
    assert _crit(r, "BET-02").status is Status.NOT_APPLICABLE
    assert rows["BET-02"].rule == "not applicable in every scope: the nation takes Defence's decision"


def test_a_finding_of_the_national_file_stands_for_the_nation(tmp_path: Path) -> None:
    r = _rolled(tmp_path, {"defence.yaml": ("Defence", DEFENCE), "foreign.yaml": ("Foreign", FOREIGN)},
                national="ALP-01: {value: true}")
    assert _crit(r, "ALP-01").value is True
    assert r.rollup is not None
    row = next(c for c in r.rollup.criteria if c.id == "ALP-01")
    assert row.method == "national" and [s.shown for s in row.scopes] == ["yes", "no"]
    assert holding_back(r_catalog(tmp_path), row_of(r), "ALP-01", True) == ()


def test_the_verified_view_counts_the_weakest_scopes_evidence(tmp_path: Path) -> None:
    # ALP-01: both true; Defence independently verified, Foreign no evidence → the nation has none
    foreign = FOREIGN.replace("ALP-01: {value: false}", "ALP-01: {value: true}")
    r = _rolled(tmp_path, {"defence.yaml": ("Defence", DEFENCE), "foreign.yaml": ("Foreign", foreign)})
    alp = _crit(r, "ALP-01")
    assert alp.tier == 3 and alp.verified_tier == 0 and alp.evidence_verification is None
    assert r.rollup is not None
    row = next(c for c in r.rollup.criteria if c.id == "ALP-01")
    assert [(s.scope, s.evidence) for s in row.scopes] == [("Defence", "independently_verified"), ("Foreign", None)]


def test_an_expired_decision_in_a_scope_counts_as_not_assessed(tmp_path: Path) -> None:
    expired = ('{status: exception, justification: "later", approver: "Deputy Director", '
               "expires: 2026-01-31}")
    foreign = FOREIGN.replace("ALP-03: {value: 30}", f"ALP-03: {expired}")
    r = _rolled(tmp_path, {"defence.yaml": ("Defence", DEFENCE), "foreign.yaml": ("Foreign", foreign)})
    assert _crit(r, "ALP-03").status is Status.NOT_ASSESSED
    # T1 needs ≤ 72 hours: Foreign (not assessed) holds it back, Defence (10 hours) does not
    assert holding_back(r_catalog(tmp_path), row_of(r), "ALP-03", 72) == ("Foreign",)


def test_as_of_moves_expiry_and_freshness_of_every_scope(tmp_path: Path) -> None:
    foreign = FOREIGN.replace("ALP-01: {value: false}", "ALP-01: {value: true}")
    root = write_rollup_catalog(tmp_path / "criteria")
    (tmp_path / "d.yaml").write_text(scoped_yaml("Defence", DEFENCE))
    (tmp_path / "f.yaml").write_text(scoped_yaml("Foreign", foreign))
    (tmp_path / "n.yaml").write_text(rollup_yaml(["d.yaml", "f.yaml"], {"Defence": 1, "Foreign": 1}))
    la = load_assessment(tmp_path / "n.yaml", "n.yaml", root)
    # Defence's evidence (2026-03-01, 365 days) is stale by 2027-06-30: no scope verifies ALP-01 then
    later = score(la.catalog, la.assessment, dt.date(2027, 6, 30))
    assert _crit(later, "ALP-01").verified_tier == 0


@pytest.fixture(scope="module")
def japan(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    from click.testing import CliRunner

    result = run(CliRunner(), ["score", str(EXAMPLES / "rollup" / "japan-national-2026.yaml"), "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.output)
    return data


def test_the_japan_rollup_example(japan: dict) -> None:  # type: ignore[type-arg]
    # three ministries, weights 3/2/2; the nation at T1, held at T1 by gating gaps in every ministry
    assert [s["scope"] for s in japan["rollup"]["scopes"]] == ["Ministry of Defense", "Ministry of Foreign Affairs",
                                                              "Cabinet Secretariat"]
    assert japan["claimed"]["overall_tier_id"] == "T1"
    gaps = {g["id"]: g for g in japan["gaps"]}
    # COM-08 is gating: the weakest ministry (MOFA, 30%) decides, and every ministry is short of T2's 70%
    assert gaps["COM-08"]["value"] == 30
    assert gaps["COM-08"]["held_back_by"] == ["Ministry of Foreign Affairs", "Cabinet Secretariat",
                                              "Ministry of Defense"]
    # PER-04 (gating, fewer is better): MOD is at 2, the T2 target; the other two hold the nation back
    assert gaps["PER-04"]["held_back_by"] == ["Ministry of Foreign Affairs", "Cabinet Secretariat"]
    # PHY-01 is assessed in the national file: no ministry holds it back
    assert gaps["PHY-01"]["held_back_by"] == []
    # CYB-09 is not assessed by the Cabinet Secretariat: not assessed for the nation
    assert gaps["CYB-09"]["status"] == "not_assessed"
    assert gaps["CYB-09"]["held_back_by"] == ["Cabinet Secretariat", "Ministry of Foreign Affairs",
                                              "Ministry of Defense"]


def test_a_rollup_is_diffed_and_rescored_by_the_values_it_stands_for(tmp_path: Path) -> None:
    from click.testing import CliRunner

    national = str(EXAMPLES / "rollup" / "japan-national-2026.yaml")
    result = run(CliRunner(), ["diff", str(EXAMPLES / "japan-2026.yaml"), national])
    assert result.exit_code == 0, result.output
    assert "Overall readiness (claimed): 47.5% → 47.0%" in result.stdout
    # re-scored against a version without a roll-up rule: compared by its combined values
    result = run(CliRunner(), ["compare", national, str(EXAMPLES / "japan-2025.yaml"), "--rescore-with", "fvey@1.1.0",
                               "--json"])
    assert result.exit_code == 2  # two assessments of Japan
    korea = tmp_path / "korea.yaml"
    from tests.conftest import another_partner

    another_partner(EXAMPLES / "japan-2025.yaml", "Korea", korea)
    result = run(CliRunner(), ["compare", national, str(korea), "--rescore-with", "fvey@1.1.0", "--json"])
    assert result.exit_code == 0, result.output
    japan = next(p for p in json.loads(result.stdout)["partners"] if p["name"] == "Japan")
    assert (japan["pinned"], japan["claimed_tier_id"]) == ("fvey@1.3.0", "T1")


def test_a_rollup_scored_against_a_catalog_without_a_rule_is_refused(tmp_path: Path) -> None:
    from roadmap.errors import UsageError
    from roadmap.load.catalogs import criteria_root

    la = load_assessment(EXAMPLES / "rollup" / "japan-national-2026.yaml", "n.yaml")
    old = load_catalog(criteria_root(), "fvey", "1.1.0")
    with pytest.raises(UsageError, match="a roll-up cannot be scored against fvey@1.1.0: it has no roll-up rule"):
        score(old, la.assessment)


def test_fvey_1_3_0_scores_a_whole_partner_as_1_2_0_does() -> None:
    """fvey 1.3.0 is 1.2.0's criteria and rules with a roll-up rule: every criterion's digest is the
    same, and an assessment of the whole partner gets the same tiers, readiness and gaps."""
    old, new = (load_catalog(REPO / "criteria", "fvey", v) for v in ("1.2.0", "1.3.0"))
    assert dict(old.criterion_digests) == dict(new.criterion_digests)
    assert old.meta.rollup is None and new.meta.rollup is not None
    a = load_assessment(EXAMPLES / "japan-2026.yaml").assessment
    s12, s13 = score(old, a), score(new, a)
    for view in ("claimed", "verified", "strict"):
        assert s12.view(view).model_dump() == s13.view(view).model_dump()  # type: ignore[arg-type]
    assert [(g.id, g.priority) for g in s12.gaps] == [(g.id, g.priority) for g in s13.gaps]
