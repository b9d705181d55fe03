"""Units (đơn vị) and systems (hệ thống thông tin) in the database.

Every function takes an open connection; the caller owns the transaction (``ws.write()``), so
a command that fails half-way changes nothing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, select

from secassess import clock, ids
from secassess.errors import InputError, Problem
from secassess.messages import msg
from secassess.store.schema.inventory import systems, units

if TYPE_CHECKING:  # pydantic models are imported only by the commands that validate input
    from pydantic import ValidationError

    from secassess.inventory.models import SystemSpec, UnitSpec


@dataclass
class Unit:
    """A unit (đơn vị) that owns systems."""

    id: str
    name: str
    contact: str
    created_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class System:
    """An information system (hệ thống thông tin) with its level and authorised scan targets."""

    id: str
    name: str
    unit_id: str
    level: int
    important: bool
    national_database: bool
    in_use: bool
    description: str
    owner: str
    contact: str
    hosting: str
    level_dossier_approved: date | None
    security_plan_approved: date | None
    targets: list[str] = field(default_factory=list)
    allowed_ports: list[str] = field(default_factory=list)
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# columns a SystemSpec field maps to (the spec says "unit", the table "unit_id")
_SPEC_TO_COLUMN = {"unit": "unit_id"}


def _system(row: Any) -> System:
    m = row._mapping
    return System(
        id=m["id"], name=m["name"], unit_id=m["unit_id"], level=m["level"], important=bool(m["important"]),
        national_database=bool(m["national_database"]), in_use=bool(m["in_use"]), description=m["description"],
        owner=m["owner"], contact=m["contact"], hosting=m["hosting"],
        level_dossier_approved=m["level_dossier_approved"], security_plan_approved=m["security_plan_approved"],
        targets=list(m["targets"] or []), allowed_ports=list(m["allowed_ports"] or []),
        created_at=m["created_at"], updated_at=m["updated_at"])


def _unit(row: Any) -> Unit:
    m = row._mapping
    return Unit(id=m["id"], name=m["name"], contact=m["contact"], created_at=m["created_at"])


def spec_error(headline: str, exc: ValidationError, file: str | None = None,
               location: str | None = None) -> InputError:
    from secassess.inventory.models import validation_messages

    problems = [Problem(said, file, location) for _loc, said in validation_messages(exc)]
    return InputError.from_problems(headline, problems)


# --- units -------------------------------------------------------------------------------------

def get_unit(conn: Connection, unit_id: str) -> Unit:
    """The unit with this id, or the one whose id differs only in case (:func:`unit_id_of`)."""
    row = conn.execute(select(units).where(units.c.id == unit_id)).first()
    if row is None:
        row = conn.execute(select(units).where(units.c.id == unit_id_of(conn, unit_id))).one()
    return _unit(row)


def unit_id_of(conn: Connection, given: str, *, location: str | None = None) -> str:
    """The stored id of the unit a person typed as ``given`` (as :func:`system_id_of`)."""
    if unit_exists(conn, given):
        return given
    return ids.resolve(given, conn.execute(select(units.c.id)).scalars(), ids.UNIT,
                       listing="secassess unit list", location=location)


def unit_exists(conn: Connection, unit_id: str) -> bool:
    return conn.execute(select(units.c.id).where(units.c.id == unit_id)).first() is not None


def list_units(conn: Connection) -> list[tuple[Unit, int]]:
    """Every unit with how many systems it owns, by id."""
    counts = (select(systems.c.unit_id, func.count().label("n")).group_by(systems.c.unit_id).subquery())
    rows = conn.execute(select(units, counts.c.n).outerjoin(counts, counts.c.unit_id == units.c.id)
                        .order_by(units.c.id)).all()
    return [(_unit(r), int(r._mapping["n"] or 0)) for r in rows]


def add_unit(conn: Connection, unit_id: str, name: str, contact: str = "") -> Unit:
    """Create a unit. Raises :class:`InputError` for a bad value or an id already taken."""
    from pydantic import ValidationError

    from secassess.inventory.models import UnitSpec

    try:
        spec = UnitSpec(id=unit_id, name=name, contact=contact)
    except ValidationError as exc:
        raise spec_error(msg("inventory.service.invalid_unit"), exc) from None
    if unit_exists(conn, spec.id):
        raise InputError(msg("inventory.service.unit_already_exists", u=spec.id))
    return insert_unit(conn, spec)


def insert_unit(conn: Connection, spec: UnitSpec) -> Unit:
    now = clock.now()
    conn.execute(units.insert().values(id=spec.id, name=spec.name, contact=spec.contact, created_at=now))
    return Unit(spec.id, spec.name, spec.contact, now)


def update_unit(conn: Connection, spec: UnitSpec) -> bool:
    """Update name and contact (only the fields given); True when something changed."""
    cur = get_unit(conn, spec.id)
    values = {k: getattr(spec, k) for k in spec.model_fields_set if k != "id"}
    changed = {k: v for k, v in values.items() if getattr(cur, k) != v}
    if changed:
        conn.execute(units.update().where(units.c.id == spec.id).values(**changed))
    return bool(changed)


# --- systems -----------------------------------------------------------------------------------

def get_system(conn: Connection, system_id: str) -> System:
    """The system with this id, or the one whose id differs only in case; :class:`InputError`
    suggesting the closest ids if there is none (:func:`system_id_of`)."""
    row = conn.execute(select(systems).where(systems.c.id == system_id)).first()
    if row is None:
        row = conn.execute(select(systems).where(systems.c.id == system_id_of(conn, system_id))).one()
    return _system(row)


def system_id_of(conn: Connection, given: str, *, location: str | None = None) -> str:
    """The stored id of the system a person typed as ``given``: itself, or the one id equal to it
    ignoring case; else :class:`InputError` suggesting the closest ids (:func:`secassess.ids.resolve`)."""
    if system_exists(conn, given):
        return given
    return ids.resolve(given, conn.execute(select(systems.c.id)).scalars(), ids.SYSTEM,
                       listing="secassess system list", location=location)


def system_exists(conn: Connection, system_id: str) -> bool:
    return conn.execute(select(systems.c.id).where(systems.c.id == system_id)).first() is not None


def list_systems(conn: Connection, unit: str | None = None) -> list[System]:
    """Systems by unit then id, optionally of one unit."""
    q = select(systems).order_by(systems.c.unit_id, systems.c.id)
    if unit is not None:
        q = q.where(systems.c.unit_id == unit)
    return [_system(r) for r in conn.execute(q)]


def _columns(spec: SystemSpec, fields: set[str] | None = None) -> dict[str, Any]:
    names = spec.model_fields_set | {"id"} if fields is None else fields
    data = spec.model_dump()
    return {_SPEC_TO_COLUMN.get(k, k): data[k] for k in names}


def add_system(conn: Connection, data: dict[str, Any] | SystemSpec) -> System:
    """Create a system. The owning unit must exist; the id must be new."""
    from pydantic import ValidationError

    from secassess.inventory.models import SystemSpec

    try:
        spec = data if isinstance(data, SystemSpec) else SystemSpec.model_validate(data)
    except ValidationError as exc:
        raise spec_error(msg("inventory.service.invalid_system"), exc) from None
    if system_exists(conn, spec.id):
        raise InputError(msg("inventory.service.system_already_exists_change_secassess", s=spec.id))
    if not unit_exists(conn, spec.unit):
        raise InputError(msg("inventory.service.no_unit_add_secassess_unit", u=spec.unit))
    return insert_system(conn, spec)


def insert_system(conn: Connection, spec: SystemSpec) -> System:
    now = clock.now()
    values = {_SPEC_TO_COLUMN.get(k, k): v for k, v in spec.model_dump().items()}
    conn.execute(systems.insert().values(**values, created_at=now, updated_at=now))
    return get_system(conn, spec.id)


def edit_system(conn: Connection, system_id: str, changes: dict[str, Any]) -> tuple[System, dict[str, Any]]:
    """Apply ``changes`` (SystemSpec field names) to a system, validating the whole result.

    Returns the system as stored and ``{field: [old, new]}`` for what actually changed.
    """
    from pydantic import ValidationError

    from secassess.inventory.models import SystemSpec

    cur = get_system(conn, system_id)
    data = {k: getattr(cur, _SPEC_TO_COLUMN.get(k, k)) for k in SystemSpec.model_fields}
    data.update(changes)
    try:
        spec = SystemSpec.model_validate(data)
    except ValidationError as exc:
        raise spec_error(msg("inventory.service.invalid_change"), exc) from None
    if spec.id != cur.id:
        raise InputError(msg("inventory.service.system_id_cannot_changed"))
    return update_system(conn, spec, set(changes))


def update_system(conn: Connection, spec: SystemSpec, fields: set[str]) -> tuple[System, dict[str, Any]]:
    """Write the given ``fields`` of ``spec`` over the stored system; returns it and the diff."""
    cur = get_system(conn, spec.id)
    if "unit" in fields and spec.unit != cur.unit_id and not unit_exists(conn, spec.unit):
        raise InputError(msg("inventory.service.no_unit", u=spec.unit))
    new = _columns(spec, fields - {"id"})
    diff = {k: [getattr(cur, k), v] for k, v in new.items() if getattr(cur, k) != v}
    if diff:
        conn.execute(systems.update().where(systems.c.id == spec.id)
                     .values(**{k: v[1] for k, v in diff.items()}, updated_at=clock.now()))
    return get_system(conn, spec.id), diff


def default_profile_id(system: System) -> str:
    """The profile an assessment of ``system`` uses unless told otherwise (docs/questionnaires.md, “Units and systems”)."""
    if system.national_database:
        return "national-database"
    if system.important:
        return "important-system"
    return f"level-{system.level}"
