"""The scoring engine: pure functions from (catalog, assessment, as-of date) to a frozen result.

Rules, all documented in docs/scoring.md, printed in each report's annex (from `RULES`, below, which
also completes this docstring) and repeated in each result's `rule` strings:
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

from pydantic import Field

from roadmap.engine import measures
from roadmap.engine.ladders import Ladder, binding, ladder, value_tier, verified_tier
from roadmap.engine.measures import MeasureGap, MeasureScore
from roadmap.engine.rollup import RolledUp, holding_back, lacking_evidence, roll_up
from roadmap.gcpause import paused
from roadmap.i18n import N_, _, current, date, ngettext, percent
from roadmap.models.assessment import Assessment, Finding, FindingValue, Freshness
from roadmap.models.base import VIEWS, Result, Status, Verification, View, absent
from roadmap.models.catalog import Catalog, Criterion, DomainRule, Target
from roadmap.words import tier_shown, words

#: The engine's rules, one per item: the module docstring and the report's annex both show these.
RULES: tuple[str, ...] = (
    N_("A criterion reaches the highest tier whose target, and every lower tier's target, its value "
    "meets. A tier with no target does not require the criterion. Tier 0 means \"below T1\"."),
    N_("Progress (0..1) toward the criterion's top target: boolean: 1 when true, else 0; ordinal: level "
    "index ÷ index of the top target's level; higher-is-better numbers: value ÷ top target (capped "
    "at 1); lower-is-better numbers: 1 when the value is at or under the top target, else top "
    "target ÷ value (when the top target is 0: 1 ÷ (1 + value))."),
    N_("Not assessed counts as unmet: progress 0, and only the tiers that do not require the criterion "
    "are reached. A current not-applicable or exception is left out of its domain's count; an "
    "expired one counts as not assessed."),
    N_("Three views: claimed (the values as written), verified (a tier counts only when fresh evidence "
    "— dated on or before the as-of date and no older than the criterion's maximum age — reaches "
    "the minimum verification each tier up to it requires; verified progress is the value's own "
    "only when that evidence supports every tier the value reaches and at least the lowest tier's "
    "requirement, else the progress of the highest verified target, 0 without one), and strict "
    "(claimed, but not-applicable and exceptions count as unmet)."),
    N_("Domains roll up by the catalog's domain rule; the overall tier by its overall rule. A domain "
    "with no applicable criterion reaches no tier."),
    N_("Gaps to the next tier: exactly the criteria whose closure the rule needs, gating first, then by "
    "weight × distance (distance: how far the value is from the target, 0..1), then by id."),
)
__doc__ = (__doc__ or "") + "".join(f"\n- {rule}" for rule in RULES) + "\n"

#: Verification levels by rank: the data value (`self_asserted`); rule strings show them as words.
_VERIFICATION_LEVELS = dict(enumerate(Verification))


class CriterionScore(Result):
    id: str
    title: str
    domain: str
    gating: bool
    weight: int
    declared_status: Status
    status: Status
    value: FindingValue | None
    applicable: bool
    tier: int
    verified_tier: int
    progress: float
    verified_progress: float
    evidence_verification: Verification | None
    next_tier: str | None
    next_target: FindingValue | None
    rule: str
    verified_rule: str
    notes: tuple[str, ...] = ()
    #: A not-applicable or exception decision that ended before the as-of date (counted as not
    #: assessed). Not in the JSON, which shows it as `declared_status` ≠ `status` (docs/json.md).
    expired: bool = Field(default=False, exclude=True)
    #: A criterion with several measures: each measure's value (`value` is then None) and score.
    #: Absent from the JSON for a criterion of one measure.
    values: dict[str, FindingValue] | None = Field(default=None, exclude_if=absent)
    measures: tuple[MeasureScore, ...] = Field(default=(), exclude_if=lambda v: not v)


class DomainScore(Result):
    id: str
    name: str
    tier: int
    tier_id: str
    readiness: float
    counted: int
    left_out: int
    capped_by: tuple[str, ...]
    rule: str


class ViewScore(Result):
    view: View
    overall_tier: int
    overall_tier_id: str
    readiness: float
    domains: tuple[DomainScore, ...]
    rule: str


class Gap(Result):
    id: str
    title: str
    domain: str
    gating: bool
    weight: int
    status: Status
    value: FindingValue | None
    current_tier: str
    required_tier: str
    target: FindingValue
    target_basis: str
    unit: str | None
    distance: float
    priority: float
    reason: str
    remediation: str
    #: A criterion with several measures: the binding measure (the furthest from its target, whose
    #: value and target the gap shows) and every measure short of the tier. Absent for one measure.
    measure: str | None = Field(default=None, exclude_if=absent)
    measures: tuple[MeasureGap, ...] = Field(default=(), exclude_if=lambda v: not v)
    #: A roll-up's gap: the scopes whose own value misses the target (absent when not a roll-up).
    held_back_by: tuple[str, ...] | None = Field(default=None, exclude_if=absent)


class EvidenceGap(Result):
    """A criterion whose value meets a tier that its evidence does not yet support."""

    id: str
    title: str
    domain: str
    gating: bool
    weight: int
    claimed_tier: str
    verified_tier: str
    #: The first tier the evidence fails, and what that tier asks of evidence.
    unverified_tier: str
    needs: Verification
    max_age_days: int
    has: Verification | None
    reason: str
    #: A roll-up's evidence gap: the scopes whose fresh evidence falls short (absent when not a roll-up).
    held_back_by: tuple[str, ...] | None = Field(default=None, exclude_if=absent)


class DecisionEffect(Result):
    """A current not-applicable or exception decision that changes a tier: what the claimed view
    gives with it, and what it would give were the criterion counted as unmet."""

    id: str
    title: str
    status: Status
    gating: bool
    expires: dt.date
    approved_by: str
    domain: str
    domain_tier: str
    domain_tier_without: str
    overall_tier: str
    overall_tier_without: str
    text: str


class HostAction(Result):
    """A gap that the host owes: the criterion's target needs a host action (`depends_on: host`), the
    partner has asked for it and the host has acknowledged that the partner's part is done."""

    id: str
    title: str
    domain: str
    gating: bool
    required_tier: str
    target: FindingValue
    requested: dt.date
    what: str
    acknowledged_by: str
    text: str


