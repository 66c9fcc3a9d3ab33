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
from roadmap.engine.trend import Trend, TrendRound
from roadmap.i18n import _, current, date
from roadmap.load.assessments import LoadedAssessment
from roadmap.models.base import NO_TIER
from roadmap.report.base import Chart, DocumentContext, Part, arrow, banner, day, readiness, translation_said
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
from roadmap.words import count, listing, signed, tier_word, words


class RoundFacts(Part):
    as_of: str
    #: The as-of date as the document's language writes it.
    date: str
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


def _round_tiers(r: TrendRound, t: Trend) -> str:
    """One round's tiers, as a trend chart's text alternative says them."""
    domains = ", ".join(f"{p} {tier_word(r.domains.get(d, '—'))}" for d, _n, p in t.domains)
    return _("%(date)s: overall %(tier)s, %(domains)s", date=day(r.as_of), tier=tier_word(r.overall), domains=domains)


def _round_readiness(r: TrendRound) -> str:
    """One round's readiness, as a trend chart's text alternative says it."""
    return _("%(date)s %(claimed)s claimed, %(verified)s verified", date=day(r.as_of),
             claimed=readiness(r.readiness), verified=readiness(r.readiness_verified))


def _facts(la: LoadedAssessment) -> RoundFacts:
    a = la.assessment
    return RoundFacts(as_of=a.as_of.isoformat(), date=date(a.as_of), file=la.file, sha256=la.sha256,
                      catalog=la.catalog.ref,
                      catalog_digest=la.catalog.digest, marking=a.marking, assessors=a.assessors)


def _catalog_changes(d: AssessmentDiff) -> CatalogChanges | None:
    cd = d.catalog_diff
    if cd is None:
        return None
    names = domain_names(d)
    rows = tuple(CatalogChangeRow(
        id=shown_id(c.old_id, c.id), title=c.title, domain=names.get(c.domain, c.domain),
        kinds=listing(words(k) for k in c.kinds), changes=tuple(ch.text for ch in c.changes),
        tightening=c.tightening, loosening=c.loosening) for c in cd.criteria)
    return CatalogChanges(old=cd.old, new=cd.new, rows=rows, rules=tuple(m.text for m in cd.meta),
                          unchanged=cd.unchanged, tightened=", ".join(cd.tightened) or words("none"),
                          loosened=", ".join(cd.loosened) or words("none"))


