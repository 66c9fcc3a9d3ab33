"""The plan as CSV: cells a spreadsheet would run as formulas are written as text (CSV injection)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap.present.plan_csv import safe_cell
from tests.conftest import assessment_yaml, run
from tests.engine.test_plan import FINDINGS


@pytest.fixture
def assessment(tmp_path: Path) -> Path:
    path = tmp_path / "a.yaml"
    path.write_text(assessment_yaml(FINDINGS))
    return path


@pytest.mark.parametrize("text, shown", [
    ("=SUM(A1:A9)", "'=SUM(A1:A9)"), ("+1", "'+1"), ("-2", "'-2"), ("@cmd", "'@cmd"), ("\tx", "'\tx"),
    ("plain", "plain"), ("a=b", "a=b"), ("", ""),
])
def test_safe_cell(text: str, shown: str) -> None:
    assert safe_cell(text) == shown


def test_plan_csv_guards_against_formula_injection(runner: CliRunner, mini_root: Path,
                                                   assessment: Path) -> None:
    domain = mini_root / "mini" / "1.0.0" / "beta.yaml"
    domain.write_text(domain.read_text().replace("title: BET-01 title", 'title: "=HYPERLINK(\\"x\\")"')
                      .replace("remediation: fix BET-01", 'remediation: "@SUM(1+1)"'))
    result = run(runner, ["--criteria", str(mini_root), "plan", str(assessment)])
    assert result.exit_code == 0, result.output
    row = next(csv.DictReader(io.StringIO(result.output)))
    assert row["title"] == "'=HYPERLINK(\"x\")"
    assert row["remediation"] == "'@SUM(1+1)"


def test_the_csv_starts_with_a_byte_order_mark(runner: CliRunner, mini_root: Path, assessment: Path) -> None:
    """A spreadsheet opened by double-click reads UTF-8 only after a byte-order mark: without it, "≥ 20%"
    arrives as "â‰¥ 20%" on Western (cp1252) and as mojibake on Japanese (cp932) Windows."""
    result = run(runner, ["--criteria", str(mini_root), "plan", str(assessment)])
    data = result.stdout_bytes
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[-1]["target"] == "≥ 20%"
    assert "â‰¥" in data[3:].decode("cp1252", errors="replace")  # what the mark prevents
