"""The database engine — the one place that makes one. Two engines, the same tables and migrations:

- **SQLite**, the embedded default: the workspace's ``secassess.db`` (WAL, foreign keys on). Reads
  begin with BEGIN, writes with BEGIN IMMEDIATE, so two writers queue instead of failing.
- **PostgreSQL** (psycopg 3), the province's shared server: ``postgresql+psycopg://user@host/db``.
  Writes run at READ COMMITTED and first take one transaction-scoped advisory lock, so writers queue
  exactly as on SQLite (each statement after the lock sees every earlier writer's commit) while
  readers never wait; reads run at REPEATABLE READ, READ ONLY: one consistent snapshot, as SQLite's
  read transaction gives. Changes that span two transactions (a form read, then saved) keep the
  optimistic lock they already have (``version`` columns, :mod:`secassess.register`).

  Why not SERIALIZABLE: it would turn every concurrent write into a serialization failure that the
  caller must retry by running the whole transaction again — a ``with ws.write()`` block cannot be
  re-run — while serialised writers give the same guarantee with no retry. The cost is that writes
  to one database queue one after another, which is what a province's workload (short transactions:
  an answer, an item update) and SQLite already do.

Only Core SQL runs outside this module and the migrations: nothing engine-specific elsewhere.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, RootTransaction
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from secassess.dburl import sqlite_path, sqlite_url
from secassess.errors import InputError
from secassess.messages import msg

BUSY_TIMEOUT_MS = 10_000
# pg_advisory_xact_lock key held by every write transaction (any number would do: per database)
WRITE_LOCK_KEY = 0x5EC_A55E55
# a PostgreSQL connection pool per process: a command uses one connection; a server worker serves a few
# requests at once. Connections are checked before use (a server restarted at night) and renewed hourly.
POOL_SIZE = 5
POOL_MAX_OVERFLOW = 5
CONNECT_TIMEOUT_S = 10


# --------------------------------------------------------------------------- engines


def make_engine(target: Path | URL) -> Engine:
    """An engine for a workspace database: a SQLite file (a path, or a ``sqlite`` URL) or a PostgreSQL
    URL from :func:`secassess.dburl.parse_url`."""
    if isinstance(target, Path):
        return _sqlite_engine(target)
    path = sqlite_path(target)
    if path is not None:
        return _sqlite_engine(path)
    return _postgresql_engine(target)


def _sqlite_engine(path: Path) -> Engine:
    engine = create_engine(sqlite_url(path), poolclass=NullPool)

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
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("secassess_write") else "BEGIN")

    return engine


def _postgresql_engine(url: URL) -> Engine:
    return create_engine(
        url, pool_size=POOL_SIZE, max_overflow=POOL_MAX_OVERFLOW, pool_pre_ping=True, pool_recycle=3600,
        isolation_level="READ COMMITTED",
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "secassess"})


# --------------------------------------------------------------------------- transactions


@contextlib.contextmanager
def read(engine: Engine) -> Iterator[Connection]:
    """A read transaction: one consistent snapshot (PostgreSQL: REPEATABLE READ, READ ONLY)."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        with conn.begin():
            yield conn


@contextlib.contextmanager
def write(engine: Engine, *, dry_run: bool = False) -> Iterator[Connection]:
    """A write transaction: all or nothing, writers one at a time (SQLite: BEGIN IMMEDIATE;
    PostgreSQL: the write lock, see the module's docstring). With ``dry_run`` everything is done and
    checked, then rolled back."""
    with engine.connect() as conn:
        trans = begin_write(conn)
        try:
            yield conn
        except BaseException:
            trans.rollback()
            raise
        if dry_run:
            trans.rollback()
        else:
            trans.commit()


def begin_write(conn: Connection) -> RootTransaction:
    """Begin a write transaction on ``conn`` (none open yet) and take the write lock, waiting for the
    writer before us at most :data:`BUSY_TIMEOUT_MS` (then InputError: busy, try again)."""
    conn.execution_options(secassess_write=True)
    try:
        trans = conn.begin()
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{BUSY_TIMEOUT_MS}ms'")
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
            conn.exec_driver_sql("SET LOCAL lock_timeout TO DEFAULT")
    except OperationalError as exc:
        if conn.in_transaction():
            conn.rollback()
        if not _is_busy(exc):
            raise
        raise InputError(msg("store.db.database_busy_writing_another_change", s=BUSY_TIMEOUT_MS // 1000)) from None
    return trans


def _is_busy(exc: OperationalError) -> bool:
    orig = exc.orig
    if isinstance(orig, sqlite3.OperationalError):
        return "locked" in str(orig) or "busy" in str(orig)
    return getattr(orig, "sqlstate", None) == "55P03"  # PostgreSQL: lock_not_available


# --------------------------------------------------------------------------- what a database is


@dataclass(frozen=True)
class ServerInfo:
    """What a database is, for ``db status`` and the checks before its schema is written."""

    engine: str  # sqlite | postgresql
    version: str
    encoding: str
    collation: str

    @property
    def byte_order(self) -> bool:
        """Whether text sorts by code point, as SQLite does (PostgreSQL's C collation): lists ordered by
        the database (units, systems) then come out in the same order on both engines."""
        return self.engine == "sqlite" or self.collation in ("C", "POSIX", "C.UTF-8", "C.utf8", "ucs_basic")

    def to_dict(self) -> dict[str, Any]:
        return {"engine": self.engine, "version": self.version, "encoding": self.encoding,
                "collation": self.collation, "byte_order": self.byte_order}


def server_info(conn: Connection) -> ServerInfo:
    if conn.dialect.name == "sqlite":
        enc = conn.exec_driver_sql("PRAGMA encoding").scalar()
        return ServerInfo("sqlite", sqlite3.sqlite_version, str(enc), "BINARY")
    version = conn.exec_driver_sql("SHOW server_version").scalar()
    row = conn.exec_driver_sql("SELECT pg_encoding_to_char(encoding), datcollate FROM pg_database "
                               "WHERE datname = current_database()").one()
    return ServerInfo("postgresql", str(version), str(row[0]), str(row[1]))


def check_server(info: ServerInfo, where: str) -> list[str]:
    """Before secassess writes to a server database: InputError when it cannot hold Vietnamese text
    (an encoding other than UTF-8); the warnings to show otherwise."""
    if info.engine == "postgresql" and info.encoding.upper() not in ("UTF8", "UTF-8"):
        raise InputError(msg("store.db.database_uses_encoding_which_cannot", e=info.encoding), where)
    if not info.byte_order:
        return [msg("store.db.database_sorts_text_lists_units", c=info.collation)]
    return []
