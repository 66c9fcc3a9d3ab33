"""Frozen models of an assessment file: who assessed whom, as of when, against which catalog, and
what was found per criterion, plus the two-way sharing observed per intelligence discipline."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import AfterValidator, BeforeValidator, Field, PrivateAttr, StringConstraints, model_validator

from roadmap.chars import describe, hidden
from roadmap.models.base import (
    CriterionId,
    DisciplineId,
    Frozen,
    Language,
    LevelId,
    ShortText,
    Status,
    Text,
    Verification,
    absent,
    enum_field,
)
from roadmap.models.catalog import Capability, Catalog, MeasureId
from roadmap.models.metrics import Value
from roadmap.models.portions import COUNTRY_PATTERN, problem
from roadmap.models.profile import ProfileName


def _iso_date(value: Any) -> Any:
    """Accept a quoted ISO date too ("2025-06-30"); anything else is left to strict checking."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return value
    return value


Date = Annotated[dt.date, BeforeValidator(_iso_date)]
#: A catalog reference as an assessment pins it: id@version.
CATALOG_REF_PATTERN = r"^[a-z][a-z0-9_-]{1,31}@(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$"
CatalogRef = Annotated[str, StringConstraints(pattern=CATALOG_REF_PATTERN)]
DIGEST_PATTERN = r"^sha256:[0-9a-f]{64}$"
Digest = Annotated[str, StringConstraints(pattern=DIGEST_PATTERN)]
#: What a marking is written with besides letters and digits (the US banner grammar's separators).
MARKING_PUNCTUATION = " /,-()"


def _marking_characters(value: str) -> str:
    """A marking holds only letters, digits, spaces and / , - ( ): nothing invisible, nothing that
    reorders it, no look-alike punctuation. Which scripts its letters may be in is the catalog's to
    say (`roadmap.load.markings`)."""
    for i, ch in enumerate(value, 1):
        if hidden(ch) or not (ch.isalpha() or ch in "0123456789" or ch in MARKING_PUNCTUATION):
            what = ", which is invisible or changes the direction of text" if hidden(ch) else ""
            raise ValueError(f"expected a marking of letters, digits, spaces and / , - ( ), found {describe(ch)} "
                             f"(character {i}){what}")
    return value


#: One line: a classification banner such as "SECRET//REL TO USA, JPN". The pattern (no control
#: characters) is what the JSON Schema tells editors; the validator after it is the full rule.
Marking = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100,
                                           pattern=r"^[^\x00-\x1f\x7f-\x9f\u2028\u2029]+$"),
                    AfterValidator(_marking_characters)]
FindingValue = Value
#: A country as a party names it in release markings: ISO 3166-1 alpha-3 (USA, JPN).
CountryCode = Annotated[str, StringConstraints(pattern=COUNTRY_PATTERN)]


def _release(value: Any) -> Any:
    """A releasability: the sides that may receive the part (`[host]`, `[partner]`, `[host, partner]`),
    or its marking (`SECRET//REL TO USA, JPN`, `REL TO USA, JPN`, `NOFORN`; roadmap.models.portions)."""
    if isinstance(value, str):
        text = value.strip()
        if not text or len(text) > 100:
            raise ValueError(f"expected a marking of 1 to 100 characters, found {len(text)}")
        _marking_characters(text)  # the characters a marking may hold, as the assessment's own marking
        why = problem(text)
        if why:
            raise ValueError(why)
        return text
    if isinstance(value, (list, tuple)):
        sides = tuple(value)
        wrong = [s for s in sides if s not in ("host", "partner")]
        if not sides or wrong or len(set(sides)) != len(sides):
            raise ValueError("expected the sides that may receive it, [host], [partner] or [host, partner], or a "
                             f"marking such as \"REL TO USA, JPN\"; found {list(value)!r}")
        return sides
    raise ValueError("expected [host], [partner], [host, partner] or a marking such as \"REL TO USA, JPN\"")


#: Who may receive a finding, a note or an evidence item (docs/report.md, "A report for each reader"):
#: absent, whoever may hold the assessment (its own marking governs).
Release = Annotated[tuple[Literal["host", "partner"], ...] | str, BeforeValidator(_release)]


