"""How long work over many files says how far it has got: the core calls `expect` as it finds work
(files to read, a roll-up's parts, reports to render) and `step` as each piece is done. By default
nothing is shown (`QUIET`); the CLI passes a bar that a terminal shows (`roadmap.present.progress`).
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def expect(self, n: int, what: str = "") -> None:
        """`n` more steps are to come (`what`: what they are, such as "reading")."""

    def step(self, name: str = "") -> None:
        """One step is done (`name`: the file it was about)."""


class _Quiet:
    """Progress that shows nothing: the default, and what a pipe or a test gets."""

    def expect(self, n: int, what: str = "") -> None:
        pass

    def step(self, name: str = "") -> None:
        pass


QUIET: Progress = _Quiet()
