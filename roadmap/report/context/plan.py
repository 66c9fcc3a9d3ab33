"""The plan's follow-up (`roadmap report --plan PLAN.yaml`): the items of an earlier plan that closed,
those that slipped (due before the as-of date, still gaps), and how the rest stand; the gap rows
then carry each item's owner and due date."""

from __future__ import annotations

from roadmap.engine.carryover import Carried, counted
from roadmap.i18n import _, date
from roadmap.report.base import Part
from roadmap.words import count, listing, words


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
    slipped = carried.slipped
    done = carried.done_but_open
    return PlanSection(
        file=carried.plan, as_of=date(carried.plan_as_of),
        sentence=_("Held against the plan of %(date)s: %(counted)s (new: gaps that plan does not list).",
                   date=date(carried.plan_as_of), counted=counted(carried)),
        closed=tuple(c.text for c in carried.closed), slipped=slipped,
        contradicted=(_("Reported done in the plan but still %(gaps)s: %(ids)s.",
                        gaps=count(len(done), "%(num)d gap", "%(num)d gaps"), ids=listing(done)) if done else ""),
        rule=carried.rule)


def tracking(carried: Carried | None, cid: str) -> str:
    """A gap's line from the plan: "owner MOD TEMPEST office · due 2026-03-31 · overdue", "" without one."""
    if carried is None:
        return ""
    entry = carried.entries.get(cid)
    if entry is None:
        owner = carried.owners.get(cid)
        return _("new in this plan · owner %(owner)s", owner=owner) if owner else _("new in this plan")
    parts = [_("owner %(owner)s", owner=entry.owner) if entry.owner else _("no owner"),
             _("due %(date)s", date=date(entry.due)) if entry.due else _("no due date"), words(entry.state)]
    if cid in carried.overdue:
        parts.append(words("overdue"))
    return " · ".join(parts)
