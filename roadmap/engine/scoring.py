"""The scoring engine: pure functions from (catalog, assessment, as-of date) to a frozen result.

Rules, all documented in docs/scoring.md, printed in each report's annex (from `RULES`, below, which
also completes this docstring) and repeated in each result's `rule` strings:
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from pydantic import Field

from roadmap.gcpause import paused
from roadmap.models.assessment import Assessment, Finding, FindingValue, Freshness
from roadmap.models.base import VIEWS, Result, Status, Verification, View
from roadmap.models.catalog import Catalog, Criterion, DomainRule, Target
from roadmap.words import count, words

#: The engine's rules, one per item: the module docstring and the report's annex both show these.
RULES: tuple[str, ...] = (
    "A criterion reaches the highest tier whose target, and every lower tier's target, its value "
    "meets. A tier with no target does not require the criterion. Tier 0 means \"below T1\".",
    "Progress (0..1) toward the criterion's top target: boolean: 1 when true, else 0; ordinal: level "
    "index ÷ index of the top target's level; higher-is-better numbers: value ÷ top target (capped "
    "at 1); lower-is-better numbers: 1 when the value is at or under the top target, else top "
    "target ÷ value (when the top target is 0: 1 ÷ (1 + value)).",
    "Not assessed counts as unmet: progress 0, and only the tiers that do not require the criterion "
    "are reached. A current not-applicable or exception is left out of its domain's count; an "
    "expired one counts as not assessed.",
    "Three views: claimed (the values as written), verified (a tier counts only when fresh evidence "
    "— dated on or before the as-of date and no older than the criterion's maximum age — reaches "
    "the minimum verification each tier up to it requires; verified progress is the value's own "
    "only when that evidence supports every tier the value reaches and at least the lowest tier's "
    "requirement, else the progress of the highest verified target, 0 without one), and strict "
    "(claimed, but not-applicable and exceptions count as unmet).",
    "Domains roll up by the catalog's domain rule; the overall tier by its overall rule. A domain "
    "with no applicable criterion reaches no tier.",
    "Gaps to the next tier: exactly the criteria whose closure the rule needs, gating first, then by "
    "weight × distance (distance: how far the value is from the target, 0..1), then by id.",
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

    def view(self, name: View) -> ViewScore:
        return {"claimed": self.claimed, "verified": self.verified, "strict": self.strict}[name]


# -- one criterion ------------------------------------------------------------------------------

#: A criterion's ladder (`_ladder`): every rule of one criterion walks it.
_Ladder = list[tuple[int, str, FindingValue]]


def _ladder(catalog: Catalog, c: Criterion) -> _Ladder:
    """The tiers that have a target, lowest first: (tier number, tier id, target value)."""
    targets = c.targets
    return [(i, tid, targets[tid].value) for i, tid in enumerate(catalog.tier_ids, start=1) if tid in targets]


def _binding(ladder: _Ladder, tier: int) -> tuple[str, FindingValue] | None:
    """The target that must be met to reach `tier`: that tier's own, else the nearest below it;
    None when no tier up to it has one."""
    found = None
    for i, tid, target in ladder:
        if i > tier:
            break
        found = (tid, target)
    return found


def _value_tier(c: Criterion, value: FindingValue | None, ladder: _Ladder, n: int,
                labels: dict[tuple[object, ...], str]) -> tuple[int, list[str], str | None]:
    """The tier `value` reaches, the targets it met, and the first it missed ("T3 (≥ 90)"). Tiers
    without a target do not require the criterion, so the value reaches every tier below the first
    target it misses (all `n` tiers when it misses none).

    `labels` are formatted once per scoring run for each distinct target: a large catalog repeats
    the same few, and formatting them was a large share of the time. The key's `repr` tells 1,
    1.0, True and "1" apart, which format differently."""
    m = c.metric
    metric = (m.type, m.direction, m.unit)
    compare = m.comparison()
    met: list[str] = []
    for i, tid, target in ladder:
        key = (tid, metric, repr(target))
        label = labels.get(key)
        if label is None:
            label = labels[key] = f"{tid} ({c.metric.format_target(target)})"
        if value is None or not compare(value, target):
            return i - 1, met, label
        met.append(label)
    return n, met, None


def _effective(finding: Finding | None, as_of: dt.date) -> tuple[Status, list[str]]:
    """The status the scorer counts (an expired decision counts as not assessed), and why."""
    if finding is None:
        return Status.NOT_ASSESSED, ["no finding in the assessment"]
    status = finding.status
    if finding.expired(as_of):
        assert finding.expires is not None
        return Status.NOT_ASSESSED, [f"{words(status)} expired {finding.expires.isoformat()}: counted as not assessed"]
    return status, []


def _best_evidence(c: Criterion, finding: Finding | None, as_of: dt.date) -> tuple[int, str]:
    """The highest verification among fresh evidence (-1 when none), and why."""
    if finding is None or not finding.evidence:
        return -1, "no evidence"
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
    return best, _evidence_note(best, stale, future, max_age, as_of)


@lru_cache(maxsize=256)
def _evidence_note(best: int, stale: int, future: int, max_age: int, as_of: dt.date) -> str:
    """Formatted once for each of the few combinations a scoring run meets, rather than per criterion."""
    notes = []
    if stale:
        notes.append(f"{count(stale, 'item')} older than {max_age} days")
    if future:
        notes.append(f"{count(future, 'item')} dated after {as_of.isoformat()}")
    head = f"best fresh evidence: {words(_VERIFICATION_LEVELS[best])}" if best >= 0 else "no fresh evidence"
    return head + (f" ({'; '.join(notes)} not counted)" if notes else "")


def score_criterion(catalog: Catalog, c: Criterion, finding: Finding | None, as_of: dt.date, *,
                    labels: dict[tuple[object, ...], str] | None = None) -> CriterionScore:
    """One criterion's score. `labels`: target labels already formatted in this scoring run."""
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


