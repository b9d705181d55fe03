"""The province at a glance (bảng điều khiển): the dashboard, the system list behind its counts, and the
month's reporting status — for the web's pages.

Every figure comes from the provincial report's read model and computation
(:mod:`secassess.reporting.province.data`, :mod:`secassess.reporting.province.compute`) for one frame:
the month of the as-of date, measured up to the end of that day (Vietnam time). So the dashboard of a
day equals ``secassess report province --period <its month> --as-of <the day>`` figure for figure
(``tests/web/test_dashboard.py`` compares them). A unit officer's dashboard is the same computation
limited to their unit (the report's ``--unit``).

A server process keeps the scores of finalized assessments it has computed (a finalized assessment is
locked: its score never changes), per workspace, so a reload scores only what was finalized since. It
also keeps each dashboard it computed with the stamp of the data it came from
(:func:`secassess.reporting.province.data.stamp`: units and systems, finalizations, remediation items and
their history, incidents — not the drafts being answered) and the instant its figures would change by
themselves (a notification deadline passing: :func:`~secassess.reporting.province.compute.next_change`);
it is shown again only while both still hold, so it is always what computing it afresh would give.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from secassess import clock
from secassess.app.actor import Actor, require_province
from secassess.errors import InputError
from secassess.messages import msg
from secassess.vocabulary import RATINGS, WORST_FIRST

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from secassess.reporting.province.data import ScoreMemo
    from secassess.reporting.province.model import (
        Figures,
        IncidentCount,
        Summary,
        SystemCount,
        SystemRow,
        UnitFigures,
    )
    from secassess.reporting.province.period import Period
    from secassess.workspace import Workspace

#: the system flags a list can be filtered by, and the figure that counts each
FLAGS = ("important", "national_database")

_memos: dict[int, ScoreMemo] = {}  # id(workspace) -> its memo, dropped with the workspace
_memo_lock = threading.Lock()


def _memo(ws: Workspace) -> ScoreMemo:
    key = id(ws)
    with _memo_lock:
        found = _memos.get(key)
        if found is None:
            found = _memos[key] = {}
            weakref.finalize(ws, _forget, key)
        return found


def _forget(ws_id: int) -> None:
    """Drop what was kept for a workspace that is gone (its id may be reused by another)."""
    with _memo_lock:
        _memos.pop(ws_id, None)
        for k in [k for k in _cache if k[0] == ws_id]:
            del _cache[k]


@dataclass(frozen=True)
class Dashboard:
    """The figures of the actor's scope (the province, or a unit officer's unit) as of ``as_of``."""

    as_of: date
    period: str  # YYYY-MM: the month of as_of
    unit_id: str | None  # a unit officer's unit ("" for one without a unit: nothing to see); None: the province
    total: Figures
    summary: Summary
    units: list[UnitFigures]
    #: systems in use not assessed in the last 12 months: never assessed, or last assessed before the window
    never_assessed: SystemCount
    stale: SystemCount
    #: overdue remediation items (ids) by severity (worst first), as of as_of
    overdue_by_severity: dict[str, list[int]]
    #: incidents still being handled (detected this month or earlier), and this month's initial
    #: notifications late (sent after the deadline) or overdue (not sent, the deadline passed)
    incidents_open: IncidentCount
    notifications_late: IncidentCount
    #: every system in use, for the lists behind the counts (empty on the dashboard itself)
    rows: list[SystemRow] = field(repr=False, default_factory=list)

    @property
    def systems_flagged(self) -> dict[str, SystemCount]:
        b = self.summary.ii4b
        return {"important": b.important_systems, "national_database": b.national_databases}


def _scope(actor: Actor) -> list[str] | None:
    units = actor.visible_units()
    return None if units is None else sorted(units)


def resolve_day(as_of: date | None) -> date:
    """The dashboard's day: today in Vietnam unless given; not in the future."""
    today = clock.today()
    if as_of is None:
        return today
    if as_of > today:
        raise InputError(msg("app.dashboard.as_date_future_today", d=as_of.strftime("%d/%m/%Y"), t=today.strftime("%d/%m/%Y")), location="as_of")
    return as_of


def dashboard(ws: Workspace, actor: Actor, *, as_of: date | None = None) -> Dashboard:
    """The dashboard of the actor's scope as of the end of ``as_of`` (default: today)."""
    return _compute(ws, actor, as_of, with_rows=False)


CACHE_LIMIT = 512  # dashboards kept per process (one per scope, day and kind); emptied when full
_cache: dict[tuple[Any, ...], tuple[tuple[Any, ...], datetime, Dashboard]] = {}


def _compute(ws: Workspace, actor: Actor, as_of: date | None, *, with_rows: bool) -> Dashboard:
    from secassess.reporting.province import data as province_data

    day = resolve_day(as_of)
    units = _scope(actor)
    i = ws.config.incidents
    key = (id(ws), tuple(units) if units is not None else None, day, with_rows, repr(i))
    _memo(ws)  # registers the workspace's clean-up
    with ws.read() as conn:
        stamp = province_data.stamp(conn)  # before reading: a change meanwhile makes the next one differ
        hit = _cache.get(key)
        if hit is not None and hit[0] == stamp and clock.now() < hit[1]:
            return hit[2]
        board, valid_until = _fresh(ws, conn, day, units, with_rows)
    with _memo_lock:
        if len(_cache) >= CACHE_LIMIT:
            _cache.clear()
        _cache[key] = (stamp, valid_until, board)
    return board


