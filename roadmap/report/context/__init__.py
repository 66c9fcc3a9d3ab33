"""The typed context of a gap report: everything a template shows, computed here in Python (sorting,
arithmetic, formatting, words), so that templates only lay it out.

One builder per section, each in the module of its part of the report: `front` (cover, notes,
summary and charts, ladder), `gaps`, `reciprocity`, `results` (views, domains), `annexes` (evidence,
exceptions, rules, provenance); "since last round" comes from `roadmap.report.changes`, shared with
the diff report. `build_context` assembles them.

Adding a section to the report is one field on `ReportContext` plus one partial template
`_<name>.html.j2`; `SECTIONS` lists the partials in reading order, and a section whose field is
None is left out (see docs/report.md).
"""

from __future__ import annotations

from typing import ClassVar

from roadmap.engine.carryover import Carried
from roadmap.engine.rounds_diff import AssessmentDiff
from roadmap.engine.scoring import Score
from roadmap.load.assessments import LoadedAssessment
from roadmap.report.base import DocumentContext
from roadmap.report.changes import SinceSection, since_section
from roadmap.report.context.annexes import (
    EvidenceRow,
    ExceptionRow,
    Provenance,
    Rules,
    build_evidence,
    build_exceptions,
    build_provenance,
    build_rules,
)
from roadmap.report.context.front import (
    Cover,
    Ladder,
    Summary,
    build_charts,
    build_cover,
    build_ladder,
    build_notes,
    build_summary,
)
from roadmap.report.context.gaps import GapSection, build_gaps
from roadmap.report.context.plan import PlanSection, build_plan_section
from roadmap.report.context.reciprocity import ReciprocitySection, build_reciprocity
from roadmap.report.context.results import DomainDetail, ViewTable, build_domains, build_views
from roadmap.report.context.rollup import RollupSection, build_rollup


class ReportContext(DocumentContext):
    template: ClassVar[str] = "report.html.j2"

    cover: Cover
    #: The assessors' notes when they are too long for the cover: a section of their own.
    notes: tuple[str, ...] | None
    summary: Summary
    #: A roll-up's scopes and how they combine (None when the assessment is not a roll-up).
    rollup: RollupSection | None
    since: SinceSection | None
    #: An earlier plan held against this assessment (`--plan`), or None.
    plan: PlanSection | None
    ladder: Ladder
    gaps: GapSection
    reciprocity: ReciprocitySection
    views: ViewTable
    domains: tuple[DomainDetail, ...]
    evidence: tuple[EvidenceRow, ...]
    exceptions: tuple[ExceptionRow, ...]
    rules: Rules
    provenance: Provenance

    def identity(self) -> str:
        p = self.provenance
        return "\n".join([p.assessment_sha256, p.catalog_digest, p.tool,
                          *([p.previous_sha256 or "", p.previous_catalog_digest or ""] if p.previous_file else []),
                          *(sha for _, sha in p.parts), *([p.plan_sha256] if p.plan_sha256 else [])])


#: The partials, in reading order: `_<name>.html.j2`, fed by the context field of the same name.
#: "notes", "rollup", "since" and "plan" are left out when their field is None.
SECTIONS: tuple[str, ...] = ("cover", "summary", "notes", "rollup", "since", "plan", "ladder", "gaps", "reciprocity",
                             "views", "domains", "evidence", "exceptions", "rules", "provenance")


def build_context(la: LoadedAssessment, result: Score, *, tool_version: str,
                  previous: tuple[LoadedAssessment, AssessmentDiff] | None = None,
                  carried: Carried | None = None, plan_sha256: str | None = None) -> ReportContext:
    """The whole report for one scored assessment; with `previous` (the previous round and the
    diff from it), the "since last round" section too; with `carried` (an earlier plan held against
    it, read from a file of SHA-256 `plan_sha256`), the plan's follow-up. Pure: no files, no clock."""
    a, catalog = la.assessment, la.catalog
    title = a.title or f"{a.partner}: readiness for {catalog.meta.title.lower()}"
    as_of = result.as_of.isoformat()
    cover = build_cover(a, catalog, title, as_of)
    notes = build_notes(cover)
    since = since_section(previous[1]) if previous else None
    rollup = build_rollup(la, result)
    plan = build_plan_section(carried)
    left_out = {name for name, part in (("notes", notes), ("since", since), ("rollup", rollup), ("plan", plan))
                if part is None}
    return ReportContext(
        lang="en", title=title, marking=a.marking, as_of=as_of, keywords=(a.partner, a.host, catalog.ref),
        sections=tuple(s for s in SECTIONS if s not in left_out), cover=cover, notes=notes,
        summary=build_summary(catalog, result), charts=build_charts(catalog, result), rollup=rollup, since=since,
        plan=plan, ladder=build_ladder(catalog, result), gaps=build_gaps(catalog, result, carried),
        reciprocity=build_reciprocity(catalog, a, result), views=build_views(catalog, result),
        domains=build_domains(catalog, result), evidence=build_evidence(catalog, a, result.as_of),
        exceptions=build_exceptions(catalog, a, result.as_of), rules=build_rules(catalog, result),
        provenance=build_provenance(la, result, tool_version, previous, carried, plan_sha256))


__all__ = ["SECTIONS", "ReportContext", "build_context"]
