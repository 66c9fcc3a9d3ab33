"""The integrity rules (issue "A yardstick both governments can sign"): eight ways to game fvey 1.0
and 1.1 that fvey 1.2.0's options close, each rebuilt from its description on the shipped catalogs
and examples, through the real CLI. The old releases keep scoring as they did
(tests/engine/test_pinned_scores.py); each case shows the old behaviour next to the new one.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from roadmap.load.catalogs import load_catalog
from roadmap.models.catalog import Criterion
from tests.conftest import EXAMPLES, REPO, run

CRITERIA = REPO / "criteria"
PARTIES = {"host": {"name": "United States", "approvers": ["J. Carter, Partner Engagement (fictional)"]},
           "partner": {"name": "Japan", "approvers": ["K. Sato, Cabinet Secretariat (fictional)"]}}
HOST_OK = {"by": "J. Carter, Partner Engagement (fictional)", "date": dt.date(2026, 6, 1)}
PARTNER_OK = {"by": "K. Sato, Cabinet Secretariat (fictional)", "date": dt.date(2026, 6, 1)}


def _round3(version: str) -> dict[str, Any]:
    """examples/japan-2026.yaml (pinned to fvey@1.1.0), pinned to `version` (the same criterion ids)."""
    data: dict[str, Any] = yaml.safe_load((EXAMPLES / "japan-2026.yaml").read_text())
    data["catalog"] = f"fvey@{version}"
    data.pop("catalog_digest", None)
    if version == "1.2.0":
        data["parties"] = copy.deepcopy(PARTIES)
        for f in data["findings"].values():  # the example's decisions, approved by both sides
            if f.get("status") in ("not_applicable", "exception"):
                f["approvals"] = {"host": dict(HOST_OK), "partner": dict(PARTNER_OK)}
    return data


def _write(tmp_path: Path, name: str, data: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return path


def _score(runner: CliRunner, path: Path) -> dict[str, Any]:
    result = run(runner, ["score", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


# -- 1. holes at the top ------------------------------------------------------------------------------

def _top(c: Criterion) -> Any:
    targets = c.all_measures[0].targets
    return targets[max(targets, key=lambda t: int(t[1:]))].value


def _worst(c: Criterion) -> Any:
    m = c.all_measures[0].metric
    if m.type == "boolean":
        return False
    if m.type == "ordinal":
        return (m.levels or ("",))[0]
    if m.direction == "higher":
        return 0
    return 1000 if m.type != "percentage" else 100


def _holes(version: str) -> dict[str, Any]:
    """Every criterion at its top target with fresh, independently verified evidence, except, in each
    domain, the heaviest non-gating criteria worth just under a quarter of its non-gating weight,
    left at their worst value."""
    catalog = load_catalog(CRITERIA, "fvey", version)
    left: set[str] = set()
    for d in catalog.meta.domains:
        rest = sorted((c for c in catalog.in_domain(d.id) if not c.gating), key=lambda c: -c.weight)
        budget = sum(c.weight for c in rest) * 0.25
        for c in rest:
            if c.weight < budget:
                left.add(c.id)
                budget -= c.weight
    evidence = [{"ref": "Independent audit 2026", "kind": "audit", "date": dt.date(2026, 6, 1),
                 "verification": "independently_verified"}]
    data = _round3(version)
    data.pop("reciprocity", None)
    data["findings"] = {c.id: {"value": _worst(c) if c.id in left else _top(c), "evidence": evidence}
                        for c in catalog.criteria}
    data["left_at_worst"] = sorted(left)  # for the test only: popped before writing
    return data


def test_holes_at_the_top_are_closed_by_the_floor(tmp_path: Path, runner: CliRunner) -> None:
    old = _holes("1.1.0")
    old.pop("left_at_worst")
    d = _score(runner, _write(tmp_path, "old.yaml", old))
    assert (d["claimed"]["overall_tier_id"], d["verified"]["overall_tier_id"], d["strict"]["overall_tier_id"]) == (
        "T4", "T4", "T4")
    assert d["gaps"] == []

    new = _holes("1.2.0")
    left = new.pop("left_at_worst")
    assert len(left) >= 5  # at least one criterion left at its worst in each domain
    path = _write(tmp_path, "new.yaml", new)
    d = _score(runner, path)
    assert d["claimed"]["overall_tier_id"] == "T1"  # the lagging criteria sit below T1: no domain passes T1
    assert any("floor:" in dom["rule"] for dom in d["claimed"]["domains"])
    # every criterion below the floor of the next tier (T2 needs T1 of every counted criterion) is a
    # gap, and says which rule made it one
    tiers = {c["id"]: c["tier"] for c in d["criteria"]}
    below = {cid for cid in left if tiers[cid] < 1}
    gaps = {g["id"]: g for g in d["gaps"]}
    assert below and below <= set(gaps)
    for cid in below:
        assert gaps[cid]["required_tier"] in ("T1", "T2")
        if gaps[cid]["required_tier"] == "T1":
            assert gaps[cid]["reason"].endswith("(floor: every counted criterion must meet T1 for its domain to "
                                                "reach T2)")
    text = run(runner, ["score", str(path)]).stdout
    assert "Overall tier: T1 claimed" in text


# -- 2. self-approved exceptions ------------------------------------------------------------------------

def _gating_gaps(d: dict[str, Any]) -> list[str]:
    return [g["id"] for g in d["gaps"] if g["gating"]]


def _except(data: dict[str, Any], ids: list[str], **decision: Any) -> dict[str, Any]:
    for cid in ids:
        data["findings"][cid] = {"status": "exception", "justification": "Waived by the partner ministry.",
                                 "expires": dt.date(2027, 3, 31), **decision}
    return data


def test_self_approved_exceptions_are_refused(tmp_path: Path, runner: CliRunner) -> None:
    # fvey 1.1.0 (the old behaviour): the partner excepts its own gating gaps and rises.
    before = _score(runner, _write(tmp_path, "r3.yaml", _round3("1.1.0")))
    gating = _gating_gaps(before)
    assert gating
    path = _write(tmp_path, "waived.yaml", _except(_round3("1.1.0"), gating, approver="Partner ministry"))
    after = _score(runner, path)
    assert _gating_gaps(after) == []

    # fvey 1.2.0: a decision needs each side's approval, by a person the assessment names
    data = _except(_round3("1.2.0"), gating, approver="Partner ministry")
    result = run(runner, ["validate", str(_write(tmp_path, "self.yaml", data))])
    assert result.exit_code == 2
    first = gating[0]
    assert (f"findings.{first}: expected approvals from the host and from the partner (fvey@1.2.0: a exception "
            "decision needs both sides), found only the approver 'Partner ministry'") in result.output
    data = _except(_round3("1.2.0"), gating[:1], approvals={
        "host": {"by": "J. Carter, Partner Engagment (fictional)", "date": dt.date(2026, 6, 1)},
        "partner": dict(PARTNER_OK)})
    result = run(runner, ["validate", str(_write(tmp_path, "typo.yaml", data))])
    assert result.exit_code == 2
    assert (f"findings.{first}.approvals.host.by: expected one of the host's approvers (J. Carter, Partner "
            "Engagement (fictional)), found 'J. Carter, Partner Engagment (fictional)'; did you mean "
            "'J. Carter, Partner Engagement (fictional)'?") in result.output


def test_gating_exceptions_never_lift_the_verified_view(tmp_path: Path, runner: CliRunner) -> None:
    base = _score(runner, _write(tmp_path, "r3.yaml", _round3("1.2.0")))
    gating = _gating_gaps(base)
    data = _except(_round3("1.2.0"), gating, approvals={"host": dict(HOST_OK), "partner": dict(PARTNER_OK)})
    d = _score(runner, _write(tmp_path, "approved.yaml", data))
    assert d["verified"]["overall_tier_id"] == base["verified"]["overall_tier_id"]
    # the decisions that lift a tier are listed with their effect
    assert {e["id"] for e in d["decisions"]} <= set(gating) and d["decisions"]
    assert all("lifts" in e["text"] for e in d["decisions"])
    # and each runs at most 365 days past as_of
    data["findings"][gating[0]]["expires"] = dt.date(2027, 7, 1)
    result = run(runner, ["validate", str(_write(tmp_path, "long.yaml", data))])
    assert result.exit_code == 2
    assert (f"findings.{gating[0]}.expires: expected at most 365 days after as_of 2026-06-30 (fvey@1.2.0), found "
            "2027-07-01 (366 days)") in result.output


# -- 3. commitments on claims ------------------------------------------------------------------------------

def test_commitments_follow_the_verified_tier(tmp_path: Path, runner: CliRunner) -> None:
    old = _score(runner, _write(tmp_path, "old.yaml", _round3("1.1.0")))
    new = _score(runner, _write(tmp_path, "new.yaml", _round3("1.2.0")))
    assert old["verified"]["overall_tier"] < old["claimed"]["overall_tier"]
    assert old["reciprocity"]["tier_id"] == old["claimed"]["overall_tier_id"]  # 1.1.0: due on the claim
    r = new["reciprocity"]
    assert (r["trigger"], r["tier_id"], r["claimed_tier_id"]) == (
        "verified", new["verified"]["overall_tier_id"], new["claimed"]["overall_tier_id"])
    assert r["broken"] <= old["reciprocity"]["broken"]
    assert set(r["pending"]) == {d["id"] for d in r["disciplines"]}
    text = run(runner, ["reciprocity", str(tmp_path / "new.yaml")]).output
    assert f"Commitments follow the verified tier ({r['tier_id']}); once evidenced, the claimed " in text


# -- 4. a broken commitment is a regression ------------------------------------------------------------------

def test_a_broken_commitment_is_a_regression(runner: CliRunner) -> None:
    result = run(runner, ["diff", str(EXAMPLES / "japan-2024.yaml"), str(EXAMPLES / "japan-2025.yaml"),
                          "--fail-on-regression", "--json"])
    assert result.exit_code == 1
    assert result.stderr.startswith("1 regression: GEOINT host commitment kept → broken")
    doc = json.loads(result.stdout)
    assert {"kind": "commitment_broken", "subject": "GEOINT", "view": None, "old": "exceeded", "new": "broken",
            "text": "GEOINT host commitment kept → broken (committed L2, delivered L1)"} in doc["regression_items"]


# -- 5. the split does not depend on the order; decisions are a part of their own ------------------------

def test_a_granted_decision_is_its_own_part(tmp_path: Path, runner: CliRunner) -> None:
    old = _round3("1.2.0")
    new = copy.deepcopy(old)  # the same as_of: only the decision differs
    gating = _gating_gaps(_score(runner, _write(tmp_path, "o.yaml", old)))
    _except(new, gating[:1], approvals={"host": dict(HOST_OK), "partner": dict(PARTNER_OK)})
    result = run(runner, ["diff", str(tmp_path / "o.yaml"), str(_write(tmp_path, "n.yaml", new)), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["decisions_differ"] and not doc["catalogs_differ"]
    for scope in (doc["overall"], *doc["domains"]):
        for key in ("claimed", "verified"):
            t = scope[key]
            assert t["progress"] + t["goalposts"] + t["decisions"] == pytest.approx(t["total"])
            assert t["goalposts"] == 0
        r = scope["readiness"]
        assert round(r["progress"] + r["goalposts"] + r["decisions"], 1) == r["total"]
    moved = [s for s in doc["domains"] if s["readiness"]["decisions"]]
    assert moved and all(s["readiness"]["progress"] == 0 for s in moved)


# -- 6. anachronisms are said ----------------------------------------------------------------------------

def test_a_catalog_released_after_as_of_is_named(runner: CliRunner) -> None:
    result = run(runner, ["validate", str(EXAMPLES / "japan-2024.yaml")])
    assert result.exit_code == 0, result.output
    assert ("japan-2024.yaml:28:10: catalog: warning: scored retrospectively against fvey@1.0.0, released "
            "2026-11-22, after as_of 2024-06-30") in result.output


# -- 7. standing instruments ----------------------------------------------------------------------------------

def test_a_standing_instrument_counts_from_its_confirmation(tmp_path: Path, runner: CliRunner) -> None:
    data = _round3("1.2.0")
    cid = "PER-01"
    finding = data["findings"][cid]
    finding["evidence"] = [{"ref": "The vetting act (2013)", "kind": "document", "date": dt.date(2013, 12, 13),
                            "verification": "independently_verified"}]
    stale = next(c for c in _score(runner, _write(tmp_path, "stale.yaml", data))["criteria"] if c["id"] == cid)
    finding["evidence"][0]["confirmed_in_force"] = dt.date(2026, 5, 1)
    fresh = next(c for c in _score(runner, _write(tmp_path, "fresh.yaml", data))["criteria"] if c["id"] == cid)
    assert stale["evidence_verification"] is None and fresh["evidence_verification"] == "independently_verified"
    finding["evidence"][0]["confirmed_in_force"] = dt.date(2012, 1, 1)
    result = run(runner, ["validate", str(_write(tmp_path, "bad.yaml", data))])
    assert result.exit_code == 2
    assert "confirmed_in_force 2012-01-01 is before the instrument's date 2013-12-13" in result.output


# -- 8. host-dependent targets -------------------------------------------------------------------------------

def test_what_the_host_owes_is_not_a_partner_gap(tmp_path: Path, runner: CliRunner) -> None:
    data = _round3("1.2.0")
    base = _score(runner, _write(tmp_path, "base.yaml", data))
    catalog = load_catalog(CRITERIA, "fvey", "1.2.0")
    host_dependent = [g for g in base["gaps"]
                      if catalog.by_id[g["id"]].all_measures[0].targets[g["required_tier"]].depends_on]
    assert host_dependent, [g["id"] for g in base["gaps"]]
    cid = host_dependent[0]["id"]
    data["findings"][cid]["host_action"] = {"requested": dt.date(2026, 3, 1), "what": "acceptance of the pilot sites"}
    pending = _score(runner, _write(tmp_path, "asked.yaml", data))
    gap = next(g for g in pending["gaps"] if g["id"] == cid)
    assert "was requested on 2026-03-01 and is not acknowledged by the host" in gap["reason"]
    data["findings"][cid]["host_action"]["acknowledged"] = {"by": "J. Carter", "date": dt.date(2026, 4, 1)}
    result = run(runner, ["validate", str(_write(tmp_path, "who.yaml", data))])
    assert result.exit_code == 2
    assert f"findings.{cid}.host_action.acknowledged.by: expected one of the host's approvers" in result.output
    data["findings"][cid]["host_action"]["acknowledged"] = dict(HOST_OK)
    owed = _score(runner, _write(tmp_path, "owed.yaml", data))
    assert cid not in {g["id"] for g in owed["gaps"]}
    assert [a["id"] for a in owed["host_actions"]] == [cid]
    text = run(runner, ["score", str(tmp_path / "owed.yaml")]).output
    assert "What the host owes" in text and "1 action the host owes" in text
    assert f"{cid} " in text.split("What the host owes")[1].split("What moves")[0]
