"""Records found by id within what an actor may see (phạm vi), inside the caller's transaction.

A province-wide actor (admin, officer, viewer) is told what the domain says of an id that does not
exist — with the closest ids as suggestions (:mod:`secassess.ids`). A unit officer is told only "no
such record", the same words for an id that does not exist and for another unit's record
(:func:`~secassess.app.actor.require_see`), so nothing tells them which ids exist elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from secassess.app.actor import Actor, require_see
from secassess.errors import InputError, NotFoundError
from secassess.messages import msg

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from secassess.assessment.service import Assessment
    from secassess.evidence.store import Attachment
    from secassess.inventory.service import System, Unit
    from secassess.remediation.service import RemediationItem

T = TypeVar("T")


def _found(actor: Actor, what: str, ident: object, load: Callable[[], T]) -> T:
    try:
        return load()
    except NotFoundError:
        if actor.province_wide:
            raise
        raise NotFoundError(msg("app.visible.no", w=what, i=ident)) from None
    except InputError as exc:  # a missing id is "not found" (the web answers 404), in the domain's words
        if actor.province_wide:
            raise NotFoundError(exc.message, exc.file, exc.location, exc.problems) from None
        raise NotFoundError(msg("app.visible.no", w=what, i=ident)) from None


def unit(conn: Connection, actor: Actor, unit_id: str) -> Unit:
    """The unit (any case of its id), if the actor may see it."""
    from secassess.inventory.service import get_unit

    what = msg("app.visible.unit")
    found = _found(actor, what, unit_id, lambda: get_unit(conn, unit_id))
    require_see(actor, found.id, what, unit_id)
    return found


def unit_id(conn: Connection, actor: Actor, given: str, *, location: str | None = None) -> str:
    """The stored id of the unit typed as ``given``, if the actor may see it (``--unit`` options)."""
    from secassess.inventory.service import unit_id_of

    what = msg("app.visible.unit")
    found = _found(actor, what, given, lambda: unit_id_of(conn, given, location=location))
    require_see(actor, found, what, given)
    return found


def system(conn: Connection, actor: Actor, system_id: str) -> System:
    """The system (any case of its id), if the actor may see it."""
    from secassess.inventory.service import get_system

    what = msg("app.visible.system")
    found = _found(actor, what, system_id, lambda: get_system(conn, system_id))
    require_see(actor, found.unit_id, what, system_id)
    return found


def system_id(conn: Connection, actor: Actor, given: str, *, location: str | None = None) -> str:
    """The stored id of the system typed as ``given``, if the actor may see it (``--system`` options)."""
    from secassess.inventory.service import system_id_of

    what = msg("app.visible.system")
    found = _found(actor, what, given, lambda: system_id_of(conn, given, location=location))
    if not actor.province_wide:
        from secassess.inventory.service import get_system

        require_see(actor, get_system(conn, found).unit_id, what, given)
    return found


def assessment(conn: Connection, actor: Actor, assessment_id: int) -> tuple[Assessment, System]:
    """The assessment and its system, if the actor may see them."""
    from secassess.assessment.service import load_assessment
    from secassess.inventory.service import get_system

    what = msg("app.visible.assessment")
    a = _found(actor, what, assessment_id, lambda: load_assessment(conn, assessment_id))
    s = get_system(conn, a.system_id)
    require_see(actor, s.unit_id, what, assessment_id)
    return a, s


def attachment(conn: Connection, actor: Actor, attachment_id: int) -> tuple[Attachment, Assessment, System]:
    """An evidence file of an assessment the actor may see (told missing, as a missing id, otherwise)."""
    from secassess.evidence.store import get_attachment

    what = msg("app.visible.evidence_file")
    att = get_attachment(conn, attachment_id)
    if att is None:
        raise NotFoundError(msg("app.visible.no", w=what, i=attachment_id))
    try:
        a, s = assessment(conn, actor, att.assessment_id)
    except NotFoundError:
        raise NotFoundError(msg("app.visible.no", w=what, i=attachment_id)) from None
    return att, a, s


def item(conn: Connection, actor: Actor, item_id: int) -> RemediationItem:
    """A remediation item of a system the actor may see (told as a missing item otherwise)."""
    from secassess.remediation.service import get_item, item_not_found

    found = get_item(conn, item_id)
    if not actor.can_see(found.unit_id):
        raise item_not_found(item_id)
    return found
