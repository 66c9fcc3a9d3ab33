"""The remediation plan as CSV for a spreadsheet (docs/plan.md): RFC 4180, one row per plan item."""

from __future__ import annotations

import csv
import io

from roadmap.engine.plan import Plan
from roadmap.i18n import N_, _

#: The CSV columns, in order; docs/plan.md describes each. Their headers are these names, in the
#: current language (`roadmap.i18n`).
COLUMNS: tuple[str, ...] = (N_("order"), N_("criterion"), N_("title"), N_("domain"), N_("domain_name"), N_("gating"),
                            N_("weight"), N_("status"), N_("current_tier"), N_("target_tier"), N_("current"),
                            N_("target"), N_("gap"), N_("remediation"), N_("owner"), N_("due"))

#: A spreadsheet runs a cell starting with these as a formula (CSV injection, OWASP).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading quote."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def plan_csv(plan: Plan) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    writer.writerow([_(col) for col in COLUMNS])
    for item in plan.items:
        row = {**item.model_dump(), "gating": _("yes") if item.gating else _("no")}
        writer.writerow([safe_cell("" if row[col] is None else str(row[col])) for col in COLUMNS])
    return out.getvalue()
