"""A report for each reader: which parts of an assessment a reader may receive, the portion mark of
each part that says who may receive it, the banner of what the report holds, and the words that
stand where something was withheld (docs/report.md, "A report for each reader").

A part (a finding, a paragraph of the notes, an evidence item) carries a releasability or not
(`roadmap.models.assessment.Release`): the sides that may receive it, or its marking. The full
report (no reader) shows every part, with its portion mark; a reader's version (`roadmap report
--for partner`, `--release-to JPN`) leaves out what that reader may not receive, says at each place
what was left out, and keeps the scores of the full assessment. A withheld finding withholds its
value, notes, decision and evidence; its tier, which the scores are made of, stays.

Pure: the assessment and the reader in, the decisions out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from roadmap.engine.scoring import DecisionEffect, HostAction
from roadmap.errors import InputError, UsageError
from roadmap.i18n import N_, _
from roadmap.models.assessment import Assessment, Evidence, Finding, Note
from roadmap.models.portions import disclosure, portion_mark, read, releasable, rollup
from roadmap.words import count, tier_word, words

Side = Literal["host", "partner"]

#: What stands in a cell whose value is withheld (`withheld()` in the current language).
WITHHELD = N_("withheld")


def withheld() -> str:
    """What stands in a cell whose value is withheld, in the current language."""
    return _(WITHHELD)


@dataclass(frozen=True)
class Reader:
    """Who a version of the report is for: a side of the assessment and its country code."""

    side: Side
    code: str
    name: str

    @property
    def label(self) -> str:
        """"the partner, Japan (JPN)"."""
        return (_("the host, %(name)s (%(code)s)", name=self.name, code=self.code) if self.side == "host" else
                _("the partner, %(name)s (%(code)s)", name=self.name, code=self.code))


@dataclass(frozen=True)
class Audience:
    """Who the versions of a run of reports are for, as the command line says it: `--for SIDE` or
    `--release-to CODE` (each report's reader is read from its own assessment's parties)."""

    side: Side | None = None
    code: str | None = None

    @property
    def suffix(self) -> str:
        """What the default file name adds: "-for-partner", "-rel-to-jpn"."""
        return f"-for-{self.side}" if self.side else f"-rel-to-{(self.code or '').lower()}"


def reader_for(a: Assessment, audience: Audience | None, file: str = "") -> Reader | None:
    """The reader `--for SIDE` or `--release-to CODE` names, from the assessment's parties; None for
    the full report. Refused (exit 2) when the assessment (read from `file`) does not name that side's
    code."""
    if audience is None or (audience.side is None and audience.code is None):
        return None
    side: str | None = audience.side
    code = audience.code
    parties = a.parties
    codes = {s: getattr(parties, s).code for s in ("host", "partner")} if parties else {}
    if code is not None:
        side = next((s for s, c in codes.items() if c == code.upper()), None)
        if side is None:
            named = ", ".join(f"{s} {c}" for s, c in codes.items() if c) or "none"
            raise UsageError(f"--release-to {code}: expected the country code of the host or the partner "
                             f"(parties.<side>.code in {a.partner}'s assessment names {named})")
    assert side in ("host", "partner")
    chosen = codes.get(side)
    if parties is None or chosen is None:
        message = (f"expected the {side}'s country code for --for {side} (a version for a reader needs it), found "
                   f"none: add it under parties.{side}, such as code: {'USA' if side == 'host' else 'JPN'}")
        if not file:
            raise UsageError(f"parties.{side}.code: {message}")
        from roadmap.load.yamlsource import placed

        raise InputError(placed(file, [(("parties", side, "code"), message)]))
    who: Side = "host" if side == "host" else "partner"
    return Reader(side=who, code=chosen, name=getattr(parties, who).name)


def _codes(a: Assessment) -> dict[str, str]:
    if a.parties is None:
        return {}
    return {s: c for s in ("host", "partner") if (c := getattr(a.parties, s).code)}


def marking_of(a: Assessment, release: tuple[str, ...] | str) -> str:
    """A part's releasability as a marking: its own, or the sides' countries as REL TO (NOFORN for
    the US alone)."""
    if isinstance(release, str):
        return release
    codes = _codes(a)
    return disclosure(frozenset(codes[s] for s in release if s in codes))


@dataclass(frozen=True)
class Withholding:
    """What one version of a report shows of assessment `a`: built by `withholding`."""

    a: Assessment
    reader: Reader | None
    #: Findings withheld, and evidence items withheld per criterion (those of withheld findings too).
    findings: frozenset[str] = frozenset()
    evidence: dict[str, int] = field(default_factory=dict)
    notes_withheld: int = 0
    banner: str = ""

    def shows(self, release: tuple[str, ...] | str | None) -> bool:
        """Whether this version shows a part with this releasability."""
        if release is None or self.reader is None:
            return True
        if isinstance(release, tuple):
            return self.reader.side in release
        portion = read(release)
        return portion is not None and releasable(portion, self.reader.code)

    def finding_shown(self, cid: str) -> bool:
        return cid not in self.findings

    def mark(self, release: tuple[str, ...] | str | None) -> str:
        """The portion mark shown before a part that carries a releasability ("" for one that does not)."""
        return "" if release is None else portion_mark(marking_of(self.a, release), self.a.marking)

    @property
    def withheld(self) -> int:
        return len(self.findings) + sum(self.evidence.values()) + self.notes_withheld

    def summary(self) -> str:
        """"1 finding, 2 evidence items and 1 paragraph of the notes withheld"; "" when nothing is."""
        parts = [text for n, text in (
            (len(self.findings), count(len(self.findings), "%(num)d finding", "%(num)d findings")),
            (sum(self.evidence.values()), count(sum(self.evidence.values()), "%(num)d evidence item",
                                                "%(num)d evidence items")),
            (self.notes_withheld, count(self.notes_withheld, "%(num)d paragraph of the notes",
                                        "%(num)d paragraphs of the notes"))) if n]
        if not parts:
            return ""
        joined = _("%(first)s and %(last)s", first=", ".join(parts[:-1]), last=parts[-1]) if len(parts) > 1 \
            else parts[0]
        return _("%(parts)s withheld", parts=joined)


def withholding(a: Assessment, reader: Reader | None) -> Withholding:
    """What the version of `a` for `reader` (None: the full report) shows, and its banner."""
    base = Withholding(a=a, reader=reader)
    findings = frozenset(cid for cid, f in a.findings.items() if not base.shows(f.release))
    evidence: dict[str, int] = {}
    for cid, f in a.findings.items():
        hidden = len(f.evidence) if cid in findings else sum(1 for e in f.evidence if not base.shows(e.release))
        if hidden:
            evidence[cid] = hidden
    notes = sum(1 for n in a.note_paragraphs if not base.shows(n.release))
    shown: list[tuple[str, ...] | str] = [n.release for n in a.note_paragraphs if n.release and base.shows(n.release)]
    for cid, f in a.findings.items():
        if cid in findings:
            continue
        shown += [r for r in (f.release, *(e.release for e in f.evidence)) if r is not None and base.shows(r)]
    banner = rollup([a.marking, *(marking_of(a, r) for r in shown)])
    return Withholding(a=a, reader=reader, findings=findings, evidence=evidence, notes_withheld=notes, banner=banner)


# -- the words that stand where something was withheld ---------------------------------------------

def shown_notes(w: Withholding) -> tuple[Note, ...]:
    return tuple(n for n in w.a.note_paragraphs if w.shows(n.release))


def shown_evidence(w: Withholding, cid: str, f: Finding) -> tuple[Evidence, ...]:
    return () if cid in w.findings else tuple(e for e in f.evidence if w.shows(e.release))


def decision_words(d: DecisionEffect, domain: str, w: Withholding) -> str:
    """A decision that changes a tier, in words; its justification and approvals left out when its
    finding is withheld (the tiers stay: they are the full assessment's)."""
    if w.finding_shown(d.id):
        return d.text
    shown = {"id": d.id, "status": words(d.status), "domain": domain, "without": tier_word(d.domain_tier_without),
             "tier": tier_word(d.domain_tier), "overall_without": tier_word(d.overall_tier_without),
             "overall": tier_word(d.overall_tier)}
    if d.overall_tier_without != d.overall_tier:
        return _("%(id)s %(status)s (the decision withheld from this version) lifts %(domain)s from %(without)s to "
                 "%(tier)s and the overall tier from %(overall_without)s to %(overall)s", **shown)
    return _("%(id)s %(status)s (the decision withheld from this version) lifts %(domain)s from %(without)s to "
             "%(tier)s; the overall tier stays %(overall)s", **shown)


def host_action_words(h: HostAction, w: Withholding) -> str:
    if w.finding_shown(h.id):
        return h.text
    return _("%(id)s %(title)s: the partner has done its part for %(tier)s; the host owes an action (withheld)",
             id=h.id, title=h.title, tier=h.required_tier)


__all__ = [
    "WITHHELD",
    "Audience",
    "Reader",
    "Withholding",
    "decision_words",
    "host_action_words",
    "marking_of",
    "reader_for",
    "shown_evidence",
    "shown_notes",
    "withheld",
    "withholding",
]
