"""What the registers' use cases (remediation items, incidents: records officers change by hand) are
limited to, for an actor: the unit and system a listing asks for (found through
:mod:`secassess.app.visible`, so a unit officer naming another unit's unit or system is told it does
not exist), and the records they may see or change.

A record of another unit is refused with the very words the domain uses for a record that does not
exist (``remediation.service.item_not_found``…), so a unit officer cannot tell one from the other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import select

from secassess import ids
from secassess.app import visible
from secassess.app.actor import Actor, require_change
from secassess.errors import InputError, NotFoundError
from secassess.i18n import tr

if TYPE_CHECKING:
    from sqlalchemy import Connection


def listing_scope(conn: Connection, actor: Actor, unit_id: str | None = None,
                  system_id: str | None = None) -> tuple[str | None, str | None]:
    """The unit (``--unit``) and system (``--system``) a listing is limited to, as stored (an id typed
    in another case is accepted when it names exactly one); each must exist and be visible to the
    actor (:class:`NotFoundError` otherwise)."""
    if unit_id is not None:
        unit_id = visible.unit_id(conn, actor, unit_id, location="--unit")
    if system_id is not None:
        system_id = visible.system_id(conn, actor, system_id, location="--system")
    return unit_id, system_id


def unit_of_system(conn: Connection, system_id: str) -> str:
    """The unit owning the system ``system_id`` (as stored)."""
    from secassess.store.schema.inventory import systems

    unit: str = conn.execute(select(systems.c.unit_id).where(systems.c.id == system_id)).scalar_one()
    return unit


def check_see(actor: Actor, unit_id: str, not_found: Callable[[], InputError]) -> None:
    """A record of a unit the actor may not see is refused as one that does not exist (``not_found``:
    the error the domain raises for a missing record)."""
    if not actor.can_see(unit_id):
        error = not_found()
        raise error if isinstance(error, NotFoundError) else NotFoundError(error.message, error.file,
                                                                           error.location, error.problems)


def check_role(actor: Actor, unit_id: str) -> None:
    """The actor's role lets them change the records of ``unit_id``, a unit they may see (a viewer's
    may not): :class:`~secassess.errors.ForbiddenError` otherwise."""
    require_change(actor, unit_id, tr(*ids.UNIT), unit_id)


def check_change(actor: Actor, unit_id: str, not_found: Callable[[], InputError]) -> None:
    """A change of a record of ``unit_id``: another unit's record is not found; a viewer is refused."""
    check_see(actor, unit_id, not_found)
    check_role(actor, unit_id)
