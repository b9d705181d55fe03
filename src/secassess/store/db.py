"""The database engine: SQLite in the workspace (WAL, foreign keys on), written so that a
PostgreSQL URL can replace it later (Core SQL only, no SQLite-only statements outside here)."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import NullPool

BUSY_TIMEOUT_MS = 10_000


def make_engine(path: Path) -> Engine:
    """An engine for the workspace database. Transactions start with BEGIN (reads) or
    BEGIN IMMEDIATE (writes, see :func:`write`), so two writers queue instead of failing."""
    engine = create_engine(f"sqlite+pysqlite:///{path}", poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


@contextlib.contextmanager
def read(engine: Engine) -> Iterator[Connection]:
    """A read transaction (consistent snapshot)."""
    with engine.connect() as conn, conn.begin():
        yield conn


@contextlib.contextmanager
def write(engine: Engine, *, dry_run: bool = False) -> Iterator[Connection]:
    """A write transaction: all or nothing. Takes the write lock at once (BEGIN IMMEDIATE).
    With ``dry_run`` everything is done and checked, then rolled back."""
    with engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn:
        trans = conn.begin()
        try:
            yield conn
        except BaseException:
            trans.rollback()
            raise
        if dry_run:
            trans.rollback()
        else:
            trans.commit()
