"""XLSX renderer of the provincial report: the same figures as the PDF and the JSON, one sheet per
table, for the units' own spreadsheets — summary per task (this period, previous, change), the unit
table, systems not assessed, overdue items, incidents, the per-system annex, every figure with the
ids behind it ("Số liệu", as in the CSV), and an "about" sheet with the dates measured on.

Real numbers (shares formatted as percentages, scores with one decimal), real dates; frozen header
rows, filters, A4 landscape fitted to width. Text is never taken for a formula. Write-only mode with
named styles keeps a 2,000-system province fast.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from secassess import clock
from secassess.reporting.province import present
from secassess.reporting.province.compute import delta, value_at
from secassess.reporting.province.csv import SYSTEM_FIELDS
from secassess.reporting.province.model import LEVELS, Figures, ProvinceReport
from secassess.reporting.province.wording import ProvinceWording
from secassess.text import FORMULA_START
from secassess.vocabulary import RATINGS, WORST_FIRST

FORMATS = {"text": "General", "int": "0", "share": "0.0%", "score": "0.0", "date": "DD/MM/YYYY",
           "datetime": "DD/MM/YYYY HH:MM"}


class _Book:
    def __init__(self, yes_no: Any) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

        self.wb = Workbook(write_only=True)
        self.yes_no = yes_no
        thin = Side(style="thin", color="A6A6A6")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        for kind, fmt in FORMATS.items():
            for bold in (False, True):
                self.wb.add_named_style(NamedStyle(
                    f"pv_{kind}{'_b' if bold else ''}", number_format=fmt, border=border, font=Font(bold=bold),
                    alignment=Alignment(wrap_text=True, vertical="top")))
        self.wb.add_named_style(NamedStyle(
            "pv_head", font=Font(bold=True, color="FFFFFF"), fill=PatternFill("solid", fgColor="1F4E78"),
            border=border, alignment=Alignment(wrap_text=True, vertical="center", horizontal="center")))
        self.wb.add_named_style(NamedStyle("pv_title", font=Font(bold=True, size=13)))

    def sheet(self, title: str, headers: Sequence[str], widths: Sequence[float], rows: Iterable[Sequence[Any]],
              kinds: Sequence[str], *, bold_last: bool = False, caption: str | None = None,
              row_kinds: Sequence[Sequence[str]] | None = None) -> None:
        """One sheet: a caption line, a header row, the rows; ``kinds`` names each column's number
        format (``row_kinds``: one list per row instead, where rows mix counts, shares and scores)."""
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.utils import get_column_letter

        ws = self.wb.create_sheet(title[:31])
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        first = 2 if caption else 1
        ws.freeze_panes = f"A{first + 1}"
        ws.print_title_rows = f"{first}:{first}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = "9"  # A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True

        def styled(value: Any, style: str) -> Any:
            c = WriteOnlyCell(ws, value=value)
            c.style = style
            if isinstance(value, str):
                c.data_type = "s"  # never a formula, whatever was typed
            return c

        if caption:
            ws.append([styled(caption, "pv_title")])
        ws.append([styled(h, "pv_head") for h in headers])
        data = list(rows)
        ws.auto_filter.ref = f"A{first}:{get_column_letter(len(headers))}{first + max(1, len(data))}"
        for n, row in enumerate(data):
            bold = bold_last and n == len(data) - 1
            out: list[Any] = []
            for value, kind in zip(row, row_kinds[n] if row_kinds is not None else kinds, strict=True):
                if isinstance(value, bool):
                    value = self.yes_no(value)
                if isinstance(value, datetime):
                    out.append(styled(clock.local(value).replace(tzinfo=None), "pv_datetime" + ("_b" if bold else "")))
                elif isinstance(value, date):
                    out.append(styled(value, "pv_date" + ("_b" if bold else "")))
                elif bold and value is not None:
                    out.append(styled(value, f"pv_{kind if not isinstance(value, str) else 'text'}_b"))
                elif isinstance(value, float) and kind in ("share", "score"):
                    out.append(styled(value, f"pv_{kind}"))
                elif isinstance(value, str) and value.startswith(FORMULA_START):
                    out.append(styled(value, "pv_text"))
                else:  # plain values are written several times faster than styled cells
                    out.append(value)
            ws.append(out)

    def save(self) -> bytes:
        buf = io.BytesIO()
        self.wb.save(buf)
        return buf.getvalue()


def _unit_row(uid: str, name: str, f: Figures, prev: Figures | None) -> list[Any]:
    row: list[Any] = [uid, name, f.systems_in_use.value, *[f.systems_by_level[lv].value for lv in LEVELS],
                      f.level_dossier_approved.value, f.security_plan_approved.value, f.assessed_12m.value,
                      f.assessed_share, f.average_score.value, *[f.ratings[r].value for r in RATINGS],
                      *[f.open_findings[s].value for s in WORST_FIRST], f.overdue_items.value, f.incidents.value]
    row += ([prev.assessed_12m.value, prev.assessed_share, prev.average_score.value, prev.overdue_items.value,
             prev.incidents.value] if prev is not None else [None] * 5)
    return row


class XlsxRenderer:
    name = "xlsx"
    extension = ".xlsx"
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def render(self, report: ProvinceReport) -> bytes:
        w = ProvinceWording(report.lang)  # type: ignore[arg-type]
        r = report
        m = r.current.measured
        caption = f"{r.title} — {w('info_as_of').lower()} {w.date(m.as_of)}"
        book = _Book(w.yes_no)

        # summary per task
        rows: list[list[Any]] = []
        row_kinds: list[list[str]] = []
        current = dict(present.leaves(r.current))
        for task, key in (("a", "task_a"), ("b", "task_b"), ("c", "task_c")):
            for row in present.task_rows(w, task):
                cur, prev = value_at(r.current, row.path), value_at(r.previous, row.path)
                rows.append([w(key).split(" – ")[0], row.label, cur, prev, delta(prev, cur),
                             present.ids_of(current.get(row.path))])
                k = {"count": "int"}.get(row.kind, row.kind)
                row_kinds.append(["text", "text", k, k, k, "text"])
        book.sheet(w("sheet_summary"), [w("x_task"), w("col_figure"), w("col_current"), w("col_previous"),
                                        w("col_delta"), w("x_ids")], [14, 60, 12, 12, 14, 60],
                   rows, [], caption=caption, row_kinds=row_kinds)

        # units
        heads = [w("x_unit_id"), w("x_unit"), w("f_systems_in_use"), *[w("x_level_n", n=lv) for lv in LEVELS],
                 w("f_level_dossier_approved"), w("f_security_plan_approved"), w("f_assessed_12m"),
                 w("f_assessed_share"), w("f_average_score"), *[w("f_ratings", rating=w.rating(x)) for x in RATINGS],
                 *[present.label_of(w, f"open_findings.{s}") for s in WORST_FIRST], w("f_overdue_items"),
                 w("f_incidents"), *[w("x_previous_of", label=w(k)) for k in
                                     ("f_assessed_12m", "f_assessed_share", "f_average_score", "f_overdue_items",
                                      "f_incidents")]]
        kinds = (["text", "text", "int"] + ["int"] * 5 + ["int", "int", "int", "share", "score"] + ["int"] * 3
                 + ["int"] * 4 + ["int", "int", "int", "share", "score", "int", "int"])
        before = {u.unit_id: u.figures for u in r.previous.units}
        unit_rows = [_unit_row(u.unit_id, u.unit_name, u.figures, before.get(u.unit_id)) for u in r.current.units]
        unit_rows.append(_unit_row("", w("total_row"), r.current.total, r.previous.total))
        book.sheet(w("sheet_units"), heads, [10, 34] + [11] * (len(heads) - 2), unit_rows, kinds, bold_last=True,
                   caption=caption)

        # systems not assessed in 12 months
        book.sheet(w("sheet_not_assessed"),
                   [w("x_system_id"), w("x_system"), w("x_unit_id"), w("x_unit"), w("f_level"), w("x_important"),
                    w("x_national_db"), w("x_last_assessment"), w("f_last_assessed_on")],
                   [14, 40, 10, 30, 8, 10, 10, 12, 14],
                   [[s.system_id, s.name, s.unit_id, s.unit_name, s.level, s.important, s.national_database,
                     s.last_assessment_id, s.last_assessed_on] for s in r.systems_not_assessed],
                   ["text", "text", "text", "text", "int", "int", "int", "int", "date"], caption=caption)

        # overdue items, one row per system (every item id listed; item by item: remediation export --overdue)
        overdue_rows = [[g.system_id, g.system_name, g.unit_id, len(g.items), *[g.count(sev) for sev in WORST_FIRST],
                         g.worst.control_id, g.worst.days_overdue, g.worst.due_date, g.owners,
                         " ".join(f"#{i.item_id}:{i.control_id}" for i in g.items)]
                        for g in present.by_system(r.overdue_items)]
        book.sheet(w("sheet_overdue"),
                   [w("x_system_id"), w("x_system"), w("x_unit_id"), w("f_overdue_items"),
                    *[w("x_findings_sev", severity=w.severity(sev).lower()) for sev in WORST_FIRST],
                    w("col_oldest"), w("x_days_overdue"), w("x_due"), w("x_owner"), w("x_items")],
                   [14, 30, 10, 10, 10, 10, 10, 10, 14, 10, 12, 24, 60], overdue_rows,
                   ["text", "text", "text", "int", "int", "int", "int", "int", "text", "int", "date", "text", "text"],
                   caption=caption)

        # incidents
        book.sheet(w("sheet_incidents"),
                   [w("x_incident"), w("x_system_id"), w("x_system"), w("x_unit_id"), w("x_detected"),
                    w("x_category"), w("x_severity"), w("x_in_period"), w("x_resolved_at"), w("x_notified_at"),
                    w("x_notification"), w("x_notification_due"), w("x_full_report_at"), w("x_full_report"),
                    w("x_full_report_due")],
                   [8, 14, 30, 10, 16, 26, 12, 10, 16, 16, 16, 16, 16, 16, 16],
                   [[i.incident_id, i.system_id, i.system_name, i.unit_id, i.detected_at, w.category(i.category),
                     w.severity(i.severity), w.yes_no(i.in_period), i.resolved_at, i.notified_at,
                     w.notify(i.notification), i.notification_due, i.full_report_at, w.notify(i.full_report),
                     i.full_report_due] for i in r.incidents],
                   ["int", "text", "text", "text", "datetime", "text", "text", "text", "datetime", "datetime", "text",
                    "datetime", "datetime", "text", "datetime"], caption=caption)

        # annex
        annex_heads = [w("x_system_id"), w("x_system"), w("x_unit_id"), w("x_unit")]
        annex_heads += [w(key) for _, key in SYSTEM_FIELDS]
        annex_heads += [present.label_of(w, f"open_findings.{s}") for s in WORST_FIRST]
        annex_heads += [w("f_overdue_items"), w("f_incidents")]
        field_kinds = {"level": "int", "assessment_id": "int", "last_assessment_id": "int", "score": "score",
                       "coverage": "share"}
        annex_kinds = ["text"] * 4 + [field_kinds.get(code, "text") for code, _ in SYSTEM_FIELDS] + ["int"] * 6
        book.sheet(w("sheet_annex"), annex_heads, [14, 36, 10, 28] + [12] * (len(annex_heads) - 4),
                   [[s.system_id, s.name, s.unit_id, s.unit_name,
                     *[w.rating(s.rating) if code == "rating" and s.rating else getattr(s, code)
                       for code, _ in SYSTEM_FIELDS],
                     *[s.open_findings[x] for x in WORST_FIRST], s.overdue_items, s.incidents] for s in r.annex],
                   annex_kinds, caption=caption)

        # every figure with the ids behind it (as the CSV)
        flat = list(present.flat_rows(r, w))
        book.sheet(w("sheet_figures"),
                   [w("csv_table"), w("csv_scope"), w("csv_scope_name"), w("csv_figure"), w("csv_label"),
                    w("csv_current"), w("csv_previous"), w("csv_ids")],
                   [10, 12, 30, 40, 50, 12, 12, 80],
                   [[w(f"table_{f.table}"), f.scope, f.scope_name, f.code, f.label, f.current, f.previous, f.ids]
                    for f in flat],
                   ["text"] * 5 + ["text", "text", "text"], caption=caption)

        # the document is created when the report was made (the file format keeps UTC); openpyxl stamps
        # "modified" with the moment the file is saved, whatever is set here
        book.wb.properties.created = r.generated_at.astimezone(UTC).replace(tzinfo=None)
        book.wb.properties.creator = r.generator
        # about
        p = r.previous.measured
        units = w("scope_all", n=len(r.current.units)) if r.units_selected is None else ", ".join(r.units_selected)
        book.sheet(w("sheet_info"), [w("x_key"), w("x_value")], [44, 60], [
            [w("info_period"), m.period],
            [w("info_as_of"), m.as_of],
            [w("info_window"), f"{w.date(m.window_start)} – {w.date(m.window_end)}"],
            [w("info_incident_window"), f"{w.datetime(m.incident_from)} – {w.datetime(m.incident_to)}"],
            [w("info_previous"), f"{p.period} ({w.date(p.as_of)})"],
            [w("info_scope"), units],
            [w("info_deadlines"), f"{r.deadlines.initial_notification_hours} / {r.deadlines.full_report_hours}"],
            [w("info_generated"), r.generated_at],
            [w("info_schema"), f"{r.schema} v{r.schema_version}"],
        ], ["text", "text"], caption=r.title)
        return book.save()
