"""Terminal renderings of results (rich). Untrusted text is printed with markup disabled."""

from __future__ import annotations

import os
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, cast

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from roadmap.engine.scoring import Score
from roadmap.models.catalog import Catalog, Criterion
from roadmap.words import count as _n
from roadmap.words import signed
from roadmap.words import words as _words

if TYPE_CHECKING:
    from roadmap.engine.criteria_diff import CatalogDiff
    from roadmap.engine.reciprocity import History, Ledger
    from roadmap.engine.rounds_diff import AssessmentDiff
    from roadmap.engine.trend import Trend


def console(file: IO[str] | None = None) -> Console:
    """A terminal gets rich's own width and styles. Anything else (a pipe, a file, a test runner) gets
    plain text: no escape codes at all, the width of $COLUMNS (default 120) for tables, prose kept one
    line per fact, and no trailing spaces on any line."""
    out = Console(file=file, highlight=False, emoji=False, markup=False, soft_wrap=False)
    if out.is_terminal:
        return out
    try:
        width = max(20, int(os.environ.get("COLUMNS", "120")))
    except ValueError:
        width = 120
    return Console(file=cast(IO[str], _Rstripped(file)), width=width, highlight=False, emoji=False, markup=False,
                   soft_wrap=False)


class _Rstripped:
    """A text stream that drops trailing whitespace from each line before passing it on; rich pads
    table cells and wrapped lines with spaces. Looks up sys.stdout when written to, not before."""

    def __init__(self, target: IO[str] | None) -> None:
        self._target = target
        self._pending = ""

    def _out(self) -> IO[str]:
        return self._target if self._target is not None else sys.stdout

    @property
    def encoding(self) -> str:
        return getattr(self._out(), "encoding", None) or "utf-8"

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        self._pending += text
        if "\n" in self._pending:
            done, self._pending = self._pending.rsplit("\n", 1)
            self._out().write("\n".join(line.rstrip() for line in done.split("\n")) + "\n")
        return len(text)

    def flush(self) -> None:
        if self._pending:  # a last line without its newline yet: written as it is, stripped
            self._out().write(self._pending.rstrip())
            self._pending = ""
        self._out().flush()


def _t(text: object, style: str = "") -> Text:
    """Literal text: never interpreted as rich markup."""
    return Text(str(text), style=style)


def _say(out: Console, text: Text | str, style: str = "", indent: int = 0) -> None:
    """A sentence: wrapped at words on a terminal (continuation lines indented like the first);
    one line per fact otherwise, so that it can be searched with grep."""
    body = text if isinstance(text, Text) else _t(text, style)
    if out.is_terminal and indent:
        out.print(Padding(body, (0, 0, 0, indent)))
    elif out.is_terminal:
        out.print(body)
    else:
        out.print(Text(" " * indent) + body, soft_wrap=True)


# -- tables that never cut a value ---------------------------------------------------------------

#: Longest word kept whole in a column that wraps; a longer one (a long file name) is folded.
_FOLD = 30


@dataclass(frozen=True)
class _Col:
    header: str
    justify: str = "left"
    #: False: the cell is one short value (id, number, date, tier → tier) that is never broken.
    wrap: bool = True
    least: int = 1


def _cell_width(text: Text | str) -> int:
    return max((cell_len(line) for line in str(text).split("\n")), default=0)


def _word_width(text: Text | str) -> int:
    return max((cell_len(w) for w in str(text).split()), default=0)


#: A word longer than this (a level name such as 'foreign-intel-service') may break after a hyphen;
#: shorter ones (ids such as PER-04, dates) never do.
_HYPHEN = 12


def _least_width(text: Text | str) -> int:
    """The narrowest a wrapping cell can be without breaking a word other than after a hyphen."""
    def least(word: str) -> int:
        if cell_len(word) <= _HYPHEN:
            return cell_len(word)
        return max(cell_len(part) for part in re.findall(r"[^-]*-+|[^-]+$", word))
    return max((least(w) for w in str(text).split()), default=0)


