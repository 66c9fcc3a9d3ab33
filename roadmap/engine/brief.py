"""The brief: what a reader must know first, selected from the engine's results. It is the report's
first page after the cover and the summary at the top of `roadmap score`, in the same order:

1. where the partner stands: the overall tier claimed and verified, and when they differ, exactly
   why (the criteria whose evidence keeps the verified view below the claimed tier, from the
   score's evidence gaps; gating exceptions the catalog counts as unmet in the verified view);
2. the gating gaps to the next tier, each with the first sentence of its remediation, and how many
   other gaps remain;
3. what the host owes at the tier that triggers its commitments (the catalog's trigger view) and
   whether it delivered: broken commitments named; what the claimed tier would commit once
   evidenced; gaps whose targets need the host's action; the partner's capability items (not scored);
4. the decisions that change a tier;
5. with the previous round's diff: what changed since (overall tiers and readiness, the domains
   that moved, the regressions);
6. the three actions that would move the verified tier soonest (`ACTIONS_RULE`).

Pure: no files, no printing, no clock. Every item carries its sentence (`text`), so that the
terminal and the report say the same words.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Literal

from roadmap.engine import scoring
from roadmap.engine.measures import gap_words
from roadmap.engine.reciprocity import Ledger
from roadmap.engine.regressions import Regression
from roadmap.engine.rollup import lacking_evidence
from roadmap.engine.scoring import (
    CriterionScore,
    DecisionEffect,
    EvidenceGap,
    Gap,
    HostAction,
    Score,
    evidence_gaps_for,
)
from roadmap.i18n import N_, _, ngettext, percent, pgettext
from roadmap.models.assessment import Assessment, Evidence, Finding
from roadmap.models.base import Result, Status, Verification, View
from roadmap.models.catalog import Catalog
from roadmap.words import listing, signed, tier_word, words, worst_first

if TYPE_CHECKING:
    from roadmap.engine.rounds_diff import AssessmentDiff

#: How the actions are chosen, in words (docs/report.md explains why).
ACTIONS_RULE = N_(
    "the next step of the verified tier first: while it is below the claimed tier, exactly the evidence "
    "the score says that step lacks; once level with it, the gaps to the next tier, each closed with the "
    "evidence that tier requires. Within a step: gating first (the tier needs them whatever the weights), "
    "then evidence before values (one closure, not two), then the value closest to its target, then by id")

#: How many actions the brief names.
ACTIONS = 3

#: Abbreviations whose full stop does not end a sentence.
_ABBREVIATIONS = ("e.g", "i.e", "etc", "cf", "vs", "No", "U.S", "U.K", "Art", "Sec")
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z(\"']|\s*$)|[。！？]")


def first_sentence(text: str) -> str:
    """The first sentence of `text` (a full stop followed by a capital, or the end; in Japanese, 。),
    whitespace folded; an abbreviation's full stop ("e.g.", "No.") does not end it."""
    flat = " ".join(text.split())
    for m in _SENTENCE_END.finditer(flat):
        before = flat[:m.start()]
        if not any(before.endswith(a) for a in _ABBREVIATIONS):
            return flat[:m.end()]
    return flat


class Standing(Result):
    """Where the partner stands: the overall tiers, the readiness figures, and why the views differ."""

    claimed: str
    verified: str
    strict: str
    #: Readiness is progress toward the top tier's targets: which tier that is.
    top_tier: str
    readiness_claimed: float
    readiness_verified: float
    #: Why the verified tier is below the claimed one, one sentence per criterion; () when they agree.
    reasons: tuple[str, ...]
    text: str


class BriefGap(Result):
    """A gating gap to the next tier, with what to do first."""

    id: str
    title: str
    domain: str
    now: str
    target: str
    required_tier: str
    #: The first sentence of its remediation (the report cuts it to one line of the page).
    remediation: str
    text: str


