"""The typed context of a gap report: everything a template shows, computed here in Python (sorting,
arithmetic, formatting, words), so that templates only lay it out.

One builder per section, each in the module of its part of the report: `front` (cover, notes,
charts, ladder), `brief` (the first page, from `roadmap.engine.brief`),
`gaps`, `reciprocity`, `results` (views, domains), `annexes` (evidence,
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
from roadmap.i18n import SOURCE, _, current, date
from roadmap.load.assessments import LoadedAssessment
from roadmap.report.base import DocumentContext, banner, translation_said
from roadmap.report.changes import SinceSection, since_section
from roadmap.report.context.annexes import (
    EvidenceRow,
    ExceptionRow,
    ProfileSection,
    Provenance,
    Rules,
    build_evidence,
    build_exceptions,
    build_profile,
    build_provenance,
    build_rules,
)
from roadmap.report.context.brief import BriefSection, build_brief_section
from roadmap.report.context.front import (
    Cover,
    Ladder,
    build_charts,
    build_cover,
    build_ladder,
    build_notes,
    integrity_warnings,
)
from roadmap.report.context.gaps import GapSection, build_gaps
from roadmap.report.context.plan import PlanSection, build_plan_section
from roadmap.report.context.reciprocity import ReciprocitySection, build_reciprocity
from roadmap.report.context.results import DomainDetail, ViewTable, build_domains, build_views
from roadmap.report.context.rollup import RollupSection, build_rollup
from roadmap.report.readers import Reader, withholding


class ReportContext(DocumentContext):
    template: ClassVar[str] = "report.html.j2"

    cover: Cover
    #: The assessors' notes when they are too long for the cover: a section of their own.
    notes: tuple[str, ...] | None
    brief: BriefSection
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
    #: The partner profile the assessment names (None: the generic text stands, no section).
    profile: ProfileSection | None = None
    provenance: Provenance

    def identity(self) -> str:
        p = self.provenance
        return "\n".join([p.assessment_sha256, p.catalog_digest, p.tool,
                          *([p.previous_sha256 or "", p.previous_catalog_digest or ""] if p.previous_file else []),
                          *([p.profile_digest] if p.profile_digest else []), *([p.version] if p.version else []),
                          *(sha for _file, sha in p.parts), *([p.plan_sha256] if p.plan_sha256 else []),
                          *([self.lang, p.translation_file] if self.lang != SOURCE else []),
                          *(["without the evidence annex"] if "evidence" not in self.sections else [])])


#: The partials, in reading order: `_<name>.html.j2`, fed by the context field of the same name.
#: "notes", "rollup", "since", "plan" and "profile" are left out when their field is None.
SECTIONS: tuple[str, ...] = ("cover", "brief", "notes", "rollup", "since", "plan", "gaps", "reciprocity", "views",
                             "domains", "evidence", "exceptions", "ladder", "rules", "profile", "provenance")


def build_context(la: LoadedAssessment, result: Score, *, tool_version: str,
                  previous: tuple[LoadedAssessment, AssessmentDiff] | None = None,
                  carried: Carried | None = None, plan_sha256: str | None = None,
                  reader: Reader | None = None, evidence_annex: bool = True) -> ReportContext:
    """The whole report for one scored assessment; with `previous` (the previous round and the
    diff from it), the "since last round" section too; with `carried` (an earlier plan held against
    it, read from a file of SHA-256 `plan_sha256`), the plan's follow-up; with `reader`, the version
    releasable to that reader (`roadmap.report.readers`: what it may not receive left out, the
    scores those of the full assessment); with `evidence_annex` False, no evidence annex, and the
    cover says so. Pure: no files, no clock."""
    from roadmap.engine.brief import build_brief
    from roadmap.engine.reciprocity import ledger
    a, catalog = la.assessment, la.catalog
    w = withholding(a, reader)
    w_old = withholding(previous[0].assessment, reader) if previous else None
    title = a.title or _("%(partner)s: readiness for %(catalog)s", partner=a.partner,
                         catalog=catalog.meta.title.lower())
    as_of = result.as_of.isoformat()
    cover = build_cover(a, catalog, title, date(result.as_of), w, evidence_annex, integrity_warnings(la))
    notes = build_notes(cover)
    since = since_section(previous[1], catalog.tier_ids[-1], w, w_old) if previous else None
    rollup = build_rollup(la, result)
    plan = build_plan_section(carried)
    profile = build_profile(la)
    left_out = {name for name, part in (("notes", notes), ("since", since), ("rollup", rollup), ("plan", plan),
                                        ("profile", profile)) if part is None}
    left_out |= set() if evidence_annex else {"evidence"}
    lg = ledger(catalog, a, result)
    brief = build_brief(catalog, a, result, lg, previous[1] if previous else None)
    charts, chart_notes = build_charts(catalog, result)
    return ReportContext(
        lang=current().code, title=title, marking=w.banner, banner=banner(w.banner, catalog), as_of=as_of,
        translation=translation_said([catalog]),
        keywords=(a.partner, a.host, catalog.ref),
        sections=tuple(s for s in SECTIONS if s not in left_out), cover=cover, notes=notes,
        brief=build_brief_section(catalog, brief, w, w_old), charts=charts, rollup=rollup, since=since, plan=plan,
        ladder=build_ladder(catalog, result), gaps=build_gaps(catalog, result, w, la.profile, carried),
        reciprocity=build_reciprocity(catalog, lg), views=build_views(catalog, result, chart_notes),
        domains=build_domains(catalog, result, w, la.profile),
        evidence=build_evidence(catalog, result.as_of, w) if evidence_annex else (),
        exceptions=build_exceptions(catalog, result.as_of, w), rules=build_rules(catalog, result, lg), profile=profile,
        provenance=build_provenance(la, result, tool_version, previous, w, carried, plan_sha256))


__all__ = ["SECTIONS", "ReportContext", "build_context"]
