"""The reciprocity ledger: pure functions from (catalog, assessment, score) to a frozen two-way
account of sharing per intelligence discipline, and from several ledgers to their history.

Rules, all documented in docs/reciprocity.md and repeated in each line's `rule` string. A level's
index is its position in the catalog's `levels` list (L0 → 0, L1 → 1, …).

- Tier reached: the overall tier of the view the catalog's reciprocity model names as its trigger
  (`trigger`, absent: claimed; fvey 1.2 and later: verified) ("none" below T1, whose commitments
  are listed under "T0"). When the claimed tier is higher, the ledger also lists what the claimed
  tier would commit the host to once it is evidenced (`pending`).
- Host side: the commitment due is the catalog's `host_commitments` for the tier reached (the
  nearest tier at or below it that lists commitments; none at all → the lowest level). When the
  catalog sets `host_lead_cap`, it is lowered to the partner's recorded level + the cap. Delivered
  (the assessment's `host_level`) equal → delivered, above → exceeded, below → broken, short by
  the difference in levels. A broken commitment is a finding against the host.
- Partner side: expected = the level `by_capability` gives for the partner's capability; where
  the capability is online and the tier has a parity target p (nearest tier at or below),
  at least ceil(p × index of the host's committed level). Delivered at or above → met, else short.
- Parity ratio per discipline: partner level index ÷ host delivered level index; undefined (None)
  when the host delivers L0. Overall: level-sum ratio, Σ partner indices ÷ Σ host delivered
  indices over the recorded disciplines (None when the host sum is 0).
- Next tier: per discipline, the host commitment at the next tier against the one due now, and
  the partner expectation the next tier would bring.
- No reciprocity section, or a discipline left out of it: the commitments due are still listed;
  delivered levels, capability and the partner's expectation are unknown (status not_recorded).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import Literal

from pydantic import Field

from roadmap.engine import scoring
from roadmap.engine.scoring import Score
from roadmap.errors import UsageError
from roadmap.i18n import _, ngettext
from roadmap.models.assessment import Assessment, Capability, Round, SharingRecord
from roadmap.models.base import Result, View, absent
from roadmap.models.catalog import BEFORE_FIRST_TIER, Catalog, ReciprocityModel
from roadmap.words import tier_shown, words

HostStatus = Literal["delivered", "exceeded", "broken", "not_recorded"]
PartnerStatus = Literal["met", "short", "not_recorded"]


class HostSide(Result):
    """What the host owes the partner in one discipline, and what it gave."""

    committed: str
    tier_commitment: str
    capped: bool
    delivered: str | None
    status: HostStatus
    short_by: int
    rule: str


class PartnerSide(Result):
    """What the partner is expected to give in one discipline, and what it gave."""

    capability: Capability | None
    expected: str | None
    delivered: str | None
    status: PartnerStatus
    short_by: int
    rule: str


class Unlock(Result):
    """What the next tier would change in one discipline."""

    tier: str
    host_now: str
    host_next: str
    raised_by: int
    partner_expected_next: str | None


class DisciplineLedger(Result):
    id: str
    name: str
    host: HostSide
    partner: PartnerSide
    parity: float | None
    parity_rule: str
    next: Unlock | None


class LedgerFinding(Result):
    """A broken host commitment or a partner shortfall: reported alike, side named."""

    side: Literal["host", "partner"]
    discipline: str
    expected: str
    delivered: str
    short_by: int
    message: str


class CapabilityLine(Result):
    """One of the partner's capability items (the catalog's `reciprocity.capabilities`): what it is,
    the discipline it bears on and the partner's capability recorded there. Listed, never scored."""

    id: str
    name: str
    discipline: str | None
    description: str
    #: The partner's capability in that discipline, as the sharing record gives it (None: not
    #: recorded, or the item bears on every discipline).
    recorded: Capability | None
    text: str