class HostDue(Result):
    """What the host owes at the tier that triggers its commitments, and whether it delivered."""

    host: str
    #: The tier that triggers the commitments ("none" below the first), and the view it is read in.
    tier: str
    trigger: View
    recorded: bool
    #: Each discipline's commitment due: "HUMINT L1".
    due: tuple[str, ...]
    kept: int
    #: The broken commitments and the partner's shortfalls, each named in a sentence.
    broken: tuple[str, ...]
    short: tuple[str, ...]
    #: What the claimed tier would commit the host to once evidenced ("" when nothing is pending).
    pending: str
    #: Gaps whose targets need the host's action (the score's host actions), each with its words (`text`).
    actions: tuple[HostAction, ...]
    text: str
    #: The partner's capability items the catalog lists (not scored), in one sentence ("" when none).
    capabilities: str = ""


class Action(Result):
    """One of the actions that would move the verified tier soonest."""

    id: str
    title: str
    kind: Literal["evidence", "value", "exception"]
    #: The verified tier this action is a step toward, and how many closures that step needs in all.
    step: str
    step_closures: int
    gating: bool
    text: str
    #: The same without the criterion's value (for a version of the report that withholds the finding).
    text_without_value: str


class Brief(Result):
    partner: str
    host: str
    as_of: dt.date
    standing: Standing
    next_tier: str | None
    next_name: str | None
    gating: tuple[BriefGap, ...]
    #: The other gaps to the next tier (not gating).
    others: int
    gaps_text: str
    host_due: HostDue
    #: The decisions that change a tier (the score's), each with its words (`text`).
    decisions: tuple[DecisionEffect, ...]
    #: What changed since the previous round (empty without one), and its as-of date.
    since: tuple[str, ...]
    since_as_of: str | None
    #: The regressions the last sentence of `since` names (the diff's), each with its words.
    regressions: tuple[Regression, ...]
    actions: tuple[Action, ...]
    actions_text: str
    actions_rule: str


def build_brief(catalog: Catalog, a: Assessment, score: Score, ledger: Ledger,
                diff: AssessmentDiff | None = None) -> Brief:
    """The brief of assessment `a` and its `score`: `ledger` is its reciprocity ledger (always computed: the
    commitments due are owed whether or not sharing was recorded), `diff` the diff from the previous
    round, if any."""
    gating = tuple(_brief_gap(catalog, g, len(score.rollup.scopes) if score.rollup else 0)
                   for g in score.gaps if g.gating)
    others = len(score.gaps) - len(gating)
    actions = _actions(catalog, a, score)
    return Brief(
        partner=score.partner, host=score.host, as_of=score.as_of, standing=_standing(catalog, score),
        next_tier=score.next_tier, next_name=_tier_name(catalog, score.next_tier), gating=gating, others=others,
        gaps_text=_gaps_text(score, len(gating), others), host_due=_host_due(ledger, score.host_actions),
        decisions=score.decisions, since=_since(diff) if diff else (),
        since_as_of=diff.old_as_of if diff else None, regressions=diff.regression_items if diff else (),
        actions=actions, actions_text=_actions_text(score, actions),
        actions_rule=_(ACTIONS_RULE))


def _tier_name(catalog: Catalog, tier_id: str | None) -> str | None:
    return next((t.name for t in catalog.meta.tiers if t.id == tier_id), None)


# -- 1. where the partner stands ----------------------------------------------------------------

def _standing(catalog: Catalog, score: Score) -> Standing:
    c, v = score.claimed, score.verified
    reasons = _why_verified_lower(catalog, score) if v.overall_tier < c.overall_tier else ()
    if not reasons:
        text = _("Claimed and verified agree: %(tier)s.", tier=tier_word(c.overall_tier_id))
    else:
        text = ngettext("Claimed %(claimed)s, verified %(verified)s: %(num)d criterion keeps the verified view below "
                        "%(next)s.", "Claimed %(claimed)s, verified %(verified)s: %(num)d criteria keep the verified "
                        "view below %(next)s.", len(reasons), claimed=tier_word(c.overall_tier_id),
                        verified=tier_word(v.overall_tier_id), next=catalog.tier_name(v.overall_tier + 1))
    return Standing(claimed=c.overall_tier_id, verified=v.overall_tier_id, strict=score.strict.overall_tier_id,
                    top_tier=catalog.tier_ids[-1], readiness_claimed=c.readiness, readiness_verified=v.readiness,
                    reasons=reasons, text=text)


