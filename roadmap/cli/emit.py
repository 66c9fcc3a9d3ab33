"""How a command's result leaves it: JSON on standard output, text or a file written atomically
(and a line on standard error saying so), and findings the user asked to fail on."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from roadmap.chars import shown
from roadmap.errors import UsageError

if TYPE_CHECKING:
    from roadmap.report import Written


class Findings(Exception):
    """Findings the user asked to fail on (`--strict`, `--fail-on-...`): the command's output is
    complete; the message goes to standard error and the program exits 1."""


def echo(line: str, *, err: bool = False, nl: bool = True) -> None:
    """Print a line (or text) for a person: any control, invisible or bidi character in it (a file
    name's, an assessment's) is written visibly (`roadmap.chars.shown`), on a terminal or not."""
    click.echo(shown(line), err=err, nl=nl)


def emit_json(kind: str, payload: Any) -> None:
    """A JSON document of `kind` (roadmap.present.jsondoc's envelope) on standard output."""
    from roadmap.present.jsondoc import dumps

    click.echo(dumps(kind, payload))


def is_stdout(output: Path | None) -> bool:
    """`-o -`: standard output."""
    from roadmap.present.output import is_stdout as dash

    return dash(output)


def check_stdout(output: Path | None, fmt: str) -> None:
    """`-o -` is standard output; a PDF there only when it goes to a file or a pipe."""
    if is_stdout(output) and fmt == "pdf" and sys.stdout.isatty():
        raise UsageError("-o -: will not write a PDF to the terminal; redirect standard output "
                         "(> report.pdf) or give -o FILE")


def deliver(output: Path | None, text: str | bytes, what: str) -> None:
    """Print `text` (no `output`, or `-`), or write it atomically to `output` and say so on stderr.
    Bytes (a workbook) go to standard output as they are."""
    if output is None or is_stdout(output):
        if isinstance(text, bytes):
            from roadmap.present.output import write_stdout

            write_stdout(text)
        else:
            click.echo(text, nl=False)  # data (CSV, YAML), as written: its formats show hidden characters themselves
        return
    from roadmap.present.output import write_atomic

    write_atomic(output, text if isinstance(text, bytes) else text.encode("utf-8"))
    echo(f"wrote {output}: {what}", err=True)


def wrote(w: Written) -> None:
    """Say what a report command wrote; nothing when it went to standard output (the data is there)."""
    if not is_stdout(w.path):
        echo(f"wrote {w.path} ({w.size // 1024 or 1} KiB) from {w.source}")
