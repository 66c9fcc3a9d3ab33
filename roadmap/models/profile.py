"""Frozen models of a partner profile (`criteria/<id>/<version>/profiles/<name>.yaml`): one partner's
guidance, remediation and references per criterion, and the equivalence of its designations to the
host's markings. A profile changes no target: without one, the catalog's generic text stands."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from roadmap.models.base import CriterionId, Frozen, ShortText, Text
from roadmap.models.catalog import Reference

ProfileName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,31}$")]


class MarkingEquivalence(Frozen):
    """One of the host's markings and the partner's designation it corresponds to."""

    host: Text
    partner: Text
    note: str = ""


class ProfileEntry(Frozen):
    """What a profile adds to one criterion: its guidance (the partner's situation), remediation
    (the partner's own steps) and references (its laws and sources)."""

    guidance: Text | None = None
    remediation: Text | None = None
    references: tuple[Reference, ...] = ()


class Profile(Frozen):
    id: ProfileName
    #: The partner it is for, as assessments name it (`partner: Japan`).
    partner: ShortText
    description: Text
    markings: tuple[MarkingEquivalence, ...] = ()
    criteria: dict[CriterionId, ProfileEntry] = Field(default_factory=dict)

    def entry(self, cid: str) -> ProfileEntry | None:
        return self.criteria.get(cid)


__all__ = ["MarkingEquivalence", "Profile", "ProfileEntry", "ProfileName"]