#: A criterion's standing in one view, as scored: (tier, progress, rule).
_Reading = tuple[int, float, str]


def _assessed(catalog: Catalog, c: Criterion, value: FindingValue | None, ladder: _Ladder,
              labels: dict[tuple[object, ...], str]) -> _Reading:
    """An assessed value: the tier its targets give it, its progress toward the top target."""
    tier, met, missed = _value_tier(c, value, ladder, len(catalog.tier_ids), labels)
    rule = (f"value {c.metric.format_value(value)}: "
            + (f"meets {', '.join(met)}" if met else "meets no target")
            + (f"; misses {missed}" if missed else "; meets every target")
            + f" → {catalog.tier_name(tier)}"
            # reached without meeting a target: the tiers up to it set none for this criterion
            + (f" ({', '.join(catalog.tier_ids[:tier])} set{'s' if tier == 1 else ''} no target for it)"
               if tier and not met else ""))
    return tier, c.metric.progress(value, ladder[-1][2]), rule


def _decided(finding: Finding, status: Status) -> _Reading:
    """A current not-applicable or exception decision: no tier of its own, left out of its domain."""
    assert finding.expires is not None
    return 0, 0.0, (f"{words(status)} until {finding.expires.isoformat()} (approved by {finding.approver}): "
                    "left out of the domain's count; counted as unmet in the strict view")


def _not_assessed(catalog: Catalog, ladder: _Ladder, notes: list[str]) -> _Reading:
    """Unmet wherever it is required; the tiers below the lowest target do not require it."""
    tier = ladder[0][0] - 1
    return tier, 0.0, (f"not assessed: counts as unmet → {catalog.tier_name(tier)}"
                       + (" (the lower tiers do not require it)" if tier else "") + (f" ({notes[0]})" if notes else ""))