def _why_verified_lower(catalog: Catalog, score: Score) -> tuple[str, ...]:
    """The criteria that keep the verified view from its next tier: their evidence, and gating
    exceptions that the catalog counts as unmet in the verified view."""
    step = score.verified.overall_tier + 1
    out = [_("%(id)s %(title)s: %(reason)s", id=g.id, title=g.title, reason=g.reason)
           for g in evidence_gaps_for(catalog, score, step)]
    out += [_("%(id)s %(title)s: a gating exception, which %(ref)s counts as unmet in the verified view", id=cs.id,
              title=cs.title, ref=catalog.ref) for cs in _excepted_gates(catalog, score, step)]
    return tuple(out)


def _excepted_gates(catalog: Catalog, score: Score, step: int) -> list[CriterionScore]:
    """Gating criteria under a current exception in a domain whose verified tier is below `step`,
    when the catalog counts them as unmet in the verified view."""
    rules = catalog.meta.decisions
    if rules is None or rules.gating_exceptions.verified:
        return []
    low = {d.id for d in score.verified.domains if d.tier < step}
    return [cs for cs in score.criteria if cs.gating and cs.status is Status.EXCEPTION and cs.domain in low]


# -- 2. the gating gaps --------------------------------------------------------------------------

def _shown(catalog: Catalog, g: Gap) -> tuple[str, str]:
    """The gap's value and target as people read them; with several measures, each short measure's
    ("findings 3, units-inspected 20%" → "findings ≤ 2, units-inspected ≥ 60%")."""
    return gap_words(catalog.by_id[g.id], g)


def _brief_gap(catalog: Catalog, g: Gap, scopes: int) -> BriefGap:
    now, target = _shown(catalog, g)
    todo = first_sentence(g.remediation)
    return BriefGap(id=g.id, title=g.title, domain=g.domain, now=now, target=target, required_tier=g.required_tier,
                    remediation=todo,
                    text=_("%(id)s %(title)s: %(now)s → %(target)s at %(tier)s", id=g.id, title=g.title, now=now,
                           target=target, tier=g.required_tier) + _held(g.held_back_by, scopes))


def _held(scopes: tuple[str, ...] | None, of: int) -> str:
    """What a roll-up's gap waits for, after its text: " — held back by all 3 (worst: X)"; "" otherwise."""
    return _(" — held back by %(scopes)s", scopes=worst_first(scopes, of)) if scopes else ""


def _gaps_text(score: Score, gating: int, others: int) -> str:
    if score.next_tier is None:
        return _("The top tier is reached: no gaps remain.")
    total = gating + others
    owed = ngettext("; and %(num)d action the host owes (under what the host owes)",
                    "; and %(num)d actions the host owes (under what the host owes)",
                    len(score.host_actions)) if score.host_actions else ""
    if total == 0:
        return _("No gap of the partner's stands before %(tier)s%(owed)s.", tier=score.next_tier, owed=owed)
    gaps = ngettext("%(num)d gap to %(tier)s", "%(num)d gaps to %(tier)s", total, tier=score.next_tier)
    gating_part = (_("%(n)s gating (below)", n=gating) if gating else _("%(n)s gating", n=gating))
    others_part = (ngettext("%(num)d other (listed in Gaps)", "%(num)d others (listed in Gaps)", others) if others
                   else ngettext("%(num)d other", "%(num)d others", others))
    return _("%(gaps)s: %(gating)s, %(others)s%(owed)s.", gaps=gaps, gating=gating_part, others=others_part,
             owed=owed)


