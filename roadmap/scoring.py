"""The scoring engine: pure functions from (catalog, assessment, as-of date) to a frozen result.

Rules, all documented in docs/scoring.md, printed in each report's annex (from `RULES`, below, which
also completes this docstring) and repeated in each result's `rule` strings:
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict

from roadmap.models.assessment import Assessment, Finding, FindingValue
from roadmap.models.catalog import VERIFICATION_ORDER, Catalog, Criterion

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

View = Literal["claimed", "verified", "strict"]
VIEWS: tuple[View, ...] = ("claimed", "verified", "strict")


class Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class CriterionScore(Result):
    id: str
    title: str
    domain: str
    gating: bool
    weight: int
    declared_status: str
    status: str
    value: FindingValue | None
    applicable: bool
    tier: int
    verified_tier: int
    progress: float
    verified_progress: float
    evidence_verification: str | None
    next_tier: str | None
    next_target: FindingValue | None
    rule: str
    verified_rule: str
    notes: tuple[str, ...] = ()


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
    status: str
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
    needs: str
    max_age_days: int
    has: str | None
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


def tier_name(catalog: Catalog, tier: int) -> str:
    return "none" if tier == 0 else catalog.tier_ids[tier - 1]


# -- one criterion ------------------------------------------------------------------------------

def meets(c: Criterion, value: FindingValue | None, target: FindingValue) -> bool:
    if value is None:
        return False
    m = c.metric
    if m.type == "boolean":
        return value is True or target is False
    if m.type == "ordinal":
        levels = m.levels or ()
        return levels.index(value) >= levels.index(target)
    assert isinstance(value, (int, float)) and isinstance(target, (int, float))
    return value >= target if m.direction == "higher" else value <= target


def value_tier(catalog: Catalog, c: Criterion, value: FindingValue | None) -> tuple[int, list[str], str | None]:
    """The tier `value` reaches, the targets it met, and the first it missed ("T3 (≥ 90)")."""
    met: list[str] = []
    tier = 0
    for i, tid in enumerate(catalog.tier_ids, start=1):
        target = c.targets.get(tid)
        if target is None:
            tier = i
            continue
        if meets(c, value, target.value):
            met.append(f"{tid} ({fmt_target(c, target.value)})")
            tier = i
        else:
            return tier, met, f"{tid} ({fmt_target(c, target.value)})"
    return tier, met, None


def progress(c: Criterion, value: FindingValue | None, tier_ids: list[str]) -> float:
    if value is None:
        return 0.0
    top = c.targets[c.top_tier(tier_ids)].value
    m = c.metric
    if m.type == "boolean":
        return 1.0 if value is True or top is False else 0.0
    if m.type == "ordinal":
        levels = m.levels or ()
        top_i = levels.index(top)
        return 1.0 if top_i == 0 else min(1.0, levels.index(value) / top_i)
    assert isinstance(value, (int, float)) and isinstance(top, (int, float))
    if m.direction == "higher":
        return 1.0 if top <= 0 else max(0.0, min(1.0, value / top))
    if value <= top:
        return 1.0
    return top / value if top > 0 else 1.0 / (1.0 + value)


def distance(c: Criterion, value: FindingValue | None, target: FindingValue) -> float:
    """How far `value` is from `target`, 0 (meets it) .. 1 (nothing, or not assessed)."""
    if value is None:
        return 1.0
    if meets(c, value, target):
        return 0.0
    m = c.metric
    if m.type == "boolean":
        return 1.0
    if m.type == "ordinal":
        levels = m.levels or ()
        return (levels.index(target) - levels.index(value)) / max(1, len(levels) - 1)
    assert isinstance(value, (int, float)) and isinstance(target, (int, float))
    if m.direction == "higher":
        return 1.0 if target <= 0 else min(1.0, (target - value) / target)
    return 1.0 if value <= 0 else min(1.0, (value - target) / value)


def fmt_value(c: Criterion, value: FindingValue | None) -> str:
    if value is None:
        return "—"
    m = c.metric
    if m.type == "boolean":
        return "yes" if value else "no"
    if m.type == "percentage":
        return f"{_num(value)}%"
    if m.type == "duration":
        return f"{_num(value)} {m.unit}"
    return _num(value) if isinstance(value, (int, float)) else str(value)


def fmt_target(c: Criterion, target: FindingValue) -> str:
    m = c.metric
    if m.type == "boolean":
        return "yes" if target else "no"
    if m.type == "ordinal":
        return f"≥ {target}"
    op = "≥" if m.direction == "higher" else "≤"
    return f"{op} {fmt_value(c, target)}"


def _num(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _effective(finding: Finding | None, as_of: dt.date) -> tuple[str, list[str]]:
    if finding is None:
        return "not_assessed", ["no finding in the assessment"]
    if finding.status in ("not_applicable", "exception"):
        assert finding.expires is not None
        if finding.expires < as_of:
            word = "not applicable" if finding.status == "not_applicable" else "exception"
            return "not_assessed", [f"{word} expired {finding.expires.isoformat()}: counted as not assessed"]
    return finding.status, []


def _best_evidence(c: Criterion, finding: Finding | None, as_of: dt.date) -> tuple[int, str]:
    """The highest verification among fresh evidence (-1 when none), and why."""
    if finding is None or not finding.evidence:
        return -1, "no evidence"
    best = -1
    stale = future = 0
    for ev in finding.evidence:
        if ev.date > as_of:
            future += 1
            continue
        if (as_of - ev.date).days > c.evidence.max_age_days:
            stale += 1
            continue
        best = max(best, VERIFICATION_ORDER[ev.verification])
    notes = []
    if stale:
        notes.append(f"{stale} item(s) older than {c.evidence.max_age_days} days")
    if future:
        notes.append(f"{future} item(s) dated after {as_of.isoformat()}")
    names = {v: k for k, v in VERIFICATION_ORDER.items()}
    head = f"best fresh evidence: {names[best]}" if best >= 0 else "no fresh evidence"
    return best, head + (f" ({'; '.join(notes)} not counted)" if notes else "")


def score_criterion(catalog: Catalog, c: Criterion, finding: Finding | None, as_of: dt.date) -> CriterionScore:
    tier_ids = catalog.tier_ids
    status, notes = _effective(finding, as_of)
    value = finding.value if finding is not None and status == "assessed" else None
    applicable = status not in ("not_applicable", "exception")
    best, ev_note = _best_evidence(c, finding, as_of)
    if status == "assessed":
        tier, met, missed = value_tier(catalog, c, value)
        prog = progress(c, value, tier_ids)
        rule = (f"value {fmt_value(c, value)}: "
                + (f"meets {', '.join(met)}" if met else "meets no target")
                + (f"; misses {missed}" if missed else "; meets every target")
                + f" → {tier_name(catalog, tier)}")
    elif not applicable:
        assert finding is not None and finding.expires is not None
        tier, prog = 0, 0.0
        word = "not applicable" if status == "not_applicable" else "exception"
        rule = (f"{word} until {finding.expires.isoformat()} (approved by {finding.approver}): left out of "
                "the domain's count; counted as unmet in the strict view")
    else:
        # Unmet wherever it is required; tiers that do not require it are still reached.
        tier, prog = value_tier(catalog, c, None)[0], 0.0
        rule = (f"not assessed: counts as unmet → {tier_name(catalog, tier)}"
                + (" (the lower tiers do not require it)" if tier else "") + (f" ({notes[0]})" if notes else ""))
    # verified: credit only the tiers whose minimum verification the fresh evidence reaches
    vtier = 0
    for i, tid in enumerate(tier_ids[:tier], start=1):
        need = c.evidence.verification.get(tid) if tid in c.targets else None
        if need is not None and VERIFICATION_ORDER[need] > best:
            break
        vtier = i
    # The value's own progress counts as verified only when the evidence supports every tier the
    # value reaches and at least the entry requirement (the lowest tier with a target); otherwise
    # only the target of the highest verified tier is credited.
    entry = next((c.evidence.verification.get(t) for t in tier_ids if t in c.targets), None)
    evidenced = status == "assessed" and best >= 0 and (entry is None or VERIFICATION_ORDER[entry] <= best)
    if vtier == tier and (evidenced or status != "assessed"):
        vprog = prog
        vrule = f"{ev_note}; supports {tier_name(catalog, tier)}" if status == "assessed" else rule
    elif vtier == tier:
        credited = [tid for tid in tier_ids[:vtier] if tid in c.targets]
        vprog = progress(c, c.targets[credited[-1]].value, tier_ids) if credited else 0.0
        vrule = (f"{ev_note}; the value itself needs {entry} evidence no older than "
                 f"{c.evidence.max_age_days} days to count → verified {tier_name(catalog, vtier)}, "
                 "no progress credited beyond it")
    else:
        credited = [tid for tid in tier_ids[:vtier] if tid in c.targets]
        vprog = progress(c, c.targets[credited[-1]].value, tier_ids) if credited else 0.0
        need_tid = tier_ids[vtier]
        vrule = (f"{ev_note}; {need_tid} needs {c.evidence.verification[need_tid]} evidence no older than "
                 f"{c.evidence.max_age_days} days → verified {tier_name(catalog, vtier)}")
    nxt = tier + 1 if tier < len(tier_ids) else None
    next_tid = tier_ids[nxt - 1] if nxt else None
    next_target = _binding_target(c, tier_ids, nxt) if nxt else None
    # Every field is computed here from validated models: skip re-validating 10,000 results.
    return CriterionScore.model_construct(
        id=c.id, title=c.title, domain=catalog.domain_of[c.id], gating=c.gating, weight=c.weight,
        declared_status=finding.status if finding else "not_assessed", status=status, value=value,
        applicable=applicable, tier=tier, verified_tier=vtier, progress=round(prog, 4),
        verified_progress=round(vprog, 4),
        evidence_verification={v: k for k, v in VERIFICATION_ORDER.items()}.get(best),
        next_tier=next_tid, next_target=next_target, rule=rule, verified_rule=vrule, notes=tuple(notes))


def _binding_target(c: Criterion, tier_ids: list[str], tier: int) -> FindingValue | None:
    """The target that must be met to reach `tier`: that tier's own, else the nearest below it."""
    for tid in reversed(tier_ids[:tier]):
        if tid in c.targets:
            return c.targets[tid].value
    return None


