"""The remediation plan as CSV for a spreadsheet (docs/plan.md): RFC 4180, one row per plan item, with
a UTF-8 byte-order mark so that a spreadsheet opened by double-click reads it as UTF-8 ("≥ 70%", not
"â‰¥ 70%", on Western and Japanese Windows alike)."""

from __future__ import annotations

import csv
import io
from typing import Any

from roadmap.chars import shown
from roadmap.engine.plan import Plan, PlanItem

#: The CSV columns, in order; docs/plan.md describes each. The workbook (`plan_xlsx`) has the same.
COLUMNS: tuple[str, ...] = ("order", "criterion", "title", "domain", "domain_name", "gating", "weight",
                            "status", "current_tier", "target_tier", "current", "target", "gap",
                            "remediation", "owner", "due", "state", "notes", "since", "held_back_by")

#: What makes a spreadsheet read a file as UTF-8 rather than the system's code page.
BOM = "\ufeff"

#: A spreadsheet runs a cell starting with these as a formula (CSV injection, OWASP).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading quote, and
    characters that hide or reorder text are written visibly (`roadmap.chars.shown`)."""
    text = shown(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def row_values(item: PlanItem) -> dict[str, Any]:
    """An item's values by column, as data (numbers, booleans, dates, text): the workbook's cells."""
    row = item.model_dump()
    row["held_back_by"] = "; ".join(item.held_back_by)
    return {col: row[col] for col in COLUMNS}


def plan_csv(plan: Plan) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    writer.writerow(COLUMNS)
    for item in plan.items:
        row = {**row_values(item), "gating": "yes" if item.gating else "no"}
        writer.writerow([safe_cell(_text(row[col])) for col in COLUMNS])
    return BOM + out.getvalue()


def _text(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)