class Score(Result):
    catalog: str
    catalog_digest: str
    partner: str
    host: str
    as_of: dt.date
    tiers: tuple[str, ...]
    claimed: ViewScore
    verified: ViewScore
    strict: ViewScore
    next_tier: str | None
    gaps: tuple[Gap, ...]
    gap_rule: str
    #: When the verified overall tier is below the claimed one: the claimed tier, and exactly the
    #: criteria whose evidence must be brought up to make it count (same selection rule as gaps).
    evidence_target: str | None = None
    evidence_gaps: tuple[EvidenceGap, ...] = ()
    not_assessed: tuple[str, ...]
    criteria: tuple[CriterionScore, ...]
    #: Decisions that change a tier (docs/scoring.md); absent from the JSON when there are none.
    decisions: tuple[DecisionEffect, ...] = Field(default=(), exclude_if=lambda v: not v)
    #: Gaps the host owes rather than the partner; absent from the JSON when there are none.
    host_actions: tuple[HostAction, ...] = Field(default=(), exclude_if=lambda v: not v)
    #: A national assessment rolled up from scoped ones: how each criterion was combined (absent otherwise).
    rollup: RolledUp | None = Field(default=None, exclude_if=absent)

    def view(self, name: View) -> ViewScore:
        return {"claimed": self.claimed, "verified": self.verified, "strict": self.strict}[name]


# -- one criterion ------------------------------------------------------------------------------

def _ladder(catalog: Catalog, c: Criterion) -> Ladder:
    """The tiers at which a criterion of the 1.x form has a target, lowest first."""
    return ladder(catalog.tier_ids, c.targets or {})


def _effective(finding: Finding | None, as_of: dt.date) -> tuple[Status, list[str]]:
    """The status the scorer counts (an expired decision counts as not assessed), and why."""
    if finding is None:
        return Status.NOT_ASSESSED, [_("no finding in the assessment")]
    status = finding.status
    if finding.expired(as_of):
        assert finding.expires is not None
        return Status.NOT_ASSESSED, [_("%(status)s expired %(date)s: counted as not assessed", status=words(status),
                                       date=date(finding.expires))]
    return status, []


def _best_evidence(c: Criterion, finding: Finding | None, as_of: dt.date) -> tuple[int, str]:
    """The highest verification among fresh evidence (-1 when none), and why."""
    if finding is None or not finding.evidence:
        return -1, _("no evidence")
    max_age = c.evidence.max_age_days
    best = -1
    stale = future = 0
    for ev in finding.evidence:
        fresh = ev.freshness(as_of, max_age)
        if fresh is Freshness.FUTURE:
            future += 1
        elif fresh is Freshness.STALE:
            stale += 1
        elif ev.verification.rank > best:
            best = ev.verification.rank
    return best, _evidence_note(best, stale, future, max_age, as_of, current().code)


@lru_cache(maxsize=256)
def _evidence_note(best: int, stale: int, future: int, max_age: int, as_of: dt.date, lang: str) -> str:
    """Formatted once for each of the few combinations a scoring run meets (in language `lang`, the
    current one), rather than per criterion."""
    notes = []
    if stale:
        notes.append(ngettext("%(num)d item older than %(days)s days", "%(num)d items older than %(days)s days",
                              stale, days=max_age))
    if future:
        notes.append(ngettext("%(num)d item dated after %(date)s", "%(num)d items dated after %(date)s", future,
                              date=date(as_of)))
    head = (_("best fresh evidence: %(level)s", level=words(_VERIFICATION_LEVELS[best])) if best >= 0
            else _("no fresh evidence"))
    return _("%(evidence)s (%(notes)s not counted)", evidence=head, notes="; ".join(notes)) if notes else head


