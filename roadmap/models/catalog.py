"""Frozen models of a criteria catalog: tiers, domains, tier rules, criteria, reciprocity model.

Rules that hold inside one catalog live here as validators; the loader (`roadmap.load.catalogs`) reads
the YAML files and maps any error back to its file, line and column.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from roadmap.models.base import (
    NO_TIER,
    CriterionId,
    DisciplineId,
    Frozen,
    LevelId,
    SemVer,
    ShortText,
    Signatories,
    Text,
    TierId,
    Verification,
    View,
    absent,
    enum_field,
)
from roadmap.models.metrics import Metric, Value
from roadmap.models.release import Language

TargetValue = Value


class Tier(Frozen):
    id: TierId
    name: ShortText
    description: Text
    unlocks: Text


class Domain(Frozen):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]*$")]
    prefix: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,5}$")]
    name: ShortText
    description: Text


class DomainRule(Frozen):
    """How a domain's criteria roll up into the domain's tier.

    - `all`: the domain reaches a tier when every applicable criterion meets it (Essential Eight's
      rule: a level is claimed only when every requirement at that level is met).
    - `threshold`: every gating criterion meets the tier, and the weighted share of the other
      applicable criteria that meet it is at least `threshold`.
    """

    method: Literal["all", "threshold"]
    threshold: Annotated[float, Field(gt=0, le=1)] | None = None
    #: No holes (docs/scoring.md): a domain reaches tier k only when every counted criterion reaches
    #: at least tier k − floor (1: the tier below). Absent: no floor, the rule above alone decides.
    floor: Annotated[int, Field(ge=1)] | None = Field(default=None, exclude_if=absent)
    explanation: Text

    @model_validator(mode="after")
    def _threshold_given(self) -> DomainRule:
        if self.method == "threshold" and self.threshold is None:
            raise ValueError("method 'threshold' needs a threshold between 0 and 1")
        if self.method == "all" and self.threshold is not None:
            raise ValueError("method 'all' takes no threshold")
        return self

    def share_met(self, have: int, total: int) -> bool:
        """Whether non-gating weight `have` of `total` is enough under `threshold` (no such weight: it is)."""
        return total == 0 or have / total >= (self.threshold or 1)


class OverallRule(Frozen):
    """How domain tiers roll up into the overall tier. `minimum`: the weakest domain decides."""

    method: Literal["minimum"]
    explanation: Text


class TierRules(Frozen):
    domain: DomainRule
    overall: OverallRule


class Reference(Frozen):
    source: Text
    section: str = ""


class Target(Frozen):
    value: TargetValue
    #: The standard behind the number, or "design" / "design: why".
    basis: Text
    #: "host": meeting this target needs an action of the host (an acceptance, a confirmation, a
    #: connection); when the partner has done its part and the host has acknowledged it, the gap is
    #: the host's outstanding action, not the partner's (docs/scoring.md).
    depends_on: Literal["host"] | None = Field(default=None, exclude_if=absent)


class EvidenceSpec(Frozen):
    expects: tuple[Text, ...] = Field(min_length=1)
    verification: dict[TierId, enum_field(Verification)]  # type: ignore[valid-type]
    max_age_days: Annotated[int, Field(gt=0, le=3650)]


class Criterion(Frozen):
    id: CriterionId
    title: ShortText
    statement: Text
    rationale: Text
    gating: bool = False
    weight: Annotated[int, Field(ge=1, le=5)] = 1
    metric: Metric
    targets: dict[TierId, Target] = Field(min_length=1)
    references: tuple[Reference, ...] = Field(min_length=1)
    evidence: EvidenceSpec
    remediation: Text
    tags: tuple[ShortText, ...] = ()

    @model_validator(mode="after")
    def _targets_fit_metric(self) -> Criterion:
        problems = []
        for tier, target in self.targets.items():
            why = self.metric.check(target.value)
            if why:
                problems.append(f"targets.{tier}: {why}")
        if problems:
            raise ValueError("; ".join(problems))
        missing = sorted(set(self.targets) - set(self.evidence.verification))
        if missing:
            raise ValueError("evidence.verification has no minimum for "
                             f"tier{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
        return self

    def top_tier(self, tier_ids: list[str]) -> str:
        return max(self.targets, key=tier_ids.index)


class Discipline(Frozen):
    id: DisciplineId
    name: ShortText
    description: Text


class SharingLevel(Frozen):
    id: LevelId
    name: ShortText
    definition: Text
    marking: Text


#: A partner's own collection capability in a discipline.
Capability = Literal["none", "building", "online"]


class PartnerExpectation(Frozen):
    """What the partner is expected to share, per discipline, given its own collection capability.

    `by_capability`: the minimum level expected of the partner when its capability in the
    discipline is none / building / online. `parity_target`: per tier, the ratio partner level ÷
    host level the partner should reach, per discipline where its capability is online.
    """

    by_capability: dict[Capability, LevelId]
    parity_target: dict[TierId, Annotated[float, Field(ge=0, le=1)]]
    explanation: Text


#: The key of `host_commitments` for a partner below the first tier.
BEFORE_FIRST_TIER = "T0"


class ReciprocityModel(Frozen):
    disciplines: tuple[Discipline, ...] = Field(min_length=1)
    levels: tuple[SharingLevel, ...] = Field(min_length=2)
    #: Per tier reached by the partner: the level the host commits to share, per discipline.
    #: `BEFORE_FIRST_TIER` ("T0") is the commitment before any tier is reached.
    host_commitments: dict[str, dict[DisciplineId, LevelId]]
    partner_expectations: PartnerExpectation
    explanation: Text
    #: Optional gate (DOMAIN §4 "Japan's own level + 1"): when set, the host's commitment in a
    #: discipline is at most the partner's recorded level there + this many levels. Absent: no cap.
    host_lead_cap: Annotated[int, Field(ge=0)] | None = None
    #: The view whose overall tier triggers the host's commitments (docs/reciprocity.md): "verified"
    #: commits the host on what the evidence proves. Absent: the claimed tier, as in fvey 1.0 and 1.1.
    trigger: enum_field(View) = Field(default=View.CLAIMED,  # type: ignore[valid-type]
                                      exclude_if=lambda v: v is View.CLAIMED)


class GatingExceptions(Frozen):
    """What a catalog allows of exceptions on gating criteria."""

    #: Whether a gating criterion may be excepted at all.
    allowed: bool = True
    #: An exception on a gating criterion may be granted in at most this many consecutive rounds.
    max_rounds: Annotated[int, Field(ge=1)] | None = None
    #: Whether such an exception leaves the criterion out of the verified view's count (true) or
    #: counts it there as unmet (false): the verified view then never rests on an excepted gate.
    verified: bool = True


class DecisionRules(Frozen):
    """The rules for not-applicable and exception decisions (docs/scoring.md). Absent from a catalog:
    a decision needs a justification, an approver (free text) and an end date, as in fvey 1.0 and 1.1."""

    #: "both": each decision carries an approval from the host and one from the partner, each by a
    #: person the assessment names for that side (`parties`).
    approvals: Literal["both"] | None = None
    #: The longest a decision may run: its end date at most this many days after the as-of date.
    max_days: Annotated[int, Field(ge=1)] | None = None
    gating_exceptions: GatingExceptions = GatingExceptions()
    explanation: Text


class ChangelogEntry(Frozen):
    version: SemVer
    date: dt.date
    changes: tuple[Text, ...] = Field(min_length=1)
    #: Criterion ids renamed in this version: old id → new id.
    renamed: dict[CriterionId, CriterionId] = Field(default_factory=dict)


#: The scripts a catalog may allow in markings (`CatalogMeta.marking_scripts`); `roadmap.load.markings`
#: tells a letter's script.
MarkingScript = Literal["Latin", "Greek", "Cyrillic", "Armenian", "Han", "Hiragana", "Katakana", "Hangul", "Arabic",
                        "Hebrew", "Thai", "Devanagari"]


class CatalogMeta(Frozen):
    """The contents of `catalog.yaml`: everything but the criteria."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{1,31}$")]
    title: Text
    version: SemVer
    status: Literal["draft", "released"]
    released: dt.date | None = None
    description: Text
    changelog: tuple[ChangelogEntry, ...] = Field(min_length=1)
    tiers: tuple[Tier, ...] = Field(min_length=1)
    domains: tuple[Domain, ...] = Field(min_length=1)
    tier_rules: TierRules
    #: Rules for not-applicable and exception decisions; absent in fvey 1.0 and 1.1.
    decisions: DecisionRules | None = Field(default=None, exclude_if=absent)
    reciprocity: ReciprocityModel
    #: Domain files, in reading order, relative to the catalog folder.
    files: tuple[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*\.yaml$")], ...] = Field(min_length=1)
    #: Who must sign this version's release, by party (docs/signing.md). Absent (the 1.x catalogs):
    #: `roadmap criteria release --signatory` names them, and the release entry carries them.
    signatories: Signatories | None = Field(default=None, exclude_if=absent)
    #: The scripts the letters of an assessment's marking may be in: Latin unless the catalog says
    #: more (a catalog whose markings table has, say, Japanese equivalents would add Han, Hiragana
    #: and Katakana). A letter of any other script is refused: a look-alike must not pass for a marking.
    marking_scripts: tuple[MarkingScript, ...] = Field(default=("Latin",), min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> CatalogMeta:
        if self.status == "released" and self.released is None:
            raise ValueError("a released catalog needs its release date in 'released'")
        if self.changelog[0].version != self.version:
            raise ValueError(f"the first changelog entry must describe this version ({self.version}), "
                             f"found {self.changelog[0].version}")
        tier_ids = [t.id for t in self.tiers]
        if len(set(tier_ids)) != len(tier_ids):
            raise ValueError("tier ids must be distinct")
        r = self.reciprocity
        disc = {d.id for d in r.disciplines}
        levels = [lv.id for lv in r.levels]
        for tier, commits in r.host_commitments.items():
            if tier != BEFORE_FIRST_TIER and tier not in tier_ids:
                raise ValueError(f"reciprocity.host_commitments: unknown tier {tier}")
            if set(commits) != disc:
                raise ValueError(f"reciprocity.host_commitments.{tier}: expected a level for each of "
                                 f"{', '.join(sorted(disc))}")
            bad = [lv for lv in commits.values() if lv not in levels]
            if bad:
                raise ValueError(f"reciprocity.host_commitments.{tier}: unknown level {bad[0]}")
        for tier in r.partner_expectations.parity_target:
            if tier not in tier_ids:
                raise ValueError(f"reciprocity.partner_expectations.parity_target: unknown tier {tier}")
        return self


class DomainFile(Frozen):
    domain: str
    criteria: tuple[Criterion, ...] = Field(min_length=1)


#: A classification as a banner starts with it: "TOP SECRET", "UNCLASSIFIED".
Classification = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60,
                                                  pattern=r"^[A-Z][A-Z ]*[A-Z]$")]


