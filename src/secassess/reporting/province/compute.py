"""The figures of the provincial report, computed from plain data — pure: no database, no clock,
no files. docs/province-report.md defines every figure; the names below follow it.

The same function measures the current period and the previous one (each on its own as-of date),
so the change between them compares like with like.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from secassess import clock
from secassess.incident.rules import CATEGORIES, Deadlines, check_notifications
from secassess.remediation import rules as rem
from secassess.reporting.model import Header
from secassess.reporting.province.data import (
    AssessmentRec,
    IncidentRec,
    ItemChange,
    ItemRec,
    ProvinceData,
    SystemRec,
    latest_in_window,
)
from secassess.reporting.province.model import (
    LEVELS,
    NOTIFY_STATES,
    SCHEMA_ID,
    SCHEMA_VERSION,
    Average,
    Change,
    DeadlineHours,
    Figures,
    IncidentCount,
    IncidentRow,
    ItemCount,
    ItemRef,
    Measured,
    PeriodFigures,
    ProvinceReport,
    Summary,
    SystemCount,
    SystemRef,
    SystemRow,
    TaskA,
    TaskB,
    TaskC,
    UnitFigures,
    UnitRef,
)
from secassess.reporting.province.period import Frame
from secassess.vocabulary import RATINGS, SEVERITY_RANK, WORST_FIRST

#: The profiles that carry the TCVN 14423 requirements for important systems (II.4.b): a national or
#: specialised database must be assessed against ``national-database``; another important system
#: against ``important-system`` or ``national-database`` (which extends it).
TCVN14423_PROFILES: Mapping[str, frozenset[str]] = {
    "national_database": frozenset({"national-database"}),
    "important": frozenset({"important-system", "national-database"}),
}


def tcvn14423(system: SystemRec, assessment: AssessmentRec | None) -> bool:
    """Whether ``assessment`` is against the TCVN 14423 profile that ``system`` requires."""
    if assessment is None or not (system.important or system.national_database):
        return False
    kind = "national_database" if system.national_database else "important"
    return assessment.profile_id in TCVN14423_PROFILES[kind]


# --------------------------------------------------------------------------- remediation items as of a date


@dataclass(frozen=True)
class ItemState:
    """An item as it stood at a cutoff: ``status`` is the effective one (an expired risk acceptance
    counts as open again, with its end date as due date if later, as ``remediation`` would reopen it)."""

    item: ItemRec
    status: str
    severity: str
    due_date: date | None

    def working(self) -> bool:
        return self.status in rem.WORKING

    def overdue(self, as_of: date) -> bool:
        return rem.is_overdue(self.status, self.due_date, as_of)

    def days_overdue(self, as_of: date) -> int:
        return rem.days_overdue(self.status, self.due_date, as_of)


def _as_date(v: Any) -> date | None:
    if v is None or isinstance(v, date):
        return v
    return date.fromisoformat(str(v))


def item_states(items: Iterable[ItemRec], changes: Iterable[ItemChange], cut: datetime,
                as_of: date) -> dict[int, ItemState]:
    """Every item that existed before ``cut`` (opened before it), rolled back to how it stood then:
    the history rows written at or after ``cut`` are undone, newest first (each sets its fields back
    to their ``old`` values)."""
    later: dict[int, list[ItemChange]] = defaultdict(list)
    for c in changes:
        if c.at >= cut:
            later[c.item_id].append(c)
    out: dict[int, ItemState] = {}
    for it in items:
        if it.opened_at >= cut:
            continue
        fields: dict[str, Any] = {"status": it.status, "severity": it.severity, "due_date": it.due_date,
                                  "risk_until": it.risk_until}
        undo = later.get(it.id)
        if undo:
            for c in sorted(undo, key=lambda c: (c.at, c.id), reverse=True):
                for name in fields:
                    pair = c.changes.get(name)
                    if isinstance(pair, list) and len(pair) == 2:
                        fields[name] = pair[0]
        status, due = str(fields["status"]), _as_date(fields["due_date"])
        until = _as_date(fields["risk_until"])
        if rem.risk_expired(status, until, as_of):
            status = "open"
            if until is not None and (due is None or due < until):
                due = until
        out[it.id] = ItemState(it, status, str(fields["severity"]), due)
    return out


# --------------------------------------------------------------------------- one frame


def _sys(ids: Iterable[str]) -> SystemCount:
    s = sorted(set(ids))
    return SystemCount(len(s), s)


def _items(states: Sequence[ItemState]) -> ItemCount:
    ids = [x.item.id for x in states]
    systems = sorted({x.item.system_id for x in states}) if ids else []
    ids.sort()
    return ItemCount(len(ids), ids, systems)


def _incs(recs: Iterable[IncidentRec]) -> IncidentCount:
    r = sorted(recs, key=lambda x: x.id)
    return IncidentCount(len(r), [x.id for x in r], sorted({x.system_id for x in r}))


def _average(scored: Sequence[tuple[str, float | None]]) -> Average:
    vals = [(sid, v) for sid, v in scored if v is not None]
    return Average(sum(v for _, v in vals) / len(vals) if vals else None, sorted(sid for sid, _ in vals))


@dataclass
class Context:
    """What one frame's figures are computed from."""

    frame: Frame
    at: datetime  # the instant incident deadlines are judged at
    systems: list[SystemRec]  # registered before the cutoff
    current: dict[str, AssessmentRec]  # system -> the assessment that counts
    items_by_system: dict[str, list[ItemState]]
    incidents_in_period: list[IncidentRec]
    incidents_earlier: list[IncidentRec]  # detected before the period, unresolved when it began
    deadlines: Deadlines

    @property
    def as_of(self) -> date:
        return self.frame.as_of

    def resolved(self, i: IncidentRec) -> bool:
        return i.resolved_at is not None and i.resolved_at < self.frame.cutoff


