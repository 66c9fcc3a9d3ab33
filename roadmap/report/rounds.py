"""Typed contexts of the documents about several rounds of one partner: the diff report
(`roadmap diff OLD NEW --format pdf|html`, main template `diff.html.j2`) and the trend report
(`roadmap trend FILE... --format pdf|html`, main template `trend.html.j2`). Like the gap report's
context: built here in Python (formatting, ordering), pure (no files, no clock), rendered by
`roadmap.report.render`. Their marking follows `changes.combined_marking`.
"""

from __future__ import annotations

from itertools import pairwise
from typing import ClassVar

from roadmap.engine.rounds_diff import AssessmentDiff
from roadmap.engine.scoring import Score, score
from roadmap.engine.trend import Trend
from roadmap.load.assessments import LoadedAssessment
from roadmap.models.base import NO_TIER
from roadmap.report.base import Chart, DocumentContext, Part, arrow, readiness
from roadmap.report.changes import (
    CriterionDeltaRow,
    ReciprocityChanges,
    ScopeRow,
    combined_marking,
    criterion_delta_rows,
    domain_names,
    reciprocity_changes,
    scope_rows,
    shown_id,
    split_sentence,
)
from roadmap.words import count, signed, words


class RoundFacts(Part):
    as_of: str
    file: str
    sha256: str
    catalog: str
    catalog_digest: str
    marking: str
    assessors: tuple[str, ...]


# -- the diff report ----------------------------------------------------------------------------

class RoundsCover(Part):
    """What the cover of a document about several rounds shows in any case."""

    title: str
    partner: str
    host: str
    marking: str
    markings_differ: bool
    illustrative: bool


class DiffCover(RoundsCover):
    old: RoundFacts
    new: RoundFacts


class Headline(Part):
    #: The diff's summary: overall and per-domain changes with the split, in words.
    sentences: tuple[str, ...]
    overall: ScopeRow
    regressions: tuple[str, ...]
    #: The chart of tiers said in a sentence when all its bars would be equal ("" when it is drawn).
    chart_note: str = ""


class Split(Part):
    catalogs_differ: bool
    decisions_differ: bool
    old_catalog: str
    new_catalog: str
    sentence: str
    rows: tuple[ScopeRow, ...]
    rule: str


class CriteriaChanges(Part):
    rows: tuple[CriterionDeltaRow, ...]
    #: Whether any criterion went down (the table's bars at the left then need a word).
    any_down: bool
    unchanged: int
    dropped: tuple[str, ...]


class CatalogChangeRow(Part):
    id: str
    title: str
    domain: str
    kinds: str
    changes: tuple[str, ...]
    tightening: bool
    loosening: bool


class CatalogChanges(Part):
    old: str
    new: str
    rows: tuple[CatalogChangeRow, ...]
    rules: tuple[str, ...]
    unchanged: int
    tightened: str
    loosened: str


class DiffProvenance(Part):
    tool: str
    old: RoundFacts
    new: RoundFacts
    rule: str


class DiffReportContext(DocumentContext):
    """As of NEW's as_of; sections: partials `_diff_<name>.html.j2`."""

    template: ClassVar[str] = "diff.html.j2"

    cover: DiffCover
    headline: Headline
    split: Split
    domains: tuple[ScopeRow, ...]
    criteria: CriteriaChanges
    catalog: CatalogChanges | None
    reciprocity: ReciprocityChanges | None
    provenance: DiffProvenance

    def identity(self) -> str:
        p = self.provenance
        return f"{p.old.sha256}\n{p.old.catalog_digest}\n{p.new.sha256}\n{p.new.catalog_digest}\n{p.tool}"


def _facts(la: LoadedAssessment) -> RoundFacts:
    a = la.assessment
    return RoundFacts(as_of=a.as_of.isoformat(), file=la.file, sha256=la.sha256, catalog=la.catalog.ref,
                      catalog_digest=la.catalog.digest, marking=a.marking, assessors=a.assessors)


