"""The report's front matter: the cover and the assessors' notes; the tier references every section
uses, the charts of the results (drawn only when they say something) and the tier ladder."""

from __future__ import annotations

from roadmap.engine.scoring import Score
from roadmap.models.assessment import Assessment
from roadmap.models.base import NO_TIER
from roadmap.models.catalog import Catalog
from roadmap.report.base import Chart, Part, readiness
from roadmap.report.readers import Withholding, shown_notes
from roadmap.words import count

#: The most characters of notes the cover holds under its facts (measured on A4 with a 3-line title).
NOTES_ON_COVER = 1500

#: A tier of none, in words.
NO_TIER_YET = "no tier yet"

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
    #: Short notes fit on the cover; longer ones get a section of their own after the brief.
    notes_on_cover: bool
    #: "1 paragraph of the notes withheld from this version." ("" when none is).
    notes_withheld: str = ""
    #: Who this version is for and what it withholds ("" for a full report with no marked parts).
    version: str = ""


class TierRef(Part):
    id: str  # "T2", or "none" below the first tier
    name: str
    level: int  # 0 for none
    reached: bool


class Rung(Part):
    id: str
    name: str
    level: int
    description: str
    unlocks: str
    reached: bool
    verified: bool
    is_next: bool
    #: Where the partner is on this rung, in words: "reached, verified", "reached (claimed), not verified",
    #: "next tier", "not reached".
    state: str


class Ladder(Part):
    #: Top tier first, as the ladder is drawn.
    rungs: tuple[Rung, ...]
    #: Whether any tier is reached (claimed).
    reached: bool


def build_cover(a: Assessment, catalog: Catalog, title: str, as_of: str, w: Withholding) -> Cover:
    """The cover, marked with the banner of what this version holds (`readers.withholding`); each
    paragraph of the notes that says who may receive it starts with its portion mark."""
    paragraphs = tuple(" ".join(x for x in (w.mark(n.release), n.text) if x) for n in shown_notes(w))
    notes = "\n\n".join(paragraphs)
    withheld = (f"{count(w.notes_withheld, 'paragraph of the notes', 'paragraphs of the notes')} withheld from "
                "this version." if w.notes_withheld else "")
    return Cover(title=title, partner=a.partner, host=a.host, as_of=as_of, catalog_ref=catalog.ref,
                 catalog_title=catalog.meta.title, assessors=a.assessors, marking=w.banner,
                 illustrative=a.illustrative, notes=notes, notes_paragraphs=paragraphs,
                 notes_on_cover=bool(notes or withheld) and len(notes) <= NOTES_ON_COVER, notes_withheld=withheld,
                 version=_version(w))


def _version(w: Withholding) -> str:
    """Who this version is for and what it leaves out, in a sentence ("" for the full report)."""
    if w.reader is None:
        return ("Portion marks show who may receive each part that carries one; the marking at the top and "
                "bottom of every page is the highest of what this report holds.") if w.a.marked else ""
    left = w.summary() or "nothing withheld"
    return (f"The version releasable to {w.reader.label}: {left}. Each place says what was withheld; the scores "
            "are those of the full assessment.")


def build_notes(cover: Cover) -> tuple[str, ...] | None:
    """The notes section: the notes that do not fit on the cover, else None (no section)."""
    if not cover.notes or cover.notes_on_cover:
        return None
    return cover.notes_paragraphs + ((cover.notes_withheld,) if cover.notes_withheld else ())


def tier_ref(catalog: Catalog, level: int) -> TierRef:
    if level == 0:
        return TierRef(id=NO_TIER, name=NO_TIER_YET, level=0, reached=False)
    t = catalog.meta.tiers[level - 1]
    return TierRef(id=t.id, name=t.name, level=level, reached=True)


def next_tier(catalog: Catalog, result: Score) -> TierRef | None:
    return tier_ref(catalog, catalog.tier_ids.index(result.next_tier) + 1) if result.next_tier else None


def build_charts(catalog: Catalog, result: Score) -> tuple[tuple[Chart, ...], tuple[str, ...]]:
    """The charts that say something, and a sentence for each that would not: a chart whose bars
    are all equal (every domain at one tier in every view, or every readiness alike) says no more
    than a sentence does."""
    from roadmap.report import charts

    c, v, s = result.claimed, result.verified, result.strict
    names = [d.name for d in c.domains]
    drawn: list[Chart] = []
    said: list[str] = []
    ready = [(d.readiness, dv.readiness) for d, dv in zip(c.domains, v.domains, strict=True)]
    if len({x for pair in ready for x in pair}) > 1:
        drawn.append(Chart(
            title=f"Readiness by domain (weighted progress toward the {catalog.tier_ids[-1]} targets)",
            alt="Readiness by domain, claimed and verified: " + "; ".join(
                f"{d.name} {readiness(d.readiness)} claimed, {readiness(dv.readiness)} verified"
                for d, dv in zip(c.domains, v.domains, strict=True)),
            data_uri=charts.readiness_chart(names, [("claimed", [d.readiness for d in c.domains]),
                                                    ("verified", [d.readiness for d in v.domains])])))
    elif ready:
        said.append(f"Every domain's readiness is {readiness(ready[0][0])}, claimed and verified.")
    tiers = {d.tier for view in (c, v, s) for d in view.domains}
    if len(tiers) > 1:
        drawn.append(Chart(
            title="Tier reached by domain",
            alt="Tier reached by domain, claimed, verified and strict: " + "; ".join(
                f"{dc.name} {dc.tier_id}, {dv.tier_id}, {ds.tier_id}"
                for dc, dv, ds in zip(c.domains, v.domains, s.domains, strict=True)),
            data_uri=charts.tier_chart(names, catalog.tier_ids,
                                       [("claimed", [d.tier for d in c.domains]),
                                        ("verified", [d.tier for d in v.domains]),
                                        ("strict", [d.tier for d in s.domains])])))
    elif tiers:
        tier = catalog.tier_name(tiers.pop())
        said.append("No domain reaches a tier in any view (claimed, verified or strict)." if tier == NO_TIER else
                    f"Every domain is at {tier} in every view (claimed, verified and strict).")
    return tuple(drawn), tuple(said)


def build_ladder(catalog: Catalog, result: Score) -> Ladder:
    c, v = result.claimed, result.verified
    def state(i: int, is_next: bool) -> str:
        if i <= c.overall_tier:
            return "reached, verified" if i <= v.overall_tier else "reached (claimed), not verified"
        return "next tier" if is_next else "not reached"

    rungs = tuple(Rung(id=t.id, name=t.name, level=i, description=t.description, unlocks=t.unlocks,
                       reached=i <= c.overall_tier, verified=i <= v.overall_tier, is_next=t.id == result.next_tier,
                       state=state(i, t.id == result.next_tier))
                  for i, t in enumerate(catalog.meta.tiers, start=1))
    return Ladder(rungs=rungs[::-1], reached=c.overall_tier > 0)