def make_context(data: ProvinceData, frame: Frame, deadlines: Deadlines, now: datetime) -> Context:
    cut = frame.cutoff
    systems = [s for s in data.systems if s.created_at < cut]
    known = {s.id for s in systems}
    by_system: dict[str, list[ItemState]] = defaultdict(list)
    for st in item_states(data.items, data.item_changes, cut, frame.as_of).values():
        if st.item.system_id in known:
            by_system[st.item.system_id].append(st)
    start, end = frame.incident_start, frame.incident_end
    in_period = [i for i in data.incidents if i.system_id in known and start <= i.detected_at < end]
    earlier = [i for i in data.incidents if i.system_id in known and i.detected_at < start
               and (i.resolved_at is None or i.resolved_at >= start)]
    at = min(cut - timedelta(microseconds=1), now)
    return Context(frame, at, systems, latest_in_window(data.assessments, frame), dict(by_system), in_period,
                   earlier, deadlines)


def next_change(ctx: Context, now: datetime) -> datetime:
    """The first instant from which figures computed for ``ctx`` at ``now`` may differ although no data
    changed: a notification deadline passing, or a notification time typed ahead of ``now`` being
    reached (only while the frame is still running: a frame that ended is judged at its cutoff for good)."""
    if ctx.at < now:
        return datetime.max.replace(tzinfo=ctx.frame.cutoff.tzinfo)
    out = ctx.frame.cutoff
    d = ctx.deadlines
    for i in ctx.incidents_in_period:
        for hours, done in ((d.initial_notification_hours, i.notified_at), (d.full_report_hours, i.full_report_at)):
            for t in (i.detected_at + timedelta(hours=hours), done):
                if t is not None and ctx.at <= t < out:
                    out = t
    return out


def figures(ctx: Context, scope: Sequence[SystemRec]) -> Figures:
    """The figures of one scope (the province, or one unit's systems)."""
    as_of = ctx.as_of
    in_use = [s for s in scope if s.in_use]
    assessed = [s for s in in_use if s.id in ctx.current]
    working = [st for s in in_use for st in ctx.items_by_system.get(s.id, ()) if st.working()]
    ids = {s.id for s in scope}
    return Figures(
        systems_in_use=_sys(s.id for s in in_use),
        systems_retired=_sys(s.id for s in scope if not s.in_use),
        systems_by_level={lv: _sys(s.id for s in in_use if str(s.level) == lv) for lv in LEVELS},
        level_dossier_approved=_sys(s.id for s in in_use if s.level_dossier_approved is not None
                                    and s.level_dossier_approved <= as_of),
        security_plan_approved=_sys(s.id for s in in_use if s.security_plan_approved is not None
                                    and s.security_plan_approved <= as_of),
        assessed_12m=_sys(s.id for s in assessed),
        not_assessed_12m=_sys(s.id for s in in_use if s.id not in ctx.current),
        assessed_share=len(assessed) / len(in_use) if in_use else None,
        average_score=_average([(s.id, ctx.current[s.id].score) for s in assessed]),
        ratings={r: _sys(s.id for s in assessed if ctx.current[s.id].rating == r) for r in RATINGS},
        open_findings={sev: _items([st for st in working if st.severity == sev]) for sev in WORST_FIRST},
        open_findings_total=_items(working),
        overdue_items=_items([st for st in working if st.overdue(as_of)]),
        incidents=_incs(i for i in ctx.incidents_in_period if i.system_id in ids),
        mandatory_failed=_sys(s.id for s in assessed if ctx.current[s.id].mandatory_failed),
    )