def _hyphen_wrap(text: Text, width: int) -> Text:
    """`text` wrapped to `width`, breaking after hyphens where a word is too long for a line."""
    lines = textwrap.wrap(text.plain, width, break_on_hyphens=True, break_long_words=True)
    return Text("\n".join(lines), style=text.style)


def _widths(cols: list[_Col], rows: list[list[Text]], room: int) -> tuple[list[int], bool] | None:
    """Column widths (without padding) that fit `room`, and whether every value then fits on one
    line; None if even the narrowest layout does not fit. A fixed column is as wide as its widest
    value; a wrapping one at least as wide as its longest word (up to _FOLD). The space left goes
    to the values of the wrapping columns, narrowest first, then to their headers."""
    least, values, headers = [], [], []
    for i, col in enumerate(cols):
        cells = [r[i] for r in rows]
        longest = max((_cell_width(c) for c in cells), default=0)
        words = max([_least_width(col.header), *(_least_width(c) for c in cells)])
        least.append(max(col.least, max(longest, cell_len(col.header)) if not col.wrap else min(words, _FOLD)))
        values.append(max(least[-1], longest))
        headers.append(max(values[-1], cell_len(col.header)))
    if sum(least) > room:
        return None
    widths, spare = list(least), room - sum(least)
    for goal in (values, headers):
        while spare:
            short = [(widths[i], i) for i, c in enumerate(cols) if c.wrap and widths[i] < goal[i]]
            if not short:
                break
            widths[min(short)[1]] += 1
            spare -= 1
    return widths, all(w >= v for w, v in zip(widths, values, strict=True))


Block = tuple[Text, list[tuple[str, Text]]]


def _grid(out: Console, cols: list[_Col], rows: list[list[Text]], *, ends: set[int] | None = None,
          blocks: list[Block] | None = None) -> None:
    """A table whose every value is shown whole: text columns wrap at words, ids, numbers and
    dates never break. Spaced by three columns, or two if that is what it takes to fit; if it does
    not fit at all, each row becomes a block of 'heading' and 'column: value' lines (`blocks`, or
    one block per row headed by its first cell)."""
    layouts = [(gap, padding, _widths(cols, rows, out.width - gap * (len(cols) - 1)))
               for gap, padding in ((3, (0, 1)), (2, (0, 1, 0, 0)))]
    fitting = [(p, w[0]) for _, p, w in layouts if w is not None]
    whole = [(p, w[0]) for _, p, w in layouts if w is not None and w[1]]
    if not fitting:
        _stack(out, blocks if blocks is not None else [
            (r[0], [(c.header, v) for c, v in zip(cols[1:], r[1:], strict=True) if v.plain])
            for r in rows])
        return
    padding, widths = (whole or fitting)[0]
    rows = [list(r) for r in rows]
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=padding)
    for i, (col, width) in enumerate(zip(cols, widths, strict=True)):
        header = _t(col.header)
        if col.wrap:
            header = _hyphen_wrap(header, width) if _word_width(header) > width else header
            for r in rows:
                if _word_width(r[i]) > width:
                    r[i] = _hyphen_wrap(r[i], width)
        table.add_column(header, justify=col.justify, width=width,  # type: ignore[arg-type]
                         no_wrap=not col.wrap, overflow="fold")
    for i, row in enumerate(rows):
        table.add_row(*row, end_section=ends is not None and i in ends)
    out.print(table)


