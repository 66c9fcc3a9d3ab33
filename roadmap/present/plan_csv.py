"""The remediation plan as CSV for a spreadsheet (docs/plan.md): RFC 4180, one row per plan item, with
a UTF-8 byte-order mark so that a spreadsheet opened by double-click reads it as UTF-8 ("≥ 70%", not
"â‰¥ 70%", on Western and Japanese Windows alike)."""

from __future__ import annotations

import csv
import io
from typing import Any

from roadmap.chars import shown
from roadmap.engine.plan import Plan, PlanItem
from roadmap.i18n import NP_, _, pgettext

#: The CSV columns, in order; docs/plan.md describes each. The workbook (`plan_xlsx`) has the same.
#: Their headers are these names, in the current language (`roadmap.i18n`).
COLUMNS: tuple[str, ...] = (
    NP_("plan column", "order"), NP_("plan column", "criterion"), NP_("plan column", "title"),
    NP_("plan column", "domain"), NP_("plan column", "domain_name"), NP_("plan column", "gating"),
    NP_("plan column", "weight"), NP_("plan column", "status"), NP_("plan column", "current_tier"),
    NP_("plan column", "target_tier"), NP_("plan column", "current"), NP_("plan column", "target"),
    NP_("plan column", "gap"), NP_("plan column", "remediation"), NP_("plan column", "owner"),
    NP_("plan column", "due"), NP_("plan column", "state"), NP_("plan column", "notes"),
    NP_("plan column", "since"), NP_("plan column", "held_back_by"))

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
    writer.writerow([pgettext("plan column", col) for col in COLUMNS])
    for item in plan.items:
        row = {**row_values(item), "gating": _("yes") if item.gating else _("no")}
        writer.writerow([safe_cell(_text(row[col])) for col in COLUMNS])
    return BOM + out.getvalue()


def _text(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)