class MarkingEquivalent(Frozen):
    """A classification and its equivalent designation in the translation's language. Written in
    the file as `{marking: "SECRET", ja: "特定秘密"}`: the second key is the file's language."""

    marking: Classification
    equivalent: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40,
                                                 pattern=r"^[^\x00-\x1f\x7f-\x9f\u2028\u2029/]+$")]


class Reading(Frozen):
    """How a catalog reads in a language other than English: what the report and the terminal say
    about its translation."""

    language: Language
    #: `fvey@1.0.0-ja`.
    name: str
    status: Literal["official", "unofficial"]
    #: Official for the reader: marked official, and its release entry is in force.
    official: bool
    note: str
    #: The release entry it was read from (`0003-fvey@1.0.0-ja.json`), its SHA-256, and the file's;
    #: None for a translation of a draft catalog (never released).
    entry: str | None
    entry_sha256: str | None
    file_sha256: str
    #: Who signed the entry ("host alice@…") and with which key ("ED25519 key SHA256:…").
    signed: tuple[tuple[str, str], ...] = ()
    #: Why it is used although not in force (`--allow-unsigned`), or None.
    waived: str | None = None
    #: Criteria shown (wholly or in part) in English: the translation lacks them.
    untranslated: tuple[str, ...] = ()
    markings: tuple[MarkingEquivalent, ...] = ()
    #: The English catalog: what every comparison of meaning reads.
    source: Catalog

    def equivalent(self, marking: str) -> str | None:
        """The equivalent of a banner's classification (the part before `//`, exactly one of the
        table's), or None: never a guess, and never anything of the banner's free text."""
        head = marking.split("//", 1)[0].strip()
        return next((m.equivalent for m in self.markings if m.marking == head), None)