def _stack(out: Console, blocks: list[Block]) -> None:
    """One block per row: its heading in bold, then an indented 'key: value' line per column."""
    for n, (heading, items) in enumerate(blocks):
        if n:
            out.print()
        if heading.plain:
            _say(out, Text(heading.plain, style="bold"))
        if not items:
            continue
        keys = [f"{k}:" for k, _ in items]
        room = out.width - 2
        kw = max(cell_len(k) for k in keys)
        if kw > room // 3:  # long keys: each on its own line, the value indented below it
            for key, (_, value) in zip(keys, items, strict=True):
                if cell_len(key) + 1 + cell_len(value.plain) <= room:
                    _say(out, Text(key + " ") + value, indent=2)
                else:
                    _say(out, key, indent=2)
                    _say(out, value, indent=4)
            continue
        grid = Table.grid(padding=(0, 1, 0, 0))
        grid.add_column(width=kw, no_wrap=True)
        grid.add_column(width=max(room - kw - 1, 1), overflow="fold")
        for key, (_, value) in zip(keys, items, strict=True):
            grid.add_row(_t(key), value)
        out.print(Padding(grid, (0, 0, 0, 2)))


def print_score(out: Console, score: Score, catalog: Catalog, *, top: int = 10,
                reciprocity: Ledger | None = None) -> None:
    c, v, s = score.claimed, score.verified, score.strict
    _say(out, f"{score.partner} — readiness for sharing with {score.host}", "bold")
    _say(out, f"catalog {score.catalog} · as of {score.as_of.isoformat()}")
    out.print()
    line = Text()
    line.append("Overall tier: ", style="bold")
    line.append(f"{c.overall_tier_id}", style="bold cyan")
    line.append(f" claimed · {v.overall_tier_id} verified · {s.overall_tier_id} strict (N/A counted as unmet)")
    _say(out, line)
    if score.next_tier:
        tier = next(t for t in catalog.meta.tiers if t.id == score.next_tier)
        gating = sum(1 for g in score.gaps if g.gating)
        _say(out, f"Next tier: {tier.id} {tier.name} — {_n(len(score.gaps), 'gap')} to close, "
                  f"{gating} gating. Unlocks: {tier.unlocks}")
    else:
        _say(out, "Top tier reached: no gaps.")
    out.print()
    cols = [_Col("domain"), _Col("claimed", wrap=False), _Col("verified", wrap=False),
            _Col("strict", wrap=False), _Col("readiness", "right"), _Col("verified readiness", "right"),
            _Col("capped by")]
    rows = [[_t(dc.name), _t(dc.tier_id), _t(dv.tier_id), _t(ds.tier_id), _t(f"{dc.readiness:.0f}%"),
             _t(f"{dv.readiness:.0f}%"), _t(", ".join(dc.capped_by) or "—")]
            for dc, dv, ds in zip(c.domains, v.domains, s.domains, strict=True)]
    rows.append([_t("Overall", "bold"), _t(c.overall_tier_id, "bold"), _t(v.overall_tier_id, "bold"),
                 _t(s.overall_tier_id, "bold"), _t(f"{c.readiness:.0f}%", "bold"),
                 _t(f"{v.readiness:.0f}%", "bold"), _t("")])
    _grid(out, cols, rows)
    if score.gaps:
        out.print()
        _say(out, f"Gaps to {score.next_tier}, gating first, then by weight × distance (how far the value is "
                  "from the target, 0 to 1):", "bold")
        cols = [_Col("#", "right", wrap=False), _Col("criterion"), _Col("domain"), _Col("now → target"),
                _Col("gating", wrap=False), _Col("weight × distance", wrap=False)]
        rows, blocks = [], []
        for i, g in enumerate(score.gaps[:top], start=1):
            crit = catalog.by_id[g.id]
            now = crit.metric.format_value(g.value) if g.status == "assessed" else _words(g.status)
            cells = [_t(g.domain), _t(f"{now} → {crit.metric.format_target(g.target)}"), _t("yes" if g.gating else "no"),
                     _t(f"{g.weight} × {g.distance:.3f} = {g.priority:.2f}")]
            rows.append([_t(i), _t(f"{g.id} {g.title}"), *cells])
            blocks.append((_t(f"{i}. {g.id} {g.title}"), [(col.header, v) for col, v in zip(cols[2:], cells)]))
        if rows:
            _grid(out, cols, rows, blocks=blocks)
        if len(score.gaps) > top:
            _say(out, f"… and {len(score.gaps) - top} more (roadmap score --json lists all, with remediation)")
    if score.evidence_gaps:
        out.print()
        n = len(score.evidence_gaps)
        _say(out, f"To make {score.evidence_target} count as verified, bring the evidence of "
                  f"{_n(n, 'criterion', 'criteria')} up to what the tier requires:", "bold")
        for eg in score.evidence_gaps[:top]:
            _say(out, f"{eg.id} {eg.title}: {eg.reason}", indent=2)
        if n > top:
            _say(out, f"… and {n - top} more (roadmap score --json lists all)", indent=2)
    if score.not_assessed:
        out.print()
        more = len(score.not_assessed) - 12
        _say(out, f"Not assessed ({len(score.not_assessed)}), counted as unmet: "
                  + ", ".join(score.not_assessed[:12])
                  + (f" and {more} more (roadmap score --json lists all)" if more > 0 else ""))
        # a not-applicable or exception decision that expired is "not assessed" too: say why
        for cs in score.criteria:
            if cs.expired and cs.notes:
                _say(out, f"{cs.id}: {cs.notes[0]}", indent=2)
    if reciprocity is not None:
        out.print()
        if reciprocity.ok:
            summary = f"Reciprocity at {score.claimed.overall_tier_id}: every commitment kept on both sides"
        else:
            summary = (f"Reciprocity at {score.claimed.overall_tier_id}: "
                       f"{_n(reciprocity.broken, 'broken host commitment')}, "
                       f"{_n(reciprocity.short, 'partner shortfall')}")
        _say(out, summary + " (roadmap reciprocity FILE for the ledger)")
        for finding in reciprocity.findings[:5]:
            _say(out, f"{finding.side}: {finding.message}", indent=2)
        if len(reciprocity.findings) > 5:
            _say(out, f"… and {len(reciprocity.findings) - 5} more", indent=2)


