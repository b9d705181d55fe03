"""The audit log (nhật ký kiểm toán): every change made through the use cases of the web server and the
account commands is recorded in the same transaction as the change itself — who, with which role,
when, from which address, what was done to which record, and what changed. The administrator reads it
and exports it (CSV); nobody changes it.

Use cases call :func:`record` inside their ``ws.write()`` block; the edges never write it themselves.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, select

from secassess import clock
from secassess.app.actor import Actor, require_admin
from secassess.store.schema.audit import audit_log
from secassess.text import spreadsheet_text

if TYPE_CHECKING:
    from secassess.workspace import Workspace

PAGE = 100
EXPORT_MAX = 200_000


def record(conn: Connection, actor: Actor, action: str, *, kind: str = "", target: object = "",
           unit: str | None = None, changes: Mapping[str, Any] | None = None) -> None:
    """One row of the audit log, in the caller's transaction."""
    conn.execute(audit_log.insert().values(
        at=clock.now(), actor=actor.name, role=actor.role, address=actor.address or "", action=action,
        target_kind=kind, target_id=str(target)[:64], unit_id=unit, changes=dict(changes or {})))


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    role: str
    address: str
    action: str
    target_kind: str
    target_id: str
    unit_id: str | None
    changes: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "at": clock.local(self.at).isoformat(), "actor": self.actor, "role": self.role,
                "address": self.address, "action": self.action, "target_kind": self.target_kind,
                "target_id": self.target_id, "unit": self.unit_id, "changes": self.changes}


@dataclass(frozen=True)
class AuditFilter:
    actor: str | None = None
    action: str | None = None  # a prefix: "review" matches review.submit, review.return …
    unit: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _query(f: AuditFilter) -> Any:
    t = audit_log
    q = select(t)
    if f.actor:
        q = q.where(t.c.actor == f.actor)
    if f.action:
        q = q.where(t.c.action.startswith(f.action, autoescape=True))
    if f.unit:
        q = q.where(t.c.unit_id == f.unit)
    if f.since is not None:
        q = q.where(t.c.at >= f.since)
    if f.until is not None:
        q = q.where(t.c.at < f.until)
    return q


def _entry(r: Any) -> AuditEntry:
    return AuditEntry(r.id, r.at, r.actor, r.role, r.address, r.action, r.target_kind, r.target_id, r.unit_id,
                      dict(r.changes or {}))


def entries(ws: Workspace, actor: Actor, f: AuditFilter = AuditFilter(), *, page: int = 1
            ) -> tuple[list[AuditEntry], int]:
    """A page of the log, newest first, and how many entries match (administrator only)."""
    require_admin(actor)
    q = _query(f)
    with ws.read() as conn:
        total = int(conn.execute(select(func.count()).select_from(q.subquery())).scalar() or 0)
        rows = conn.execute(q.order_by(audit_log.c.id.desc()).limit(PAGE).offset(max(0, page - 1) * PAGE))
        return [_entry(r) for r in rows], total


def export_csv(ws: Workspace, actor: Actor, f: AuditFilter = AuditFilter()) -> bytes:
    """The matching entries, oldest first, as CSV (UTF-8 with a byte order mark for Excel; a cell a
    spreadsheet would run as a formula is kept as text). Administrator only; the export itself is logged."""
    require_admin(actor)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["id", "at", "actor", "role", "address", "action", "target_kind", "target_id", "unit", "changes"])
    import json

    with ws.write() as conn:
        for r in conn.execute(_query(f).order_by(audit_log.c.id).limit(EXPORT_MAX)):
            e = _entry(r)
            w.writerow([spreadsheet_text(str(x)) for x in (
                e.id, clock.local(e.at).isoformat(), e.actor, e.role, e.address, e.action, e.target_kind,
                e.target_id, e.unit_id or "", json.dumps(e.changes, ensure_ascii=False, default=str))])
        record(conn, actor, "audit.export", kind="audit_log",
               changes={"filter": {k: (v.isoformat() if isinstance(v, datetime) else v)
                                   for k, v in f.__dict__.items() if v}})
    return ("\ufeff" + out.getvalue()).encode("utf-8")