# -- domains and views --------------------------------------------------------------------------

def _tier_of(cs: CriterionScore, view: View) -> int | None:
    """A criterion's tier in a view; None when the view leaves it out."""
    if not cs.applicable:
        return 0 if view == "strict" else None
    return cs.verified_tier if view == "verified" else cs.tier


def _progress_of(cs: CriterionScore, view: View) -> float | None:
    if not cs.applicable:
        return 0.0 if view == "strict" else None
    return cs.verified_progress if view == "verified" else cs.progress


def domain_tier(catalog: Catalog, scores: list[CriterionScore], view: View) -> tuple[int, tuple[str, ...], str]:
    rule = catalog.meta.tier_rules.domain
    counted = [(cs, t) for cs in scores if (t := _tier_of(cs, view)) is not None]
    n = len(catalog.tier_ids)
    if not counted:
        # Nothing applicable was assessed: nothing can be credited (marking a whole domain not
        # applicable must not lift it to the top tier).
        return 0, (), "no applicable criteria: nothing to credit → none"

    def reaches(k: int) -> bool:
        if rule.method == "all":
            return all(t >= k for _, t in counted)
        if any(cs.gating and t < k for cs, t in counted):
            return False
        rest = [(cs, t) for cs, t in counted if not cs.gating]
        total = sum(cs.weight for cs, _ in rest)
        return total == 0 or sum(cs.weight for cs, t in rest if t >= k) / total >= (rule.threshold or 1)

    tier = 0
    while tier < n and reaches(tier + 1):
        tier += 1
    capped = tuple(cs.id for cs, t in counted if cs.gating and t == tier and tier < n)
    if tier == n:
        why = f"meets every tier up to {catalog.tier_ids[-1]}"
    else:
        nxt = catalog.tier_ids[tier]
        if rule.method == "all":
            short = [cs.id for cs, t in counted if t <= tier]
            why = f"{nxt} needs every criterion; {len(short)} fall short ({_list(short)})"
        else:
            gating_short = [cs.id for cs, t in counted if cs.gating and t <= tier]
            rest = [(cs, t) for cs, t in counted if not cs.gating]
            total = sum(cs.weight for cs, _ in rest)
            have = sum(cs.weight for cs, t in rest if t > tier)
            parts = []
            if gating_short:
                parts.append(f"gating {_list(gating_short)} below {nxt}")
            share = have / total if total else 1.0
            if share < (rule.threshold or 1):
                parts.append(f"non-gating weight meeting {nxt} {have}/{total} = {share:.0%} "
                             f"< {rule.threshold:.0%}")
            why = f"{nxt} not reached: " + "; ".join(parts)
    return tier, capped, f"{rule.method} rule → {tier_name(catalog, tier)}: {why}"