def print_criteria(out: Console, catalog: Catalog) -> None:
    _say(out, f"{catalog.ref} — {catalog.meta.title} ({catalog.meta.status}, "
              f"{_n(len(catalog.criteria), 'criterion', 'criteria')})", "bold")
    cols = [_Col("id", wrap=False), _Col("title"), _Col("metric"), _Col("gating", wrap=False),
            _Col("weight", "right", wrap=False), *(_Col(tid) for tid in catalog.tier_ids)]
    rows, blocks = [], []
    for d in catalog.meta.domains:
        for c in catalog.in_domain(d.id):
            cells = [_t(c.metric.short()), _t("yes" if c.gating else "no"), _t(c.weight),
                     *(_t(c.metric.target_short(c.targets[t].value) if t in c.targets else "—")
                       for t in catalog.tier_ids)]
            rows.append([_t(c.id), _t(c.title), *cells])
            blocks.append((_t(f"{c.id} {c.title}"), [(col.header, v) for col, v in zip(cols[2:], cells)]))
    _grid(out, cols, rows, blocks=blocks)


def print_criterion(out: Console, catalog: Catalog, c: Criterion) -> None:
    _say(out, f"{c.id} — {c.title}", "bold")
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
            rows.append((f"target {t}", f"{c.metric.format_target(c.targets[t].value)}   [basis: {c.targets[t].basis}]"))
        else:
            rows.append((f"target {t}", "not required"))
    rows.append(("evidence", "; ".join(c.evidence.expects)))
    rows.append(("verification", ", ".join(f"{t} {_words(v)}" for t, v in c.evidence.verification.items())
                 + f"; max age {c.evidence.max_age_days} days"))
    for r in c.references:
        rows.append(("reference", f"{r.source}" + (f", {r.section}" if r.section else "")))
    rows.append(("remediation", c.remediation))
    if c.tags:
        rows.append(("tags", ", ".join(c.tags)))
    table = Table(show_header=False, show_edge=False, pad_edge=False, box=None)
    table.add_column("k", style="bold", no_wrap=True)
    table.add_column("v", overflow="fold")
    for k, v in rows:
        table.add_row(_t(k), _t(v))
    out.print(table)


