"""The comparison report's typed context (`roadmap compare --format pdf|html`, main template
`compare.html.j2`): an overview page (the partners in rank order, a chart of their readiness with
their tiers, a table of every figure), then one short page per partner, then the inputs. Built here
in Python (words, ordering), pure, rendered by `roadmap.report.render`."""

from __future__ import annotations

from typing import ClassVar

from roadmap.engine.compare import Comparison, PartnerRow, commitments_text, parity_text
from roadmap.report.base import Chart, DocumentContext, Part, readiness
from roadmap.report.changes import combined_marking
from roadmap.words import count, worst_first


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
    return OverviewRow(rank=r.rank, name=r.name, as_of=r.as_of.isoformat(),
                       tiers=f"{r.verified_tier_id} / {r.claimed_tier_id}",
                       readiness=f"{readiness(r.readiness_verified)} / {readiness(r.readiness)}",
                       gating=f"{r.gating_gaps} of {r.gaps} to {r.next_tier}" if r.next_tier else "top tier",
                       commitments=f"{commitments_text(r)} at {r.reciprocity_tier}", parity=parity_text(r),
                       fresh=f"{r.fresh_share:.0f}% of {r.assessed}")


def _page(c: Comparison, r: PartnerRow) -> PartnerPage:
    names = {d: name for d, name, _ in c.domains}
    gaps = tuple(f"{g.id} {g.title} ({names.get(g.domain, g.domain)}): {g.now} → {g.target}"
                 + (f"; held back by {worst_first(g.held_back_by, len(r.scopes))}" if g.held_back_by else "")
                 for g in r.top_gating)
    more = r.gating_gaps - len(r.top_gating)
    return PartnerPage(
        rank=r.rank, heading=f"{r.rank}. {r.name}",
        facts=f"As of {r.as_of.isoformat()} · {r.file} · pins {r.pinned}" + ("" if r.pinned == c.catalog
                                                                            else f", re-scored against {c.catalog}"),
        headline=(f"Tier {r.verified_tier_id} verified, {r.claimed_tier_id} claimed; readiness "
                  f"{readiness(r.readiness_verified)} verified, {readiness(r.readiness)} claimed. "
                  + (f"{count(r.gaps, 'gap')} to {r.next_tier}, {r.gating_gaps} of them gating."
                     if r.next_tier else "The top tier is reached.")),
        domains=tuple(DomainRow(name=names[d.id], claimed=d.claimed, verified=d.verified,
                                readiness=readiness(d.readiness), readiness_verified=readiness(d.readiness_verified))
                      for d in r.domains),
        gaps_heading=(f"First gating gaps to {r.next_tier}" + (f" (and {more} more)" if more > 0 else "")
                      if gaps else ""),
        gaps=gaps,
        reciprocity=(f"The host's commitments at {r.reciprocity_tier}: {commitments_text(r)}. The partner's "
                     f"contribution: parity {parity_text(r)}."),
        evidence=(f"Fresh evidence (dated on or before the as-of date, within each criterion's maximum age) for "
                  f"{r.fresh} of {count(r.assessed, 'assessed criterion', 'assessed criteria')} "
                  f"({r.fresh_share:.0f}%)."),
        scopes=f"A roll-up of {count(len(r.scopes), 'scope')}: {', '.join(r.scopes)}." if r.scopes else "",
        dropped=(f"Re-scoring dropped the findings of {', '.join(r.dropped)} (not in {c.catalog})."
                 if r.dropped else ""))


def _chart(c: Comparison) -> Chart:
    from roadmap.report import charts

    labels = [f"{r.rank}. {r.name} ({r.verified_tier_id} / {r.claimed_tier_id})" for r in c.partners]
    return Chart(
        title="Readiness per partner, claimed and verified; in brackets the tier reached, verified / claimed",
        alt="Readiness per partner: " + "; ".join(
            f"{r.rank}. {r.name}: {readiness(r.readiness)} claimed, {readiness(r.readiness_verified)} verified, "
            f"tier {r.claimed_tier_id} claimed, {r.verified_tier_id} verified" for r in c.partners),
        data_uri=charts.readiness_chart(labels, [("claimed", [r.readiness for r in c.partners]),
                                                 ("verified", [r.readiness_verified for r in c.partners])]))


def build_compare_context(c: Comparison, *, tool_version: str) -> CompareReportContext:
    """The comparison report of `c`. Pure."""
    markings = [(r.as_of.isoformat(), r.marking) for r in c.partners]
    marking = combined_marking(markings)
    newest = max(r.as_of for r in c.partners).isoformat()
    title = f"Partners compared: readiness for sharing with {c.host}"
    overview = Overview(
        title=title, kicker=f"{count(len(c.partners), 'partner')} · {c.catalog}", marking=marking,
        markings_differ=len({m for _, m in markings}) > 1,
        illustrative=any(r.illustrative for r in c.partners), rescore_note=c.rescore_note or "",
        sentence=(f"{count(len(c.partners), 'partner')} assessed for sharing with {c.host}, each scored against "
                  f"{c.catalog} at its own as-of date, in rank order. Tiers and readiness read verified / claimed."),
        rule=c.rule, rows=tuple(_overview_row(r) for r in c.partners))
    inputs = tuple(InputRow(file=r.file, sha256=r.sha256, pinned=r.pinned, as_of=r.as_of.isoformat(), marking=r.marking)
                   for r in c.partners)
    return CompareReportContext(
        lang="en", title=title, marking=marking, as_of=newest,
        keywords=(c.host, c.catalog, *(r.name for r in c.partners)),
        sections=("overview", "partners", "provenance"), charts=(_chart(c),), overview=overview,
        partners=tuple(_page(c, r) for r in c.partners),
        provenance=CompareProvenance(tool=f"roadmap {tool_version}", catalog=c.catalog, inputs=inputs,
                                     rescore_note=c.rescore_note or ""))


__all__ = ["CompareReportContext", "build_compare_context"]
