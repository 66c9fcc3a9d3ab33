"""A measure's tier ladder: the tiers at which it sets a target, lowest first, and the rules that walk
it (the tier a value reaches, the target that binds a tier, the tiers its evidence supports).

Every criterion is scored by walking its ladders: one for a criterion of the 1.x form (its metric
and targets), one per measure for a criterion with several (`roadmap.engine.measures`).
"""

from __future__ import annotations

from collections.abc import Mapping

from roadmap.models.assessment import FindingValue
from roadmap.models.base import Verification
from roadmap.models.catalog import Target
from roadmap.models.metrics import Metric

#: A ladder: (tier number, tier id, target value) of each tier that has a target, lowest first.
Ladder = list[tuple[int, str, FindingValue]]


def ladder(tier_ids: list[str], targets: Mapping[str, Target]) -> Ladder:
    """The tiers that have a target, lowest first: (tier number, tier id, target value)."""
    return [(i, tid, targets[tid].value) for i, tid in enumerate(tier_ids, start=1) if tid in targets]


def binding(steps: Ladder, tier: int) -> tuple[str, FindingValue] | None:
    """The target that must be met to reach `tier`: that tier's own, else the nearest below it;
    None when no tier up to it has one."""
    found = None
    for i, tid, target in steps:
        if i > tier:
            break
        found = (tid, target)
    return found


def value_tier(m: Metric, value: FindingValue | None, steps: Ladder, n: int,
               labels: dict[tuple[object, ...], str]) -> tuple[int, list[str], str | None]:
    """The tier `value` reaches, the targets it met, and the first it missed ("T3 (≥ 90)"). Tiers
    without a target do not require the measure, so the value reaches every tier below the first
    target it misses (all `n` tiers when it misses none).

    `labels` are formatted once per scoring run for each distinct target: a large catalog repeats
    the same few, and formatting them was a large share of the time. The key's `repr` tells 1,
    1.0, True and "1" apart, which format differently."""
    metric = (m.type, m.direction, m.unit)
    compare = m.comparison()
    met: list[str] = []
    for i, tid, target in steps:
        key = (tid, metric, repr(target))
        label = labels.get(key)
        if label is None:
            label = labels[key] = f"{tid} ({m.format_target(target)})"
        if value is None or not compare(value, target):
            return i - 1, met, label
        met.append(label)
    return n, met, None


def verified_tier(steps: Ladder, needs: Mapping[str, Verification], tier: int, best: int) -> int:
    """The highest tier up to `tier` below the first whose minimum verification `best` misses."""
    for i, tid, _ in steps:
        if i > tier:
            break
        need = needs.get(tid)
        if need is not None and need.rank > best:
            return i - 1
    return tier


__all__ = ["Ladder", "binding", "ladder", "value_tier", "verified_tier"]