def _short(status: str, short_by: int) -> str:
    if status == "short":
        return f"short by {short_by}"
    word = _words(status)
    return f"{word}, short by {short_by}" if short_by else word


def _tier_reached(tier_id: str) -> str:
    return "no tier reached yet" if tier_id == "none" else f"tier reached {tier_id}"


def print_reciprocity(out: Console, ledger: Ledger, file: str) -> None:
    """The two-way matrix of one assessment: discipline × direction, then findings and unlocks."""
    p, h = ledger.partner, ledger.host
    _say(out, f"{p} ⇄ {h} — reciprocity ledger ({file})", "bold")
    period = (f" · period {ledger.period_start.isoformat()} to {ledger.period_end.isoformat()}"
              if ledger.period_start and ledger.period_end else "")
    _say(out, f"catalog {ledger.catalog} · as of {ledger.as_of.isoformat()} · {_tier_reached(ledger.tier_id)}{period}")
    if not ledger.recorded:
        due = "while no tier is reached" if ledger.tier_id == "none" else f"at {ledger.tier_id}"
        _say(out, f"no reciprocity section in {file}: nothing delivered is recorded; "
                  f"showing the commitments due {due}", "yellow")
    out.print()
    cols = [_Col("discipline", wrap=False), _Col("direction"), _Col("committed or expected"),
            _Col("delivered"), _Col("status"), _Col("parity", "right", wrap=False)]
    rows: list[list[Text]] = []
    blocks: list[Block] = []
    for d in ledger.disciplines:
        hs, ps = d.host, d.partner
        committed = hs.committed + (f" (cap; {hs.tier_commitment} due)" if hs.capped else "")
        host_status = _t(_short(hs.status, hs.short_by), "red" if hs.status == "broken" else "")
        rows.append([_t(d.id), _t(f"{h} → {p}"), _t(committed), _t(hs.delivered or "—"), host_status, _t("")])
        expected = f"{ps.expected} ({ps.capability})" if ps.expected else "—"
        partner_status = _t(_short(ps.status, ps.short_by), "red" if ps.status == "short" else "")
        parity = "—" if d.parity is None else f"{d.parity:.2f}"
        rows.append([_t(""), _t(f"{p} → {h}"), _t(expected), _t(ps.delivered or "—"), partner_status, _t(parity)])
        host_line = f"committed {committed}, " + (f"delivered {hs.delivered}: " if hs.delivered else "") \
            + host_status.plain
        partner_line = ((f"expected {ps.expected} ({ps.capability} capability), " if ps.expected else "")
                        + (f"delivered {ps.delivered}: " if ps.delivered else "") + partner_status.plain
                        + (f"; parity {parity}" if d.parity is not None else ""))
        blocks.append((_t(d.id), [(f"{h} → {p}", Text(host_line, style=host_status.style)),
                                  (f"{p} → {h}", Text(partner_line, style=partner_status.style))]))
    _grid(out, cols, rows, blocks=blocks)
    out.print()
    if ledger.findings:
        _say(out, f"Findings ({_n(ledger.broken, 'broken host commitment')}, "
                  f"{_n(ledger.short, 'partner shortfall')}):", "bold")
        for f in ledger.findings:
            _say(out, f"{f.side}: {f.message}", indent=2)
    elif ledger.recorded:
        _say(out, "No findings: every recorded commitment and expectation is met.")
    if ledger.not_recorded and ledger.recorded:
        _say(out, f"Not recorded: {', '.join(ledger.not_recorded)}")
    target = f" (target at {ledger.tier_id}: {ledger.parity_target:g})" if ledger.parity_target is not None else ""
    if ledger.parity is not None:
        _say(out, f"Parity ({p} ÷ {h}): {ledger.parity:.2f}{target} — {ledger.parity_rule}")
    elif ledger.parity_rule == "nothing recorded":
        _say(out, f"Parity ({p} ÷ {h}): nothing recorded, so no parity{target}")
    else:
        _say(out, f"Parity ({p} ÷ {h}): none{target} — {ledger.parity_rule}")
    unlocks = [d for d in ledger.disciplines if d.next is not None]
    if unlocks:
        nxt = unlocks[0].next
        assert nxt is not None
        out.print()
        _say(out, f"Next tier {nxt.tier} would unlock:", "bold")
        cols = [_Col("discipline", wrap=False), _Col(f"{h} now"), _Col(f"{h} at {nxt.tier}"), _Col("change"),
                _Col(f"{p} expected at {nxt.tier}")]
        rows = []
        for d in unlocks:
            n = d.next
            assert n is not None
            rows.append([_t(d.id), _t(n.host_now), _t(n.host_next),
                         _t(f"+{n.raised_by}" if n.raised_by else "same"), _t(n.partner_expected_next or "—")])
        _grid(out, cols, rows)
    else:
        _say(out, "Top tier reached: nothing further to unlock.")