class Ledger(Result):
    catalog: str
    partner: str
    host: str
    as_of: dt.date
    tier: int
    tier_id: str
    next_tier: str | None
    recorded: bool
    period_start: dt.date | None
    period_end: dt.date | None
    disciplines: tuple[DisciplineLedger, ...]
    not_recorded: tuple[str, ...]
    parity: float | None
    parity_target: float | None
    parity_rule: str
    findings: tuple[LedgerFinding, ...]
    broken: int
    short: int
    #: The view whose tier triggers the commitments; absent from the JSON when it is the claimed one.
    trigger: View = Field(default=View.CLAIMED, exclude_if=lambda v: v is View.CLAIMED)
    #: When the claimed tier is above the trigger view's: that tier, and per discipline what it would
    #: commit the host to once evidenced (absent from the JSON when there is nothing pending).
    claimed_tier_id: str | None = Field(default=None, exclude_if=absent)
    pending: dict[str, Unlock] = Field(default_factory=dict, exclude_if=lambda v: not v)
    #: What the host owes on criteria whose targets need its action (the score's `host_actions`).
    host_actions: tuple[str, ...] = Field(default=(), exclude_if=lambda v: not v)
    #: The partner's capability items of the catalog, listed with what is recorded (absent from the
    #: JSON when the catalog has none, as in fvey 1.x).
    capabilities: tuple[CapabilityLine, ...] = Field(default=(), exclude_if=lambda v: not v)

    @property
    def ok(self) -> bool:
        return not self.findings


class RoundCell(Result):
    """One discipline in one round of the history."""

    capability: Capability | None
    host_committed: str
    host_delivered: str | None
    host_status: HostStatus
    partner_expected: str | None
    partner_delivered: str | None
    partner_status: PartnerStatus


class HistoryRound(Result):
    file: str
    as_of: dt.date
    tier_id: str
    recorded: bool
    cells: dict[str, RoundCell]
    kept: int
    broken: int
    met: int
    short: int
    parity: float | None


class History(Result):
    partner: str
    host: str
    disciplines: tuple[str, ...]
    rounds: tuple[HistoryRound, ...]
    rule: str


# -- helpers ------------------------------------------------------------------------------------

def _levels(model: ReciprocityModel) -> list[str]:
    return [lv.id for lv in model.levels]


def _at_or_below(catalog: Catalog, table: dict[str, object], tier: int) -> str | None:
    """The key of `table` for tier index `tier`, else the nearest lower tier's (`BEFORE_FIRST_TIER` last)."""
    keys = [BEFORE_FIRST_TIER, *catalog.tier_ids]
    for key in reversed(keys[: tier + 1]):
        if key in table:
            return key
    return None


def _tier_commitment(catalog: Catalog, tier: int, discipline: str) -> str:
    model = catalog.meta.reciprocity
    key = _at_or_below(catalog, dict(model.host_commitments), tier)
    return model.host_commitments[key][discipline] if key else _levels(model)[0]


def _parity_target(catalog: Catalog, tier: int) -> float | None:
    pt = catalog.meta.reciprocity.partner_expectations.parity_target
    key = _at_or_below(catalog, dict(pt), tier)
    return pt[key] if key else None


def _expected(catalog: Catalog, tier: int, capability: Capability, committed: str) -> tuple[str, str]:
    """The partner's expected level and the rule that gives it."""
    model = catalog.meta.reciprocity
    levels = _levels(model)
    base = model.partner_expectations.by_capability.get(capability, levels[0])
    why = _("capability %(capability)s: %(level)s expected", capability=words(capability), level=base)
    p = _parity_target(catalog, tier)
    if capability != "online" or p is None:
        return base, why if capability != "online" else _("%(why)s; no parity target at this tier", why=why)
    # round() first: 0.7 × 10 is 7.000000000000001 in binary floating point, not 7
    floor = min(len(levels) - 1, math.ceil(round(p * levels.index(committed), 9)))
    expected = levels[max(levels.index(base), floor)]
    return expected, _("%(why)s; parity %(p)s × %(committed)s committed (%(index)s) → at least %(floor)s; expected "
                       "%(expected)s", why=why, p=format(p, "g"), committed=committed, index=levels.index(committed),
                       floor=levels[floor], expected=expected)


# -- one assessment -----------------------------------------------------------------------------

