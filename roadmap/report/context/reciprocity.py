"""The two-way ledger at the tier reached (roadmap.engine.reciprocity; docs/reciprocity.md), laid
out as rows: two per discipline, host side first."""

from __future__ import annotations

from typing import Literal

from roadmap.engine.reciprocity import DisciplineLedger, Ledger, ledger
from roadmap.engine.scoring import Score
from roadmap.models.assessment import Assessment
from roadmap.models.catalog import Catalog
from roadmap.report.base import Part, ratio
from roadmap.words import count, words


class ReciprocityRow(Part):
    """One direction of one discipline: host → partner or partner → host."""

    discipline: str
    name: str
    side: Literal["host", "partner"]
    #: The host's side: the first of its discipline's two rows.
    host_side: bool
    direction: str
    expected: str  # "L2", "L2 (online)" for the partner, "—" when not recorded
    delivered: str
    status: str
    failing: bool
    parity: str
    rule: str


class ReciprocityUnlock(Part):
    discipline: str
    host_now: str
    host_next: str
    change: str
    partner_expected_next: str


class ReciprocitySection(Part):
    recorded: bool
    #: Whether a tier is reached: the host owes commitments from T1 up.
    reached: bool
    tier: str
    period: str
    host: str
    partner: str
    rows: tuple[ReciprocityRow, ...]
    findings: tuple[str, ...]
    broken: int
    short: int
    broken_count: str  # "1 broken host commitment"
    short_count: str  # "2 partner shortfalls"
    not_recorded: tuple[str, ...]
    parity: str
    parity_rule: str
    parity_target: str
    next_tier: str | None
    unlocks: tuple[ReciprocityUnlock, ...]


def _rows(lg: Ledger, d: DisciplineLedger) -> tuple[ReciprocityRow, ReciprocityRow]:
    h, p = d.host, d.partner
    return (
        ReciprocityRow(
            discipline=d.id, name=d.name, side="host", host_side=True, direction=f"{lg.host} → {lg.partner}",
            expected=h.committed + (f" (capped; {h.tier_commitment} due)" if h.capped else ""),
            delivered=h.delivered or "—",
            status=words(h.status) + (f", short by {h.short_by}" if h.short_by else ""),
            failing=h.status == "broken", parity="", rule=h.rule),
        ReciprocityRow(
            discipline=d.id, name=d.name, side="partner", host_side=False, direction=f"{lg.partner} → {lg.host}",
            expected=f"{p.expected} ({p.capability})" if p.expected else "—", delivered=p.delivered or "—",
            status=words(p.status) + (f" by {p.short_by}" if p.short_by else ""),
            failing=p.status == "short", parity=ratio(d.parity), rule=p.rule))


def _unlock(d: DisciplineLedger) -> ReciprocityUnlock | None:
    if d.next is None:
        return None
    return ReciprocityUnlock(discipline=d.id, host_now=d.next.host_now, host_next=d.next.host_next,
                             change=f"+{d.next.raised_by}" if d.next.raised_by else "same",
                             partner_expected_next=d.next.partner_expected_next or "—")


def build_reciprocity(catalog: Catalog, a: Assessment, result: Score) -> ReciprocitySection:
    lg = ledger(catalog, a, result)
    period = (f"{lg.period_start.isoformat()} to {lg.period_end.isoformat()}"
              if lg.period_start and lg.period_end else "")
    return ReciprocitySection(
        recorded=lg.recorded, reached=lg.tier > 0, tier=lg.tier_id, period=period, host=lg.host,
        partner=lg.partner, rows=tuple(row for d in lg.disciplines for row in _rows(lg, d)),
        findings=tuple(f.message for f in lg.findings), broken=lg.broken, short=lg.short,
        broken_count=count(lg.broken, "%(num)d broken host commitment", "%(num)d broken host commitments"),
        short_count=count(lg.short, "%(num)d partner shortfall", "%(num)d partner shortfalls"),
        not_recorded=lg.not_recorded, parity=ratio(lg.parity), parity_rule=lg.parity_rule,
        parity_target=ratio(lg.parity_target), next_tier=lg.next_tier,
        unlocks=tuple(u for d in lg.disciplines if (u := _unlock(d)) is not None))