def print_history(out: Console, history: History) -> None:
    """Rounds as columns; per discipline and side, delivered of committed/expected and its status."""
    n = len(history.rounds)
    _say(out, f"History: {history.partner} ⇄ {history.host}, {_n(n, 'round')}", "bold")
    labels = ["file", "tier reached"]
    columns: list[list[Text]] = []
    for r in history.rounds:
        col = [_t(Path(r.file).name), _t(r.tier_id)]
        for did in history.disciplines:
            c = r.cells.get(did)
            if c is None:
                col += [_t("—"), _t("—")]
                continue
            col.append(_t(f"{c.host_committed} due, not recorded" if c.host_delivered is None else
                          f"{c.host_delivered} of {c.host_committed} {_words(c.host_status)}"))
            col.append(_t("not recorded" if c.partner_expected is None else
                          f"{c.partner_delivered} of {c.partner_expected} {c.partner_status} ({c.capability})"))
        col += [_t(f"{r.kept} / {r.broken}"), _t(f"{r.met} / {r.short}"),
                _t("—" if r.parity is None else f"{r.parity:.2f}")]
        columns.append(col)
    for did in history.disciplines:
        labels += [f"{did} {history.host} →", f"{did} {history.partner} →"]
    labels += ["kept / broken", "met / short", "parity"]
    cols = [_Col("", wrap=False), *(_Col(r.as_of.isoformat()) for r in history.rounds)]
    rows = [[_t(label), *(col[i] for col in columns)] for i, label in enumerate(labels)]
    blocks = [(_t(f"{r.as_of.isoformat()} ({Path(r.file).name})"), list(zip(labels[1:], col[1:], strict=True)))
              for r, col in zip(history.rounds, columns, strict=True)]
    _grid(out, cols, rows, blocks=blocks)


# -- diffs and trends (roadmap/diff.py, roadmap/trend.py) -----------------------------------------

