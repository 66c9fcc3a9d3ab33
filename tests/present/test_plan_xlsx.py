"""The plan as an Excel workbook (roadmap.present.plan_xlsx), read back with openpyxl: real column
types, the header frozen, filters on, text never a formula, the same bytes for the same plan."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from roadmap.present.plan_csv import COLUMNS
from tests.conftest import REPO, assessment_yaml, run
from tests.engine.test_plan import FINDINGS


def test_the_workbook_of_the_example_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    out = tmp_path / "plan.xlsx"
    result = run(CliRunner(), ["plan", "examples/japan-2026.yaml", "--previous",
                               "examples/plans/japan-2025-plan.yaml", "-o", str(out)])
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    ws = wb["plan"]
    assert [c.value for c in ws[1]] == list(COLUMNS)
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:T{ws.max_row}" and ws.max_row == 53
    row = {h: c for h, c in zip(COLUMNS, ws[2], strict=True)}
    assert (row["order"].value, row["criterion"].value, row["gating"].value, row["weight"].value) == (1, "COM-08",
                                                                                                      True, 4)
    assert row["due"].value == dt.datetime(2026, 3, 31) and row["due"].is_date
    assert row["due"].number_format == "yyyy-mm-dd"
    assert (row["state"].value, row["since"].value) == ("in_progress", "overdue")
    assert row["target"].value == "≥ 70%"
    assert wb.properties.modified == dt.datetime(2026, 6, 30) and wb.sheetnames == ["plan"]
    # the same bytes again: no clock in the file
    again = tmp_path / "again.xlsx"
    run(CliRunner(), ["plan", "examples/japan-2026.yaml", "--previous", "examples/plans/japan-2025-plan.yaml",
                      "-o", str(again)])
    assert again.read_bytes() == out.read_bytes()


def test_closed_items_have_a_sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = run(CliRunner(), ["plan", "examples/japan-2025.yaml", "--previous", "examples/plans/japan-2024-plan.yaml",
                               "--format", "xlsx"])
    assert result.exit_code == 0, result.output
    wb = load_workbook(io.BytesIO(result.stdout_bytes))
    closed = wb["closed"]
    assert [c.value for c in closed[1]] == ["criterion", "id", "title", "target_tier", "why", "owner", "due", "state",
                                            "notes", "closed"]
    assert [r[0].value for r in closed.iter_rows(min_row=2)] == ["GOV-06", "PER-04", "CYB-12", "GOV-01", "CYB-01",
                                                                 "PER-01", "CYB-16"]
    assert closed["J2"].value == dt.datetime(2025, 9, 30)


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path, mini_root: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    beta = mini_root / "mini" / "1.0.0" / "beta.yaml"
    beta.write_text(beta.read_text().replace("title: BET-01 title", 'title: "=HYPERLINK(\\"http://x\\")"'))
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text(assessment_yaml(FINDINGS))
    result = run(CliRunner(), ["--criteria", str(mini_root), "plan", "a.yaml", "-o", "p.xlsx"])
    assert result.exit_code == 0, result.output
    cell = load_workbook("p.xlsx")["plan"]["C2"]
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"
