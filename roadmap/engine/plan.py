"""The remediation plan: what to close, in which order, to reach the next tier (POA&M-style).

One row per gap of the score (claimed view), in the score's priority order: gating first, then
weight × distance, then id. `owner` and `due` are left empty for the user to fill in; the domain
is the suggested owner. `roadmap.present.plan_csv` writes it for a spreadsheet.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from roadmap.engine.measures import gap_steps
from roadmap.engine.scoring import Score
from roadmap.models.assessment import FindingValue
from roadmap.models.base import Result, Status, absent
from roadmap.models.catalog import Catalog


class PlanItem(Result):
    order: int
    criterion: str
    title: str
    domain: str
    domain_name: str
    gating: bool
    weight: int
    status: Status
    current_tier: str
    target_tier: str
    value: FindingValue | None
    target_value: FindingValue
    current: str
    target: str
    gap: str
    distance: float
    priority: float
    remediation: str
    owner: str | None = None
    due: str | None = None
    #: A criterion with several measures: the binding measure (its value and target are shown).
    measure: str | None = Field(default=None, exclude_if=absent)


class Plan(Result):
    catalog: str
    partner: str
    host: str
    as_of: str
    current_tier: str
    target_tier: str | None
    rule: str
    items: tuple[PlanItem, ...]


def build_plan(catalog: Catalog, result: Score) -> Plan:
    names = {d.id: d.name for d in catalog.meta.domains}
    items = []
    for n, gap in enumerate(result.gaps, start=1):
        steps = gap_steps(catalog.by_id[gap.id], gap)
        current = "; ".join(f"{mid + ' ' if mid else ''}{now}" for mid, now, _ in steps)
        target = "; ".join(f"{mid + ' ' if mid else ''}{to}" for mid, _, to in steps)
        items.append(PlanItem(
            order=n, criterion=gap.id, title=gap.title, domain=gap.domain, domain_name=names[gap.domain],
            gating=gap.gating, weight=gap.weight, status=gap.status, current_tier=gap.current_tier,
            target_tier=gap.required_tier, value=gap.value, target_value=gap.target, current=current,
            target=target, gap="; ".join(f"{mid + ' ' if mid else ''}{now} → {to}" for mid, now, to in steps),
            distance=gap.distance, priority=gap.priority,
            remediation=gap.remediation, measure=gap.measure))
    return Plan(catalog=result.catalog, partner=result.partner, host=result.host,
                as_of=result.as_of.isoformat(), current_tier=result.claimed.overall_tier_id,
                target_tier=result.next_tier, rule=result.gap_rule, items=tuple(items))


def plan_payload(plan: Plan) -> dict[str, Any]:
    """The `roadmap.plan` JSON document's content (docs/json.md)."""
    return plan.model_dump(mode="json")
