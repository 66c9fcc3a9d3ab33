"""Changes between assessment rounds, laid out for documents: rows built from `roadmap.engine.rounds_diff`'s
assessment diff (a pure result), shared by the gap report's "since last round" section and the
diff report. Every figure is formatted here; templates only lay the rows out.

Markings of documents that draw on several rounds follow one rule (`combined_marking`): when the
rounds carry the same marking, that marking; otherwise every distinct marking, newest round first,
each labelled with the as-of dates of the rounds that carry it — the document holds information
from all of them, so all of their markings apply, and the tool does not guess which one is the more
restrictive (see docs/diff.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from roadmap.engine.rounds_diff import (
    AssessmentDiff,
    CriterionDelta,
    ReadinessDelta,
    Regression,
    ScopeDelta,
    TierDelta,
)
from roadmap.i18n import N_, _, ngettext
from roadmap.report.base import Part, arrow, day, ratio, readiness
from roadmap.report.readers import Withholding, withheld
from roadmap.words import listing, share, signed, tier_word, words

#: The criterion changes the gap report's "since last round" section lists.
TIER_OR_STATUS = frozenset({"tier", "verified_tier", "status", "added", "removed"})


class Measure(Part):
    """One measure (a tier or a readiness) from OLD to NEW, split into progress and goalposts."""

    label: str  # "claimed tier", "verified readiness"
    old: str
    new: str
    #: NEW scored under OLD's catalog ("" when both rounds pin one catalog).
    under_old: str
    change: str  # "+1", "−2.1", "0"
    progress: str
    goalposts: str
    decisions: str
    #: The same, with their unit: "+1 tier", "same tier", "−0.3 points".
    progress_words: str
    goalposts_words: str
    decisions_words: str
    down: bool
    #: A tier went down (a readiness that went down is no regression).
    tier_down: bool


class ScopeRow(Part):
    name: str
    overall: bool
    claimed: Measure
    verified: Measure
    readiness: Measure
    verified_readiness: Measure
    #: The claimed or the verified tier went down.
    tier_down: bool

    @property
    def measures(self) -> tuple[Measure, Measure, Measure, Measure]:
        """The four measures, tiers first, as the split table lists them."""
        return self.claimed, self.verified, self.readiness, self.verified_readiness


class CriterionDeltaRow(Part):
    """What changed about one criterion between two rounds."""

    id: str  # "PER-12", or "CYB-19 → CYB-05b" when renamed
    title: str
    domain: str
    changed: str  # what changed, in words
    value: str  # "120 days → 100 days"
    tier: str
    verified: str
    under_old: str  # NEW's tier under OLD's catalog, "" when one catalog
    catalog_change: str  # the catalog's change classes, "—" when none
    down: bool


class DisciplineRow(Part):
    id: str
    committed: str
    host_delivered: str
    partner_delivered: str
    host_status: str
    partner_status: str
    down: bool


class ReciprocityChanges(Part):
    rows: tuple[DisciplineRow, ...]
    parity: str
    broken: str
    short: str


class SinceSection(Part):
    """The gap report's "since last round" section (`templates/_since.html.j2`)."""

    previous_file: str
    previous_as_of: str
    previous_catalog: str
    catalog: str
    catalogs_differ: bool
    decisions_differ: bool
    #: The diff's summary: overall and per-domain changes, with the split, in words.
    sentences: tuple[str, ...]
    split: str
    scopes: tuple[ScopeRow, ...]
    criteria: tuple[CriterionDeltaRow, ...]
    #: Criteria the section does not list (no change of tier or status).
    not_listed: int
    regressions: tuple[str, ...]
    #: The top tier of the new round's catalog, whose targets readiness measures progress toward.
    top_tier: str = ""


def combined_marking(rounds: Sequence[tuple[str, str]]) -> str:
    """The marking of a document drawn from several rounds, given (as_of, marking) per round."""
    dates: dict[str, list[str]] = {}
    for as_of, marking in sorted(rounds, key=lambda r: r[0], reverse=True):
        dates.setdefault(marking, []).append(as_of)
    if len(dates) == 1:
        return next(iter(dates))
    return " | ".join(f"{', '.join(sorted(set(d)))}: {m}" for m, d in dates.items())


def _tiers(n: float) -> str:
    # the English has always said "tier" whatever the share; a translation has its own word
    return _("same tier") if n == 0 else ngettext("%(tiers)s tier", "%(tiers)s tiers", 1, tiers=share(n))