def ledger(catalog: Catalog, assessment: Assessment, score: Score) -> Ledger:
    """The two-way ledger of one assessment, at the tier `score` says the partner has reached."""
    recip = assessment.reciprocity
    records = recip.disciplines if recip is not None else {}
    trigger = catalog.meta.reciprocity.trigger
    tier = score.view(trigger).overall_tier
    lines = tuple(_discipline(catalog, tier, d.id, d.name, records.get(d.id))
                  for d in catalog.meta.reciprocity.disciplines)
    findings = _findings(catalog, assessment, tier, lines)
    parity, prule = _overall_parity(_levels(catalog.meta.reciprocity), lines)
    claimed = score.claimed.overall_tier
    return Ledger(
        trigger=trigger, claimed_tier_id=catalog.tier_name(claimed) if claimed > tier else None,
        pending=_pending(catalog, tier, claimed, records), host_actions=tuple(a.text for a in score.host_actions),
        catalog=catalog.ref, partner=assessment.partner, host=assessment.host, as_of=score.as_of,
        tier=tier, tier_id=catalog.tier_name(tier), next_tier=score.next_tier, recorded=recip is not None,
        period_start=recip.period_start if recip else None, period_end=recip.period_end if recip else None,
        disciplines=lines, not_recorded=tuple(d.id for d in lines if d.host.status == "not_recorded"),
        parity=parity, parity_target=_parity_target(catalog, tier), parity_rule=prule,
        findings=findings, broken=sum(1 for f in findings if f.side == "host"),
        short=sum(1 for f in findings if f.side == "partner"), capabilities=_capabilities(catalog, records))


def _capabilities(catalog: Catalog, records: Mapping[str, SharingRecord]) -> tuple[CapabilityLine, ...]:
    """The catalog's capability items, each with the partner's capability recorded in its discipline."""
    out = []
    for cap in catalog.meta.reciprocity.capabilities or ():
        record = records.get(cap.discipline) if cap.discipline else None
        recorded = record.partner_capability if record else None
        where = (f"{cap.discipline}; recorded capability: {recorded}" if recorded else
                 f"{cap.discipline}; capability not recorded" if cap.discipline else "every discipline")
        out.append(CapabilityLine(id=cap.id, name=cap.name, discipline=cap.discipline, description=cap.description,
                                  recorded=recorded, text=f"{cap.id} {cap.name} ({where})"))
    return tuple(out)


def _discipline(catalog: Catalog, tier: int, did: str, name: str, record: SharingRecord | None) -> DisciplineLedger:
    """One discipline's line at tier `tier`; `record`: what the assessment recorded of it, if anything."""
    host = _host_side(catalog, tier, did, record)
    if record is None:
        partner = PartnerSide(capability=None, expected=None, delivered=None, status="not_recorded",
                              short_by=0, rule=_("capability and level not recorded: no expectation"))
        parity, parity_rule = None, _("not recorded")
    else:
        partner = _partner_side(catalog, tier, host.committed, record)
        parity, parity_rule = _parity(_levels(catalog.meta.reciprocity), record)
    return DisciplineLedger(id=did, name=name, host=host, partner=partner, parity=parity,
                            parity_rule=parity_rule, next=_unlock(catalog, tier, did, record))


def _host_side(catalog: Catalog, tier: int, did: str, record: SharingRecord | None) -> HostSide:
    model = catalog.meta.reciprocity
    levels = _levels(model)
    # how the rule names the tier: the catalog keys the commitments below T1 as BEFORE_FIRST_TIER
    tier_key = _("below T1, the host") if tier == 0 else catalog.tier_name(tier)
    promised = _tier_commitment(catalog, tier, did)
    if record is None:
        return HostSide(committed=promised, tier_commitment=promised, capped=False, delivered=None,
                        status="not_recorded", short_by=0,
                        rule=_("%(tier)s commits %(level)s; nothing delivered recorded", tier=tier_key, level=promised))
    committed, cap_note = promised, ""
    if model.host_lead_cap is not None:
        ceiling = min(len(levels) - 1, levels.index(record.partner_level) + model.host_lead_cap)
        if ceiling < levels.index(promised):
            committed = levels[ceiling]
            cap_note = _(" (capped from %(level)s: partner shares %(partner)s + %(cap)s)", level=promised,
                         partner=record.partner_level, cap=model.host_lead_cap)
    gap = levels.index(committed) - levels.index(record.host_level)
    status: HostStatus = "broken" if gap > 0 else "exceeded" if gap < 0 else "delivered"
    word = (ngettext("broken, short by %(num)d level", "broken, short by %(num)d levels", gap) if gap > 0 else
            ngettext("exceeded by %(num)d level", "exceeded by %(num)d levels", -gap) if gap < 0 else
            words("delivered"))
    return HostSide(committed=committed, tier_commitment=promised, capped=committed != promised,
                    delivered=record.host_level, status=status, short_by=max(0, gap),
                    rule=_("%(tier)s commits %(level)s%(cap)s; delivered %(delivered)s → %(status)s", tier=tier_key,
                           level=committed, cap=cap_note, delivered=record.host_level, status=word))


