"""A criterion with several measures (docs/scoring.md, "Several measures per criterion").

Rules, repeated in each result's `rule` strings:

- Each measure reaches the tier its own value and targets give it, by the rule of a single measure
  (a tier without a target for the measure does not require it).
- The criterion meets a tier when every one of its measures does: its tier is the lowest of its
  measures' tiers. A measure without a value (a criterion rescored under another catalog version
  that added it) counts as unmet.
- Progress: the mean of the measures' progress toward their own top targets (each 0..1), so that
  work on any measure shows, and the criterion is at 1 only when every measure is at its top.
- Distance to a tier: that of the binding measure, the one furthest from its target at that tier
  (0..1); the criterion is closed only when its furthest measure is, so a mean would understate it.
- Verified view: the evidence is the criterion's; the tiers it supports are found as for one
  measure, over the tiers at which any measure has a target; the progress credited when the
  evidence falls short is the mean over the measures of the progress of each one's target at the
  highest verified tier.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from roadmap.engine.ladders import Ladder, binding, ladder, value_tier
from roadmap.i18n import N_, _
from roadmap.models.assessment import FindingValue
from roadmap.models.base import Result
from roadmap.models.catalog import Catalog, Criterion, Measure
from roadmap.words import tier_shown, words

if TYPE_CHECKING:
    from roadmap.engine.scoring import Gap

RULES: tuple[str, ...] = (
    N_("Several measures: a criterion meets a tier when every one of its measures meets that tier's target "
    "(and every lower one), so its tier is the lowest of its measures' tiers; its progress is the mean of "
    "its measures' progress; its distance to a tier is that of its furthest measure (the binding one)."),
)


class MeasureScore(Result):
    """One measure of a criterion with several: its value, the tier it alone reaches, its progress."""

    id: str
    title: str
    value: FindingValue | None
    tier: int
    progress: float
    #: The target this measure must meet for the criterion's next tier (None: none, or the top tier).
    next_target: FindingValue | None


class MeasureGap(Result):
    """A measure short of the target that a tier needs of it."""

    id: str
    title: str
    value: FindingValue | None
    target: FindingValue
    #: The tier whose target binds (the gap's tier, or the nearest below with a target).
    target_tier: str
    target_basis: str
    unit: str | None
    distance: float
    depends_on: str | None
    #: "accredited-share 40% against ≥ 60% required at T2"
    text: str


def ladders(catalog: Catalog, c: Criterion) -> list[tuple[Measure, Ladder]]:
    """Each measure with its ladder."""
    return [(m, ladder(catalog.tier_ids, m.targets)) for m in c.measures or ()]


def union_ladder(pairs: list[tuple[Measure, Ladder]]) -> Ladder:
    """The tiers at which any measure (of `pairs`, from `ladders`) has a target, lowest first. Only
    the tiers are read from it (which tiers need evidence of what): the tier id stands in for a
    target value."""
    steps = {(i, tid) for _, ladder_ in pairs for i, tid, _ in ladder_}
    return [(i, tid, tid) for i, tid in sorted(steps)]


def assessed(catalog: Catalog, c: Criterion, values: Mapping[str, FindingValue],
             labels: dict[tuple[object, ...], str], pairs: list[tuple[Measure, Ladder]] | None = None,
             ) -> tuple[tuple[int, float, str], tuple[MeasureScore, ...]]:
    """An assessed criterion with several measures: its (tier, progress, rule) and each measure's
    score. `pairs`: its measures' ladders, when already found (`ladders`)."""
    n = len(catalog.tier_ids)
    scores, parts = [], []
    for m, steps in pairs if pairs is not None else ladders(catalog, c):
        value = values.get(m.id)
        tier, met, missed = value_tier(m.metric, value, steps, n, labels)
        shown = _("no value, counted as unmet") if value is None else m.metric.format_value(value)
        parts.append(_("%(id)s %(value)s: %(met)s; %(missed)s → %(tier)s", id=m.id, value=shown,
                       met=_("meets %(targets)s", targets=", ".join(met)) if met else _("meets no target"),
                       missed=_("misses %(target)s", target=missed) if missed else _("meets every target"),
                       tier=tier_shown(catalog, tier)))
        after = binding(steps, tier + 1) if tier < n else None
        # built by pydantic-core from exact types, as scoring.score_criterion builds its results
        scores.append(MeasureScore.model_validate({
            "id": m.id, "title": m.title, "value": value, "tier": tier,
            "progress": round(m.metric.progress(value, steps[-1][2]), 4),
            "next_target": after[1] if after else None}, strict=True))
    tier = min(s.tier for s in scores)
    lowest = [s.id for s in scores if s.tier == tier]
    shown_tier = tier_shown(catalog, tier)
    rule = (_("%(parts)s · every measure must meet a tier: → %(tier)s (set by %(lowest)s)", parts="; ".join(parts),
              tier=shown_tier, lowest=", ".join(lowest)) if len(lowest) < len(scores) else
            _("%(parts)s · every measure must meet a tier: → %(tier)s", parts="; ".join(parts), tier=shown_tier))
    return (tier, sum(s.progress for s in scores) / len(scores), rule), tuple(scores)