def score_criterion(catalog: Catalog, c: Criterion, finding: Finding | None, as_of: dt.date, *,
                    labels: dict[tuple[object, ...], str] | None = None) -> CriterionScore:
    """One criterion's score. `labels`: target labels already formatted in this scoring run."""
    if c.measures is not None:
        return _score_measures(catalog, c, finding, as_of, {} if labels is None else labels)
    status, notes = _effective(finding, as_of)
    value = finding.value if finding is not None and status is Status.ASSESSED else None
    best, ev_note = _best_evidence(c, finding, as_of)
    # Every rule below walks the tiers that have a target; the catalog's loader guarantees at least one.
    ladder = _ladder(catalog, c)
    if status is Status.ASSESSED:
        claimed = _assessed(catalog, c, value, ladder, {} if labels is None else labels)
    elif status.decision:
        assert finding is not None
        claimed = _decided(finding, status)
    else:
        claimed = _not_assessed(catalog, ladder, notes)
    tier, prog, rule = claimed
    vtier, vprog, vrule = _verified(catalog, c, status, best, ev_note, ladder, claimed)
    next_tid, next_target = _next_target(catalog, ladder, tier)
    # Built by pydantic-core rather than by model_construct, which skips validation but is pure
    # Python: measured on 10,000 criteria, this is about twice as fast. Strict: every value here
    # already has its field's exact type, so nothing is coerced.
    return CriterionScore.model_validate({
        "id": c.id, "title": c.title, "domain": catalog.domain_of[c.id], "gating": c.gating, "weight": c.weight,
        "declared_status": finding.status if finding else Status.NOT_ASSESSED, "status": status, "value": value,
        "applicable": not status.decision, "tier": tier, "verified_tier": vtier, "progress": round(prog, 4),
        "verified_progress": round(vprog, 4), "evidence_verification": _VERIFICATION_LEVELS.get(best),
        "next_tier": next_tid, "next_target": next_target, "rule": rule, "verified_rule": vrule,
        "notes": tuple(notes), "expired": finding is not None and finding.expired(as_of)}, strict=True)


def _score_measures(catalog: Catalog, c: Criterion, finding: Finding | None, as_of: dt.date,
                    labels: dict[tuple[object, ...], str]) -> CriterionScore:
    """A criterion with several measures (`roadmap.engine.measures`): it meets a tier when all do."""
    status, notes = _effective(finding, as_of)
    values = (finding.values or {}) if finding is not None and status is Status.ASSESSED else None
    best, ev_note = _best_evidence(c, finding, as_of)
    pairs = measures.ladders(catalog, c)
    union = measures.union_ladder(pairs)
    scored: tuple[MeasureScore, ...] = ()
    if values is not None:
        claimed, scored = measures.assessed(catalog, c, values, labels, pairs)
    elif status.decision:
        assert finding is not None
        claimed = _decided(finding, status)
    else:
        claimed = _not_assessed(catalog, union, notes)
    tier = claimed[0]
    vtier, vprog, vrule = _verified(catalog, c, status, best, ev_note, union, claimed,
                                    credit=lambda t: measures.credited_progress(pairs, t))
    # Built by pydantic-core from exact types, as `score_criterion` builds its results.
    return CriterionScore.model_validate({
        "id": c.id, "title": c.title, "domain": catalog.domain_of[c.id], "gating": c.gating, "weight": c.weight,
        "declared_status": finding.status if finding else Status.NOT_ASSESSED, "status": status, "value": None,
        "applicable": not status.decision, "tier": tier, "verified_tier": vtier, "progress": round(claimed[1], 4),
        "verified_progress": round(vprog, 4), "evidence_verification": _VERIFICATION_LEVELS.get(best),
        "next_tier": catalog.tier_ids[tier] if tier < len(catalog.tier_ids) else None, "next_target": None,
        "rule": claimed[2], "verified_rule": vrule, "notes": tuple(notes),
        "expired": finding is not None and finding.expired(as_of), "values": values, "measures": scored}, strict=True)


#: A criterion's standing in one view, as scored: (tier, progress, rule).
_Reading = tuple[int, float, str]


def _assessed(catalog: Catalog, c: Criterion, value: FindingValue | None, ladder: Ladder,
              labels: dict[tuple[object, ...], str]) -> _Reading:
    """An assessed value: the tier its targets give it, its progress toward the top target."""
    metric = c.metric
    assert metric is not None  # a criterion of one measure (`score_criterion`)
    tier, met, missed = value_tier(metric, value, ladder, len(catalog.tier_ids), labels)
    rule = _("value %(value)s: %(met)s; %(missed)s → %(tier)s", value=metric.format_value(value),
             met=_("meets %(targets)s", targets=", ".join(met)) if met else _("meets no target"),
             missed=_("misses %(target)s", target=missed) if missed else _("meets every target"),
             tier=tier_shown(catalog, tier))
    if tier and not met:  # reached without meeting a target: the tiers up to it set none for this criterion
        rule = ngettext("%(rule)s (%(tiers)s sets no target for it)", "%(rule)s (%(tiers)s set no target for it)",
                        tier, rule=rule, tiers=", ".join(catalog.tier_ids[:tier]))
    return tier, metric.progress(value, ladder[-1][2]), rule


def _decided(finding: Finding, status: Status) -> _Reading:
    """A current not-applicable or exception decision: no tier of its own, left out of its domain."""
    assert finding.expires is not None
    return 0, 0.0, _("%(status)s until %(date)s (approved by %(approver)s): left out of the domain's count; "
                     "counted as unmet in the strict view", status=words(status), date=date(finding.expires),
                     approver=finding.approved_by)


def _not_assessed(catalog: Catalog, ladder: Ladder, notes: list[str]) -> _Reading:
    """Unmet wherever it is required; the tiers below the lowest target do not require it."""
    tier = ladder[0][0] - 1
    shown = tier_shown(catalog, tier)
    rule = (_("not assessed: counts as unmet → %(tier)s (the lower tiers do not require it)", tier=shown) if tier
            else _("not assessed: counts as unmet → %(tier)s", tier=shown))
    return tier, 0.0, _("%(rule)s (%(note)s)", rule=rule, note=notes[0]) if notes else rule


