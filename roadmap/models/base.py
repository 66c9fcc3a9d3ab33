"""What every model shares: the frozen base, the text and id types, and the enums.

Ids and enums are defined once here; the friendly messages of `roadmap.load.validation` read the
same patterns, so changing one changes both.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Strict, StringConstraints


class Frozen(BaseModel):
    """The base of every input model: frozen, no unknown keys, no coercion."""

    # defer_build: a model's validator is built on its first validation, not at import; a catalog
    # read from the disk cache (roadmap.load.cache) is never validated again, so its classes never pay it.
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, defer_build=True)


class Result(BaseModel):
    """The base of every engine result: frozen, built from values that are already right."""

    model_config = ConfigDict(frozen=True)


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]

#: The shape of a criterion id (PHY-01, CYB-05b): the model's constraint and the loader's hints.
CRITERION_ID_PATTERN = r"^[A-Z]{2,5}-[0-9]{2,3}[a-z]?$"
CRITERION_ID = re.compile(CRITERION_ID_PATTERN)
CriterionId = Annotated[str, StringConstraints(pattern=CRITERION_ID_PATTERN)]
TierId = Annotated[str, StringConstraints(pattern=r"^T[0-9]{1,2}$")]
LevelId = Annotated[str, StringConstraints(pattern=r"^L[0-9]{1,2}$")]
DisciplineId = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]{1,11}$")]
#: A language, as a translation's file `i18n/<language>.yaml` is named (BCP 47: `ja`, `pt-BR`).
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
Language = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]
SemVer = Annotated[str, StringConstraints(pattern=r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")]


#: A SHA-256 in hex: the assessment file a plan was made from.
SHA256_PATTERN = r"^[0-9a-f]{64}$"
#: One line of printable text, or none: what a plan's owner field holds.
ONE_LINE_PATTERN = r"^[^\x00-\x1f\x7f-\x9f\u2028\u2029]*$"

#: Who signs: an OpenSSH allowed-signers principal (`taro@mofa.go.jp`). Letters, digits and `._+@-`
#: only, because a release signature's file is named after its principal.
PRINCIPAL_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._+@-]{0,99}$"
Principal = Annotated[str, StringConstraints(pattern=PRINCIPAL_PATTERN)]
#: A party to a catalog: `host`, `partner`, or another government of a multilateral catalog.
PartyId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{0,31}$")]
#: The sides that every catalog release needs a signature from.
REQUIRED_PARTIES = ("host", "partner")


def _signatories(value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Both sides sign: a host and a partner principal at least, each principal for one party once."""
    missing = [p for p in REQUIRED_PARTIES if not value.get(p)]
    if missing:
        raise ValueError(f"expected at least one principal for the host and one for the partner, found none for "
                         f"{' and '.join(missing)}")
    seen: dict[str, str] = {}
    for party, principals in value.items():
        if not principals:
            raise ValueError(f"expected at least one principal for {party}, found none")
        for principal in principals:
            if principal in seen:
                raise ValueError(f"expected each principal once, found {principal} for {seen[principal]} "
                                 f"and again for {party}")
            seen[principal] = party
    return value


#: Who must sign a catalog release, by party: every principal listed must sign for it to be in force.
Signatories = Annotated[dict[PartyId, tuple[Principal, ...]], AfterValidator(_signatories)]


def version_key(version: str) -> tuple[int, ...]:
    """A SemVer as numbers, so that versions sort as versions: 1.10.0 after 1.9.0."""
    return tuple(int(x) for x in version.split("."))


def absent(value: object) -> bool:
    """For `Field(exclude_if=absent)`: an option added after a catalog release is left out of the
    dumps (`criteria list --json`, ...) when not given, so old releases' outputs do not change."""
    return value is None


#: A tier number's name when no tier is reached: "below T1".
NO_TIER = "none"


def enum_field(cls: type[StrEnum]) -> Any:
    """An enum as a model field: read from its text (YAML has no enums). Its JSON Schema is the list
    of its values, written inline as a literal's would be (`roadmap.present.schema`)."""
    return Annotated[cls, Strict(False)]


class Status(StrEnum):
    """What an assessor decided about a criterion."""

    ASSESSED = "assessed"
    NOT_ASSESSED = "not_assessed"
    NOT_APPLICABLE = "not_applicable"
    EXCEPTION = "exception"

    @property
    def decision(self) -> bool:
        """A not-applicable or exception decision: left out of its domain's count while current."""
        return self in (Status.NOT_APPLICABLE, Status.EXCEPTION)


class View(StrEnum):
    """The three ways a score is read (docs/scoring.md)."""

    CLAIMED = "claimed"
    VERIFIED = "verified"
    STRICT = "strict"


VIEWS: tuple[View, ...] = tuple(View)


class MetricType(StrEnum):
    BOOLEAN = "boolean"
    PERCENTAGE = "percentage"
    COUNT = "count"
    DURATION = "duration"
    ORDINAL = "ordinal"


class Verification(StrEnum):
    """How well evidence is verified, weakest first; levels compare by that order."""

    SELF_ASSERTED = "self_asserted"
    DOCUMENTED = "documented"
    INDEPENDENTLY_VERIFIED = "independently_verified"

    @property
    def rank(self) -> int:
        return _VERIFICATION_RANK[self]

    # str's own comparisons would order the names alphabetically: compare by rank instead.
    def __lt__(self, other: str) -> bool:
        return self.rank < Verification(other).rank

    def __le__(self, other: str) -> bool:
        return self.rank <= Verification(other).rank

    def __gt__(self, other: str) -> bool:
        return self.rank > Verification(other).rank

    def __ge__(self, other: str) -> bool:
        return self.rank >= Verification(other).rank


_VERIFICATION_RANK = {v: i for i, v in enumerate(Verification)}
