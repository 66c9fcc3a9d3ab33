"""The report's front matter: the cover and the assessors' notes; the tier references every section
uses, the charts of the results (drawn only when they say something) and the tier ladder."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roadmap.engine.scoring import Score
from roadmap.i18n import N_, _, ngettext
from roadmap.models.assessment import Assessment
from roadmap.models.base import NO_TIER
from roadmap.models.catalog import Catalog
from roadmap.report.base import Chart, Part, readiness
from roadmap.report.readers import Withholding, shown_notes
from roadmap.words import tier_word, words

if TYPE_CHECKING:
    from roadmap.load.assessments import LoadedAssessment

#: The most characters of notes the cover holds under its facts (measured on A4 with a 3-line title).
NOTES_ON_COVER = 1500

#: A tier of none, in words (in the current language: `_(NO_TIER_YET)`).
NO_TIER_YET = N_("no tier yet")

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
    #: What this copy leaves out by the user's choice ("": nothing; `--no-evidence-annex`).
    left_out: str = ""
    #: What a reader must know before relying on the figures, on the cover and atop the brief
    #: (`integrity_warnings`): the file edited after it was signed, the catalog release not in force.
    warnings: tuple[str, ...] = ()


class TierRef(Part):
    id: str  # "T2", or "none" below the first tier (in the reader's language: `tier_word`)
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


def build_cover(a: Assessment, catalog: Catalog, title: str, as_of: str, w: Withholding,
                evidence_annex: bool = True, warnings: tuple[str, ...] = ()) -> Cover:
    """The cover, marked with the banner of what this version holds (`readers.withholding`); each
    paragraph of the notes that says who may receive it starts with its portion mark."""
    paragraphs = tuple(" ".join(x for x in (w.mark(n.release), n.text) if x) for n in shown_notes(w))
    notes = "\n\n".join(paragraphs)
    withheld = ngettext("%(num)d paragraph of the notes withheld from this version.",
                        "%(num)d paragraphs of the notes withheld from this version.",
                        w.notes_withheld) if w.notes_withheld else ""
    return Cover(title=title, partner=a.partner, host=a.host, as_of=as_of, catalog_ref=catalog.ref,
                 catalog_title=catalog.meta.title, assessors=a.assessors, marking=w.banner,
                 illustrative=a.illustrative, notes=notes, notes_paragraphs=paragraphs,
                 notes_on_cover=bool(notes or withheld) and len(notes) <= NOTES_ON_COVER, notes_withheld=withheld,
                 version=_version(w), warnings=warnings, left_out="" if evidence_annex else _(
                     "This copy leaves out the evidence annex (roadmap report --no-evidence-annex): each "
                     "finding's evidence, its dates, verification and file hashes are in the full report. The "
                     "scores and verified tiers are those of the full assessment."))


def integrity_warnings(la: LoadedAssessment) -> tuple[str, ...]:
    """What a reader must know before relying on the figures, said where a leader reads first: that
    the assessment was edited after it was signed (the figures are not the signed ones), and that
    the catalog release it is scored against is not in force (`--allow-unsigned`)."""
    out = []
    edited = [s.role for s in la.signatures if s.edited]
    if edited:
        out.append(_("Edited after it was signed: the assessor's signature no longer matches this file, so these "
                     "figures are not the signed ones. Have it signed again (roadmap sign).") if edited == ["assessor"]
                   else _("Edited after it was signed: the reviewer's signature no longer matches this file, so these "
                          "figures are not the reviewed ones. Have it signed again (roadmap sign --as reviewer).")
                   if edited == ["reviewer"] else
                   _("Edited after it was signed: the assessor's and reviewer's signatures no longer match this file, "
                     "so these figures are not the signed ones. Have it signed again (roadmap sign)."))
    if la.release is not None and not la.release.in_force:
        out.append(_("Scored against a catalog release that is not in force: not every signatory's signature "
                     "verifies, and this report was made with --allow-unsigned."))
    return tuple(out)


def _version(w: Withholding) -> str:
    """Who this version is for and what it leaves out, in a sentence ("" for the full report)."""
    if w.reader is None:
        return _("Portion marks show who may receive each part that carries one; the marking at the top and "
                 "bottom of every page is the highest of what this report holds.") if w.a.marked else ""
    left = w.summary()
    if not left:  # nothing to point at: "each place says what was withheld" would send the reader looking
        return _("The version releasable to %(reader)s: nothing withheld; the scores are those of the full "
                 "assessment.", reader=w.reader.label)
    return _("The version releasable to %(reader)s: %(withheld)s. Each place says what was withheld; the scores "
             "are those of the full assessment.", reader=w.reader.label, withheld=left)


def build_notes(cover: Cover) -> tuple[str, ...] | None:
    """The notes section: the notes that do not fit on the cover, else None (no section)."""
    if not cover.notes or cover.notes_on_cover:
        return None
    return cover.notes_paragraphs + ((cover.notes_withheld,) if cover.notes_withheld else ())


def tier_ref(catalog: Catalog, level: int) -> TierRef:
    if level == 0:
        return TierRef(id=tier_word(NO_TIER), name=_(NO_TIER_YET), level=0, reached=False)
    t = catalog.meta.tiers[level - 1]
    return TierRef(id=t.id, name=t.name, level=level, reached=True)


def next_tier(catalog: Catalog, result: Score) -> TierRef | None:
    return tier_ref(catalog, catalog.tier_level(result.next_tier)) if result.next_tier else None


def _domain_readiness(name: str, claimed: float, verified: float) -> str:
    """A domain's readiness, as a chart's text alternative says it."""
    return _("%(domain)s %(claimed)s claimed, %(verified)s verified", domain=name, claimed=readiness(claimed),
             verified=readiness(verified))


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
            title=_("Readiness by domain (weighted progress toward the %(tier)s targets)", tier=catalog.tier_ids[-1]),
            alt=_("Readiness by domain, claimed and verified: %(values)s", values="; ".join(
                _domain_readiness(d.name, d.readiness, dv.readiness)
                for d, dv in zip(c.domains, v.domains, strict=True))),
            data_uri=charts.readiness_chart(names, [(words("claimed"), [d.readiness for d in c.domains]),
                                                    (words("verified"), [d.readiness for d in v.domains])])))
    elif ready:
        said.append(_("Every domain's readiness is %(readiness)s, claimed and verified.",
                      readiness=readiness(ready[0][0])))
    tiers = {d.tier for view in (c, v, s) for d in view.domains}
    if len(tiers) > 1:
        drawn.append(Chart(
            title=_("Tier reached by domain"),
            alt=_("Tier reached by domain, claimed, verified and strict: %(values)s", values="; ".join(
                f"{dc.name} {tier_word(dc.tier_id)}, {tier_word(dv.tier_id)}, {tier_word(ds.tier_id)}"
                for dc, dv, ds in zip(c.domains, v.domains, s.domains, strict=True))),
            data_uri=charts.tier_chart(names, catalog.tier_ids,
                                       [(words("claimed"), [d.tier for d in c.domains]),
                                        (words("verified"), [d.tier for d in v.domains]),
                                        (words("strict"), [d.tier for d in s.domains])])))
    elif tiers:
        tier = catalog.tier_name(tiers.pop())
        said.append(_("No domain reaches a tier in any view (claimed, verified or strict).") if tier == NO_TIER else
                    _("Every domain is at %(tier)s in every view (claimed, verified and strict).", tier=tier))
    return tuple(drawn), tuple(said)


def build_ladder(catalog: Catalog, result: Score) -> Ladder:
    c, v = result.claimed, result.verified
    def state(i: int, is_next: bool) -> str:
        if i <= c.overall_tier:
            return _("reached, verified") if i <= v.overall_tier else _("reached (claimed), not verified")
        return _("next tier") if is_next else _("not reached")

    rungs = tuple(Rung(id=t.id, name=t.name, level=i, description=t.description, unlocks=t.unlocks,
                       reached=i <= c.overall_tier, verified=i <= v.overall_tier, is_next=t.id == result.next_tier,
                       state=state(i, t.id == result.next_tier))
                  for i, t in enumerate(catalog.meta.tiers, start=1))
    return Ladder(rungs=rungs[::-1], reached=c.overall_tier > 0)