def _fresh(ws: Workspace, conn: Connection, day: date, units: list[str] | None,
           with_rows: bool) -> tuple[Dashboard, datetime]:
    from secassess.incident.rules import Deadlines
    from secassess.reporting.province import compute
    from secassess.reporting.province import data as province_data
    from secassess.reporting.province.model import IncidentCount, SystemCount
    from secassess.reporting.province.period import Frame, Period

    frame = Frame(Period(day.year, day.month), day)
    loaded = province_data.load(conn, [frame], units, None, memo=_memo(ws))  # no item titles: counts only
    now = clock.now()
    ctx = compute.make_context(loaded, frame, Deadlines.from_config(ws.config.incidents), now)
    cur = compute.period_figures(loaded, ctx)
    # the overdue items of the report's list (compute.named_lists), by severity as of the day
    overdue_ids = set(cur.total.overdue_items.items)
    overdue = sorted((st for sts in ctx.items_by_system.values() for st in sts if st.item.id in overdue_ids),
                     key=lambda st: st.item.id)
    # not assessed in 12 months: never assessed, or last assessed before the window (the report's
    # systems_not_assessed list, told apart by whether it names a last assessment)
    never = sorted(s for s in cur.total.not_assessed_12m.systems if s not in loaded.last_finalized)
    stale = sorted(s for s in cur.total.not_assessed_12m.systems if s in loaded.last_finalized)
    a, c = cur.summary.ii4a, cur.summary.ii4c
    open_ids = sorted({*a.incidents_unresolved.incidents, *a.earlier_incidents_unresolved.incidents})
    by_id = {i.id: i for i in loaded.incidents}
    late_ids = sorted({*c.notification["late"].incidents, *c.notification["overdue"].incidents})
    return Dashboard(
        as_of=day, period=frame.period.code, unit_id=None if units is None else (units[0] if units else ""),
        total=cur.total,
        summary=cur.summary, units=cur.units, never_assessed=SystemCount(len(never), never),
        stale=SystemCount(len(stale), stale),
        overdue_by_severity={sev: [st.item.id for st in overdue if st.severity == sev] for sev in WORST_FIRST},
        incidents_open=IncidentCount(len(open_ids), open_ids, sorted({by_id[i].system_id for i in open_ids})),
        notifications_late=IncidentCount(len(late_ids), late_ids, sorted({by_id[i].system_id for i in late_ids})),
        rows=compute.annex(loaded, ctx) if with_rows else []), compute.next_change(ctx, now)


# --------------------------------------------------------------------------- the systems behind a count


@dataclass(frozen=True)
class SystemFilter:
    """Which systems in use to list (every filter given must hold)."""

    level: int | None = None
    flag: str | None = None  # important | national_database
    rating: str | None = None  # compliant | partial | non_compliant
    unit: str | None = None
    never_assessed: bool = False
    stale: bool = False  # last assessed more than 12 months ago
    not_assessed: bool = False  # not assessed in the last 12 months (never, or stale)
    assessed: bool = False  # assessed in the last 12 months
    mandatory_failed: bool = False

    def check(self) -> None:
        if self.level is not None and not 1 <= self.level <= 5:
            raise InputError(msg("app.dashboard.level_must_1_5"), location="level")
        if self.flag is not None and self.flag not in FLAGS:
            raise InputError(msg("app.dashboard.no_system_flag", f=self.flag), location="flag")
        if self.rating is not None and self.rating not in RATINGS:
            raise InputError(msg("app.dashboard.no_rating", r=self.rating), location="rating")


@dataclass(frozen=True)
class SystemList:
    as_of: date
    filters: SystemFilter
    rows: list[SystemRow]
    unit_name: str | None = None


def system_list(ws: Workspace, actor: Actor, filters: SystemFilter, *, as_of: date | None = None) -> SystemList:
    """The systems in use that the dashboard counted under ``filters`` (the same sets of ids)."""
    filters.check()
    unit_name = None
    if filters.unit:
        from secassess.app import visible

        with ws.read() as conn:
            found = visible.unit(conn, actor, filters.unit)
        filters = SystemFilter(**{**filters.__dict__, "unit": found.id})
        unit_name = found.name
    d = _compute(ws, actor, as_of, with_rows=True)
    keep: set[str] | None = None

    def narrow(ids: Sequence[str]) -> None:
        nonlocal keep
        keep = set(ids) if keep is None else keep & set(ids)

    t = d.total
    if filters.level is not None:
        narrow(t.systems_by_level[str(filters.level)].systems)
    if filters.flag is not None:
        narrow(d.systems_flagged[filters.flag].systems)
    if filters.rating is not None:
        narrow(t.ratings[filters.rating].systems)
    if filters.never_assessed:
        narrow(d.never_assessed.systems)
    if filters.stale:
        narrow(d.stale.systems)
    if filters.not_assessed:
        narrow(t.not_assessed_12m.systems)
    if filters.assessed:
        narrow(t.assessed_12m.systems)
    if filters.mandatory_failed:
        narrow(t.mandatory_failed.systems)
    rows = [r for r in d.rows if (keep is None or r.system_id in keep)
            and (filters.unit is None or r.unit_id == filters.unit)]
    return SystemList(d.as_of, filters, rows, unit_name)