def credited_progress(pairs: list[tuple[Measure, Ladder]], vtier: int) -> float:
    """The progress credited at verified tier `vtier`: the mean over the measures (of `pairs`, from
    `ladders`) of the progress of each one's target at that tier (0 for a measure with no target
    up to it)."""
    total = 0.0
    for m, steps in pairs:
        at = binding(steps, vtier)
        total += m.metric.progress(at[1], steps[-1][2]) if at else 0.0
    return total / len(pairs)


def short_of(catalog: Catalog, c: Criterion, values: Mapping[str, FindingValue] | None,
             tier: int) -> list[MeasureGap]:
    """The measures whose value misses the target `tier` needs of them, furthest first (then in the
    criterion's order); with no values (not assessed), every measure that `tier` requires."""
    out = []
    tier_id = catalog.tier_ids[tier - 1]
    for m, steps in ladders(catalog, c):
        bound = binding(steps, tier)
        if bound is None:
            continue
        basis_tid, target = bound
        value = values.get(m.id) if values else None
        if m.metric.meets(value, target):
            continue
        shown = _("no value") if value is None else m.metric.format_value(value)
        out.append(MeasureGap(
            id=m.id, title=m.title, value=value, target=target, target_tier=basis_tid,
            target_basis=m.targets[basis_tid].basis, unit=m.metric.unit,
            distance=round(m.metric.distance(value, target), 4), depends_on=m.targets[basis_tid].depends_on,
            text=_("%(id)s %(value)s against %(target)s required at %(tier)s", id=m.id, value=shown,
                   target=m.metric.format_target(target), tier=tier_id)))
    return sorted(out, key=lambda g: -g.distance)


def distance(catalog: Catalog, c: Criterion, values: Mapping[str, FindingValue] | None, tier: int) -> float:
    """How far the criterion is from `tier`: its binding (furthest) measure's distance, 0 when met
    (the distance `short_of` gives its first gap, found without building the gaps)."""
    furthest = 0.0
    for m, steps in ladders(catalog, c):
        bound = binding(steps, tier)
        if bound is not None:
            furthest = max(furthest, m.metric.distance(values.get(m.id) if values else None, bound[1]))
    return round(furthest, 4)


def gap_steps(c: Criterion, gap: Gap) -> list[tuple[str, str, str]]:
    """What a gap asks, as people read it: (measure id, now, target) for each measure short of the
    tier (one, with an empty id, for a criterion of one measure). Not assessed: its status in words."""
    now_words = None if gap.status == "assessed" else words(gap.status)
    if not gap.measures:
        metric = c.all_measures[0].metric
        return [("", now_words or metric.format_value(gap.value), metric.format_target(gap.target))]
    out = []
    for g in gap.measures:
        metric = c.measure(g.id).metric
        now = now_words or (_("no value") if g.value is None else metric.format_value(g.value))
        out.append((g.id, now, metric.format_target(g.target)))
    return out


def gap_words(c: Criterion, gap: Gap) -> tuple[str, str]:
    """A gap's value and target as people read them, on one line each; with several measures, each
    short measure's ("findings 3, units-inspected 20%" → "findings ≤ 2, units-inspected ≥ 60%")."""
    steps = gap_steps(c, gap)
    if not gap.measures:
        (_, now, target), = steps
        return now, target
    now = ", ".join(f"{mid} {value}" for mid, value, _ in steps) if gap.status == "assessed" else words(gap.status)
    return now, ", ".join(f"{mid} {target}" for mid, _, target in steps)


__all__ = ["RULES", "MeasureGap", "MeasureScore", "assessed", "credited_progress", "distance",
           "gap_steps", "gap_words", "ladders", "short_of", "union_ladder"]
