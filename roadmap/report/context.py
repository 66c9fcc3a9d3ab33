"""The typed context of a report: everything a template shows, computed here in Python (sorting,
arithmetic, formatting), so that templates only lay it out.

Adding a section to the report is one field on `ReportContext` plus one partial template
`_<name>.html.j2`; `sections` lists the partials in reading order, and a section whose field is
None is left out (see docs/report.md).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from roadmap.engine.rounds_diff import AssessmentDiff
from roadmap.engine.scoring import RULES, Score
from roadmap.load.assessments import LoadedAssessment
from roadmap.models.assessment import Assessment
from roadmap.models.catalog import Catalog
from roadmap.report.changes import SinceSection, since_section
from roadmap.words import words


class Ctx(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Cover(Ctx):
    title: str
    partner: str
    host: str
    as_of: str
    catalog_ref: str
    catalog_title: str
    assessors: tuple[str, ...]
    marking: str
    illustrative: bool
    notes: str
    #: The notes as paragraphs: split at blank lines (a `|` block), else at line breaks (a `>` block).
    notes_paragraphs: tuple[str, ...] = ()
    #: Short notes fit on the cover; longer ones get a section of their own after the summary.
    notes_on_cover: bool = True


#: The most characters of notes the cover holds under its facts (measured on A4 with a 3-line title).
NOTES_ON_COVER = 1500


def _paragraphs(text: str) -> tuple[str, ...]:
    parts = text.split("\n\n") if "\n\n" in text else text.split("\n")
    return tuple(p.strip() for p in parts if p.strip())


class TierRef(Ctx):
    id: str  # "T2", or "none" below the first tier
    name: str
    level: int  # 0 for none


class Summary(Ctx):
    claimed: TierRef
    verified: TierRef
    strict: TierRef
    next_tier: TierRef | None
    next_unlocks: str | None
    gaps: int
    gating_gaps: int
    readiness_claimed: str
    readiness_verified: str
    criteria: int
    assessed: int
    not_assessed: int
    left_out: int
    weakest: tuple[str, ...]
    domains: int  # how many domains the catalog has


class Chart(Ctx):
    title: str
    alt: str
    data_uri: str


class Rung(Ctx):
    id: str
    name: str
    description: str
    unlocks: str
    reached: bool
    verified: bool
    is_next: bool


class GapRow(Ctx):
    rank: int
    id: str
    title: str
    domain: str
    gating: bool
    weight: int
    current: str
    current_tier: str
    target: str
    required_tier: str
    basis: str
    reason: str
    remediation: str


class GapSection(Ctx):
    tier: TierRef | None
    rule: str
    rows: tuple[GapRow, ...]


class CriterionRow(Ctx):
    id: str
    title: str
    gating: bool
    weight: int
    status: str
    value: str
    tier: str
    verified_tier: str
    progress: str
    progress_pct: int
    rule: str
    verified_rule: str


class DomainDetail(Ctx):
    id: str
    name: str
    description: str
    claimed: str
    verified: str
    strict: str
    readiness: str
    rule: str
    verified_rule: str
    criteria: tuple[CriterionRow, ...]


class ViewRow(Ctx):
    name: str
    claimed: str
    verified: str
    strict: str
    readiness_claimed: str
    readiness_verified: str
    readiness_strict: str
    capped_by: str


def _domain_name(catalog: Catalog, domain: str) -> str:
    return next((d.name for d in catalog.meta.domains if d.id == domain), domain)


class EvidenceGapRow(Ctx):
    criterion: str
    title: str
    domain: str
    gating: bool
    claimed: str
    verified: str
    reason: str


class ViewTable(Ctx):
    rows: tuple[ViewRow, ...]
    overall: ViewRow
    rules: tuple[str, str, str]
    #: The claimed tier the verified view falls short of, and the evidence that would close it.
    evidence_target: str | None
    evidence_gaps: tuple[EvidenceGapRow, ...]


class EvidenceRow(Ctx):
    criterion: str
    ref: str
    kind: str
    date: str
    verification: str
    age_days: int
    state: Literal["fresh", "stale", "future"]
    note: str


class ExceptionRow(Ctx):
    criterion: str
    title: str
    status: str
    justification: str
    approver: str
    expires: str
    expired: bool


class Rules(Ctx):
    domain_rule: str
    overall_rule: str
    engine: tuple[str, ...]
    gap_rule: str


class Provenance(Ctx):
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


class ReciprocityRow(Ctx):
    """One direction of one discipline: host → partner or partner → host."""

    discipline: str
    name: str
    side: Literal["host", "partner"]
    direction: str
    expected: str  # "L2", "L2 (online)" for the partner, "—" when not recorded
    delivered: str
    status: str
    failing: bool
    parity: str
    rule: str


class ReciprocityUnlock(Ctx):
    discipline: str
    host_now: str
    host_next: str
    change: str
    partner_expected_next: str


class ReciprocitySection(Ctx):
    """The two-way ledger at the tier reached (roadmap.engine.reciprocity; docs/reciprocity.md)."""

    recorded: bool
    tier: str
    period: str
    host: str
    partner: str
    rows: tuple[ReciprocityRow, ...]
    findings: tuple[str, ...]
    broken: int
    short: int
    not_recorded: tuple[str, ...]
    parity: str
    parity_rule: str
    parity_target: str
    next_tier: str | None
    unlocks: tuple[ReciprocityUnlock, ...]


class ReportContext(Ctx):
    #: The main template this document is rendered from (roadmap.report.render).
    template: ClassVar[str] = "report.html.j2"

    lang: str
    title: str
    marking: str
    as_of: str  # ISO date; the PDF's creation and modification dates
    keywords: tuple[str, ...]
    sections: tuple[str, ...]
    cover: Cover
    summary: Summary
    charts: tuple[Chart, ...]
    since: SinceSection | None
    ladder: tuple[Rung, ...]
    gaps: GapSection
    reciprocity: ReciprocitySection
    views: ViewTable
    domains: tuple[DomainDetail, ...]
    evidence: tuple[EvidenceRow, ...]
    exceptions: tuple[ExceptionRow, ...]
    rules: Rules
    provenance: Provenance

    def identity(self) -> str:
        """The inputs, as text: the PDF's file identifier is derived from it."""
        p = self.provenance
        return "\n".join([p.assessment_sha256, p.catalog_digest, p.tool,
                          *([p.previous_sha256 or "", p.previous_catalog_digest or ""] if p.previous_file else [])])