def _list(ids: list[str], limit: int = 6) -> str:
    return ", ".join(ids[:limit]) + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def _readiness(scores: list[CriterionScore], view: View) -> float:
    pairs = [(cs.weight, p) for cs in scores if (p := _progress_of(cs, view)) is not None]
    total = sum(w for w, _ in pairs)
    return round(100.0 * sum(w * p for w, p in pairs) / total, 1) if total else 0.0


def score_view(catalog: Catalog, scores: list[CriterionScore], view: View) -> ViewScore:
    domains = []
    for d in catalog.meta.domains:
        in_domain = [cs for cs in scores if cs.domain == d.id]
        tier, capped, rule = domain_tier(catalog, in_domain, view)
        counted = sum(1 for cs in in_domain if _tier_of(cs, view) is not None)
        domains.append(DomainScore(id=d.id, name=d.name, tier=tier, tier_id=tier_name(catalog, tier),
                                   readiness=_readiness(in_domain, view), counted=counted,
                                   left_out=len(in_domain) - counted, capped_by=capped, rule=rule))
    overall = min((d.tier for d in domains), default=0)
    weakest = [d.id for d in domains if d.tier == overall]
    return ViewScore(view=view, overall_tier=overall, overall_tier_id=tier_name(catalog, overall),
                     readiness=_readiness(scores, view), domains=tuple(domains),
                     rule=f"minimum of domain tiers → {tier_name(catalog, overall)} (set by {', '.join(weakest)})")


