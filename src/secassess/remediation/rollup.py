"""Remediation items read for a province-wide roll-up (the provincial report): the items that can be
open at a past date, and the history rows written since, to roll them back — each in one set-based
query of only the columns the figures need.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, literal, or_, select

from secassess.inventory.rollup import in_units
from secassess.store.schema.remediation import remediation_history, remediation_items


@dataclass(frozen=True)
class ItemRec:
    """A remediation item as it is now (``at`` dates are rolled back by the computation)."""

    id: int
    system_id: str
    control_id: str
    title: str  # in the language asked for
    severity: str
    status: str
    owner: str
    due_date: date | None
    risk_until: date | None
    opened_at: datetime


@dataclass(frozen=True)
class ItemChange:
    """One history row of an item: ``changes`` {field: [old, new]}."""

    id: int
    item_id: int
    at: datetime
    changes: dict[str, Any]


def items_open_since(conn: Connection, cutoff: datetime, since: datetime, lang: str | None,
                     unit_ids: Sequence[str] | None = None) -> list[ItemRec]:
    """The items opened before ``cutoff`` that can have been open at any moment from ``since`` on:
    all but those verified and untouched since then. Titles in ``lang`` (else Vietnamese, else the
    control id), picked by the database (no JSON parsed per item here); ``lang`` None: no titles
    (empty; for figures that only count)."""
    t = remediation_items
    title = (func.coalesce(t.c.title[lang].as_string(), t.c.title["vi"].as_string(), t.c.control_id)
             if lang is not None else literal(""))
    q = in_units(select(t.c.id, t.c.system_id, t.c.control_id, title.label("title"), t.c.severity, t.c.status,
                        t.c.owner, t.c.due_date, t.c.risk_until, t.c.opened_at)
                 .where(t.c.opened_at < cutoff, or_(t.c.status != "verified", t.c.updated_at >= since)),
                 t.c.system_id, unit_ids)
    return [ItemRec(r.id, r.system_id, r.control_id, r.title, r.severity, r.status, r.owner, r.due_date,
                    r.risk_until, r.opened_at) for r in conn.execute(q)]


def changes_since(conn: Connection, since: datetime, unit_ids: Sequence[str] | None = None) -> list[ItemChange]:
    """Every history row written at or after ``since`` (of the items of ``unit_ids``' systems)."""
    h, t = remediation_history, remediation_items
    q = in_units(select(h.c.id, h.c.item_id, h.c.at, h.c.changes).join(t, t.c.id == h.c.item_id)
                 .where(h.c.at >= since), t.c.system_id, unit_ids)
    return [ItemChange(r.id, r.item_id, r.at, dict(r.changes or {})) for r in conn.execute(q)]


def stamp(conn: Connection) -> tuple[Any, ...]:
    """What changes whenever a remediation item is opened or changed: each change raises its version and
    writes a history row (:mod:`secassess.register`)."""
    t, h = remediation_items, remediation_history
    items = conn.execute(select(func.count(), func.max(t.c.id), func.coalesce(func.sum(t.c.version), 0))).one()
    hist = conn.execute(select(func.count(), func.max(h.c.id))).one()
    return ("items", *items, *hist)
