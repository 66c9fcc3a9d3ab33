"""Frozen models of a criteria catalog: tiers, domains, tier rules, criteria, reciprocity model.

Rules that hold inside one catalog live here as validators; the loader (`roadmap.load.catalogs`) reads
the YAML files and maps any error back to its file, line and column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from roadmap.models.base import (
    NO_TIER,
    CriterionId,
    DisciplineId,
    Frozen,
    Language,
    LevelId,
    SemVer,
    ShortText,
    Signatories,
    Status,
    Text,
    TierId,
    Verification,
    View,
    absent,
    enum_field,
)
from roadmap.models.metrics import Metric, Value
from roadmap.words import fill_parties

TargetValue = Value
#: A measure's id within its criterion: lowercase words joined by hyphens (`accredited-share`).
MEASURE_ID_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
MeasureId = Annotated[str, StringConstraints(pattern=MEASURE_ID_PATTERN, max_length=40)]


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


class Measure(Frozen):
    """One measured quantity of a criterion (docs/scoring.md: several measures per criterion): its
    metric and its targets per tier. A criterion meets a tier when every one of its measures does."""

    id: MeasureId
    title: ShortText
    metric: Metric
    targets: dict[TierId, Target] = Field(min_length=1)
    #: What evidence of this measure looks like; the criterion's `evidence` rules decide what counts.
    evidence: tuple[Text, ...] = ()

    @model_validator(mode="after")
    def _targets_fit_metric(self) -> Measure:
        problems = [f"targets.{tier}: {why}" for tier, target in self.targets.items()
                    if (why := self.metric.check(target.value))]
        if problems:
            raise ValueError("; ".join(problems))
        return self


#: The frameworks a criterion's `controls` may map to, and their names.
FRAMEWORKS: dict[str, str] = {
    "nist-800-53": "NIST SP 800-53 Rev. 5",
    "cnssi-1253": "CNSSI No. 1253 (control selection for national security systems)",
    "ism": "ASD Information Security Manual (ISM)",
    "caf": "NCSC Cyber Assessment Framework (CAF) v4.0",
    "essential-eight": "ASD Essential Eight",
}
#: NIST SP 800-53 Rev. 5 controls as OSCAL writes their ids (CNSSI 1253 selects the same controls).
NIST_CONTROL_PATTERN = r"^[a-z]{2}-[0-9]{1,2}(\.[0-9]{1,2})?$"
NistControl = Annotated[str, StringConstraints(pattern=NIST_CONTROL_PATTERN)]
IsmControl = Annotated[str, StringConstraints(pattern=r"^ISM-[0-9]{4}$")]
CafOutcome = Annotated[str, StringConstraints(pattern=r"^[A-D][0-9]\.[a-z]$")]
#: The Essential Eight mitigation strategies, by name (ASD, Essential Eight Maturity Model).
EssentialEight = Literal["patch-applications", "patch-operating-systems", "multi-factor-authentication",
                         "restrict-administrative-privileges", "application-control",
                         "restrict-microsoft-office-macros", "user-application-hardening", "regular-backups"]


class Controls(Frozen):
    """The framework controls a criterion maps to, as data: `roadmap criteria map`, OSCAL links."""

    model_config = ConfigDict(serialize_by_alias=True)

    nist_800_53: tuple[NistControl, ...] = Field(default=(), alias="nist-800-53", exclude_if=lambda v: not v)
    cnssi_1253: tuple[NistControl, ...] = Field(default=(), alias="cnssi-1253", exclude_if=lambda v: not v)
    ism: tuple[IsmControl, ...] = Field(default=(), exclude_if=lambda v: not v)
    caf: tuple[CafOutcome, ...] = Field(default=(), exclude_if=lambda v: not v)
    essential_eight: tuple[EssentialEight, ...] = Field(default=(), alias="essential-eight",
                                                        exclude_if=lambda v: not v)

    def by_framework(self) -> dict[str, tuple[str, ...]]:
        """Framework id → its control ids, for the frameworks given, in `FRAMEWORKS` order."""
        out: dict[str, tuple[str, ...]] = {}
        for name, field in type(self).model_fields.items():
            ids = getattr(self, name)
            if ids:
                out[field.alias or name] = tuple(ids)
        return out


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
    #: One measure (the form of fvey 1.x): its metric and targets. Or `measures`, several.
    metric: Metric | None = Field(default=None, exclude_if=absent)
    targets: dict[TierId, Target] | None = Field(default=None, min_length=1, exclude_if=absent)
    #: Several measures, each with its metric and targets; the criterion meets a tier when all do.
    measures: tuple[Measure, ...] | None = Field(default=None, min_length=1, exclude_if=absent)
    references: tuple[Reference, ...] = Field(min_length=1)
    #: The framework controls it maps to (absent in fvey 1.x).
    controls: Controls | None = Field(default=None, exclude_if=absent)
    evidence: EvidenceSpec
    remediation: Text
    tags: tuple[ShortText, ...] = ()

    @model_validator(mode="after")
    def _targets_fit_metric(self) -> Criterion:
        if self.measures is None:
            if self.metric is None or self.targets is None:
                keys = " and ".join(k for k, v in (("metric", self.metric), ("targets", self.targets)) if v is None)
                raise ValueError(f"missing {keys}: give metric and targets (one measure) or measures (several)")
            problems = [f"targets.{tier}: {why}" for tier, target in self.targets.items()
                        if (why := self.metric.check(target.value))]
            if problems:
                raise ValueError("; ".join(problems))
        elif self.metric is not None or self.targets is not None:
            raise ValueError("give metric and targets (one measure) or measures (several), not both")
        else:
            ids = [m.id for m in self.measures]
            twice = sorted({i for i in ids if ids.count(i) > 1})
            if twice:
                raise ValueError(f"measure ids must be distinct within a criterion, found {', '.join(twice)} twice")
        missing = sorted(set(self.target_tiers) - set(self.evidence.verification))
        if missing:
            raise ValueError("evidence.verification has no minimum for "
                             f"tier{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
        return self

    @property
    def multi(self) -> bool:
        """Whether it has several measures (`measures`), rather than one metric and its targets."""
        return self.measures is not None

    @property
    def all_measures(self) -> tuple[Measure, ...]:
        """Its measures: `measures`, or the one measure of the 1.x form (whose id is "")."""
        if self.measures is not None:
            return self.measures
        assert self.metric is not None and self.targets is not None  # the model's rule
        return (Measure.model_construct(id="", title=self.title, metric=self.metric, targets=self.targets,
                                        evidence=()),)

    @property
    def target_tiers(self) -> set[str]:
        """The tiers at which any of its measures sets a target."""
        if self.targets is not None:
            return set(self.targets)
        return {t for m in self.measures or () for t in m.targets}

    def top_tier(self, tier_ids: list[str]) -> str:
        return max(self.target_tiers, key=tier_ids.index)

    def measure(self, mid: str | None) -> Measure:
        """Its measure `mid` ("" or None: the one measure of the 1.x form, or the first)."""
        return next((m for m in self.all_measures if m.id == mid), self.all_measures[0])

    def format_finding(self, status: str, value: Value | None, values: Mapping[str, Value] | None = None) -> str:
        """A finding as people read it: its value (each measure's, with several), else its status in
        words ("not assessed")."""
        if self.measures is None or status != "assessed":
            return self.all_measures[0].metric.format_finding(Status(status), value)
        given = values or {}
        return ", ".join(f"{m.id} {m.metric.format_value(given.get(m.id))}" for m in self.measures)

    def depends_on_host(self) -> bool:
        """Whether any of its targets needs the host's action."""
        return any(t.depends_on == "host" for m in self.all_measures for t in m.targets.values())


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


class CapabilityItem(Frozen):
    """A capability of the partner that bears on what it can share (reciprocity), not on how it
    protects what it receives: listed with the partner's ledger, not scored as a criterion."""

    id: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,5}-[0-9]{2,3}$")]
    name: ShortText
    #: The discipline whose sharing it bears on; absent: all of them.
    discipline: DisciplineId | None = None
    description: Text
    references: tuple[Reference, ...] = ()


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
    #: The partner's capability items (absent in fvey 1.x): listed, never scored.
    capabilities: tuple[CapabilityItem, ...] | None = Field(default=None, exclude_if=absent)


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


