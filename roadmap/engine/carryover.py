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
from collections import Counter
from collections.abc import Sequence

from pydantic import Field

from roadmap.engine.renames import id_map
from roadmap.engine.scoring import Score
from roadmap.i18n import N_, _, date
from roadmap.models.base import Result
from roadmap.models.catalog import Catalog
from roadmap.models.plan import ClosedWhy, PlanEntry, PlanFile, State
from roadmap.words import listing, words

RULE = N_("items follow their criterion across catalog versions; a gap the previous plan lists, still short of the "
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
    #: The overdue items in words (`slipped_text`), titled as the catalog read in the run's language.
    slipped: tuple[str, ...] = Field(default=(), exclude=True)

    def summary(self) -> str:
        """'3 carried (1 overdue), 2 new; 4 closed since plan-2025.yaml (as of 2025-09-30)'."""
        carried, new, closed = len(self.carried) + len(self.overdue), len(self.new), closed_said(self.closed)
        if self.overdue:
            return _("%(carried)d carried (%(overdue)d overdue), %(new)d new; %(closed)s since %(plan)s (as of "
                     "%(date)s)", carried=carried, overdue=len(self.overdue), new=new, closed=closed, plan=self.plan,
                     date=date(self.plan_as_of))
        return _("%(carried)d carried, %(new)d new; %(closed)s since %(plan)s (as of %(date)s)", carried=carried,
                 new=new, closed=closed, plan=self.plan, date=date(self.plan_as_of))


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
        closed.append(_closed(entry, now, tiers.get(now) if now is not None else None, catalog, result))
        if now is not None and now in gaps and entry.owner:
            owners[now] = entry.owner
    overdue = tuple(g.id for g in result.gaps if g.id in entries and _late(entries[g.id], result.as_of))
    return Carried(plan=file, plan_as_of=previous.as_of, as_of=result.as_of, entries=entries, owners=owners,
                   carried=tuple(g.id for g in result.gaps if g.id in entries and g.id not in overdue),
                   overdue=overdue, new=tuple(g.id for g in result.gaps if g.id not in entries), closed=tuple(closed),
                   done_but_open=tuple(g.id for g in result.gaps if g.id in entries and entries[g.id].state == "done"),
                   rule=_(RULE), slipped=tuple(slipped_text(entries[cid], cid, catalog.by_id[cid].title)
                                               for cid in overdue))


def _late(entry: PlanEntry, as_of: dt.date) -> bool:
    return entry.due is not None and entry.due < as_of


def _met(entry: PlanEntry, tier: int, catalog: Catalog) -> bool:
    """Whether a criterion at `tier` reaches the item's target tier (a tier this catalog lacks: no)."""
    level = catalog.tier_level(entry.target_tier)
    return level > 0 and tier >= level


def _closed(entry: PlanEntry, now: str | None, tier: int | None, catalog: Catalog, result: Score) -> ClosedItem:
    """`entry` closed by `result`: `now`, its criterion's id in this catalog (None: removed), at `tier`."""
    if now is None or tier is None:
        why: ClosedWhy = "removed"
        how = _("removed: not a criterion of %(ref)s", ref=catalog.ref)
    else:
        met = _met(entry, tier, catalog)
        why = "met" if met else "not_needed"
        how = (_("met: %(tier)s reached", tier=entry.target_tier) if met
               else _("not needed: still at %(tier)s, but no longer among the gaps to %(next)s",
                      tier=catalog.tier_name(tier), next=result.next_tier or _("a next tier")))
    renamed = _(" (now %(id)s)", id=now) if now is not None and now != entry.criterion else ""
    who = _("; ").join(x for x in (_("owner %(owner)s", owner=entry.owner) if entry.owner else "",
                                   _("due %(date)s", date=date(entry.due)) if entry.due else "",
                                   _("reported %(state)s", state=words(entry.state)) if entry.state != "open" else "")
                       if x)
    title = catalog.by_id[now].title if now is not None else entry.title or ""  # in the run's language
    item = f"{entry.criterion}{renamed} {title}".rstrip()
    text = _("%(item)s: %(how)s by %(date)s", item=item, how=how, date=date(result.as_of))
    text += _(" (%(who)s)", who=who) if who else ""
    return ClosedItem(criterion=entry.criterion, id=now, title=entry.title or "", target_tier=entry.target_tier,
                      why=why, owner=entry.owner, due=entry.due, state=entry.state, notes=entry.notes,
                      closed=result.as_of, text=text)


def slipped_text(entry: PlanEntry, cid: str, title: str | None = None) -> str:
    """An overdue item in words: 'COM-08 TEMPEST authority ...: due 2026-03-31 (owner: X), still a gap';
    `title`: the criterion's title as the catalog is read (else the plan's own)."""
    item = f"{cid} {title or entry.title or ''}".rstrip()
    due = date(entry.due) if entry.due else "—"
    if entry.owner:
        return _("%(item)s: due %(date)s, owner %(owner)s, still a gap", item=item, date=due, owner=entry.owner)
    return _("%(item)s: due %(date)s, still a gap", item=item, date=due)


def closed_said(closed: Sequence[ClosedItem]) -> str:
    """'4 closed'; when not every item was met, what closed them, so that items that only left the
    gaps to the next tier (the tier fell, or other criteria carry the domain) never read as progress:
    '47 closed (2 met, 45 no longer needed)'."""
    why = Counter(c.why for c in closed)
    if why["met"] == len(closed):
        return _("%(num)d closed", num=len(closed))
    parts = [*([_("%(num)d met", num=why["met"])] if why["met"] else []),
             *([_("%(num)d no longer needed", num=why["not_needed"])] if why["not_needed"] else []),
             *([_("%(num)d removed", num=why["removed"])] if why["removed"] else [])]
    return _("%(num)d closed (%(why)s)", num=len(closed), why=listing(parts))


def counted(carried: Carried) -> str:
    """'2 closed, 1 slipped, 5 open, 3 new'."""
    return _("%(closed)s, %(slipped)d slipped, %(open)d open, %(new)d new", closed=closed_said(carried.closed),
             slipped=len(carried.overdue), open=len(carried.carried), new=len(carried.new))


__all__ = ["RULE", "Carried", "ClosedItem", "carry", "closed_said", "counted", "slipped_text"]
