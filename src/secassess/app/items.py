"""Remediation items in the browser (hạng mục khắc phục): a page of the items an actor may see, one item
with what the actor may do with it, a unit officer's update (status, note, evidence) through the
remediation use cases (``app.remediation``: the command line's rules, optimistic locking, history) with
its audit record, and the files attached to updates.

A unit officer sees and changes only their unit's items; a viewer reads; a province officer changes any
and accepts risks (a province step). The board's list and counts are ``app.remediation.page_items``; its
bulk export goes through ``app.remediation.export_items``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from secassess.app import visible
from secassess.app.actor import Actor
from secassess.app.audit import record
from secassess.errors import InputError, NotFoundError
from secassess.messages import msg

if TYPE_CHECKING:
    from secassess.app.remediation import ItemQuery
    from secassess.remediation.service import HistoryEntry, RemediationItem
    from secassess.workspace import Workspace

PAGE = 200
#: the formats of the register's bulk export: (file extension, media type, the use case's format)
EXPORTS: dict[str, tuple[str, str, str]] = {
    "csv": ("csv", "text/csv; charset=utf-8", "csv"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "oscal": ("oscal.json", "application/json", "oscal"),
}


@dataclass(frozen=True)
class ItemPage:
    item: RemediationItem
    history: list[HistoryEntry]
    advice: dict[str, str]
    targets: list[str]  # the statuses the actor may move it to now (empty: may not change it)
    can_change: bool
    can_accept_risk: bool  # a province officer, on an item whose risk may be accepted now


def item_page(ws: Workspace, actor: Actor, item_id: int) -> ItemPage:
    from secassess.app.remediation import show_item
    from secassess.remediation.rules import allowed_targets

    shown = show_item(ws, actor, item_id)
    change = actor.can_change(shown.item.unit_id)
    accept = actor.role in ("admin", "officer") and bool(allowed_targets(shown.item.status, "accept_risk"))
    return ItemPage(shown.item, shown.history, shown.advice,
                    allowed_targets(shown.item.status, "officer") if change else [], change, accept)


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


def accept_risk(ws: Workspace, actor: Actor, item_id: int, *, version: int, approver: str, reason: str,
                until: date, note: str = "") -> RemediationItem:
    """A province officer accepts an item's risk through ``until`` from the item's page, made from the
    ``version`` they saw (ConflictError when it changed since), with its audit record."""
    from secassess.app.remediation import RiskAcceptance
    from secassess.app.remediation import accept_risk as accept

    done = accept(ws, actor, item_id, RiskAcceptance(approver, reason, until, note or None), expect_version=version)
    last = done.change
    with ws.write() as conn:
        record(conn, actor, "item.accept_risk", kind="item", target=item_id, unit=done.item.unit_id,
               changes={**last.changes, **({"note": last.note} if last.note else {})})
    return done.item


def export_file(ws: Workspace, actor: Actor, query: ItemQuery, fmt: str) -> tuple[str, bytes, str]:
    """The register of the items matching ``query`` as a file to download (``fmt``: a key of
    :data:`EXPORTS`): its name, content and media type, through the export use case (the command line's
    ``remediation export``: the CSV formula guard, the validated OSCAL POA&M). An OSCAL POA&M is of one
    unit or system: a unit officer's is their unit's."""
    import tempfile
    from dataclasses import replace

    from secassess import clock
    from secassess.app.remediation import export_items

    if fmt not in EXPORTS:
        raise NotFoundError(msg("app.items.no_format", f=fmt))
    ext, media, use = EXPORTS[fmt]
    if use == "oscal" and query.unit_id is None and query.system_id is None and actor.unit is not None:
        query = replace(query, unit_id=actor.unit)
    scope = query.system_id or query.unit_id
    name = f"khac-phuc-{scope + '-' if scope else ''}{(query.as_of or clock.today()).isoformat()}.{ext}"
    with tempfile.TemporaryDirectory(prefix="secassess-export-") as tmp:
        out = Path(tmp) / f"export.{ext.rsplit('.', 1)[-1]}"
        export_items(ws, actor, query, out, use)
        return name, out.read_bytes(), media


def item_evidence(ws: Workspace, actor: Actor, item_id: int, history_id: int) -> tuple[str, bytes]:
    """A file attached to an item's update: its name and content (checked against its hash)."""
    from secassess.evidence.store import read_blob
    from secassess.remediation.service import history

    with ws.read() as conn:
        visible.item(conn, actor, item_id)
        entry = next((h for h in history(conn, item_id) if h.id == history_id and h.attachment_sha256), None)
    if entry is None or entry.attachment_sha256 is None:
        raise NotFoundError(msg("app.items.no", w=msg("app.items.evidence_file"), i=history_id))
    return entry.attachment_name or entry.attachment_sha256[:12], read_blob(ws.evidence_dir, entry.attachment_sha256)


def check_status(status: str | None) -> str | None:
    from secassess.remediation.rules import STATUSES

    if status and status not in STATUSES:
        raise InputError(msg("app.items.unknown_status", s=status), location="status")
    return status or None
