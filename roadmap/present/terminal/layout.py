"""The terminal's layout: a console that writes plain text to anything but a terminal, sentences,
and tables whose every value is shown whole, turned into blocks when the width is too narrow.

Every value a console shows, on a terminal or not, has its control, invisible and bidi characters
written visibly (`roadmap.chars.shown`): a file name or an assessment's text can neither drive the
terminal (clear it, retitle it) nor hide or reorder words."""

from __future__ import annotations

import os
import re
import sys
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, cast

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from roadmap.chars import shown
from roadmap.i18n import _


def console(file: IO[str] | None = None) -> Console:
    """A terminal gets rich's own width and styles. Anything else (a pipe, a file, a test runner) gets
    plain text: no escape codes at all, the width of $COLUMNS (default 120) for tables, prose kept one
    line per fact, and no trailing spaces on any line."""
    out = _Shown(file=file, highlight=False, emoji=False, markup=False, soft_wrap=False)
    if out.is_terminal:
        return out
    try:
        width = max(20, int(os.environ.get("COLUMNS", "120")))
    except ValueError:
        width = 120
    # Both sizes given: rich would otherwise ask the system for the terminal's size (three calls that
    # fail when there is none) each time it reads the width, hundreds of times per table.
    return _Shown(file=cast(IO[str], _Rstripped(file)), width=width, height=out.height, highlight=False, emoji=False,
                  markup=False, soft_wrap=False)


class _Shown(Console):
    """A console whose text segments show hidden characters visibly (rich's own control segments,
    which move the cursor for a progress bar, are left alone). Values made with `text` are shown
    so already, and their width is right; this catches any other."""

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control is None and segment.text:
                safe = shown(segment.text)
                if safe != segment.text:
                    segment = Segment(safe, segment.style)
            yield segment


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


def text(value: object, style: str | Style = "") -> Text:
    """Literal text: never interpreted as rich markup, its hidden characters shown (`roadmap.chars`)."""
    return Text(shown(str(value)), style=style)


def say(out: Console, sentence: Text | str, style: str = "", indent: int = 0) -> None:
    """A sentence: wrapped at words on a terminal (continuation lines indented like the first);
    one line per fact otherwise, so that it can be searched with grep."""
    body = sentence if isinstance(sentence, Text) else text(sentence, style)
    if out.is_terminal and indent:
        out.print(Padding(body, (0, 0, 0, indent)))
    elif out.is_terminal:
        out.print(body)
    else:
        out.print(Text(" " * indent) + body, soft_wrap=True)


def labelled(label: str, text: str) -> str:
    """`label: text`, with the colon the current language writes."""
    return _("%(label)s: %(text)s", label=label, text=text)


def say_first(out: Console, lines: Sequence[str], top: int, more: str = "") -> None:
    """The first `top` of `lines`, indented, then '… and N more' (with `more` after it) for the rest."""
    for line in lines[:top]:
        say(out, line, indent=2)
    if len(lines) > top:
        say(out, _("… and %(more)s more%(note)s", more=len(lines) - top, note=more), indent=2)


# -- tables that never cut a value ---------------------------------------------------------------

#: Longest word kept whole in a column that wraps; a longer one (a long file name) is folded.
_FOLD = 30


@dataclass(frozen=True)
class Col:
    header: str
    justify: str = "left"
    #: False: the cell is one short value (id, number, date, tier → tier) that is never broken.
    wrap: bool = True
    least: int = 1


#: What a row becomes when the table does not fit: a heading, then (column, value) pairs.
Block = tuple[Text, list[tuple[str, Text]]]


def block(heading: str, cols: Sequence[Col], cells: Sequence[Text]) -> Block:
    """A row as a block: `heading`, then each of `cells` under the header of its column."""
    return text(heading), [(col.header, value) for col, value in zip(cols, cells, strict=True)]


def _cell_width(value: Text | str) -> int:
    return max((cell_len(line) for line in str(value).split("\n")), default=0)


def _word_width(value: Text | str) -> int:
    return max((cell_len(w) for w in str(value).split()), default=0)


#: A word longer than this (a level name such as 'foreign-intel-service') may break after a hyphen;
#: shorter ones (ids such as PER-04, dates) never do.
_HYPHEN = 12


def _least_width(value: Text | str) -> int:
    """The narrowest a wrapping cell can be without breaking a word other than after a hyphen."""
    def least(word: str) -> int:
        if cell_len(word) <= _HYPHEN:
            return cell_len(word)
        return max(cell_len(part) for part in re.findall(r"[^-]*-+|[^-]+$", word))
    return max((least(w) for w in str(value).split()), default=0)


def _hyphen_wrap(value: Text, width: int) -> Text:
    """`value` wrapped to `width`, breaking after hyphens where a word is too long for a line."""
    lines = textwrap.wrap(value.plain, width, break_on_hyphens=True, break_long_words=True)
    return Text("\n".join(lines), style=value.style)


def _widths(cols: list[Col], rows: list[list[Text]], room: int) -> tuple[list[int], bool] | None:
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


def grid(out: Console, cols: list[Col], rows: list[list[Text]], *, ends: set[int] | None = None,
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
        header = text(col.header)
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
            say(out, Text(heading.plain, style="bold"))
        if not items:
            continue
        keys = [f"{k}:" for k, _ in items]
        room = out.width - 2
        kw = max(cell_len(k) for k in keys)
        if kw > room // 3:
            _keys_above(out, keys, [value for _, value in items], room)
            continue
        pairs = Table.grid(padding=(0, 1, 0, 0))
        pairs.add_column(width=kw, no_wrap=True)
        pairs.add_column(width=max(room - kw - 1, 1), overflow="fold")
        for key, (_key, value) in zip(keys, items, strict=True):
            pairs.add_row(text(key), value)
        out.print(Padding(pairs, (0, 0, 0, 2)))


def _keys_above(out: Console, keys: list[str], values: list[Text], room: int) -> None:
    """Keys too long for a column beside their values: each on its own line, the value after it
    when both fit in `room`, else indented below it."""
    for key, value in zip(keys, values, strict=True):
        if cell_len(key) + 1 + cell_len(value.plain) <= room:
            say(out, Text(key + " ") + value, indent=2)
        else:
            say(out, key, indent=2)
            say(out, value, indent=4)
