"""What the renderers of the provincial report share: the rows of each summary table (which figure,
with which label), values formatted for people, and the report's sentences filled in — so the PDF,
HTML, CSV and XLSX say the same thing in the same words."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from secassess.reporting.province.compute import delta, value_at
from secassess.reporting.province.model import (
    LEVELS,
    NOTIFY_STATES,
    Average,
    IncidentCount,
    ItemCount,
    ItemRef,
    PeriodFigures,
    ProvinceReport,
    SystemCount,
)
from secassess.reporting.province.wording import ProvinceWording
from secassess.vocabulary import RATINGS, WORST_FIRST

Kind = str  # "count" | "share" | "score"


@dataclass(frozen=True)
class Row:
    """One line of a summary table: a label and where its figure is (a path into PeriodFigures)."""

    label: str
    path: str
    kind: Kind = "count"


def label_of(w: ProvinceWording, name: str) -> str:
    """The label of a figure from its last path parts: ``ratings.partial`` → "Xếp loại “Đạt một phần”"."""
    parts = name.split(".")
    if len(parts) >= 2:
        group, key = parts[-2], parts[-1]
        if group == "systems_by_level":
            return w("f_systems_by_level", level=key)
        if group == "ratings":
            return w("f_ratings", rating=w.rating(key))
        if group == "open_findings":
            return w("f_open_findings", severity=w.severity(key).lower())
        if group == "incidents_by_severity":
            return w("f_incidents_by_severity", severity=w.severity(key).lower())
        if group == "incidents_by_category":
            return w("f_incidents_by_category", category=w.category(key))
        if group in ("notification", "full_report"):
            return w(f"f_{group}", state=w.notify(key))
    return w(f"f_{parts[-1]}")


def task_rows(w: ProvinceWording, task: str) -> list[Row]:
    """The rows of the summary table of II.4.a, II.4.b or II.4.c."""
    if task == "a":
        names = ["systems_in_use", "level_dossier_approved", "security_plan_approved", "assessed_12m",
                 "not_assessed_12m", "incidents_detected", "incidents_resolved", "incidents_unresolved",
                 "earlier_incidents_resolved", "earlier_incidents_unresolved"]
        rows = [Row(label_of(w, n), f"summary.ii4a.{n}") for n in names]
        rows.insert(4, Row(w("f_assessed_share"), "total.assessed_share", "share"))
        return rows
    if task == "b":
        rows = [Row(label_of(w, n), f"summary.ii4b.{n}") for n in
                ("in_scope", "national_databases", "important_systems", "assessed_tcvn14423", "not_assessed_tcvn14423")]
        rows += [Row(label_of(w, f"ratings.{r}"), f"summary.ii4b.ratings.{r}") for r in RATINGS]
        rows.append(Row(w("f_average_score"), "summary.ii4b.average_score", "score"))
        rows.append(Row(label_of(w, "open_critical_findings"), "summary.ii4b.open_critical_findings"))
        return rows
    rows = [Row(w("f_incidents_detected"), "summary.ii4c.incidents")]
    rows += [Row(label_of(w, f"notification.{s}"), f"summary.ii4c.notification.{s}") for s in NOTIFY_STATES]
    rows += [Row(label_of(w, f"full_report.{s}"), f"summary.ii4c.full_report.{s}") for s in NOTIFY_STATES]
    return rows


#: the figures of the province compared with the previous period in section IV
CHANGE_PATHS = ("summary.ii4a.systems_in_use", "summary.ii4a.assessed_12m", "total.assessed_share",
                "total.average_score", "total.open_findings_total", "total.overdue_items",
                "summary.ii4a.incidents_detected", "summary.ii4c.notification.late",
                "summary.ii4c.notification.overdue")


def change_rows(w: ProvinceWording) -> list[Row]:
    return [Row(label_of(w, p), p, kind_of(p)) for p in CHANGE_PATHS]


def fmt(w: ProvinceWording, value: float | None, kind: Kind) -> str:
    if value is None:
        return w("dash")
    if kind == "share":
        return w.percent(value)
    if kind == "score":
        return w.score(value)
    return str(int(value))


def fmt_delta(w: ProvinceWording, cur: float | None, prev: float | None, kind: Kind) -> str:
    d = delta(prev, cur)
    if d is None:
        return w("dash")
    if kind == "share":
        return w("points", n=w.delta(d * 100))
    if kind == "score":
        return w.delta(d)
    n = int(d)
    return f"+{n}" if n > 0 else f"−{-n}" if n < 0 else "0"


def values(report: ProvinceReport, row: Row, w: ProvinceWording) -> tuple[str, str, str]:
    """(this period, previous period, change) of one row, formatted."""
    cur, prev = value_at(report.current, row.path), value_at(report.previous, row.path)
    return fmt(w, cur, row.kind), fmt(w, prev, row.kind), fmt_delta(w, cur, prev, row.kind)


def unit_change_rows(report: ProvinceReport, w: ProvinceWording) -> list[tuple[str, str, str, str, str]]:
    """Per unit, "previous → current" of: assessed in 12 months (count · share), average score,
    overdue items, incidents — the unit table of section IV."""
    before = {u.unit_id: u.figures for u in report.previous.units}
    rows = []
    for u in report.current.units:
        p = before.get(u.unit_id)

        def arrow(name: str, p: Any = p, c: Any = u.figures) -> str:
            kind = kind_of(name)
            return w("arrow", a=fmt(w, value_at(p, name) if p is not None else None, kind),
                     b=fmt(w, value_at(c, name), kind))

        rows.append((f"{u.unit_name} ({u.unit_id})", f"{arrow('assessed_12m')} · {arrow('assessed_share')}",
                     arrow("average_score"), arrow("overdue_items"), arrow("incidents")))
    return rows


# --------------------------------------------------------------------------- sentences


def intro(report: ProvinceReport, w: ProvinceWording) -> str:
    m = report.current.measured
    body = report.header.issuing_body.strip() or w("intro_body_default")
    if report.units_selected is None:
        scope = w("scope_all", n=len(report.current.units))
    else:
        names = {u.unit_id: u.unit_name for u in report.current.units}
        scope = w("scope_units", units=", ".join(f"{names.get(u, u)} ({u})" for u in report.units_selected))
    y, mo = m.period_start.year, m.period_start.month
    return w("intro", body=body, scope=scope, as_of=w.date(m.as_of), **w.period_values(y, mo))


def task_a_text(report: ProvinceReport, w: ProvinceWording) -> list[str]:
    cur = report.current
    a, m = cur.summary.ii4a, cur.measured
    out = [w("a_text", in_use=a.systems_in_use.value, dossier=a.level_dossier_approved.value,
             plan=a.security_plan_approved.value, assessed=a.assessed_12m.value,
             share=w.percent(cur.total.assessed_share), **{"from": w.date(m.window_start), "to": w.date(m.window_end)})]
    if a.incidents_detected.value:
        out.append(w("a_incidents", n=a.incidents_detected.value, resolved=a.incidents_resolved.value,
                     unresolved=a.incidents_unresolved.value))
    else:
        out.append(w("a_no_incidents"))
    if a.incidents_detected.value:
        sev = ", ".join(f"{w.severity(s).lower()} {c.value}" for s, c in a.incidents_by_severity.items() if c.value)
        cat = ", ".join(f"{w.category(k).lower()} {c.value}" for k, c in a.incidents_by_category.items() if c.value)
        out.append(w("a_breakdown", severities=sev, categories=cat))
    if a.earlier_incidents_resolved.value or a.earlier_incidents_unresolved.value:
        out.append(w("a_earlier", earlier_resolved=a.earlier_incidents_resolved.value,
                     earlier_unresolved=a.earlier_incidents_unresolved.value))
    return out


def task_b_text(report: ProvinceReport, w: ProvinceWording) -> str:
    b = report.current.summary.ii4b
    return w("b_text", n=b.in_scope.value, nd=b.national_databases.value, imp=b.important_systems.value,
             assessed=b.assessed_tcvn14423.value, avg=w.score(b.average_score.value),
             critical=b.open_critical_findings.value)


def task_c_text(report: ProvinceReport, w: ProvinceWording) -> str:
    c = report.current.summary.ii4c
    n, f = c.notification, c.full_report
    return w("c_text", n=c.incidents.value, on_time=n["on_time"].value, late=n["late"].value,
             overdue=n["overdue"].value, pending=n["pending"].value, f_on_time=f["on_time"].value,
             f_late=f["late"].value, f_overdue=f["overdue"].value, f_pending=f["pending"].value,
             h1=report.deadlines.initial_notification_hours, h2=report.deadlines.full_report_hours)


def recommendations(report: ProvinceReport, w: ProvinceWording) -> list[str]:
    """The drafted recommendations: a lead-in, then one "- " paragraph per kind of shortcoming."""
    cur = report.current
    a, b, c = cur.summary.ii4a, cur.summary.ii4b, cur.summary.ii4c
    body = report.header.issuing_body.strip() or w("intro_body_default")
    out = [w("prec_lead", body=body)]
    if report.units_not_assessed:
        out.append(w("prec_units", n=len(report.units_not_assessed)))
    if report.systems_not_assessed:
        out.append(w("prec_systems", n=len(report.systems_not_assessed)))
    if b.not_assessed_tcvn14423.value:
        out.append(w("prec_ii4b", n=b.not_assessed_tcvn14423.value))
    if a.level_dossier_approved.value < a.systems_in_use.value or a.security_plan_approved.value < a.systems_in_use.value:
        out.append(w("prec_approvals"))
    if b.open_critical_findings.value:
        out.append(w("prec_critical", n=b.open_critical_findings.value))
    if report.overdue_items:
        out.append(w("prec_overdue", n=len(report.overdue_items)))
    late, overdue = c.notification["late"].value, c.notification["overdue"].value
    if late or overdue:
        out.append(w("prec_notifications", late=late, overdue=overdue))
    out.append(w("prec_maintain"))
    return [out[0], *(f"- {x}" for x in out[1:])]


def method_lines(report: ProvinceReport, w: ProvinceWording) -> list[str]:
    m, p = report.current.measured, report.previous.measured
    return w.lines("method_lines", as_of=w.date(m.as_of), prev_as_of=w.date(p.as_of),
                   inc_from=w.datetime(m.incident_from), inc_to=w.datetime(m.incident_to),
                   h1=report.deadlines.initial_notification_hours, h2=report.deadlines.full_report_hours,
                   **{"from": w.date(m.window_start), "to": w.date(m.window_end)})


def change_intro(report: ProvinceReport, w: ProvinceWording) -> str:
    p = report.previous.measured
    return w("change_intro", as_of=w.date(p.as_of), **w.period_values(p.period_start.year, p.period_start.month))


def levels_text(figs: Any) -> str:
    return "/".join(str(figs.systems_by_level[lv].value) for lv in LEVELS)


def findings_text(figs: Any) -> str:
    return "/".join(str(figs.open_findings[s].value) for s in WORST_FIRST)


def ratings_text(figs: Any) -> str:
    return "/".join(str(figs.ratings[r].value) for r in RATINGS)


# --------------------------------------------------------------------------- items per system


@dataclass(frozen=True)
class ItemGroup:
    """The items of one system: the PDF, HTML and XLSX list overdue items and open critical findings
    one system a row (the CSV and JSON list every item)."""

    system_id: str
    system_name: str
    unit_id: str
    items: list[ItemRef]

    @property
    def owners(self) -> str:
        return ", ".join(dict.fromkeys(i.owner for i in self.items if i.owner))

    @property
    def worst(self) -> ItemRef:
        """The most overdue item (ties: the higher control id)."""
        return max(self.items, key=lambda i: (i.days_overdue, i.control_id))

    def count(self, severity: str) -> int:
        return sum(1 for i in self.items if i.severity == severity)


def by_system(items: Iterable[ItemRef]) -> list[ItemGroup]:
    """Items grouped per system, systems in the order they first come, items in theirs."""
    groups: dict[str, list[ItemRef]] = {}
    for i in items:
        groups.setdefault(i.system_id, []).append(i)
    return [ItemGroup(sid, its[0].system_name, its[0].unit_id, its) for sid, its in groups.items()]


# --------------------------------------------------------------------------- every figure, flat


Leaf = SystemCount | ItemCount | IncidentCount | Average | float | None


def leaves(node: Any, path: str = "") -> Iterator[tuple[str, Leaf]]:
    """Every figure under ``node`` (summary, totals, a unit's figures) with its dotted path."""
    if isinstance(node, SystemCount | ItemCount | IncidentCount | Average):
        yield path, node
        return
    if isinstance(node, dict):
        for k, v in node.items():
            yield from leaves(v, f"{path}.{k}" if path else str(k))
        return
    if is_dataclass(node):
        for f in fields(node):
            yield from leaves(getattr(node, f.name), f"{path}.{f.name}" if path else f.name)
        return
    if node is None or isinstance(node, float | int):
        yield path, node


def ids_of(leaf: Leaf) -> str:
    """The systems (and items or incidents) behind a figure, for a spreadsheet cell."""
    if isinstance(leaf, ItemCount):
        return " ".join(f"#{i}" for i in leaf.items) + (" | " + " ".join(leaf.systems) if leaf.systems else "")
    if isinstance(leaf, IncidentCount):
        return " ".join(f"#{i}" for i in leaf.incidents) + (" | " + " ".join(leaf.systems) if leaf.systems else "")
    if isinstance(leaf, SystemCount | Average):
        return " ".join(leaf.systems)
    return ""


def number(leaf: Leaf) -> float | int | None:
    if isinstance(leaf, SystemCount | ItemCount | IncidentCount):
        return leaf.value
    if isinstance(leaf, Average):
        return leaf.value
    return leaf


def kind_of(path: str) -> Kind:
    return "share" if path.endswith("assessed_share") else "score" if path.endswith("average_score") else "count"


@dataclass(frozen=True)
class FlatRow:
    table: str  # province | unit
    scope: str
    scope_name: str
    code: str
    label: str
    current: float | int | None
    previous: float | int | None
    ids: str


def flat_rows(report: ProvinceReport, w: ProvinceWording) -> Iterator[FlatRow]:
    """Every aggregate figure of the report (province summary and totals, every unit), now and in the
    previous period, with the ids behind it: the rows of the CSV and of the XLSX "Số liệu" sheet."""
    def pair(cur: PeriodFigures, prev: PeriodFigures, part: str) -> Iterator[tuple[str, Leaf, Leaf]]:
        prev_leaves = dict(leaves(getattr(prev, part)))
        for path, leaf in leaves(getattr(cur, part)):
            if part == "total" and path.startswith(("systems_in_use", "level_dossier", "security_plan",
                                                    "assessed_12m", "not_assessed_12m")):
                continue  # the same figures as summary.ii4a
            yield f"{part}.{path}", leaf, prev_leaves.get(path)

    name = w("province_scope")
    for part in ("summary", "total"):
        for code, leaf, prev in pair(report.current, report.previous, part):
            short = code.split(".", 2)[-1] if part == "summary" else code.split(".", 1)[-1]
            yield FlatRow("province", "province", name, code, label_of(w, short), number(leaf), number(prev),
                          ids_of(leaf))
    before = {u.unit_id: u.figures for u in report.previous.units}
    for u in report.current.units:
        prev_leaves = dict(leaves(before[u.unit_id])) if u.unit_id in before else {}
        for path, leaf in leaves(u.figures):
            yield FlatRow("unit", u.unit_id, u.unit_name, path, label_of(w, path), number(leaf),
                          number(prev_leaves.get(path)), ids_of(leaf))