def _tier(label: str, t: TierDelta, same: bool) -> Measure:
    return Measure(label=label, old=tier_word(t.old_id), new=tier_word(t.new_id),
                   under_old="" if same else tier_word(t.new_under_old_id),
                   change=signed(t.total), progress=share(t.progress), goalposts=share(t.goalposts),
                   decisions=share(t.decisions), progress_words=_tiers(t.progress),
                   goalposts_words=_tiers(t.goalposts), decisions_words=_tiers(t.decisions),
                   down=t.total < 0, tier_down=t.total < 0)


def _readiness(label: str, r: ReadinessDelta, same: bool) -> Measure:
    progress, goalposts, decisions = (signed(x, ".1f") for x in (r.progress, r.goalposts, r.decisions))
    return Measure(label=label, old=readiness(r.old), new=readiness(r.new),
                   under_old="" if same else readiness(r.new_under_old), change=signed(r.total, ".1f"),
                   progress=progress, goalposts=goalposts, decisions=decisions,
                   progress_words=_("%(points)s points", points=progress),
                   goalposts_words=_("%(points)s points", points=goalposts),
                   decisions_words=_("%(points)s points", points=decisions),
                   down=r.total < 0, tier_down=False)


def scope_rows(d: AssessmentDiff) -> tuple[ScopeRow, ...]:
    """The domains in NEW's catalog order, then the overall row."""
    same = not d.catalogs_differ

    def row(s: ScopeDelta, overall: bool) -> ScopeRow:
        return ScopeRow(name=s.name, overall=overall, claimed=_tier(_("claimed tier"), s.claimed, same),
                        verified=_tier(_("verified tier"), s.verified, same),
                        readiness=_readiness(_("claimed readiness"), s.readiness, same),
                        verified_readiness=_readiness(_("verified readiness"), s.verified_readiness, same),
                        tier_down=s.claimed.total < 0 or s.verified.total < 0)

    return (*(row(s, False) for s in d.domains), row(d.overall, True))


def shown_id(old_id: str | None, new_id: str) -> str:
    """A criterion's id as a change shows it: "CYB-19 → CYB-05b" when it was renamed."""
    return f"{old_id} → {new_id}" if old_id and old_id != new_id else new_id


def domain_names(d: AssessmentDiff) -> dict[str, str]:
    return {s.id: s.name for s in d.domains}


_CHANGED = {"status": N_("status"), "value": N_("value"), "tier": N_("tier"), "verified_tier": N_("verified tier"),
            "added": N_("new criterion"), "removed": N_("criterion removed")}


def criterion_delta_rows(d: AssessmentDiff, which: frozenset[str] | None = None) -> tuple[CriterionDeltaRow, ...]:
    """The criteria deltas in the diff's order (NEW's catalog order, removed ones last); with
    `which`, only those where one of these changed."""
    names = domain_names(d)
    out = []
    for c in d.criteria:
        if which is not None and not which.intersection(c.changed):
            continue
        out.append(CriterionDeltaRow(
            id=shown_id(c.old_id, c.id), title=c.title,
            domain=names.get(c.domain, c.domain), changed=listing(_(_CHANGED[k]) for k in c.changed),
            value=_measures_value(c) if c.measures else arrow(c.old_shown, c.new_shown),
            tier=arrow(_tier_word(c.old_tier), _tier_word(c.new_tier)),
            verified=arrow(_tier_word(c.old_verified_tier), _tier_word(c.new_verified_tier)),
            under_old=tier_word(c.new_tier_under_old or "—") if d.catalogs_differ else "",
            catalog_change=listing(words(k) for k in c.catalog_changes) or "—",
            down=_went_down(c)))
    return tuple(out)


def _tier_word(tier_id: str | None) -> str | None:
    return tier_word(tier_id) if tier_id else tier_id


def _measures_value(c: CriterionDelta) -> str:
    """A criterion with several measures, as a report cell: its values when it is new, else only the
    measures whose value changed."""
    if c.old_status is None:
        return c.new_shown
    moved = [f"{m.id} {m.old_shown} → {m.new_shown}" for m in c.measures if m.old_shown != m.new_shown]
    return _("; ").join(moved) or _("values unchanged")


def _went_down(c: CriterionDelta) -> bool:
    parts = (c.progress, c.goalposts, c.decisions)
    return all(p is not None for p in parts) and sum(p for p in parts if p is not None) < 0


