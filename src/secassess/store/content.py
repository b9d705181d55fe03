"""Content stored once, by digest: the resolved controls that result rows refer to and the profile
snapshots that assessments refer to (``store/schema/assessment.py``).

A content row is a JSON document with the SHA-256 of its JSON text (:func:`digest`). It is written
once, the first time an assessment resolves to that content, and never changed or deleted
afterwards, so every assessment that refers to it keeps exactly what it resolved to, whatever
happens to the catalog files later. Assessments that resolved to the same content share the row.

The digest covers the document as :func:`canonical_text` writes it — keys in their own order, so a
catalog that reorders its references gets a new row rather than the old order. It is part of the
stored format: changing it would not break old data, but equal contents would stop being shared.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Table, select

if TYPE_CHECKING:
    from sqlalchemy.sql.dml import Insert

CHUNK = 500  # digests per lookup query (well under every engine's bound-parameter limit)


def canonical_text(value: Any) -> str:
    """The JSON text a digest is taken of: compact, UTF-8 as is, keys in the document's order."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def digest(value: Any) -> str:
    """The content address of a JSON document (64 hex characters)."""
    return hashlib.sha256(canonical_text(value).encode("utf-8")).hexdigest()


def _insert_missing(conn: Connection, table: Table) -> Insert:
    """An INSERT that skips rows whose digest is already stored (two writers may race on PostgreSQL;
    SQLite serialises writers, and any other engine falls back to a plain INSERT after the lookup)."""
    # each dialect's module is imported when used: importing PostgreSQL's costs a command reading a
    # SQLite workspace about 20 ms
    name = conn.dialect.name
    if name == "sqlite":
        from sqlalchemy.dialects import sqlite

        return sqlite.insert(table).on_conflict_do_nothing(index_elements=["digest"])
    if name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table).on_conflict_do_nothing(index_elements=["digest"])
    return table.insert()


def store(conn: Connection, table: Table, values: Sequence[Any]) -> list[int]:
    """Store each JSON document of ``values`` unless its content is already there; return the id of
    each one's row, in order. ``table`` has the columns ``id``, ``digest`` and ``content``."""
    digests = [digest(v) for v in values]
    ids = _lookup(conn, table, digests)
    missing = {d: v for d, v in zip(digests, values, strict=True) if d not in ids}
    if missing:
        conn.execute(_insert_missing(conn, table), [{"digest": d, "content": v} for d, v in missing.items()])
        ids.update(_lookup(conn, table, list(missing)))
    return [ids[d] for d in digests]


def _lookup(conn: Connection, table: Table, digests: Sequence[str]) -> dict[str, int]:
    wanted = sorted(set(digests))
    found: dict[str, int] = {}
    for i in range(0, len(wanted), CHUNK):
        q = select(table.c.digest, table.c.id).where(table.c.digest.in_(wanted[i:i + CHUNK]))
        found.update({d: int(n) for d, n in conn.execute(q)})
    return found
