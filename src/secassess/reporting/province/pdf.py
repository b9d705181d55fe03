"""PDF renderer of the provincial report: the same Vietnamese administrative document as the system
report — its letterhead, fonts, escaping, font check, footer and page numbers come from
:mod:`secassess.reporting.pdf` (``DocumentBuilder``, ``write_pdf``); only the body is built here.

Long lists stay readable at province scale: overdue items are grouped per system in the PDF (the
full list is in the CSV/XLSX/JSON files), and the annex uses one-line cells drawn as plain strings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from secassess.reporting.fonts import FontFiles, FontSet, find_fonts, register
from secassess.reporting.pdf import BODY_W, DocumentBuilder, clean, write_pdf
from secassess.reporting.province import present
from secassess.reporting.province.model import SEVERITIES, ItemRef, ProvinceReport
from secassess.reporting.province.wording import ProvinceWording

SUBTITLE = 12.5
SMALL = 9.5
TINY = 8.0
CHUNK_ROWS = 60


class ProvinceBuilder(DocumentBuilder):
    def __init__(self, report: ProvinceReport, fonts: FontSet) -> None:
        self.pw = ProvinceWording(report.lang)  # type: ignore[arg-type]
        super().__init__(report.header, report.title, self.pw, fonts)
        self.r = report
        s = self._style
        self.subtitle = s("subtitle", SUBTITLE, font=fonts.italic, align=TA_CENTER, space_after=6)
        self.addressee = s("addressee", 14, align=TA_CENTER, space_after=8)
        self.small = s("small", SMALL)
        self.small_c = s("small_c", SMALL, align=TA_CENTER)
        self.small_b = s("small_b", SMALL, font=fonts.bold)
        self.small_bc = s("small_bc", SMALL, font=fonts.bold, align=TA_CENTER)
        self.tiny = s("tiny", TINY)
        self.tiny_bc = s("tiny_bc", TINY, font=fonts.bold, align=TA_CENTER)

    # ------------------------------------------------------------------ helpers

    def wrapped(self, text: str, width: float, size: float = SMALL, bold: bool = False) -> str:
        """A table cell as a plain string broken into lines that fit ``width`` (points, padding
        included): drawn as is — no markup to escape, no paragraph to lay out, so the long tables of
        a province (thousands of rows) stay fast. Its characters are recorded for the font check."""
        font = self.f.bold if bold else self.f.regular
        room = width - 7
        lines: list[str] = []
        for raw in clean(text).split("\n"):
            line = ""
            for word in raw.split(" "):
                candidate = f"{line} {word}" if line else word
                if stringWidth(candidate, font, size) <= room or not line:
                    line = candidate
                else:
                    lines.append(line)
                    line = word
                while stringWidth(line, font, size) > room and len(line) > 1:  # a word longer than the cell
                    cut = len(line) - 1
                    while cut > 1 and stringWidth(line[:cut], font, size) > room:
                        cut -= 1
                    lines.append(line[:cut])
                    line = line[cut:]
            lines.append(line)
        out = "\n".join(lines)
        self.note(out)
        return out

    def plain_table(self, rows: list[list[str]], widths: list[float], size: float, *,
                    bold_cells: Sequence[tuple[int, int]] = (), bold_rows: Sequence[int] = (),
                    center: Sequence[int] = ()) -> list[Flowable]:
        """A table whose header is bold paragraphs and whose body is plain wrapped strings, cut into
        tables of :data:`CHUNK_ROWS` rows that each repeat the header (reportlab re-measures what is
        left of a table at every page break, so one table of thousands of rows costs quadratic time)."""
        scale = BODY_W / sum(widths)
        head = self.small_heads(*rows[0], style=self.tiny_bc if size <= TINY else self.small_bc)
        bold = set(bold_cells)
        whole = set(bold_rows)
        body = [[self.wrapped(c, wd * scale, size, bold=(r, i) in bold or r in whole)
                 for i, (c, wd) in enumerate(zip(row, widths, strict=True))] for r, row in enumerate(rows[1:], 1)]
        out: list[Flowable] = []
        for start in range(0, max(len(body), 1), CHUNK_ROWS):
            part = body[start:start + CHUNK_ROWS]

            def here(r: int, start: int = start, n: int = len(part)) -> int | None:
                return r - start if start < r <= start + n else None  # row in this part (1 = first body row)

            extra: list[tuple[Any, ...]] = [("FONTSIZE", (0, 1), (-1, -1), size),
                                            ("LEADING", (0, 1), (-1, -1), size * 1.2)]
            extra += [("FONTNAME", (c, rr), (c, rr), self.f.bold) for r, c in bold if (rr := here(r)) is not None]
            extra += [("FONTNAME", (0, rr), (-1, rr), self.f.bold) for r in whole if (rr := here(r)) is not None]
            extra += [("ALIGN", (c, 1), (c, -1), "CENTER") for c in center]
            out.append(self.table([head, *part], widths, extra=extra))
        return out

    def small_heads(self, *labels: str, style: Any = None) -> list[Paragraph]:
        return [self.para(x, style or self.small_bc) for x in labels]

    def figure_table(self, rows: list[present.Row]) -> Flowable:
        w = self.pw
        data: list[list[Any]] = [self.heads("col_figure", "col_current", "col_previous", "col_delta")]
        widths = [0.55, 0.15, 0.15, 0.15]
        for row in rows:
            cur, prev, delta = present.values(self.r, row, w)
            data.append([self.para(row.label, self.cell), self.short(cur, BODY_W * widths[1]),
                         self.short(prev, BODY_W * widths[2]), self.short(delta, BODY_W * widths[3])])
        return self.table(data, widths, extra=[("ALIGN", (1, 1), (-1, -1), "CENTER")])

    # ------------------------------------------------------------------ document

    def build(self) -> list[Flowable]:
        w, r = self.pw, self.r
        story: list[Flowable] = [*self.letterhead()]
        story.insert(-1, self.para(w("subtitle"), self.subtitle))  # under the title, above its rule
        story += [self.para(r.addressee, self.addressee), self.para(present.intro(r, w), self.body)]
        story += self.summary()
        story += self.units()
        story += self.chase()
        story += self.change()
        story += [*self.heading("sec_method"), *[self.para(f"- {line}", self.bullet)
                                                  for line in present.method_lines(r, w)]]
        story += self.closing()
        story += self.annex()
        return story

    def summary(self) -> list[Flowable]:
        w, r = self.pw, self.r
        out: list[Flowable] = [*self.heading("sec_summary")]
        out += self.head(f"1. {w('task_a')}", self.h2)
        out += [self.para(t, self.body) for t in present.task_a_text(r, w)]
        out.append(self.figure_table(present.task_rows(w, "a")))
        out += self.head(f"2. {w('task_b')}", self.h2)
        out.append(self.para(present.task_b_text(r, w), self.body))
        out.append(self.figure_table(present.task_rows(w, "b")))
        out += self.head(f"3. {w('task_c')}", self.h2)
        out.append(self.para(present.task_c_text(r, w), self.body))
        out.append(self.figure_table(present.task_rows(w, "c")))
        if r.incidents:
            out += self.head(w("incidents_heading"), self.h3)
            out += self.incident_table()
        return out

    def notify_cell(self, at: Any, state: str, due: Any) -> str:
        w = self.pw
        if at is not None:
            return w("notify_cell_done", at=w.datetime(at), state=w.notify(state))
        return w("notify_cell_missing", state=w.notify(state), due=w.datetime(due))

    def incident_table(self) -> list[Flowable]:
        w = self.pw
        rows: list[list[str]] = [[w("col_incident"), w("col_system"), w("col_detected"), w("col_category"),
                                  w("col_notification"), w("col_full_report"), w("col_handled")]]
        bold: list[tuple[int, int]] = []
        for i in self.r.incidents:
            handled = (w("handled_resolved", at=w.datetime(i.resolved_at)) if i.resolved else w("handled_open"))
            ref = f"#{i.incident_id}" + ("" if i.in_period else f"\n{w('earlier_mark')}")
            rows.append([ref, f"{i.system_id}\n{i.system_name}", w.datetime(i.detected_at),
                         f"{w.category(i.category)}; {w.severity(i.severity).lower()}",
                         self.notify_cell(i.notified_at, i.notification, i.notification_due),
                         self.notify_cell(i.full_report_at, i.full_report, i.full_report_due), handled])
            bold += [(len(rows) - 1, col) for col, state in ((4, i.notification), (5, i.full_report))
                     if state in ("late", "overdue")]
        return self.plain_table(rows, [0.08, 0.19, 0.12, 0.16, 0.17, 0.17, 0.11], SMALL, bold_cells=bold)

    def units(self) -> list[Flowable]:
        w, r = self.pw, self.r
        out: list[Flowable] = [*self.heading("sec_units"), self.para(w("units_intro"), self.text)]
        rows: list[list[str]] = [[w("col_unit"), w("col_systems_levels"), w("col_assessed"), w("col_avg"),
                                  w("col_ratings"), w("col_findings"), w("col_overdue"), w("col_incidents")]]

        def line(name: str, f: Any) -> list[str]:
            return [name, f"{f.systems_in_use.value} ({present.levels_text(f)})",
                    f"{f.assessed_12m.value} ({w.percent(f.assessed_share)})", w.score(f.average_score.value),
                    present.ratings_text(f), present.findings_text(f), str(f.overdue_items.value),
                    str(f.incidents.value)]

        rows += [line(f"{u.unit_name} ({u.unit_id})", u.figures) for u in r.current.units]
        rows.append(line(w("total_row"), r.current.total))
        out += self.plain_table(rows, [0.22, 0.13, 0.13, 0.08, 0.13, 0.13, 0.08, 0.10], SMALL,
                                    bold_rows=[len(rows) - 1], center=[1, 2, 3, 4, 5, 6, 7])
        return out

    def chase(self) -> list[Flowable]:
        w, r = self.pw, self.r
        out: list[Flowable] = [*self.heading("sec_chase")]
        out += self.head(f"1. {w('chase_units')}", self.h2)
        if r.units_not_assessed:
            out += [self.para(f"- {w('chase_unit_line', name=u.unit_name, id=u.unit_id, n=u.systems_in_use)}",
                              self.bullet) for u in r.units_not_assessed]
        else:
            out.append(self.para(w("chase_units_none"), self.text))
        out += self.head(f"2. {w('chase_systems')}", self.h2)
        if r.systems_not_assessed:
            rows: list[list[str]] = [[w("col_no"), w("col_system"), w("col_unit"), w("f_level"), w("col_last")]]
            for n, sr in enumerate(r.systems_not_assessed, start=1):
                last = (f"{w.date(sr.last_assessed_on)} (#{sr.last_assessment_id})" if sr.last_assessed_on
                        else w("never"))
                rows.append([str(n), f"{sr.system_id} – {sr.name}", sr.unit_name, str(sr.level), last])
            out += self.plain_table(rows, [0.06, 0.42, 0.26, 0.08, 0.18], SMALL, center=[0, 3])
        else:
            out.append(self.para(w("chase_systems_none"), self.text))
        out += self.head(f"3. {w('chase_overdue')}", self.h2)
        out += self.grouped_items(r.overdue_items, "chase_overdue_none", overdue=True)
        out += self.head(f"4. {w('chase_critical')}", self.h2)
        out += self.grouped_items(r.open_critical_findings, "chase_critical_none", overdue=False)
        return out

    def grouped_items(self, items: list[ItemRef], none_key: str, *, overdue: bool) -> list[Flowable]:
        """Items grouped per system, one row each: how many by severity, the most overdue one (or, for
        critical findings, each with its due date), the owners. The CSV, XLSX and JSON list every item."""
        w = self.pw
        if not items:
            return [self.para(w(none_key), self.text)]
        groups = present.by_system(items)
        out: list[Flowable] = []
        if overdue:
            out.append(self.para(w("chase_overdue_intro", n=len(items), s=len(groups)), self.text))
        rows: list[list[str]] = [[w("col_system"), w("col_unit"),
                                  w("col_overdue_items" if overdue else "col_critical_items"),
                                  w("col_oldest") if overdue else w("col_critical_detail"), w("col_owner")]]
        for g in groups:
            counts = ", ".join(f"{w.severity(sev).lower()} {n}" for sev in SEVERITIES if (n := g.count(sev)))
            if overdue:
                detail = w("oldest_item", control=g.worst.control_id, days=g.worst.days_overdue)
            else:
                detail = "; ".join(w("critical_item", control=i.control_id, due=w.date(i.due_date),
                                     status=w.status(i.status).lower()) for i in g.items)
            rows.append([f"{g.system_id} – {g.system_name}", g.unit_id, f"{len(g.items)} ({counts})", detail,
                         g.owners or w("dash")])
        out += self.plain_table(rows, [0.27, 0.10, 0.23, 0.22, 0.18], SMALL)
        return out

    def change(self) -> list[Flowable]:
        w, r = self.pw, self.r
        out: list[Flowable] = [*self.heading("sec_change"), self.para(present.change_intro(r, w), self.text)]
        rows = present.change_rows(w)
        out.append(self.figure_table(rows))
        out += self.head(w("units_change"), self.h3)
        data: list[list[Any]] = [self.small_heads(w("col_unit"), w("col_assessed"), w("col_avg"), w("col_overdue"),
                                                  w("col_incidents"))]
        data += [[self.para(unit, self.small), *[self.para(x, self.small_c) for x in cells]]
                 for unit, *cells in present.unit_change_rows(r, w)]
        out.append(self.table(data, [0.30, 0.26, 0.16, 0.14, 0.14]))
        return out

    def annex(self) -> list[Flowable]:
        w, r = self.pw, self.r
        title = self._style("annex_t", 13, font=self.f.bold, align=TA_CENTER, space_after=2)
        out: list[Flowable] = [PageBreak(), self.para(w("annex_heading"), title),
                               self.para(w("annex_title", as_of=w.date(r.current.measured.as_of)),
                                         self._style("annex_s", 12, font=self.f.italic, align=TA_CENTER,
                                                     space_after=6)),
                               self.para(w("annex_legend"), self.small), Spacer(1, 2 * mm)]
        rows: list[list[str]] = [[w("col_no"), w("col_system"), w("col_level_short"), w("col_kind"),
                                  w("col_dossier_plan"), w("col_assessment"), w("col_score"), w("col_rating"),
                                  w("col_findings_short"), w("col_overdue")]]
        for n, s in enumerate(r.annex, start=1):
            kind = w("kind_nd") if s.national_database else w("kind_important") if s.important else ""
            approvals = f"{w.date(s.level_dossier_approved)}\n{w.date(s.security_plan_approved)}"
            if s.assessed_12m:
                assessed = f"{w.date(s.assessed_on)} {s.profile_id}"
            else:
                assessed = w("not_assessed_cell")
                if s.last_assessed_on:
                    assessed += " " + w("last_cell", d=w.date(s.last_assessed_on))
            rows.append([str(n), f"{s.system_id} – {s.name} ({s.unit_id})", str(s.level), kind, approvals, assessed,
                         w.score(s.score), w.rating_short(s.rating),
                         "/".join(str(s.open_findings[k]) for k in SEVERITIES),
                         str(s.overdue_items)])
        out += self.plain_table(rows, [16, 118, 20, 28, 50, 80, 24, 40, 34, 22], TINY,
                                    center=[0, 2, 3, 6, 8, 9])
        return out


class PdfRenderer:
    name = "pdf"
    extension = ".pdf"
    media_type = "application/pdf"

    def __init__(self, fonts: FontFiles | None = None) -> None:
        self.fonts = fonts

    def render(self, report: ProvinceReport) -> bytes:
        fonts = register(self.fonts or find_fonts())
        b = ProvinceBuilder(report, fonts)
        story = b.build()
        w = b.pw
        m = report.current.measured
        pv = w.period_values(m.period_start.year, m.period_start.month)
        return write_pdf(b, story, footer=w("footer_left", as_of=w.date(m.as_of), **pv),
                         title=w("html_title", **pv), subject=report.title, creator=report.generator,
                         lang=report.lang)
