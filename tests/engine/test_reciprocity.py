"""Reciprocity ledger on the hand-built mini catalog, and the `reciprocity` command end to end.

Mini catalog (tests/conftest.py): levels L0..L3; host commitments T0 {HUMINT L0, CTI L0},
T1 {L1, L1}, T2 {L1, L2}, T3 {L2, L3}; partner expected by capability none L0, building L1,
online L2; parity targets T1 0.5, T2 0.5, T3 1.0. Every expected figure below is worked out by
hand from those tables in the comment next to it.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap.engine.reciprocity import Ledger, account, history, ledger
from roadmap.engine.scoring import score
from roadmap.errors import UsageError
from roadmap.load.assessments import load_assessment
from tests.conftest import assessment_yaml, run, write_mini_catalog

# Overall T1: alpha T2, beta T1 (BET-01 2 ≥ 1, BET-02 15 ≥ 10 but < 20) → min T1 (see test_scoring).
AT_T1 = """\
ALP-01: {value: true}
ALP-02: {value: 85}
ALP-03: {value: 30}
ALP-04: {value: basic}
BET-01: {value: 2}
BET-02: {value: 15}
"""
# Overall T2: beta reaches T2 too (BET-01 3 ≥ 3, BET-02 25 ≥ 20; T3 needs 5 and 30).
AT_T2 = AT_T1.replace("BET-01: {value: 2}", "BET-01: {value: 3}").replace("BET-02: {value: 15}", "BET-02: {value: 25}")
# Overall T3 (top): every criterion meets its T3 target.
AT_T3 = """\
ALP-01: {value: true}
ALP-02: {value: 95}
ALP-03: {value: 4}
ALP-04: {value: full}
BET-01: {value: 5}
BET-02: {value: 30}
"""


def _recip(humint: str, cti: str, *, start: str = "2025-07-01", end: str = "2026-06-30") -> str:
    lines = [f"    {d}: {{{r}}}\n" for d, r in (("HUMINT", humint), ("CTI", cti)) if r]
    return f"reciprocity:\n  period_start: {start}\n  period_end: {end}\n  disciplines:\n" + "".join(lines)


# The host under-delivers HUMINT (L0 against the L1 due at T1); the partner, online in CTI,
# shares L1 where L2 is expected.
UNDER = _recip("host_level: L0, partner_level: L1, partner_capability: building",
               "host_level: L1, partner_level: L1, partner_capability: online")


def _write(tmp_path: Path, name: str, findings: str, extra: str = "", as_of: str = "2026-06-30",
           head: str = "") -> Path:
    f = tmp_path / name
    f.write_text(head + assessment_yaml(findings, extra=extra, as_of=as_of))
    return f


def _ledger(root: Path, tmp_path: Path, findings: str, extra: str = "") -> Ledger:
    la = load_assessment(_write(tmp_path, "a.yaml", findings, extra), "a.yaml", root)
    return ledger(la.catalog, la.assessment, score(la.catalog, la.assessment))


def _line(text: str, startswith: str) -> str:
    """The one output line starting with `startswith`, whitespace collapsed (rich pads columns)."""
    hits = [" ".join(ln.split()) for ln in text.splitlines() if " ".join(ln.split()).startswith(startswith)]
    assert len(hits) == 1, (startswith, text)
    return hits[0]


# -- engine ---------------------------------------------------------------------------------------

def test_host_under_delivers_and_partner_falls_short(mini_root: Path, tmp_path: Path) -> None:
    lg = _ledger(mini_root, tmp_path, AT_T1, UNDER)
    assert (lg.tier_id, lg.next_tier, lg.recorded) == ("T1", "T2", True)
    humint, cti = lg.disciplines
    # HUMINT host: T1 commits L1, delivered L0 → broken by 1 (a finding against the host)
    assert (humint.host.committed, humint.host.delivered, humint.host.status, humint.host.short_by) == (
        "L1", "L0", "broken", 1)
    assert humint.host.rule == "T1 commits L1; delivered L0 → broken, short by 1 level"
    # HUMINT partner: building → L1 expected; delivered L1 → met. Host delivers L0: no parity ratio.
    assert (humint.partner.expected, humint.partner.status) == ("L1", "met")
    assert humint.parity is None
    # CTI host: T1 commits L1, delivered L1 → delivered
    assert (cti.host.status, cti.host.short_by) == ("delivered", 0)
    # CTI partner online: by capability L2; parity 0.5 × L1 (1) = 0.5 → ceil 1 = L1; max → L2;
    # delivered L1 → short by 1. Parity 1 ÷ 1 = 1.
    assert (cti.partner.expected, cti.partner.delivered, cti.partner.status, cti.partner.short_by) == (
        "L2", "L1", "short", 1)
    assert cti.partner.rule == ("capability online: L2 expected; parity 0.5 × L1 committed (1) → at least L1; "
                                "expected L2; delivered L1 → short by 1 level")
    assert cti.parity == 1.0
    # Overall parity, level sums: partner L1 + L1 = 2 ÷ host L0 + L1 = 1 → 2.0
    assert lg.parity == 2.0
    assert lg.parity_target == 0.5
    assert [(f.side, f.discipline, f.short_by) for f in lg.findings] == [("host", "HUMINT", 1), ("partner", "CTI", 1)]
    assert lg.findings[0].message == ("Hostland broke its HUMINT commitment: committed L1 at T1, delivered L0 "
                                      "(short by 1 level)")
    assert (lg.broken, lg.short) == (1, 1)
    # Next tier T2: HUMINT L1 → L1 (same), CTI L1 → L2 (+1); partner at T2: HUMINT building → L1,
    # CTI online: max(L2, ceil(0.5 × 2) = L1) = L2
    assert [(d.next.host_now, d.next.host_next, d.next.raised_by, d.next.partner_expected_next)
            for d in lg.disciplines if d.next] == [("L1", "L1", 0, "L1"), ("L1", "L2", 1, "L2")]


def test_host_exceeds_and_parity_raises_expectation_at_top_tier(mini_root: Path, tmp_path: Path) -> None:
    extra = _recip("host_level: L3, partner_level: L2, partner_capability: online",
                   "host_level: L3, partner_level: L2, partner_capability: online")
    lg = _ledger(mini_root, tmp_path, AT_T3, extra)
    humint, cti = lg.disciplines
    assert (lg.tier_id, lg.next_tier) == ("T3", None)
    # HUMINT: T3 commits L2, delivered L3 → exceeded (not short); partner: max(L2, ceil(1.0 × 2) = L2) = L2 → met
    assert (humint.host.status, humint.host.short_by, humint.partner.expected, humint.partner.status) == (
        "exceeded", 0, "L2", "met")
    assert humint.host.rule == "T3 commits L2; delivered L3 → exceeded by 1 level"
    # CTI: T3 commits L3, delivered L3; partner: parity 1.0 × 3 → L3 beats L2 by capability → short by 1
    assert (cti.host.status, cti.partner.expected, cti.partner.short_by) == ("delivered", "L3", 1)
    # parity per discipline 2/3; overall (2 + 2) ÷ (3 + 3) = 0.6667
    assert (humint.parity, cti.parity, lg.parity) == (0.6667, 0.6667, 0.6667)
    assert all(d.next is None for d in lg.disciplines)
    assert [f.side for f in lg.findings] == ["partner"]


def test_no_reciprocity_section_lists_commitments_due(mini_root: Path, tmp_path: Path) -> None:
    lg = _ledger(mini_root, tmp_path, AT_T2)
    # T2 commits HUMINT L1, CTI L2; nothing delivered, no expectation without a capability
    assert not lg.recorded
    assert [(d.host.committed, d.host.status, d.partner.expected) for d in lg.disciplines] == [
        ("L1", "not_recorded", None), ("L2", "not_recorded", None)]
    assert (lg.findings, lg.parity, lg.not_recorded) == ((), None, ("HUMINT", "CTI"))


def test_below_t1_uses_t0_and_one_discipline_left_out(mini_root: Path, tmp_path: Path) -> None:
    # without BET-02 beta is below T1 → overall none → T0 commitments (L0, L0); CTI not in the section
    extra = _recip("host_level: L0, partner_level: L0, partner_capability: online", "")
    lg = _ledger(mini_root, tmp_path, AT_T1.replace("BET-02: {value: 15}\n", ""), extra)
    humint, cti = lg.disciplines
    assert lg.tier_id == "none"  # shown as "none"; its commitments are the catalog's "T0" row
    # HUMINT: L0 due, L0 delivered → delivered; partner online at T0 (no parity target) → L2, L0 → short by 2
    assert (humint.host.status, humint.partner.expected, humint.partner.short_by) == ("delivered", "L2", 2)
    assert humint.partner.rule == ("capability online: L2 expected; no parity target at this tier; "
                                   "delivered L0 → short by 2 levels")
    assert cti.host.status == "not_recorded"
    assert lg.not_recorded == ("CTI",)
    # host delivers L0 in the only recorded discipline: no overall ratio
    assert lg.parity is None
    # T1 would raise both to L1
    assert [d.next.raised_by for d in lg.disciplines if d.next] == [1, 1]


def test_host_lead_cap_lowers_the_commitment(tmp_path: Path) -> None:
    root = write_mini_catalog(tmp_path / "criteria")
    meta = root / "mini" / "1.0.0" / "catalog.yaml"
    meta.write_text(meta.read_text() + "  host_lead_cap: 1\n")  # under `reciprocity:`, the last block
    extra = _recip("host_level: L1, partner_level: L1, partner_capability: building",
                   "host_level: L1, partner_level: L0, partner_capability: none")
    lg = _ledger(root, tmp_path, AT_T2, extra)
    humint, cti = lg.disciplines
    # HUMINT: T2 commits L1; cap L1 + 1 = L2 does not bind → L1, delivered
    assert (humint.host.committed, humint.host.capped, humint.host.status) == ("L1", False, "delivered")
    # CTI: T2 commits L2; partner shares L0, cap L0 + 1 = L1 → committed L1; delivered L1 → delivered
    assert (cti.host.tier_commitment, cti.host.committed, cti.host.capped, cti.host.status) == (
        "L2", "L1", True, "delivered")
    assert cti.host.rule == "T2 commits L1 (capped from L2: partner shares L0 + 1); delivered L1 → delivered"
    assert lg.findings == ()


def test_history_capability_comes_online_between_rounds(mini_root: Path, tmp_path: Path) -> None:
    # Round 1 (2025): T1; HUMINT host L0 of L1 (broken), partner none → L0 of L0 met;
    #                 CTI host L1 of L1, partner building → L1 of L1 met.
    r1 = _write(tmp_path, "r1.yaml", AT_T1, _recip(
        "host_level: L0, partner_level: L0, partner_capability: none",
        "host_level: L1, partner_level: L1, partner_capability: building",
        start="2024-07-01", end="2025-06-30"), as_of="2025-06-30")
    # Round 2 (2026): T2; HUMINT host L1 of L1 kept; CTI host L2 of L2 kept; CTI now online:
    #                 max(L2, ceil(0.5 × 2) = L1) = L2 expected, L2 delivered → met.
    r2 = _write(tmp_path, "r2.yaml", AT_T2, _recip(
        "host_level: L1, partner_level: L0, partner_capability: none",
        "host_level: L2, partner_level: L2, partner_capability: online"))
    loaded = [load_assessment(f, f.name, mini_root) for f in (r2, r1)]  # given newest first
    acct = account([la.round for la in loaded])
    h = acct.history
    assert [r.file for r in h.rounds] == ["r1.yaml", "r2.yaml"]  # ordered by as_of
    assert [r.tier_id for r in h.rounds] == ["T1", "T2"]
    assert [(r.kept, r.broken, r.met, r.short) for r in h.rounds] == [(1, 1, 2, 0), (2, 0, 2, 0)]
    assert [r.cells["CTI"].capability for r in h.rounds] == ["building", "online"]
    assert [(r.cells["CTI"].partner_delivered, r.cells["CTI"].partner_expected) for r in h.rounds] == [
        ("L1", "L1"), ("L2", "L2")]
    assert [(r.cells["HUMINT"].host_delivered, r.cells["HUMINT"].host_status) for r in h.rounds] == [
        ("L0", "broken"), ("L1", "delivered")]
    # parity: round 1 (0 + 1) ÷ (0 + 1) = 1; round 2 (0 + 2) ÷ (1 + 2) = 0.6667
    assert [r.parity for r in h.rounds] == [1.0, 0.6667]
    assert acct.latest.as_of.isoformat() == "2026-06-30"


def test_history_refuses_two_partners(mini_root: Path, tmp_path: Path) -> None:
    a = load_assessment(_write(tmp_path, "a.yaml", AT_T1), "a.yaml", mini_root)
    b_file = tmp_path / "b.yaml"
    b_file.write_text(assessment_yaml(AT_T1).replace("partner: Testland", "partner: Otherland"))
    b = load_assessment(b_file, "b.yaml", mini_root)
    with pytest.raises(UsageError) as info:
        history([(la.file, ledger(la.catalog, la.assessment, score(la.catalog, la.assessment))) for la in (a, b)])
    assert str(info.value) == ("a history needs assessments of one partner with one host; found Otherland with "
                               "Hostland (b.yaml), Testland with Hostland (a.yaml)")


# -- command line ---------------------------------------------------------------------------------

def test_cli_matrix_and_findings(mini_root: Path, tmp_path: Path, runner: CliRunner) -> None:
    f = _write(tmp_path, "a.yaml", AT_T1, UNDER)
    result = run(runner, ["--criteria", str(mini_root), "reciprocity", str(f)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert _line(out, "Testland ⇄ Hostland") == f"Testland ⇄ Hostland — reciprocity ledger ({f})"
    assert _line(out, "HUMINT Hostland → Testland") == "HUMINT Hostland → Testland L1 L0 broken, short by 1"
    assert _line(out, "CTI Hostland") == "CTI Hostland → Testland L1 L1 delivered"
    assert _line(out, "Testland → Hostland L2") == "Testland → Hostland L2 (online) L1 short by 1 1.00"
    assert _line(out, "host:") == ("host: Hostland broke its HUMINT commitment: committed L1 at T1, "
                                   "delivered L0 (short by 1 level)")
    assert _line(out, "partner:") == ("partner: Testland fell short in CTI: expected L2 (capability online), "
                                      "delivered L1 (short by 1 level)")
    assert _line(out, "Parity") == ("Parity (Testland ÷ Hostland): 2.00 (target at T1: 0.5) — level sum: partner 2 "
                                    "÷ host delivered 1 = 2.00 over 2 recorded disciplines")
    assert _line(out, "CTI L1 L2") == "CTI L1 L2 +1 L2"
    assert "History:" not in out


def test_cli_fail_on_broken(mini_root: Path, tmp_path: Path, runner: CliRunner) -> None:
    bad = _write(tmp_path, "bad.yaml", AT_T1, UNDER)
    result = run(runner, ["--criteria", str(mini_root), "reciprocity", "--fail-on-broken", str(bad)])
    assert result.exit_code == 1, result.output
    assert f"1 broken host commitment, 1 partner shortfall in {bad} (--fail-on-broken)" in result.output
    good = _write(tmp_path, "good.yaml", AT_T1, _recip(
        "host_level: L1, partner_level: L1, partner_capability: building",
        "host_level: L2, partner_level: L2, partner_capability: online"))
    result = run(runner, ["--criteria", str(mini_root), "reciprocity", "--fail-on-broken", str(good)])
    assert result.exit_code == 0, result.output
    assert "No findings: every recorded commitment and expectation is met." in result.output
    # several files: the latest round decides (bad is older here, so it no longer fails)
    older = _write(tmp_path, "older.yaml", AT_T1, UNDER, as_of="2025-06-30")
    result = run(runner, ["--criteria", str(mini_root), "reciprocity", "--fail-on-broken", str(good), str(older)])
    assert result.exit_code == 0, result.output


def test_cli_no_section_exits_0_with_commitments_due(mini_root: Path, tmp_path: Path, runner: CliRunner) -> None:
    f = _write(tmp_path, "a.yaml", AT_T2)
    result = run(runner, ["--criteria", str(mini_root), "reciprocity", "--fail-on-broken", str(f)])
    assert result.exit_code == 0, result.output
    assert _line(result.output, "no reciprocity section") == (
        f"no reciprocity section in {f}: nothing delivered is recorded; showing the commitments due at T2")
    assert _line(result.output, "CTI Hostland → Testland") == "CTI Hostland → Testland L2 — not recorded"


def test_cli_history_of_two_rounds(mini_root: Path, tmp_path: Path, runner: CliRunner) -> None:
    r1 = _write(tmp_path, "r1.yaml", AT_T1, _recip(
        "host_level: L0, partner_level: L0, partner_capability: none",
        "host_level: L1, partner_level: L1, partner_capability: building"), as_of="2025-06-30")
    r2 = _write(tmp_path, "r2.yaml", AT_T2, _recip(
        "host_level: L1, partner_level: L0, partner_capability: none",
        "host_level: L2, partner_level: L2, partner_capability: online"))
    result = run(runner, ["--criteria", str(mini_root), "reciprocity", str(r2), str(r1)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert _line(out, "Testland ⇄ Hostland —") == f"Testland ⇄ Hostland — reciprocity ledger ({r2})"  # latest
    assert _line(out, "History:") == "History: Testland ⇄ Hostland, 2 rounds"
    assert _line(out, "2025-06-30") == "2025-06-30 2026-06-30"
    assert _line(out, "tier reached") == "tier reached T1 T2"
    assert _line(out, "HUMINT Hostland → L0") == "HUMINT Hostland → L0 of L1 broken L1 of L1 delivered"
    assert _line(out, "CTI Testland →") == "CTI Testland → L1 of L1 met (building) L2 of L2 met (online)"
    assert _line(out, "kept / broken") == "kept / broken 1 / 1 2 / 0"
    assert _line(out, "parity") == "parity 1.00 0.67"


def test_cli_json_shape(mini_root: Path, tmp_path: Path, runner: CliRunner) -> None:
    f = _write(tmp_path, "a.yaml", AT_T1, UNDER)
    result = run(runner, ["--criteria", str(mini_root), "reciprocity", "--json", str(f)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert (doc["kind"], doc["version"]) == ("roadmap.reciprocity", 1)
    assert set(doc) == {"kind", "version", "tool", "ledgers", "history", "latest"}
    (lg,) = doc["ledgers"]
    assert lg["file"] == str(f) and len(lg["sha256"]) == 64
    assert (lg["tier_id"], lg["parity"], lg["broken"], lg["short"]) == ("T1", 2.0, 1, 1)
    assert lg["disciplines"][0]["host"] == {
        "committed": "L1", "tier_commitment": "L1", "capped": False, "delivered": "L0", "status": "broken",
        "short_by": 1, "rule": "T1 commits L1; delivered L0 → broken, short by 1 level"}
    assert lg["disciplines"][1]["next"] == {"tier": "T2", "host_now": "L1", "host_next": "L2", "raised_by": 1,
                                            "partner_expected_next": "L2"}
    assert [r["file"] for r in doc["history"]["rounds"]] == [str(f)]
    assert doc["latest"] == str(f)


def test_score_json_includes_reciprocity(mini_root: Path, tmp_path: Path, runner: CliRunner) -> None:
    with_section = _write(tmp_path, "a.yaml", AT_T1, UNDER)
    doc = json.loads(run(runner, ["--criteria", str(mini_root), "score", "--json", str(with_section)]).output)
    assert (doc["reciprocity"]["tier_id"], doc["reciprocity"]["broken"]) == ("T1", 1)
    without = _write(tmp_path, "b.yaml", AT_T1)
    result = run(runner, ["--criteria", str(mini_root), "score", "--json", str(without)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["reciprocity"] is None


def test_cli_bad_input_and_mixed_partners_exit_2(mini_root: Path, tmp_path: Path, runner: CliRunner) -> None:
    bad = _write(tmp_path, "bad.yaml", AT_T1, _recip(
        "host_level: L9, partner_level: L1, partner_capability: building", ""))
    result = run(runner, ["--criteria", str(mini_root), "reciprocity", str(bad)])
    assert result.exit_code == 2, result.output
    # line 11: 7 lines of header and section before it; col 26: 4 + len("HUMINT: {host_level: ") + 1
    assert f"{bad}:11:26: reciprocity.disciplines.HUMINT.host_level: expected one of L0, L1, L2, L3, found L9" \
        in result.output
    a = _write(tmp_path, "a.yaml", AT_T1)
    other = tmp_path / "o.yaml"
    other.write_text(assessment_yaml(AT_T1).replace("partner: Testland", "partner: Otherland"))
    result = run(runner, ["--criteria", str(mini_root), "reciprocity", str(a), str(other)])
    assert result.exit_code == 2, result.output
    assert "error: a history needs assessments of one partner with one host" in result.output


# -- report ---------------------------------------------------------------------------------------

class _ReciprocitySection(HTMLParser):
    """Collects the text of each table row inside <section id="reciprocity">."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.rows: list[str] = []
        self.items: list[str] = []
        self.cells: list[str] | None = None
        self.flagged: list[str] = []
        self._li: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section":
            self.inside = dict(attrs).get("id") == "reciprocity"
        if not self.inside:
            return
        if tag == "tr":
            self.cells = []
            if dict(attrs).get("class") == "gating":
                self.flagged.append(str(len(self.rows)))
        if tag == "li":
            self._li = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self.inside = False
        if self.inside and tag == "tr" and self.cells is not None:
            self.rows.append(" ".join(" ".join(self.cells).split()))
            self.cells = None
        if self.inside and tag == "li" and self._li is not None:
            self.items.append(" ".join("".join(self._li).split()))
            self._li = None

    def handle_data(self, data: str) -> None:
        if self.inside and self.cells is not None:
            self.cells.append(data)
        if self.inside and self._li is not None:
            self._li.append(data)


