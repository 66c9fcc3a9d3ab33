"""`roadmap score` on the terminal: the overall tier in three views, the domains, the gaps to the
next tier, the evidence to bring up, what was not assessed, and the reciprocity summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from roadmap.engine.scoring import Gap, Score
from roadmap.models.catalog import Catalog
from roadmap.present.terminal.layout import Block, Col, block, grid, say, say_first
from roadmap.present.terminal.layout import text as _t
from roadmap.words import count as _n
from roadmap.words import number, worst_first
from roadmap.words import words as _words

if TYPE_CHECKING:
    from roadmap.engine.reciprocity import Ledger

#: Criteria not assessed named in the summary line; `--json` lists all.
_NOT_ASSESSED_SHOWN = 12
#: Reciprocity findings listed under the summary; `roadmap reciprocity` shows all.
_FINDINGS_SHOWN = 5


def print_score(out: Console, score: Score, catalog: Catalog, *, top: int = 10,
                reciprocity: Ledger | None = None) -> None:
    _headline(out, score, catalog)
    if score.rollup is not None:
        _rollup(out, score)
    out.print()
    _domains(out, score)
    if score.gaps:
        out.print()
        _gaps(out, score, catalog, top)
    if score.host_actions:
        out.print()
        say(out, f"The host owes ({len(score.host_actions)}): the partner has done its part; the target needs "
                 "the host's action:", "bold")
        say_first(out, [a.text for a in score.host_actions], top, " (roadmap score --json lists all)")
    if score.decisions:
        out.print()
        say(out, f"Decisions that change a tier ({len(score.decisions)}): without them these criteria would count "
                 "as unmet", "bold")
        say_first(out, [d.text for d in score.decisions], top, " (roadmap score --json lists all)")
    if score.evidence_gaps:
        out.print()
        n = len(score.evidence_gaps)
        say(out, f"To make {score.evidence_target} count as verified, bring the evidence of "
                 f"{_n(n, 'criterion', 'criteria')} up to what the tier requires:", "bold")
        of = len(score.rollup.scopes) if score.rollup else 0
        say_first(out, [f"{eg.id} {eg.title}: {eg.reason}" + _held(eg.held_back_by, of) for eg in score.evidence_gaps],
                  top, " (roadmap score --json lists all)")
    if score.not_assessed:
        out.print()
        _not_assessed(out, score)
    if reciprocity is not None:
        out.print()
        _reciprocity(out, score, reciprocity)


def _headline(out: Console, score: Score, catalog: Catalog) -> None:
    c, v, s = score.claimed, score.verified, score.strict
    say(out, f"{score.partner} — readiness for sharing with {score.host}", "bold")
    say(out, f"catalog {score.catalog} · as of {score.as_of.isoformat()}")
    out.print()
    line = Text()
    line.append("Overall tier: ", style="bold")
    line.append(f"{c.overall_tier_id}", style="bold cyan")
    line.append(f" claimed · {v.overall_tier_id} verified · {s.overall_tier_id} strict (N/A counted as unmet)")
    say(out, line)
    if score.next_tier:
        tier = next(t for t in catalog.meta.tiers if t.id == score.next_tier)
        gating = sum(1 for g in score.gaps if g.gating)
        owed = f", and {_n(len(score.host_actions), 'action')} the host owes" if score.host_actions else ""
        say(out, f"Next tier: {tier.id} {tier.name} — {_n(len(score.gaps), 'gap')} to close, "
                 f"{gating} gating{owed}. Unlocks: {tier.unlocks}")
    else:
        say(out, "Top tier reached: no gaps.")


def _rollup(out: Console, score: Score) -> None:
    """Which scopes the nation's figures combine, and by which rule."""
    assert score.rollup is not None
    scopes = "; ".join(f"{s.scope} (weight {number(s.weight)}, {s.file})" for s in score.rollup.scopes)
    say(out, f"Rolled up from {_n(len(score.rollup.scopes), 'scope')}: {scopes}")
    say(out, f"Roll-up rule of {score.catalog}: {score.rollup.rule}")


def _held(scopes: tuple[str, ...] | None, of: int = 0) -> str:
    """What a roll-up's gap waits for, after its text: "; held back by MOFA, MOD"."""
    return f"; held back by {worst_first(scopes, of)}" if scopes else ""


