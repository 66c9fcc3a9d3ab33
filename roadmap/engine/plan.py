"""The remediation plan: what to close, in which order, to reach the next tier (POA&M-style).

One row per gap of the score (claimed view), in the score's priority order: gating first, then
weight × distance, then id. Each item carries what its owners fill in (owner, due date, state,
notes); with a previous plan (`roadmap.engine.carryover`) those come forward for the gaps it listed,
and the plan says which items are new, carried or overdue, and which of the previous plan's closed.
`roadmap.present` writes it as YAML (the plan file), CSV, JSON or an Excel workbook.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field

from roadmap.engine.carryover import Carried, ClosedItem
from roadmap.engine.measures import gap_steps
from roadmap.engine.scoring import Score
from roadmap.models.assessment import FindingValue
from roadmap.models.base import Result, Status, absent
from roadmap.models.catalog import Catalog
from roadmap.models.plan import Since, State


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
    due: dt.date | None = None
    #: The item's state as its owner reports it (open, in_progress, blocked, done).
    state: State = "open"
    notes: str = ""
    #: Against a previous plan: new, carried or overdue; None without one.
    since: Since | None = None
    #: A roll-up's gap: the scopes whose own value misses the target (empty otherwise).
    held_back_by: tuple[str, ...] = ()
    #: A criterion with several measures: the binding measure (its value and target are shown).
    measure: str | None = Field(default=None, exclude_if=absent)


class Plan(Result):
    catalog: str
    partner: str
    #: The part of the partner's government the assessment covers (None: all of it).
    scope: str | None = None
    host: str
    as_of: str
    current_tier: str
    target_tier: str | None
    rule: str
    items: tuple[PlanItem, ...]
    #: The previous plan it was carried from (None without one), and what became of its items.
    previous: str | None = None
    previous_as_of: str | None = None
    closed: tuple[ClosedItem, ...] = ()
    carry_rule: str | None = None


def build_plan(catalog: Catalog, result: Score, carried: Carried | None = None, *, scope: str | None = None) -> Plan:
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
            distance=gap.distance, priority=gap.priority, remediation=gap.remediation, measure=gap.measure,
            held_back_by=gap.held_back_by or (), **_carried(carried, gap.id)))
    return Plan(catalog=result.catalog, partner=result.partner, scope=scope, host=result.host,
                as_of=result.as_of.isoformat(), current_tier=result.claimed.overall_tier_id,
                target_tier=result.next_tier, rule=result.gap_rule, items=tuple(items),
                previous=carried.plan if carried else None,
                previous_as_of=carried.plan_as_of.isoformat() if carried else None,
                closed=carried.closed if carried else (), carry_rule=carried.rule if carried else None)


def _carried(carried: Carried | None, cid: str) -> dict[str, Any]:
    """What an item takes from the previous plan: its owners' fields, and how it stands since."""
    if carried is None:
        return {}
    entry = carried.entries.get(cid)
    if entry is None:
        return {"since": "new", "owner": carried.owners.get(cid)}
    return {"owner": entry.owner or None, "due": entry.due, "state": entry.state, "notes": entry.notes,
            "since": "overdue" if cid in carried.overdue else "carried"}


def plan_payload(plan: Plan) -> dict[str, Any]:
    """The `roadmap.plan` JSON document's content (docs/json.md)."""
    return plan.model_dump(mode="json")
