"""`roadmap diff` and `roadmap trend` on the terminal: two rounds of one partner side by side, and
all of its rounds in order of as_of."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from roadmap.i18n import _, date, ngettext, percent
from roadmap.present.terminal.layout import Block, Col, grid, labelled, say
from roadmap.present.terminal.layout import text as _t
from roadmap.words import count, listing, share, signed, tier_word
from roadmap.words import words as _words

if TYPE_CHECKING:
    from roadmap.engine.rounds_diff import AssessmentDiff, CriterionDelta, ReciprocityDelta, ScopeDelta
    from roadmap.engine.trend import Trend, TrendRound


def print_diff(out: Console, diff: AssessmentDiff) -> None:
    """Two rounds of one partner: the split sentences, the domain table, criteria that changed."""
    say(out, _("%(partner)s — %(old)s (%(old_catalog)s) → %(new)s (%(new_catalog)s)", partner=diff.partner,
               old=_day(diff.old_as_of), old_catalog=diff.old_catalog, new=_day(diff.new_as_of),
               new_catalog=diff.new_catalog), "bold")
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
        say(out, _("Dropped when rescoring: %(ids)s (not in the other catalog version)",
                   ids=", ".join(diff.dropped_new + diff.dropped_old)))
    if diff.reciprocity is not None:
        out.print()
        _reciprocity(out, diff.reciprocity)
    out.print()
    if diff.regressions:
        say(out, _("Regressions (%(n)s):", n=len(diff.regressions)), "red")
        for line in diff.regressions:
            say(out, f"  {line}")
    else:
        say(out, _("No regressions: no tier in any view, no host commitment or partner contribution, no criterion's "
                   "tier and no decision went backwards."))


def _translated() -> bool:
    from roadmap.i18n import current

    return current().translated


def _day(iso: str) -> str:
    """An ISO date of a result, as the current language writes dates."""
    return date(dt.date.fromisoformat(iso))


def _change(tiers: float, points: float) -> str:
    """'no change', 'same tier, +1.5 points', '−1 tier, −9.8 points', '+0.5 tier, +2.0 points'."""
    moved = bool(format(abs(points), ".1f").strip("0."))
    if not tiers and not moved:
        return _("no change")
    # a whole number of tiers picks its plural form; a share of one (0.5) reads as one
    tier = ngettext("%(tiers)s tier", "%(tiers)s tiers", 2 if abs(tiers) > 1 else 1, tiers=share(tiers)) if tiers \
        else _("same tier")
    points_moved = _("%(points)s points", points=signed(points, ".1f")) if moved else _("no change in points")
    return _("%(tiers)s, %(points)s", tiers=tier, points=points_moved)


def _scopes(out: Console, diff: AssessmentDiff) -> None:
    """The domains and overall: tiers and readiness from old to new; with two catalog versions or a
    change of decisions, each change split into progress, goalposts (and decisions)."""
    split = diff.catalogs_differ or diff.decisions_differ
    cols = [Col(_("domain")), Col(_("claimed"), wrap=False), Col(_("verified"), wrap=False), Col(_("readiness %%"))]
    if split:
        cols += [Col(_("progress")), Col(_("goalposts"))] + ([Col(_("decisions"))] if diff.decisions_differ else [])
    grid(out, cols, [_scope_row(s, split, diff.decisions_differ) for s in (*diff.domains, diff.overall)])
    if split and diff.decisions_differ:
        say(out, _("progress: the partner's values and evidence; goalposts: the catalog version; decisions: "
                   "not-applicable and exception decisions in force. Each is its mean effect over every order of "
                   "applying the changes (docs/diff.md)."))
    elif split:
        say(out, _("progress: the partner's values and evidence; goalposts: the catalog version. Each is its mean "
                   "effect over every order of applying the changes (docs/diff.md)."))


def _scope_row(s: ScopeDelta, split: bool, decisions: bool) -> list[Text]:
    c, v, r = s.claimed, s.verified, s.readiness
    total = signed(r.total, ".1f")
    scope = s.name if s.id != "overall" and _translated() else s.id
    row = [_t(_("overall") if s.id == "overall" else scope, "bold" if s.id == "overall" else ""),
           _t(f"{tier_word(c.old_id)} → {tier_word(c.new_id)}"), _t(f"{tier_word(v.old_id)} → {tier_word(v.new_id)}"),
           _t(f"{r.old:.1f} → {r.new:.1f} "
              + (_("(no change)") if total == "0.0" else _("(%(change)s)", change=total)))]
    if split:
        row += [_t(_change(c.progress, r.progress)), _t(_change(c.goalposts, r.goalposts))]
        if decisions:
            row.append(_t(_change(c.decisions, r.decisions)))
    return row


def _criteria(out: Console, diff: AssessmentDiff) -> None:
    split = diff.catalogs_differ
    say(out, _("Criteria that changed (%(n)s; %(unchanged)s unchanged):", n=len(diff.criteria),
               unchanged=diff.unchanged), "bold")
    cols = [Col(_("criterion"), wrap=False), Col(_("value")), Col(_("tier"), wrap=False),
            Col(_("verified tier"), wrap=False)]
    if split:
        cols += [Col(_("tier under %(ref)s", ref=diff.old_catalog)), Col(_("catalog change"))]
    grid(out, cols, [_criterion_row(cd, split) for cd in diff.criteria])


def _criterion_row(cd: CriterionDelta, split: bool) -> list[Text]:
    name = f"{cd.old_id} → {cd.id}" if cd.old_id else cd.id
    value = "\n".join(m.text for m in cd.measures) if cd.measures else f"{cd.old_shown} → {cd.new_shown}"
    row = [_t(name), _t(value),
           _t(f"{tier_word(cd.old_tier or '—')} → {tier_word(cd.new_tier or '—')}"),
           _t(f"{tier_word(cd.old_verified_tier or '—')} → {tier_word(cd.new_verified_tier or '—')}")]
    if split:
        row += [_t(tier_word(cd.new_tier_under_old or "—")), _t(listing(_words(k) for k in cd.catalog_changes))]
    return row


def _reciprocity(out: Console, delta: ReciprocityDelta) -> None:
    """The disciplines whose commitment or delivered levels moved."""
    moved = [d for d in delta.disciplines
             if d.committed_change or d.host_delivered_old != d.host_delivered_new
             or d.partner_delivered_old != d.partner_delivered_new]
    if not moved:
        say(out, _("Reciprocity: no change in commitments or delivered levels."))
        return
    say(out, _("Reciprocity:"), "bold")
    for d in moved:
        say(out, d.text, indent=2)


def print_trend(out: Console, trend: Trend) -> None:
    """Two rows per round, claimed then verified, so that every cell is one short value: overall
    tier and readiness, then a tier per domain. Too narrow for that: one block per round."""
    n = len(trend.rounds)
    rounds = count(n, "%(num)d round", "%(num)d rounds")
    say(out, labelled(f"{trend.partner} ⇄ {trend.host}", rounds), "bold")
    cols = [Col(_("as of"), wrap=False), Col(_("catalog")), Col(_("view"), wrap=False), Col(_("overall")),
            Col(_("readiness"), "right", wrap=False),
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
    say(out, _("Domains: %(domains)s", domains=", ".join(f"{p} {name}" for _id, name, p in trend.domains)))
    say(out, _("Files: %(files)s", files=", ".join(f"{_day(r.as_of)} {r.file}" for r in trend.rounds)))
    if any(r.catalog_changed for r in trend.rounds):
        say(out, _("* the catalog changed since the previous round: 'roadmap diff' splits that change into progress "
                   "and goalposts."))
    if trend.plan is not None:
        out.print()
        _plan(out, trend)
    say(out, _("'roadmap trend --format pdf' draws the rounds as charts."))


def _plan(out: Console, trend: Trend) -> None:
    """How the plan (`--plan`) stood at each round from its date on, and what slipped by the latest."""
    assert trend.plan is not None
    say(out, _("Plan %(file)s (as of %(date)s, %(items)s):", file=trend.plan.file, date=_day(trend.plan.as_of),
               items=count(trend.plan.items, "%(num)d item", "%(num)d items")), "bold")
    for r in trend.rounds:
        if r.plan is None:
            say(out, _("%(date)s: before the plan", date=_day(r.as_of)), indent=2)
            continue
        p = r.plan
        say(out, _("%(date)s: %(closed)s, %(slipped)d slipped, %(open)d open, %(new)s", date=_day(r.as_of),
                   closed=p.closed_said, slipped=p.slipped, open=p.open,
                   new=count(p.new, "%(num)d new gap", "%(num)d new gaps")), indent=2)
    last = trend.rounds[-1].plan
    if last is not None and last.slipped_items:
        say(out, _("Slipped by %(date)s (due before it, still gaps):", date=_day(trend.rounds[-1].as_of)))
        for item in last.slipped_items:
            say(out, item, indent=2)


def _round_change(r: TrendRound) -> str:
    return "" if not r.change else f" ({signed(r.change)})"


def _round_catalog(r: TrendRound) -> str:
    return r.catalog + (" *" if r.catalog_changed else "")


def _trend_rows(trend: Trend, r: TrendRound) -> list[list[Text]]:
    """A round's two rows: claimed, then verified."""
    return [[_t(_day(r.as_of)), _t(_round_catalog(r)), _t(_("claimed")), _t(tier_word(r.overall) + _round_change(r)),
             _t(percent(r.readiness, 1)), *(_t(tier_word(r.domains.get(d, "—"))) for d, _n, _p in trend.domains)],
            [_t(""), _t(""), _t(_("verified")), _t(tier_word(r.overall_verified)), _t(percent(r.readiness_verified, 1)),
             *(_t(tier_word(r.domains_verified.get(d, "—"))) for d, _n, _p in trend.domains)]]


def _trend_block(trend: Trend, r: TrendRound) -> Block:
    """A round as a block: each figure claimed and verified on one line."""
    def both(claimed: str, verified: str) -> str:
        return _("%(claimed)s claimed, %(verified)s verified", claimed=claimed, verified=verified)

    lines = [(_("overall"), both(tier_word(r.overall) + _round_change(r), tier_word(r.overall_verified))),
             (_("readiness"), both(percent(r.readiness, 1), percent(r.readiness_verified, 1))),
             *((p, both(tier_word(r.domains.get(d, "—")), tier_word(r.domains_verified.get(d, "—"))))
               for d, _n, p in trend.domains)]
    return _t(f"{_day(r.as_of)} · {_round_catalog(r)}"), [(k, _t(v)) for k, v in lines]
