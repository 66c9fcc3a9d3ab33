"""The remediation plan as a plan file (YAML, docs/plan.md): what `roadmap plan FILE -o plan.yaml`
writes and `roadmap plan NEW --previous plan.yaml` reads back (`roadmap.load.plans`). Written by
PyYAML's safe dumper, which quotes any text another reader would take for something else (`no`,
`1.10`, `2026-01-01`); the comment at the top holds no text from the inputs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from roadmap.engine.plan import Plan, PlanItem

_HEAD = """\
# A roadmap plan file: the remediation plan of the assessment named below, one item per gap.
# Fill in per item: owner, due (a date, YYYY-MM-DD), state (open, in_progress, blocked or done) and
# notes. The other fields are written from the assessment each time. Next round, carry it over:
#   roadmap plan NEXT-ROUND.yaml --previous THIS-FILE.yaml -o NEXT-PLAN.yaml
# Owners, due dates, states and notes come forward; items are marked new, carried or overdue, and
# the items that closed are listed under closed. docs/plan.md describes every field.
"""


def plan_yaml(plan: Plan, *, assessment: str, sha256: str) -> str:
    data: dict[str, Any] = {
        "assessment": assessment, "sha256": sha256, "partner": plan.partner,
        **({"scope": plan.scope} if plan.scope else {}), "host": plan.host, "catalog": plan.catalog,
        "as_of": dt.date.fromisoformat(plan.as_of), "current_tier": plan.current_tier, "target_tier": plan.target_tier,
        **({"previous": plan.previous} if plan.previous else {}),
        "items": [_item(item) for item in plan.items],
    }
    if plan.closed:
        data["closed"] = [{"criterion": c.criterion, "title": c.title, "target_tier": c.target_tier, "why": c.why,
                           "owner": c.owner, "due": c.due, "state": c.state, "notes": c.notes, "closed": c.closed}
                          for c in plan.closed]
    return _HEAD + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


def _item(item: PlanItem) -> dict[str, Any]:
    out: dict[str, Any] = {"order": item.order, "criterion": item.criterion, "title": item.title,
                           "domain": item.domain, "gating": item.gating, "target_tier": item.target_tier,
                           "gap": item.gap, "remediation": item.remediation}
    if item.held_back_by:
        out["held_back_by"] = list(item.held_back_by)
    if item.since:
        out["since"] = item.since
    out.update(owner=item.owner or "", due=item.due, state=item.state, notes=item.notes)
    return out
