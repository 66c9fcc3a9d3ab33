"""The tagged-PDF fix (roadmap.report.tagging): the same bytes, and only for the checked versions."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from roadmap.report import tagging

if TYPE_CHECKING:
    from roadmap.report.render import PdfSource


@pytest.mark.slow  # renders PDFs
def test_the_same_bytes_with_and_without_the_fix(example_source: tuple[PdfSource, tuple[Path, ...]],
                                                 tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint.pdf

    from roadmap.report import render

    source, folders = example_source
    fixed = render.pdf_from(source, folders)
    assert tagging.install()  # the versions the project pins: the fix is in place
    # WeasyPrint's own add_tags, under every wrapper of ours (roadmap.report.lean wraps this fix's)
    monkeypatch.setattr(weasyprint.pdf, "add_tags", inspect.unwrap(weasyprint.pdf.add_tags))
    monkeypatch.setattr(tagging, "install", lambda: False)
    assert render.pdf_from(source, folders) == fixed


def test_other_versions_are_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint
    import weasyprint.pdf

    monkeypatch.setattr(tagging.FIX, "installed", False)
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    before = weasyprint.pdf.add_tags
    assert tagging.install() is False
    assert weasyprint.pdf.add_tags is before