#: The partials, in reading order: `_<name>.html.j2`, fed by the context field of the same name.
#: "since" is left out when there is no previous round.
SECTIONS: tuple[str, ...] = ("cover", "summary", "since", "ladder", "gaps", "reciprocity", "views", "domains", "evidence",
                             "exceptions", "rules", "provenance")

_STATUS = {"assessed": "assessed", "not_assessed": "not assessed", "not_applicable": "not applicable",
           "exception": "exception"}


def _pct(x: float) -> str:
    return f"{x:.0f}%"


def _readiness(x: float) -> str:
    """A readiness figure: one decimal, as in the summary, the diff and the trend (47.3%)."""
    return f"{x:.1f}%"


def _tier(catalog: Catalog, level: int) -> TierRef:
    if level == 0:
        return TierRef(id="none", name="no tier yet", level=0)
    t = catalog.meta.tiers[level - 1]
    return TierRef(id=t.id, name=t.name, level=level)


def build_context(la: LoadedAssessment, result: Score, *, tool_version: str,
                  previous: tuple[LoadedAssessment, AssessmentDiff] | None = None) -> ReportContext:
    """The whole report for one scored assessment; with `previous` (the previous round and the
    diff from it), the "since last round" section too. Pure: no files, no clock."""
    from roadmap.report import charts

    a, catalog = la.assessment, la.catalog
    tiers = catalog.meta.tiers
    level = {t.id: i for i, t in enumerate(tiers, start=1)}
    c, v, s = result.claimed, result.verified, result.strict
    domain_names = {d.id: d.name for d in catalog.meta.domains}
    title = a.title or f"{a.partner}: readiness for {catalog.meta.title.lower()}"

    notes = a.notes.strip()
    cover = Cover(title=title, partner=a.partner, host=a.host, as_of=result.as_of.isoformat(),
                  catalog_ref=catalog.ref, catalog_title=catalog.meta.title, assessors=a.assessors,
                  marking=a.marking, illustrative=a.illustrative, notes=notes,
                  notes_paragraphs=_paragraphs(notes), notes_on_cover=len(notes) <= NOTES_ON_COVER)
    next_ref = _tier(catalog, level[result.next_tier]) if result.next_tier else None
    summary = Summary(
        claimed=_tier(catalog, c.overall_tier), verified=_tier(catalog, v.overall_tier),
        strict=_tier(catalog, s.overall_tier), next_tier=next_ref,
        next_unlocks=tiers[next_ref.level - 1].unlocks if next_ref else None,
        gaps=len(result.gaps), gating_gaps=sum(1 for g in result.gaps if g.gating),
        # one decimal, as in the diff and the trend, so that a reader comparing rounds sees the same figure
        readiness_claimed=_readiness(c.readiness), readiness_verified=_readiness(v.readiness),
        criteria=len(result.criteria), assessed=sum(1 for x in result.criteria if x.status == "assessed"),
        not_assessed=len(result.not_assessed),
        left_out=sum(1 for x in result.criteria if not x.applicable),
        weakest=tuple(d.name for d in c.domains if d.tier == c.overall_tier), domains=len(c.domains))

    names = [d.name for d in c.domains]
    chart_list = (
        Chart(title="Readiness by domain",
              alt="Readiness by domain, claimed and verified: " + "; ".join(
                  f"{d.name} {_readiness(d.readiness)} claimed, {_readiness(dv.readiness)} verified"
                  for d, dv in zip(c.domains, v.domains, strict=True)),
              data_uri=charts.readiness_chart(names, [("claimed", [d.readiness for d in c.domains]),
                                                      ("verified", [d.readiness for d in v.domains])])),
        Chart(title="Tier reached by domain",
              alt="Tier reached by domain, claimed, verified and strict: " + "; ".join(
                  f"{dc.name} {dc.tier_id}, {dv.tier_id}, {ds.tier_id}"
                  for dc, dv, ds in zip(c.domains, v.domains, s.domains, strict=True)),
              data_uri=charts.tier_chart(names, catalog.tier_ids,
                                         [("claimed", [d.tier for d in c.domains]),
                                          ("verified", [d.tier for d in v.domains]),
                                          ("strict", [d.tier for d in s.domains])])),
    )
    ladder = tuple(Rung(id=t.id, name=t.name, description=t.description, unlocks=t.unlocks,
                        reached=i <= c.overall_tier, verified=i <= v.overall_tier,
                        is_next=t.id == result.next_tier) for i, t in enumerate(tiers, start=1))

    gap_rows = []
    for rank, g in enumerate(result.gaps, start=1):
        crit = catalog.by_id[g.id]
        gap_rows.append(GapRow(rank=rank, id=g.id, title=g.title, domain=domain_names[g.domain],
                               gating=g.gating, weight=g.weight,
                               current=crit.metric.format_value(g.value) if g.status == "assessed" else _STATUS[g.status],
                               current_tier=g.current_tier, target=crit.metric.format_target(g.target),
                               required_tier=g.required_tier, basis=g.target_basis, reason=g.reason,
                               remediation=g.remediation))
    gaps = GapSection(tier=next_ref, rule=result.gap_rule, rows=tuple(gap_rows))

    def view_row(name: str, tier_ids: tuple[str, str, str], ready: tuple[float, float, float],
                 capped: str) -> ViewRow:
        return ViewRow(name=name, claimed=tier_ids[0], verified=tier_ids[1], strict=tier_ids[2],
                       readiness_claimed=_readiness(ready[0]), readiness_verified=_readiness(ready[1]),
                       readiness_strict=_readiness(ready[2]), capped_by=capped)

    views = ViewTable(
        rows=tuple(view_row(dc.name, (dc.tier_id, dv.tier_id, ds.tier_id),
                            (dc.readiness, dv.readiness, ds.readiness), ", ".join(dc.capped_by) or "—")
                   for dc, dv, ds in zip(c.domains, v.domains, s.domains, strict=True)),
        overall=view_row("Overall", (c.overall_tier_id, v.overall_tier_id, s.overall_tier_id),
                         (c.readiness, v.readiness, s.readiness), ""),
        rules=(c.rule, v.rule, s.rule),
        evidence_target=result.evidence_target,
        evidence_gaps=tuple(EvidenceGapRow(criterion=g.id, title=g.title, domain=_domain_name(catalog, g.domain),
                                           gating=g.gating, claimed=g.claimed_tier, verified=g.verified_tier,
                                           reason=g.reason) for g in result.evidence_gaps))

    by_domain: dict[str, list[CriterionRow]] = {d.id: [] for d in catalog.meta.domains}
    for cs in result.criteria:
        crit = catalog.by_id[cs.id]
        status = _STATUS[cs.status]
        if cs.expired:
            status += f" ({_STATUS[cs.declared_status]}, expired)"
        by_domain[cs.domain].append(CriterionRow(
            id=cs.id, title=cs.title, gating=cs.gating, weight=cs.weight, status=status,
            value=crit.metric.format_value(cs.value), tier=_tier_id(catalog, cs.tier),
            verified_tier=_tier_id(catalog, cs.verified_tier) if cs.status == "assessed" else "—",
            progress=_pct(100 * cs.progress), progress_pct=round(100 * cs.progress),
            rule=cs.rule, verified_rule=cs.verified_rule))
    domains = tuple(
        DomainDetail(id=d.id, name=d.name, description=d.description, claimed=dc.tier_id,
                     verified=dv.tier_id, strict=ds.tier_id, readiness=_readiness(dc.readiness), rule=dc.rule,
                     verified_rule=dv.rule, criteria=tuple(by_domain[d.id]))
        for d, dc, dv, ds in zip(catalog.meta.domains, c.domains, v.domains, s.domains, strict=True))

    evidence, exceptions = [], []
    for crit in catalog.criteria:
        f = a.findings.get(crit.id)
        if f is None:
            continue
        for ev in sorted(f.evidence, key=lambda e: (e.date, e.ref)):
            evidence.append(EvidenceRow(criterion=crit.id, ref=ev.ref, kind=ev.kind, date=ev.date.isoformat(),
                                        verification=words(ev.verification), age_days=ev.age(result.as_of),
                                        state=ev.freshness(result.as_of, crit.evidence.max_age_days).value,
                                        note=ev.note))
        if f.status.decision:
            assert f.expires is not None
            exceptions.append(ExceptionRow(criterion=crit.id, title=crit.title, status=_STATUS[f.status],
                                           justification=f.justification or "", approver=f.approver or "",
                                           expires=f.expires.isoformat(), expired=f.expired(result.as_of)))

    rules = Rules(domain_rule=catalog.meta.tier_rules.domain.explanation,
                  overall_rule=catalog.meta.tier_rules.overall.explanation, engine=RULES,
                  gap_rule=result.gap_rule)
    provenance = Provenance(tool=f"roadmap {tool_version}", catalog_ref=catalog.ref,
                            catalog_digest=catalog.digest, assessment_file=la.file,
                            assessment_sha256=la.sha256, as_of=result.as_of.isoformat(),
                            **({} if previous is None else {
                                "previous_file": previous[0].file, "previous_sha256": previous[0].sha256,
                                "previous_catalog_ref": previous[0].catalog.ref,
                                "previous_catalog_digest": previous[0].catalog.digest}))
    return ReportContext(
        lang="en", title=title, marking=a.marking, as_of=result.as_of.isoformat(),
        keywords=(a.partner, a.host, catalog.ref),
        sections=tuple(s for s in SECTIONS if s != "since" or previous is not None), cover=cover, summary=summary,
        charts=chart_list, since=since_section(previous[1]) if previous else None, ladder=ladder, gaps=gaps, reciprocity=_reciprocity(catalog, a, result), views=views, domains=domains, evidence=tuple(evidence),
        exceptions=tuple(exceptions), rules=rules, provenance=provenance)