def _catalog_changes(d: AssessmentDiff) -> CatalogChanges | None:
    cd = d.catalog_diff
    if cd is None:
        return None
    names = domain_names(d)
    rows = tuple(CatalogChangeRow(
        id=shown_id(c.old_id, c.id), title=c.title, domain=names.get(c.domain, c.domain),
        kinds=", ".join(words(k) for k in c.kinds), changes=tuple(ch.text for ch in c.changes),
        tightening=c.tightening, loosening=c.loosening) for c in cd.criteria)
    return CatalogChanges(old=cd.old, new=cd.new, rows=rows, rules=tuple(m.text for m in cd.meta),
                          unchanged=cd.unchanged, tightened=", ".join(cd.tightened) or "none",
                          loosened=", ".join(cd.loosened) or "none")


def _diff_chart(old: LoadedAssessment, new: LoadedAssessment, d: AssessmentDiff,
                scopes: tuple[ScopeRow, ...]) -> tuple[tuple[Chart, ...], str]:
    """The tier per domain in each round, each scored under its own catalog: a chart, or, when every
    bar would be the same tier, a sentence (a chart of equal bars says no more)."""
    from roadmap.report import charts

    names = ["Overall", *(s.name for s in d.domains)]

    def levels(s: Score) -> list[int]:
        by_id = {x.id: x.tier for x in s.claimed.domains}
        return [s.claimed.overall_tier, *(by_id.get(x.id, 0) for x in d.domains)]

    rounds = [(f"{d.old_as_of} ({d.old_catalog})", levels(score(old.catalog, old.assessment))),
              (f"{d.new_as_of} ({d.new_catalog})", levels(score(new.catalog, new.assessment)))]
    tiers = {t for _, row in rounds for t in row}
    if len(tiers) == 1:
        tier = new.catalog.tier_name(tiers.pop())
        return (), (f"The tier reached (claimed) is {tier} overall and in every domain, in both rounds."
                    if tier != NO_TIER else "No tier is reached (claimed), overall or in any domain, in either round.")
    return (Chart(
        title="Tier reached (claimed), overall and by domain, in each round",
        alt="Tier reached (claimed): " + "; ".join(f"{r.name} {r.claimed.old} → {r.claimed.new}"
                                                  for r in (scopes[-1], *scopes[:-1])),
        data_uri=charts.rounds_tier_chart(names, list(new.catalog.tier_ids), rounds)),), ""


def _criteria_changes(d: AssessmentDiff) -> CriteriaChanges:
    rows = criterion_delta_rows(d)
    return CriteriaChanges(rows=rows, any_down=any(r.down for r in rows), unchanged=d.unchanged,
                           dropped=tuple(f"{x} ({d.old_file})" for x in d.dropped_old)
                           + tuple(f"{x} ({d.new_file})" for x in d.dropped_new))


def _diff_sections(d: AssessmentDiff) -> tuple[str, ...]:
    """The partials `_diff_<name>.html.j2` in reading order: the catalog's and the reciprocity's
    changes only when there are any."""
    return ("cover", "headline", "split", "domains", "criteria",
            *(("catalog",) if d.catalog_diff is not None else ()),
            *(("reciprocity",) if d.reciprocity is not None else ()), "provenance")


def build_diff_context(old: LoadedAssessment, new: LoadedAssessment, d: AssessmentDiff, *,
                       tool_version: str) -> DiffReportContext:
    """The diff report of OLD → NEW (`d` = `diff_assessments(OLD, NEW)`). Pure."""
    fo, fn = _facts(old), _facts(new)
    marking = combined_marking([(fo.as_of, fo.marking), (fn.as_of, fn.marking)])
    title = f"{d.partner}: changes from {d.old_as_of} to {d.new_as_of}"
    scopes = scope_rows(d)
    cover = DiffCover(title=title, partner=d.partner, host=d.host, marking=marking,
                      markings_differ=fo.marking != fn.marking,
                      illustrative=old.assessment.illustrative or new.assessment.illustrative, old=fo, new=fn)
    drawn, chart_note = _diff_chart(old, new, d, scopes)
    return DiffReportContext(
        lang="en", title=title, marking=marking, as_of=d.new_as_of,
        keywords=(d.partner, d.host, d.old_catalog, d.new_catalog), sections=_diff_sections(d), cover=cover,
        headline=Headline(sentences=d.summary, overall=scopes[-1], regressions=d.regressions, chart_note=chart_note),
        charts=drawn,
        split=Split(catalogs_differ=d.catalogs_differ, decisions_differ=d.decisions_differ,
                    old_catalog=d.old_catalog, new_catalog=d.new_catalog,
                    sentence=split_sentence(d), rows=scopes, rule=d.rule),
        domains=scopes, criteria=_criteria_changes(d), catalog=_catalog_changes(d),
        reciprocity=reciprocity_changes(d),
        provenance=DiffProvenance(tool=f"roadmap {tool_version}", old=fo, new=fn, rule=d.rule))