def _notify_states(ctx: Context, recs: Iterable[IncidentRec]) -> dict[int, tuple[str, str]]:
    out: dict[int, tuple[str, str]] = {}
    for i in recs:
        n, f = check_notifications(i.detected_at, i.notified_at, i.full_report_at, ctx.deadlines, ctx.at)
        out[i.id] = (n.state, f.state)
    return out


def summary(ctx: Context, total: Figures) -> Summary:
    in_use = [s for s in ctx.systems if s.in_use]
    period = ctx.incidents_in_period
    task_a = TaskA(
        systems_in_use=total.systems_in_use, level_dossier_approved=total.level_dossier_approved,
        security_plan_approved=total.security_plan_approved, assessed_12m=total.assessed_12m,
        not_assessed_12m=total.not_assessed_12m, incidents_detected=_incs(period),
        incidents_resolved=_incs(i for i in period if ctx.resolved(i)),
        incidents_unresolved=_incs(i for i in period if not ctx.resolved(i)),
        earlier_incidents_resolved=_incs(i for i in ctx.incidents_earlier if ctx.resolved(i)),
        earlier_incidents_unresolved=_incs(i for i in ctx.incidents_earlier if not ctx.resolved(i)),
        incidents_by_severity={sev: _incs(i for i in period if i.severity == sev) for sev in WORST_FIRST},
        incidents_by_category={c: _incs(i for i in period if i.category == c) for c in CATEGORIES},
    )
    scope = [s for s in in_use if s.important or s.national_database]
    qualified = [s for s in scope if tcvn14423(s, ctx.current.get(s.id))]
    qualified_ids = {s.id for s in qualified}
    task_b = TaskB(
        in_scope=_sys(s.id for s in scope), national_databases=_sys(s.id for s in scope if s.national_database),
        important_systems=_sys(s.id for s in scope if not s.national_database),
        assessed_tcvn14423=_sys(s.id for s in qualified),
        not_assessed_tcvn14423=_sys(s.id for s in scope if s.id not in qualified_ids),
        ratings={r: _sys(s.id for s in qualified if ctx.current[s.id].rating == r) for r in RATINGS},
        average_score=_average([(s.id, ctx.current[s.id].score) for s in qualified]),
        open_critical_findings=_items([st for s in scope for st in ctx.items_by_system.get(s.id, ())
                                       if st.working() and st.severity == "critical"]),
    )
    states = _notify_states(ctx, period)
    task_c = TaskC(
        incidents=_incs(period),
        notification={k: _incs(i for i in period if states[i.id][0] == k) for k in NOTIFY_STATES},
        full_report={k: _incs(i for i in period if states[i.id][1] == k) for k in NOTIFY_STATES},
    )
    return Summary(task_a, task_b, task_c)


def period_figures(data: ProvinceData, ctx: Context) -> PeriodFigures:
    f = ctx.frame
    by_unit: dict[str, list[SystemRec]] = defaultdict(list)
    for s in ctx.systems:
        by_unit[s.unit_id].append(s)
    total = figures(ctx, ctx.systems)
    return PeriodFigures(
        measured=Measured(period=f.period.code, period_start=f.period.start, period_end=f.period.end,
                          as_of=f.as_of, window_start=f.window_start, window_end=f.as_of,
                          incident_from=clock.local(f.incident_start), incident_to=clock.local(f.incident_end)),
        summary=summary(ctx, total), total=total,
        units=[UnitFigures(u.id, u.name, figures(ctx, by_unit.get(u.id, []))) for u in data.units
               if u.created_at < f.cutoff],  # a unit registered later is not in an earlier period
    )


# --------------------------------------------------------------------------- change

