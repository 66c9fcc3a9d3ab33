"""The remediation plan as an Excel workbook (openpyxl): the CSV's columns with real types (numbers,
yes/no, dates as dates), the header row frozen and filters on every column; a second sheet lists the
previous plan's items that closed. Text cells stay text (a title starting with "=" is never a
formula), and the file is the same bytes for the same plan (its dates come from the as-of date)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from roadmap.engine.plan import Plan
from roadmap.i18n import NP_, pgettext
from roadmap.present.plan_csv import COLUMNS, row_values

#: Column widths, in characters, for the columns that hold more than a word.
_WIDTHS = {"title": 40, "domain_name": 24, "current": 16, "target": 16, "gap": 28, "remediation": 60,
           "owner": 20, "notes": 40, "held_back_by": 30}
#: The columns of the sheet of closed items; headers in the current language, as the plan's.
_CLOSED = (NP_("plan column", "criterion"), NP_("plan column", "id"), NP_("plan column", "title"),
           NP_("plan column", "target_tier"), NP_("plan column", "why"), NP_("plan column", "owner"),
           NP_("plan column", "due"), NP_("plan column", "state"), NP_("plan column", "notes"),
           NP_("plan column", "closed"))
#: Characters XML 1.0 cannot hold (openpyxl refuses them): dropped from text cells.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def plan_xlsx(plan: Plan) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "plan"
    _table(ws, COLUMNS, [row_values(item) for item in plan.items])
    if plan.closed:
        _table(wb.create_sheet("closed"), _CLOSED,
               [{k: v for k, v in c.model_dump().items() if k in _CLOSED} for c in plan.closed])
    when = dt.datetime.combine(dt.date.fromisoformat(plan.as_of), dt.time())
    wb.properties.creator = "roadmap"
    wb.properties.title = f"Remediation plan, {plan.partner}, as of {plan.as_of}"
    wb.properties.created = wb.properties.modified = when
    return _saved(wb, when)


def _table(ws: Any, columns: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    """A header row, frozen and filtered, then one row per item; each cell of its own type."""
    from openpyxl.utils import get_column_letter

    ws.append([pgettext("plan column", col) for col in columns])
    for r, row in enumerate(rows, start=2):
        for c, col in enumerate(columns, start=1):
            _cell(ws.cell(row=r, column=c), row[col])
    for c, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = _WIDTHS.get(col, max(10, len(col) + 2))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(rows) + 1)}"


def _cell(cell: Any, value: Any) -> None:
    if isinstance(value, dt.date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, (bool, int, float)) or value is None:
        cell.value = value
    else:
        cell.value = _ILLEGAL.sub("", str(value))
        cell.data_type = "s"  # never a formula, whatever the text starts with


class _Stamped(zipfile.ZipFile):
    """A zip file whose members carry one fixed time (the plan's as-of date), not the clock's."""

    when: tuple[int, int, int, int, int, int] = (1980, 1, 1, 0, 0, 0)

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: int | None = None,
                 compresslevel: int | None = None) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=self.when)
            zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)


def _saved(wb: Any, when: dt.datetime) -> bytes:
    """The workbook's bytes, written as openpyxl's `save_workbook` does, but keeping the as-of date
    as its modification time (save_workbook sets the clock's) and in every member of the zip."""
    from openpyxl.writer.excel import ExcelWriter

    out = io.BytesIO()
    archive = _Stamped(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    archive.when = (when.year, when.month, when.day, 0, 0, 0)
    ExcelWriter(wb, archive).save()
    return out.getvalue()
