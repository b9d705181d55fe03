"""Remediation items in the browser (hạng mục khắc phục): a page of the items an actor may see, one item
with what the actor may do with it, a unit officer's update (status, note, evidence) through the
remediation use cases (``app.remediation``: the command line's rules, optimistic locking, history) with
its audit record, and the files attached to updates.

A unit officer sees and changes only their unit's items; a viewer reads; a province officer changes any.
Risk acceptance stays a province step of the command line (and of issue #18's board).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from secassess.app import visible
from secassess.app.actor import Actor
from secassess.app.audit import record
from secassess.errors import InputError, NotFoundError
from secassess.i18n import tr

if TYPE_CHECKING:
    from secassess.remediation.service import HistoryEntry, RemediationItem
    from secassess.workspace import Workspace

PAGE = 200


def list_items(ws: Workspace, actor: Actor, *, statuses: list[str] | None = None, system_id: str | None = None,
               overdue_only: bool = False, page: int = 1) -> tuple[list[RemediationItem], int]:
    """A page (:data:`PAGE` items) of the items the actor may see (a unit officer: their unit's) matching the
    filters, in the order of ``remediation list``, and how many match in all (expired risk acceptances
    reopened first, as every remediation use case does)."""
    from secassess.app.remediation import reopen_expired
    from secassess.remediation.rules import UNCLOSED
    from secassess.remediation.service import page_items

    reopen_expired(ws, actor)
    with ws.read() as conn:
        if system_id:
            system_id = visible.system(conn, actor, system_id).id
        return page_items(conn, unit_id=None if actor.province_wide else (actor.unit or "\0"), system_id=system_id,
                          statuses=statuses or sorted(UNCLOSED), overdue_only=overdue_only, limit=PAGE,
                          offset=(max(1, page) - 1) * PAGE)


@dataclass(frozen=True)
class ItemPage:
    item: RemediationItem
    history: list[HistoryEntry]
    advice: dict[str, str]
    targets: list[str]  # the statuses the actor may move it to now (empty: may not change it)
    can_change: bool


def item_page(ws: Workspace, actor: Actor, item_id: int) -> ItemPage:
    from secassess.app.remediation import show_item
    from secassess.remediation.rules import allowed_targets

    shown = show_item(ws, actor, item_id)
    change = actor.can_change(shown.item.unit_id)
    return ItemPage(shown.item, shown.history, shown.advice,
                    allowed_targets(shown.item.status, "officer") if change else [], change)


def update_item(ws: Workspace, actor: Actor, item_id: int, *, version: int, status: str | None = None,
                note: str | None = None, evidence: Path | None = None) -> RemediationItem:
    """An update from the item's page, made from the ``version`` the person saw (ConflictError when the
    item changed since). ``evidence``: an uploaded file kept under its safe name. The audit log records
    it right after (the remediation use case owns its transaction)."""
    from secassess.app.remediation import ItemUpdate
    from secassess.app.remediation import update_item as update

    done = update(ws, actor, item_id, ItemUpdate(status=status or None, note=note, evidence=evidence),
                  expect_version=version)
    last = done.change
    with ws.write() as conn:
        record(conn, actor, "item.update", kind="item", target=item_id, unit=done.item.unit_id,
               changes={**last.changes, **({"note": last.note} if last.note else {}),
                        **({"file": last.attachment_name, "sha256": last.attachment_sha256}
                           if last.attachment_sha256 else {})})
    return done.item


def item_evidence(ws: Workspace, actor: Actor, item_id: int, history_id: int) -> tuple[str, bytes]:
    """A file attached to an item's update: its name and content (checked against its hash)."""
    from secassess.evidence.store import read_blob
    from secassess.remediation.service import history

    with ws.read() as conn:
        visible.item(conn, actor, item_id)
        entry = next((h for h in history(conn, item_id) if h.id == history_id and h.attachment_sha256), None)
    if entry is None or entry.attachment_sha256 is None:
        raise NotFoundError(tr("không có {w} “{i}”", "no {w} “{i}”", w=tr("tệp bằng chứng", "evidence file"),
                               i=history_id))
    return entry.attachment_name or entry.attachment_sha256[:12], read_blob(ws.evidence_dir, entry.attachment_sha256)


def check_status(status: str | None) -> str | None:
    from secassess.remediation.rules import STATUSES

    if status and status not in STATUSES:
        raise InputError(tr("trạng thái “{s}” không hợp lệ", "unknown status “{s}”", s=status), location="status")
    return status or None