def _verified(catalog: Catalog, c: Criterion, status: Status, best: int, ev_note: str, ladder: _Ladder,
              claimed: _Reading) -> _Reading:
    """The verified view: credit only the tiers whose minimum verification the fresh evidence reaches.

    The value's own progress counts as verified only when the evidence supports every tier the
    value reaches and at least the entry requirement (the lowest tier with a target); otherwise
    only the target of the highest verified tier is credited."""
    tier, prog, rule = claimed
    needs = c.evidence.verification
    vtier = _verified_tier(ladder, needs, tier, best)
    assessed = status is Status.ASSESSED
    entry = needs.get(ladder[0][1])
    evidenced = assessed and best >= 0 and (entry is None or entry.rank <= best)
    if vtier == tier and (evidenced or not assessed):
        return tier, prog, f"{ev_note}; supports {catalog.tier_name(tier)}" if assessed else rule
    credited = [target for i, _, target in ladder if i <= vtier]
    vprog = c.metric.progress(credited[-1], ladder[-1][2]) if credited else 0.0
    max_age = c.evidence.max_age_days
    if vtier == tier:
        return vtier, vprog, (f"{ev_note}; the value itself needs {_evidence_need(entry or 'fresh', max_age)} "
                              f"to count → verified {catalog.tier_name(vtier)}, no progress credited beyond it")
    need_tid = catalog.tier_ids[vtier]
    return vtier, vprog, (f"{ev_note}; {need_tid} needs {_evidence_need(needs[need_tid], max_age)} "
                          f"→ verified {catalog.tier_name(vtier)}")


def _verified_tier(ladder: _Ladder, needs: dict[str, Verification], tier: int, best: int) -> int:
    """The highest tier up to `tier` below the first whose minimum verification `best` misses."""
    for i, tid, _ in ladder:
        if i > tier:
            break
        need = needs.get(tid)
        if need is not None and need.rank > best:
            return i - 1
    return tier


def _evidence_need(need: str, max_age_days: int) -> str:
    return f"{words(need)} evidence no older than {max_age_days} days"


def _next_target(catalog: Catalog, ladder: _Ladder, tier: int) -> tuple[str | None, FindingValue | None]:
    """The next tier's id and the target that must be met to reach it (None at the top tier)."""
    if tier >= len(catalog.tier_ids):
        return None, None
    binding = _binding(ladder, tier + 1)
    return catalog.tier_ids[tier], binding[1] if binding else None


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
    def of(cls, cs: CriterionScore) -> _Standing:
        weight, tier, vtier = cs.weight, cs.tier, cs.verified_tier
        if not cs.applicable:
            return cls(cs, cs.domain, False, cs.gating, weight, tier, vtier, None, None, (0, 0.0))
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
        return self.lowest_gating >= k and rule.share_met(sum(self.weight_at[k:]), self.total)


def domain_tier(catalog: Catalog, counted: list[tuple[_Standing, int]]) -> tuple[int, tuple[str, ...], str]:
    """A domain's tier from its counted criteria, each with its tier in the view."""
    rule = catalog.meta.tier_rules.domain
    n = len(catalog.tier_ids)
    if not counted:
        # Nothing applicable was assessed: nothing can be credited (marking a whole domain not
        # applicable must not lift it to the top tier).
        return 0, (), f"no applicable criteria: nothing to credit → {catalog.tier_name(0)}"
    tally = _Tally.of(counted, n)
    tier = 0
    while tier < n and tally.reaches(rule, tier + 1):
        tier += 1
    capped = tuple(st.cs.id for st, t in counted if st.gating and t == tier and tier < n)
    if tier == n:
        why = f"meets every tier up to {catalog.tier_ids[-1]}"
    elif rule.method == "all":
        short = [st.cs.id for st, t in counted if t <= tier]
        why = f"{catalog.tier_ids[tier]} needs every criterion; {len(short)} fall short ({_list(short)})"
    else:
        why = _below_threshold(catalog.tier_ids[tier], rule, counted, tally, tier)
    return tier, capped, f"{rule.method} rule → {catalog.tier_name(tier)}: {why}"


def _below_threshold(nxt: str, rule: DomainRule, counted: list[tuple[_Standing, int]], tally: _Tally,
                     tier: int) -> str:
    """Why a domain under the threshold rule stops at `tier`: gating criteria below `nxt`, too
    little other weight meeting it, or both."""
    gating_short = [st.cs.id for st, t in counted if st.gating and t <= tier]
    have, total = sum(tally.weight_at[tier + 1:]), tally.total
    parts = []
    if gating_short:
        parts.append(f"gating {_list(gating_short)} below {nxt}")
    if not rule.share_met(have, total):
        parts.append(f"non-gating weight meeting {nxt} {have}/{total} = {have / total:.0%} < {rule.threshold:.0%}")
    return f"{nxt} not reached: " + "; ".join(parts)


