"""The two-way ledger at the tier that triggers the host's commitments (roadmap.engine.reciprocity;
docs/reciprocity.md), laid out as one row per discipline with each side's status in words
("met: L2 delivered, L2 expected"); the rules that decided each status go to the rules annex."""

from __future__ import annotations

from roadmap.engine.reciprocity import DisciplineLedger, HostSide, Ledger, PartnerSide
from roadmap.i18n import N_, _, date, ngettext
from roadmap.models.catalog import Catalog
from roadmap.report.base import Part, ratio
from roadmap.words import count, words

#: What a side's status says before its figures (in the current language: `_(word)`).
_HOST_WORD = {"delivered": N_("kept"), "exceeded": N_("exceeded"), "broken": N_("broken"),
              "not_recorded": N_("not recorded")}
_PARTNER_WORD = {"met": N_("met"), "short": N_("short"), "not_recorded": N_("not recorded")}


class ReciprocityRow(Part):
    """One discipline, both directions, in words."""

    discipline: str
    name: str
    host: str  # "broken: L1 delivered, L2 committed (short by 1 level)"
    host_failing: bool
    partner: str  # "met: L2 delivered, L2 expected"
    #: The partner's capability in the discipline, in words ("capability online"), "" when not recorded.
    capability: str
    partner_failing: bool
    parity: str


class ReciprocityUnlock(Part):
    discipline: str
    committed_now: str
    delivered_now: str
    committed_next: str
    change: str
    partner_expected_next: str


class CapabilityRow(Part):
    """One of the partner's capability items, listed, not scored."""

    id: str
    name: str
    discipline: str
    recorded: str
    description: str


class ReciprocityRule(Part):
    """How one discipline's statuses and parity were decided (the rules annex lists these)."""

    discipline: str
    host: str
    partner: str
    parity: str


class ReciprocitySection(Part):
    #: "Reciprocity at T1", "Reciprocity below T1".
    title: str
    recorded: bool
    #: The tier that triggers the commitments, in words: "T1", "below T1".
    at: str
    #: Which view that tier is read in, in words: "claimed", "verified".
    trigger: str
    period: str
    host: str
    partner: str
    rows: tuple[ReciprocityRow, ...]
    broken_count: str  # "1 broken host commitment"
    short_count: str  # "2 partner shortfalls"
    #: Disciplines the assessment records nothing for (when it records others).
    not_recorded: tuple[str, ...]
    #: Without any record: what the host owes, in one sentence.
    due: str
    parity: str
    parity_target: str
    next_tier: str | None
    unlocks: tuple[ReciprocityUnlock, ...]
    #: What the claimed tier would commit the host to once evidenced ("" when nothing is pending).
    pending: str
    #: The partner's capability items (the catalog's `reciprocity.capabilities`); empty in fvey 1.x.
    capabilities: tuple[CapabilityRow, ...] = ()


def host_words(h: HostSide) -> str:
    """A host status in words: "broken: L1 delivered, L2 committed (short by 1 level)"."""
    committed = (_("%(level)s committed (capped; the tier commits %(due)s)", level=h.committed, due=h.tier_commitment)
                 if h.capped else _("%(level)s committed", level=h.committed))
    if h.delivered is None:
        return _("%(status)s: %(committed)s", status=_(_HOST_WORD[h.status]), committed=committed)
    short = ngettext(" (short by %(num)d level)", " (short by %(num)d levels)", h.short_by) if h.short_by else ""
    return _("%(status)s: %(delivered)s delivered, %(committed)s%(short)s", status=_(_HOST_WORD[h.status]),
             delivered=h.delivered, committed=committed, short=short)


def partner_words(p: PartnerSide) -> str:
    """A partner status in words: "short: L1 delivered, L2 expected (short by 1 level)"."""
    if p.delivered is None or p.expected is None:
        return _(_PARTNER_WORD[p.status])
    short = ngettext(" (short by %(num)d level)", " (short by %(num)d levels)", p.short_by) if p.short_by else ""
    return _("%(status)s: %(delivered)s delivered, %(expected)s expected%(short)s", status=_(_PARTNER_WORD[p.status]),
             delivered=p.delivered, expected=p.expected, short=short)


def _row(d: DisciplineLedger) -> ReciprocityRow:
    return ReciprocityRow(discipline=d.id, name=d.name, host=host_words(d.host), host_failing=d.host.status == "broken",
                          partner=partner_words(d.partner),
                          capability=_("capability %(capability)s", capability=words(d.partner.capability))
                          if d.partner.capability else "",
                          partner_failing=d.partner.status == "short", parity=ratio(d.parity))


def _unlock(d: DisciplineLedger) -> ReciprocityUnlock | None:
    if d.next is None:
        return None
    return ReciprocityUnlock(discipline=d.id, committed_now=d.next.host_now, delivered_now=d.host.delivered or "—",
                             committed_next=d.next.host_next,
                             change=f"+{d.next.raised_by}" if d.next.raised_by else _("same"),
                             partner_expected_next=d.next.partner_expected_next or "—")


def build_reciprocity(catalog: Catalog, lg: Ledger) -> ReciprocitySection:
    period = (_("%(start)s to %(end)s", start=date(lg.period_start), end=date(lg.period_end))
              if lg.period_start and lg.period_end else "")
    at = _("below T1") if lg.tier == 0 else lg.tier_id
    raised = [f"{did} {u.host_next}" for did, u in lg.pending.items() if u.raised_by > 0]
    return ReciprocitySection(
        title=_("Reciprocity below T1") if lg.tier == 0 else _("Reciprocity at %(tier)s", tier=at),
        recorded=lg.recorded, at=at, trigger=words(lg.trigger.value), period=period, host=lg.host, partner=lg.partner,
        rows=tuple(_row(d) for d in lg.disciplines),
        broken_count=count(lg.broken, "%(num)d broken host commitment", "%(num)d broken host commitments"),
        short_count=count(lg.short, "%(num)d partner shortfall", "%(num)d partner shortfalls"),
        not_recorded=lg.not_recorded if lg.recorded else (),
        due=", ".join(f"{d.id} {d.host.committed}" for d in lg.disciplines),
        parity=ratio(lg.parity), parity_target=ratio(lg.parity_target), next_tier=lg.next_tier,
        unlocks=tuple(u for d in lg.disciplines if (u := _unlock(d)) is not None),
        pending=(_("Once evidenced, the claimed %(tier)s would commit %(host)s to %(raised)s.",
                   tier=lg.claimed_tier_id, host=lg.host, raised=", ".join(raised))
                 if lg.claimed_tier_id and raised else ""),
        capabilities=tuple(CapabilityRow(id=c.id, name=c.name, discipline=c.discipline or _("all"),
                                         recorded=c.recorded or "—", description=c.description)
                           for c in lg.capabilities))
