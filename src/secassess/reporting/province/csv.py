"""CSV renderer of the provincial report, for the units' own spreadsheets: one row per figure —
the province's summary and totals, every unit's figures (this period, the previous one, the change)
and every system of the annex — with the ids of the systems (``#n`` items or incidents) behind it.
UTF-8 with a byte order mark so that Excel reads Vietnamese; a cell a spreadsheet would run as a
formula is kept as text. Shares are fractions 0–1, scores 0–100 as computed (not rounded), dates
ISO 8601."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from typing import Any

from secassess.reporting.province import present
from secassess.reporting.province.compute import delta
from secassess.reporting.province.model import ProvinceReport, SystemRow
from secassess.reporting.province.wording import ProvinceWording
from secassess.text import spreadsheet_text
from secassess.vocabulary import WORST_FIRST

HEADERS = ("csv_table", "csv_scope", "csv_scope_name", "csv_figure", "csv_label", "csv_current", "csv_previous",
           "csv_delta", "csv_ids")

#: the annex columns written per system: (code, wording key)
SYSTEM_FIELDS: tuple[tuple[str, str], ...] = (
    ("level", "f_level"), ("important", "x_important"), ("national_database", "x_national_db"),
    ("level_dossier_approved", "x_dossier"), ("security_plan_approved", "x_plan"),
    ("assessed_12m", "x_assessed_12m"), ("assessment_id", "f_assessment_id"), ("assessed_on", "f_assessed_on"),
    ("profile_id", "f_profile_id"), ("tcvn14423", "f_tcvn14423"), ("score", "f_score"), ("coverage", "f_coverage"),
    ("rating", "f_rating"), ("last_assessment_id", "x_last_assessment"), ("last_assessed_on", "f_last_assessed_on"),
)


def num(value: Any) -> Any:
    """A number as the CSV writes it: integers as they are, other numbers to 4 decimals."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, date):
        return value.isoformat()
    return value


def system_rows(s: SystemRow, w: ProvinceWording) -> Iterator[tuple[str, str, Any]]:
    """(code, label, value) of every annex figure of one system."""
    for code, key in SYSTEM_FIELDS:
        yield code, w(key), getattr(s, code)
    for sev in WORST_FIRST:
        yield f"open_findings.{sev}", present.label_of(w, f"open_findings.{sev}"), s.open_findings[sev]
    yield "overdue_items", w("f_overdue_items"), s.overdue_items
    yield "incidents", w("f_incidents"), s.incidents


def rows(report: ProvinceReport, w: ProvinceWording) -> Iterator[list[Any]]:
    yield [w(h) for h in HEADERS]
    for r in present.flat_rows(report, w):
        yield [w(f"table_{r.table}"), r.scope, r.scope_name, r.code, r.label, num(r.current), num(r.previous),
               num(delta(r.previous, r.current)), r.ids]
    for s in report.annex:
        for code, label, value in system_rows(s, w):
            yield [w("table_system"), s.system_id, s.name, code, label, num(value), "", "", s.system_id]


class CsvRenderer:
    name = "csv"
    extension = ".csv"
    media_type = "text/csv; charset=utf-8"

    def render(self, report: ProvinceReport) -> bytes:
        w = ProvinceWording(report.lang)  # type: ignore[arg-type]
        buf = io.StringIO()
        out = csv.writer(buf, lineterminator="\r\n")
        for row in rows(report, w):
            out.writerow([spreadsheet_text(v) if isinstance(v, str) else "" if v is None else v for v in row])
        return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")