#: the figures compared with the previous period, for the province and for each unit
PROVINCE_CHANGES = (
    "summary.ii4a.systems_in_use", "summary.ii4a.level_dossier_approved", "summary.ii4a.security_plan_approved",
    "summary.ii4a.assessed_12m", "summary.ii4a.not_assessed_12m", "total.assessed_share",
    "total.average_score", "summary.ii4a.incidents_detected", "summary.ii4a.incidents_resolved",
    "summary.ii4a.incidents_unresolved", "summary.ii4b.in_scope", "summary.ii4b.assessed_tcvn14423",
    "summary.ii4b.ratings.compliant", "summary.ii4b.ratings.partial", "summary.ii4b.ratings.non_compliant",
    "summary.ii4b.average_score", "summary.ii4b.open_critical_findings", "summary.ii4c.notification.on_time",
    "summary.ii4c.notification.late", "summary.ii4c.notification.overdue", "summary.ii4c.full_report.on_time",
    "summary.ii4c.full_report.late", "summary.ii4c.full_report.overdue", "total.open_findings_total",
    "total.overdue_items",
)
UNIT_CHANGES = ("systems_in_use", "assessed_12m", "assessed_share", "average_score", "open_findings_total",
                "overdue_items", "incidents")


def value_at(root: Any, path: str) -> int | float | None:
    """The number a dotted path leads to: a count's ``value``, an average's ``value``, or a share."""
    node = root
    for part in path.split("."):
        node = node[part] if isinstance(node, dict) else getattr(node, part)
    if node is None or isinstance(node, int | float):
        return node
    value: int | float | None = node.value
    return value


def delta(previous: int | float | None, current: int | float | None) -> int | float | None:
    """current − previous; ``None`` when either has no value."""
    return None if previous is None or current is None else current - previous


def _change(scope: str, figure: str, previous: int | float | None, current: int | float | None) -> Change:
    return Change(scope, figure, previous, current, delta(previous, current))


def changes(prev: PeriodFigures, cur: PeriodFigures) -> list[Change]:
    out = [_change("province", path, value_at(prev, path), value_at(cur, path)) for path in PROVINCE_CHANGES]
    before = {u.unit_id: u.figures for u in prev.units}
    for u in cur.units:
        p = before.get(u.unit_id)
        out += [_change(u.unit_id, f"units.{u.unit_id}.{name}", value_at(p, name) if p is not None else None,
                        value_at(u.figures, name)) for name in UNIT_CHANGES]
    return out


# --------------------------------------------------------------------------- lists and annex


def named_lists(data: ProvinceData, ctx: Context, cur: PeriodFigures, lang: str
                ) -> tuple[list[UnitRef], list[SystemRef], list[ItemRef], list[ItemRef], list[IncidentRow]]:
    systems = {s.id: s for s in ctx.systems}
    unit_names = {u.id: u.name for u in data.units}
    units_not = [UnitRef(u.unit_id, u.unit_name, u.figures.systems_in_use.value, u.figures.systems_in_use.systems)
                 for u in cur.units if u.figures.systems_in_use.value and not u.figures.assessed_12m.value]
    sys_not = []
    for sid in cur.total.not_assessed_12m.systems:
        s = systems[sid]
        last = data.last_finalized.get(sid)
        sys_not.append(SystemRef(sid, s.name, s.unit_id, unit_names.get(s.unit_id, s.unit_id), s.level, s.important,
                                 s.national_database, last[0] if last else None,
                                 clock.local(last[1]).date() if last else None))
    sys_not.sort(key=lambda r: (r.unit_id, r.system_id))

    def ref(st: ItemState) -> ItemRef:
        s = systems[st.item.system_id]
        return ItemRef(st.item.id, s.id, s.name, s.unit_id, st.item.control_id, st.item.title,
                       st.severity, st.status, st.item.owner, st.due_date, st.days_overdue(ctx.as_of))

    def order(r: ItemRef) -> tuple[Any, ...]:
        return (r.unit_id, r.system_id, SEVERITY_RANK.get(r.severity, 9), r.due_date or date.max, r.control_id)

    states = {st.item.id: st for sts in ctx.items_by_system.values() for st in sts}
    overdue = sorted((ref(states[i]) for i in cur.total.overdue_items.items), key=order)
    critical = sorted((ref(states[i]) for i in cur.summary.ii4b.open_critical_findings.items), key=order)

    rows = []
    in_period = {i.id for i in ctx.incidents_in_period}
    for i in sorted([*ctx.incidents_in_period, *ctx.incidents_earlier], key=lambda x: (x.detected_at, x.id)):
        n, f = check_notifications(i.detected_at, i.notified_at, i.full_report_at, ctx.deadlines, ctx.at)
        s = systems[i.system_id]
        rows.append(IncidentRow(
            i.id, s.id, s.name, s.unit_id, clock.local(i.detected_at), i.category, i.severity,
            i.id in in_period, ctx.resolved(i),
            clock.local(i.resolved_at) if i.resolved_at is not None and ctx.resolved(i) else None,
            clock.local(n.done_at) if n.done_at else None, n.state, clock.local(n.due_at),
            clock.local(f.done_at) if f.done_at else None, f.state, clock.local(f.due_at)))
    return units_not, sys_not, overdue, critical, rows


