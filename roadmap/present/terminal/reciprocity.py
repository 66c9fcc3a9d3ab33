"""`roadmap reciprocity` on the terminal: the two-way ledger of the latest assessment and, with
several rounds, their history."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from roadmap.models.base import NO_TIER
from roadmap.present.terminal.layout import Block, Col, grid, say
from roadmap.present.terminal.layout import text as _t
from roadmap.words import count as _n
from roadmap.words import words as _words

if TYPE_CHECKING:
    from roadmap.engine.reciprocity import DisciplineLedger, History, HistoryRound, Ledger


def _short(status: str, short_by: int) -> str:
    if status == "short":
        return f"short by {short_by}"
    word = _words(status)
    return f"{word}, short by {short_by}" if short_by else word


def _tier_reached(tier_id: str) -> str:
    return "no tier reached yet" if tier_id == NO_TIER else f"tier reached {tier_id}"


def print_reciprocity(out: Console, ledger: Ledger, file: str) -> None:
    """The two-way matrix of one assessment: discipline × direction, then findings and unlocks."""
    _heading(out, ledger, file)
    out.print()
    cols = [Col("discipline", wrap=False), Col("direction"), Col("committed or expected"),
            Col("delivered"), Col("status"), Col("parity", "right", wrap=False)]
    rows: list[list[Text]] = []
    blocks: list[Block] = []
    for d in ledger.disciplines:
        two_rows, one_block = _discipline(d, ledger.partner, ledger.host)
        rows += two_rows
        blocks.append(one_block)
    grid(out, cols, rows, blocks=blocks)
    out.print()
    _findings(out, ledger)
    _parity(out, ledger)
    _unlocks(out, ledger)
    _proof(out, ledger)
    _capabilities(out, ledger)


def _capabilities(out: Console, ledger: Ledger) -> None:
    """The partner's capability items: what they are and which discipline, listed, not scored."""
    if not ledger.capabilities:
        return
    out.print()
    say(out, f"{ledger.partner}'s capability items (what it can contribute, listed, not scored as protection "
             "criteria):", "bold")
    for cap in ledger.capabilities:
        say(out, cap.text, indent=2)
        say(out, cap.description, indent=4)


def _proof(out: Console, ledger: Ledger) -> None:
    """Commitments on what is proven: what the claimed tier would commit once evidenced, and what
    the host owes on targets that need its action."""
    raised = [f"{did} {u.host_now} → {u.host_next}" for did, u in ledger.pending.items() if u.raised_by > 0]
    if ledger.claimed_tier_id:
        say(out, f"Commitments follow the {ledger.trigger} tier ({ledger.tier_id}); once evidenced, the claimed "
                 f"{ledger.claimed_tier_id} would commit the host to "
                 + (", ".join(raised) if raised else "nothing more") + ".")
    for action in ledger.host_actions:
        say(out, f"The host owes: {action}")


def _heading(out: Console, ledger: Ledger, file: str) -> None:
    say(out, f"{ledger.partner} ⇄ {ledger.host} — reciprocity ledger ({file})", "bold")
    period = (f" · period {ledger.period_start.isoformat()} to {ledger.period_end.isoformat()}"
              if ledger.period_start and ledger.period_end else "")
    say(out, f"catalog {ledger.catalog} · as of {ledger.as_of.isoformat()} · {_tier_reached(ledger.tier_id)}"
             f"{period}")
    if not ledger.recorded:
        due = "while no tier is reached" if ledger.tier_id == NO_TIER else f"at {ledger.tier_id}"
        say(out, f"no reciprocity section in {file}: nothing delivered is recorded; "
                 f"showing the commitments due {due}", "yellow")


def _discipline(d: DisciplineLedger, p: str, h: str) -> tuple[list[list[Text]], Block]:
    """A discipline's two rows (host to partner, partner to host), and the same as a block."""
    hs, ps = d.host, d.partner
    committed = hs.committed + (f" (cap; {hs.tier_commitment} due)" if hs.capped else "")
    host_status = _t(_short(hs.status, hs.short_by), "red" if hs.status == "broken" else "")
    expected = f"{ps.expected} ({ps.capability})" if ps.expected else "—"
    partner_status = _t(_short(ps.status, ps.short_by), "red" if ps.status == "short" else "")
    parity = "—" if d.parity is None else f"{d.parity:.2f}"
    rows = [[_t(d.id), _t(f"{h} → {p}"), _t(committed), _t(hs.delivered or "—"), host_status, _t("")],
            [_t(""), _t(f"{p} → {h}"), _t(expected), _t(ps.delivered or "—"), partner_status, _t(parity)]]
    host_line = f"committed {committed}, " + (f"delivered {hs.delivered}: " if hs.delivered else "") \
        + host_status.plain
    partner_line = ((f"expected {ps.expected} ({ps.capability} capability), " if ps.expected else "")
                    + (f"delivered {ps.delivered}: " if ps.delivered else "") + partner_status.plain
                    + (f"; parity {parity}" if d.parity is not None else ""))
    return rows, (_t(d.id), [(f"{h} → {p}", _t(host_line, host_status.style)),
                             (f"{p} → {h}", _t(partner_line, partner_status.style))])


