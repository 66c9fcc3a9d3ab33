"""Terminal renderings of results (rich). Untrusted text is printed with markup disabled."""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from roadmap.models.catalog import Catalog, Criterion
from roadmap.scoring import Score, fmt_target, fmt_value

if TYPE_CHECKING:
    from roadmap.diff import AssessmentDiff, CatalogDiff
    from roadmap.reciprocity import History, Ledger
    from roadmap.trend import Trend


def console(file: IO[str] | None = None) -> Console:
    width = None if os.isatty(1) else int(os.environ.get("COLUMNS", "120"))
    return Console(file=file, width=width, highlight=False, emoji=False, markup=False,
                   soft_wrap=False)


def _t(text: object, style: str = "") -> Text:
    """Literal text: never interpreted as rich markup."""
    return Text(str(text), style=style)


def print_score(out: Console, score: Score, catalog: Catalog, *, top: int = 10,
                reciprocity: Ledger | None = None) -> None:
    c, v, s = score.claimed, score.verified, score.strict
    out.print(_t(f"{score.partner} — readiness for sharing with {score.host}", "bold"))
    out.print(_t(f"catalog {score.catalog} · as of {score.as_of.isoformat()}"))
    out.print()
    line = Text()
    line.append("Overall tier: ", style="bold")
    line.append(f"{c.overall_tier_id}", style="bold cyan")
    line.append(f" claimed · {v.overall_tier_id} verified · {s.overall_tier_id} strict (N/A counted as unmet)")
    out.print(line)
    if score.next_tier:
        tier = next(t for t in catalog.meta.tiers if t.id == score.next_tier)
        out.print(_t(f"Next tier: {tier.id} {tier.name} — {len(score.gaps)} gap(s) to close, "
                     f"{sum(1 for g in score.gaps if g.gating)} gating. Unlocks: {tier.unlocks}"))
    else:
        out.print(_t("Top tier reached: no gaps."))
    out.print()
    table = Table(title=None, show_edge=False, pad_edge=False)
    for col, just in (("domain", "left"), ("claimed", "center"), ("verified", "center"),
                      ("strict", "center"), ("readiness", "right"), ("verified rd.", "right"),
                      ("capped by", "left")):
        table.add_column(col, justify=just)  # type: ignore[arg-type]
    for dc, dv, ds in zip(c.domains, v.domains, s.domains, strict=True):
        table.add_row(_t(dc.name), _t(dc.tier_id), _t(dv.tier_id), _t(ds.tier_id),
                      _t(f"{dc.readiness:.0f}%"), _t(f"{dv.readiness:.0f}%"), _t(", ".join(dc.capped_by) or "—"))
    table.add_row(_t("Overall", "bold"), _t(c.overall_tier_id, "bold"), _t(v.overall_tier_id, "bold"),
                  _t(s.overall_tier_id, "bold"), _t(f"{c.readiness:.0f}%", "bold"),
                  _t(f"{v.readiness:.0f}%", "bold"), _t(""))
    out.print(table)
    if score.gaps:
        out.print()
        out.print(_t(f"Gaps to {score.next_tier} (gating first, then weight × distance):", "bold"))
        gt = Table(show_edge=False, pad_edge=False)
        for col in ("#", "criterion", "domain", "now", "target", "gating", "weight"):
            gt.add_column(col)
        for i, g in enumerate(score.gaps[:top], start=1):
            crit = catalog.by_id[g.id]
            now = fmt_value(crit, g.value) if g.status == "assessed" else g.status.replace("_", " ")
            gt.add_row(_t(i), _t(f"{g.id} {g.title}"), _t(g.domain), _t(now), _t(fmt_target(crit, g.target)),
                       _t("yes" if g.gating else ""), _t(g.weight))
        out.print(gt)
        if len(score.gaps) > top:
            out.print(_t(f"… and {len(score.gaps) - top} more (roadmap score --json lists all, with remediation)"))
    if score.evidence_gaps:
        out.print()
        n = len(score.evidence_gaps)
        out.print(_t(f"To make {score.evidence_target} count as verified, bring the evidence of {n} "
                     f"criterion{'s' if n != 1 else ''} up to what the tier requires:", "bold"))
        for eg in score.evidence_gaps[:top]:
            out.print(_t(f"  {eg.id} {eg.title}: {eg.reason}"))
        if n > top:
            out.print(_t(f"  … and {n - top} more (roadmap score --json lists all)"))
    if score.not_assessed:
        out.print()
        out.print(_t(f"Not assessed ({len(score.not_assessed)}), counted as unmet: "
                     + ", ".join(score.not_assessed[:12]) + (" …" if len(score.not_assessed) > 12 else "")))
    if reciprocity is not None:
        out.print()
        if reciprocity.ok:
            summary = f"Reciprocity at {score.claimed.overall_tier_id}: every commitment kept on both sides"
        else:
            summary = (f"Reciprocity at {score.claimed.overall_tier_id}: {reciprocity.broken} broken host "
                       f"commitment(s), {reciprocity.short} partner shortfall(s)")
        out.print(_t(summary + " (roadmap reciprocity FILE for the ledger)"))
        for finding in reciprocity.findings[:5]:
            out.print(_t(f"  {finding.side}: {finding.message}"))
        if len(reciprocity.findings) > 5:
            out.print(_t(f"  … and {len(reciprocity.findings) - 5} more"))


