"""The brief (roadmap.engine.brief): what it selects from the engine's results, on the Japan rounds
and the mini catalog."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from roadmap.engine.brief import Brief, build_brief, first_sentence
from roadmap.engine.reciprocity import ledger
from roadmap.engine.rounds_diff import diff_assessments
from roadmap.engine.scoring import score
from roadmap.load.assessments import LoadedAssessment, load_assessment
from tests.conftest import EXAMPLES, assessment_yaml, run


def _brief(la: LoadedAssessment, previous: LoadedAssessment | None = None) -> Brief:
    result = score(la.catalog, la.assessment)
    diff = diff_assessments(previous.round, la.round) if previous else None
    return build_brief(la.catalog, la.assessment, result, ledger(la.catalog, la.assessment, result), diff)


def _japan(year: int) -> LoadedAssessment:
    return load_assessment(EXAMPLES / f"japan-{year}.yaml")


@pytest.mark.parametrize(("text", "first"), [
    ("Do this. Then that.", "Do this."),
    ("Map the links, e.g. the ones to the US. Then close them.", "Map the links, e.g. the ones to the US."),
    ("One sentence with no full stop", "One sentence with no full stop"),
    ("Folded\n  across   lines. Next.", "Folded across lines."),
    ("Cite No. 5 of the act; then act. After.", "Cite No. 5 of the act; then act."),
])
def test_first_sentence(text: str, first: str) -> None:
    assert first_sentence(text) == first


def test_why_verified_is_lower_names_the_evidence() -> None:
    b = _brief(_japan(2025))
    s = b.standing
    assert (s.claimed, s.verified, s.strict, s.top_tier) == ("T1", "none", "T1", "T4")
    assert s.text == "Claimed T1, verified none: 1 criterion keeps the verified view below T1."
    assert s.reasons == ("PER-10 Insider-threat programme: T1 needs documented evidence no older than 365 days; "
                         "the best fresh evidence is self-asserted",)
    agree = _brief(_japan(2024)).standing
    assert (agree.reasons, agree.text) == ((), "Claimed and verified agree: none.")


def test_gating_gaps_with_their_first_step_and_the_others_counted() -> None:
    b = _brief(_japan(2025))
    assert [g.id for g in b.gating][:3] == ["COM-08", "CYB-12", "PER-04"]  # the engine's order
    assert len(b.gating) == 15 and b.others == 36
    assert b.gaps_text == "51 gaps to T2: 15 gating (below), 36 others (listed in Gaps)."
    first = b.gating[0]
    assert first.text == "COM-08 TEMPEST authority and threat assessments: 35% → ≥ 70% at T2"
    assert first.remediation.startswith("Designate and train a national TEMPEST authority")
    assert first.remediation.endswith(".") and first.remediation.count(". ") == 0


def test_what_the_host_owes_names_the_broken_commitment() -> None:
    h = _brief(_japan(2025)).host_due
    assert h.text == ("United States owes at T1 (in fvey@1.0.0 commitments follow the claimed tier): HUMINT L1, "
                      "SIGINT L2, GEOINT L2, MASINT L1, OSINT L2, CTI L2. Kept 5 of 6; broken 1.")
    assert h.broken == ("United States broke its GEOINT commitment: committed L2 at T1, delivered L1 "
                        "(short by 1 level)",)
    assert (h.short, h.pending, h.actions) == ((), "", ())


def test_nothing_recorded_still_owes_the_commitments(tmp_path: Path) -> None:
    data = yaml.safe_load((EXAMPLES / "japan-2024.yaml").read_text())
    del data["reciprocity"]
    data.pop("catalog_digest")
    path = tmp_path / "new.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    h = _brief(load_assessment(path)).host_due
    assert not h.recorded and h.broken == ()
    assert h.text.endswith("HUMINT L0, SIGINT L1, GEOINT L1, MASINT L0, OSINT L2, CTI L1. What either side "
                           "delivered is not recorded.")
    assert h.text.startswith("United States owes below T1")


def test_since_the_last_round_in_three_sentences() -> None:
    b = _brief(_japan(2025), _japan(2024))
    assert b.since_as_of == "2024-06-30"
    assert b.since == (
        "Overall: claimed none → T1, verified none → none; readiness 41.3% → 47.3% (+6.0 points: progress +6.4, "
        "decisions −0.4).",
        "Changed tier: verified none → T1 in Physical security, Cyber security and Governance, classification and "
        "handling; claimed none → T1 in Personnel security, Cyber security and Governance, classification and "
        "handling.",
        "1 regression: GEOINT host commitment kept → broken (committed L2, delivered L1).")
    assert _brief(_japan(2025)).since == ()


def test_since_the_last_round_in_japanese_joins_and_dates_as_japanese_writes_them(runner: CliRunner) -> None:
    """The domain names hold 、 and 及び themselves (「ガバナンス、秘密区分及び取扱い」): each is quoted, the list
    joined with 、 and 及び, the groups with ；; the heading's date is written as the rest of the report's."""
    j24, j25 = str(EXAMPLES / "japan-2024.yaml"), str(EXAMPLES / "japan-2025.yaml")
    moved = ("段階の変化：「物理的保全」、「サイバーセキュリティ」及び「ガバナンス、秘密区分及び取扱い」で"
             "検証済み なし → T1；「人的保全」、「サイバーセキュリティ」及び「ガバナンス、秘密区分及び取扱い」で"
             "申告値 なし → T1。")
    result = run(runner, ["report", j25, "--previous", j24, "--lang", "ja", "--format", "html", "-o", "-"])
    assert result.exit_code == 0, result.output
    page = result.stdout
    assert "<h2>前回のラウンドからの変化（2024年6月30日）</h2>" in page
    assert f"<li>{moved}</li>" in page
    assert "United StatesがT1で負うもの（fvey@1.0.0では約束は申告値の段階に従う）：HUMINT L1、SIGINT L2、GEOINT L2、" \
           "MASINT L1、OSINT L2、CTI L2。" in page
    result = run(runner, ["score", j25, "--previous", j24, "--lang", "ja"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "前回のラウンドからの変化（2024年6月30日）" in lines
    assert f"  {moved}" in lines


def test_actions_take_the_next_verified_step_first() -> None:
    b = _brief(_japan(2025))  # claimed T1, verified none: PER-10's evidence alone lifts verified to T1
    assert [(a.id, a.kind, a.step) for a in b.actions] == [("PER-10", "evidence", "T1"), ("GOV-06", "evidence", "T2"),
                                                           ("COM-04", "value", "T2")]
    assert b.actions_text == "1 closure lifts the verified tier to T1; then 54 closures lift it to T2."
    # to T2: the 51 gaps, and the evidence three criteria that already meet T2 then lack (GOV-06 gating)
    assert b.actions[2].text == "COM-04 High-assurance protection of classified links: from 90% to ≥ 100%, with the " \
                                "evidence T2 requires"


def test_a_closure_an_earlier_step_asks_for_is_not_asked_again() -> None:
    """korea-2026: PER-10's documented evidence lifts the verified tier to T1, and T2 lacks the same
    evidence: it was listed a second time, for T2, and counted among T2's closures too."""
    b = _brief(load_assessment(EXAMPLES / "korea-2026.yaml"))
    assert [(a.id, a.kind, a.step) for a in b.actions] == [("PER-10", "evidence", "T1"), ("GOV-06", "evidence", "T2"),
                                                           ("COM-04", "value", "T2")]
    assert b.actions_text == "1 closure lifts the verified tier to T1; then 69 closures lift it to T2."


