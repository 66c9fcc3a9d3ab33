"""Fixtures of the report tests."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

from tests.conftest import run, write_mini_catalog
from tests.report.helpers import write_assessment

if TYPE_CHECKING:
    from roadmap.report.render import PdfSource


@pytest.fixture(scope="session")
def mini_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, bytes]:
    """One rendered mini report, shared by the tests that only read it (rendering takes seconds)."""
    tmp = tmp_path_factory.mktemp("mini")
    root = write_mini_catalog(tmp / "criteria")
    src = write_assessment(tmp, "round-1.yaml", title="Testland readiness 2026")
    result = run(CliRunner(), ["--criteria", str(root), "report", str(src), "-o", str(tmp / "out.pdf")])
    assert result.exit_code == 0, result.output
    assert f"wrote {tmp / 'out.pdf'}" in result.output
    return root, src, (tmp / "out.pdf").read_bytes()


@pytest.fixture(scope="session")
def example_source() -> tuple[PdfSource, tuple[Path, ...]]:
    """The bundled 2025 example's PDF source and the template folders: what `roadmap report` turns
    into its PDF (for the tests of the engine fixes, which compare bytes with and without them)."""
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
    return render.pdf_source(ctx, folders), folders
