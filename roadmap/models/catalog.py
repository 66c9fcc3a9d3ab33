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
    Text,
    TierId,
    Verification,
    View,
    absent,
    enum_field,
)
from roadmap.models.metrics import Metric, Value

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


class Catalog(Frozen):
    """A whole catalog version: metadata plus every criterion, in file order."""

    meta: CatalogMeta
    criteria: tuple[Criterion, ...]
    #: Which domain each criterion belongs to (criterion id → domain id).
    domain_of: dict[str, str]
    #: SHA-256 of the catalog's canonical content, and of each criterion's.
    digest: str
    criterion_digests: dict[str, str]

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
