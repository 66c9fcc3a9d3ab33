"""`roadmap reciprocity` on the terminal: the two-way ledger of the latest assessment and, with
several rounds, their history."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from roadmap.i18n import _, date, decimal
from roadmap.models.base import NO_TIER
from roadmap.present.terminal.layout import Block, Col, grid, labelled, say
from roadmap.present.terminal.layout import text as _t
from roadmap.words import count, tier_word
from roadmap.words import words as _words

if TYPE_CHECKING:
    from roadmap.engine.reciprocity import DisciplineLedger, History, HistoryRound, Ledger


def _short(status: str, short_by: int) -> str:
    if status == "short":
        return _("short by %(levels)s", levels=short_by)
    word = _words(status)
    return _("%(status)s, short by %(levels)s", status=word, levels=short_by) if short_by else word


def _tier_reached(tier_id: str) -> str:
    return _("no tier reached yet") if tier_id == NO_TIER else _("tier reached %(tier)s", tier=tier_id)


def print_reciprocity(out: Console, ledger: Ledger, file: str) -> None:
    """The two-way matrix of one assessment: discipline × direction, then findings and unlocks."""
    _heading(out, ledger, file)
    out.print()
    cols = [Col(_("discipline"), wrap=False), Col(_("direction")), Col(_("committed or expected")),
            Col(_("delivered")), Col(_("status")), Col(_("parity"), "right", wrap=False)]
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
        say(out, _("Commitments follow the %(view)s tier (%(tier)s); once evidenced, the claimed %(claimed)s would "
                   "commit the host to %(raised)s.", view=_words(ledger.trigger), tier=tier_word(ledger.tier_id),
                   claimed=ledger.claimed_tier_id, raised=", ".join(raised) if raised else _("nothing more")))
    for action in ledger.host_actions:
        say(out, _("The host owes: %(action)s", action=action))


def _heading(out: Console, ledger: Ledger, file: str) -> None:
    say(out, _("%(partner)s ⇄ %(host)s — reciprocity ledger (%(file)s)", partner=ledger.partner, host=ledger.host,
               file=file), "bold")
    facts = [_("catalog %(ref)s", ref=ledger.catalog), _("as of %(date)s", date=date(ledger.as_of)),
             _tier_reached(ledger.tier_id)]
    if ledger.period_start and ledger.period_end:
        facts.append(_("period %(start)s to %(end)s", start=date(ledger.period_start), end=date(ledger.period_end)))
    say(out, " · ".join(facts))
    if not ledger.recorded:
        say(out, _("no reciprocity section in %(file)s: nothing delivered is recorded; showing the commitments due "
                   "while no tier is reached", file=file) if ledger.tier_id == NO_TIER else
            _("no reciprocity section in %(file)s: nothing delivered is recorded; showing the commitments due at "
              "%(tier)s", file=file, tier=ledger.tier_id), "yellow")


def _discipline(d: DisciplineLedger, p: str, h: str) -> tuple[list[list[Text]], Block]:
    """A discipline's two rows (host to partner, partner to host), and the same as a block."""
    hs, ps = d.host, d.partner
    committed = _("%(level)s (cap; %(due)s due)", level=hs.committed, due=hs.tier_commitment) if hs.capped \
        else hs.committed
    host_status = _t(_short(hs.status, hs.short_by), "red" if hs.status == "broken" else "")
    expected = _("%(level)s (%(capability)s)", level=ps.expected, capability=_words(ps.capability or "")) \
        if ps.expected else "—"
    partner_status = _t(_short(ps.status, ps.short_by), "red" if ps.status == "short" else "")
    parity = "—" if d.parity is None else decimal(d.parity, 2)
    rows = [[_t(d.id), _t(f"{h} → {p}"), _t(committed), _t(hs.delivered or "—"), host_status, _t("")],
            [_t(""), _t(f"{p} → {h}"), _t(expected), _t(ps.delivered or "—"), partner_status, _t(parity)]]
    host_line = (_("committed %(level)s, delivered %(delivered)s: %(status)s", level=committed,
                   delivered=hs.delivered, status=host_status.plain) if hs.delivered else
                 _("committed %(level)s, %(status)s", level=committed, status=host_status.plain))
    partner_line = partner_status.plain
    if ps.delivered:
        partner_line = _("delivered %(delivered)s: %(status)s", delivered=ps.delivered, status=partner_line)
    if ps.expected:
        partner_line = _("expected %(expected)s (%(capability)s capability), %(rest)s", expected=ps.expected,
                         capability=_words(ps.capability or ""), rest=partner_line)
    if d.parity is not None:
        partner_line = _("%(line)s; parity %(parity)s", line=partner_line, parity=parity)
    return rows, (_t(d.id), [(f"{h} → {p}", _t(host_line, host_status.style)),
                             (f"{p} → {h}", _t(partner_line, partner_status.style))])