class Freshness(StrEnum):
    """Whether an evidence item counts on the as-of date (docs/scoring.md): dated on or before it and
    no older than the criterion's maximum age."""

    FRESH = "fresh"
    STALE = "stale"
    FUTURE = "future"


def _evidence_path(path: str) -> str:
    """A file beside the assessment: relative, `/`-separated, never leaving its folder."""
    parts = path.split("/")
    if path.startswith("/") or "\\" in path or ":" in parts[0] or any(p in ("", ".", "..") for p in parts):
        raise ValueError("expected a path relative to the assessment's folder, such as evidence/audit-2025.pdf "
                         f"(no leading /, no '..', '/' between folders), found {path!r}")
    return path


EvidencePath = Annotated[str, StringConstraints(min_length=1, max_length=255,
                                                pattern=r"^[^\x00-\x1f\x7f-\x9f\u2028\u2029]+$"),
                         AfterValidator(_evidence_path)]


class Evidence(Frozen):
    ref: Text
    kind: Literal["document", "record", "test", "inspection", "interview", "observation", "statement",
                  "publication", "audit"]
    date: Date
    verification: enum_field(Verification)  # type: ignore[valid-type]
    note: str = ""
    #: A standing instrument (a statute, a regulation, a standing order) confirmed still in force on
    #: this date: its age runs from the confirmation, not from the date it was made.
    confirmed_in_force: Date | None = Field(default=None, exclude_if=absent)
    #: The evidence itself, a file beside the assessment, and the SHA-256 of its bytes: `validate`
    #: checks that it is there and unchanged (docs/signing.md).
    file: EvidencePath | None = Field(default=None, exclude_if=absent)
    sha256: Digest | None = Field(default=None, exclude_if=absent)
    #: Who may receive it; absent: whoever may hold the assessment.
    release: Release | None = Field(default=None, exclude_if=absent)

    @model_validator(mode="after")
    def _file_and_hash(self) -> Evidence:
        if (self.file is None) != (self.sha256 is None):
            raise ValueError("a file and its sha256 go together: give both (sha256sum FILE prints the hash "
                             "to write as sha256:HEX), or neither")
        return self

    @property
    def dated(self) -> dt.date:
        """The date its age runs from: the confirmation of a standing instrument, else its own date."""
        return self.confirmed_in_force or self.date

    def age(self, as_of: dt.date) -> int:
        """Days from the item's date (or its confirmation in force) to `as_of` (negative when after it)."""
        return (as_of - self.dated).days

    @model_validator(mode="after")
    def _confirmed_after_made(self) -> Evidence:
        if self.confirmed_in_force is not None and self.confirmed_in_force < self.date:
            raise ValueError(f"confirmed_in_force {self.confirmed_in_force.isoformat()} is before the "
                             f"instrument's date {self.date.isoformat()}")
        return self

    def freshness(self, as_of: dt.date, max_age_days: int) -> Freshness:
        age = self.age(as_of)
        return Freshness.FUTURE if age < 0 else Freshness.STALE if age > max_age_days else Freshness.FRESH


Side = Literal["host", "partner"]


class Approval(Frozen):
    """One side's approval of a decision: who (a person the assessment's `parties` names) and when."""

    by: ShortText
    date: Date


class HostAction(Frozen):
    """For a criterion whose next target depends on the host (`depends_on: host`): the partner has
    done its part and asked the host to act; once the host acknowledges it, the gap is the host's."""

    requested: Date
    what: Text
    acknowledged: Approval | None = None