def _list(ids: list[str], limit: int = 6) -> str:
    return ", ".join(ids[:limit]) + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


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
    setter = ("every domain is at it" if len(weakest) == len(domains) > 1 else f"set by {'; '.join(weakest)}")
    return ViewScore(view=view, overall_tier=overall, overall_tier_id=catalog.tier_name(overall),
                     readiness=_readiness(everything_weight, everything), domains=tuple(domains),
                     rule=f"minimum of domain tiers → {catalog.tier_name(overall)} ({setter})")


# -- gaps -----------------------------------------------------------------------------------------

def _needed(catalog: Catalog, standings: list[_Standing], target_tier: int, *,
            short: Callable[[_Standing], bool], reached: Callable[[_Standing], bool],
            order: Callable[[_Standing], tuple[object, ...]]) -> list[CriterionScore]:
    """The criteria the domain rule needs closed for every domain to reach `target_tier`: under
    `all`, every `short` one; under `threshold`, the `short` gating ones and then non-gating ones
    in `order` until the `reached` weight meets the threshold."""
    rule = catalog.meta.tier_rules.domain
    # the applicable criteria of each domain, grouped in one pass
    counted: dict[str, list[_Standing]] = {d.id: [] for d in catalog.meta.domains}
    for st in standings:
        if st.applicable and st.domain in counted:
            counted[st.domain].append(st)
    needed: list[CriterionScore] = []
    for d in catalog.meta.domains:
        shorts = [st for st in counted[d.id] if short(st)]
        if rule.method == "all":
            needed.extend(st.cs for st in shorts)
            continue
        needed.extend(st.cs for st in shorts if st.gating)
        rest = [st for st in counted[d.id] if not st.gating]
        total = sum(st.weight for st in rest)
        have = sum(st.weight for st in rest if reached(st))
        for st in sorted((st for st in shorts if not st.gating), key=order):
            if rule.share_met(have, total):
                break
            needed.append(st.cs)
            have += st.weight
    return needed


def gaps_to(catalog: Catalog, standings: list[_Standing], target_tier: int) -> list[Gap]:
    """Exactly the criteria whose closure brings every domain to `target_tier` (claimed view).
    Among non-gating ones, fewest first: heaviest weight, then the closest to its target."""
    tid = catalog.tier_ids[target_tier - 1]
    needed = _needed(catalog, standings, target_tier, short=lambda st: st.tier < target_tier,
                     reached=lambda st: st.tier >= target_tier,
                     order=lambda st: (-st.weight, _dist(catalog, st.cs, target_tier), st.cs.id))
    gaps = [_gap(catalog, cs, target_tier, tid) for cs in needed]
    return sorted(gaps, key=lambda g: (not g.gating, -g.priority, g.id))


def evidence_gaps_to(catalog: Catalog, standings: list[_Standing], target_tier: int) -> list[EvidenceGap]:
    """Exactly the criteria whose evidence must improve for the verified view to reach
    `target_tier`, a tier the claimed view reaches: only criteria whose value already meets it
    can be lifted by evidence, and they suffice, since the claimed view reached it with them."""
    needed = _needed(catalog, standings, target_tier, short=lambda st: st.verified_tier < target_tier <= st.tier,
                     reached=lambda st: st.verified_tier >= target_tier, order=lambda st: (-st.weight, st.cs.id))
    out = []
    for cs in needed:
        c = catalog.by_id[cs.id]
        tid = catalog.tier_ids[cs.verified_tier]
        need = c.evidence.verification.get(tid, Verification.SELF_ASSERTED)
        has = cs.evidence_verification
        out.append(EvidenceGap(
            id=c.id, title=c.title, domain=cs.domain, gating=c.gating, weight=c.weight,
            claimed_tier=catalog.tier_name(cs.tier), verified_tier=catalog.tier_name(cs.verified_tier),
            unverified_tier=tid, needs=need, max_age_days=c.evidence.max_age_days, has=has,
            reason=(f"{tid} needs {_evidence_need(need, c.evidence.max_age_days)}; "
                    + (f"the best fresh evidence is {words(has)}" if has else "there is no fresh evidence"))))
    return sorted(out, key=lambda g: (not g.gating, -g.weight, g.id))


