"""The remediation plan: what to close, in which order, to reach the next tier (POA&M-style).

One row per gap of the score (claimed view), in the score's priority order: gating first, then
weight × distance, then id. `owner` and `due` are left empty for the user to fill in; the domain
is the suggested owner.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from pydantic import BaseModel, ConfigDict

from roadmap.engine.scoring import Score
from roadmap.models.assessment import FindingValue
from roadmap.models.catalog import Catalog

#: The CSV columns, in order; docs/plan.md describes each.
COLUMNS: tuple[str, ...] = ("order", "criterion", "title", "domain", "domain_name", "gating", "weight",
                            "status", "current_tier", "target_tier", "current", "target", "gap",
                            "remediation", "owner", "due")

#: A spreadsheet runs a cell starting with these as a formula (CSV injection, OWASP).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class PlanItem(BaseModel):
    model_config = ConfigDict(frozen=True)

    order: int
    criterion: str
    title: str
    domain: str
    domain_name: str
    gating: bool
    weight: int
    status: str
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


class Plan(BaseModel):
    model_config = ConfigDict(frozen=True)

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
        c = catalog.by_id[gap.id]
        current = c.metric.format_value(gap.value) if gap.status == "assessed" else "not assessed"
        target = c.metric.format_target(gap.target)
        items.append(PlanItem(
            order=n, criterion=gap.id, title=gap.title, domain=gap.domain, domain_name=names[gap.domain],
            gating=gap.gating, weight=gap.weight, status=gap.status, current_tier=gap.current_tier,
            target_tier=gap.required_tier, value=gap.value, target_value=gap.target, current=current,
            target=target, gap=f"{current} → {target}", distance=gap.distance, priority=gap.priority,
            remediation=gap.remediation))
    return Plan(catalog=result.catalog, partner=result.partner, host=result.host,
                as_of=result.as_of.isoformat(), current_tier=result.claimed.overall_tier_id,
                target_tier=result.next_tier, rule=result.gap_rule, items=tuple(items))


def plan_payload(plan: Plan) -> dict[str, Any]:
    """The `roadmap.engine.plan` JSON document's content (docs/json.md)."""
    return plan.model_dump(mode="json")


def safe_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading quote."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def plan_csv(plan: Plan) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    writer.writerow(COLUMNS)
    for item in plan.items:
        row = {**item.model_dump(), "gating": "yes" if item.gating else "no"}
        writer.writerow([safe_cell("" if row[col] is None else str(row[col])) for col in COLUMNS])
    return out.getvalue()
