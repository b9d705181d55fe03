"""Incidents read for a province-wide roll-up (the provincial report), in one set-based query of
only the columns the figures need."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, or_, select

from secassess.inventory.rollup import in_units
from secassess.store.schema.incident import incidents


@dataclass(frozen=True)
class IncidentRec:
    id: int
    system_id: str
    detected_at: datetime
    category: str
    severity: str
    status: str
    notified_at: datetime | None
    full_report_at: datetime | None
    resolved_at: datetime | None


def incidents_since(conn: Connection, cutoff: datetime, since: datetime,
                    unit_ids: Sequence[str] | None = None) -> list[IncidentRec]:
    """The incidents detected before ``cutoff`` that were detected at or after ``since`` or were
    still unresolved then."""
    i = incidents
    q = in_units(select(i.c.id, i.c.system_id, i.c.detected_at, i.c.category, i.c.severity, i.c.status,
                        i.c.notified_at, i.c.full_report_at, i.c.resolved_at)
                 .where(i.c.detected_at < cutoff,
                        or_(i.c.detected_at >= since, i.c.resolved_at.is_(None), i.c.resolved_at >= since)),
                 i.c.system_id, unit_ids)
    return [IncidentRec(r.id, r.system_id, r.detected_at, r.category, r.severity, r.status, r.notified_at,
                        r.full_report_at, r.resolved_at) for r in conn.execute(q)]


def stamp(conn: Connection) -> tuple[Any, ...]:
    """What changes whenever an incident is recorded or changed (each change raises its version)."""
    t = incidents
    row = conn.execute(select(func.count(), func.max(t.c.id), func.coalesce(func.sum(t.c.version), 0))).one()
    return ("incidents", *row)
