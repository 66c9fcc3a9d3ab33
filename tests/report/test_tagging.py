"""The tagged-PDF fix (roadmap.report.tagging): the same bytes, and only for the checked versions."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from roadmap.report import tagging


@pytest.mark.slow  # renders PDFs
def test_the_same_bytes_with_and_without_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint.pdf

    from roadmap import __version__
    from roadmap.engine.scoring import score
    from roadmap.load.assessments import load_assessment
    from roadmap.report import render
    from roadmap.report.context import build_context
    from tests.conftest import EXAMPLES

    path = EXAMPLES / "japan-2025.yaml"
    la = load_assessment(path, path.name)
    ctx = build_context(la, score(la.catalog, la.assessment), tool_version=__version__)
    folders = render.template_folders(None)
    source = render.pdf_source(ctx, folders)
    fixed = render.pdf_from(source, folders)
    assert tagging.install()  # the versions the project pins: the fix is in place
    # WeasyPrint's own add_tags, under every wrapper of ours (roadmap.report.lean wraps this fix's)
    monkeypatch.setattr(weasyprint.pdf, "add_tags", inspect.unwrap(weasyprint.pdf.add_tags))
    monkeypatch.setattr(tagging, "install", lambda: False)
    assert render.pdf_from(source, folders) == fixed


def test_other_versions_are_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint
    import weasyprint.pdf

    monkeypatch.setattr(tagging, "_installed", False)
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    before = weasyprint.pdf.add_tags
    assert tagging.install() is False
    assert weasyprint.pdf.add_tags is before
