"""Units and systems read for a province-wide roll-up (the provincial report): plain records of only
the columns the figures need, each kind in one set-based query.

``unit_ids`` limits a read to the systems of those units (None: every unit); :func:`in_units` is the
same limit for another package's table, by its system column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, select

from secassess.store.schema.inventory import systems, units


@dataclass(frozen=True)
class UnitRec:
    id: str
    name: str
    created_at: datetime


@dataclass(frozen=True)
class SystemRec:
    id: str
    name: str
    unit_id: str
    level: int
    important: bool
    national_database: bool
    in_use: bool
    level_dossier_approved: date | None
    security_plan_approved: date | None
    created_at: datetime


def in_units(query: Any, system_column: Any, unit_ids: Sequence[str] | None) -> Any:
    """``query`` limited to the rows whose ``system_column`` names a system of ``unit_ids`` (None:
    unchanged)."""
    if unit_ids is None:
        return query
    return query.where(system_column.in_(select(systems.c.id).where(systems.c.unit_id.in_(list(unit_ids)))))


def units_registered_before(conn: Connection, cutoff: datetime, unit_ids: Sequence[str] | None = None
                            ) -> list[UnitRec]:
    """The units registered before ``cutoff`` (of ``unit_ids``), by id."""
    q = select(units.c.id, units.c.name, units.c.created_at).where(units.c.created_at < cutoff).order_by(units.c.id)
    if unit_ids is not None:
        q = q.where(units.c.id.in_(list(unit_ids)))
    return [UnitRec(r.id, r.name, r.created_at) for r in conn.execute(q)]


def systems_registered_before(conn: Connection, cutoff: datetime, unit_ids: Sequence[str] | None = None
                              ) -> list[SystemRec]:
    """The systems registered before ``cutoff`` (of ``unit_ids``), by id."""
    q = select(systems.c.id, systems.c.name, systems.c.unit_id, systems.c.level, systems.c.important,
               systems.c.national_database, systems.c.in_use, systems.c.level_dossier_approved,
               systems.c.security_plan_approved, systems.c.created_at).where(systems.c.created_at < cutoff)
    if unit_ids is not None:
        q = q.where(systems.c.unit_id.in_(list(unit_ids)))
    return [SystemRec(r.id, r.name, r.unit_id, r.level, bool(r.important), bool(r.national_database),
                      bool(r.in_use), r.level_dossier_approved, r.security_plan_approved, r.created_at)
            for r in conn.execute(q.order_by(systems.c.id))]


def stamp(conn: Connection) -> tuple[Any, ...]:
    """What changes whenever a unit or a system the roll-up reads changes (every field it reads): to tell
    whether figures computed earlier still hold."""
    import hashlib

    h = hashlib.sha256()
    for rec in (*units_registered_before(conn, _FAR), *systems_registered_before(conn, _FAR)):
        h.update(repr(rec).encode())
    return ("inventory", h.hexdigest())


_FAR = datetime(9999, 1, 1, tzinfo=UTC)
