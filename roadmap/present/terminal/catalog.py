"""`roadmap criteria` on the terminal: a catalog's criteria, one criterion in full, and what changed
between two catalog versions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from roadmap.models.catalog import Catalog, Criterion
from roadmap.present.terminal.layout import Block, Col, block, grid, say
from roadmap.present.terminal.layout import text as _t
from roadmap.words import count as _n
from roadmap.words import words as _words

if TYPE_CHECKING:
    from roadmap.engine.criteria_diff import CatalogDiff, CriterionChange


def print_criteria(out: Console, catalog: Catalog) -> None:
    say(out, f"{catalog.ref} — {catalog.meta.title} ({catalog.meta.status}, "
             f"{_n(len(catalog.criteria), 'criterion', 'criteria')})", "bold")
    cols = [Col("id", wrap=False), Col("title"), Col("metric"), Col("gating", wrap=False),
            Col("weight", "right", wrap=False), *(Col(tid) for tid in catalog.tier_ids)]
    rows: list[list[Text]] = []
    blocks: list[Block] = []
    for d in catalog.meta.domains:
        for c in catalog.in_domain(d.id):
            cells = [_t(c.metric.short()), _t("yes" if c.gating else "no"), _t(c.weight),
                     *(_t(c.metric.target_short(c.targets[t].value) if t in c.targets else "—")
                       for t in catalog.tier_ids)]
            rows.append([_t(c.id), _t(c.title), *cells])
            blocks.append(block(f"{c.id} {c.title}", cols[2:], cells))
    grid(out, cols, rows, blocks=blocks)


def print_criterion(out: Console, catalog: Catalog, c: Criterion) -> None:
    say(out, f"{c.id} — {c.title}", "bold")
    table = Table(show_header=False, show_edge=False, pad_edge=False, box=None)
    table.add_column("k", style="bold", no_wrap=True)
    table.add_column("v", overflow="fold")
    for k, v in _facts(catalog, c):
        table.add_row(_t(k), _t(v))
    out.print(table)


def _facts(catalog: Catalog, c: Criterion) -> list[tuple[str, str]]:
    """What `criteria show` lists of a criterion, as (label, value) in the order shown."""
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
        target = c.targets.get(t)
        rows.append((f"target {t}", "not required" if target is None else
                     f"{c.metric.format_target(target.value)}   [basis: {target.basis}]"))
    rows.append(("evidence", "; ".join(c.evidence.expects)))
    rows.append(("verification", ", ".join(f"{t} {_words(v)}" for t, v in c.evidence.verification.items())
                 + f"; max age {c.evidence.max_age_days} days"))
    for r in c.references:
        rows.append(("reference", f"{r.source}" + (f", {r.section}" if r.section else "")))
    rows.append(("remediation", c.remediation))
    if c.tags:
        rows.append(("tags", ", ".join(c.tags)))
    return rows


def print_criteria_diff(out: Console, diff: CatalogDiff) -> None:
    """Criterion by criterion, every change class with old → new, and the changelog's reasons."""
    _diff_heading(out, diff)
    if diff.criteria:
        out.print()
    for c in diff.criteria:
        _criterion_change(out, c, diff.backward)
    if diff.meta:
        out.print()
        say(out, "Catalog rules:", "bold")
        for m in diff.meta:
            say(out, m.text + (" [tightening]" if m.tightening else ""), indent=2)
    if diff.criteria or diff.meta or diff.changelog:
        out.print()
    if diff.tightened:
        say(out, f"Tightening ({len(diff.tightened)}): {', '.join(diff.tightened)}")
    else:
        say(out, "No tightening: nothing asks more of the partner than before.")
    if diff.loosened:
        say(out, f"Loosening ({len(diff.loosened)}): {', '.join(diff.loosened)}")


def _diff_heading(out: Console, diff: CatalogDiff) -> None:
    """How many criteria changed, the direction, the changelog, the renames and the change classes."""
    say(out, f"{diff.old} → {diff.new}: {_n(len(diff.criteria), 'criterion', 'criteria')} changed, "
             f"{diff.unchanged} unchanged", "bold")
    if diff.backward:
        say(out, f"Going back: {diff.old} is the later version. Its changelog, below, gives the reasons for "
                 "the changes this diff undoes.")
    for entry in diff.changelog:
        say(out, f"changelog {entry.version} ({entry.date}):")
        for line in entry.changes:
            say(out, f"- {line}", indent=2)
    if diff.renamed:
        say(out, "renamed: " + ", ".join(f"{o} → {n}" for o, n in diff.renamed.items()))
    if diff.counts:
        say(out, "classes: " + ", ".join(f"{_words(k)} {v}" for k, v in diff.counts.items()))


def _criterion_change(out: Console, c: CriterionChange, backward: bool) -> None:
    """One changed criterion: its classes, each change but the rename (in its name), and the reasons."""
    name = f"{c.old_id} → {c.id}" if c.old_id and c.old_id != c.id else c.id
    flag = " [tightening]" if c.tightening else " [loosening]" if c.loosening else ""
    say(out, f"{name} {c.title} ({c.domain}): {', '.join(_words(k) for k in c.kinds)}{flag}", "bold")
    for ch in c.changes:
        if ch.kind != "renamed":
            say(out, ch.text, indent=2)
    for why in c.reasons:
        say(out, f"{'undoes' if backward else 'why'}: {why}", indent=2)
