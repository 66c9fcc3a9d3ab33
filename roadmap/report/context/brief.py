"""The brief: the report's first page after the cover. Its content is the engine's brief
(`roadmap.engine.brief`, which `roadmap score` prints in the same order); this lays it out in parts,
with the tiers as badges and the figures as the report writes them."""

from __future__ import annotations

import datetime as dt

from roadmap.engine.brief import Brief, regressions_sentence
from roadmap.i18n import _, date, ngettext
from roadmap.models.catalog import Catalog
from roadmap.report.base import Part, domain_name, readiness
from roadmap.report.context.front import TierRef, tier_ref
from roadmap.report.readers import Withholding, decision_words, host_action_words, withheld
from roadmap.words import clip, display_width, listing, tier_word, words

#: A remediation on one line of the brief: its first sentence, cut at a word to this many characters
#: (one line of the page at the brief's type size; the Gaps section gives it whole).
ONE_LINE = 120


class BriefGapRow(Part):
    id: str
    title: str
    now: str
    target: str
    #: The first sentence of its remediation, on one line (`ONE_LINE`).
    remediation: str


class BriefSection(Part):
    partner: str
    host: str
    claimed: TierRef
    verified: TierRef
    strict: TierRef
    #: Where the partner stands: a heading ("Why verified is none, not T1: 1 criterion" when the views
    #: differ), then why, one sentence per criterion; else a sentence.
    standing_title: str
    standing: str
    reasons: tuple[str, ...]
    readiness_claimed: str
    readiness_verified: str
    #: What readiness measures: "weighted progress toward the T4 targets".
    readiness_means: str
    next_tier: TierRef | None
    next_unlocks: str | None
    gaps_text: str
    #: The gaps in a few words, for the headline: "51 gaps, 15 gating".
    gaps_short: str
    gating: tuple[BriefGapRow, ...]
    #: The gating gaps the page has no room for, named: "and 3 more gating gaps: PER-01, CYB-05, COM-01
    #: (Gaps lists them, with what to do)"; "" when every one is listed.
    more_gating: str
    host_text: str
    #: Broken host commitments, partner shortfalls, what the claimed tier would commit, host actions.
    host_items: tuple[str, ...]
    decisions: tuple[str, ...]
    since_title: str
    since: tuple[str, ...]
    actions_text: str
    actions: tuple[str, ...]
    #: When material is withheld from this reader: that the scores are the full assessment's.
    withheld_note: str = ""


#: What one page of the brief holds, in lines of its text (8 pt on A4 between the margins), and the
#: characters of a line: a rough measure, calibrated on the fullest example (japan-2025 with
#: --previous, 15 gating gaps, which fills the page), so that the brief stays on one page.
PAGE_LINES = 71
LINE_CHARS = 118
#: The headline boxes and the title take this many lines; a heading two; a gap's row two.
_HEAD_LINES, _H2_LINES, _GAP_LINES = 12, 2, 2


