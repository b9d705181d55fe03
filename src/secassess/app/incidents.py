"""Incident use cases (sổ theo dõi sự cố): record, list, show, update an incident.

The deadlines of the notifications to the Ministry of Public Security's specialised unit come from
the workspace's settings (``incidents:`` in secassess.yaml) and are judged now.

Authorisation: lists hold only the incidents of the actor's units' systems; another unit's incident
is "not found"; recording or changing one needs the right to change the system's unit (a unit
officer records their own unit's incidents; a viewer none). Each change is in the audit log, recorded in
the change's own transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from secassess.app import visible
from secassess.app.actor import Actor
from secassess.app.audit import record
from secassess.app.registers import (
    check_change,
    check_role,
    check_see,
    listing_scope,
    unit_of_system,
)
from secassess.errors import InputError
from secassess.messages import msg

if TYPE_CHECKING:
    from secassess.incident.rules import Deadlines
    from secassess.incident.service import Change, HistoryEntry, Incident
    from secassess.workspace import Workspace


def _deadlines(ws: Workspace) -> Deadlines:
    from secassess.incident.rules import Deadlines

    return Deadlines.from_config(ws.config.incidents)


@dataclass(frozen=True)
class NewIncident:
    """An incident as an officer records it; without ``status`` it is ``resolved`` when a resolution
    time is given, else ``open``."""

    system_id: str
    detected_at: datetime
    category: str
    severity: str
    description: str
    actions_taken: str = ""
    notified_at: datetime | None = None
    full_report_at: datetime | None = None
    resolved_at: datetime | None = None
    status: str | None = None


@dataclass(frozen=True)
class IncidentQuery:
    """Which incidents: every filter given must match (dates: Vietnam days of detection, inclusive)."""

    unit_id: str | None = None
    system_id: str | None = None
    statuses: Sequence[str] | None = None
    severities: Sequence[str] | None = None
    detected_from: date | None = None
    detected_to: date | None = None
    overdue: bool = False
    #: a notification sent late or not sent past its deadline (the register's "late" highlight)
    late: bool = False
    #: the initial notification sent late or not sent past its deadline (the dashboard's figure)
    initial_late: bool = False


@dataclass(frozen=True)
class IncidentList:
    as_of: datetime
    deadlines: Deadlines
    incidents: list[Incident]

    @property
    def overdue(self) -> int:
        return sum(1 for i in self.incidents if i.overdue)

    @property
    def late(self) -> int:
        return sum(1 for i in self.incidents if i.late)


@dataclass(frozen=True)
class IncidentDetail:
    incident: Incident
    history: list[HistoryEntry]


@dataclass(frozen=True)
class IncidentChanged:
    """An incident after one officer's change, and the history entry that records it."""

    incident: Incident
    change: HistoryEntry


def add_incident(ws: Workspace, actor: Actor, new: NewIncident) -> Incident:
    """Record an incident on a system the actor may change; refuses an unknown system, an empty
    description and times that contradict each other."""
    from secassess.incident.service import add_incident as add

    deadlines = _deadlines(ws)
    with ws.write() as conn:
        system_id = visible.system_id(conn, actor, new.system_id, location="--system")
        unit = unit_of_system(conn, system_id)
        check_role(actor, unit)
        added = add(conn, system_id=system_id, detected_at=new.detected_at, category=new.category,
                    severity=new.severity, description=new.description, actions_taken=new.actions_taken,
                    notified_at=new.notified_at, full_report_at=new.full_report_at, resolved_at=new.resolved_at,
                    status=new.status, actor=actor.name, deadlines=deadlines)
        record(conn, actor, "incident.add", kind="incident", target=added.id, unit=unit,
               changes={"system_id": system_id, "category": added.category, "severity": added.severity,
                        "status": added.status})
        return added


def list_incidents(ws: Workspace, actor: Actor, query: IncidentQuery) -> IncidentList:
    """The incidents matching ``query`` that the actor may see, newest detection first, with their
    notification deadlines judged now."""
    from secassess import clock
    from secassess.incident.service import list_incidents as find

    if query.detected_from and query.detected_to and query.detected_to < query.detected_from:
        raise InputError(msg("app.incidents.end_date_before_start_date"),
                         location="--to")
    deadlines = _deadlines(ws)
    now = clock.now()
    with ws.read() as conn:
        unit_id, system_id = listing_scope(conn, actor, query.unit_id, query.system_id)
        found = find(conn, deadlines, at=now, unit_id=unit_id, unit_ids=actor.visible_units(), system_id=system_id,
                     statuses=query.statuses, severities=query.severities, detected_from=query.detected_from,
                     detected_to=query.detected_to, overdue_only=query.overdue, late_only=query.late,
                     initial_late_only=query.initial_late)
    return IncidentList(now, deadlines, found)


def show_incident(ws: Workspace, actor: Actor, incident_id: int) -> IncidentDetail:
    """One incident, its deadlines judged now, and its whole history (oldest first)."""
    from secassess.incident.service import get_incident, history, incident_not_found

    with ws.read() as conn:
        inc = get_incident(conn, incident_id, _deadlines(ws))
        check_see(actor, inc.unit_id, lambda: incident_not_found(incident_id))
        return IncidentDetail(inc, history(conn, incident_id))


def update_incident(ws: Workspace, actor: Actor, incident_id: int, change: Change, *, note: str | None = None,
                    expect_version: int | None = None) -> IncidentChanged:
    """An officer's change of an incident, checked as a whole, made against the version the officer
    saw (``expect_version``) or else the one read before the write (a change someone else commits in
    between is a conflict). Moving it to another system needs the right to change that one too."""
    from dataclasses import replace

    from secassess.incident.service import INCIDENTS, get_incident, history, incident_not_found
    from secassess.incident.service import update_incident as update
    from secassess.register import version_to_expect

    deadlines = _deadlines(ws)
    version = version_to_expect(ws, INCIDENTS, incident_id, expect_version)
    with ws.write() as conn:
        cur = get_incident(conn, incident_id, deadlines)
        check_change(actor, cur.unit_id, lambda: incident_not_found(incident_id))
        if change.system_id is not None:
            moved_to = visible.system_id(conn, actor, change.system_id, location="--system")
            check_role(actor, unit_of_system(conn, moved_to))
            change = replace(change, system_id=moved_to)
        after = update(conn, incident_id, change, actor=actor.name, expect_version=version, note=note,
                       deadlines=deadlines)
        last = history(conn, incident_id)[-1]
        record(conn, actor, "incident.update", kind="incident", target=incident_id, unit=after.unit_id,
               changes={**last.changes, **({"note": last.note} if last.note else {})})
        return IncidentChanged(after, last)
