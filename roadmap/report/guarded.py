"""What the version-guarded fixes of the PDF engine share (`tagging`, `lean`, `pdfwrite`): each
replaces a few of WeasyPrint's or pydyf's functions once, and only for the versions it was checked
with; for any other, the engine runs as it is. Each keeps the bytes of the PDF the same, and each
is removed when the engine no longer needs it."""

from __future__ import annotations

from collections.abc import Callable


class Fix:
    """One fix: `patch` replaces the engine's functions; `checked`, the (WeasyPrint, pydyf) versions
    whose functions it was checked with."""

    def __init__(self, checked: set[tuple[str, str]], patch: Callable[[], None]) -> None:
        self.checked = checked
        self.patch = patch
        self.installed = False

    def install(self) -> bool:
        """Put the fix in place, once; whether it applies to the versions installed."""
        if self.installed:
            return True
        import pydyf
        import weasyprint

        if (weasyprint.__version__, pydyf.__version__) not in self.checked:
            return False
        self.patch()
        self.installed = True
        return True
