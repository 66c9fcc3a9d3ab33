"""Terminal renderings of results (rich). Untrusted text is printed with markup disabled."""

from __future__ import annotations

import os
from typing import IO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from roadmap.models.catalog import Catalog, Criterion
from roadmap.scoring import Score, fmt_target, fmt_value


def console(file: IO[str] | None = None) -> Console:
    width = None if os.isatty(1) else int(os.environ.get("COLUMNS", "120"))
    return Console(file=file, width=width, highlight=False, emoji=False, markup=False,
                   soft_wrap=False)


def _t(text: object, style: str = "") -> Text:
    """Literal text: never interpreted as rich markup."""
    return Text(str(text), style=style)


def print_score(out: Console, score: Score, catalog: Catalog, *, top: int = 10) -> None:
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
    if score.not_assessed:
        out.print()
        out.print(_t(f"Not assessed ({len(score.not_assessed)}), counted as unmet: "
                     + ", ".join(score.not_assessed[:12]) + (" …" if len(score.not_assessed) > 12 else "")))


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