# -- gaps -----------------------------------------------------------------------------------------

def _needed(catalog: Catalog, scores: list[CriterionScore], target_tier: int, *,
            short: Callable[[CriterionScore], bool], reached: Callable[[CriterionScore], bool],
            order: Callable[[CriterionScore], tuple[object, ...]]) -> list[CriterionScore]:
    """The criteria the domain rule needs closed for every domain to reach `target_tier`: under
    `all`, every `short` one; under `threshold`, the `short` gating ones and then non-gating ones
    in `order` until the `reached` weight meets the threshold."""
    rule = catalog.meta.tier_rules.domain
    needed: list[CriterionScore] = []
    for d in catalog.meta.domains:
        counted = [cs for cs in scores if cs.domain == d.id and cs.applicable]
        shorts = [cs for cs in counted if short(cs)]
        if rule.method == "all":
            needed.extend(shorts)
            continue
        needed.extend(cs for cs in shorts if cs.gating)
        rest = [cs for cs in counted if not cs.gating]
        total = sum(cs.weight for cs in rest)
        have = sum(cs.weight for cs in rest if reached(cs))
        for cs in sorted((cs for cs in shorts if not cs.gating), key=order):
            if total == 0 or have / total >= (rule.threshold or 1):
                break
            needed.append(cs)
            have += cs.weight
    return needed


def gaps_to(catalog: Catalog, scores: list[CriterionScore], target_tier: int) -> list[Gap]:
    """Exactly the criteria whose closure brings every domain to `target_tier` (claimed view).
    Among non-gating ones, fewest first: heaviest weight, then the closest to its target."""
    tid = catalog.tier_ids[target_tier - 1]
    needed = _needed(catalog, scores, target_tier, short=lambda cs: cs.tier < target_tier,
                     reached=lambda cs: cs.tier >= target_tier,
                     order=lambda cs: (-cs.weight, _dist(catalog, cs, target_tier), cs.id))
    gaps = [_gap(catalog, cs, target_tier, tid) for cs in needed]
    return sorted(gaps, key=lambda g: (not g.gating, -g.priority, g.id))