def _verified(catalog: Catalog, c: Criterion, status: Status, best: int, ev_note: str, ladder: Ladder,
              claimed: _Reading, credit: Callable[[int], float] | None = None) -> _Reading:
    """The verified view: credit only the tiers whose minimum verification the fresh evidence reaches.

    The value's own progress counts as verified only when the evidence supports every tier the
    value reaches and at least the entry requirement (the lowest tier with a target); otherwise
    only the target of the highest verified tier is credited (`credit`: the progress credited at a
    verified tier, for a criterion with several measures)."""
    tier, prog, rule = claimed
    needs = c.evidence.verification
    vtier = verified_tier(ladder, needs, tier, best)
    assessed = status is Status.ASSESSED
    entry = needs.get(ladder[0][1])
    evidenced = assessed and best >= 0 and (entry is None or entry.rank <= best)
    if vtier == tier and (evidenced or not assessed):
        return tier, prog, _("%(evidence)s; supports %(tier)s", evidence=ev_note, tier=tier_shown(catalog, tier)) \
            if assessed else rule
    if credit is not None:
        vprog = credit(vtier)
    else:
        assert c.metric is not None  # a criterion of one measure
        credited = [target for i, _tid, target in ladder if i <= vtier]
        vprog = c.metric.progress(credited[-1], ladder[-1][2]) if credited else 0.0
    max_age = c.evidence.max_age_days
    if vtier == tier:
        return vtier, vprog, _("%(evidence)s; the value itself needs %(need)s to count → verified %(tier)s, no "
                               "progress credited beyond it", evidence=ev_note,
                               need=_evidence_need(entry or "fresh", max_age), tier=tier_shown(catalog, vtier))
    need_tid = catalog.tier_ids[vtier]
    return vtier, vprog, _("%(evidence)s; %(next)s needs %(need)s → verified %(tier)s", evidence=ev_note,
                           next=need_tid, need=_evidence_need(needs[need_tid], max_age),
                           tier=tier_shown(catalog, vtier))


def _evidence_need(need: str, max_age_days: int) -> str:
    return _("%(level)s evidence no older than %(days)s days", level=words(need), days=max_age_days)


def _next_target(catalog: Catalog, ladder: Ladder, tier: int) -> tuple[str | None, FindingValue | None]:
    """The next tier's id and the target that must be met to reach it (None at the top tier)."""
    if tier >= len(catalog.tier_ids):
        return None, None
    bound = binding(ladder, tier + 1)
    return catalog.tier_ids[tier], bound[1] if bound else None


# -- domains and views --------------------------------------------------------------------------

class _Standing(NamedTuple):
    """What the views and gaps read of one criterion's score, read once: each view, and the gaps,
    go through every criterion, and a tuple is cheaper to go through than a model."""

    cs: CriterionScore
    domain: str
    applicable: bool
    gating: bool
    weight: int
    tier: int
    verified_tier: int
    #: (tier, weight × progress) in each view; None where the view leaves the criterion out
    claimed: tuple[int, float] | None
    verified: tuple[int, float] | None
    strict: tuple[int, float] | None

    @classmethod
    def of(cls, cs: CriterionScore, *, excepted_gates_unmet: bool = False) -> _Standing:
        """`excepted_gates_unmet`: the catalog's decision rules count a current exception on a gating
        criterion as unmet in the verified view (the verified view never rests on an excepted gate)."""
        weight, tier, vtier = cs.weight, cs.tier, cs.verified_tier
        if not cs.applicable:
            verified = (0, 0.0) if excepted_gates_unmet and cs.gating and cs.status is Status.EXCEPTION else None
            return cls(cs, cs.domain, False, cs.gating, weight, tier, vtier, None, verified, (0, 0.0))
        claimed = (tier, weight * cs.progress)
        verified = (vtier, weight * cs.verified_progress)
        return cls(cs, cs.domain, True, cs.gating, weight, tier, vtier, claimed, verified, claimed)


#: Each view's (tier, weight × progress) of a criterion, read without naming the field at each use.
_IN_VIEW: dict[View, Callable[[_Standing], tuple[int, float] | None]] = {
    View.CLAIMED: lambda st: st.claimed,
    View.VERIFIED: lambda st: st.verified,
    View.STRICT: lambda st: st.strict,
}


class _Tally(NamedTuple):
    """A domain's counted criteria, tallied once so that trying each tier does not re-read them all."""

    #: The lowest tier of any criterion, and of a gating one (all tiers when none is gating).
    lowest: int
    lowest_gating: int
    #: The non-gating weight at each tier (index 0: below the first tier), and its total.
    weight_at: list[int]
    total: int

    @classmethod
    def of(cls, counted: list[tuple[_Standing, int]], n: int) -> _Tally:
        weight_at = [0] * (n + 1)
        for st, t in counted:
            if not st.gating:
                weight_at[t] += st.weight
        return cls(lowest=min(t for _, t in counted),
                   lowest_gating=min([t for st, t in counted if st.gating], default=n),
                   weight_at=weight_at, total=sum(weight_at))

    def reaches(self, rule: DomainRule, k: int) -> bool:
        if rule.method == "all":
            return self.lowest >= k
        if rule.floor is not None and self.lowest < k - rule.floor:
            return False
        return self.lowest_gating >= k and rule.share_met(sum(self.weight_at[k:]), self.total)


