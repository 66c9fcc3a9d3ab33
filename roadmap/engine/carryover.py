"""A plan carried from one round to the next (docs/plan.md): pure, from a previous plan file, the
catalog it was made against, and a scored assessment, to what became of each of its items.

- Items follow their criterion across catalog versions (`roadmap.engine.renames`).
- A gap of the assessment that the previous plan lists, short of the item's target tier still, is
  carried: its owner, due date, state and notes come forward; it is overdue when its due date is
  before the assessment's as-of date (it slipped). Any other gap is new.
- An item of the previous plan is closed when it is met (the criterion now reaches the item's
  target tier: if the criterion is a gap to the next tier, that is a new item, whose owner comes
  forward but not the due date or state), not needed (still short of it, but no longer among the
  gaps the rule needs: other criteria carry its domain), or removed (not in this catalog version).
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from roadmap.engine.renames import id_map
from roadmap.engine.scoring import Score
from roadmap.models.base import Result
from roadmap.models.catalog import Catalog
from roadmap.models.plan import ClosedWhy, PlanEntry, PlanFile, State
from roadmap.words import count, words

RULE = ("items follow their criterion across catalog versions; a gap the previous plan lists, still short of the "
        "item's target tier, is carried (owner, due date, state and notes come forward) and overdue when its due "
        "date is before the as-of date; any other gap is new; an item is closed when met (its target tier is "
        "reached: a gap to the next tier is then a new item, with the same owner), not needed (no longer among "
        "the gaps the rule needs) or removed (not in this catalog version)")


class ClosedItem(Result):
    """An item of the previous plan that is no longer a gap."""

    criterion: str
    #: Its id in this catalog version (renamed, or None when removed).
    id: str | None
    title: str
    target_tier: str | None
    why: ClosedWhy
    owner: str
    due: dt.date | None
    state: State
    notes: str
    closed: dt.date
    text: str


class Carried(Result):
    """A previous plan held against an assessment."""

    plan: str
    plan_as_of: dt.date
    as_of: dt.date
    #: The previous plan's entry of each gap it carries, by the gap's id now.
    entries: dict[str, PlanEntry] = Field(exclude=True)
    #: The owners of met items whose criterion is a gap again, to the next tier: a new item, same owner.
    owners: dict[str, str] = Field(exclude=True)
    carried: tuple[str, ...]
    overdue: tuple[str, ...]
    new: tuple[str, ...]
    closed: tuple[ClosedItem, ...]
    #: Carried items whose owners report them done, though they are still gaps.
    done_but_open: tuple[str, ...]
    rule: str

    def summary(self) -> str:
        """'3 carried (1 overdue), 2 new; 4 closed since plan-2025.yaml (as of 2025-09-30)'."""
        overdue = f" ({len(self.overdue)} overdue)" if self.overdue else ""
        return (f"{len(self.carried) + len(self.overdue)} carried{overdue}, {len(self.new)} new; "
                f"{len(self.closed)} closed since {self.plan} (as of {self.plan_as_of.isoformat()})")


def carry(previous: PlanFile, file: str, plan_catalog: Catalog, catalog: Catalog, result: Score) -> Carried:
    """What became of each item of `previous` (made against `plan_catalog`, read from `file`) by the
    assessment scored in `result` (against `catalog`)."""
    ids = id_map(plan_catalog, catalog)
    gaps = {g.id for g in result.gaps}
    tiers = {cs.id: cs.tier for cs in result.criteria}
    entries: dict[str, PlanEntry] = {}
    owners: dict[str, str] = {}
    closed: list[ClosedItem] = []
    for entry in previous.items:
        now = ids.get(entry.criterion)
        if now is not None and now in gaps and not _met(entry, tiers[now], catalog):
            entries[now] = entry
            continue
        closed.append(_closed(entry, now, catalog, result))
        if now is not None and now in gaps and entry.owner:
            owners[now] = entry.owner
    overdue = tuple(g.id for g in result.gaps if g.id in entries and _late(entries[g.id], result.as_of))
    return Carried(plan=file, plan_as_of=previous.as_of, as_of=result.as_of, entries=entries, owners=owners,
                   carried=tuple(g.id for g in result.gaps if g.id in entries and g.id not in overdue),
                   overdue=overdue, new=tuple(g.id for g in result.gaps if g.id not in entries), closed=tuple(closed),
                   done_but_open=tuple(g.id for g in result.gaps if g.id in entries and entries[g.id].state == "done"),
                   rule=RULE)


def _late(entry: PlanEntry, as_of: dt.date) -> bool:
    return entry.due is not None and entry.due < as_of


def _met(entry: PlanEntry, tier: int, catalog: Catalog) -> bool:
    """Whether a criterion at `tier` reaches the item's target tier (a tier this catalog lacks: no)."""
    return entry.target_tier in catalog.tier_ids and tier >= catalog.tier_ids.index(entry.target_tier) + 1


def _closed(entry: PlanEntry, now: str | None, catalog: Catalog, result: Score) -> ClosedItem:
    if now is None:
        why: ClosedWhy = "removed"
        how = f"removed: not a criterion of {catalog.ref}"
    else:
        cs = next(c for c in result.criteria if c.id == now)
        met = _met(entry, cs.tier, catalog)
        why = "met" if met else "not_needed"
        how = (f"met: {entry.target_tier} reached" if met
               else f"not needed: still at {catalog.tier_name(cs.tier)}, but no longer among the gaps to "
                    f"{result.next_tier or 'a next tier'}")
    renamed = f" (now {now})" if now is not None and now != entry.criterion else ""
    who = "; ".join(x for x in (f"owner {entry.owner}" if entry.owner else "",
                                f"due {entry.due.isoformat()}" if entry.due else "",
                                f"reported {words(entry.state)}" if entry.state != "open" else "") if x)
    text = f"{entry.criterion}{renamed} {entry.title or ''}".rstrip() + f": {how} by {result.as_of.isoformat()}" + (
        f" ({who})" if who else "")
    return ClosedItem(criterion=entry.criterion, id=now, title=entry.title or "", target_tier=entry.target_tier,
                      why=why, owner=entry.owner, due=entry.due, state=entry.state, notes=entry.notes,
                      closed=result.as_of, text=text)


def slipped_text(entry: PlanEntry, cid: str) -> str:
    """An overdue item in words: 'COM-08 TEMPEST authority ...: due 2026-03-31 (owner: X), still a gap'."""
    owner = f", owner {entry.owner}" if entry.owner else ""
    due = entry.due.isoformat() if entry.due else "—"
    return f"{cid} {entry.title or ''}".rstrip() + f": due {due}{owner}, still a gap"


def counted(carried: Carried) -> str:
    """'2 closed, 1 slipped, 5 open, 3 new'."""
    return ", ".join([count(len(carried.closed), "closed", "closed"), count(len(carried.overdue), "slipped", "slipped"),
                      count(len(carried.carried), "open", "open"), count(len(carried.new), "new", "new")])


__all__ = ["RULE", "Carried", "ClosedItem", "carry", "counted", "slipped_text"]
