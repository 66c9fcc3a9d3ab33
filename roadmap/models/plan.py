"""Frozen models of a plan file (`roadmap plan FILE -o plan.yaml`, docs/plan.md): the remediation plan
of one assessment, with what its owners fill in per item (owner, due date, state, notes), read back by
`roadmap plan NEW --previous plan.yaml`, `report --plan` and `trend --plan`.

The tool writes every field; people edit `owner`, `due`, `state` and `notes`. The other fields are
there to read the plan by, and are written afresh from the assessment each time."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from roadmap.models.assessment import CatalogRef, Date
from roadmap.models.base import (
    ONE_LINE_PATTERN,
    SHA256_PATTERN,
    CriterionId,
    Frozen,
    ShortText,
    Text,
    TierId,
)

#: Where an item stands, as its owner reports it.
State = Literal["open", "in_progress", "blocked", "done"]
STATES: tuple[str, ...] = ("open", "in_progress", "blocked", "done")
#: How an item relates to the previous plan (`--previous`): new this round, carried over, or carried
#: over with its due date before the assessment's as-of date.
Since = Literal["new", "carried", "overdue"]
#: Why an item of the previous plan is no longer in this one.
ClosedWhy = Literal["met", "not_needed", "removed"]

#: A person or team, free text on one line.
Owner = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200, pattern=ONE_LINE_PATTERN)]
Notes = Annotated[str, StringConstraints(max_length=4000)]


class PlanEntry(Frozen):
    """One item of a plan file: a gap to close."""

    order: Annotated[int, Field(ge=1)] | None = None
    criterion: CriterionId
    title: ShortText | None = None
    domain: ShortText | None = None
    gating: bool | None = None
    target_tier: TierId | None = None
    gap: Text | None = None
    remediation: Text | None = None
    held_back_by: tuple[ShortText, ...] = ()
    since: Since | None = None
    owner: Owner = ""
    due: Date | None = None
    state: State = "open"
    notes: Notes = ""


class ClosedEntry(Frozen):
    """An item of the previous plan that is no longer a gap."""

    criterion: CriterionId
    title: ShortText | None = None
    target_tier: TierId | None = None
    why: ClosedWhy
    owner: Owner = ""
    due: Date | None = None
    state: State = "open"
    notes: Notes = ""
    #: The as-of date of the assessment by which it was found closed.
    closed: Date


class PlanFile(Frozen):
    """A plan file: whose plan, against which catalog, as of when; its items; and, when it was
    carried over from a previous plan, the items that closed since."""

    assessment: Text
    sha256: Annotated[str, StringConstraints(pattern=SHA256_PATTERN)] | None = None
    partner: ShortText
    scope: ShortText | None = None
    host: ShortText
    catalog: CatalogRef
    as_of: Date
    current_tier: ShortText | None = None
    target_tier: TierId | None = None
    previous: Text | None = None
    items: tuple[PlanEntry, ...] = ()
    closed: tuple[ClosedEntry, ...] = ()


__all__ = ["STATES", "ClosedEntry", "ClosedWhy", "PlanEntry", "PlanFile", "Since", "State"]
