"""Which units and systems an actor's request is limited to (phạm vi), as the registers' use cases
(remediation items, incidents) and the reports read them.

An id typed in another case is accepted when it names exactly one record the actor may see; a unit
officer naming another unit's unit or system is told it does not exist, exactly as for an id that
does not exist at all, and the closest ids suggested are only ones they may see.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import select

from secassess import ids
from secassess.app.actor import Actor, require_change
from secassess.errors import InputError, NotFoundError
from secassess.i18n import tr

if TYPE_CHECKING:
    from sqlalchemy import Connection


def _not_found(exc: InputError) -> NotFoundError:
    return NotFoundError(exc.message, exc.file, exc.location, exc.problems)


def unit_in_scope(conn: Connection, actor: Actor, given: str, *, location: str | None = None) -> str:
    """The stored id of the unit ``given`` names, among those the actor may see."""
    from secassess.inventory.service import unit_exists, unit_id_of

    try:
        if actor.province_wide:
            return unit_id_of(conn, given, location=location)
        visible = [u for u in sorted(actor.visible_units() or ()) if unit_exists(conn, u)]
        return ids.resolve(given, visible, ids.UNIT, location=location)
    except NotFoundError:
        raise
    except InputError as exc:
        raise _not_found(exc) from None


def system_in_scope(conn: Connection, actor: Actor, given: str, *, location: str | None = None) -> str:
    """The stored id of the system ``given`` names, among those the actor may see."""
    from secassess.inventory.service import system_id_of
    from secassess.store.schema.inventory import systems

    try:
        if actor.province_wide:
            return system_id_of(conn, given, location=location)
        visible = conn.execute(select(systems.c.id)
                               .where(systems.c.unit_id.in_(sorted(actor.visible_units() or ())))).scalars()
        return ids.resolve(given, list(visible), ids.SYSTEM, listing="secassess system list", location=location)
    except NotFoundError:
        raise
    except InputError as exc:
        raise _not_found(exc) from None


def scope(conn: Connection, actor: Actor, unit_id: str | None = None,
          system_id: str | None = None) -> tuple[str | None, str | None]:
    """The unit (``--unit``) and system (``--system``) a listing is limited to, as stored; each must
    exist and be visible to the actor (:class:`NotFoundError` otherwise)."""
    if unit_id is not None:
        unit_id = unit_in_scope(conn, actor, unit_id, location="--unit")
    if system_id is not None:
        system_id = system_in_scope(conn, actor, system_id, location="--system")
    return unit_id, system_id


def unit_of_system(conn: Connection, system_id: str) -> str:
    from secassess.store.schema.inventory import systems

    unit: str = conn.execute(select(systems.c.unit_id).where(systems.c.id == system_id)).scalar_one()
    return unit


def check_see(actor: Actor, unit_id: str, not_found: Callable[[], InputError]) -> None:
    """A record of a unit the actor may not see is refused exactly as one that does not exist
    (``not_found``: the error the domain raises for a missing record)."""
    if not actor.can_see(unit_id):
        error = not_found()
        raise error if isinstance(error, NotFoundError) else _not_found(error)


def check_change(actor: Actor, unit_id: str, not_found: Callable[[], InputError]) -> None:
    """A change the actor may not make: another unit's record is not found; a viewer is refused."""
    check_see(actor, unit_id, not_found)
    check_role(actor, unit_id)


def check_role(actor: Actor, unit_id: str) -> None:
    """The actor's role lets them change the records of ``unit_id``, a unit they may see (a viewer's
    may not): :class:`ForbiddenError` otherwise."""
    require_change(actor, unit_id, tr(*ids.UNIT), unit_id)
