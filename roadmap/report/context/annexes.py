"""The annexes: every evidence item, the not-applicable and exception decisions, the scoring rules
used, and the inputs the report was computed from."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from roadmap.engine.carryover import Carried
from roadmap.engine.rounds_diff import AssessmentDiff
from roadmap.engine.scoring import RULES, Score
from roadmap.load.assessments import LoadedAssessment
from roadmap.models.assessment import Assessment, Evidence, Freshness
from roadmap.models.catalog import Catalog, Criterion
from roadmap.report.base import Part
from roadmap.words import words

#: What the age column says instead of, or under, the age of evidence that is not fresh.
_FLAGS = {Freshness.FRESH: "", Freshness.STALE: "stale", Freshness.FUTURE: "after as-of"}


class EvidenceRow(Part):
    criterion: str
    ref: str
    kind: str
    date: str
    verification: str
    age_days: int
    state: Literal["fresh", "stale", "future"]
    #: The age as shown: days, or "—" for evidence dated after the as-of date.
    age: str
    #: Why the verified view does not count it ("stale", "after as-of"), "" when fresh.
    flag: str
    note: str


class ExceptionRow(Part):
    criterion: str
    title: str
    status: str
    justification: str
    approver: str
    expires: str
    expired: bool


class Rules(Part):
    domain_rule: str
    overall_rule: str
    engine: tuple[str, ...]
    gap_rule: str


class Provenance(Part):
    tool: str
    catalog_ref: str
    catalog_digest: str
    assessment_file: str
    assessment_sha256: str
    as_of: str
    #: The previous round compared in "since last round" (`--previous`), if any.
    previous_file: str | None = None
    previous_sha256: str | None = None
    previous_catalog_ref: str | None = None
    previous_catalog_digest: str | None = None
    #: When the catalog was released after the as-of date: the round was scored retrospectively.
    retrospective: str = ""
    #: A roll-up's scoped files, each with its SHA-256.
    parts: tuple[tuple[str, str], ...] = ()
    #: The plan held against the assessment (`--plan`), if any.
    plan_file: str | None = None
    plan_sha256: str | None = None


def _evidence_row(crit: Criterion, ev: Evidence, as_of: dt.date) -> EvidenceRow:
    state = ev.freshness(as_of, crit.evidence.max_age_days)
    age = ev.age(as_of)
    return EvidenceRow(criterion=crit.id, ref=ev.ref, kind=ev.kind, date=ev.date.isoformat(),
                       verification=words(ev.verification), age_days=age, state=state.value,
                       age="—" if state == Freshness.FUTURE else str(age), flag=_FLAGS[state], note=ev.note)


def build_evidence(catalog: Catalog, a: Assessment, as_of: dt.date) -> tuple[EvidenceRow, ...]:
    """Every evidence item, criteria in catalog order, oldest first within each."""
    return tuple(_evidence_row(crit, ev, as_of)
                 for crit in catalog.criteria if crit.id in a.findings
                 for ev in sorted(a.findings[crit.id].evidence, key=lambda e: (e.date, e.ref)))


def build_exceptions(catalog: Catalog, a: Assessment, as_of: dt.date) -> tuple[ExceptionRow, ...]:
    """The not-applicable and exception decisions, in catalog order."""
    rows = []
    for crit in catalog.criteria:
        f = a.findings.get(crit.id)
        if f is None or not f.status.decision:
            continue
        assert f.expires is not None
        rows.append(ExceptionRow(criterion=crit.id, title=crit.title, status=words(f.status),
                                 justification=f.justification or "", approver=f.approver or "",
                                 expires=f.expires.isoformat(), expired=f.expired(as_of)))
    return tuple(rows)


def build_rules(catalog: Catalog, result: Score) -> Rules:
    rules = catalog.meta.tier_rules
    return Rules(domain_rule=rules.domain.explanation, overall_rule=rules.overall.explanation, engine=RULES,
                 gap_rule=result.gap_rule)


def build_provenance(la: LoadedAssessment, result: Score, tool_version: str,
                     previous: tuple[LoadedAssessment, AssessmentDiff] | None, carried: Carried | None = None,
                     plan_sha256: str | None = None) -> Provenance:
    catalog = la.catalog
    before = {} if previous is None else {
        "previous_file": previous[0].file, "previous_sha256": previous[0].sha256,
        "previous_catalog_ref": previous[0].catalog.ref, "previous_catalog_digest": previous[0].catalog.digest}
    released = catalog.meta.released
    retro = (f"scored retrospectively: {catalog.ref} was released {released.isoformat()}, after the as-of date"
             if released is not None and released > result.as_of else "")
    return Provenance(tool=f"roadmap {tool_version}", catalog_ref=catalog.ref, catalog_digest=catalog.digest,
                      assessment_file=la.file, assessment_sha256=la.sha256, as_of=result.as_of.isoformat(),
                      retrospective=retro, parts=tuple((p.file, p.sha256) for p in la.assessment.parts),
                      plan_file=carried.plan if carried else None, plan_sha256=plan_sha256 if carried else None,
                      **before)