# -- the trend report -----------------------------------------------------------------------------

class TrendCover(RoundsCover):
    first: str
    last: str
    rounds: int


class TrendRow(Part):
    as_of: str
    file: str
    catalog: str
    catalog_changed: bool
    overall: str  # "T1" claimed
    overall_verified: str
    change: str  # "+1", "" for the first round or no change
    readiness: str
    readiness_verified: str


class TrendDomain(Part):
    name: str
    #: "T1 / none" (claimed / verified) per round, "—" when the round's catalog lacks the domain.
    tiers: tuple[str, ...]


class TrendTable(Part):
    rows: tuple[TrendRow, ...]
    domains: tuple[TrendDomain, ...]
    catalog_changes: tuple[str, ...]  # "2026-06-30: fvey@1.0.0 → fvey@1.1.0"
    rule: str
    #: A sentence for each chart not drawn because its bars would all be equal.
    chart_notes: tuple[str, ...] = ()


class TrendProvenance(Part):
    tool: str
    rounds: tuple[RoundFacts, ...]
    #: The plan held against the rounds (`--plan`), if any, and the SHA-256 of its file.
    plan_file: str | None = None
    plan_sha256: str | None = None


class PlanRoundRow(Part):
    as_of: str
    closed: int
    slipped: int
    open: int
    new: int


class TrendPlanSection(Part):
    """A plan held against the rounds (`trend --plan`): how its items stood round by round."""

    file: str
    as_of: str
    sentence: str
    rows: tuple[PlanRoundRow, ...]
    #: The latest round's slipped and closed items, in words.
    slipped: tuple[str, ...]
    closed: tuple[str, ...]
    latest: str
    rule: str


class TrendReportContext(DocumentContext):
    """As of the newest round's as_of; sections: partials `_trend_<name>.html.j2`."""

    template: ClassVar[str] = "trend.html.j2"

    cover: TrendCover
    table: TrendTable
    plan: TrendPlanSection | None = None
    provenance: TrendProvenance

    def identity(self) -> str:
        p = self.provenance
        return "\n".join([*(f"{r.sha256}\n{r.catalog_digest}" for r in p.rounds), p.tool,
                          *([p.plan_sha256] if p.plan_sha256 else [])])


def _trend_table(t: Trend) -> TrendTable:
    rows = tuple(TrendRow(
        as_of=r.as_of, file=r.file, catalog=r.catalog, catalog_changed=r.catalog_changed, overall=r.overall,
        overall_verified=r.overall_verified, change=signed(r.change) if r.change else "",
        readiness=readiness(r.readiness), readiness_verified=readiness(r.readiness_verified)) for r in t.rounds)
    domains = tuple(TrendDomain(name=name, tiers=tuple(f"{r.domains[d]} / {r.domains_verified[d]}"
                                                       if d in r.domains else "—" for r in t.rounds))
                    for d, name, _ in t.domains)
    changes = tuple(f"{r.as_of}: {arrow(p.catalog, r.catalog)}" for p, r in pairwise(t.rounds) if r.catalog_changed)
    return TrendTable(rows=rows, domains=domains, catalog_changes=changes, rule=t.rule)


