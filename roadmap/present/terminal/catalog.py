"""`roadmap criteria` on the terminal: a catalog's criteria, one criterion in full, and what changed
between two catalog versions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from roadmap.models.catalog import Catalog, Criterion, Measure
from roadmap.models.profile import Profile
from roadmap.present.terminal.layout import Block, Col, block, grid, say
from roadmap.present.terminal.layout import text as _t
from roadmap.words import count as _n
from roadmap.words import words as _words

if TYPE_CHECKING:
    from roadmap.engine.controls import FrameworkMap
    from roadmap.engine.criteria_diff import CatalogDiff, CriterionChange


def print_criteria(out: Console, catalog: Catalog) -> None:
    say(out, f"{catalog.ref} — {catalog.meta.title} ({catalog.meta.status}, "
             f"{_n(len(catalog.criteria), 'criterion', 'criteria')}"
             + (f", {_n(sum(len(c.all_measures) for c in catalog.criteria), 'measure')}"
                if any(c.multi for c in catalog.criteria) else "") + ")", "bold")
    cols = [Col("id", wrap=False), Col("title"), Col("metric"), Col("gating", wrap=False),
            Col("weight", "right", wrap=False), *(Col(tid) for tid in catalog.tier_ids)]
    rows: list[list[Text]] = []
    blocks: list[Block] = []
    for d in catalog.meta.domains:
        for c in catalog.in_domain(d.id):
            head = [_t("yes" if c.gating else "no"), _t(c.weight)]
            if not c.multi:
                m = c.all_measures[0]
                cells = [_t(m.metric.short()), *head, *_target_cells(catalog, m)]
                rows.append([_t(c.id), _t(c.title), *cells])
                blocks.append(block(f"{c.id} {c.title}", cols[2:], cells))
                continue
            cells = [_t(_n(len(c.all_measures), "measure")), *head, *(_t("") for _ in catalog.tier_ids)]
            rows.append([_t(c.id), _t(c.title), *cells])
            blocks.append(block(f"{c.id} {c.title}", cols[2:4], cells[:2]))
            for m in c.all_measures:
                cells = [_t(m.metric.short()), _t(""), _t(""), *_target_cells(catalog, m)]
                rows.append([_t(""), _t(f"· {m.id}"), *cells])
                blocks.append(block(f"  · {m.id}: {m.title}", [cols[2], *cols[5:]], [cells[0], *cells[3:]]))
    grid(out, cols, rows, blocks=blocks)


def _target_cells(catalog: Catalog, m: Measure) -> list[Text]:
    return [_t(m.metric.target_short(m.targets[t].value) if t in m.targets else "—") for t in catalog.tier_ids]


def print_criterion(out: Console, catalog: Catalog, c: Criterion, profile: Profile | None = None) -> None:
    say(out, f"{c.id} — {c.title}", "bold")
    table = Table(show_header=False, show_edge=False, pad_edge=False, box=None)
    table.add_column("k", style="bold", no_wrap=True)
    table.add_column("v", overflow="fold")
    for k, v in _facts(catalog, c, profile):
        table.add_row(_t(k), _t(v))
    out.print(table)


def _facts(catalog: Catalog, c: Criterion, profile: Profile | None = None) -> list[tuple[str, str]]:
    """What `criteria show` lists of a criterion, as (label, value) in the order shown."""
    rows = [
        ("catalog", catalog.ref),
        ("domain", catalog.domain_of[c.id]),
        ("gating", "yes — failing it caps the domain tier" if c.gating else "no"),
        ("weight", str(c.weight)),
        ("statement", c.statement),
        ("rationale", c.rationale),
    ]
    if c.multi:
        rows += _measure_facts(catalog, c)
    else:
        m = c.all_measures[0]
        rows.append(("metric", m.metric.describe()))
        rows += [(f"target {t}", _target_fact(m, t)) for t in catalog.tier_ids]
    rows.append(("evidence", "; ".join(c.evidence.expects)))
    rows.append(("verification", ", ".join(f"{t} {_words(v)}" for t, v in c.evidence.verification.items())
                 + f"; max age {c.evidence.max_age_days} days"))
    for r in c.references:
        rows.append(("reference", f"{r.source}" + (f", {r.section}" if r.section else "")))
    for framework, ids in (c.controls.by_framework().items() if c.controls else ()):
        rows.append((f"controls {framework}", ", ".join(ids)))
    rows.append(("remediation", c.remediation))
    if c.tags:
        rows.append(("tags", ", ".join(c.tags)))
    return rows + (_profile_facts(profile, c) if profile else [])


def _target_fact(m: Measure, t: str) -> str:
    target = m.targets.get(t)
    if target is None:
        return "not required"
    host = " (needs the host's action)" if target.depends_on == "host" else ""
    return f"{m.metric.format_target(target.value)}{host}   [basis: {target.basis}]"


def _measure_facts(catalog: Catalog, c: Criterion) -> list[tuple[str, str]]:
    """Each measure of a criterion with several: what it measures, its targets, its evidence."""
    rows = [("measures", f"{len(c.all_measures)}: the criterion meets a tier when every measure meets it")]
    for i, m in enumerate(c.all_measures, start=1):
        rows.append((f"measure {i}", f"{m.id}: {m.title} ({m.metric.describe()})"))
        rows += [(f"  target {t}", _target_fact(m, t)) for t in catalog.tier_ids if t in m.targets]
        if m.evidence:
            rows.append(("  evidence", "; ".join(m.evidence)))
    return rows


def _profile_facts(profile: Profile, c: Criterion) -> list[tuple[str, str]]:
    """What a partner profile adds to the criterion, labelled with its partner."""
    entry = profile.entry(c.id)
    who = profile.partner
    if entry is None:
        return [(f"{who} (profile {profile.id})", "no guidance for this criterion: the generic text stands")]
    rows = []
    if entry.guidance:
        rows.append((f"{who}: guidance", entry.guidance))
    if entry.remediation:
        rows.append((f"{who}: remediation", entry.remediation))
    rows += [(f"{who}: reference", r.source + (f", {r.section}" if r.section else "")) for r in entry.references]
    return rows


def print_criteria_diff(out: Console, diff: CatalogDiff) -> None:
    """Criterion by criterion, every change class with old → new (the old and new wording of
    reworded text), and the changelog's reasons, each printed once: a line about one criterion
    under it, a line about several under the first and referred to after, a line about none (the
    whole catalog) at the top."""
    own = {why for c in diff.criteria for why in c.reasons}
    _diff_heading(out, diff, own)
    if diff.criteria:
        out.print()
    shown: dict[str, str] = {}
    for c in diff.criteria:
        _criterion_change(out, c, diff.backward, shown)
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


def _diff_heading(out: Console, diff: CatalogDiff, own: set[str]) -> None:
    """How many criteria changed, the direction, the changelog lines about no one criterion, the
    renames and the change classes."""
    say(out, f"{diff.old} → {diff.new}: {_n(len(diff.criteria), 'criterion', 'criteria')} changed, "
             f"{diff.unchanged} unchanged", "bold")
    if diff.backward:
        say(out, f"Going back: {diff.old} is the later version. Its changelog, below, gives the reasons for "
                 "the changes this diff undoes.")
    for entry in diff.changelog:
        general = [line for line in entry.changes if line not in own]
        rest = len(entry.changes) - len(general)
        if not general:
            say(out, f"changelog {entry.version} ({entry.date}): each of its lines is given below with the "
                     "criteria it names")
            continue
        say(out, f"changelog {entry.version} ({entry.date}), for the whole catalog"
                 + (f" (its other {_n(rest, 'line')} {'are' if rest > 1 else 'is'} given below with the criteria "
                    f"{'they name' if rest > 1 else 'it names'})" if rest else "") + ":")
        for line in general:
            say(out, f"- {line}", indent=2)
    if diff.renamed:
        say(out, "renamed: " + ", ".join(f"{o} → {n}" for o, n in diff.renamed.items()))
    if diff.counts:
        say(out, "classes: " + ", ".join(f"{_words(k)} {v}" for k, v in diff.counts.items()))


def _criterion_change(out: Console, c: CriterionChange, backward: bool, shown: dict[str, str]) -> None:
    """One changed criterion: its classes, each change but the rename (in its name) with the old and
    new wording of reworded text, and the reasons (a reason given above is referred to)."""
    name = f"{c.old_id} → {c.id}" if c.old_id and c.old_id != c.id else c.id
    flag = " [tightening]" if c.tightening else " [loosening]" if c.loosening else ""
    say(out, f"{name} {c.title} ({c.domain}): {', '.join(_words(k) for k in c.kinds)}{flag}", "bold")
    for ch in c.changes:
        if ch.kind == "renamed":
            continue
        say(out, ch.text, indent=2)
        if ch.kind in _WORDING and ch.old and ch.new and ch.old not in ("—",) and ch.new not in ("—",):
            say(out, f"was: {ch.old}", indent=4)
            say(out, f"now: {ch.new}", indent=4)
    verb = "undoes" if backward else "why"
    for why in c.reasons:
        if why in shown:
            say(out, f"{verb}: as for {shown[why]}, above", indent=2)
            continue
        shown[why] = c.id
        say(out, f"{verb}: {why}", indent=2)


#: Changes whose old and new text the diff shows in full: the statement, and a target's basis.
_WORDING = frozenset({"reworded", "text_changed"})


def print_framework_map(out: Console, fm: FrameworkMap) -> None:
    """The frameworks a catalog maps to; with one chosen, each control it covers and the criteria
    that cover it, then the criteria that map to none of its controls."""
    if fm.framework is None:
        say(out, f"{fm.catalog}: criteria mapped to framework controls (roadmap criteria map --framework ID)", "bold")
        cols = [Col("framework", wrap=False), Col("name"), Col("controls", "right", wrap=False),
                Col("criteria", "right", wrap=False)]
        grid(out, cols, [[_t(u.id), _t(u.name), _t(u.controls), _t(u.criteria)] for u in fm.frameworks])
        if not any(u.controls for u in fm.frameworks):
            say(out, f"{fm.catalog} maps no criterion to a framework control (catalogs give them as 'controls:').")
        return
    say(out, f"{fm.catalog} → {fm.name}: {_n(len(fm.controls), 'control')} covered by "
             f"{_n(len({c for cov in fm.controls for c in cov.criteria}), 'criterion', 'criteria')}", "bold")
    if fm.controls:
        cols = [Col("control", wrap=False), Col("criteria")]
        rows = [[_t(cov.control), _t("\n".join(f"{cid} {title}" for cid, title in zip(cov.criteria, cov.titles,
                                                                                         strict=True)))]
                for cov in fm.controls]
        grid(out, cols, rows)
    if fm.unmapped:
        say(out, f"Not mapped to {fm.framework} ({len(fm.unmapped)}): {', '.join(fm.unmapped)}")