def print_criteria_diff(out: Console, diff: CatalogDiff) -> None:
    """Criterion by criterion, every change class with old → new, and the changelog's reasons."""
    _say(out, f"{diff.old} → {diff.new}: {_n(len(diff.criteria), 'criterion', 'criteria')} changed, "
              f"{diff.unchanged} unchanged", "bold")
    if diff.backward:
        _say(out, f"Going back: {diff.old} is the later version. Its changelog, below, gives the reasons for "
                  "the changes this diff undoes.")
    for entry in diff.changelog:
        _say(out, f"changelog {entry.version} ({entry.date}):")
        for line in entry.changes:
            _say(out, f"- {line}", indent=2)
    if diff.renamed:
        _say(out, "renamed: " + ", ".join(f"{o} → {n}" for o, n in diff.renamed.items()))
    if diff.counts:
        _say(out, "classes: " + ", ".join(f"{_words(k)} {v}" for k, v in diff.counts.items()))
    if diff.criteria:
        out.print()
    for c in diff.criteria:
        name = f"{c.old_id} → {c.id}" if c.old_id and c.old_id != c.id else c.id
        flag = " [tightening]" if c.tightening else " [loosening]" if c.loosening else ""
        _say(out, f"{name} {c.title} ({c.domain}): {', '.join(_words(k) for k in c.kinds)}{flag}", "bold")
        for ch in c.changes:
            if ch.kind == "renamed":
                continue
            _say(out, ch.text, indent=2)
        for why in c.reasons:
            _say(out, f"{'undoes' if diff.backward else 'why'}: {why}", indent=2)
    if diff.meta:
        out.print()
        _say(out, "Catalog rules:", "bold")
        for m in diff.meta:
            _say(out, m.text + (" [tightening]" if m.tightening else ""), indent=2)
    if diff.criteria or diff.meta or diff.changelog:
        out.print()
    if diff.tightened:
        _say(out, f"Tightening ({len(diff.tightened)}): {', '.join(diff.tightened)}")
    else:
        _say(out, "No tightening: nothing asks more of the partner than before.")
    if diff.loosened:
        _say(out, f"Loosening ({len(diff.loosened)}): {', '.join(diff.loosened)}")


def _change(tiers: int, points: float) -> str:
    """'no change', 'same tier, +1.5 points', '−1 tier, −9.8 points'."""
    moved = bool(format(abs(points), ".1f").strip("0."))
    if not tiers and not moved:
        return "no change"
    tier = f"{signed(tiers)} tier{'s' if abs(tiers) != 1 else ''}" if tiers else "same tier"
    return f"{tier}, " + (f"{signed(points, '.1f')} points" if moved else "no change in points")


def print_diff(out: Console, diff: AssessmentDiff) -> None:
    """Two rounds of one partner: the split sentences, the domain table, criteria that changed."""
    _say(out, f"{diff.partner} — {diff.old_as_of} ({diff.old_catalog}) → {diff.new_as_of} ({diff.new_catalog})",
         "bold")
    _say(out, f"{diff.old_file} → {diff.new_file}")
    out.print()
    for line in diff.summary:
        _say(out, line)
    out.print()
    split = diff.catalogs_differ
    cols = [_Col("domain"), _Col("claimed", wrap=False), _Col("verified", wrap=False), _Col("readiness %")]
    if split:
        cols += [_Col("progress"), _Col("goalposts")]
    rows = []
    for s in (*diff.domains, diff.overall):
        c, v, r = s.claimed, s.verified, s.readiness
        total = signed(r.total, ".1f")
        row = [_t(s.id, "bold" if s.id == "overall" else ""), _t(f"{c.old_id} → {c.new_id}"),
               _t(f"{v.old_id} → {v.new_id}"),
               _t(f"{r.old:.1f} → {r.new:.1f} " + ("(no change)" if total == "0.0" else f"({total})"))]
        if split:
            row += [_t(_change(c.progress, r.progress)), _t(_change(c.goalposts, r.goalposts))]
        rows.append(row)
    _grid(out, cols, rows)
    if split:
        _say(out, f"progress: {diff.new_as_of} round against {diff.old_as_of} round, both under {diff.old_catalog}; "
                  f"goalposts: {diff.new_as_of} round under {diff.new_catalog} against {diff.old_catalog}")
    if diff.criteria:
        out.print()
        _say(out, f"Criteria that changed ({len(diff.criteria)}; {diff.unchanged} unchanged):", "bold")
        cols = [_Col("criterion", wrap=False), _Col("value"), _Col("tier", wrap=False),
                _Col("verified tier", wrap=False)]
        if split:
            cols += [_Col("tier under " + diff.old_catalog), _Col("catalog change")]
        rows = []
        for cd in diff.criteria:
            name = f"{cd.old_id} → {cd.id}" if cd.old_id else cd.id
            row = [_t(name), _t(f"{cd.old_shown} → {cd.new_shown}"),
                   _t(f"{cd.old_tier or '—'} → {cd.new_tier or '—'}"),
                   _t(f"{cd.old_verified_tier or '—'} → {cd.new_verified_tier or '—'}")]
            if split:
                row += [_t(cd.new_tier_under_old or "—"), _t(", ".join(_words(k) for k in cd.catalog_changes))]
            rows.append(row)
        _grid(out, cols, rows)
    if diff.dropped_new or diff.dropped_old:
        _say(out, f"Dropped when rescoring: {', '.join(diff.dropped_new + diff.dropped_old)} "
                  "(not in the other catalog version)")
    if diff.reciprocity is not None:
        moved = [d for d in diff.reciprocity.disciplines
                 if d.committed_change or d.host_delivered_old != d.host_delivered_new
                 or d.partner_delivered_old != d.partner_delivered_new]
        out.print()
        if moved:
            _say(out, "Reciprocity:", "bold")
            for d in moved:
                _say(out, d.text, indent=2)
        else:
            _say(out, "Reciprocity: no change in commitments or delivered levels.")
    out.print()
    if diff.regressions:
        _say(out, f"Regressions ({len(diff.regressions)}): {'; '.join(diff.regressions)}", "red")
    else:
        _say(out, "No regressions: no domain or overall tier and no host commitment went down.")


