"""The report's front matter: the cover, the assessors' notes, the executive summary with its charts,
and the tier ladder."""

from __future__ import annotations

from roadmap.engine.scoring import Score
from roadmap.models.assessment import Assessment
from roadmap.models.base import NO_TIER, Status
from roadmap.models.catalog import Catalog
from roadmap.report.base import Chart, Part, noun, readiness

#: The most characters of notes the cover holds under its facts (measured on A4 with a 3-line title).
NOTES_ON_COVER = 1500

#: A tier of none, in words.
NO_TIER_YET = "no tier yet"

#: How the views differ, in one sentence (the engine's rule of three views: scoring.RULES); the
#: summary says it when they differ.
VIEWS_DIFFER = ("Verified counts only what fresh evidence supports; strict counts not-applicable criteria as "
                "unmet.")


class Cover(Part):
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
    notes_paragraphs: tuple[str, ...]
    #: Short notes fit on the cover; longer ones get a section of their own after the summary.
    notes_on_cover: bool


class TierRef(Part):
    id: str  # "T2", or "none" below the first tier
    name: str
    level: int  # 0 for none
    reached: bool


class Summary(Part):
    claimed: TierRef
    verified: TierRef
    strict: TierRef
    next_tier: TierRef | None
    next_unlocks: str | None
    gaps: int
    gaps_noun: str  # "gap", "gaps"
    gating_gaps: int
    readiness_claimed: str
    readiness_verified: str
    criteria: int
    assessed: int
    not_assessed: int
    left_out: int
    weakest: tuple[str, ...]
    domains: int  # how many domains the catalog has
    #: What sets the overall tier, in words: every domain, or the weakest ones ("" without domains).
    overall_note: str
    #: VIEWS_DIFFER when the views' tiers differ, else "".
    views_note: str
    #: Decisions that change a tier, each with its effect, in words (docs/scoring.md).
    decisions: tuple[str, ...] = ()
    #: What the host owes: gaps whose targets need its action, in words.
    host_actions: tuple[str, ...] = ()


class Rung(Part):
    id: str
    name: str
    level: int
    description: str
    unlocks: str
    reached: bool
    verified: bool
    is_next: bool


class Ladder(Part):
    #: Top tier first, as the ladder is drawn.
    rungs: tuple[Rung, ...]
    #: Whether any tier is reached (claimed).
    reached: bool


def _paragraphs(text: str) -> tuple[str, ...]:
    parts = text.split("\n\n") if "\n\n" in text else text.split("\n")
    return tuple(p.strip() for p in parts if p.strip())


def build_cover(a: Assessment, catalog: Catalog, title: str, as_of: str) -> Cover:
    notes = a.notes.strip()
    return Cover(title=title, partner=a.partner, host=a.host, as_of=as_of, catalog_ref=catalog.ref,
                 catalog_title=catalog.meta.title, assessors=a.assessors, marking=a.marking,
                 illustrative=a.illustrative, notes=notes, notes_paragraphs=_paragraphs(notes),
                 notes_on_cover=bool(notes) and len(notes) <= NOTES_ON_COVER)


def build_notes(cover: Cover) -> tuple[str, ...] | None:
    """The notes section: the notes that do not fit on the cover, else None (no section)."""
    return cover.notes_paragraphs if cover.notes and not cover.notes_on_cover else None


def tier_ref(catalog: Catalog, level: int) -> TierRef:
    if level == 0:
        return TierRef(id=NO_TIER, name=NO_TIER_YET, level=0, reached=False)
    t = catalog.meta.tiers[level - 1]
    return TierRef(id=t.id, name=t.name, level=level, reached=True)


def next_tier(catalog: Catalog, result: Score) -> TierRef | None:
    return tier_ref(catalog, catalog.tier_ids.index(result.next_tier) + 1) if result.next_tier else None


def build_summary(catalog: Catalog, result: Score) -> Summary:
    c, v, s = result.claimed, result.verified, result.strict
    upcoming = next_tier(catalog, result)
    weakest = tuple(d.name for d in c.domains if d.tier == c.overall_tier)
    return Summary(
        claimed=tier_ref(catalog, c.overall_tier), verified=tier_ref(catalog, v.overall_tier),
        strict=tier_ref(catalog, s.overall_tier), next_tier=upcoming,
        next_unlocks=catalog.meta.tiers[upcoming.level - 1].unlocks if upcoming else None,
        gaps=len(result.gaps), gaps_noun=noun(len(result.gaps), "gap", "gaps"),
        gating_gaps=sum(1 for g in result.gaps if g.gating),
        # one decimal, as in the diff and the trend, so that a reader comparing rounds sees the same figure
        readiness_claimed=readiness(c.readiness), readiness_verified=readiness(v.readiness),
        criteria=len(result.criteria), assessed=sum(1 for x in result.criteria if x.status == Status.ASSESSED),
        not_assessed=len(result.not_assessed), left_out=sum(1 for x in result.criteria if not x.applicable),
        weakest=weakest, domains=len(c.domains),
        overall_note=_overall_note(weakest, len(c.domains), c.overall_tier_id),
        views_note=VIEWS_DIFFER if len({c.overall_tier, v.overall_tier, s.overall_tier}) > 1 else "",
        decisions=tuple(d.text for d in result.decisions), host_actions=tuple(a.text for a in result.host_actions))


def _overall_note(weakest: tuple[str, ...], domains: int, tier: str) -> str:
    """What sets the overall tier (the catalog's overall rule: the minimum of the domain tiers)."""
    if len(weakest) == domains > 1:
        return f"Every domain is at the overall tier, {tier}."
    if weakest:
        which = noun(len(weakest), "weakest domain", "weakest domains")
        return f"The overall tier is set by the {which}: {'; '.join(weakest)}."
    return ""


def build_charts(catalog: Catalog, result: Score) -> tuple[Chart, ...]:
    from roadmap.report import charts

    c, v, s = result.claimed, result.verified, result.strict
    names = [d.name for d in c.domains]
    return (
        Chart(title="Readiness by domain",
              alt="Readiness by domain, claimed and verified: " + "; ".join(
                  f"{d.name} {readiness(d.readiness)} claimed, {readiness(dv.readiness)} verified"
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


def build_ladder(catalog: Catalog, result: Score) -> Ladder:
    c, v = result.claimed, result.verified
    rungs = tuple(Rung(id=t.id, name=t.name, level=i, description=t.description, unlocks=t.unlocks,
                       reached=i <= c.overall_tier, verified=i <= v.overall_tier, is_next=t.id == result.next_tier)
                  for i, t in enumerate(catalog.meta.tiers, start=1))
    return Ladder(rungs=rungs[::-1], reached=c.overall_tier > 0)