def annex(data: ProvinceData, ctx: Context) -> list[SystemRow]:
    unit_names = {u.id: u.name for u in data.units}
    incidents_per: dict[str, int] = defaultdict(int)
    for i in ctx.incidents_in_period:
        incidents_per[i.system_id] += 1
    rows = []
    for s in sorted((s for s in ctx.systems if s.in_use), key=lambda s: (s.unit_id, s.id)):
        a = ctx.current.get(s.id)
        last = data.last_finalized.get(s.id)
        working = [st for st in ctx.items_by_system.get(s.id, ()) if st.working()]
        rows.append(SystemRow(
            system_id=s.id, name=s.name, unit_id=s.unit_id, unit_name=unit_names.get(s.unit_id, s.unit_id),
            level=s.level, important=s.important, national_database=s.national_database,
            level_dossier_approved=s.level_dossier_approved if s.level_dossier_approved is not None
            and s.level_dossier_approved <= ctx.as_of else None,
            security_plan_approved=s.security_plan_approved if s.security_plan_approved is not None
            and s.security_plan_approved <= ctx.as_of else None,
            assessed_12m=a is not None, assessment_id=a.id if a else None,
            assessed_on=clock.local(a.finalized_at).date() if a else None, profile_id=a.profile_id if a else None,
            tcvn14423=tcvn14423(s, a), score=a.score if a else None, coverage=a.coverage if a else None,
            rating=a.rating if a else None, last_assessment_id=last[0] if last else None,
            last_assessed_on=clock.local(last[1]).date() if last else None,
            open_findings={sev: sum(1 for st in working if st.severity == sev) for sev in WORST_FIRST},
            overdue_items=sum(1 for st in working if st.overdue(ctx.as_of)), incidents=incidents_per[s.id]))
    return rows


# --------------------------------------------------------------------------- the report


@dataclass(frozen=True)
class Texts:
    """The report's own sentences in its language (from the wording file), filled by the caller."""

    title: str
    addressee: str


def build_report(data: ProvinceData, frame: Frame, deadlines: Deadlines, *, header: Header, lang: str,
                 texts: Callable[[Frame], Texts], generated_at: datetime, generator: str,
                 units_selected: Sequence[str] | None) -> ProvinceReport:
    """The whole report: the current frame, the previous one (its own as-of date), their change,
    the named lists and the annex."""
    cur_ctx = make_context(data, frame, deadlines, generated_at)
    prev_ctx = make_context(data, frame.previous(), deadlines, generated_at)
    cur, prev = period_figures(data, cur_ctx), period_figures(data, prev_ctx)
    units_not, sys_not, overdue, critical, incident_rows = named_lists(data, cur_ctx, cur, lang)
    t = texts(frame)
    return ProvinceReport(
        schema=SCHEMA_ID, schema_version=SCHEMA_VERSION, lang=lang, generator=generator,
        generated_at=clock.local(generated_at), title=t.title, addressee=t.addressee, header=header,
        units_selected=list(units_selected) if units_selected is not None else None,
        deadlines=DeadlineHours(deadlines.initial_notification_hours, deadlines.full_report_hours),
        current=cur, previous=prev, changes=changes(prev, cur), units_not_assessed=units_not,
        systems_not_assessed=sys_not, overdue_items=overdue, open_critical_findings=critical,
        incidents=incident_rows, annex=annex(data, cur_ctx))


__all__ = ["TCVN14423_PROFILES", "Texts", "build_report", "delta", "item_states", "next_change", "tcvn14423",
           "value_at"]