def reciprocity_changes(d: AssessmentDiff) -> ReciprocityChanges | None:
    r = d.reciprocity
    if r is None:
        return None

    def status(old: str, new: str) -> str:
        return arrow(words(old), words(new))

    rows = tuple(DisciplineRow(
        id=x.id, committed=arrow(x.committed_old, x.committed_new),
        host_delivered=arrow(x.host_delivered_old, x.host_delivered_new),
        partner_delivered=arrow(x.partner_delivered_old, x.partner_delivered_new),
        host_status=status(x.host_status_old, x.host_status_new),
        partner_status=status(x.partner_status_old, x.partner_status_new), down=x.committed_change < 0)
        for x in r.disciplines)

    return ReciprocityChanges(rows=rows, parity=arrow(ratio(r.parity_old), ratio(r.parity_new)),
                              broken=arrow(str(r.broken_old), str(r.broken_new)),
                              short=arrow(str(r.short_old), str(r.short_new)))


def split_sentence(d: AssessmentDiff) -> str:
    """How to read the split, in words, with the overall readiness figures."""
    r = d.overall.readiness
    if not d.catalogs_differ and not d.decisions_differ:
        return _("Both rounds pin %(ref)s and keep the same decisions in force: every change is the partner's own "
                 "progress (goalposts 0, decisions 0). Overall readiness (claimed) %(total)s points.",
                 ref=d.new_catalog, total=signed(r.total, ".1f"))
    factors = [_("progress (the partner's values and evidence)")]
    if d.catalogs_differ:
        factors.append(_("goalposts (the catalog: %(old)s, then %(new)s)", old=d.old_catalog, new=d.new_catalog))
    if d.decisions_differ:
        factors.append(_("decisions (not-applicable and exception decisions granted, withdrawn or lapsed)"))
    figures = {"total": signed(r.total, ".1f"), "progress": signed(r.progress, ".1f"),
               "goalposts": signed(r.goalposts, ".1f"), "decisions": signed(r.decisions, ".1f")}
    total = (_("%(total)s points = progress %(progress)s + goalposts %(goalposts)s + decisions %(decisions)s",
               **figures) if d.decisions_differ else
             _("%(total)s points = progress %(progress)s + goalposts %(goalposts)s", **figures))
    return _("Each change is split between %(factors)s and %(last)s. Each part is the mean, over every order of "
             "switching these from the earlier round to the later one, of the change that switching it makes, so the "
             "parts add up to the change whatever the order. Overall readiness (claimed): %(total)s.",
             factors=listing(factors[:-1]), last=factors[-1], total=total)


def since_section(d: AssessmentDiff, top_tier: str = "", new: Withholding | None = None,
                  old: Withholding | None = None) -> SinceSection:
    """The gap report's "since last round" section; in a reader's version (`new`, `old`: what each
    round's version withholds), a criterion withheld in either round shows no value, and the
    sentences about it say only that it is withheld."""
    hidden = (new.findings if new else frozenset()) | (old.findings if old else frozenset())
    rows = tuple(r.model_copy(update={"value": withheld()}) if r.id.split(" ")[-1] in hidden or r.id in hidden
                 else r for r in criterion_delta_rows(d, TIER_OR_STATUS))
    return SinceSection(
        previous_file=d.old_file, previous_as_of=day(d.old_as_of), previous_catalog=d.old_catalog,
        catalog=d.new_catalog, catalogs_differ=d.catalogs_differ, decisions_differ=d.decisions_differ,
        sentences=tuple(_sentence(x, hidden) for x in d.summary),
        split=split_sentence(d), scopes=scope_rows(d), criteria=rows,
        not_listed=d.unchanged + len(d.criteria) - len(rows),
        regressions=tuple(_regression(r, hidden) for r in d.regression_items), top_tier=top_tier)


def _sentence(text: str, hidden: frozenset[str]) -> str:
    """A sentence of the diff's summary; one about a withheld criterion (it names its values) says so."""
    head = text.split(" ", 1)[0]
    return _("%(id)s: a change of tier by the catalog, its values withheld from this version", id=head) \
        if head in hidden else text


def _regression(r: Regression, hidden: frozenset[str]) -> str:
    """A regression; a lapsed decision of a withheld finding without its dates."""
    if r.kind == "decision_lapsed" and r.subject in hidden:
        return _("%(id)s %(status)s lapsed: counted as not assessed (its dates withheld)", id=r.subject,
                 status=words(r.old))
    return r.text


__all__ = ["CriterionDeltaRow", "DisciplineRow", "Measure", "ReciprocityChanges", "ScopeRow", "SinceSection",
           "combined_marking", "criterion_delta_rows", "domain_names", "reciprocity_changes", "scope_rows", "shown_id",
           "since_section", "split_sentence"]
