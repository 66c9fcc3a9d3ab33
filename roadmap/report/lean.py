"""Version-guarded memory levers for WeasyPrint 70 while it writes one of our PDFs: layout data is
let go as soon as nothing reads it any more, so that the PDF's objects reuse its memory.

- The style index (`LayoutContext.style_for`: the cascaded and computed styles of every element,
  and the caches used to share them) is read only while laying out; once the last page is laid
  out it is dropped. The layout context cannot go by itself: it refers to itself (a `partial`) and
  SVG images keep it, and `roadmap` runs with the cyclic collector off (docs/performance.md).
- While the tags are added (the last pass that reads the boxes), each page's boxes are let go once
  the page is tagged.

Only inside `lean()` (around `roadmap.report.render.pdf_from`'s `write_pdf`) and only for the
versions checked (`FIX`); the bytes written are the same (tests/report/test_lean.py). Remove
this module when WeasyPrint lets the style index and the boxes go itself.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from roadmap.report.guarded import Fix

_active: ContextVar[bool] = ContextVar("roadmap_lean", default=False)


def _patch() -> None:
    import weasyprint.document
    import weasyprint.pdf

    weasyprint.document.layout_document = _styles_dropped_after(weasyprint.document.layout_document)
    weasyprint.pdf.add_tags = _pages_released_by(weasyprint.pdf.add_tags)


#: Checked with the (WeasyPrint, pydyf) versions whose layout context, `layout_document` and `add_tags` are these.
FIX = Fix({("70.0", "0.13.0")}, _patch)


def install() -> bool:
    """Put the levers in place (they act only inside `lean()`); whether they apply to these versions."""
    return FIX.install()


@contextmanager
def lean() -> Iterator[None]:
    """Within this block, documents laid out and written let their layout data go as they can."""
    token = _active.set(True)
    try:
        yield
    finally:
        _active.reset(token)


def _styles_dropped_after(layout_document: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(layout_document)
    def layout_document_dropping_styles(html: Any, root_box: Any, context: Any, *args: Any, **kwargs: Any,
                                        ) -> Iterator[Any]:
        yield from layout_document(html, root_box, context, *args, **kwargs)
        if _active.get():  # every page is laid out: the boxes keep the styles they use
            context.style_for = None

    return layout_document_dropping_styles


class _Releasing(list[Any]):
    """The pages, each let go (its slot emptied) once the loop over them has moved past it."""

    def __iter__(self) -> Iterator[Any]:
        for i in range(len(self)):
            page = self[i]
            self[i] = None
            yield page


def _pages_released_by(add_tags: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(add_tags)
    def add_tags_releasing_pages(pdf: Any, document: Any, *args: Any, **kwargs: Any) -> Any:
        if not _active.get():
            return add_tags(pdf, document, *args, **kwargs)
        document.pages = _Releasing(document.pages)  # nothing reads them after the tags (PDF/UA metadata, write)
        try:
            return add_tags(pdf, document, *args, **kwargs)
        finally:
            document.pages = []

    return add_tags_releasing_pages