# -- 3. what the host owes -----------------------------------------------------------------------

def _host_due(lg: Ledger, owed: tuple[HostAction, ...]) -> HostDue:
    due = tuple(f"{d.id} {d.host.committed}" for d in lg.disciplines)
    kept = sum(1 for d in lg.disciplines if d.host.status in ("delivered", "exceeded"))
    broken = tuple(f.message for f in lg.findings if f.side == "host")
    short = tuple(f.message for f in lg.findings if f.side == "partner")
    shown = {"host": lg.host, "ref": lg.catalog, "view": words(lg.trigger.value), "due": listing(due)}
    text = (_("%(host)s owes below T1 (in %(ref)s commitments follow the %(view)s tier): %(due)s.", **shown)
            if lg.tier == 0 else
            _("%(host)s owes at %(tier)s (in %(ref)s commitments follow the %(view)s tier): %(due)s.", tier=lg.tier_id,
              **shown))
    if not lg.recorded:
        text = _("%(text)s What either side delivered is not recorded.", text=text)
    else:
        text = (_("%(text)s Kept %(kept)s of %(due)s; broken %(broken)s.", text=text, kept=kept, due=len(due),
                  broken=len(broken)) if broken else
                _("%(text)s Kept %(kept)s of %(due)s.", text=text, kept=kept, due=len(due)))
        if short:
            text = _("%(text)s %(partner)s fell short in %(short)s.", text=text, partner=lg.partner, short=len(short))
    pending = ""
    if lg.claimed_tier_id and lg.pending:
        raised = [f"{did} {u.host_next}" for did, u in lg.pending.items() if u.raised_by > 0]
        if raised:
            pending = _("Once evidenced, the claimed %(tier)s would commit %(host)s to %(raised)s.",
                        tier=lg.claimed_tier_id, host=lg.host, raised=listing(raised))
    caps = (ngettext("%(num)d capability item of %(partner)s listed, not scored: %(items)s.",
                     "%(num)d capability items of %(partner)s listed, not scored: %(items)s.",
                     len(lg.capabilities), partner=lg.partner,
                     items=listing(f"{c.id} {c.name}" for c in lg.capabilities)) if lg.capabilities else "")
    return HostDue(host=lg.host, tier=lg.tier_id, trigger=lg.trigger, recorded=lg.recorded, due=due, kept=kept,
                   broken=broken, short=short, pending=pending, actions=owed, text=text, capabilities=caps)


# -- 5. since the last round ------------------------------------------------------------------------

def _since(d: AssessmentDiff) -> tuple[str, ...]:
    """The overall change in one sentence, the domains that changed tier, and the regressions."""
    o = d.overall
    r = o.readiness
    parts = [_("progress %(part)s", part=signed(r.progress, ".1f"))]
    if d.catalogs_differ:
        parts.append(_("goalposts %(part)s", part=signed(r.goalposts, ".1f")))
    if d.decisions_differ:
        parts.append(_("decisions %(part)s", part=signed(r.decisions, ".1f")))
    out = [_("Overall: claimed %(claimed_old)s → %(claimed_new)s, verified %(verified_old)s → %(verified_new)s; "
             "readiness %(old)s → %(new)s (%(total)s points: %(split)s).", claimed_old=tier_word(o.claimed.old_id),
             claimed_new=tier_word(o.claimed.new_id), verified_old=tier_word(o.verified.old_id),
             verified_new=tier_word(o.verified.new_id), old=percent(r.old, 1), new=percent(r.new, 1),
             total=signed(r.total, ".1f"), split=listing(parts))]
    moved = _moved(d)
    if moved:
        out.append(_("Changed tier: %(changes)s.", changes=_("; ").join(moved)))
    out.append(regressions_sentence(d.regression_items))
    return tuple(out)


