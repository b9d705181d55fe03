"""Records found by id within what an actor may see (phạm vi): a record of another unit is told to
be missing exactly as one that does not exist — the same message, so the web's 404 tells an outsider
nothing about which ids exist. Every use case that takes an id from the web goes through here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection

from secassess.app.actor import Actor, require_see
from secassess.errors import InputError, NotFoundError
from secassess.i18n import tr

if TYPE_CHECKING:
    from secassess.assessment.service import Assessment
    from secassess.evidence.store import Attachment
    from secassess.inventory.service import System
    from secassess.remediation.service import RemediationItem


def _missing(what: str, ident: object) -> NotFoundError:
    return NotFoundError(tr("không có {w} “{i}”", "no {w} “{i}”", w=what, i=ident))


def assessment(conn: Connection, actor: Actor, assessment_id: int) -> tuple[Assessment, System]:
    """The assessment and its system, if the actor may see them."""
    from secassess.assessment.service import load_assessment
    from secassess.inventory.service import get_system

    what = tr("đợt đánh giá", "assessment")
    try:
        a = load_assessment(conn, assessment_id)
    except InputError:
        raise _missing(what, assessment_id) from None
    system = get_system(conn, a.system_id)
    require_see(actor, system.unit_id, what, assessment_id)
    return a, system


def system(conn: Connection, actor: Actor, system_id: str) -> System:
    from secassess.inventory.service import get_system

    what = tr("hệ thống", "system")
    try:
        found = get_system(conn, system_id)
    except InputError:
        raise _missing(what, system_id) from None
    require_see(actor, found.unit_id, what, system_id)
    return found


def attachment(conn: Connection, actor: Actor, attachment_id: int) -> tuple[Attachment, Assessment, System]:
    """An evidence file of an assessment the actor may see."""
    from secassess.evidence.store import get_attachment

    what = tr("tệp bằng chứng", "evidence file")
    att = get_attachment(conn, attachment_id)
    if att is None:
        raise _missing(what, attachment_id)
    try:
        a, s = assessment(conn, actor, att.assessment_id)
    except NotFoundError:
        raise _missing(what, attachment_id) from None
    return att, a, s


def item(conn: Connection, actor: Actor, item_id: int) -> RemediationItem:
    """A remediation item of a system the actor may see."""
    from secassess.remediation.service import get_item

    what = tr("hạng mục khắc phục", "remediation item")
    try:
        found = get_item(conn, item_id)
    except InputError:
        raise _missing(what, item_id) from None
    require_see(actor, found.unit_id, what, item_id)
    return found