def _diff_chart(old: LoadedAssessment, new: LoadedAssessment, d: AssessmentDiff,
                scopes: tuple[ScopeRow, ...]) -> tuple[tuple[Chart, ...], str]:
    """The tier per domain in each round, each scored under its own catalog: a chart, or, when every
    bar would be the same tier, a sentence (a chart of equal bars says no more)."""
    from roadmap.report import charts

    names = [_("Overall"), *(s.name for s in d.domains)]

    scopes_in_order = (d.overall, *d.domains)  # each round's tier as the diff scored it, under its own catalog
    rounds = [(f"{day(d.old_as_of)} ({d.old_catalog})", [s.claimed.old for s in scopes_in_order]),
              (f"{day(d.new_as_of)} ({d.new_catalog})", [s.claimed.new for s in scopes_in_order])]
    tiers = {t for _label, row in rounds for t in row}
    if len(tiers) == 1:
        tier = new.catalog.tier_name(tiers.pop())
        return (), (_("The tier reached (claimed) is %(tier)s overall and in every domain, in both rounds.", tier=tier)
                    if tier != NO_TIER else
                    _("No tier is reached (claimed), overall or in any domain, in either round."))
    return (Chart(
        title=_("Tier reached (claimed), overall and by domain, in each round"),
        alt=_("Tier reached (claimed): %(values)s", values="; ".join(f"{r.name} {r.claimed.old} → {r.claimed.new}"
                                                                     for r in (scopes[-1], *scopes[:-1]))),
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
    title = _("%(partner)s: changes from %(old)s to %(new)s", partner=d.partner, old=day(d.old_as_of),
              new=day(d.new_as_of))
    scopes = scope_rows(d)
    cover = DiffCover(title=title, partner=d.partner, host=d.host, marking=marking,
                      markings_differ=fo.marking != fn.marking,
                      illustrative=old.assessment.illustrative or new.assessment.illustrative, old=fo, new=fn)
    drawn, chart_note = _diff_chart(old, new, d, scopes)
    return DiffReportContext(
        lang=current().code, title=title, marking=marking, as_of=d.new_as_of,
        banner=banner(marking, new.catalog) if fo.marking == fn.marking else marking,
        translation=translation_said([old.catalog, new.catalog]),
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
        as_of=day(r.as_of), file=r.file, catalog=r.catalog, catalog_changed=r.catalog_changed,
        overall=tier_word(r.overall), overall_verified=tier_word(r.overall_verified),
        change=signed(r.change) if r.change else "",
        readiness=readiness(r.readiness), readiness_verified=readiness(r.readiness_verified)) for r in t.rounds)
    domains = tuple(TrendDomain(name=name, tiers=tuple(f"{tier_word(r.domains[d])} / {tier_word(r.domains_verified[d])}"
                                                       if d in r.domains else "—" for r in t.rounds))
                    for d, name, _prefix in t.domains)
    changes = tuple(_("%(date)s: %(change)s", date=day(r.as_of), change=arrow(p.catalog, r.catalog))
                    for p, r in pairwise(t.rounds) if r.catalog_changed)
    return TrendTable(rows=rows, domains=domains, catalog_changes=changes, rule=t.rule)


def _trend_charts(t: Trend, ordered: list[LoadedAssessment]) -> tuple[tuple[Chart, ...], tuple[str, ...]]:
    """The tier and readiness charts per round, each only when its values differ (else a sentence)."""
    from roadmap.report import charts

    # Tier levels per round, each in its own catalog's tier order (the newest catalog names the axis).
    tier_rounds = []
    for r, la in zip(t.rounds, ordered, strict=True):
        level = la.catalog.tier_level

        tier_rounds.append((day(r.as_of),
                            [level(r.overall), *(level(r.domains.get(d)) for d, _n, _p in t.domains)]))
    names = [_("Overall"), *(name for _id, name, _p in t.domains)]
    drawn: list[Chart] = []
    said: list[str] = []
    if len({x for _label, row in tier_rounds for x in row}) > 1:
        drawn.append(Chart(
            title=_("Tier reached (claimed), overall and by domain, per round"),
            alt=_("Tier reached (claimed) per round: %(values)s",
                  values="; ".join(_round_tiers(r, t) for r in t.rounds)),
            data_uri=charts.rounds_tier_chart(names, list(ordered[-1].catalog.tier_ids), tier_rounds)))
    else:
        said.append(_("The tier reached (claimed) is %(tier)s overall and in every domain, in every round.",
                      tier=tier_word(t.rounds[0].overall)))
    if len({x for r in t.rounds for x in (r.readiness, r.readiness_verified)}) > 1:
        drawn.append(Chart(
            title=_("Overall readiness per round (weighted progress toward the %(tier)s targets), claimed and verified",
                    tier=ordered[-1].catalog.tier_ids[-1]),
            alt=_("Overall readiness per round: %(values)s", values="; ".join(_round_readiness(r) for r in t.rounds)),
            data_uri=charts.rounds_readiness_chart([day(r.as_of) for r in t.rounds],
                                                   [(words("claimed"), [r.readiness for r in t.rounds]),
                                                    (words("verified"), [r.readiness_verified for r in t.rounds])])))
    else:
        said.append(_("Overall readiness is %(readiness)s in every round, claimed and verified.",
                      readiness=readiness(t.rounds[0].readiness)))
    return tuple(drawn), tuple(said)


def _trend_plan(t: Trend) -> TrendPlanSection | None:
    if t.plan is None:
        return None
    rows = tuple(PlanRoundRow(as_of=day(r.as_of), closed=r.plan.closed, slipped=r.plan.slipped, open=r.plan.open,
                              new=r.plan.new) for r in t.rounds if r.plan is not None)
    last = t.rounds[-1]
    return TrendPlanSection(
        file=t.plan.file, as_of=day(t.plan.as_of), rows=rows, latest=day(last.as_of),
        sentence=_("The plan %(file)s (as of %(date)s, %(items)s) held against each round from its date on.",
                   file=t.plan.file, date=day(t.plan.as_of),
                   items=count(t.plan.items, "%(num)d item", "%(num)d items")),
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
    rounds = count(len(t.rounds), "%(num)d round", "%(num)d rounds")
    title = _("%(partner)s: readiness over %(rounds)s, %(first)s to %(last)s", partner=t.partner, rounds=rounds,
              first=day(first), last=day(last))
    cover = TrendCover(title=title, partner=t.partner, host=t.host, marking=marking,
                       markings_differ=len({f.marking for f in facts}) > 1,
                       illustrative=any(la.assessment.illustrative for la in ordered), first=day(first),
                       last=day(last), rounds=len(t.rounds))
    plan = _trend_plan(t)
    drawn, chart_notes = _trend_charts(t, ordered)
    return TrendReportContext(
        lang=current().code, title=title, marking=marking, as_of=last, keywords=(t.partner, t.host),
        banner=banner(marking, ordered[-1].catalog) if len({f.marking for f in facts}) == 1 else marking,
        translation=translation_said([la.catalog for la in ordered]),
        sections=("cover", "rounds", *(("plan",) if plan else ()), "provenance"), cover=cover, charts=drawn,
        table=_trend_table(t).model_copy(update={"chart_notes": chart_notes}), plan=plan,
        provenance=TrendProvenance(tool=f"roadmap {tool_version}", rounds=tuple(facts),
                                   plan_file=t.plan.file if t.plan else None,
                                   plan_sha256=plan_sha256 if t.plan else None))


__all__ = ["DiffReportContext", "TrendReportContext", "build_diff_context", "build_trend_context"]