def _dist(catalog: Catalog, cs: CriterionScore, target_tier: int) -> float:
    c = catalog.by_id[cs.id]
    target = _first_unmet_target(catalog, c, cs, target_tier)
    return c.metric.distance(cs.value, target.value) if target else 0.0


def _first_unmet_target(catalog: Catalog, c: Criterion, cs: CriterionScore, target_tier: int) -> Target | None:
    for tid in catalog.tier_ids[cs.tier:target_tier]:
        if tid in c.targets:
            return c.targets[tid]
    return None


def _gap(catalog: Catalog, cs: CriterionScore, target_tier: int, tid: str) -> Gap:
    c = catalog.by_id[cs.id]
    binding = _binding(_ladder(catalog, c), target_tier)
    assert binding is not None  # a gap is a criterion some tier up to target_tier requires
    basis_tid, target_value = binding
    dist = c.metric.distance(cs.value, target_value)
    if cs.status is Status.ASSESSED:
        reason = f"{c.metric.format_value(cs.value)} against {c.metric.format_target(target_value)} required at {tid}"
    else:
        reason = "not assessed: " + (cs.notes[0] if cs.notes else "no value given")
    return Gap(id=c.id, title=c.title, domain=cs.domain, gating=c.gating, weight=c.weight, status=cs.status,
               value=cs.value, current_tier=catalog.tier_name(cs.tier), required_tier=tid, target=target_value,
               target_basis=c.targets[basis_tid].basis, unit=c.metric.unit, distance=round(dist, 4),
               priority=round(c.weight * dist, 4), reason=reason, remediation=c.remediation)


# -- the whole assessment -------------------------------------------------------------------------

def score(catalog: Catalog, assessment: Assessment, as_of: dt.date | None = None) -> Score:
    with paused():  # tens of thousands of small objects that all stay alive (roadmap.gcpause)
        return _score(catalog, assessment, as_of)


def _score(catalog: Catalog, assessment: Assessment, as_of: dt.date | None) -> Score:
    when = as_of or assessment.as_of
    findings = assessment.findings
    labels: dict[tuple[object, ...], str] = {}
    scores = [score_criterion(catalog, c, findings.get(c.id), when, labels=labels) for c in catalog.criteria]
    standings = [_Standing.of(cs) for cs in scores]
    views = {v: score_view(catalog, standings, v) for v in VIEWS}
    overall = views[View.CLAIMED].overall_tier
    n = len(catalog.tier_ids)
    next_tier = overall + 1 if overall < n else None
    gaps = gaps_to(catalog, standings, next_tier) if next_tier else []
    verified = views[View.VERIFIED].overall_tier
    ev_gaps = evidence_gaps_to(catalog, standings, overall) if verified < overall else []
    rule = catalog.meta.tier_rules.domain
    gap_rule = ("the criteria each domain below the next tier must close to reach it"
                + ("" if rule.method == "all" else
                   f" (its gating criteria, then the heaviest others until {rule.threshold:.0%} of its weight "
                   "meets the tier)")
                + ", listed gating first, then by weight × distance")
    return Score(
        catalog=catalog.ref, catalog_digest=catalog.digest, partner=assessment.partner, host=assessment.host,
        as_of=when, tiers=tuple(catalog.tier_ids), claimed=views[View.CLAIMED], verified=views[View.VERIFIED],
        strict=views[View.STRICT], next_tier=catalog.tier_ids[next_tier - 1] if next_tier else None,
        gaps=tuple(gaps), gap_rule=gap_rule,
        evidence_target=catalog.tier_name(overall) if verified < overall else None, evidence_gaps=tuple(ev_gaps),
        not_assessed=tuple(cs.id for cs in scores if cs.status is Status.NOT_ASSESSED), criteria=tuple(scores))