def evidence_gaps_to(catalog: Catalog, scores: list[CriterionScore], target_tier: int) -> list[EvidenceGap]:
    """Exactly the criteria whose evidence must improve for the verified view to reach
    `target_tier`, a tier the claimed view reaches: only criteria whose value already meets it
    can be lifted by evidence, and they suffice, since the claimed view reached it with them."""
    needed = _needed(catalog, scores, target_tier, short=lambda cs: cs.verified_tier < target_tier <= cs.tier,
                     reached=lambda cs: cs.verified_tier >= target_tier, order=lambda cs: (-cs.weight, cs.id))
    out = []
    for cs in needed:
        c = catalog.by_id[cs.id]
        tid = catalog.tier_ids[cs.verified_tier]
        need = c.evidence.verification.get(tid, "self_asserted")
        has = cs.evidence_verification
        out.append(EvidenceGap(
            id=c.id, title=c.title, domain=cs.domain, gating=c.gating, weight=c.weight,
            claimed_tier=tier_name(catalog, cs.tier), verified_tier=tier_name(catalog, cs.verified_tier),
            unverified_tier=tid, needs=need, max_age_days=c.evidence.max_age_days, has=has,
            reason=(f"{tid} needs {need.replace('_', ' ')} evidence no older than {c.evidence.max_age_days} days; "
                    + (f"the best fresh evidence is {has.replace('_', ' ')}" if has else "there is no fresh evidence"))))
    return sorted(out, key=lambda g: (not g.gating, -g.weight, g.id))


def _dist(catalog: Catalog, cs: CriterionScore, target_tier: int) -> float:
    c = catalog.by_id[cs.id]
    target = _first_unmet_target(catalog, c, cs, target_tier)
    return distance(c, cs.value, target.value) if target else 0.0


def _first_unmet_target(catalog: Catalog, c: Criterion, cs: CriterionScore, target_tier: int):  # type: ignore[no-untyped-def]
    tier_ids = catalog.tier_ids
    for tid in tier_ids[cs.tier:target_tier]:
        if tid in c.targets:
            return c.targets[tid]
    return None


def _gap(catalog: Catalog, cs: CriterionScore, target_tier: int, tid: str) -> Gap:
    c = catalog.by_id[cs.id]
    target_value = _binding_target(c, catalog.tier_ids, target_tier)
    basis_tid = next(t for t in reversed(catalog.tier_ids[:target_tier]) if t in c.targets)
    assert target_value is not None
    dist = distance(c, cs.value, target_value)
    if cs.status == "assessed":
        reason = f"{fmt_value(c, cs.value)} against {fmt_target(c, target_value)} required at {tid}"
    else:
        reason = "not assessed: " + (cs.notes[0] if cs.notes else "no value given")
    return Gap(id=c.id, title=c.title, domain=cs.domain, gating=c.gating, weight=c.weight, status=cs.status,
               value=cs.value, current_tier=tier_name(catalog, cs.tier), required_tier=tid, target=target_value,
               target_basis=c.targets[basis_tid].basis, unit=c.metric.unit, distance=round(dist, 4),
               priority=round(c.weight * dist, 4), reason=reason, remediation=c.remediation)


# -- the whole assessment -------------------------------------------------------------------------

def score(catalog: Catalog, assessment: Assessment, as_of: dt.date | None = None) -> Score:
    when = as_of or assessment.as_of
    scores = [score_criterion(catalog, c, assessment.findings.get(c.id), when) for c in catalog.criteria]
    views = {v: score_view(catalog, scores, v) for v in VIEWS}
    overall = views["claimed"].overall_tier
    n = len(catalog.tier_ids)
    next_tier = overall + 1 if overall < n else None
    gaps = gaps_to(catalog, scores, next_tier) if next_tier else []
    verified = views["verified"].overall_tier
    ev_gaps = evidence_gaps_to(catalog, scores, overall) if verified < overall else []
    rule = catalog.meta.tier_rules.domain
    gap_rule = ("criteria every domain below the next tier must close to reach it"
                + ("" if rule.method == "all" else
                   f": gating ones always, others heaviest first until {rule.threshold:.0%} of the weight meets it")
                + "; ordered gating first, then weight × distance")
    return Score(
        catalog=catalog.ref, catalog_digest=catalog.digest, partner=assessment.partner, host=assessment.host,
        as_of=when, tiers=tuple(catalog.tier_ids), claimed=views["claimed"], verified=views["verified"],
        strict=views["strict"], next_tier=catalog.tier_ids[next_tier - 1] if next_tier else None,
        gaps=tuple(gaps), gap_rule=gap_rule,
        evidence_target=tier_name(catalog, overall) if verified < overall else None, evidence_gaps=tuple(ev_gaps),
        not_assessed=tuple(cs.id for cs in scores if cs.status == "not_assessed"), criteria=tuple(scores))
