"""The incident register (sổ theo dõi sự cố) in the database: record an incident, change it with
optimistic locking (``version``), keep every change in its history (both through
:mod:`secassess.register`, as for remediation items), list it with its notification deadlines
checked. The rules (words, times, deadlines) are in :mod:`.rules`.

For other parts of secassess: :func:`list_incidents` returns plain :class:`Incident` dataclasses;
the provincial report reads the table itself with one set-based query.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, insert, select

from secassess import clock, register
from secassess.errors import InputError, NotFoundError, NothingToChange, Problem
from secassess.incident import rules
from secassess.incident.present import describe_changes
from secassess.incident.rules import DeadlineCheck, Deadlines
from secassess.messages import msg
from secassess.store.schema.incident import incident_history, incidents
from secassess.store.schema.inventory import systems, units

MAX_TEXT = 8000  # description, actions taken, note
INCIDENTS = register.Register(incidents, incident_history, "incident_id", ("sự cố", "incident"), "incident",
                              describe_changes)
EDITABLE = ("system_id", "detected_at", "category", "severity", "description", "actions_taken", "notified_at",
            "full_report_at", "resolved_at", "status")


@dataclass(frozen=True)
class Incident:
    """One incident with its deadlines judged at ``at`` (now, for the commands)."""

    id: int
    system_id: str
    system_name: str
    unit_id: str
    unit_name: str
    detected_at: datetime
    category: str
    severity: str
    description: str
    actions_taken: str
    notified_at: datetime | None
    full_report_at: datetime | None
    resolved_at: datetime | None
    status: str
    version: int
    created_by: str
    created_at: datetime
    updated_at: datetime
    at: datetime
    notification: DeadlineCheck
    full_report: DeadlineCheck

    @property
    def overdue(self) -> bool:
        """A deadline has passed with nothing sent (quá hạn)."""
        return "overdue" in (self.notification.state, self.full_report.state)

    @property
    def late(self) -> bool:
        """A notification is late: sent after its deadline (trễ hạn) or still not sent past it (quá hạn)."""
        return bool({"late", "overdue"} & {self.notification.state, self.full_report.state})

    @property
    def initial_late(self) -> bool:
        """The initial notification is late (the provincial report's "notified late" figure)."""
        return self.notification.state in ("late", "overdue")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (times ISO 8601 with the +07:00 offset); the shape of ``incident list --json`` items."""
        def t(v: datetime | None) -> str | None:
            return clock.local(v).isoformat() if v is not None else None

        return {
            "id": self.id, "system_id": self.system_id, "system_name": self.system_name, "unit_id": self.unit_id,
            "unit_name": self.unit_name, "detected_at": t(self.detected_at), "category": self.category,
            "severity": self.severity, "description": self.description, "actions_taken": self.actions_taken,
            "notified_at": t(self.notified_at), "full_report_at": t(self.full_report_at),
            "resolved_at": t(self.resolved_at), "status": self.status, "version": self.version,
            "created_by": self.created_by, "created_at": t(self.created_at), "updated_at": t(self.updated_at),
            "as_of": t(self.at), "notification": self.notification.to_dict(),
            "full_report": self.full_report.to_dict(), "overdue": self.overdue,
        }


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    at: datetime
    actor: str
    changes: dict[str, list[Any]]
    note: str

    @property
    def created(self) -> bool:
        return all(isinstance(v, list) and v and v[0] is None for v in self.changes.values()) and \
            "detected_at" in self.changes

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "at": clock.local(self.at).isoformat(), "actor": self.actor,
                "changes": self.changes, "note": self.note}


# --------------------------------------------------------------------------- reading


def _query() -> Any:
    return (select(incidents, systems.c.name.label("system_name"), systems.c.unit_id,
                   units.c.name.label("unit_name"))
            .join(systems, systems.c.id == incidents.c.system_id)
            .join(units, units.c.id == systems.c.unit_id))


def _to_incident(row: Any, deadlines: Deadlines, at: datetime) -> Incident:
    m = row._mapping
    notification, full = rules.check_notifications(m["detected_at"], m["notified_at"], m["full_report_at"],
                                                   deadlines, at)
    return Incident(
        id=m["id"], system_id=m["system_id"], system_name=m["system_name"], unit_id=m["unit_id"],
        unit_name=m["unit_name"], detected_at=m["detected_at"], category=m["category"], severity=m["severity"],
        description=m["description"], actions_taken=m["actions_taken"], notified_at=m["notified_at"],
        full_report_at=m["full_report_at"], resolved_at=m["resolved_at"], status=m["status"], version=m["version"],
        created_by=m["created_by"], created_at=m["created_at"], updated_at=m["updated_at"], at=at,
        notification=notification, full_report=full)


def parse_incident_id(text: str | int) -> int:
    """An incident id as typed: ``7`` or ``#7``."""
    return register.parse_id(text, INCIDENTS)


def get_incident(conn: Connection, incident_id: int, deadlines: Deadlines, at: datetime | None = None) -> Incident:
    row = conn.execute(_query().where(incidents.c.id == incident_id)).first()
    if row is None:
        raise incident_not_found(incident_id)
    return _to_incident(row, deadlines, at or clock.now())


def incident_not_found(incident_id: int) -> NotFoundError:
    """What is said of an incident that does not exist (or that the one asking may not see)."""
    return NotFoundError(msg("incident.service.no_incident_see_secassess_incident", i=incident_id))


def _day_start(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, tzinfo=clock.LOCAL_TZ)


def list_incidents(conn: Connection, deadlines: Deadlines, *, at: datetime | None = None, unit_id: str | None = None,
                   unit_ids: Iterable[str] | None = None, system_id: str | None = None,
                   statuses: Iterable[str] | None = None, severities: Iterable[str] | None = None,
                   detected_from: date | None = None, detected_to: date | None = None,
                   overdue_only: bool = False, late_only: bool = False,
                   initial_late_only: bool = False) -> list[Incident]:
    """Incidents matching every filter (``unit_ids``: of the systems of any of these units), newest
    detection first; ``detected_from``/``detected_to`` are Vietnam dates, both inclusive. Deadlines
    are judged at ``at`` (default: now); ``overdue_only``: a deadline passed with nothing sent;
    ``late_only``: a notification sent late or not sent past its deadline; ``initial_late_only``: the
    initial notification."""
    at = at or clock.now()
    q = _query()
    if unit_id is not None:
        q = q.where(systems.c.unit_id == unit_id)
    if unit_ids is not None:
        q = q.where(systems.c.unit_id.in_(sorted(unit_ids)))
    if system_id is not None:
        q = q.where(incidents.c.system_id == system_id)
    if statuses is not None:
        q = q.where(incidents.c.status.in_(list(statuses)))
    if severities is not None:
        q = q.where(incidents.c.severity.in_(list(severities)))
    if detected_from is not None:
        q = q.where(incidents.c.detected_at >= _day_start(detected_from))
    if detected_to is not None:
        q = q.where(incidents.c.detected_at < _day_start(detected_to + timedelta(days=1)))
    q = q.order_by(incidents.c.detected_at.desc(), incidents.c.id.desc())
    found = [_to_incident(r, deadlines, at) for r in conn.execute(q)]
    return [i for i in found if (not overdue_only or i.overdue) and (not late_only or i.late)
            and (not initial_late_only or i.initial_late)]


def history(conn: Connection, incident_id: int) -> list[HistoryEntry]:
    h = incident_history
    rows = conn.execute(select(h).where(h.c.incident_id == incident_id).order_by(h.c.id))
    return [HistoryEntry(r.id, r.at, r.actor, dict(r.changes), r.note) for r in rows]


# --------------------------------------------------------------------------- writing


def _text(text: str | None, option: str, *, required: bool = False) -> str:
    return register.clean_text(text, option, MAX_TEXT, required=required)


def _validate(values: Mapping[str, Any], now: datetime) -> None:
    problems: list[Problem] = rules.time_problems({k: values.get(k) for k in rules.TIME_FIELDS}, now)
    problems += rules.status_problems(values["status"], values.get("resolved_at"))
    if problems:
        if len(problems) == 1:
            p = problems[0]
            raise InputError(p.message, p.file, p.location)
        raise InputError.from_problems(msg("incident.service.invalid_incident"), problems)


def add_incident(conn: Connection, *, system_id: str, detected_at: datetime, category: str, severity: str,
                 description: str, actor: str, actions_taken: str = "", notified_at: datetime | None = None,
                 full_report_at: datetime | None = None, resolved_at: datetime | None = None,
                 status: str | None = None, deadlines: Deadlines | None = None) -> Incident:
    """Record an incident. Without ``status`` it is ``resolved`` when a resolution time is given, else
    ``open``. Refuses an unknown system, an empty description, and times that contradict each other."""
    system_id = register.check_scope(conn, system_id=system_id)[1] or system_id
    now = clock.now()
    values: dict[str, Any] = {
        "system_id": system_id, "detected_at": detected_at, "category": category, "severity": severity,
        "description": _text(description, "--description", required=True),
        "actions_taken": _text(actions_taken, "--actions"), "notified_at": notified_at,
        "full_report_at": full_report_at, "resolved_at": resolved_at,
        "status": status or ("resolved" if resolved_at is not None else "open"),
    }
    _validate(values, now)
    res = conn.execute(insert(incidents).values(**values, version=1, created_by=actor, created_at=now,
                                                updated_at=now))
    assert res.inserted_primary_key is not None
    new_id = int(res.inserted_primary_key[0])
    register.record(conn, INCIDENTS, new_id, at=now, actor=actor, changed=register.changes({}, values))
    return get_incident(conn, new_id, deadlines or Deadlines(), now)


@dataclass
class Change:
    """What an officer asks to change (None: leave as is). ``clear`` names times to remove."""

    system_id: str | None = None
    detected_at: datetime | None = None
    category: str | None = None
    severity: str | None = None
    description: str | None = None
    actions_taken: str | None = None
    add_action: str | None = None
    notified_at: datetime | None = None
    full_report_at: datetime | None = None
    resolved_at: datetime | None = None
    status: str | None = None
    clear: tuple[str, ...] = ()


def update_incident(conn: Connection, incident_id: int, change: Change, *, actor: str, expect_version: int | None,
                    note: str | None = None, deadlines: Deadlines | None = None) -> Incident:
    """An officer's change, checked as a whole: status moves the table allows (taking a resolved
    incident back clears its resolution time; a resolution time alone resolves it), times consistent.
    When ``expect_version`` is given and the incident moved on since, raises ConflictError and saves
    nothing. One history row records the whole change."""
    deadlines = deadlines or Deadlines()
    now = clock.now()
    cur = get_incident(conn, incident_id, deadlines, now)
    register.check_version(conn, INCIDENTS, incident_id, cur.version, expect_version)
    text = _text(note, "--note")
    old = {k: getattr(cur, k) for k in EDITABLE}
    new = dict(old)
    if change.system_id is not None:
        new["system_id"] = register.check_scope(conn, system_id=change.system_id)[1]
    for k in ("detected_at", "category", "severity", "notified_at", "full_report_at", "resolved_at"):
        v = getattr(change, k)
        if v is not None:
            new[k] = v
    for k in change.clear:
        if k == "detected_at":
            raise InputError(msg("incident.service.detection_time_cannot_removed"),
                             location="--detected-at")
        new[k] = None
    if change.description is not None:
        new["description"] = _text(change.description, "--description", required=True)
    if change.actions_taken is not None:
        new["actions_taken"] = _text(change.actions_taken, "--actions")
    if change.add_action is not None:
        line = _text(change.add_action, "--add-action", required=True)
        stamped = f"{clock.fmt_datetime(now)}: {line}"
        new["actions_taken"] = _text(f"{new['actions_taken']}\n{stamped}" if new["actions_taken"] else stamped,
                                     "--add-action")
    if change.status is not None and change.status != cur.status:
        rules.check_transition(incident_id, cur.status, change.status)
        new["status"] = change.status
        if cur.status == "resolved" and "resolved_at" not in change.clear and change.resolved_at is None:
            new["resolved_at"] = None  # taken back: no longer resolved
    elif change.status is None and change.resolved_at is not None and cur.status != "resolved":
        rules.check_transition(incident_id, cur.status, "resolved")
        new["status"] = "resolved"
    elif "resolved_at" in change.clear and cur.status == "resolved":
        new["status"] = "handling"
    _validate(new, now)
    values = {k: v for k, v in new.items() if old.get(k) != v}
    if not values and not text and change.status is not None:
        rules.check_transition(incident_id, cur.status, change.status)  # says "already ..."
    if not values and not text:
        raise NothingToChange(msg("incident.service.nothing_change_use_status_notified"), location=f"#{incident_id}")
    register.save(conn, INCIDENTS, incident_id, cur.version, values, at=now, actor=actor,
                  changed=register.changes(old, values), note=text)
    return get_incident(conn, incident_id, deadlines, now)