def _lines(texts: tuple[str, ...] | list[str]) -> int:
    """The lines `texts` take, by their width on the page (a kanji takes two Latin letters' room)."""
    return sum(-(-display_width(t) // LINE_CHARS) for t in texts)


def _rows_that_fit(b: Brief, items: tuple[str, ...], note: str = "") -> int:
    """How many gating gaps fit on the page beside everything else the brief says (`note`: the line
    saying what a reader's version withholds)."""
    h = b.host_due
    used = _lines([note]) + (1 if note else 0) + _HEAD_LINES + 1  # and the table's header
    used += _H2_LINES * (4 + bool(b.decisions) + bool(b.since))
    used += _lines(b.standing.reasons or (b.standing.text,)) + _lines([b.gaps_text + " unlocks: " + "x" * 120])
    used += _lines([h.text, *items]) + _lines([d.text for d in b.decisions]) + 1 + _lines(b.since)
    used += 1 + _lines([a.text for a in b.actions])
    return max(3, (PAGE_LINES - used) // _GAP_LINES)


def _gaps_short(b: Brief) -> str:
    if b.next_tier is None:
        return _("no gaps remain")
    return ngettext("%(num)d gap, %(gating)s gating", "%(num)d gaps, %(gating)s gating", len(b.gating) + b.others,
                    gating=len(b.gating))


def build_brief_section(catalog: Catalog, b: Brief, w: Withholding,
                        w_old: Withholding | None = None) -> BriefSection:
    """The brief laid out; in a reader's version, each withheld finding's value, decision and host
    action left out (the tiers and counts stay: they are the full assessment's)."""
    s, h = b.standing, b.host_due
    owed = tuple(host_action_words(x, w) for x in h.actions)
    host_items = (*h.broken, *h.short, *([h.pending] if h.pending else []), *owed,
                  *([h.capabilities] if h.capabilities else []))
    note = _withheld_note(w)
    fit = _rows_that_fit(b, host_items, note)
    rest = b.gating[fit:] if len(b.gating) > fit else ()
    upcoming = tier_ref(catalog, catalog.tier_level(b.next_tier)) if b.next_tier else None
    return BriefSection(
        partner=b.partner, host=b.host, claimed=tier_ref(catalog, catalog.tier_level(s.claimed)),
        verified=tier_ref(catalog, catalog.tier_level(s.verified)),
        strict=tier_ref(catalog, catalog.tier_level(s.strict)),
        standing_title=(ngettext("Why verified is %(verified)s, not %(claimed)s: %(num)d criterion",
                                 "Why verified is %(verified)s, not %(claimed)s: %(num)d criteria", len(s.reasons),
                                 verified=tier_word(s.verified), claimed=tier_word(s.claimed)) if s.reasons
                        else _("Where %(partner)s stands", partner=b.partner)),
        standing=s.text, reasons=s.reasons, readiness_claimed=readiness(s.readiness_claimed),
        readiness_verified=readiness(s.readiness_verified),
        readiness_means=_("weighted progress toward the %(tier)s targets", tier=s.top_tier),
        next_tier=upcoming, next_unlocks=catalog.meta.tiers[upcoming.level - 1].unlocks if upcoming else None,
        gaps_text=b.gaps_text, gaps_short=_gaps_short(b),
        gating=tuple(BriefGapRow(id=g.id, title=g.title, now=g.now if w.finding_shown(g.id) else withheld(),
                                 target=_("%(target)s at %(tier)s", target=g.target, tier=g.required_tier),
                                 remediation=clip(g.remediation, ONE_LINE))
                     for g in b.gating[:len(b.gating) - len(rest)]),
        more_gating=(ngettext("And %(num)d more gating gap: %(ids)s (Gaps lists every gap, with what to do).",
                              "And %(num)d more gating gaps: %(ids)s (Gaps lists every gap, with what to do).",
                              len(rest), ids=listing(g.id for g in rest)) if rest else ""),
        host_text=h.text, host_items=host_items,
        decisions=tuple(decision_words(d, domain_name(catalog, d.domain), w) for d in b.decisions),
        since_title=_("Since the last round (%(date)s)", date=date(dt.date.fromisoformat(b.since_as_of)))
        if b.since and b.since_as_of else "",
        since=_since(b, w, w_old), actions_text=b.actions_text,
        actions=tuple(a.text if w.finding_shown(a.id) else a.text_without_value for a in b.actions),
        withheld_note=note)


def _since(b: Brief, w: Withholding, w_old: Withholding | None) -> tuple[str, ...]:
    """What changed since; a lapsed decision of a finding withheld in either round without its dates."""
    hidden = w.findings | (w_old.findings if w_old else frozenset())
    if not b.since or not any(r.subject in hidden for r in b.regressions):
        return b.since
    texts = tuple(_("%(id)s %(status)s lapsed: counted as not assessed (its dates withheld)", id=r.subject,
                    status=words(r.old)) if r.kind == "decision_lapsed" and r.subject in hidden else r.text
                  for r in b.regressions)
    return (*b.since[:-1], regressions_sentence(b.regressions, texts))


def _withheld_note(w: Withholding) -> str:
    if w.reader is None:
        return ""
    left = w.summary()
    if not left:
        return _("This version is releasable to %(reader)s; nothing in the assessment is withheld from it.",
                 reader=w.reader.label)
    return _("This version is releasable to %(reader)s: %(withheld)s. The scores are those of the full assessment: "
             "they were computed on material not all shown here.", reader=w.reader.label, withheld=left)
