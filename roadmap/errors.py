"""One exception tree for the whole package; the CLI converts it to exit codes in one place.

A `Problem` is one thing wrong with one input, at one place: it prints in the gcc form
`file:line:col: dotted.path: message` that editors and CI annotate.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    col: int | None
    path: str
    message: str
    #: A note about the problems before it ("N more not shown"): listed after the file's others.
    last: bool = False

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class RoadmapError(Exception):
    """Base of every error the core raises on purpose."""


@dataclass
class InputError(RoadmapError):
    """Bad input (exit code 2). Carries every problem found, not only the first."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__("\n".join(str(p) for p in self.problems))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class UsageError(RoadmapError):
    """A request that cannot be carried out as asked (exit code 2), with no file position."""


class OutputError(RoadmapError):
    """Writing an output failed (exit code 2): nothing was written."""