#: A selector of criteria in a roll-up rule: `gating`, `tag:<tag>` or a criterion id.
ROLLUP_SELECTOR_PATTERN = r"^(gating|tag:[^\s]{1,78}|[A-Z]{2,5}-[0-9]{2,3}[a-z]?)$"
RollupSelector = Annotated[str, StringConstraints(pattern=ROLLUP_SELECTOR_PATTERN)]


class RollupRule(Frozen):
    """How the assessments of parts of a partner's government (scopes: agencies, enclaves) combine
    into the nation's, criterion by criterion (docs/scoring.md). Absent from a catalog (fvey 1.0 and
    1.1): assessments cannot be rolled up against it.

    - `weakest`: the nation's value is its weakest scope's.
    - `weighted`: the weighted mean of the scopes' values (yes/no criteria: the weakest; levels: the
      mean of their positions), rounded toward the worse; but the criteria `weakest_for` selects
      (`gating`, `tag:<tag>`, a criterion id) take the weakest scope's.
    """

    method: Literal["weakest", "weighted"]
    weakest_for: tuple[RollupSelector, ...] = ()
    #: `declared`: the national assessment declares a weight per scope (`rollup.weights`); `equal`: 1 each.
    weights: Literal["declared", "equal"] = "equal"
    explanation: Text

    @model_validator(mode="after")
    def _selectors_need_weighted(self) -> RollupRule:
        if self.method == "weakest" and self.weakest_for:
            raise ValueError("method 'weakest' already takes the weakest scope for every criterion: remove weakest_for")
        return self

    def takes_weakest(self, c: Criterion) -> bool:
        """Whether criterion `c` takes its weakest scope's value (else the weighted mean)."""
        if self.method == "weakest":
            return True
        return any(_selects(s, c) for s in self.weakest_for)


