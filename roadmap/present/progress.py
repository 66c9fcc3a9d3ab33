"""Progress over many files, as a rich bar on standard error when it is a terminal; nothing at all
when it is piped or redirected (logs and CI stay clean). The bar appears once there are at least two
steps to show, and is cleared when the work is done, so what the command prints stays as it was."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from roadmap.progress import QUIET, Progress

#: Redraws per second: enough to look alive, few enough to cost nothing measurable.
_REFRESH = 4


class _Bar:
    """A `roadmap.progress.Progress` drawn by rich: the total grows as work is found."""

    def __init__(self, console: Any) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Rich

        self._rich = Rich(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                          console=console, transient=True, refresh_per_second=_REFRESH)
        self._task = self._rich.add_task("", total=0)
        self._total = 0
        self._shown = False

    def expect(self, n: int, what: str = "") -> None:
        self._total += n
        self._rich.update(self._task, total=self._total, description=what or None)
        if not self._shown and self._total >= 2:
            self._rich.start()
            self._shown = True

    def step(self, name: str = "") -> None:
        self._rich.advance(self._task)

    def stop(self) -> None:
        if self._shown:
            self._rich.stop()


def _terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # no standard error, or a closed one
        return False


@contextmanager
def progress_bar() -> Iterator[Progress]:
    """A bar on standard error when it is a terminal, else `QUIET`; stopped (and cleared) on leaving,
    also when the work fails, so that the problems print on a clean line. Piped, rich is not even
    imported."""
    if not _terminal():
        yield QUIET
        return
    from rich.console import Console

    console = Console(stderr=True)
    bar = _Bar(console)
    try:
        yield bar
    finally:
        bar.stop()