def regressions_sentence(items: tuple[Regression, ...], texts: tuple[str, ...] | None = None) -> str:
    """"2 regressions: …; …." or "No regressions."; `texts`: the words of each, if not their own."""
    said = texts if texts is not None else tuple(r.text for r in items)
    if not items:
        return _("No regressions.")
    return ngettext("%(num)d regression: %(said)s.", "%(num)d regressions: %(said)s.", len(items),
                    said=_("; ").join(said))


def _moved(d: AssessmentDiff) -> list[str]:
    """The domains that changed tier, grouped by change: "claimed none → T1 in Personnel security and
    Cyber security"."""
    groups: dict[str, list[str]] = {}
    for s in d.domains:
        for label, t in (("claimed", s.claimed), ("verified", s.verified)):
            if t.total:
                groups.setdefault(f"{words(label)} {tier_word(t.old_id)} → {tier_word(t.new_id)}", []).append(s.name)
    return [_("%(change)s in %(domains)s", change=change, domains=_and(names)) for change, names in groups.items()]


def _and(names: list[str]) -> str:
    """Domain names in a sentence, joined as the current language joins a list. A name may hold the
    language's own separators (「ガバナンス、秘密区分及び取扱い」), so each is set off as the language
    sets off a name quoted in running text (as written in English, in 「」 in Japanese)."""
    # TRANSLATORS: a name (a domain's) quoted in a sentence, set off from the words around it.
    quoted = [pgettext("a name in a sentence", "%(name)s", name=n) for n in names]
    if len(quoted) == 1:
        return quoted[0]
    return _("%(first)s and %(last)s", first=listing(quoted[:-1]), last=quoted[-1])


# -- 6. the actions that move the verified tier soonest ----------------------------------------------

def _actions(catalog: Catalog, a: Assessment, score: Score) -> tuple[Action, ...]:
    """The first `ACTIONS` closures on the way up the verified tier, step by step (`ACTIONS_RULE`)."""
    out: list[Action] = []
    claimed, n = score.claimed.overall_tier, len(catalog.tier_ids)
    step = score.verified.overall_tier + 1
    while len(out) < ACTIONS and step <= min(n, claimed + 1):
        acts = _step(catalog, score, step) if step <= claimed else _value_step(catalog, a, score, step)
        # A closure an earlier step already asks for (the same evidence for the same criterion) is
        # done by then: it is neither listed again nor counted among this step's closures.
        before = {x.text for x in out}
        acts = [x for x in acts if x.text not in before]
        out += [x.model_copy(update={"step_closures": len(acts)}) for x in acts]
        step += 1
    return tuple(out[:ACTIONS])


def _step(catalog: Catalog, score: Score, step: int) -> list[Action]:
    """The evidence (and the excepted gates) the verified view lacks for `step`, a tier already claimed."""
    tid = catalog.tier_name(step)
    gaps = evidence_gaps_for(catalog, score, step)
    gates = _excepted_gates(catalog, score, step)
    acts = _evidence_actions(catalog, score, gaps, gates, tid, len(gaps) + len(gates))
    return sorted(acts, key=lambda x: (not x.gating, x.kind != "evidence", x.id))


def _evidence_actions(catalog: Catalog, score: Score, gaps: tuple[EvidenceGap, ...], gates: list[CriterionScore],
                      tid: str, total: int) -> list[Action]:
    acts = []
    for g in gaps:
        held = lacking_evidence(score.rollup, g.id, g.needs) if score.rollup else ()
        text = (_("%(id)s %(title)s: %(level)s evidence no older than %(days)s days (now: %(has)s)", id=g.id,
                  title=g.title, level=words(g.needs), days=g.max_age_days,
                  has=words(g.has) if g.has else _("none fresh"))
                + _held(held, len(score.rollup.scopes) if score.rollup else 0))
        acts.append(Action(id=g.id, title=g.title, kind="evidence", step=tid, step_closures=total, gating=g.gating,
                           text=text, text_without_value=text))
    for cs in gates:
        text = _("%(id)s %(title)s: assess it with evidence; a gating exception does not count in the verified view "
                 "of %(ref)s", id=cs.id, title=cs.title, ref=catalog.ref)
        acts.append(Action(id=cs.id, title=cs.title, kind="exception", step=tid, step_closures=total, gating=True,
                           text=text, text_without_value=text))
    return acts