class Finding(Frozen):
    status: enum_field(Status) = Status.ASSESSED  # type: ignore[valid-type]
    value: FindingValue | None = None
    #: For a criterion with several measures: each measure's value, by measure id (instead of `value`).
    values: dict[MeasureId, FindingValue] | None = Field(default=None, exclude_if=absent)
    confidence: Literal["low", "medium", "high"] | None = None
    evidence: tuple[Evidence, ...] = ()
    notes: str = ""
    justification: str | None = None
    #: Who approved a decision, as free text (catalogs without decision rules); or `approvals`.
    approver: str | None = None
    #: Each side's approval of a decision, by a person named in the assessment's `parties`.
    approvals: dict[Side, Approval] | None = Field(default=None, exclude_if=absent)
    expires: Date | None = None
    host_action: HostAction | None = Field(default=None, exclude_if=absent)
    #: Who may receive the finding (its value, notes, decision and evidence); absent: whoever may hold
    #: the assessment.
    release: Release | None = Field(default=None, exclude_if=absent)

    @property
    def approved_by(self) -> str:
        """Who approved a decision, in words: the approver, or each side's."""
        if self.approvals:
            return "; ".join(f"{side}: {a.by}" for side, a in self.approvals.items())
        return self.approver or ""

    def expired(self, as_of: dt.date) -> bool:
        """A not-applicable or exception decision that ended before `as_of`: it counts as not assessed."""
        return self.status.decision and self.expires is not None and self.expires < as_of

    @property
    def given(self) -> bool:
        """Whether it gives a value: `value`, or `values` for a criterion with several measures."""
        return self.value is not None or self.values is not None

    @model_validator(mode="after")
    def _status_rules(self) -> Finding:
        if self.value is not None and self.values is not None:
            raise ValueError("give value (a criterion with one measure) or values (one per measure), not both")
        if self.status is Status.ASSESSED and not self.given:
            raise ValueError("status 'assessed' needs a value (or set status: not_assessed)")
        if self.status is Status.NOT_ASSESSED and self.given:
            raise ValueError("status 'not_assessed' takes no value (remove it, or set status: assessed)")
        if self.status.decision:
            given = {"justification": self.justification, "approver": self.approver or self.approvals or None,
                     "expires": self.expires}
            missing = [k for k, v in given.items() if v is None or (isinstance(v, str) and not v.strip())]
            if missing:
                needs = ", ".join("approver (or approvals)" if k == "approver" else k for k in missing)
                raise ValueError(f"status '{self.status}' needs {needs}")
        return self


class Measures(Frozen):
    volume: Annotated[int, Field(ge=0)] | None = None
    timeliness_days: Annotated[float, Field(ge=0)] | Annotated[int, Field(ge=0)] | None = None
    responsiveness_pct: Annotated[float, Field(ge=0, le=100)] | Annotated[int, Field(ge=0, le=100)] | None = None


class SharingRecord(Frozen):
    """One discipline over the period assessed, in both directions."""

    host_level: LevelId
    partner_level: LevelId
    partner_capability: Capability
    host_measures: Measures | None = None
    partner_measures: Measures | None = None
    evidence: tuple[Evidence, ...] = ()
    notes: str = ""


class Reciprocity(Frozen):
    period_start: Date
    period_end: Date
    disciplines: dict[DisciplineId, SharingRecord] = Field(min_length=1)

    @model_validator(mode="after")
    def _period(self) -> Reciprocity:
        if self.period_end < self.period_start:
            raise ValueError("period_end is before period_start")
        return self


class Party(Frozen):
    """One side of the assessment: its name, its country code (what release markings name it by), and
    the people who may approve decisions for it."""

    name: ShortText
    code: CountryCode | None = Field(default=None, exclude_if=absent)
    approvers: tuple[ShortText, ...] = Field(min_length=1)


class Note(Frozen):
    """A paragraph of the assessors' notes with who may receive it (a list of notes may mark each)."""

    text: Text
    release: Release | None = Field(default=None, exclude_if=absent)


def _notes(value: Any) -> Any:
    """The notes as written: one text, or a list whose items are paragraphs (text, or text and release)."""
    if isinstance(value, (list, tuple)):
        return tuple({"text": item} if isinstance(item, str) else item for item in value)
    return value


def paragraphs(text: str) -> tuple[str, ...]:
    """Notes written as one text, as paragraphs: split at blank lines (a `|` block), else at line
    breaks (a `>` block, whose paragraphs YAML separates by single line breaks)."""
    parts = text.split("\n\n") if "\n\n" in text else text.split("\n")
    return tuple(p.strip() for p in parts if p.strip())


class Parties(Frozen):
    host: Party
    partner: Party


