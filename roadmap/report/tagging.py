"""A version-guarded fix for WeasyPrint 70's tagged-PDF writer, which is quadratic in pages.

For a PDF/UA document WeasyPrint adds a structure element per tagged box, and each reads
`pydyf.PDF.page_references`, a property that builds the tuple of every page's reference anew: for
the 1,000-criterion report, 63,896 reads of a 224-page tuple (docs/performance.md). While the tags
are added no page is added, so the tuple is read once and kept for the duration of `add_tags`.
The bytes written are the same (tests/report/test_tagging.py compares them).

Only for the versions it was checked against (`FIX`); for any other, WeasyPrint runs as it
is. Remove this module when WeasyPrint or pydyf caches the references itself.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from roadmap.report.guarded import Fix


def _patch() -> None:
    import weasyprint.pdf

    weasyprint.pdf.add_tags = _once(weasyprint.pdf.add_tags)


#: Checked with the (WeasyPrint, pydyf) versions whose `add_tags` and `page_references` are these.
FIX = Fix({("70.0", "0.13.0")}, _patch)


def install() -> bool:
    """Make `add_tags` read the page references once; whether the fix applies to these versions."""
    return FIX.install()


def _once(add_tags: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(add_tags)
    def add_tags_reading_pages_once(pdf: Any, *args: Any, **kwargs: Any) -> Any:
        references = pdf.page_references
        cls = type(pdf)
        pdf.__class__ = type(cls.__name__, (cls,), {"page_references": property(lambda _self: references)})
        try:
            return add_tags(pdf, *args, **kwargs)
        finally:
            pdf.__class__ = cls

    return add_tags_reading_pages_once