def print_criteria(out: Console, catalog: Catalog) -> None:
    out.print(_t(f"{catalog.ref} — {catalog.meta.title} ({catalog.meta.status}, {len(catalog.criteria)} criteria)",
                 "bold"))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("id", no_wrap=True, min_width=6)
    table.add_column("title", no_wrap=True, max_width=36, overflow="ellipsis")
    table.add_column("metric", no_wrap=True, min_width=8)
    table.add_column("gate", no_wrap=True, min_width=4)
    table.add_column("w", no_wrap=True, min_width=1)
    for tid in catalog.tier_ids:
        table.add_column(tid, no_wrap=True, max_width=12, overflow="ellipsis")
    for d in catalog.meta.domains:
        for c in catalog.in_domain(d.id):
            table.add_row(_t(c.id), _t(c.title), _t(_metric_short(c)), _t("✓" if c.gating else ""), _t(c.weight),
                          *(_t(_target_short(c, c.targets[t].value) if t in c.targets else "—")
                            for t in catalog.tier_ids))
    out.print(table)


_UNITS = {"minutes": "min", "hours": "h", "days": "d", "months": "mo", "years": "y"}


def _metric_short(c: Criterion) -> str:
    m = c.metric
    if m.type == "duration":
        return f"time ({_UNITS[m.unit or 'days']})"
    return {"boolean": "yes/no", "percentage": "%", "ordinal": "level"}.get(m.type, m.type)


def _target_short(c: Criterion, value: object) -> str:
    m = c.metric
    if m.type == "ordinal":
        return str(value)
    if m.type == "boolean":
        return "yes" if value else "no"
    op = "≥" if m.direction == "higher" else "≤"
    unit = "%" if m.type == "percentage" else f" {_UNITS[m.unit]}" if m.unit else ""
    return f"{op} {value:g}{unit}" if isinstance(value, float) else f"{op} {value}{unit}"


def print_criterion(out: Console, catalog: Catalog, c: Criterion) -> None:
    out.print(_t(f"{c.id} — {c.title}", "bold"))
    rows = [
        ("catalog", catalog.ref),
        ("domain", catalog.domain_of[c.id]),
        ("gating", "yes — failing it caps the domain tier" if c.gating else "no"),
        ("weight", str(c.weight)),
        ("statement", c.statement),
        ("rationale", c.rationale),
        ("metric", c.metric.describe()),
    ]
    for t in catalog.tier_ids:
        if t in c.targets:
            rows.append((f"target {t}", f"{fmt_target(c, c.targets[t].value)}   [basis: {c.targets[t].basis}]"))
        else:
            rows.append((f"target {t}", "not required"))
    rows.append(("evidence", "; ".join(c.evidence.expects)))
    rows.append(("verification", ", ".join(f"{t} {v}" for t, v in c.evidence.verification.items())
                 + f"; max age {c.evidence.max_age_days} days"))
    for r in c.references:
        rows.append(("reference", f"{r.source}" + (f", {r.section}" if r.section else "")))
    rows.append(("remediation", c.remediation))
    if c.tags:
        rows.append(("tags", ", ".join(c.tags)))
    table = Table(show_header=False, show_edge=False, pad_edge=False, box=None)
    table.add_column("k", style="bold", no_wrap=True)
    table.add_column("v")
    for k, v in rows:
        table.add_row(_t(k), _t(v))
    out.print(table)


_HOST_WORDS = {"delivered": "delivered", "exceeded": "exceeded", "broken": "broken",
               "not_recorded": "not recorded"}