#: A file a roll-up lists: a path relative to the roll-up's own folder.
PartPath = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
#: A scope's weight in a roll-up's weighted mean.
Weight = Annotated[int, Field(gt=0)] | Annotated[float, Field(gt=0, allow_inf_nan=False)]


class Rollup(Frozen):
    """What a national assessment rolls up: the assessments of parts of the partner's government
    (each with its `scope`), combined criterion by criterion by the catalog's roll-up rule."""

    files: tuple[PartPath, ...] = Field(min_length=1)
    #: Per scope, its weight in the weighted mean (catalogs whose rule takes declared weights).
    weights: dict[ShortText, Weight] | None = None


class ScopedPart(NamedTuple):
    """One assessment a roll-up combines: where it was read, the SHA-256 of its bytes, its content."""

    file: str
    sha256: str
    assessment: Assessment


class Assessment(Frozen):
    title: ShortText | None = None
    partner: ShortText
    #: The part of the partner's government assessed (an agency or an enclave); absent: all of it.
    scope: ShortText | None = Field(default=None, exclude_if=absent)
    host: ShortText
    #: Who may approve decisions for each side (required by catalogs whose decisions need both sides).
    parties: Parties | None = Field(default=None, exclude_if=absent)
    assessors: tuple[ShortText, ...] = Field(min_length=1)
    as_of: Date
    marking: Marking
    catalog: CatalogRef
    catalog_digest: Digest | None = None
    #: The partner profile of the catalog version whose guidance the report shows (`japan`).
    profile: ProfileName | None = Field(default=None, exclude_if=absent)
    illustrative: bool = False
    #: The language of its report and of the terminal's output when no `--lang` is given (`ja`);
    #: absent: English. Only the program's words and the catalog's text change, never a figure.
    lang: Language | None = Field(default=None, exclude_if=absent)
    #: The assessors' notes: one text, or a list of paragraphs each of which may say who may receive it.
    notes: Annotated[str | tuple[Note, ...], BeforeValidator(_notes)] = ""
    findings: dict[CriterionId, Finding] = Field(default_factory=dict)
    reciprocity: Reciprocity | None = None
    #: A national assessment that rolls up scoped ones: the files it combines, and their weights.
    rollup: Rollup | None = Field(default=None, exclude_if=absent)
    #: The assessments `rollup` lists, as loaded (`roadmap.load.rollup`); never read from the file.
    _parts: tuple[ScopedPart, ...] = PrivateAttr(default=())

    @property
    def parts(self) -> tuple[ScopedPart, ...]:
        """The scoped assessments this roll-up combines (none for an assessment that is not one)."""
        return self._parts

    def with_parts(self, parts: tuple[ScopedPart, ...]) -> Assessment:
        """This assessment with the scoped assessments it rolls up, as loaded."""
        out = self.model_copy()
        out._parts = parts
        return out

    @property
    def name(self) -> str:
        """The partner, and the scope when the assessment covers one part of its government."""
        return f"{self.partner} — {self.scope}" if self.scope else self.partner

    @property
    def notes_text(self) -> str:
        """The notes as one text, paragraphs separated by blank lines (for outputs that hold no markings)."""
        return self.notes if isinstance(self.notes, str) else "\n\n".join(n.text for n in self.notes)

    @property
    def note_paragraphs(self) -> tuple[Note, ...]:
        """The notes as paragraphs, each with its releasability (none for notes written as one text)."""
        if isinstance(self.notes, str):
            return tuple(Note(text=p) for p in paragraphs(self.notes.strip()))
        return self.notes

    @property
    def marked(self) -> bool:
        """Whether any part says who may receive it."""
        return (any(n.release for n in self.note_paragraphs)
                or any(f.release or any(e.release for e in f.evidence) for f in self.findings.values()))


class Round(NamedTuple):
    """One assessment round as the engine compares rounds: where it was read, its catalog, its content."""

    file: str
    catalog: Catalog
    assessment: Assessment


__all__ = [
    "Approval",
    "Assessment",
    "Capability",
    "CriterionId",
    "Evidence",
    "Finding",
    "HostAction",
    "Measures",
    "Note",
    "Parties",
    "Party",
    "Reciprocity",
    "Rollup",
    "Round",
    "ScopedPart",
    "SharingRecord",
    "Text",
]