def domain_tier(catalog: Catalog, counted: list[tuple[_Standing, int]]) -> tuple[int, tuple[str, ...], str]:
    """A domain's tier from its counted criteria, each with its tier in the view."""
    rule = catalog.meta.tier_rules.domain
    n = len(catalog.tier_ids)
    if not counted:
        # Nothing applicable was assessed: nothing can be credited (marking a whole domain not
        # applicable must not lift it to the top tier).
        return 0, (), _("no applicable criteria: nothing to credit → %(tier)s", tier=tier_shown(catalog, 0))
    tally = _Tally.of(counted, n)
    tier = 0
    while tier < n and tally.reaches(rule, tier + 1):
        tier += 1
    capped = tuple(st.cs.id for st, t in counted if st.gating and t == tier and tier < n)
    if tier == n:
        why = _("meets every tier up to %(tier)s", tier=catalog.tier_ids[-1])
    elif rule.method == "all":
        short = [st.cs.id for st, t in counted if t <= tier]
        why = ngettext("%(next)s needs every criterion; %(num)d falls short (%(ids)s)",
                       "%(next)s needs every criterion; %(num)d fall short (%(ids)s)", len(short),
                       next=catalog.tier_ids[tier], ids=_list(short))
    else:
        why = _below_threshold(catalog.tier_ids, rule, counted, tally, tier)
    method = _("all rule") if rule.method == "all" else _("threshold rule")
    return tier, capped, _("%(method)s → %(tier)s: %(why)s", method=method, tier=tier_shown(catalog, tier), why=why)


def _below_threshold(tier_ids: list[str], rule: DomainRule, counted: list[tuple[_Standing, int]], tally: _Tally,
                     tier: int) -> str:
    """Why a domain under the threshold rule stops at `tier`: gating criteria below the next tier, too
    little other weight meeting it, criteria below the floor, or several of these."""
    nxt = tier_ids[tier]
    gating_short = [st.cs.id for st, t in counted if st.gating and t <= tier]
    have, total = sum(tally.weight_at[tier + 1:]), tally.total
    parts = []
    if gating_short:
        parts.append(_("gating %(ids)s below %(next)s", ids=_list(gating_short), next=nxt))
    if not rule.share_met(have, total):
        parts.append(_("non-gating weight meeting %(next)s %(have)s/%(total)s = %(share)s < %(threshold)s", next=nxt,
                       have=have, total=total, share=percent(100 * have / total),
                       threshold=percent(100 * (rule.threshold or 1))))
    if rule.floor is not None and tier + 1 - rule.floor > 0:
        floor_tier = tier + 1 - rule.floor
        lagging = [st.cs.id for st, t in counted if t < floor_tier]
        if lagging:
            parts.append(_("floor: %(ids)s below %(floor)s, which every counted criterion must meet for %(next)s",
                           ids=_list(lagging), floor=tier_ids[floor_tier - 1], next=nxt))
    return _("%(next)s not reached: %(why)s", next=nxt, why="; ".join(parts))


def _list(ids: list[str], limit: int = 6) -> str:
    shown = ", ".join(ids[:limit])
    return _("%(ids)s and %(more)s more", ids=shown, more=len(ids) - limit) if len(ids) > limit else shown


def _readiness(weight: int, weighted: list[float]) -> float:
    """The weight-weighted mean progress in %, from the total weight and each criterion's weight ×
    progress (in catalog order: a float sum depends on its order)."""
    return round(100.0 * sum(weighted) / weight, 1) if weight else 0.0


def score_view(catalog: Catalog, standings: list[_Standing], view: View) -> ViewScore:
    # One pass over the criteria (not one per domain) groups those the view counts by domain, each
    # with its tier in the view, and collects what the readiness figures add up.
    counted: dict[str, list[tuple[_Standing, int]]] = {d.id: [] for d in catalog.meta.domains}
    weighted: dict[str, list[float]] = {d: [] for d in counted}
    left_out = dict.fromkeys(counted, 0)
    everything: list[float] = []
    everything_weight = 0
    in_view_of = _IN_VIEW[view]
    for st in standings:
        in_view = in_view_of(st)
        if in_view is None:
            if st.domain in left_out:
                left_out[st.domain] += 1
            continue
        tier, weighted_progress = in_view
        everything.append(weighted_progress)
        everything_weight += st.weight
        if st.domain in counted:
            counted[st.domain].append((st, tier))
            weighted[st.domain].append(weighted_progress)
    domains = []
    for d in catalog.meta.domains:
        in_domain = counted[d.id]
        tier, capped, rule = domain_tier(catalog, in_domain)
        domains.append(DomainScore(id=d.id, name=d.name, tier=tier, tier_id=catalog.tier_name(tier),
                                   readiness=_readiness(sum(st.weight for st, _ in in_domain), weighted[d.id]),
                                   counted=len(in_domain), left_out=left_out[d.id], capped_by=capped, rule=rule))
    overall = min((d.tier for d in domains), default=0)
    weakest = [d.name for d in domains if d.tier == overall]
    setter = (_("every domain is at it") if len(weakest) == len(domains) > 1
              else _("set by %(domains)s", domains="; ".join(weakest)))
    return ViewScore(view=view, overall_tier=overall, overall_tier_id=catalog.tier_name(overall),
                     readiness=_readiness(everything_weight, everything), domains=tuple(domains),
                     rule=_("minimum of domain tiers → %(tier)s (%(setter)s)", tier=tier_shown(catalog, overall),
                            setter=setter))


# -- gaps -----------------------------------------------------------------------------------------

#: A criterion the rule needs closed, and the tier it must reach (the next tier, or the floor's).
_Need = tuple[CriterionScore, int]


