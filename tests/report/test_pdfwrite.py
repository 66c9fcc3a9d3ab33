"""The fix of pydyf's double serialization (roadmap.report.pdfwrite): the same bytes, each stream's
bytes made once while a PDF is written and never kept after, and only for the checked versions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from roadmap.report import pdfwrite

HTML = """<!doctype html><html lang="en"><head><title>t</title></head><body>
<h1>One</h1><p>first page</p><p style="break-before: page">second page</p></body></html>"""


def _unfixed(monkeypatch: pytest.MonkeyPatch) -> None:
    """pydyf as it is, for the rest of the test."""
    import pydyf

    monkeypatch.setattr(pydyf.PDF, "write", pydyf.PDF.write.__wrapped__)
    monkeypatch.setattr(pydyf.Stream, "data", property(pydyf.Stream.data.fget.__wrapped__))

if TYPE_CHECKING:
    from roadmap.report.render import PdfSource


@pytest.mark.slow  # renders PDFs
def test_the_same_bytes_with_and_without_the_fix(example_source: tuple[PdfSource, tuple[Path, ...]],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from roadmap.report import render

    source, folders = example_source
    fixed = render.pdf_from(source, folders)
    assert pdfwrite.install()  # the versions the project pins: the fix is in place
    _unfixed(monkeypatch)
    assert render.pdf_from(source, folders) == fixed


def test_each_stream_is_made_once_while_writing_and_never_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    import pydyf
    import weasyprint

    assert pdfwrite.install()
    made: list[int] = []
    data = pydyf.Stream.data.fget.__wrapped__

    def counted(obj: Any) -> bytes:
        made.append(id(obj))
        out: bytes = data(obj)
        return out

    monkeypatch.setattr(pydyf.Stream, "data", property(pdfwrite._once(counted)))
    weasyprint.HTML(string=HTML).write_pdf(io.BytesIO(), pdf_identifier=b"0" * 32)
    assert made and len(made) == len(set(made))  # twice for each stream without the fix
    stream = pydyf.Stream([b"q Q"], compress=True)
    stream.number = 7
    assert stream.data == stream.data and pdfwrite._made.get() is None  # outside `write`: made anew each time


def test_other_versions_are_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    import pydyf
    import weasyprint

    monkeypatch.setattr(pdfwrite.FIX, "installed", False)
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    before = pydyf.PDF.write, pydyf.Stream.data
    assert pdfwrite.install() is False
    assert (pydyf.PDF.write, pydyf.Stream.data) == before