def _reciprocity(catalog: Catalog, a: Assessment, result: Score) -> ReciprocitySection:
    """The ledger (pure engine) laid out as rows: two per discipline, host side first."""
    from roadmap.engine.reciprocity import ledger

    lg = ledger(catalog, a, result)
    rows: list[ReciprocityRow] = []
    for d in lg.disciplines:
        h, p = d.host, d.partner
        rows.append(ReciprocityRow(
            discipline=d.id, name=d.name, side="host", direction=f"{lg.host} → {lg.partner}",
            expected=h.committed + (f" (capped; {h.tier_commitment} due)" if h.capped else ""),
            delivered=h.delivered or "—",
            status=words(h.status) + (f", short by {h.short_by}" if h.short_by else ""),
            failing=h.status == "broken", parity="", rule=h.rule))
        rows.append(ReciprocityRow(
            discipline=d.id, name=d.name, side="partner", direction=f"{lg.partner} → {lg.host}",
            expected=f"{p.expected} ({p.capability})" if p.expected else "—", delivered=p.delivered or "—",
            status=words(p.status) + (f" by {p.short_by}" if p.short_by else ""),
            failing=p.status == "short", parity=_ratio(d.parity),
            rule=p.rule))
    unlocks = tuple(ReciprocityUnlock(discipline=d.id, host_now=d.next.host_now, host_next=d.next.host_next,
                                      change=f"+{d.next.raised_by}" if d.next.raised_by else "same",
                                      partner_expected_next=d.next.partner_expected_next or "—")
                    for d in lg.disciplines if d.next is not None)
    period = (f"{lg.period_start.isoformat()} to {lg.period_end.isoformat()}"
              if lg.period_start and lg.period_end else "")
    return ReciprocitySection(
        recorded=lg.recorded, tier=lg.tier_id, period=period, host=lg.host, partner=lg.partner,
        rows=tuple(rows), findings=tuple(f.message for f in lg.findings), broken=lg.broken, short=lg.short,
        not_recorded=lg.not_recorded, parity=_ratio(lg.parity),
        parity_rule=lg.parity_rule,
        parity_target=_ratio(lg.parity_target),
        next_tier=lg.next_tier, unlocks=unlocks)


def _ratio(x: float | None) -> str:
    """A parity ratio as a reader wants it: two decimals (1.1111 → 1.11, 0.5 → 0.50), everywhere alike."""
    return "—" if x is None else f"{x:.2f}"


def _tier_id(catalog: Catalog, level: int) -> str:
    return "none" if level == 0 else catalog.tier_ids[level - 1]
