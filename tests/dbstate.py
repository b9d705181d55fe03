"""What a test compares to show that a failed command changed nothing in the database, on either engine:
the bytes of the SQLite file, or — on PostgreSQL (``SECASSESS_DATABASE`` set by the ``engine`` fixture) —
every row of every table, JSON as stored. Not the id sequences: PostgreSQL never gives back a number an
insert took, even when its transaction rolls back (by design: a gap in ids, nothing else)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def state(ws: Path) -> Any:
    url = os.environ.get("SECASSESS_DATABASE")
    if not url:
        return (ws / "secassess.db").read_bytes()
    return dump(url)


def dump(url: str) -> dict[str, list[tuple[Any, ...]]]:
    from sqlalchemy import JSON, Text, cast, inspect, select, text

    from secassess.dburl import parse_url
    from secassess.store.db import make_engine
    from secassess.store.schema import metadata

    engine = make_engine(parse_url(url))
    out: dict[str, list[tuple[Any, ...]]] = {}
    try:
        with engine.connect() as conn:
            present = set(inspect(conn).get_table_names())
            for t in metadata.sorted_tables:
                if t.name not in present:  # an older schema
                    continue
                cols = [cast(c, Text) if isinstance(c.type, JSON) else c for c in t.columns]
                out[t.name] = [tuple(r) for r in conn.execute(select(*cols).order_by(*t.primary_key.columns))]
            out["alembic_version"] = [tuple(r) for r in conn.execute(text("SELECT version_num FROM alembic_version"))]
    finally:
        engine.dispose()
    return out


def rows(ws: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """The rows of one query with ``?`` parameters, on either engine; JSON, times and dates as text."""
    url = os.environ.get("SECASSESS_DATABASE")
    if not url:
        import sqlite3

        con = sqlite3.connect(ws / "secassess.db")
        try:
            return list(con.execute(sql, params))
        finally:
            con.close()
    import psycopg
    from psycopg.types.string import TextLoader

    from secassess.dburl import parse_url

    u = parse_url(url)
    with psycopg.connect(host=u.host, port=u.port, user=u.username, password=u.password, dbname=u.database) as pg:
        for name in ("json", "jsonb", "timestamp", "date"):  # as SQLite gives them: text
            pg.adapters.register_loader(name, TextLoader)
        query = sql.replace("%", "%%").replace("?", "%s")
        return [tuple(r) for r in pg.execute(query, params)]  # type: ignore[arg-type]
