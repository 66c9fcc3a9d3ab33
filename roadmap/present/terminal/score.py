"""`roadmap score` on the terminal: the overall tier in three views, the domains, the gaps to the
next tier, the evidence to bring up, what was not assessed, and the reciprocity summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from roadmap.engine.scoring import Gap, Score
from roadmap.i18n import _, date, percent
from roadmap.models.catalog import Catalog
from roadmap.present.terminal.layout import Block, Col, block, grid, labelled, say, say_first
from roadmap.present.terminal.layout import text as _t
from roadmap.words import count, tier_word
from roadmap.words import words as _words

if TYPE_CHECKING:
    from roadmap.engine.reciprocity import Ledger

#: Criteria not assessed named in the summary line; `--json` lists all.
_NOT_ASSESSED_SHOWN = 12
#: Reciprocity findings listed under the summary; `roadmap reciprocity` shows all.
_FINDINGS_SHOWN = 5


def print_score(out: Console, score: Score, catalog: Catalog, *, top: int = 10,
                reciprocity: Ledger | None = None, signed: tuple[str, ...] = ()) -> None:
    """`signed`: who signed the catalog release and the assessment (`roadmap.present.signing`)."""
    _headline(out, score, catalog, signed)
    out.print()
    _domains(out, score)
    if score.gaps:
        out.print()
        _gaps(out, score, catalog, top)
    if score.host_actions:
        out.print()
        say(out, _("The host owes (%(n)s): the partner has done its part; the target needs the host's action:",
                   n=len(score.host_actions)), "bold")
        say_first(out, [a.text for a in score.host_actions], top, _lists_all())
    if score.decisions:
        out.print()
        say(out, _("Decisions that change a tier (%(n)s): without them these criteria would count as unmet",
                   n=len(score.decisions)), "bold")
        say_first(out, [d.text for d in score.decisions], top, _lists_all())
    if score.evidence_gaps:
        out.print()
        criteria = count(len(score.evidence_gaps), "%(num)d criterion", "%(num)d criteria")
        say(out, _("To make %(tier)s count as verified, bring the evidence of %(criteria)s up to what the tier "
                   "requires:", tier=score.evidence_target, criteria=criteria), "bold")
        say_first(out, [labelled(f"{eg.id} {eg.title}", eg.reason) for eg in score.evidence_gaps], top, _lists_all())
    if score.not_assessed:
        out.print()
        _not_assessed(out, score)
    if reciprocity is not None:
        out.print()
        _reciprocity(out, score, reciprocity)


def _lists_all() -> str:
    return _(" (roadmap score --json lists all)")


def _headline(out: Console, score: Score, catalog: Catalog, signed: tuple[str, ...]) -> None:
    c, v, s = score.claimed, score.verified, score.strict
    say(out, _("%(partner)s — readiness for sharing with %(host)s", partner=score.partner, host=score.host), "bold")
    say(out, _("catalog %(ref)s · as of %(date)s", ref=score.catalog, date=date(score.as_of)))
    for words in signed:
        say(out, words)
    out.print()
    line = Text()
    line.append(_("Overall tier: "), style="bold")
    line.append(tier_word(c.overall_tier_id), style="bold cyan")
    line.append(_(" claimed · %(verified)s verified · %(strict)s strict (N/A counted as unmet)",
                  verified=tier_word(v.overall_tier_id), strict=tier_word(s.overall_tier_id)))
    say(out, line)
    if score.next_tier:
        tier = next(t for t in catalog.meta.tiers if t.id == score.next_tier)
        gating = sum(1 for g in score.gaps if g.gating)
        gaps = count(len(score.gaps), "%(num)d gap", "%(num)d gaps")
        shown = {"id": tier.id, "name": tier.name, "gaps": gaps, "gating": gating, "unlocks": tier.unlocks}
        if score.host_actions:
            actions = count(len(score.host_actions), "%(num)d action", "%(num)d actions")
            say(out, _("Next tier: %(id)s %(name)s — %(gaps)s to close, %(gating)s gating, and %(actions)s the host "
                       "owes. Unlocks: %(unlocks)s", actions=actions, **shown))
        else:
            say(out, _("Next tier: %(id)s %(name)s — %(gaps)s to close, %(gating)s gating. Unlocks: %(unlocks)s",
                       **shown))
    else:
        say(out, _("Top tier reached: no gaps."))


def _domains(out: Console, score: Score) -> None:
    c, v, s = score.claimed, score.verified, score.strict
    cols = [Col(_("domain")), Col(_("claimed"), wrap=False), Col(_("verified"), wrap=False),
            Col(_("strict"), wrap=False), Col(_("readiness"), "right"), Col(_("verified readiness"), "right"),
            Col(_("capped by"))]
    rows = [[_t(dc.name), _t(tier_word(dc.tier_id)), _t(tier_word(dv.tier_id)), _t(tier_word(ds.tier_id)),
             _t(percent(dc.readiness)), _t(percent(dv.readiness)), _t(", ".join(dc.capped_by) or "—")]
            for dc, dv, ds in zip(c.domains, v.domains, s.domains, strict=True)]
    rows.append([_t(_("Overall"), "bold"), _t(tier_word(c.overall_tier_id), "bold"),
                 _t(tier_word(v.overall_tier_id), "bold"), _t(tier_word(s.overall_tier_id), "bold"),
                 _t(percent(c.readiness), "bold"), _t(percent(v.readiness), "bold"), _t("")])
    grid(out, cols, rows)


def _gaps(out: Console, score: Score, catalog: Catalog, top: int) -> None:
    say(out, _("Gaps to %(tier)s, gating first, then by weight × distance (how far the value is from the target, 0 "
               "to 1):", tier=score.next_tier), "bold")
    cols = [Col("#", "right", wrap=False), Col(_("criterion")), Col(_("domain")), Col(_("now → target")),
            Col(_("gating"), wrap=False), Col(_("weight × distance"), wrap=False)]
    rows: list[list[Text]] = []
    blocks: list[Block] = []
    for i, g in enumerate(score.gaps[:top], start=1):
        cells = _gap_cells(g, catalog)
        rows.append([_t(i), _t(f"{g.id} {g.title}"), *cells])
        blocks.append(block(f"{i}. {g.id} {g.title}", cols[2:], cells))
    if rows:
        grid(out, cols, rows, blocks=blocks)
    if len(score.gaps) > top:
        say(out, _("… and %(more)s more (roadmap score --json lists all, with remediation)",
                   more=len(score.gaps) - top))


def _gap_cells(g: Gap, catalog: Catalog) -> list[Text]:
    """A gap's domain, value and target, whether it gates, and its priority."""
    metric = catalog.by_id[g.id].metric
    now = metric.format_value(g.value) if g.status == "assessed" else _words(g.status)
    return [_t(_domain_name(catalog, g.domain)), _t(f"{now} → {metric.format_target(g.target)}"),
            _t(_("yes") if g.gating else _("no")), _t(f"{g.weight} × {g.distance:.3f} = {g.priority:.2f}")]


