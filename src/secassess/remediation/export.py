"""The remediation register (sổ theo dõi khắc phục) as a file: one writer per format, all written
atomically (a failed export leaves no half-written file). Columns are :data:`present.COLUMNS`.

- CSV: UTF-8 with a BOM (so Excel on Windows reads Vietnamese), comma-separated, dates ISO 8601.
- XLSX: Vietnamese headers, column widths, wrapped text, frozen header row, filters, real dates,
  overdue days highlighted; a second sheet says as of when and how many.
- JSON: ``{"as_of", "generated_at", "count", "overdue", "items": [...]}``, items as in
  ``remediation list --json``.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from secassess import clock
from secassess.fsutil import atomic_open, cannot_write
from secassess.messages import msg
from secassess.remediation import rules
from secassess.remediation.present import COLUMNS
from secassess.remediation.service import RemediationItem
from secassess.text import spreadsheet_text


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return spreadsheet_text(str(value))


def write_csv(path: Path, items: Sequence[RemediationItem], as_of: date) -> None:
    with atomic_open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([c.header for c in COLUMNS])
        for i in items:
            w.writerow([_csv_cell(c.value(i)) for c in COLUMNS])


def to_json(items: Sequence[RemediationItem], as_of: date) -> dict[str, Any]:
    return {"as_of": as_of.isoformat(), "generated_at": clock.now().isoformat(), "count": len(items),
            "overdue": sum(1 for i in items if i.overdue), "items": [i.to_dict() for i in items]}


def write_json(path: Path, items: Sequence[RemediationItem], as_of: date) -> None:
    with atomic_open(path, "w", encoding="utf-8", newline="\n") as fh:
        json.dump(to_json(items, as_of), fh, ensure_ascii=False, indent=2)
        fh.write("\n")


def write_xlsx(path: Path, items: Sequence[RemediationItem], as_of: date) -> None:
    # the file is opened first: a write-only workbook abandoned half-built leaves noisy generators
    with atomic_open(path, "wb") as fh:
        _workbook(items, as_of).save(fh)


def _workbook(items: Sequence[RemediationItem], as_of: date) -> Any:
    # Write-only mode with named styles: a province-wide register (tens of thousands of rows)
    # is written several times faster than with per-cell style objects.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    sheet = wb.create_sheet(msg("remediation.export.remediation"))
    thin = Side(style="thin", color="A6A6A6")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    late = PatternFill("solid", fgColor="F8CBAD")
    formats = {"text": "General", "date": "DD/MM/YYYY", "datetime": "DD/MM/YYYY HH:MM"}
    for kind, fmt in formats.items():
        for overdue in (False, True):
            wb.add_named_style(NamedStyle(
                f"rm_{kind}{'_late' if overdue else ''}", number_format=fmt, border=border,
                alignment=Alignment(wrap_text=True, vertical="top"), fill=late if overdue else PatternFill()))
    wb.add_named_style(NamedStyle(
        "rm_head", font=Font(bold=True, color="FFFFFF"), fill=PatternFill("solid", fgColor="1F4E78"),
        border=border, alignment=Alignment(wrap_text=True, vertical="center", horizontal="center")))
    for col_no, col in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(col_no)].width = col.width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(1, len(items) + 1)}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    def cell(value: Any, style: str) -> Any:
        c = WriteOnlyCell(sheet, value=value)
        c.style = style
        if isinstance(value, str):
            c.data_type = "s"  # never a formula, whatever the officer typed
        return c

    sheet.row_dimensions[1].height = 45
    sheet.append([cell(c.header, "rm_head") for c in COLUMNS])
    for item in items:
        row = []
        for col in COLUMNS:
            value = col.value(item)
            kind = "datetime" if isinstance(value, datetime) else "date" if isinstance(value, date) else "text"
            late_cell = item.overdue and col.key in ("days_overdue", "due_date")
            row.append(cell(value, f"rm_{kind}{'_late' if late_cell else ''}"))
        sheet.append(row)

    info = wb.create_sheet(msg("remediation.export.about"))
    info.column_dimensions["A"].width = 36
    info.column_dimensions["B"].width = 20
    counts = Counter(i.status for i in items)
    info.append([cell(msg("remediation.export.remediation_register"), "rm_head")])
    info.append([msg("remediation.export.as"), cell(as_of, "rm_date")])
    info.append([msg("remediation.export.exported"), cell(clock.now().replace(tzinfo=None), "rm_datetime")])
    info.append([msg("remediation.export.items"), len(items)])
    info.append([msg("remediation.export.overdue"), sum(1 for i in items if i.overdue)])
    for s in rules.STATUSES:
        info.append([rules.status_label(s), counts.get(s, 0)])
    return wb


WRITERS: dict[str, Callable[[Path, Sequence[RemediationItem], date], None]] = {
    "csv": write_csv, "xlsx": write_xlsx, "json": write_json,
}


def export(fmt: str, path: Path, items: Sequence[RemediationItem], as_of: date) -> None:
    """Write ``items`` to ``path`` in ``fmt`` atomically; a file that cannot be written is bad input."""
    try:
        WRITERS[fmt](path, items, as_of)
    except OSError as exc:
        raise cannot_write(path, exc) from None
