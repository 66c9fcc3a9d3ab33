"""`roadmap diff` and `roadmap trend` on the terminal: two rounds of one partner side by side, and
all of its rounds in order of as_of."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from roadmap.present.terminal.layout import Block, Col, grid, say
from roadmap.present.terminal.layout import text as _t
from roadmap.words import count as _n
from roadmap.words import share, signed
from roadmap.words import words as _words

if TYPE_CHECKING:
    from roadmap.engine.rounds_diff import AssessmentDiff, CriterionDelta, ReciprocityDelta, ScopeDelta
    from roadmap.engine.trend import Trend, TrendRound


def print_diff(out: Console, diff: AssessmentDiff) -> None:
    """Two rounds of one partner: the split sentences, the domain table, criteria that changed."""
    say(out, f"{diff.partner} — {diff.old_as_of} ({diff.old_catalog}) → {diff.new_as_of} ({diff.new_catalog})",
        "bold")
    say(out, f"{diff.old_file} → {diff.new_file}")
    out.print()
    for line in diff.summary:
        say(out, line)
    out.print()
    _scopes(out, diff)
    if diff.criteria:
        out.print()
        _criteria(out, diff)
    if diff.dropped_new or diff.dropped_old:
        say(out, f"Dropped when rescoring: {', '.join(diff.dropped_new + diff.dropped_old)} "
                 "(not in the other catalog version)")
    if diff.reciprocity is not None:
        out.print()
        _reciprocity(out, diff.reciprocity)
    out.print()
    if diff.regressions:
        say(out, f"Regressions ({len(diff.regressions)}):", "red")
        for line in diff.regressions:
            say(out, f"  {line}")
    else:
        say(out, "No regressions: no tier in any view, no host commitment or partner contribution, no "
                 "criterion's tier and no decision went backwards.")


def _change(tiers: float, points: float) -> str:
    """'no change', 'same tier, +1.5 points', '−1 tier, −9.8 points', '+0.5 tier, +2.0 points'."""
    moved = bool(format(abs(points), ".1f").strip("0."))
    if not tiers and not moved:
        return "no change"
    tier = f"{share(tiers)} tier{'s' if abs(tiers) > 1 else ''}" if tiers else "same tier"
    return f"{tier}, " + (f"{signed(points, '.1f')} points" if moved else "no change in points")


def _scopes(out: Console, diff: AssessmentDiff) -> None:
    """The domains and overall: tiers and readiness from old to new; with two catalog versions or a
    change of decisions, each change split into progress, goalposts (and decisions)."""
    split = diff.catalogs_differ or diff.decisions_differ
    cols = [Col("domain"), Col("claimed", wrap=False), Col("verified", wrap=False), Col("readiness %")]
    if split:
        cols += [Col("progress"), Col("goalposts")] + ([Col("decisions")] if diff.decisions_differ else [])
    grid(out, cols, [_scope_row(s, split, diff.decisions_differ) for s in (*diff.domains, diff.overall)])
    if split:
        say(out, "progress: the partner's values and evidence; goalposts: the catalog version"
                 + ("; decisions: not-applicable and exception decisions in force" if diff.decisions_differ else "")
                 + ". Each is its mean effect over every order of applying the changes (docs/diff.md).")


def _scope_row(s: ScopeDelta, split: bool, decisions: bool) -> list[Text]:
    c, v, r = s.claimed, s.verified, s.readiness
    total = signed(r.total, ".1f")
    row = [_t(s.id, "bold" if s.id == "overall" else ""), _t(f"{c.old_id} → {c.new_id}"),
           _t(f"{v.old_id} → {v.new_id}"),
           _t(f"{r.old:.1f} → {r.new:.1f} " + ("(no change)" if total == "0.0" else f"({total})"))]
    if split:
        row += [_t(_change(c.progress, r.progress)), _t(_change(c.goalposts, r.goalposts))]
        if decisions:
            row.append(_t(_change(c.decisions, r.decisions)))
    return row


def _criteria(out: Console, diff: AssessmentDiff) -> None:
    split = diff.catalogs_differ
    say(out, f"Criteria that changed ({len(diff.criteria)}; {diff.unchanged} unchanged):", "bold")
    cols = [Col("criterion", wrap=False), Col("value"), Col("tier", wrap=False),
            Col("verified tier", wrap=False)]
    if split:
        cols += [Col("tier under " + diff.old_catalog), Col("catalog change")]
    grid(out, cols, [_criterion_row(cd, split) for cd in diff.criteria])


def _criterion_row(cd: CriterionDelta, split: bool) -> list[Text]:
    name = f"{cd.old_id} → {cd.id}" if cd.old_id else cd.id
    value = "\n".join(m.text for m in cd.measures) if cd.measures else f"{cd.old_shown} → {cd.new_shown}"
    row = [_t(name), _t(value),
           _t(f"{cd.old_tier or '—'} → {cd.new_tier or '—'}"),
           _t(f"{cd.old_verified_tier or '—'} → {cd.new_verified_tier or '—'}")]
    if split:
        row += [_t(cd.new_tier_under_old or "—"), _t(", ".join(_words(k) for k in cd.catalog_changes))]
    return row


def _reciprocity(out: Console, delta: ReciprocityDelta) -> None:
    """The disciplines whose commitment or delivered levels moved."""
    moved = [d for d in delta.disciplines
             if d.committed_change or d.host_delivered_old != d.host_delivered_new
             or d.partner_delivered_old != d.partner_delivered_new]
    if not moved:
        say(out, "Reciprocity: no change in commitments or delivered levels.")
        return
    say(out, "Reciprocity:", "bold")
    for d in moved:
        say(out, d.text, indent=2)


def print_trend(out: Console, trend: Trend) -> None:
    """Two rows per round, claimed then verified, so that every cell is one short value: overall
    tier and readiness, then a tier per domain. Too narrow for that: one block per round."""
    n = len(trend.rounds)
    say(out, f"{trend.partner} ⇄ {trend.host}: {_n(n, 'round')}", "bold")
    cols = [Col("as of", wrap=False), Col("catalog"), Col("view", wrap=False), Col("overall"),
            Col("readiness", "right", wrap=False),
            *(Col(prefix, wrap=False, least=4) for _, _, prefix in trend.domains)]
    rows: list[list[Text]] = []
    blocks: list[Block] = []
    ends = set()
    for i, r in enumerate(trend.rounds):
        rows += _trend_rows(trend, r)
        if i < n - 1:
            ends.add(len(rows) - 1)
        blocks.append(_trend_block(trend, r))
    grid(out, cols, rows, ends=ends, blocks=blocks)
    say(out, "Domains: " + ", ".join(f"{p} {name}" for _, name, p in trend.domains))
    say(out, "Files: " + ", ".join(f"{r.as_of} {r.file}" for r in trend.rounds))
    if any(r.catalog_changed for r in trend.rounds):
        say(out, "* the catalog changed since the previous round: 'roadmap diff' splits that change into "
                 "progress and goalposts.")
    if trend.plan is not None:
        out.print()
        _plan(out, trend)
    say(out, "'roadmap trend --format pdf' draws the rounds as charts.")


def _plan(out: Console, trend: Trend) -> None:
    """How the plan (`--plan`) stood at each round from its date on, and what slipped by the latest."""
    assert trend.plan is not None
    say(out, f"Plan {trend.plan.file} (as of {trend.plan.as_of}, {_n(trend.plan.items, 'item')}):", "bold")
    for r in trend.rounds:
        if r.plan is None:
            say(out, f"{r.as_of}: before the plan", indent=2)
            continue
        p = r.plan
        say(out, f"{r.as_of}: {p.closed} closed, {p.slipped} slipped, {p.open} open, {_n(p.new, 'new gap')}", indent=2)
    last = trend.rounds[-1].plan
    if last is not None and last.slipped_items:
        say(out, f"Slipped by {trend.rounds[-1].as_of} (due before it, still gaps):")
        for item in last.slipped_items:
            say(out, item, indent=2)


def _round_change(r: TrendRound) -> str:
    return "" if not r.change else f" ({signed(r.change)})"


def _round_catalog(r: TrendRound) -> str:
    return r.catalog + (" *" if r.catalog_changed else "")


def _trend_rows(trend: Trend, r: TrendRound) -> list[list[Text]]:
    """A round's two rows: claimed, then verified."""
    return [[_t(r.as_of), _t(_round_catalog(r)), _t("claimed"), _t(r.overall + _round_change(r)),
             _t(f"{r.readiness:.1f}%"), *(_t(r.domains.get(d, "—")) for d, _, _ in trend.domains)],
            [_t(""), _t(""), _t("verified"), _t(r.overall_verified), _t(f"{r.readiness_verified:.1f}%"),
             *(_t(r.domains_verified.get(d, "—")) for d, _, _ in trend.domains)]]


def _trend_block(trend: Trend, r: TrendRound) -> Block:
    """A round as a block: each figure claimed and verified on one line."""
    both = [("overall", f"{r.overall}{_round_change(r)} claimed, {r.overall_verified} verified"),
            ("readiness", f"{r.readiness:.1f}% claimed, {r.readiness_verified:.1f}% verified"),
            *((p, f"{r.domains.get(d, '—')} claimed, {r.domains_verified.get(d, '—')} verified")
              for d, _, p in trend.domains)]
    return _t(f"{r.as_of} · {_round_catalog(r)}"), [(k, _t(v)) for k, v in both]
