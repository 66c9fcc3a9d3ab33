"""The comparison report's typed context (`roadmap compare --format pdf|html`, main template
`compare.html.j2`): an overview page (the partners in rank order, a chart of their readiness with
their tiers, a table of every figure), then one short page per partner, then the inputs. Built here
in Python (words, ordering), pure, rendered by `roadmap.report.render`."""

from __future__ import annotations

from typing import ClassVar

from roadmap.engine.compare import Comparison, PartnerRow, commitments_at, commitments_text, parity_text
from roadmap.i18n import _, current, date, percent
from roadmap.models.base import NO_TIER
from roadmap.models.catalog import Catalog
from roadmap.report.base import Chart, DocumentContext, Part, banner, readiness
from roadmap.report.changes import combined_marking
from roadmap.words import count, listing, tier_word, words, worst_first


class OverviewRow(Part):
    rank: int
    name: str
    as_of: str
    tiers: str  # "none / T1" (verified / claimed)
    readiness: str  # "41.0% / 47.5%"
    gating: str  # "15 of 57 to T2"
    commitments: str
    parity: str
    fresh: str


class Overview(Part):
    title: str
    kicker: str
    marking: str
    markings_differ: bool
    illustrative: bool
    #: The re-scoring, in words, when --rescore-with was given ("" otherwise).
    rescore_note: str
    sentence: str
    rule: str
    rows: tuple[OverviewRow, ...]


class DomainRow(Part):
    name: str
    claimed: str
    verified: str
    readiness: str
    readiness_verified: str


class PartnerPage(Part):
    rank: int
    heading: str
    facts: str
    headline: str
    domains: tuple[DomainRow, ...]
    gaps_heading: str
    gaps: tuple[str, ...]
    reciprocity: str
    evidence: str
    scopes: str
    dropped: str


class InputRow(Part):
    file: str
    sha256: str
    pinned: str
    as_of: str
    marking: str


class CompareProvenance(Part):
    tool: str
    catalog: str
    inputs: tuple[InputRow, ...]
    rescore_note: str


class CompareReportContext(DocumentContext):
    """As of the newest assessment's as_of; sections: partials `_compare_<name>.html.j2`."""

    template: ClassVar[str] = "compare.html.j2"

    overview: Overview
    partners: tuple[PartnerPage, ...]
    provenance: CompareProvenance

    def identity(self) -> str:
        p = self.provenance
        return "\n".join([*(r.sha256 for r in p.inputs), p.catalog, p.tool, p.rescore_note])


def _overview_row(r: PartnerRow) -> OverviewRow:
    return OverviewRow(rank=r.rank, name=r.name, as_of=date(r.as_of),
                       tiers=f"{tier_word(r.verified_tier_id)} / {tier_word(r.claimed_tier_id)}",
                       readiness=f"{readiness(r.readiness_verified)} / {readiness(r.readiness)}",
                       gating=_("%(gating)d of %(gaps)d to %(tier)s", gating=r.gating_gaps, gaps=r.gaps,
                                tier=r.next_tier) if r.next_tier else _("top tier"),
                       commitments=commitments_at(r), parity=parity_text(r),
                       fresh=_("%(share)s of %(num)d", share=percent(r.fresh_share), num=r.assessed))


def _page(c: Comparison, r: PartnerRow) -> PartnerPage:
    names = {d: name for d, name, _p in c.domains}
    more = r.gating_gaps - len(r.top_gating)
    return PartnerPage(
        rank=r.rank, heading=f"{r.rank}. {r.name}",
        facts=(_("As of %(date)s · %(file)s · pins %(ref)s", date=date(r.as_of), file=r.file, ref=r.pinned)
               if r.pinned == c.catalog else
               _("As of %(date)s · %(file)s · pins %(ref)s, re-scored against %(catalog)s", date=date(r.as_of),
                 file=r.file, ref=r.pinned, catalog=c.catalog)),
        headline=_headline(r),
        domains=tuple(DomainRow(name=names[d.id], claimed=tier_word(d.claimed), verified=tier_word(d.verified),
                                readiness=readiness(d.readiness), readiness_verified=readiness(d.readiness_verified))
                      for d in r.domains),
        gaps_heading=_gaps_heading(r.next_tier, more) if r.top_gating else "",
        gaps=tuple(_gap(r, g.id, names) for g in r.top_gating),
        reciprocity=_("The host's commitments below T1: %(commitments)s. The partner's contribution: parity "
                      "%(parity)s.", commitments=commitments_text(r), parity=parity_text(r))
        if r.reciprocity_tier == NO_TIER else
        _("The host's commitments at %(tier)s: %(commitments)s. The partner's contribution: parity %(parity)s.",
          tier=r.reciprocity_tier, commitments=commitments_text(r), parity=parity_text(r)),
        evidence=_("Fresh evidence (dated on or before the as-of date, within each criterion's maximum age) for "
                   "%(fresh)d of %(assessed)s (%(share)s).", fresh=r.fresh, share=percent(r.fresh_share),
                   assessed=count(r.assessed, "%(num)d assessed criterion", "%(num)d assessed criteria")),
        scopes=_("A roll-up of %(scopes)s: %(list)s.", scopes=count(len(r.scopes), "%(num)d scope", "%(num)d scopes"),
                 list=listing(r.scopes)) if r.scopes else "",
        dropped=(_("Re-scoring dropped the findings of %(ids)s (not in %(ref)s).", ids=listing(r.dropped),
                   ref=c.catalog) if r.dropped else ""))