def _needed(catalog: Catalog, standings: list[_Standing], target_tier: int, *,
            tier_of: Callable[[_Standing], int], can_reach: Callable[[_Standing, int], bool],
            order: Callable[[_Standing], tuple[object, ...]]) -> list[_Need]:
    """The criteria the domain rule needs closed for every domain to reach `target_tier`, in the view
    whose tiers `tier_of` reads: under `all`, every one short of it; under `threshold`, the short
    gating ones and then non-gating ones in `order` until the weight meeting it reaches the
    threshold; with a floor, also every other one below the floor, up to the floor. `can_reach`:
    whether closing can lift the criterion to a tier (evidence lifts only to the value's own tier)."""
    rule = catalog.meta.tier_rules.domain
    # the applicable criteria of each domain, grouped in one pass
    counted: dict[str, list[_Standing]] = {d.id: [] for d in catalog.meta.domains}
    for st in standings:
        if st.applicable and st.domain in counted:
            counted[st.domain].append(st)
    needed: list[_Need] = []
    for d in catalog.meta.domains:
        members = counted[d.id]
        shorts = [st for st in members if tier_of(st) < target_tier and can_reach(st, target_tier)]
        chosen = shorts if rule.method == "all" else _to_threshold(rule, members, shorts, target_tier, tier_of, order)
        needed.extend((st.cs, target_tier) for st in chosen)
        if rule.floor is not None and rule.method != "all" and target_tier - rule.floor > 0:
            floor = target_tier - rule.floor
            needed.extend((st.cs, floor) for st in members
                          if st not in chosen and tier_of(st) < floor and can_reach(st, floor))
    return needed


def _to_threshold(rule: DomainRule, members: list[_Standing], shorts: list[_Standing], target_tier: int,
                  tier_of: Callable[[_Standing], int],
                  order: Callable[[_Standing], tuple[object, ...]]) -> list[_Standing]:
    """Under `threshold`: the short gating criteria, then short non-gating ones in `order` until the
    non-gating weight meeting `target_tier` reaches the threshold."""
    chosen = [st for st in shorts if st.gating]
    rest = [st for st in members if not st.gating]
    total = sum(st.weight for st in rest)
    have = sum(st.weight for st in rest if tier_of(st) >= target_tier)
    for st in sorted((st for st in shorts if not st.gating), key=order):
        if rule.share_met(have, total):
            break
        chosen.append(st)
        have += st.weight
    return chosen


def gaps_to(catalog: Catalog, standings: list[_Standing], target_tier: int) -> list[Gap]:
    """Exactly the criteria whose closure brings every domain to `target_tier` (claimed view).
    Among non-gating ones, fewest first: heaviest weight, then the closest to its target."""
    needed = _needed(catalog, standings, target_tier, tier_of=lambda st: st.tier, can_reach=lambda st, t: True,
                     order=lambda st: (-st.weight, _dist(catalog, st.cs, target_tier), st.cs.id))
    gaps = [_gap(catalog, cs, tier, target_tier) for cs, tier in needed]
    return sorted(gaps, key=lambda g: (not g.gating, -g.priority, g.id))


def evidence_gaps_to(catalog: Catalog, standings: list[_Standing], target_tier: int) -> list[EvidenceGap]:
    """Exactly the criteria whose evidence must improve for the verified view to reach
    `target_tier`, a tier the claimed view reaches: only criteria whose value already meets it
    can be lifted by evidence, and they suffice, since the claimed view reached it with them."""
    needed = _needed(catalog, standings, target_tier, tier_of=lambda st: st.verified_tier,
                     can_reach=lambda st, t: st.tier >= t, order=lambda st: (-st.weight, st.cs.id))
    out = []
    for cs, _tier in needed:
        c = catalog.by_id[cs.id]
        tid = catalog.tier_ids[cs.verified_tier]
        need = c.evidence.verification.get(tid, Verification.SELF_ASSERTED)
        has = cs.evidence_verification
        out.append(EvidenceGap(
            id=c.id, title=c.title, domain=cs.domain, gating=c.gating, weight=c.weight,
            claimed_tier=catalog.tier_name(cs.tier), verified_tier=catalog.tier_name(cs.verified_tier),
            unverified_tier=tid, needs=need, max_age_days=c.evidence.max_age_days, has=has,
            reason=_("%(tier)s needs %(need)s; %(has)s", tier=tid, need=_evidence_need(need, c.evidence.max_age_days),
                     has=_("the best fresh evidence is %(level)s", level=words(has)) if has
                     else _("there is no fresh evidence"))))
    return sorted(out, key=lambda g: (not g.gating, -g.weight, g.id))


def _dist(catalog: Catalog, cs: CriterionScore, target_tier: int) -> float:
    c = catalog.by_id[cs.id]
    if c.measures is not None:
        return measures.distance(catalog, c, cs.values, target_tier)
    target = _first_unmet_target(catalog, c, cs, target_tier)
    assert c.metric is not None  # a criterion of one measure
    return c.metric.distance(cs.value, target.value) if target else 0.0


def _first_unmet_target(catalog: Catalog, c: Criterion, cs: CriterionScore, target_tier: int) -> Target | None:
    targets = c.targets or {}
    for tid in catalog.tier_ids[cs.tier:target_tier]:
        if tid in targets:
            return targets[tid]
    return None