def _short(status: str, short_by: int) -> str:
    if status == "short":
        return f"short by {short_by}"
    word = _HOST_WORDS.get(status, status)
    return f"{word}, short by {short_by}" if short_by else word


def print_reciprocity(out: Console, ledger: Ledger, file: str) -> None:
    """The two-way matrix of one assessment: discipline × direction, then findings and unlocks."""
    p, h = ledger.partner, ledger.host
    out.print(_t(f"{p} ⇄ {h} — reciprocity ledger ({file})", "bold"))
    period = (f" · period {ledger.period_start.isoformat()} to {ledger.period_end.isoformat()}"
              if ledger.period_start and ledger.period_end else "")
    out.print(_t(f"catalog {ledger.catalog} · as of {ledger.as_of.isoformat()} · "
                 f"tier reached {ledger.tier_id}{period}"))
    if not ledger.recorded:
        out.print(_t(f"no reciprocity section in {file}: nothing delivered is recorded; "
                     f"showing the commitments due at {ledger.tier_id}", "yellow"), soft_wrap=True)
    out.print()
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for col in ("discipline", "direction", "committed/expected", "delivered", "status", "parity"):
        table.add_column(col, no_wrap=True)
    for d in ledger.disciplines:
        hs, ps = d.host, d.partner
        committed = hs.committed + (f" (cap; {hs.tier_commitment} due)" if hs.capped else "")
        table.add_row(_t(d.id), _t(f"{h} → {p}"), _t(committed), _t(hs.delivered or "—"),
                      _t(_short(hs.status, hs.short_by), "red" if hs.status == "broken" else ""), _t(""))
        expected = f"{ps.expected} ({ps.capability})" if ps.expected else "—"
        table.add_row(_t(""), _t(f"{p} → {h}"), _t(expected), _t(ps.delivered or "—"),
                      _t(_short(ps.status, ps.short_by), "red" if ps.status == "short" else ""),
                      _t("—" if d.parity is None else f"{d.parity:.2f}"))
    out.print(table)
    out.print()
    if ledger.findings:
        out.print(_t(f"Findings ({ledger.broken} broken host commitment(s), "
                     f"{ledger.short} partner shortfall(s)):", "bold"))
        for f in ledger.findings:
            out.print(_t(f"  {f.side}: {f.message}"), soft_wrap=True)
    elif ledger.recorded:
        out.print(_t("No findings: every recorded commitment and expectation is met."))
    if ledger.not_recorded and ledger.recorded:
        out.print(_t(f"Not recorded: {', '.join(ledger.not_recorded)}"))
    target = f" (target at {ledger.tier_id}: {ledger.parity_target:g})" if ledger.parity_target is not None else ""
    value = "—" if ledger.parity is None else f"{ledger.parity:.2f}"
    out.print(_t(f"Parity ({p} ÷ {h}): {value}{target} — {ledger.parity_rule}"), soft_wrap=True)
    unlocks = [d for d in ledger.disciplines if d.next is not None]
    if unlocks:
        nxt = unlocks[0].next
        assert nxt is not None
        out.print()
        out.print(_t(f"Next tier {nxt.tier} would unlock:", "bold"))
        ut = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        for col in ("discipline", f"{h} now", f"{h} at {nxt.tier}", "change", f"{p} expected at {nxt.tier}"):
            ut.add_column(col, no_wrap=True)
        for d in unlocks:
            n = d.next
            assert n is not None
            ut.add_row(_t(d.id), _t(n.host_now), _t(n.host_next),
                       _t(f"+{n.raised_by}" if n.raised_by else "same"), _t(n.partner_expected_next or "—"))
        out.print(ut)
    else:
        out.print(_t("Top tier reached: nothing further to unlock."))