def _headline(r: PartnerRow) -> str:
    said = _("Tier %(verified)s verified, %(claimed)s claimed; readiness %(readiness_verified)s verified, "
             "%(readiness)s claimed.", verified=tier_word(r.verified_tier_id), claimed=tier_word(r.claimed_tier_id),
             readiness_verified=readiness(r.readiness_verified), readiness=readiness(r.readiness))
    if not r.next_tier:
        return _("%(said)s The top tier is reached.", said=said)
    return _("%(said)s %(gaps)s to %(tier)s, %(gating)d of them gating.", said=said, tier=r.next_tier,
             gaps=count(r.gaps, "%(num)d gap", "%(num)d gaps"), gating=r.gating_gaps)


def _gaps_heading(tier: str | None, more: int) -> str:
    if more > 0:
        return _("First gating gaps to %(tier)s (and %(more)d more)", tier=tier, more=more)
    return _("First gating gaps to %(tier)s", tier=tier)


def _gap(r: PartnerRow, gid: str, names: dict[str, str]) -> str:
    g = next(x for x in r.top_gating if x.id == gid)
    said = _("%(id)s %(title)s (%(domain)s): %(now)s → %(target)s", id=g.id, title=g.title,
             domain=names.get(g.domain, g.domain), now=g.now, target=g.target)
    if not g.held_back_by:
        return said
    return _("%(gap)s; held back by %(scopes)s", gap=said, scopes=worst_first(g.held_back_by, len(r.scopes)))


def _chart(c: Comparison) -> Chart:
    from roadmap.report import charts

    labels = [f"{r.rank}. {r.name} ({tier_word(r.verified_tier_id)} / {tier_word(r.claimed_tier_id)})"
              for r in c.partners]
    return Chart(
        title=_("Readiness per partner, claimed and verified; in brackets the tier reached, verified / claimed"),
        alt=_("Readiness per partner: %(values)s", values=_("; ").join(
            _("%(rank)d. %(name)s: %(readiness)s claimed, %(readiness_verified)s verified, tier %(claimed)s claimed, "
              "%(verified)s verified", rank=r.rank, name=r.name, readiness=readiness(r.readiness),
              readiness_verified=readiness(r.readiness_verified), claimed=tier_word(r.claimed_tier_id),
              verified=tier_word(r.verified_tier_id)) for r in c.partners)),
        data_uri=charts.readiness_chart(labels, [(words("claimed"), [r.readiness for r in c.partners]),
                                                 (words("verified"), [r.readiness_verified for r in c.partners])]))


def build_compare_context(c: Comparison, *, tool_version: str, catalog: Catalog | None = None) -> CompareReportContext:
    """The comparison report of `c`; with `catalog` (the version compared against, as read), the page
    banner carries the marking's equivalent in the report's language, as every report's does. Pure."""
    markings = [(r.as_of.isoformat(), r.marking) for r in c.partners]
    marking = combined_marking(markings)
    newest = max(r.as_of for r in c.partners).isoformat()
    title = _("Partners compared: readiness for sharing with %(host)s", host=c.host)
    partners = count(len(c.partners), "%(num)d partner", "%(num)d partners")
    overview = Overview(
        title=title, kicker=f"{partners} · {c.catalog}", marking=marking,
        markings_differ=len({m for _, m in markings}) > 1,
        illustrative=any(r.illustrative for r in c.partners), rescore_note=c.rescore_note or "",
        sentence=_("%(partners)s assessed for sharing with %(host)s, each scored against %(ref)s at its own as-of "
                   "date, in rank order. Tiers and readiness read verified / claimed.", partners=partners, host=c.host,
                   ref=c.catalog),
        rule=c.rule, rows=tuple(_overview_row(r) for r in c.partners))
    inputs = tuple(InputRow(file=r.file, sha256=r.sha256, pinned=r.pinned, as_of=date(r.as_of), marking=r.marking)
                   for r in c.partners)
    return CompareReportContext(
        lang=current().code, title=title, marking=marking,
        banner=banner(marking, catalog) if catalog is not None else marking, as_of=newest,
        keywords=(c.host, c.catalog, *(r.name for r in c.partners)),
        sections=("overview", "partners", "provenance"), charts=(_chart(c),), overview=overview,
        partners=tuple(_page(c, r) for r in c.partners),
        provenance=CompareProvenance(tool=f"roadmap {tool_version}", catalog=c.catalog, inputs=inputs,
                                     rescore_note=c.rescore_note or ""))


__all__ = ["CompareReportContext", "build_compare_context"]