def test_a_value_step_counts_the_evidence_it_also_needs() -> None:
    """japan-2024: none claimed, none verified. T1 needs its 7 gaps closed, and then the evidence of
    PER-10 and PHY-01 (and one more), whose values meet T1 but whose fresh evidence does not: 10."""
    b = _brief(_japan(2024))
    assert b.actions_text == "10 closures lift the verified tier to T1."
    assert [(a.id, a.kind) for a in b.actions] == [("PER-10", "evidence"), ("PHY-01", "evidence"), ("PER-01", "value")]


def test_the_top_tier_verified_needs_no_action(tmp_path: Path, mini_root: Path) -> None:
    top = ("ALP-01: {value: true, evidence: [{ref: r, kind: audit, date: 2026-06-01, "
           "verification: independently_verified}]}\n")
    findings = "".join(top.replace("ALP-01", cid).replace("true", v) for cid, v in (
        ("ALP-01", "true"), ("ALP-02", "99"), ("ALP-03", "2"), ("ALP-04", "full"), ("BET-01", "6"),
        ("BET-02", "40")))
    b = _brief(load_assessment(_mini_path(tmp_path, findings), None, mini_root))
    assert (b.next_tier, b.gating, b.actions) == (None, (), ())
    assert b.gaps_text == "The top tier is reached: no gaps remain."
    assert b.actions_text == "The verified tier is the top tier."


