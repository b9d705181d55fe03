"""Inventory use cases (đơn vị, hệ thống thông tin): add and list units; add, import, list, show and
change systems.

Who may do what: units and inventory files are the province's register (admin, officer); a unit
officer adds and changes the systems of their own unit and sees only those; a viewer reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from secassess.app import visible
from secassess.app.actor import Actor, require_change, require_province
from secassess.errors import InputError
from secassess.messages import msg

if TYPE_CHECKING:
    from secassess.assessment.service import Assessment
    from secassess.inventory.importer import ImportSummary
    from secassess.inventory.service import System, Unit
    from secassess.workspace import Workspace


@dataclass(frozen=True)
class UnitEntry:
    """A unit and how many systems it owns."""

    unit: Unit
    systems: int


@dataclass(frozen=True)
class SystemFields:
    """What a person gives of a system. ``None``: not given (on a change: left as it is); an empty
    date clears it. ``unit`` is the owning unit's id as typed (any case)."""

    name: str | None = None
    unit: str | None = None
    level: int | None = None
    important: bool | None = None
    national_database: bool | None = None
    in_use: bool | None = None
    description: str | None = None
    owner: str | None = None
    contact: str | None = None
    hosting: str | None = None
    level_dossier_approved: str | None = None
    security_plan_approved: str | None = None

    def given(self) -> dict[str, Any]:
        """The fields given, by their inventory-file names (``SystemSpec``)."""
        out = {k: getattr(self, k) for k in ("name", "unit", "level", "important", "national_database", "in_use",
                                             "description", "owner", "contact", "hosting")
               if getattr(self, k) is not None}
        for k in ("level_dossier_approved", "security_plan_approved"):
            v = getattr(self, k)
            if v is not None:
                out[k] = v if v.strip() else None
        return out


@dataclass(frozen=True)
class SystemChanged:
    """A system as stored after a change, and ``{field: [old, new]}`` of what actually changed."""

    system: System
    changed: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SystemView:
    """A system, its unit and its assessments (newest first)."""

    system: System
    unit: Unit
    assessments: list[Assessment]


def add_unit(ws: Workspace, actor: Actor, unit_id: str, name: str, contact: str = "") -> Unit:
    """Add a unit (đơn vị) to the province's register (admin, officer)."""
    from secassess.inventory import service

    require_province(actor)
    with ws.write() as conn:
        return service.add_unit(conn, unit_id, name, contact)


def list_units(ws: Workspace, actor: Actor) -> list[UnitEntry]:
    """The units the actor may see, by id, with how many systems each owns."""
    from secassess.inventory import service

    seen = actor.visible_units()
    with ws.read() as conn:
        rows = service.list_units(conn)
    return [UnitEntry(u, n) for u, n in rows if seen is None or u.id in seen]


def add_system(ws: Workspace, actor: Actor, system_id: str, fields: SystemFields, *, targets: Sequence[str] = (),
               ports: Sequence[str] = ()) -> System:
    """Add a system to a unit the actor may change, with its authorised scan targets and ports."""
    from secassess.inventory import service

    data = {"id": system_id, **fields.given(), "targets": list(targets), "allowed_ports": list(ports)}
    with ws.write() as conn:
        if data.get("unit") is not None:
            data["unit"] = visible.unit_id(conn, actor, data["unit"], location="--unit")
            require_change(actor, data["unit"], msg("app.inventory.unit"), data["unit"])
        else:
            require_province(actor)  # the record is refused as incomplete below
        return service.add_system(conn, data)


def edit_system(ws: Workspace, actor: Actor, system_id: str, fields: SystemFields, *,
                add_targets: Sequence[str] = (), remove_targets: Sequence[str] = (),
                add_ports: Sequence[str] = (), remove_ports: Sequence[str] = ()) -> SystemChanged:
    """Change the fields given of a system, add or remove scan targets and ports; refuses removing one
    the system does not have, and a change that changes nothing was asked for."""
    from secassess.inventory import service
    from secassess.inventory.targets import parse_port, parse_target

    changes = fields.given()
    with ws.write() as conn:
        cur = visible.system(conn, actor, system_id)
        require_change(actor, cur.unit_id, msg("app.inventory.system"), system_id)
        if "unit" in changes:
            changes["unit"] = visible.unit_id(conn, actor, changes["unit"], location="--unit")
            require_change(actor, changes["unit"], msg("app.inventory.unit"), changes["unit"])
        if add_targets or remove_targets:
            remove = {parse_target(t).value for t in remove_targets}
            missing = sorted(remove - set(cur.targets))
            if missing:
                raise InputError(msg("app.inventory.system_has_no_target", t=", ".join(missing)))
            changes["targets"] = [t for t in cur.targets if t not in remove] + list(add_targets)
        if add_ports or remove_ports:
            remove = {parse_port(p) for p in remove_ports}
            missing = sorted(remove - set(cur.allowed_ports))
            if missing:
                raise InputError(msg("app.inventory.system_has_no_port", p=", ".join(missing)))
            changes["allowed_ports"] = [p for p in cur.allowed_ports if p not in remove] + list(add_ports)
        if not changes:
            raise InputError(msg("app.inventory.no_change_given_see_help"))
        system, diff = service.edit_system(conn, cur.id, changes)
    return SystemChanged(system, diff)


def import_inventory(ws: Workspace, actor: Actor, file: Path, *, dry_run: bool = False) -> ImportSummary:
    """Import units and systems from a YAML or CSV file, all or nothing (admin, officer): every row is
    checked first; existing records are updated with the fields the file gives. ``dry_run``: check and
    count, write nothing."""
    from secassess.inventory.importer import apply_inventory, load_inventory

    require_province(actor)
    inv = load_inventory(file, max_bytes=ws.config.limits.input_max_mb * 1024 * 1024)
    with ws.write(dry_run=dry_run) as conn:
        return apply_inventory(conn, inv)


def list_systems(ws: Workspace, actor: Actor, unit_id: str | None = None) -> list[System]:
    """The systems the actor may see (of one unit with ``unit_id``), by unit then id."""
    from secassess.inventory import service

    with ws.read() as conn:
        if unit_id is not None:
            unit_id = visible.unit(conn, actor, unit_id).id
        elif not actor.province_wide:
            unit_id = actor.unit or ""
        return service.list_systems(conn, unit_id)


def show_system(ws: Workspace, actor: Actor, system_id: str) -> SystemView:
    """A system the actor may see, with its unit and assessments."""
    from secassess.assessment.service import list_assessments
    from secassess.inventory.service import get_unit

    with ws.read() as conn:
        s = visible.system(conn, actor, system_id)
        return SystemView(s, get_unit(conn, s.unit_id), list_assessments(conn, system_id=s.id))
