"""Fixtures of the report tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import run, write_mini_catalog
from tests.report.helpers import write_assessment


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