def _findings(out: Console, ledger: Ledger) -> None:
    if ledger.findings:
        say(out, f"Findings ({_n(ledger.broken, 'broken host commitment')}, "
                 f"{_n(ledger.short, 'partner shortfall')}):", "bold")
        for f in ledger.findings:
            say(out, f"{f.side}: {f.message}", indent=2)
    elif ledger.recorded:
        say(out, "No findings: every recorded commitment and expectation is met.")
    if ledger.not_recorded and ledger.recorded:
        say(out, f"Not recorded: {', '.join(ledger.not_recorded)}")


def _parity(out: Console, ledger: Ledger) -> None:
    p, h = ledger.partner, ledger.host
    target = f" (target at {ledger.tier_id}: {ledger.parity_target:g})" if ledger.parity_target is not None else ""
    if ledger.parity is not None:
        say(out, f"Parity ({p} ÷ {h}): {ledger.parity:.2f}{target} — {ledger.parity_rule}")
    elif ledger.parity_rule == "nothing recorded":
        say(out, f"Parity ({p} ÷ {h}): nothing recorded, so no parity{target}")
    else:
        say(out, f"Parity ({p} ÷ {h}): none{target} — {ledger.parity_rule}")


def _unlocks(out: Console, ledger: Ledger) -> None:
    """What the next tier would raise, discipline by discipline."""
    p, h = ledger.partner, ledger.host
    unlocks = [(d.id, d.next) for d in ledger.disciplines if d.next is not None]
    if not unlocks:
        say(out, "Top tier reached: nothing further to unlock.")
        return
    tier = unlocks[0][1].tier
    out.print()
    say(out, f"Next tier {tier} would unlock:", "bold")
    cols = [Col("discipline", wrap=False), Col(f"{h} now"), Col(f"{h} at {tier}"), Col("change"),
            Col(f"{p} expected at {tier}")]
    grid(out, cols, [[_t(did), _t(n.host_now), _t(n.host_next), _t(f"+{n.raised_by}" if n.raised_by else "same"),
                      _t(n.partner_expected_next or "—")] for did, n in unlocks])


def print_history(out: Console, history: History) -> None:
    """Rounds as columns; per discipline and side, delivered of committed/expected and its status."""
    n = len(history.rounds)
    say(out, f"History: {history.partner} ⇄ {history.host}, {_n(n, 'round')}", "bold")
    labels = ["file", "tier reached"]
    for did in history.disciplines:
        labels += [f"{did} {history.host} →", f"{did} {history.partner} →"]
    labels += ["kept / broken", "met / short", "parity"]
    columns = [_history_column(history, r) for r in history.rounds]
    cols = [Col("", wrap=False), *(Col(r.as_of.isoformat()) for r in history.rounds)]
    rows = [[_t(label), *(col[i] for col in columns)] for i, label in enumerate(labels)]
    blocks = [(_t(f"{r.as_of.isoformat()} ({Path(r.file).name})"), list(zip(labels[1:], col[1:], strict=True)))
              for r, col in zip(history.rounds, columns, strict=True)]
    grid(out, cols, rows, blocks=blocks)


def _history_column(history: History, r: HistoryRound) -> list[Text]:
    """A round's column: file, tier, each discipline's host and partner side, then the counts."""
    col = [_t(Path(r.file).name), _t(r.tier_id)]
    for did in history.disciplines:
        c = r.cells.get(did)
        if c is None:
            col += [_t("—"), _t("—")]
            continue
        col.append(_t(f"{c.host_committed} due, not recorded" if c.host_delivered is None else
                      f"{c.host_delivered} of {c.host_committed} {_words(c.host_status)}"))
        col.append(_t("not recorded" if c.partner_expected is None else
                      f"{c.partner_delivered} of {c.partner_expected} {c.partner_status} ({c.capability})"))
    return [*col, _t(f"{r.kept} / {r.broken}"), _t(f"{r.met} / {r.short}"),
            _t("—" if r.parity is None else f"{r.parity:.2f}")]