def _mini_path(tmp_path: Path, findings: str) -> Path:
    path = tmp_path / "a.yaml"
    path.write_text(assessment_yaml(findings))
    return path


def test_a_gating_exception_the_verified_view_refuses_is_a_reason(tmp_path: Path) -> None:
    """fvey 1.2.0 counts a current exception on a gating criterion as unmet in the verified view: the
    brief names it as a reason and as an action, not as an evidence gap."""
    from tests.engine.test_integrity import HOST_OK, PARTNER_OK, _round3

    data = _round3("1.2.0")
    gate = "PER-10"
    data["findings"][gate] = {"status": "exception", "justification": "insider-threat hub being built",
                              "approvals": {"host": dict(HOST_OK), "partner": dict(PARTNER_OK)},
                              "expires": dt.date(2026, 12, 31)}
    path = tmp_path / "r3.yaml"
    path.write_text(yaml.safe_dump(copy.deepcopy(data), sort_keys=False, allow_unicode=True))
    b = _brief(load_assessment(path, None, EXAMPLES.parent / "criteria"))
    assert any(r.startswith(f"{gate} ") and "a gating exception" in r for r in b.standing.reasons), b.standing
    assert any(a.id == gate and a.kind == "exception" for a in b.actions), b.actions


def test_a_criterion_of_several_measures_reads_by_measure_and_closes_by_measure() -> None:
    """fvey 2.0.0: a gap names each short measure with its value and target, and the actions close
    each short measure at its target (scoring the round again with them closed)."""
    b = _brief(_japan(2027))
    assert [g.text for g in b.gating] == [
        "PER-01 One statutory vetting regime for all access: population-counted no → population-counted yes at T1",
        "PER-04 No access without a current clearance: sample-compliance 95% → sample-compliance ≥ 100% at T1"]
    assert b.actions_text == "9 closures lift the verified tier to T1."
    assert ("PER-04 No access without a current clearance: from sample-compliance 95% to sample-compliance ≥ 100%, "
            "with the evidence T1 requires") in [a.text for a in b.actions]
    korea = _brief(load_assessment(EXAMPLES / "korea-2026.yaml"))
    assert ("PER-04 No access without a current clearance: findings 4, units-inspected 50% → findings ≤ 2, "
            "units-inspected ≥ 60% at T2") in [g.text for g in korea.gating]


def test_what_the_host_owes_names_the_partners_capability_items() -> None:
    assert _brief(_japan(2027)).host_due.capabilities == (
        "4 capability items of Japan listed, not scored: CAP-01 Active cyber defence operations, CAP-02 "
        "Foreign-intelligence service and central intelligence coordination, CAP-03 Cyber defence workforce, "
        "CAP-04 Security agreements with other Five Eyes members and third countries.")
    assert _brief(_japan(2026)).host_due.capabilities == ""  # fvey 1.x lists none
