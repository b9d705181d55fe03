"""The provincial monthly report as an administrative document (pure: report model in, document out).

The body says what the province did for each task of section II.4, what falls short and whom to
chase, how the figures moved since the previous period, and what the reporting body recommends; the
tables of units, the lists to chase, the incidents, the systems and the definitions of the figures
are appendices. The PDF and the Word renderer both draw what this returns.
"""

from __future__ import annotations

from collections.abc import Sequence

from secassess.reporting.compose import (
    appendix_ref,
    fixed,
    letterhead,
    paragraphs,
    recipients,
    signature,
    text,
)
from secassess.reporting.document import (
    Appendix,
    Block,
    Cell,
    Document,
    Heading,
    Meta,
    Para,
    Run,
    Table,
)
from secassess.reporting.province import present
from secassess.reporting.province.model import ItemRef, ProvinceReport
from secassess.reporting.province.wording import ProvinceWording
from secassess.reporting.wording import ROMAN
from secassess.vocabulary import WORST_FIRST

#: how many units or systems the body names before referring to the appendix
BODY_NAMES = 8


class ProvinceComposer:
    def __init__(self, report: ProvinceReport) -> None:
        self.r = report
        self.w = ProvinceWording(report.lang)  # type: ignore[arg-type]
        self.numbers: dict[str, str] = {}

    def compose(self) -> Document:
        r, w = self.r, self.w
        appendices: list[Appendix] = []
        for key, title, blocks, wide in (
            ("units", w("ap_units"), self.ap_units(), True),
            ("chase", w("ap_chase"), self.ap_chase(), True),
            ("incidents", w("ap_incidents"), self.ap_incidents(), True),
            ("systems", w("annex_title", as_of=w.date(r.current.measured.as_of)), self.ap_systems(), True),
            ("method", w("ap_method"), self.ap_method(), False),
        ):
            if blocks:
                n = ROMAN[len(appendices)]
                self.numbers[key] = n
                appendices.append(Appendix(n, title, blocks, landscape=wide))
        body: list[Block] = [Para((Run(present.intro(r, w)),))]
        for i, section in enumerate((self.tasks, self.shortcomings, self.change, self.recommendations)):
            body += section(ROMAN[i])
        h = r.header
        m = r.current.measured
        pv = w.period_values(m.period_start.year, m.period_start.month)
        return Document(
            letterhead=letterhead(h, r.issue.number, w), kind=w("doc_kind"), title=r.title, subtitle=w("subtitle"),
            addressee=r.addressee, blocks=body, signature=signature(h, w), recipients_heading=w("recipients_heading"),
            recipients=recipients(h, w, addressed=True),
            meta=Meta(title=w("html_title", **pv), subject=r.title, author=h.issuing_body, creator=r.generator,
                      lang=r.lang, reproducible=_reproducible()),
            appendix_label=w("appendix_label"), appendix_ref=appendix_ref(h, r.issue.number, w, w("doc_kind_name")),
            appendices=appendices)

    def see(self, sentence: str, key: str) -> str:
        n = self.numbers.get(key)
        if not n:
            return sentence
        body, stop = (sentence[:-1], sentence[-1]) if sentence[-1:] in (".", ":") else (sentence, "")
        return f"{body} ({self.w('see_appendix', n=n)}){stop}"

    def figure_table(self, rows: Sequence[present.Row]) -> Table:
        w = self.w
        data: list[list[Cell]] = [[row.label, *present.values(self.r, row, w)] for row in rows]
        return Table((text(), fixed("center"), fixed("center"), fixed("center")),
                     (w("col_figure"), w("col_current"), w("col_previous"), w("col_delta")), data)

    # ------------------------------------------------------------------ body

    def tasks(self, n: str) -> list[Block]:
        r, w = self.r, self.w
        out: list[Block] = [Heading(f"{n}. {w('sec_summary')}"), Heading(f"1. {w('task_a')}", 2)]
        texts = present.task_a_text(r, w)
        if r.incidents:
            texts[-1] = self.see(texts[-1], "incidents")
        out += [Para((Run(t),)) for t in texts]
        out.append(self.figure_table(present.task_rows(w, "a")))
        out += [Heading(f"2. {w('task_b')}", 2), Para((Run(present.task_b_text(r, w)),)),
                self.figure_table(present.task_rows(w, "b"))]
        out += [Heading(f"3. {w('task_c')}", 2), Para((Run(present.task_c_text(r, w)),)),
                self.figure_table(present.task_rows(w, "c"))]
        out.append(Para((Run(self.see(w("units_detail") + ".", "units")),), "note"))
        return out

    def names(self, items: Sequence[str]) -> str:
        shown = "; ".join(items[:BODY_NAMES])
        return shown + (f"; {self.w('and_n_more', n=len(items) - BODY_NAMES)}" if len(items) > BODY_NAMES else "")

    def shortcomings(self, n: str) -> list[Block]:
        r, w = self.r, self.w
        out: list[Block] = [Heading(f"{n}. {w('sec_shortcomings')}")]
        items: list[str] = []
        if r.units_not_assessed:
            items.append(w("sh_units", n=len(r.units_not_assessed),
                           names=self.names([u.unit_name for u in r.units_not_assessed])))
        if r.systems_not_assessed:
            items.append(w("sh_systems", n=len(r.systems_not_assessed),
                           names=self.names([f"{s.name} ({s.unit_name})" for s in r.systems_not_assessed])))
        a = r.current.summary.ii4a
        missing_dossier = a.systems_in_use.value - a.level_dossier_approved.value
        missing_plan = a.systems_in_use.value - a.security_plan_approved.value
        if missing_dossier or missing_plan:
            items.append(w("sh_approvals", dossier=missing_dossier, plan=missing_plan))
        if r.overdue_items:
            groups = present.by_system(r.overdue_items)
            items.append(w("sh_overdue", n=len(r.overdue_items), s=len(groups)))
        if r.open_critical_findings:
            items.append(w("sh_critical", n=len(r.open_critical_findings)))
        c = r.current.summary.ii4c
        late, overdue = c.notification["late"].value, c.notification["overdue"].value
        if late or overdue:
            items.append(w("sh_notifications", late=late, overdue=overdue))
        if not items:
            return [*out, Para((Run(w("sh_none")),))]
        items[-1] = self.see(items[-1], "chase")
        out += [Para((Run(x),), "bullet") for x in items]
        return out

    def change(self, n: str) -> list[Block]:
        r, w = self.r, self.w
        return [Heading(f"{n}. {w('sec_change')}"), Para((Run(present.change_intro(r, w)),)),
                self.figure_table(present.change_rows(w))]

    def recommendations(self, n: str) -> list[Block]:
        return [Heading(f"{n}. {self.w('sec_recommendations')}"), *paragraphs(self.r.issue.recommendations)]

    # ------------------------------------------------------------------ appendices

    def ap_units(self) -> list[Block]:
        r, w = self.r, self.w

        def line(name: str, f: object) -> list[Cell]:
            from secassess.reporting.province.model import Figures

            assert isinstance(f, Figures)
            return [name, f"{f.systems_in_use.value} ({present.levels_text(f)})",
                    f"{f.assessed_12m.value} ({w.percent(f.assessed_share)})", w.score(f.average_score.value),
                    present.ratings_text(f), present.findings_text(f), str(f.overdue_items.value),
                    str(f.incidents.value)]

        rows = [line(u.unit_name, u.figures) for u in r.current.units]
        rows.append(line(w("total_row"), r.current.total))
        out: list[Block] = [Heading(f"1. {w('units_table_heading')}", 2), Para((Run(w("units_intro")),), "text"),
                            Table((text(), *(fixed("center"),) * 7),
                                  (w("col_unit"), w("col_systems_levels"), w("col_assessed"), w("col_avg"),
                                   w("col_ratings"), w("col_findings"), w("col_overdue"), w("col_incidents")),
                                  rows, total_row=True)]
        change: list[list[Cell]] = [[u.unit_name, *cells[1:]]
                                    for u, cells in zip(r.current.units, present.unit_change_rows(r, w), strict=True)]
        out += [Heading(f"2. {w('units_change')}", 2),
                Table((text(), fixed("center"), fixed("center"), fixed("center"), fixed("center")),
                      (w("col_unit"), w("col_assessed"), w("col_avg"), w("col_overdue"), w("col_incidents")),
                      change)]
        return out

    def ap_chase(self) -> list[Block]:
        r, w = self.r, self.w
        out: list[Block] = [Heading(f"1. {w('chase_units')}", 2)]
        if r.units_not_assessed:
            out += [Para((Run(w("chase_unit_line", name=u.unit_name, n=u.systems_in_use)),), "bullet")
                    for u in r.units_not_assessed]
        else:
            out.append(Para((Run(w("chase_units_none")),), "text"))
        out.append(Heading(f"2. {w('chase_systems')}", 2))
        if r.systems_not_assessed:
            rows: list[list[Cell]] = []
            for k, s in enumerate(r.systems_not_assessed, start=1):
                last = w.date(s.last_assessed_on) if s.last_assessed_on else w("never")
                rows.append([str(k), s.system_id, s.name, s.unit_name, str(s.level), last])
            out.append(Table((fixed("center"), fixed(), text(1.4), text(), fixed("center"), fixed("center")),
                             (w("col_no"), w("col_id"), w("col_system"), w("col_unit"), w("f_level"), w("col_last")),
                             rows))
        else:
            out.append(Para((Run(w("chase_systems_none")),), "text"))
        out.append(Heading(f"3. {w('chase_overdue')}", 2))
        out += self.grouped(r.overdue_items, "chase_overdue_none", overdue=True)
        out.append(Heading(f"4. {w('chase_critical')}", 2))
        out += self.grouped(r.open_critical_findings, "chase_critical_none", overdue=False)
        return out

    def grouped(self, items: list[ItemRef], none_key: str, *, overdue: bool) -> list[Block]:
        """Items one system a row: how many by severity, the most overdue one (or, for critical
        findings, each with its due date), the owners."""
        w = self.w
        if not items:
            return [Para((Run(w(none_key)),), "text")]
        groups = present.by_system(items)
        out: list[Block] = []
        if overdue:
            out.append(Para((Run(w("chase_overdue_intro", n=len(items), s=len(groups))),), "text"))
        rows: list[list[Cell]] = []
        for g in groups:
            counts = ", ".join(f"{w.severity(sev).lower()} {k}" for sev in WORST_FIRST if (k := g.count(sev)))
            if overdue:
                detail = w("oldest_item", control=g.worst.control_id, days=g.worst.days_overdue)
            else:
                detail = "; ".join(w("critical_item", control=i.control_id, due=w.date(i.due_date),
                                     status=w.status(i.status).lower()) for i in g.items)
            rows.append([g.system_id, g.system_name, f"{len(g.items)} ({counts})", detail, g.owners or w("dash")])
        out.append(Table((fixed(), text(1.3), text(0.8), text(1.0), text(0.8)),
                         (w("col_id"), w("col_system"),
                          w("col_overdue_items" if overdue else "col_critical_items"),
                          w("col_oldest") if overdue else w("col_critical_detail"), w("col_owner")), rows))
        return out

    def notify_cell(self, at: object, state: str, due: object) -> str:
        w = self.w
        if at is not None:
            return w("notify_cell_done", at=w.datetime(at), state=w.notify(state))  # type: ignore[arg-type]
        return w("notify_cell_missing", state=w.notify(state), due=w.datetime(due))  # type: ignore[arg-type]

    def ap_incidents(self) -> list[Block]:
        r, w = self.r, self.w
        if not r.incidents:
            return []
        rows: list[list[Cell]] = []
        bold: set[tuple[int, int]] = set()
        for k, i in enumerate(r.incidents):
            handled = w("handled_resolved", at=w.datetime(i.resolved_at)) if i.resolved else w("handled_open")
            ref = f"{i.incident_id}" + ("" if i.in_period else f"\n{w('earlier_mark')}")
            rows.append([ref, f"{i.system_name} ({i.system_id})", w.datetime(i.detected_at),
                         f"{w.category(i.category)}; {w.severity(i.severity).lower()}",
                         self.notify_cell(i.notified_at, i.notification, i.notification_due),
                         self.notify_cell(i.full_report_at, i.full_report, i.full_report_due), handled])
            bold |= {(k, col) for col, state in ((4, i.notification), (5, i.full_report))
                     if state in ("late", "overdue")}
        return [Table((fixed("center"), text(1.2), text(0.6), text(1.0), text(1.0), text(1.0), text(0.7)),
                      (w("col_incident"), w("col_system"), w("col_detected"), w("col_category"),
                       w("col_notification"), w("col_full_report"), w("col_handled")),
                      rows, bold_cells=frozenset(bold))]

    def ap_systems(self) -> list[Block]:
        r, w = self.r, self.w
        if not r.annex:
            return []
        rows: list[list[Cell]] = []
        for k, s in enumerate(r.annex, start=1):
            kind = w("kind_nd") if s.national_database else w("kind_important") if s.important else ""
            if s.assessed_12m:
                assessed = w.date(s.assessed_on)
            else:
                assessed = w("not_assessed_cell")
                if s.last_assessed_on:
                    assessed += "\n" + w("last_cell", d=w.date(s.last_assessed_on))
            rows.append([str(k), f"{s.name} ({s.system_id})", s.unit_name, str(s.level), kind,
                         w.date(s.level_dossier_approved), w.date(s.security_plan_approved), assessed,
                         w.score(s.score), w.rating_short(s.rating),
                         "/".join(str(s.open_findings[x]) for x in WORST_FIRST), str(s.overdue_items)])
        return [Para((Run(w("annex_legend")),), "text"),
                Table((fixed("center"), text(1.6), text(0.9), fixed("center"), fixed("center"), fixed("center"),
                       fixed("center"), text(0.6), fixed("center"), fixed("center"), fixed("center"), fixed("center")),
                      (w("col_no"), w("col_system"), w("col_unit"), w("col_level_short"), w("col_kind"),
                       w("col_dossier"), w("col_plan"), w("col_assessment"), w("col_score"), w("col_rating"),
                       w("col_findings_short"), w("col_overdue")), rows)]

    def ap_method(self) -> list[Block]:
        return [Para((Run(x),), "bullet") for x in present.method_lines(self.r, self.w)]


def _reproducible() -> bool:
    import os

    return bool(os.environ.get("SECASSESS_NOW"))


def compose_province(report: ProvinceReport) -> Document:
    """The administrative document of the provincial monthly report."""
    return ProvinceComposer(report).compose()