def _partner_side(catalog: Catalog, tier: int, committed: str, record: SharingRecord) -> PartnerSide:
    levels = _levels(catalog.meta.reciprocity)
    expected, why = _expected(catalog, tier, record.partner_capability, committed)
    gap = levels.index(expected) - levels.index(record.partner_level)
    status: PartnerStatus = "short" if gap > 0 else "met"
    word = ngettext("short by %(num)d level", "short by %(num)d levels", gap) if gap > 0 else words("met")
    return PartnerSide(capability=record.partner_capability, expected=expected, delivered=record.partner_level,
                       status=status, short_by=max(0, gap),
                       rule=_("%(why)s; delivered %(delivered)s → %(status)s", why=why, delivered=record.partner_level,
                              status=word))


def _parity(levels: list[str], record: SharingRecord) -> tuple[float | None, str]:
    """Partner level index ÷ host delivered level index, and how it was found."""
    h, p = levels.index(record.host_level), levels.index(record.partner_level)
    if h == 0:
        return None, _("host delivers %(level)s: no parity to measure", level=record.host_level)
    parity = round(p / h, 4)
    return parity, f"{record.partner_level} ({p}) ÷ {record.host_level} ({h}) = {parity:g}"


def _unlock(catalog: Catalog, tier: int, did: str, record: SharingRecord | None) -> Unlock | None:
    """What the next tier would change in discipline `did` (None at the top tier)."""
    return None if tier >= len(catalog.tier_ids) else _raise(catalog, tier, tier + 1, did, record)


def _pending(catalog: Catalog, tier: int, claimed: int, records: Mapping[str, SharingRecord]) -> dict[str, Unlock]:
    """What the claimed tier, above the trigger view's, would commit the host to once evidenced."""
    if claimed <= tier:
        return {}
    return {d.id: _raise(catalog, tier, claimed, d.id, records.get(d.id)) for d in catalog.meta.reciprocity.disciplines}


def _raise(catalog: Catalog, tier: int, then: int, did: str, record: SharingRecord | None) -> Unlock:
    """What reaching tier `then` from `tier` changes in discipline `did`: the host's commitment now
    and then, and (with a sharing record) what the partner would be expected to share then."""
    now, promised = _tier_commitment(catalog, tier, did), _tier_commitment(catalog, then, did)
    expected = _expected(catalog, then, record.partner_capability, promised)[0] if record is not None else None
    levels = _levels(catalog.meta.reciprocity)
    return Unlock(tier=catalog.tier_name(then), host_now=now, host_next=promised,
                  raised_by=levels.index(promised) - levels.index(now), partner_expected_next=expected)


def _findings(catalog: Catalog, assessment: Assessment, tier: int,
              lines: tuple[DisciplineLedger, ...]) -> tuple[LedgerFinding, ...]:
    """Broken host commitments first, then partner shortfalls, each in catalog order."""
    host = [LedgerFinding(side="host", discipline=d.id, expected=d.host.committed, delivered=d.host.delivered or "",
                          short_by=d.host.short_by,
                          message=ngettext("%(host)s broke its %(id)s commitment: committed %(committed)s at %(tier)s, "
                                           "delivered %(delivered)s (short by %(num)d level)",
                                           "%(host)s broke its %(id)s commitment: committed %(committed)s at %(tier)s, "
                                           "delivered %(delivered)s (short by %(num)d levels)", d.host.short_by,
                                           host=assessment.host, id=d.id, committed=d.host.committed,
                                           tier=tier_shown(catalog, tier), delivered=d.host.delivered))
            for d in lines if d.host.status == "broken"]
    partner = [LedgerFinding(side="partner", discipline=d.id, expected=d.partner.expected or "",
                             delivered=d.partner.delivered or "", short_by=d.partner.short_by,
                             message=ngettext("%(partner)s fell short in %(id)s: expected %(expected)s (capability "
                                              "%(capability)s), delivered %(delivered)s (short by %(num)d level)",
                                              "%(partner)s fell short in %(id)s: expected %(expected)s (capability "
                                              "%(capability)s), delivered %(delivered)s (short by %(num)d levels)",
                                              d.partner.short_by, partner=assessment.partner, id=d.id,
                                              expected=d.partner.expected, capability=words(d.partner.capability or ""),
                                              delivered=d.partner.delivered))
               for d in lines if d.partner.status == "short"]
    return (*host, *partner)