def _findings(out: Console, ledger: Ledger) -> None:
    if ledger.findings:
        broken = count(ledger.broken, "%(num)d broken host commitment", "%(num)d broken host commitments")
        short = count(ledger.short, "%(num)d partner shortfall", "%(num)d partner shortfalls")
        say(out, _("Findings (%(broken)s, %(short)s):", broken=broken, short=short), "bold")
        for f in ledger.findings:
            say(out, labelled(_words(f.side), f.message), indent=2)
    elif ledger.recorded:
        say(out, _("No findings: every recorded commitment and expectation is met."))
    if ledger.not_recorded and ledger.recorded:
        say(out, _("Not recorded: %(ids)s", ids=", ".join(ledger.not_recorded)))


def _parity(out: Console, ledger: Ledger) -> None:
    p, h = ledger.partner, ledger.host
    target = "" if ledger.parity_target is None else \
        _(" (target at %(tier)s: %(target)s)", tier=tier_word(ledger.tier_id), target=format(ledger.parity_target, "g"))
    recorded = any(d.host.delivered is not None and d.partner.delivered is not None for d in ledger.disciplines)
    if ledger.parity is not None:
        say(out, _("Parity (%(partner)s ÷ %(host)s): %(parity)s%(target)s — %(rule)s", partner=p, host=h,
                   parity=decimal(ledger.parity, 2), target=target, rule=ledger.parity_rule))
    elif not recorded:
        say(out, _("Parity (%(partner)s ÷ %(host)s): nothing recorded, so no parity%(target)s", partner=p, host=h,
                   target=target))
    else:
        say(out, _("Parity (%(partner)s ÷ %(host)s): none%(target)s — %(rule)s", partner=p, host=h, target=target,
                   rule=ledger.parity_rule))


def _unlocks(out: Console, ledger: Ledger) -> None:
    """What the next tier would raise, discipline by discipline."""
    p, h = ledger.partner, ledger.host
    unlocks = [(d.id, d.next) for d in ledger.disciplines if d.next is not None]
    if not unlocks:
        say(out, _("Top tier reached: nothing further to unlock."))
        return
    tier = unlocks[0][1].tier
    out.print()
    say(out, _("Next tier %(tier)s would unlock:", tier=tier), "bold")
    cols = [Col(_("discipline"), wrap=False), Col(_("%(host)s now", host=h)),
            Col(_("%(host)s at %(tier)s", host=h, tier=tier)), Col(_("change")),
            Col(_("%(partner)s expected at %(tier)s", partner=p, tier=tier))]
    grid(out, cols, [[_t(did), _t(n.host_now), _t(n.host_next), _t(f"+{n.raised_by}" if n.raised_by else _("same")),
                      _t(n.partner_expected_next or "—")] for did, n in unlocks])


def print_history(out: Console, history: History) -> None:
    """Rounds as columns; per discipline and side, delivered of committed/expected and its status."""
    rounds = count(len(history.rounds), "%(num)d round", "%(num)d rounds")
    say(out, _("History: %(partner)s ⇄ %(host)s, %(rounds)s", partner=history.partner, host=history.host,
               rounds=rounds), "bold")
    labels = [_("file"), _("tier reached")]
    for did in history.disciplines:
        labels += [f"{did} {history.host} →", f"{did} {history.partner} →"]
    labels += [_("kept / broken"), _("met / short"), _("parity")]
    columns = [_history_column(history, r) for r in history.rounds]
    cols = [Col("", wrap=False), *(Col(date(r.as_of)) for r in history.rounds)]
    rows = [[_t(label), *(col[i] for col in columns)] for i, label in enumerate(labels)]
    blocks = [(_t(f"{date(r.as_of)} ({Path(r.file).name})"), list(zip(labels[1:], col[1:], strict=True)))
              for r, col in zip(history.rounds, columns, strict=True)]
    grid(out, cols, rows, blocks=blocks)


def _history_column(history: History, r: HistoryRound) -> list[Text]:
    """A round's column: file, tier, each discipline's host and partner side, then the counts."""
    col = [_t(Path(r.file).name), _t(tier_word(r.tier_id))]
    for did in history.disciplines:
        c = r.cells.get(did)
        if c is None:
            col += [_t("—"), _t("—")]
            continue
        col.append(_t(_("%(level)s due, not recorded", level=c.host_committed) if c.host_delivered is None else
                      _("%(delivered)s of %(committed)s %(status)s", delivered=c.host_delivered,
                        committed=c.host_committed, status=_words(c.host_status))))
        col.append(_t(_words("not_recorded") if c.partner_expected is None else
                      _("%(delivered)s of %(expected)s %(status)s (%(capability)s)", delivered=c.partner_delivered,
                        expected=c.partner_expected, status=_words(c.partner_status),
                        capability=_words(c.capability or ""))))
    return [*col, _t(f"{r.kept} / {r.broken}"), _t(f"{r.met} / {r.short}"),
            _t("—" if r.parity is None else decimal(r.parity, 2))]
