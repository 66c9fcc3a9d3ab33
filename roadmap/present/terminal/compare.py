"""`roadmap compare` on the terminal: what the partners were scored against, one row per partner in
rank order, their tiers by domain, and each one's first gating gaps."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from roadmap.engine.compare import Comparison, PartnerRow, commitments_text, parity_text
from roadmap.present.terminal.layout import Block, Col, block, grid, say
from roadmap.present.terminal.layout import text as _t
from roadmap.words import count as _n
from roadmap.words import worst_first


def print_comparison(out: Console, c: Comparison) -> None:
    if c.rescore_note:
        say(out, c.rescore_note)
    say(out, f"{_n(len(c.partners), 'partner')} compared for sharing with {c.host}, against {c.catalog}", "bold")
    say(out, c.rule)
    out.print()
    _overview(out, c)
    out.print()
    say(out, "Tier by domain (verified / claimed):", "bold")
    _domains(out, c)
    gaps = [r for r in c.partners if r.top_gating]
    if gaps:
        out.print()
        say(out, "First gating gaps to the next tier:", "bold")
        for r in gaps:
            more = r.gating_gaps - len(r.top_gating)
            listed = "; ".join(_gap(r, g) for g in range(len(r.top_gating)))
            say(out, f"{r.rank}. {r.name} (to {r.next_tier}): {listed}" + (f"; … and {more} more" if more > 0 else ""),
                indent=2)
    out.print()
    say(out, "Files: " + ", ".join(f"{r.rank}. {r.file}" for r in c.partners))
    say(out, "'roadmap compare --format pdf' writes the comparison report; --json gives every figure.")


def _gap(r: PartnerRow, i: int) -> str:
    g = r.top_gating[i]
    held = f", held back by {worst_first(g.held_back_by, len(r.scopes))}" if g.held_back_by else ""
    return f"{g.id} {g.title} ({g.now} → {g.target}{held})"


def _overview(out: Console, c: Comparison) -> None:
    cols = [Col("#", "right", wrap=False), Col("partner"), Col("as of", wrap=False), Col("verified", wrap=False),
            Col("claimed", wrap=False), Col("readiness verified / claimed", "right"), Col("gating gaps"),
            Col("host commitments"), Col("parity"), Col("fresh evidence", "right")]
    rows: list[list[Text]] = []
    blocks: list[Block] = []
    for r in c.partners:
        cells = [_t(r.as_of.isoformat()), _t(r.verified_tier_id), _t(r.claimed_tier_id),
                 _t(f"{r.readiness_verified:.1f}% / {r.readiness:.1f}%"),
                 _t(f"{r.gating_gaps} of {r.gaps} to {r.next_tier}" if r.next_tier else "top tier"),
                 _t(f"{commitments_text(r)} at {r.reciprocity_tier}"), _t(parity_text(r)),
                 _t(f"{r.fresh_share:.0f}% of {r.assessed}")]
        rows.append([_t(r.rank), _t(r.name), *cells])
        blocks.append(block(f"{r.rank}. {r.name}", cols[2:], cells))
    grid(out, cols, rows, blocks=blocks)


def _domains(out: Console, c: Comparison) -> None:
    cols = [Col("#", "right", wrap=False), Col("partner"),
            *(Col(prefix, wrap=False, least=4) for _, _, prefix in c.domains)]
    rows = [[_t(r.rank), _t(r.name), *(_t(f"{d.verified} / {d.claimed}") for d in r.domains)] for r in c.partners]
    grid(out, cols, rows)
    say(out, "Domains: " + ", ".join(f"{p} {name}" for _, name, p in c.domains))