def _domains(out: Console, score: Score) -> None:
    c, v, s = score.claimed, score.verified, score.strict
    cols = [Col("domain"), Col("claimed", wrap=False), Col("verified", wrap=False),
            Col("strict", wrap=False), Col("readiness", "right"), Col("verified readiness", "right"),
            Col("capped by")]
    rows = [[_t(dc.name), _t(dc.tier_id), _t(dv.tier_id), _t(ds.tier_id), _t(f"{dc.readiness:.0f}%"),
             _t(f"{dv.readiness:.0f}%"), _t(", ".join(dc.capped_by) or "—")]
            for dc, dv, ds in zip(c.domains, v.domains, s.domains, strict=True)]
    rows.append([_t("Overall", "bold"), _t(c.overall_tier_id, "bold"), _t(v.overall_tier_id, "bold"),
                 _t(s.overall_tier_id, "bold"), _t(f"{c.readiness:.0f}%", "bold"),
                 _t(f"{v.readiness:.0f}%", "bold"), _t("")])
    grid(out, cols, rows)


def _gaps(out: Console, score: Score, catalog: Catalog, top: int) -> None:
    say(out, f"Gaps to {score.next_tier}, gating first, then by weight × distance (how far the value is "
             "from the target, 0 to 1):", "bold")
    cols = [Col("#", "right", wrap=False), Col("criterion"), Col("domain"), Col("now → target"),
            Col("gating", wrap=False), Col("weight × distance", wrap=False)]
    of = len(score.rollup.scopes) if score.rollup is not None else 0
    if of:
        cols.append(Col("held back by"))
    rows: list[list[Text]] = []
    blocks: list[Block] = []
    for i, g in enumerate(score.gaps[:top], start=1):
        cells = _gap_cells(g, catalog) + ([_t(worst_first(g.held_back_by, of))] if of else [])
        rows.append([_t(i), _t(f"{g.id} {g.title}"), *cells])
        blocks.append(block(f"{i}. {g.id} {g.title}", cols[2:], cells))
    if rows:
        grid(out, cols, rows, blocks=blocks)
    if len(score.gaps) > top:
        say(out, f"… and {len(score.gaps) - top} more (roadmap score --json lists all, with remediation)")


def _gap_cells(g: Gap, catalog: Catalog) -> list[Text]:
    """A gap's domain, value and target, whether it gates, and its priority."""
    metric = catalog.by_id[g.id].metric
    now = metric.format_value(g.value) if g.status == "assessed" else _words(g.status)
    return [_t(g.domain), _t(f"{now} → {metric.format_target(g.target)}"), _t("yes" if g.gating else "no"),
            _t(f"{g.weight} × {g.distance:.3f} = {g.priority:.2f}")]


def _not_assessed(out: Console, score: Score) -> None:
    more = len(score.not_assessed) - _NOT_ASSESSED_SHOWN
    say(out, f"Not assessed ({len(score.not_assessed)}), counted as unmet: "
             + ", ".join(score.not_assessed[:_NOT_ASSESSED_SHOWN])
             + (f" and {more} more (roadmap score --json lists all)" if more > 0 else ""))
    # a not-applicable or exception decision that expired is "not assessed" too: say why
    for cs in score.criteria:
        if cs.expired and cs.notes:
            say(out, f"{cs.id}: {cs.notes[0]}", indent=2)


def _reciprocity(out: Console, score: Score, ledger: Ledger) -> None:
    """One line of the reciprocity ledger at the tier that triggers commitments, and its first findings."""
    at = ledger.tier_id + ("" if ledger.trigger == "claimed" else f" ({ledger.trigger})")
    if ledger.ok:
        summary = f"Reciprocity at {at}: every commitment kept on both sides"
    else:
        summary = (f"Reciprocity at {at}: {_n(ledger.broken, 'broken host commitment')}, "
                   f"{_n(ledger.short, 'partner shortfall')}")
    say(out, summary + " (roadmap reciprocity FILE for the ledger)")
    say_first(out, [f"{finding.side}: {finding.message}" for finding in ledger.findings], _FINDINGS_SHOWN)
    raised = [f"{did} {u.host_now} → {u.host_next}" for did, u in ledger.pending.items() if u.raised_by > 0]
    if ledger.claimed_tier_id and raised:
        say(out, f"Once evidenced, the claimed {ledger.claimed_tier_id} would commit the host to: {', '.join(raised)}",
            indent=2)
