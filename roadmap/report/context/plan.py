"""The plan's follow-up (`roadmap report --plan PLAN.yaml`): the items of an earlier plan that closed,
those that slipped (due before the as-of date, still gaps), and how the rest stand; the gap rows
then carry each item's owner and due date."""

from __future__ import annotations

from roadmap.engine.carryover import Carried, counted, slipped_text
from roadmap.report.base import Part
from roadmap.words import count, words


class PlanSection(Part):
    file: str
    as_of: str
    sentence: str
    closed: tuple[str, ...]
    slipped: tuple[str, ...]
    #: Items their owners report done that are still gaps.
    contradicted: str
    rule: str


def build_plan_section(carried: Carried | None) -> PlanSection | None:
    if carried is None:
        return None
    slipped = tuple(slipped_text(carried.entries[cid], cid) for cid in carried.overdue)
    done = carried.done_but_open
    return PlanSection(
        file=carried.plan, as_of=carried.plan_as_of.isoformat(),
        sentence=(f"Held against the plan of {carried.plan_as_of.isoformat()}: {counted(carried)} "
                  f"(new: gaps that plan does not list)."),
        closed=tuple(c.text for c in carried.closed), slipped=slipped,
        contradicted=(f"Reported done in the plan but still {count(len(done), 'gap')}: {', '.join(done)}."
                      if done else ""),
        rule=carried.rule)


def tracking(carried: Carried | None, cid: str) -> str:
    """A gap's line from the plan: "owner MOD TEMPEST office · due 2026-03-31 · overdue", "" without one."""
    if carried is None:
        return ""
    entry = carried.entries.get(cid)
    if entry is None:
        owner = carried.owners.get(cid)
        return "new in this plan" + (f" · owner {owner}" if owner else "")
    parts = [f"owner {entry.owner}" if entry.owner else "no owner",
             f"due {entry.due.isoformat()}" if entry.due else "no due date", words(entry.state)]
    if cid in carried.overdue:
        parts.append("overdue")
    return " · ".join(parts)