def _gap(catalog: Catalog, cs: CriterionScore, tier: int, next_tier: int) -> Gap:
    """The gap of criterion `cs` to `tier`: the next tier, or (below the floor) the floor's tier."""
    c = catalog.by_id[cs.id]
    tid = catalog.tier_ids[tier - 1]
    if c.measures is not None:
        return _measures_gap(catalog, c, cs, tier, next_tier)
    assert c.metric is not None and c.targets is not None  # a criterion of one measure
    bound = binding(_ladder(catalog, c), tier)
    assert bound is not None  # a gap is a criterion some tier up to `tier` requires
    basis_tid, target_value = bound
    dist = c.metric.distance(cs.value, target_value)
    if cs.status is Status.ASSESSED:
        reason = _("%(value)s against %(target)s required at %(tier)s", value=c.metric.format_value(cs.value),
                   target=c.metric.format_target(target_value), tier=tid)
    else:
        reason = _("not assessed: %(why)s", why=cs.notes[0] if cs.notes else _("no value given"))
    return Gap(id=c.id, title=c.title, domain=cs.domain, gating=c.gating, weight=c.weight, status=cs.status,
               value=cs.value, current_tier=catalog.tier_name(cs.tier), required_tier=tid, target=target_value,
               target_basis=c.targets[basis_tid].basis, unit=c.metric.unit, distance=round(dist, 4),
               priority=round(c.weight * dist, 4), reason=reason + _floor_note(catalog, tier, next_tier),
               remediation=c.remediation)


def _measures_gap(catalog: Catalog, c: Criterion, cs: CriterionScore, tier: int, next_tier: int) -> Gap:
    """The gap of a criterion with several measures: every measure short of `tier`, the furthest
    (binding) one's value and target shown."""
    short = measures.short_of(catalog, c, cs.values, tier)
    assert short  # a gap is a criterion some measure of which falls short of `tier`
    first = short[0]
    if cs.status is Status.ASSESSED:
        reason = "; ".join(g.text for g in short)
    else:
        reason = _("not assessed: %(why)s", why=cs.notes[0] if cs.notes else _("no value given"))
    return Gap(id=c.id, title=c.title, domain=cs.domain, gating=c.gating, weight=c.weight, status=cs.status,
               value=first.value, current_tier=catalog.tier_name(cs.tier), required_tier=catalog.tier_ids[tier - 1],
               target=first.target, target_basis=first.target_basis, unit=first.unit, distance=first.distance,
               priority=round(c.weight * first.distance, 4), reason=reason + _floor_note(catalog, tier, next_tier),
               remediation=c.remediation, measure=first.id, measures=tuple(short))


def _floor_note(catalog: Catalog, tier: int, next_tier: int) -> str:
    """Why a criterion below the floor is a gap to a tier below the next one."""
    if tier >= next_tier:
        return ""
    return _(" (floor: every counted criterion must meet %(tier)s for its domain to reach %(next)s)",
             tier=catalog.tier_ids[tier - 1], next=catalog.tier_ids[next_tier - 1])


# -- the whole assessment -------------------------------------------------------------------------

def score(catalog: Catalog, assessment: Assessment, as_of: dt.date | None = None) -> Score:
    with paused():  # tens of thousands of small objects that all stay alive (roadmap.gcpause)
        if not assessment.parts:
            return _score(catalog, assessment, as_of)
        combined, rolled = roll_up(catalog, assessment, as_of or assessment.as_of)
        return _held_back(catalog, _score(catalog, combined, as_of), rolled)


def _held_back(catalog: Catalog, result: Score, rolled: RolledUp) -> Score:
    """A roll-up's score: each gap with the scopes that hold it back (docs/scoring.md)."""
    gaps = tuple(g.model_copy(update={"held_back_by": holding_back(catalog, rolled, g.id, g.target)})
                 for g in result.gaps)
    evidence = tuple(eg.model_copy(update={"held_back_by": lacking_evidence(rolled, eg.id, eg.needs)})
                     for eg in result.evidence_gaps)
    return result.model_copy(update={"gaps": gaps, "evidence_gaps": evidence, "rollup": rolled})


def _score(catalog: Catalog, assessment: Assessment, as_of: dt.date | None) -> Score:
    when = as_of or assessment.as_of
    findings = assessment.findings
    labels: dict[tuple[object, ...], str] = {}
    scores = [score_criterion(catalog, c, findings.get(c.id), when, labels=labels) for c in catalog.criteria]
    standings = _standings(catalog, scores)
    views = {v: score_view(catalog, standings, v) for v in VIEWS}
    overall = views[View.CLAIMED].overall_tier
    n = len(catalog.tier_ids)
    next_tier = overall + 1 if overall < n else None
    gaps, host_actions = _owed(catalog, gaps_to(catalog, standings, next_tier) if next_tier else [], findings)
    verified = views[View.VERIFIED].overall_tier
    ev_gaps = evidence_gaps_to(catalog, standings, overall) if verified < overall else []
    rule = catalog.meta.tier_rules.domain
    gap_rule = (_("the criteria each domain below the next tier must close to reach it, listed gating first, then "
                  "by weight × distance") if rule.method == "all" else
                _("the criteria each domain below the next tier must close to reach it (its gating criteria, then the "
                  "heaviest others until %(threshold)s of its weight meets the tier), listed gating first, then by "
                  "weight × distance", threshold=percent(100 * (rule.threshold or 1))))
    return Score(
        catalog=catalog.ref, catalog_digest=catalog.digest, partner=assessment.partner, host=assessment.host,
        as_of=when, tiers=tuple(catalog.tier_ids), claimed=views[View.CLAIMED], verified=views[View.VERIFIED],
        strict=views[View.STRICT], next_tier=catalog.tier_ids[next_tier - 1] if next_tier else None,
        gaps=tuple(gaps), gap_rule=gap_rule,
        evidence_target=catalog.tier_name(overall) if verified < overall else None, evidence_gaps=tuple(ev_gaps),
        not_assessed=tuple(cs.id for cs in scores if cs.status is Status.NOT_ASSESSED), criteria=tuple(scores),
        decisions=decision_effects(catalog, standings, views[View.CLAIMED], findings), host_actions=host_actions)