def print_trend(out: Console, trend: Trend) -> None:
    """Two rows per round, claimed then verified, so that every cell is one short value: overall
    tier and readiness, then a tier per domain. Too narrow for that: one block per round."""
    n = len(trend.rounds)
    _say(out, f"{trend.partner} ⇄ {trend.host}: {_n(n, 'round')}", "bold")
    cols = [_Col("as of", wrap=False), _Col("catalog"), _Col("view", wrap=False), _Col("overall"),
            _Col("readiness", "right", wrap=False), *(_Col(prefix, wrap=False, least=4) for _, _, prefix in trend.domains)]
    rows, blocks, ends = [], [], set()
    for i, r in enumerate(trend.rounds):
        change = "" if not r.change else f" ({signed(r.change)})"
        catalog = r.catalog + (" *" if r.catalog_changed else "")
        rows.append([_t(r.as_of), _t(catalog), _t("claimed"), _t(r.overall + change), _t(f"{r.readiness:.1f}%"),
                     *(_t(r.domains.get(d, "—")) for d, _, _ in trend.domains)])
        rows.append([_t(""), _t(""), _t("verified"), _t(r.overall_verified), _t(f"{r.readiness_verified:.1f}%"),
                     *(_t(r.domains_verified.get(d, "—")) for d, _, _ in trend.domains)])
        if i < n - 1:
            ends.add(len(rows) - 1)
        both = [("overall", f"{r.overall}{change} claimed, {r.overall_verified} verified"),
                ("readiness", f"{r.readiness:.1f}% claimed, {r.readiness_verified:.1f}% verified"),
                *((p, f"{r.domains.get(d, '—')} claimed, {r.domains_verified.get(d, '—')} verified")
                  for d, _, p in trend.domains)]
        blocks.append((_t(f"{r.as_of} · {catalog}"), [(k, _t(v)) for k, v in both]))
    _grid(out, cols, rows, ends=ends, blocks=blocks)
    _say(out, "Domains: " + ", ".join(f"{p} {name}" for _, name, p in trend.domains))
    _say(out, "Files: " + ", ".join(f"{r.as_of} {r.file}" for r in trend.rounds))
    if any(r.catalog_changed for r in trend.rounds):
        _say(out, "* the catalog changed since the previous round: 'roadmap diff' splits that change into "
                  "progress and goalposts.")
    _say(out, "'roadmap trend --format pdf' draws the rounds as charts.")
