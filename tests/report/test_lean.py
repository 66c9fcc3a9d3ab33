"""The memory levers (roadmap.report.lean): the same bytes, layout data let go only inside `lean()`,
and only for the checked versions."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from roadmap.report import lean

HTML = """<!doctype html><html lang="en"><head><title>t</title></head><body>
<h1>One</h1><p>first page</p><p style="break-before: page">second page</p>
<svg width="20" height="20"><title>a square</title><rect width="10" height="10"/></svg></body></html>"""

if TYPE_CHECKING:
    from roadmap.report.render import PdfSource


@pytest.mark.slow  # renders PDFs
def test_the_same_bytes_with_and_without_the_levers(example_source: tuple[PdfSource, tuple[Path, ...]],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from roadmap.report import render

    source, folders = example_source
    lean_pdf = render.pdf_from(source, folders)
    assert lean.install()  # the versions the project pins: the levers are in place
    monkeypatch.setattr(lean, "lean", contextlib.nullcontext)
    assert render.pdf_from(source, folders) == lean_pdf


@pytest.mark.slow  # renders PDFs
def test_layout_data_goes_only_inside_lean(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint
    import weasyprint.document

    assert lean.install()
    contexts: list[Any] = []
    build = weasyprint.document.Document._build_layout_context.__func__

    def recording(cls: type, *args: object) -> Any:
        contexts.append(build(cls, *args))
        return contexts[-1]

    monkeypatch.setattr(weasyprint.document.Document, "_build_layout_context", classmethod(recording))
    kept = weasyprint.HTML(string=HTML).render(pdf_variant="pdf/ua-1")
    kept_pdf = kept.write_pdf(pdf_variant="pdf/ua-1")
    assert len(kept.pages) == 2 and contexts[-1].style_for is not None
    with lean.lean():
        released = weasyprint.HTML(string=HTML).render(pdf_variant="pdf/ua-1")
        assert contexts[-1].style_for is None  # dropped once the pages are laid out
        assert len(released.pages) == 2
        assert released.write_pdf(pdf_variant="pdf/ua-1") == kept_pdf
    assert released.pages == []  # let go while the tags were added


def test_other_versions_are_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint
    import weasyprint.document
    import weasyprint.pdf

    monkeypatch.setattr(lean.FIX, "installed", False)
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    before = weasyprint.pdf.add_tags, weasyprint.document.layout_document
    assert lean.install() is False
    assert (weasyprint.pdf.add_tags, weasyprint.document.layout_document) == before