# --------------------------------------------------------------------------- the month's reporting


@dataclass(frozen=True)
class UnitMonth:
    """Where one unit stands for a month's report."""

    unit_id: str
    unit_name: str
    systems_in_use: int
    finalized: list[int]  # assessments finalized in the month
    submitted: list[int]  # questionnaires submitted to the province in the month
    in_progress: dict[str, list[int]]  # review state -> draft assessments (with_unit, returned, submitted, accepted)

    @property
    def reported(self) -> bool:
        """The unit sent something for the month: a questionnaire submitted or an assessment finalized."""
        return bool(self.finalized or self.submitted)

    @property
    def drafts(self) -> int:
        return sum(len(v) for v in self.in_progress.values())


@dataclass(frozen=True)
class MonthStatus:
    period: str
    period_start: date
    period_end: date
    deadline: date  # the 15th of the next month: units report before it
    units: list[UnitMonth]

    @property
    def not_reported(self) -> list[UnitMonth]:
        return [u for u in self.units if u.systems_in_use and not u.reported]

    @property
    def with_drafts(self) -> list[UnitMonth]:
        return [u for u in self.units if u.drafts]


def default_period(today: date | None = None) -> Period:
    """The month a report is issued for by default: the previous month (Vietnam time)."""
    from secassess.reporting.province.period import Period

    d = today or clock.today()
    return Period(d.year, d.month).previous()


def month_status(ws: Workspace, actor: Actor, period: Period) -> MonthStatus:
    """Which units have reported for ``period`` (a questionnaire submitted or an assessment finalized
    during the month) and which have assessments in progress now. A province step."""
    from datetime import timedelta

    from secassess.assessment import review
    from secassess.assessment.rollup import finalized_between
    from secassess.assessment.service import list_heads
    from secassess.inventory.rollup import systems_registered_before, units_registered_before
    from secassess.reporting.province.period import cutoff, day_start

    require_province(actor)
    start, end = day_start(period.start), cutoff(period.end)
    with ws.read() as conn:
        now = clock.now()
        units = units_registered_before(conn, max(end, now))
        systems = [s for s in systems_registered_before(conn, max(end, now)) if s.in_use]
        unit_of = {s.id: s.unit_id for s in systems}
        finalized = finalized_between(conn, start, end)
        submitted = review.steps_between(conn, "submitted", start, end)
        drafts = list_heads(conn, status="draft")
        states = review.states(conn, [a.id for a in drafts])
    fin: dict[str, list[int]] = {}
    for rec in finalized:
        if rec.system_id in unit_of:
            fin.setdefault(unit_of[rec.system_id], []).append(rec.id)
    sub: dict[str, list[int]] = {}
    for aid, system_id in submitted:
        if system_id in unit_of:
            sub.setdefault(unit_of[system_id], []).append(aid)
    prog: dict[str, dict[str, list[int]]] = {}
    for a in drafts:
        prog.setdefault(a.unit_id, {}).setdefault(states[a.id], []).append(a.id)
    counts: dict[str, int] = {}
    for s in systems:
        counts[s.unit_id] = counts.get(s.unit_id, 0) + 1
    out = [UnitMonth(u.id, u.name, counts.get(u.id, 0), sorted(fin.get(u.id, [])), sorted(set(sub.get(u.id, []))),
                     {k: sorted(v) for k, v in sorted(prog.get(u.id, {}).items())}) for u in units]
    nxt = period.end + timedelta(days=1)
    return MonthStatus(period.code, period.start, period.end, date(nxt.year, nxt.month, 15), out)


# --------------------------------------------------------------------------- a system over time


@dataclass(frozen=True)
class TrendPoint:
    assessment_id: int
    finalized_at: datetime
    profile_id: str
    score: float | None
    coverage: float
    rating: str
    mandatory_failed: int


def system_trend(ws: Workspace, actor: Actor, system_id: str) -> list[TrendPoint]:
    """The system's finalized assessments, oldest first, each scored as the reports score it."""
    from secassess.app import visible
    from secassess.assessment.rollup import finalized_between, score_many

    with ws.read() as conn:
        found = visible.system(conn, actor, system_id)
        metas = [m for m in finalized_between(conn, datetime(1970, 1, 1, tzinfo=clock.LOCAL_TZ), clock.now(),
                                              [found.unit_id]) if m.system_id == found.id]
        scores, _rows = score_many(conn, [m.id for m in metas])
    metas.sort(key=lambda m: (m.finalized_at, m.id))
    return [TrendPoint(m.id, m.finalized_at, m.profile_id, scores[m.id][0], scores[m.id][1], scores[m.id][2],
                       len(scores[m.id][3])) for m in metas]