def print_history(out: Console, history: History) -> None:
    """Rounds as columns; per discipline and side, delivered of committed/expected and its status."""
    n = len(history.rounds)
    out.print(_t(f"History: {history.partner} ⇄ {history.host}, {n} round{'s' if n != 1 else ''}", "bold"))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("", no_wrap=True)
    for r in history.rounds:
        table.add_column(r.as_of.isoformat(), no_wrap=True)
    table.add_row(_t("file"), *(_t(Path(r.file).name) for r in history.rounds))
    table.add_row(_t("tier reached"), *(_t(r.tier_id) for r in history.rounds))
    for did in history.disciplines:
        host_cells, partner_cells = [], []
        for r in history.rounds:
            c = r.cells.get(did)
            if c is None:
                host_cells.append(_t("—"))
                partner_cells.append(_t("—"))
                continue
            host_cells.append(_t(f"{c.host_committed} due, not recorded" if c.host_delivered is None else
                                 f"{c.host_delivered} of {c.host_committed} {_HOST_WORDS[c.host_status]}"))
            partner_cells.append(_t("not recorded" if c.partner_expected is None else
                                    f"{c.partner_delivered} of {c.partner_expected} "
                                    f"{c.partner_status} ({c.capability})"))
        table.add_row(_t(f"{did} {history.host} →"), *host_cells)
        table.add_row(_t(f"{did} {history.partner} →"), *partner_cells)
    table.add_row(_t("kept / broken"), *(_t(f"{r.kept} / {r.broken}") for r in history.rounds))
    table.add_row(_t("met / short"), *(_t(f"{r.met} / {r.short}") for r in history.rounds))
    table.add_row(_t("parity"), *(_t("—" if r.parity is None else f"{r.parity:.2f}") for r in history.rounds))
    out.print(table)


# -- diffs and trends (roadmap/diff.py, roadmap/trend.py) -----------------------------------------