def _domain_name(catalog: Catalog, domain: str) -> str:
    """The domain as the gap table has always named it, by its id; by its name in a translation."""
    if catalog.reading is None:
        return domain
    return next((d.name for d in catalog.meta.domains if d.id == domain), domain)


def _not_assessed(out: Console, score: Score) -> None:
    more = len(score.not_assessed) - _NOT_ASSESSED_SHOWN
    ids = ", ".join(score.not_assessed[:_NOT_ASSESSED_SHOWN])
    if more > 0:
        ids = _("%(ids)s and %(more)s more (roadmap score --json lists all)", ids=ids, more=more)
    say(out, _("Not assessed (%(n)s), counted as unmet: %(ids)s", n=len(score.not_assessed), ids=ids))
    # a not-applicable or exception decision that expired is "not assessed" too: say why
    for cs in score.criteria:
        if cs.expired and cs.notes:
            say(out, labelled(cs.id, cs.notes[0]), indent=2)


def _reciprocity(out: Console, score: Score, ledger: Ledger) -> None:
    """One line of the reciprocity ledger at the tier that triggers commitments, and its first findings."""
    at = tier_word(ledger.tier_id) + ("" if ledger.trigger == "claimed" else f" ({_words(ledger.trigger)})")
    if ledger.ok:
        say(out, _("Reciprocity at %(tier)s: every commitment kept on both sides (roadmap reciprocity FILE for the "
                   "ledger)", tier=at))
    else:
        broken = count(ledger.broken, "%(num)d broken host commitment", "%(num)d broken host commitments")
        short = count(ledger.short, "%(num)d partner shortfall", "%(num)d partner shortfalls")
        say(out, _("Reciprocity at %(tier)s: %(broken)s, %(short)s (roadmap reciprocity FILE for the ledger)",
                   tier=at, broken=broken, short=short))
    say_first(out, [labelled(_words(finding.side), finding.message) for finding in ledger.findings], _FINDINGS_SHOWN)
    raised = [f"{did} {u.host_now} → {u.host_next}" for did, u in ledger.pending.items() if u.raised_by > 0]
    if ledger.claimed_tier_id and raised:
        say(out, _("Once evidenced, the claimed %(tier)s would commit the host to: %(raised)s",
                   tier=ledger.claimed_tier_id, raised=", ".join(raised)), indent=2)