def test_report_has_reciprocity_section(mini_root: Path, tmp_path: Path, runner: CliRunner) -> None:
    f = _write(tmp_path, "a.yaml", AT_T1, UNDER)
    out = tmp_path / "a.html"
    result = run(runner, ["--criteria", str(mini_root), "report", "--format", "html", "-o", str(out), str(f)])
    assert result.exit_code == 0, result.output

    html = out.read_text()
    page = _ReciprocitySection()
    page.feed(html)
    # one row per discipline, each side's status in words; the rules that decided them in the annex
    assert page.rows[0] == "Discipline Hostland → Testland Testland → Hostland Parity"
    assert page.rows[1] == ("HUMINT Human broken: L0 delivered, L1 committed (short by 1 level) "
                            "met: L1 delivered, L1 expected capability building —")
    assert page.rows[2] == ("CTI Cyber kept: L1 delivered, L1 committed "
                            "short: L1 delivered, L2 expected (short by 1 level) capability online 1.00")
    assert page.flagged == ["1", "2"]  # the broken host commitment and the partner's shortfall, marked alike
    assert "T1 commits L1; delivered L0 → broken, short by 1 level" not in html.split('id="rules"')[0]
    assert "T1 commits L1; delivered L0 → broken, short by 1 level" in html.split('id="rules"')[1]
    # what T2 would unlock: the commitment now, what was delivered, the commitment at T2
    assert page.rows[3] == ("Discipline Hostland commits at T1 Hostland delivered Would commit at T2 Change "
                            "Testland expected at T2")
    assert "HUMINT L1 L0 L1 same L1" in page.rows
    assert "CTI L1 L1 L2 +1 L2" in page.rows