def _overall_parity(levels: list[str], lines: tuple[DisciplineLedger, ...]) -> tuple[float | None, str]:
    """The level-sum ratio over the disciplines with both sides recorded, and how it was found."""
    rec = [(d.host.delivered, d.partner.delivered) for d in lines
           if d.host.delivered is not None and d.partner.delivered is not None]
    if not rec:
        return None, _("nothing recorded")
    hsum = sum(levels.index(h) for h, _p in rec)
    psum = sum(levels.index(p) for _h, p in rec)
    if hsum == 0:
        return None, _("the host delivers L0 in every recorded discipline: no parity to measure")
    parity = round(psum / hsum, 4)
    return parity, ngettext("level sum: partner %(partner)s ÷ host delivered %(host)s = %(parity)s over %(num)d "
                            "recorded discipline", "level sum: partner %(partner)s ÷ host delivered %(host)s = "
                            "%(parity)s over %(num)d recorded disciplines", len(rec), partner=psum, host=hsum,
                            parity=format(parity, ".2f"))


# -- several assessments of one partner -----------------------------------------------------------

def history(entries: Sequence[tuple[str, Ledger]]) -> History:
    """The ledger over rounds: `entries` are (file, ledger) of one partner and host, any order.

    Rounds are ordered by as_of (then file name); disciplines in first-seen catalog order."""
    if not entries:
        raise UsageError("no assessments given")
    pairs = sorted({(lg.partner, lg.host) for _, lg in entries})
    if len(pairs) > 1:
        seen = ", ".join(f"{p} with {h} ({next(f for f, lg in entries if (lg.partner, lg.host) == (p, h))})"
                         for p, h in pairs)
        raise UsageError(f"a history needs assessments of one partner with one host; found {seen}")
    rounds: list[HistoryRound] = []
    order: list[str] = []
    for file, lg in sorted(entries, key=lambda e: (e[1].as_of, e[0])):
        cells = {}
        for d in lg.disciplines:
            if d.id not in order:
                order.append(d.id)
            cells[d.id] = RoundCell(
                capability=d.partner.capability, host_committed=d.host.committed,
                host_delivered=d.host.delivered, host_status=d.host.status,
                partner_expected=d.partner.expected, partner_delivered=d.partner.delivered,
                partner_status=d.partner.status)
        rounds.append(HistoryRound(
            file=file, as_of=lg.as_of, tier_id=lg.tier_id, recorded=lg.recorded, cells=cells,
            kept=sum(1 for c in cells.values() if c.host_status in ("delivered", "exceeded")),
            broken=lg.broken, met=sum(1 for c in cells.values() if c.partner_status == "met"),
            short=lg.short, parity=lg.parity))
    partner, host = pairs[0]
    return History(partner=partner, host=host, disciplines=tuple(order), rounds=tuple(rounds),
                   rule=_("rounds ordered by as_of; kept = delivered or exceeded; met = at or above expected"))


class Account(Result):
    """Ledgers of one or more assessments of one partner (in the order given) and their history."""

    files: tuple[str, ...]
    ledgers: tuple[Ledger, ...]
    history: History

    @property
    def latest(self) -> Ledger:
        """The ledger of the latest round (by as_of): the one that decides --fail-on-broken."""
        return self.ledgers[self.files.index(self.history.rounds[-1].file)]


def account(entries: Sequence[Round]) -> Account:
    """Score each (file, catalog, assessment), build its ledger, and the history over all of them."""
    ledgers = tuple(ledger(catalog, a, scoring.score(catalog, a)) for _, catalog, a in entries)
    files = tuple(f for f, _, _ in entries)
    return Account(files=files, ledgers=ledgers, history=history(list(zip(files, ledgers, strict=True))))


__all__ = [
    "Account",
    "DisciplineLedger",
    "History",
    "HistoryRound",
    "Ledger",
    "LedgerFinding",
    "RoundCell",
    "Unlock",
    "account",
    "history",
    "ledger",
]
