"""The remediation plan as CSV for a spreadsheet (docs/plan.md): RFC 4180, one row per plan item."""

from __future__ import annotations

import csv
import io

from roadmap.chars import shown
from roadmap.engine.plan import Plan

#: The CSV columns, in order; docs/plan.md describes each.
COLUMNS: tuple[str, ...] = ("order", "criterion", "title", "domain", "domain_name", "gating", "weight",
                            "status", "current_tier", "target_tier", "current", "target", "gap",
                            "remediation", "owner", "due")

#: A spreadsheet runs a cell starting with these as a formula (CSV injection, OWASP).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading quote, and
    characters that hide or reorder text are written visibly (`roadmap.chars.shown`)."""
    text = shown(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def plan_csv(plan: Plan) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    writer.writerow(COLUMNS)
    for item in plan.items:
        row = {**item.model_dump(), "gating": "yes" if item.gating else "no"}
        writer.writerow([safe_cell("" if row[col] is None else str(row[col])) for col in COLUMNS])
    return out.getvalue()
