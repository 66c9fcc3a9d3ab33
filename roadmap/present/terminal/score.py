"""`roadmap score` on the terminal: the brief (where the partner stands and why, the gating gaps,
what the host owes, decisions that change a tier, what changed since the last round, what moves
the verified tier soonest; the report's first page says the same, in the same order), then the
domains, the gaps to the next tier and what was not assessed."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from roadmap.engine.brief import Brief
from roadmap.engine.measures import gap_steps
from roadmap.engine.scoring import Gap, Score
from roadmap.models.catalog import Catalog
from roadmap.present.terminal.layout import Block, Col, block, grid, say
from roadmap.present.terminal.layout import text as _t
from roadmap.words import count as _n
from roadmap.words import number, worst_first

#: Criteria not assessed named in the summary line; `--json` lists all.
_NOT_ASSESSED_SHOWN = 12


def print_score(out: Console, score: Score, catalog: Catalog, brief: Brief, *, top: int = 10,
                signed: tuple[str, ...] = ()) -> None:
    """The brief first, then the details: the domains, the gaps, what was not assessed. `signed`:
    who signed the catalog release and the assessment (`roadmap.present.signing`); a roll-up says
    which scopes it combines, by which rule, first."""
    say(out, f"{score.partner} — readiness for sharing with {score.host}", "bold")
    say(out, f"catalog {score.catalog} · as of {score.as_of.isoformat()}")
    for words in signed:
        say(out, words)
    if score.rollup is not None:
        _rollup(out, score)
    print_brief(out, brief, catalog)
    out.print()
    _domains(out, score)
    if score.gaps:
        out.print()
        _gaps(out, score, catalog, top)
    if score.not_assessed:
        out.print()
        _not_assessed(out, score)


def print_brief(out: Console, b: Brief, catalog: Catalog) -> None:
    """The brief's parts in its order, a paragraph each."""
    s = b.standing
    out.print()
    line = Text()
    line.append("Overall tier: ", style="bold")
    line.append(s.claimed, style="bold cyan")
    line.append(f" claimed · {s.verified} verified · {s.strict} strict (N/A counted as unmet). {s.text}")
    say(out, line)
    for reason in s.reasons:
        say(out, reason, indent=2)
    say(out, f"Readiness (weighted progress toward the {s.top_tier} targets): {s.readiness_claimed:.1f}% claimed, "
             f"{s.readiness_verified:.1f}% verified")
    out.print()
    if b.next_tier:
        tier = next(t for t in catalog.meta.tiers if t.id == b.next_tier)
        say(out, f"Next tier: {tier.id} {tier.name}. Unlocks: {tier.unlocks}", "bold")
    say(out, b.gaps_text)
    for g in b.gating:
        say(out, g.text, indent=2)
        say(out, g.remediation, indent=4)
    out.print()
    h = b.host_due
    say(out, "What the host owes", "bold")
    say(out, h.text + " (roadmap reciprocity FILE for the ledger)")
    for sentence in (*h.broken, *h.short, *([h.pending] if h.pending else []), *(x.text for x in h.actions),
                     *([h.capabilities] if h.capabilities else [])):
        say(out, sentence, indent=2)
    if b.decisions:
        out.print()
        say(out, f"Decisions that change a tier ({len(b.decisions)}): without them these criteria would count "
                 "as unmet", "bold")
        for d in b.decisions:
            say(out, d.text, indent=2)
    if b.since:
        out.print()
        say(out, f"Since the last round ({b.since_as_of})", "bold")
        for sentence in b.since:
            say(out, sentence, indent=2)
    out.print()
    say(out, f"What moves the verified tier soonest: {b.actions_text}", "bold")
    for i, a in enumerate(b.actions, start=1):
        say(out, f"{i}. {a.text}", indent=2)


def _rollup(out: Console, score: Score) -> None:
    """Which scopes the nation's figures combine, and by which rule."""
    assert score.rollup is not None
    scopes = "; ".join(f"{s.scope} (weight {number(s.weight)}, {s.file})" for s in score.rollup.scopes)
    say(out, f"Rolled up from {_n(len(score.rollup.scopes), 'scope')}: {scopes}")
    say(out, f"Roll-up rule of {score.catalog}: {score.rollup.rule}")


def _held(scopes: tuple[str, ...] | None, of: int) -> str:
    """A roll-up's gap: the scopes that hold it back, worst first; none when the national file assesses
    the criterion itself."""
    return worst_first(scopes, of) if scopes else "the nation as a whole"


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
        cells = _gap_cells(g, catalog) + ([_t(_held(g.held_back_by, of))] if of else [])
        rows.append([_t(i), _t(f"{g.id} {g.title}"), *cells])
        blocks.append(block(f"{i}. {g.id} {g.title}", cols[2:], cells))
    if rows:
        grid(out, cols, rows, blocks=blocks)
    if len(score.gaps) > top:
        say(out, f"… and {len(score.gaps) - top} more (roadmap score --json lists all, with remediation)")


def _gap_cells(g: Gap, catalog: Catalog) -> list[Text]:
    """A gap's domain, value and target (each short measure's, with several), whether it gates, and
    its priority."""
    steps = gap_steps(catalog.by_id[g.id], g)
    shown = "\n".join(f"{mid + ' ' if mid else ''}{now} → {target}" for mid, now, target in steps)
    return [_t(g.domain), _t(shown), _t("yes" if g.gating else "no"),
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