# -- decisions and what the host owes ---------------------------------------------------------------

def _host_dependent(catalog: Catalog, g: Gap) -> bool:
    """Whether closing gap `g` needs the host: its target at the tier needs the host's action (with
    several measures: the target of every measure that is short)."""
    if g.measures:
        return all(m.depends_on == "host" for m in g.measures)
    target = (catalog.by_id[g.id].targets or {}).get(g.required_tier)
    return target is not None and target.depends_on == "host"


def decision_effects(catalog: Catalog, standings: list[_Standing], claimed: ViewScore,
                     findings: Mapping[str, Finding]) -> tuple[DecisionEffect, ...]:
    """Each current decision that changes a tier in the claimed view: its domain's tier were the
    criterion counted as unmet instead of left out, and the overall tier then."""
    tiers = {d.id: d.tier for d in claimed.domains}
    counted: dict[str, list[tuple[_Standing, int]]] = {d: [] for d in tiers}
    for o in standings:
        if o.claimed is not None and o.domain in counted:
            counted[o.domain].append((o, o.claimed[0]))
    out = []
    for st in standings:
        if st.applicable or st.domain not in tiers:
            continue
        without, _capped, _rule = domain_tier(catalog, [*counted[st.domain], (st, 0)])
        if without == tiers[st.domain]:
            continue
        overall_without = min(without if d == st.domain else t for d, t in tiers.items())
        out.append(_effect(catalog, st, findings[st.cs.id], tiers[st.domain], without, claimed.overall_tier,
                           overall_without))
    return tuple(out)


def _effect(catalog: Catalog, st: _Standing, finding: Finding, tier: int, without: int, overall: int,
            overall_without: int) -> DecisionEffect:
    assert finding.expires is not None  # a decision has an end date (Finding's own rule)
    cs, name = st.cs, catalog.tier_name
    domain = next(d.name for d in catalog.meta.domains if d.id == st.domain)
    shown = {"id": cs.id, "status": words(cs.status), "date": date(finding.expires), "approver": finding.approved_by,
             "domain": domain, "without": tier_shown(catalog, without), "tier": tier_shown(catalog, tier),
             "overall_without": tier_shown(catalog, overall_without), "overall": tier_shown(catalog, overall)}
    text = (_("%(id)s %(status)s (until %(date)s, approved by %(approver)s) lifts %(domain)s from %(without)s to "
              "%(tier)s and the overall tier from %(overall_without)s to %(overall)s", **shown)
            if overall_without != overall else
            _("%(id)s %(status)s (until %(date)s, approved by %(approver)s) lifts %(domain)s from %(without)s to "
              "%(tier)s; the overall tier stays %(overall)s", **shown))
    return DecisionEffect(id=cs.id, title=cs.title, status=cs.status, gating=cs.gating, expires=finding.expires,
                          approved_by=finding.approved_by, domain=st.domain, domain_tier=name(tier),
                          domain_tier_without=name(without), overall_tier=name(overall),
                          overall_tier_without=name(overall_without), text=text)


def _owed(catalog: Catalog, gaps: list[Gap],
          findings: Mapping[str, Finding]) -> tuple[list[Gap], tuple[HostAction, ...]]:
    """The gaps split into the partner's and the host's: a gap whose target needs a host action
    (`depends_on: host`) is the host's once the host has acknowledged the partner's request."""
    partner, host = [], []
    for g in gaps:
        action = findings[g.id].host_action if g.id in findings else None
        if not _host_dependent(catalog, g) or action is None:
            partner.append(g)
        elif action.acknowledged is None:
            partner.append(g.model_copy(update={"reason": _(
                "%(reason)s; the host's action (%(what)s) was requested on %(date)s and is not acknowledged by the "
                "host", reason=g.reason, what=action.what, date=date(action.requested))}))
        else:
            host.append(HostAction(
                id=g.id, title=g.title, domain=g.domain, gating=g.gating, required_tier=g.required_tier,
                target=g.target, requested=action.requested, what=action.what, acknowledged_by=action.acknowledged.by,
                text=_("%(id)s %(title)s: the partner has done its part for %(tier)s; the host owes %(what)s "
                       "(requested %(requested)s, acknowledged by %(by)s on %(acknowledged)s)", id=g.id, title=g.title,
                       tier=g.required_tier, what=action.what, requested=date(action.requested),
                       by=action.acknowledged.by, acknowledged=date(action.acknowledged.date))))
    return partner, tuple(host)


def evidence_gaps_for(catalog: Catalog, result: Score, tier: int) -> tuple[EvidenceGap, ...]:
    """The evidence gaps for the verified view to reach `tier` (at most the claimed tier), read from a
    scored result: what `score` lists for the claimed tier, for any tier up to it (the brief's next
    verified step, `roadmap.engine.brief`)."""
    return tuple(evidence_gaps_to(catalog, _standings(catalog, result.criteria), tier))


def _standings(catalog: Catalog, scores: Sequence[CriterionScore]) -> list[_Standing]:
    """Each criterion's standing in the three views, under the catalog's rule for gating exceptions."""
    rules = catalog.meta.decisions
    unmet = rules is not None and not rules.gating_exceptions.verified
    return [_Standing.of(cs, excepted_gates_unmet=unmet) for cs in scores]