def print_criteria_diff(out: Console, diff: CatalogDiff) -> None:
    """Criterion by criterion, every change class with old → new, and the changelog's reasons."""
    out.print(_t(f"{diff.old} → {diff.new}: {len(diff.criteria)} criteria changed, {diff.unchanged} unchanged",
                 "bold"))
    for entry in diff.changelog:
        out.print(_t(f"changelog {entry.version} ({entry.date}):"))
        for line in entry.changes:
            out.print(_t(f"  - {line}"), soft_wrap=True)
    if diff.renamed:
        out.print(_t("renamed: " + ", ".join(f"{o} → {n}" for o, n in diff.renamed.items())))
    if diff.counts:
        out.print(_t("classes: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in diff.counts.items())))
    out.print()
    for c in diff.criteria:
        name = f"{c.old_id} → {c.id}" if c.old_id and c.old_id != c.id else c.id
        flag = " [tightening]" if c.tightening else " [loosening]" if c.loosening else ""
        out.print(_t(f"{name} {c.title} ({c.domain}): {', '.join(k.replace('_', ' ') for k in c.kinds)}{flag}",
                     "bold"), soft_wrap=True)
        for ch in c.changes:
            if ch.kind == "renamed":
                continue
            out.print(_t(f"  {ch.text}"), soft_wrap=True)
        for why in c.reasons:
            out.print(_t(f"  why: {why}"), soft_wrap=True)
    if diff.meta:
        out.print()
        out.print(_t("Catalog rules:", "bold"))
        for m in diff.meta:
            out.print(_t(f"  {m.text}" + (" [tightening]" if m.tightening else "")), soft_wrap=True)
    out.print()
    if diff.tightened:
        out.print(_t(f"Tightening ({len(diff.tightened)}): {', '.join(diff.tightened)}"), soft_wrap=True)
    else:
        out.print(_t("No tightening: nothing asks more of the partner than before."))
    if diff.loosened:
        out.print(_t(f"Loosening ({len(diff.loosened)}): {', '.join(diff.loosened)}"), soft_wrap=True)


def _signed(n: float, fmt: str = "d") -> str:
    text = format(abs(n), fmt)
    return ("+" if n > 0 else "−" if n < 0 else "") + text


def print_diff(out: Console, diff: AssessmentDiff) -> None:
    """Two rounds of one partner: the split sentences, the domain table, criteria that changed."""
    out.print(_t(f"{diff.partner} — {diff.old_as_of} ({diff.old_catalog}) → {diff.new_as_of} ({diff.new_catalog})",
                 "bold"))
    out.print(_t(f"{diff.old_file} → {diff.new_file}"))
    out.print()
    for line in diff.summary:
        out.print(_t(line), soft_wrap=True)
    out.print()
    split = diff.catalogs_differ
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    cols = ["domain", "claimed", "verified", "readiness %"] + (["progress", "goalposts"] if split else [])
    for col in cols:
        table.add_column(col, no_wrap=True)
    for s in (*diff.domains, diff.overall):
        c, v, r = s.claimed, s.verified, s.readiness
        row = [_t(s.id, "bold" if s.id == "overall" else ""), _t(f"{c.old_id} → {c.new_id}"),
               _t(f"{v.old_id} → {v.new_id}"), _t(f"{r.old:.1f} → {r.new:.1f} ({_signed(r.total, '.1f')})")]
        if split:
            row += [_t(f"{_signed(c.progress)} tier, {_signed(r.progress, '.1f')} pts"),
                    _t(f"{_signed(c.goalposts)} tier, {_signed(r.goalposts, '.1f')} pts")]
        table.add_row(*row)
    out.print(table)
    if split:
        out.print(_t(f"progress: {diff.new_as_of} round against {diff.old_as_of} round, both under {diff.old_catalog}; "
                     f"goalposts: {diff.new_as_of} round under {diff.new_catalog} against {diff.old_catalog}"),
                  soft_wrap=True)
    if diff.criteria:
        out.print()
        out.print(_t(f"Criteria that changed ({len(diff.criteria)}; {diff.unchanged} unchanged):", "bold"))
        ct = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        for col in ("criterion", "value", "tier", "verified",
                    *(["under " + diff.old_catalog, "catalog change"] if split else [])):
            ct.add_column(col, no_wrap=col != "catalog change")
        for cd in diff.criteria:
            name = f"{cd.old_id} → {cd.id}" if cd.old_id else cd.id
            row = [_t(name), _t(f"{cd.old_shown} → {cd.new_shown}"),
                   _t(f"{cd.old_tier or '—'} → {cd.new_tier or '—'}"),
                   _t(f"{cd.old_verified_tier or '—'} → {cd.new_verified_tier or '—'}")]
            if split:
                row += [_t(cd.new_tier_under_old or "—"),
                        _t(", ".join(k.replace("_", " ") for k in cd.catalog_changes))]
            ct.add_row(*row)
        out.print(ct)
    if diff.dropped_new or diff.dropped_old:
        out.print(_t(f"Dropped when rescoring: {', '.join(diff.dropped_new + diff.dropped_old)} "
                     "(not in the other catalog version)"), soft_wrap=True)
    if diff.reciprocity is not None:
        moved = [d for d in diff.reciprocity.disciplines
                 if d.committed_change or d.host_delivered_old != d.host_delivered_new
                 or d.partner_delivered_old != d.partner_delivered_new]
        out.print()
        if moved:
            out.print(_t("Reciprocity:", "bold"))
            for d in moved:
                out.print(_t(f"  {d.text}"), soft_wrap=True)
        else:
            out.print(_t("Reciprocity: no change in commitments or delivered levels."))
    out.print()
    if diff.regressions:
        out.print(_t(f"Regressions ({len(diff.regressions)}): {'; '.join(diff.regressions)}", "red"), soft_wrap=True)
    else:
        out.print(_t("No regressions: no tier and no host commitment went down."))


def print_trend(out: Console, trend: Trend) -> None:
    """Two rows per round, claimed then verified, so that every cell is one short value and the
    table fits 120 columns with many domains: overall tier and readiness, then a tier per domain."""
    n = len(trend.rounds)
    out.print(_t(f"{trend.partner} ⇄ {trend.host}: {n} round{'s' if n != 1 else ''}", "bold"))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for col in ("as of", "catalog", "view", "overall", "readiness"):
        table.add_column(col, no_wrap=True, min_width=len(col), justify="right" if col == "readiness" else "left")
    for _, _, prefix in trend.domains:
        table.add_column(prefix, no_wrap=True, min_width=4)

    for i, r in enumerate(trend.rounds):
        change = "" if not r.change else f" ({_signed(r.change)})"
        table.add_row(_t(r.as_of), _t(r.catalog + (" *" if r.catalog_changed else "")), _t("claimed"),
                      _t(r.overall + change), _t(f"{r.readiness:.1f}%"),
                      *(_t(r.domains.get(d, "—")) for d, _, _ in trend.domains))
        table.add_row(_t(""), _t(""), _t("verified"), _t(r.overall_verified), _t(f"{r.readiness_verified:.1f}%"),
                      *(_t(r.domains_verified.get(d, "—")) for d, _, _ in trend.domains),
                      end_section=i < n - 1)
    out.print(table)
    out.print(_t("Domains: " + ", ".join(f"{p} {name}" for _, name, p in trend.domains)), soft_wrap=True)
    out.print(_t("Files: " + ", ".join(f"{r.as_of} {r.file}" for r in trend.rounds)), soft_wrap=True)
    if any(r.catalog_changed for r in trend.rounds):
        out.print(_t("* the catalog changed since the previous round: 'roadmap diff' splits that change into "
                     "progress and goalposts."), soft_wrap=True)
    out.print(_t("'roadmap trend --format pdf' draws the rounds as charts."), soft_wrap=True)