def _selects(selector: str, c: Criterion) -> bool:
    if selector == "gating":
        return c.gating
    if selector.startswith("tag:"):
        return selector[4:] in c.tags
    return selector == c.id


class ChangelogEntry(Frozen):
    version: SemVer
    date: dt.date
    changes: tuple[Text, ...] = Field(min_length=1)
    #: Criterion ids renamed in this version: old id → new id.
    renamed: dict[CriterionId, CriterionId] = Field(default_factory=dict)
    #: Levels of an ordinal measure renamed in this version, per criterion (by its id in this
    #: version): old level → new level. A value carries across the versions under its new name, and
    #: targets stay comparable (absent in fvey 1.x).
    levels_renamed: dict[CriterionId, dict[ShortText, ShortText]] | None = Field(default=None, exclude_if=absent)


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
    #: How scoped assessments roll up to the nation's; absent in fvey 1.0 and 1.1 (no roll-ups).
    rollup: RollupRule | None = Field(default=None, exclude_if=absent)
    reciprocity: ReciprocityModel
    #: Domain files, in reading order, relative to the catalog folder.
    files: tuple[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*\.yaml$")], ...] = Field(min_length=1)
    #: Partner profiles (`profiles/<name>.yaml`) released with this version (absent in fvey 1.x).
    profiles: tuple[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*\.yaml$")], ...] | None = Field(
        default=None, exclude_if=absent)
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
        _check_capabilities(r.capabilities or (), disc)
        return self

    @property
    def profile_names(self) -> tuple[str, ...]:
        """The names of the partner profiles released with this version (`japan` for japan.yaml)."""
        return tuple(p.removesuffix(".yaml") for p in self.profiles or ())


def _check_capabilities(caps: tuple[CapabilityItem, ...], disciplines: set[str]) -> None:
    """Capability items have distinct ids and name disciplines of the reciprocity model."""
    seen: set[str] = set()
    for cap in caps:
        if cap.discipline is not None and cap.discipline not in disciplines:
            raise ValueError(f"reciprocity.capabilities[{cap.id}].discipline: expected one of "
                             f"{', '.join(sorted(disciplines))}, found {cap.discipline}")
        if cap.id in seen:
            raise ValueError(f"reciprocity.capabilities: {cap.id} is listed twice")
        seen.add(cap.id)


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
    #: Whether any criterion's text holds `{partner}` or `{host}` (`for_parties` fills them).
    placeholders: bool = Field(default=False, exclude=True)
    #: The names `for_parties` filled `{partner}` and `{host}` with (None where it wrote "the partner",
    #: "the host"), so that a translation fills its own text the same way; None: the text as written.
    parties: tuple[str | None, str | None] | None = Field(default=None, exclude=True)

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

    def tier_level(self, tier_id: str | None) -> int:
        """A tier id as its number, `tier_name`'s inverse: "T2" → 2; "none", None or an id this
        catalog does not have (a plan item's tier from another version) → 0."""
        ids = self.tier_ids
        return ids.index(tier_id) + 1 if tier_id in ids else 0

    def in_domain(self, domain: str) -> list[Criterion]:
        return [c for c in self.criteria if self.domain_of[c.id] == domain]

    def for_parties(self, partner: str | None = None, host: str | None = None) -> Catalog:
        """This catalog with `{partner}` and `{host}` in its criteria's text (and its capability items')
        filled by `words.fill_parties`: with an assessment's names, or "the partner" and "the host"
        where none is given. The digests stay those of the catalog as written; a catalog without
        placeholders (all of fvey 1.x) is returned as it is."""
        if not self.placeholders:
            return self

        def fill(text: str) -> str:
            return fill_parties(text, partner, host)

        recip = self.meta.reciprocity
        meta = self.meta
        if recip.capabilities:
            meta = meta.model_copy(update={"reciprocity": recip.model_copy(
                update={"capabilities": tuple(filled(c, fill) for c in recip.capabilities)})})
        # a new model, not `model_copy`: that would copy the cached `by_id` of this one too
        return Catalog.model_construct(meta=meta, criteria=tuple(filled(c, fill) for c in self.criteria),
                                       domain_of=self.domain_of, digest=self.digest,
                                       criterion_digests=self.criterion_digests, placeholders=True,
                                       parties=(partner, host))


def filled(node: Any, fill: Callable[[str], str]) -> Any:
    """`node` (a model, or text, or a tuple or mapping of them) with `fill` applied to every text in
    it; parts without text (metrics, numbers) are shared, not copied."""
    if isinstance(node, str):
        return fill(node)
    if isinstance(node, tuple):
        return tuple(filled(x, fill) for x in node)
    if isinstance(node, dict):
        return {k: filled(v, fill) for k, v in node.items()}
    if isinstance(node, Frozen) and not isinstance(node, Metric):
        update = {name: filled(getattr(node, name), fill) for name in type(node).model_fields
                  if name not in ("id", "value", "tags", "controls", "verification")}
        return node.model_copy(update=update)
    return node