class Catalog(Frozen):
    """A whole catalog version: metadata plus every criterion, in file order."""

    meta: CatalogMeta
    criteria: tuple[Criterion, ...]
    #: Which domain each criterion belongs to (criterion id → domain id).
    domain_of: dict[str, str]
    #: SHA-256 of the catalog's canonical content, and of each criterion's.
    digest: str
    criterion_digests: dict[str, str]
    #: When the catalog is read in a translation (`roadmap.models.translation.translated`): which,
    #: how official, what it leaves in English, and the English catalog. None: the English itself.
    reading: Reading | None = Field(default=None, exclude=True)

    @property
    def ref(self) -> str:
        return f"{self.meta.id}@{self.meta.version}"

    @cached_property
    def tier_ids(self) -> list[str]:
        return [t.id for t in self.meta.tiers]

    @cached_property
    def by_id(self) -> dict[str, Criterion]:
        return {c.id: c for c in self.criteria}

    def tier_name(self, tier: int) -> str:
        """A tier number as its id: 2 → "T2"; 0 (below the first tier) → "none"."""
        return NO_TIER if tier == 0 else self.tier_ids[tier - 1]

    def in_domain(self, domain: str) -> list[Criterion]:
        return [c for c in self.criteria if self.domain_of[c.id] == domain]