def _value_step(catalog: Catalog, a: Assessment, score: Score, step: int) -> list[Action]:
    """The gaps to `step`, the tier above the claimed one, each closed with the evidence it needs;
    and the evidence the rest then lacks for the verified view to reach `step`: found by scoring
    the assessment again with the gaps closed (`_closed`)."""
    tid = catalog.tier_name(step)
    then = scoring.score(catalog, _closed(catalog, a, score.gaps), score.as_of)
    evidence = evidence_gaps_for(catalog, then, step)
    gates = _excepted_gates(catalog, then, step)
    total = len(score.gaps) + len(evidence) + len(gates)
    acts = []
    for g in score.gaps:
        now, target = _shown(catalog, g)
        acts.append(Action(id=g.id, title=g.title, kind="value", step=tid, step_closures=total, gating=g.gating,
                           text=_("%(id)s %(title)s: from %(now)s to %(target)s, with the evidence %(tier)s requires",
                                  id=g.id, title=g.title, now=now, target=target, tier=tid)
                                + _held(g.held_back_by, len(score.rollup.scopes) if score.rollup else 0),
                           text_without_value=_("%(id)s %(title)s: to %(target)s, with the evidence %(tier)s requires",
                                                id=g.id, title=g.title, target=target, tier=tid)))
    acts += _evidence_actions(catalog, score, evidence, gates, tid, total)
    order = {g.id: (g.distance, -g.weight) for g in score.gaps}
    return sorted(acts, key=lambda x: (not x.gating, x.kind == "value", order.get(x.id, (0.0, 0)), x.id))


def _closed(catalog: Catalog, a: Assessment, gaps: tuple[Gap, ...]) -> Assessment:
    """`a` with every gap closed: the value at its target, and fresh evidence of the highest
    verification dated as of the assessment (what closing it with its evidence means)."""
    findings = dict(a.findings)
    for g in gaps:
        proof = Evidence(ref="the gap closed", kind="document", date=a.as_of,
                         verification=Verification.INDEPENDENTLY_VERIFIED)
        if g.measures:  # several measures: each short one at its target, the others as they were
            before = a.findings.get(g.id)
            values = {**((before.values or {}) if before is not None else {}), **{m.id: m.target for m in g.measures}}
            findings[g.id] = Finding(status=Status.ASSESSED, values=values, evidence=(proof,))
        else:
            findings[g.id] = Finding(status=Status.ASSESSED, value=g.target, evidence=(proof,))
    return a.model_copy(update={"findings": findings})


def _actions_text(score: Score, actions: tuple[Action, ...]) -> str:
    if not actions:
        return (_("The verified tier is the top tier.") if score.verified.overall_tier == len(score.tiers)
                else _("No action of the partner's alone moves the verified tier: see what the host owes."))
    steps: dict[str, int] = {}
    for a in actions:
        steps.setdefault(a.step, a.step_closures)
    parts = [ngettext("%(num)d closure lifts the verified tier to %(tier)s", "%(num)d closures lift the verified tier "
                      "to %(tier)s", n, tier=tid) if i == 0 else
             ngettext("%(num)d closure lifts it to %(tier)s", "%(num)d closures lift it to %(tier)s", n, tier=tid)
             for i, (tid, n) in enumerate(steps.items())]
    return _("%(steps)s.", steps=_("; then ").join(parts))


__all__ = [
    "ACTIONS",
    "ACTIONS_RULE",
    "Action",
    "Brief",
    "BriefGap",
    "HostDue",
    "Standing",
    "build_brief",
    "first_sentence",
    "regressions_sentence",
]