def _trend_charts(t: Trend, ordered: list[LoadedAssessment]) -> tuple[tuple[Chart, ...], tuple[str, ...]]:
    """The tier and readiness charts per round, each only when its values differ (else a sentence)."""
    from roadmap.report import charts

    # Tier levels per round, each in its own catalog's tier order (the newest catalog names the axis).
    tier_rounds = []
    for r, la in zip(t.rounds, ordered, strict=True):
        ids = la.catalog.tier_ids

        def level(tier_id: str | None, ids: list[str] = ids) -> int:
            return 0 if tier_id is None or tier_id == NO_TIER else ids.index(tier_id) + 1

        tier_rounds.append((r.as_of, [level(r.overall), *(level(r.domains.get(d)) for d, _, _ in t.domains)]))
    names = ["Overall", *(name for _, name, _ in t.domains)]
    drawn: list[Chart] = []
    said: list[str] = []
    if len({x for _, row in tier_rounds for x in row}) > 1:
        drawn.append(Chart(
            title="Tier reached (claimed), overall and by domain, per round",
            alt="Tier reached (claimed) per round: " + "; ".join(
                f"{r.as_of}: overall {r.overall}, " + ", ".join(f"{p} {r.domains.get(d, '—')}" for d, _, p in t.domains)
                for r in t.rounds),
            data_uri=charts.rounds_tier_chart(names, list(ordered[-1].catalog.tier_ids), tier_rounds)))
    else:
        said.append(f"The tier reached (claimed) is {t.rounds[0].overall} overall and in every domain, in every round.")
    if len({x for r in t.rounds for x in (r.readiness, r.readiness_verified)}) > 1:
        drawn.append(Chart(
            title=f"Overall readiness per round (weighted progress toward the {ordered[-1].catalog.tier_ids[-1]} "
                  "targets), claimed and verified",
            alt="Overall readiness per round: " + "; ".join(
                f"{r.as_of} {readiness(r.readiness)} claimed, {readiness(r.readiness_verified)} verified"
                for r in t.rounds),
            data_uri=charts.rounds_readiness_chart([r.as_of for r in t.rounds],
                                                   [("claimed", [r.readiness for r in t.rounds]),
                                                    ("verified", [r.readiness_verified for r in t.rounds])])))
    else:
        said.append(f"Overall readiness is {readiness(t.rounds[0].readiness)} in every round, claimed and verified.")
    return tuple(drawn), tuple(said)


def _trend_plan(t: Trend) -> TrendPlanSection | None:
    if t.plan is None:
        return None
    rows = tuple(PlanRoundRow(as_of=r.as_of, closed=r.plan.closed, slipped=r.plan.slipped, open=r.plan.open,
                              new=r.plan.new) for r in t.rounds if r.plan is not None)
    last = t.rounds[-1]
    return TrendPlanSection(
        file=t.plan.file, as_of=t.plan.as_of, rows=rows, latest=last.as_of,
        sentence=(f"The plan {t.plan.file} (as of {t.plan.as_of}, {count(t.plan.items, 'item')}) held against each "
                  "round from its date on."),
        slipped=last.plan.slipped_items if last.plan else (), closed=last.plan.closed_items if last.plan else (),
        rule=t.plan.rule)


def build_trend_context(loaded: list[LoadedAssessment], t: Trend, *, tool_version: str,
                        plan_sha256: str | None = None) -> TrendReportContext:
    """The trend report of the rounds in `loaded` (`t` = their `trend`); with a plan (`t.plan`, read
    from a file of SHA-256 `plan_sha256`), how its items stood round by round. Pure."""
    by_file = {la.file: la for la in loaded}
    ordered = [by_file[r.file] for r in t.rounds]
    facts = [_facts(la) for la in ordered]
    marking = combined_marking([(f.as_of, f.marking) for f in facts])
    first, last = t.rounds[0].as_of, t.rounds[-1].as_of
    title = f"{t.partner}: readiness over {count(len(t.rounds), 'round')}, {first} to {last}"
    cover = TrendCover(title=title, partner=t.partner, host=t.host, marking=marking,
                       markings_differ=len({f.marking for f in facts}) > 1,
                       illustrative=any(la.assessment.illustrative for la in ordered), first=first, last=last,
                       rounds=len(t.rounds))
    plan = _trend_plan(t)
    drawn, chart_notes = _trend_charts(t, ordered)
    return TrendReportContext(
        lang="en", title=title, marking=marking, as_of=last, keywords=(t.partner, t.host),
        sections=("cover", "rounds", *(("plan",) if plan else ()), "provenance"), cover=cover, charts=drawn,
        table=_trend_table(t).model_copy(update={"chart_notes": chart_notes}), plan=plan,
        provenance=TrendProvenance(tool=f"roadmap {tool_version}", rounds=tuple(facts),
                                   plan_file=t.plan.file if t.plan else None,
                                   plan_sha256=plan_sha256 if t.plan else None))


__all__ = ["DiffReportContext", "TrendReportContext", "build_diff_context", "build_trend_context"]
