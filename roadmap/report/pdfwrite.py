"""A version-guarded fix for pydyf 0.13's `PDF.write`, which makes every object's bytes twice.

With a file identifier (ours is always set: `roadmap.report.render.source_of`), `PDF.write` writes
each object, then joins every object's bytes again to hash them for the identifier: each content
stream is serialized and compressed (zlib, level 9) a second time. Nothing changes the objects
while `write` runs, so the bytes of each stream of the file (an indirect object: one with a number)
are made once and kept until `write` returns. Streams only: they are what costs (the dictionaries
are many and cheap, and keeping their bytes too cost 3 MB of peak memory on the 1,000-criterion
report for 0.02 s). On the bundled example, `write` takes 0.22 s of CPU instead of 0.33 s; on the
1,000-criterion report, the whole report 1.2 s less (docs/performance.md). The bytes written are
the same (tests/report/test_pdfwrite.py compares them).

Only for the versions it was checked against (`FIX`); for any other, pydyf runs as it is.
Remove this module when pydyf makes each object's bytes once itself.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from roadmap.report.guarded import Fix

#: While a PDF is written: each indirect stream's bytes, by the object's id (the object is kept
#: with them, so that no other object can take its id meanwhile).
_made: ContextVar[dict[int, tuple[Any, bytes]] | None] = ContextVar("roadmap_pdf_bytes", default=None)


def _patch() -> None:
    import pydyf

    pydyf.PDF.write = _keeping(pydyf.PDF.write)
    pydyf.Stream.data = property(_once(pydyf.Stream.data.fget), doc=pydyf.Stream.data.__doc__)


#: Checked with the (WeasyPrint, pydyf) versions whose `PDF.write` and `Stream.data` are these.
FIX = Fix({("70.0", "0.13.0")}, _patch)


def install() -> bool:
    """Make `PDF.write` make each stream's bytes once; whether the fix applies to these versions."""
    return FIX.install()


def _keeping(write: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(write)
    def write_making_each_object_once(pdf: Any, *args: Any, **kwargs: Any) -> Any:
        token = _made.set({})
        try:
            return write(pdf, *args, **kwargs)
        finally:
            _made.reset(token)

    return write_making_each_object_once


def _once(data: Callable[[Any], bytes]) -> Callable[[Any], bytes]:
    @functools.wraps(data)
    def data_made_once(obj: Any) -> bytes:
        made = _made.get()
        if made is None or obj.number is None:  # not writing, or not an object of the file (a part of one)
            return data(obj)
        kept = made.get(id(obj))
        if kept is None:
            kept = made[id(obj)] = (obj, data(obj))
        return kept[1]

    return data_made_once
