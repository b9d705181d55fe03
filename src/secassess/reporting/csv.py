"""CSV renderer: the result table, one row per control, UTF-8 with a byte order mark so that
Excel opens Vietnamese correctly. Headings are in the report's language; the result code column
keeps the machine code. A cell a spreadsheet would run as a formula is kept as text."""

from __future__ import annotations

import csv
import io

from secassess.reporting.interface import Renderer
from secassess.reporting.model import Report
from secassess.reporting.wording import Wording
from secassess.text import spreadsheet_text

COLUMNS = ("csv_system", "csv_assessment", "csv_domain", "csv_domain_title", "csv_control", "csv_title",
           "csv_severity", "csv_mandatory", "csv_result", "csv_result_code", "csv_declared", "csv_technical",
           "csv_note", "csv_justification", "csv_evidence")


def cell(value: object) -> str:
    """Text that a spreadsheet will not run as a formula (a note typed as ``=HYPERLINK(…)``)."""
    return spreadsheet_text("" if value is None else str(value))


class CsvRenderer(Renderer):
    name = "csv"
    extension = ".csv"
    media_type = "text/csv; charset=utf-8"

    def render(self, report: Report) -> bytes:
        w = Wording(report.lang)
        buf = io.StringIO()
        out = csv.writer(buf, lineterminator="\r\n")
        out.writerow([w(c) for c in COLUMNS])
        for d in report.domains:
            for c in d.controls:
                out.writerow([cell(x) for x in (
                    report.system.id, report.assessment.id, d.id, d.title, c.id, c.title, w.severity(c.severity),
                    w.yes_no(c.mandatory), w.result(c.result), c.result, w.result(c.declared),
                    w.result(c.technical) if c.technical else "", c.note, c.justification, "; ".join(c.evidence))])
        return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")
