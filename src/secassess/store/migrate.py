"""Bring a workspace database to the current schema, safely. The same Alembic migrations on both
engines; what differs is when they run.

- A database at the current revision is used as is (checked without importing Alembic).
- **SQLite** (one officer's file): an older one is upgraded when the workspace opens — first copied
  aside as ``secassess.db.bak-<old revision>``, then upgraded in one transaction, then compacted when
  the upgrade freed much of it (SQLite keeps freed pages otherwise).
- **PostgreSQL** (a province's shared server): never changed silently. Opening an older (or empty)
  database says to run ``secassess db upgrade``, which upgrades it in one transaction holding the
  write lock (backups of a server are the administrator's: ``pg_dump`` first, docs/deployment.md).
- A database from a newer secassess (a revision we do not know) is refused on both.

Upgrading says what it does on stderr (a large province takes minutes). On SQLite migrations run with
foreign keys off — Alembic's batch mode copies a table that others refer to, and dropping the
original with foreign keys on would cascade — and every reference is checked before the transaction
commits; PostgreSQL checks them as it goes.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import OperationalError

from secassess.dburl import shown, sqlite_path
from secassess.errors import InputError
from secassess.messages import msg
from secassess.store.db import begin_write
from secassess.store.migrations import HEAD, REVISIONS

Status = Literal["current", "older", "empty", "newer"]


@dataclass(frozen=True)
class SchemaState:
    """Where a database's schema stands against this secassess."""

    revision: str | None  # None: no secassess schema yet
    head: str
    status: Status


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision; None when it has none yet. InputError when the database
    cannot be reached (a server down, a wrong password), naming it with the password hidden."""
    try:
        with engine.connect() as conn:
            try:
                return revision_on(conn)
            finally:
                conn.rollback()
    except OperationalError as exc:
        raise InputError(msg("store.migrate.cannot_connect_database", e=first_line(exc)), shown(engine)) from None


def revision_on(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return row[0] if row else None


def schema_state(engine: Engine) -> SchemaState:
    return state_of(current_revision(engine))


def state_of(rev: str | None) -> SchemaState:
    status: Status = ("empty" if rev is None else "current" if rev == HEAD else
                      "older" if rev in REVISIONS else "newer")
    return SchemaState(rev, HEAD, status)


def newer_error(rev: str, where: str) -> InputError:
    return InputError(msg("store.migrate.database_was_created_newer_secassess", r=rev), where)


def ensure_current(engine: Engine) -> None:
    """For a shared server: InputError unless the schema is this secassess's (the administrator
    upgrades it on purpose, with ``secassess db upgrade``)."""
    st = schema_state(engine)
    where = shown(engine)
    if st.status == "newer":
        raise newer_error(str(st.revision), where)
    if st.status == "empty":
        raise InputError(msg("store.migrate.database_has_no_secassess_schema"), where)
    if st.status == "older":
        raise InputError(msg("store.migrate.database_schema_secassess_needs_schema", r=st.revision, h=HEAD), where)


def upgrade(engine: Engine, db_path: Path | None = None, target: str = HEAD) -> str | None:
    """Upgrade to ``target``; return the revision we started from (None for a new database). A SQLite
    database is copied aside first (``db_path``: its file, by default the engine's)."""
    rev = current_revision(engine)
    if rev == target:
        return rev
    db_path = db_path or sqlite_path(engine.url)
    where = str(db_path) if db_path else shown(engine)
    if rev is not None and rev not in REVISIONS:
        raise newer_error(rev, where)
    if rev is not None and REVISIONS.index(rev) > REVISIONS.index(target):
        raise InputError(msg("store.migrate.cannot_downgrade_database_schema"), where)
    if rev is not None and db_path is not None:
        dest = db_path.with_name(f"{db_path.name}.bak-{rev}")
        _say(msg("store.migrate.upgrading_database_from_schema_backup", f=db_path, a=rev, b=target, d=dest.name))
        backup(db_path, dest)
    elif db_path is None:
        _say(msg("store.migrate.upgrading_database_from_schema", f=where, a=rev or msg("store.migrate.empty"), b=target))
    _run_alembic(engine, target, where)
    if rev is not None and db_path is not None:
        compact(db_path)
    return rev


def backup(src: Path, dest: Path) -> None:
    """Copy a live SQLite database consistently (includes what is still in the WAL)."""
    tmp = dest.with_name(dest.name + ".tmp")
    s, d = sqlite3.connect(src), sqlite3.connect(tmp)
    try:
        s.backup(d)
    finally:
        d.close()
        s.close()
    shutil.move(tmp, dest)
    dest.chmod(0o600)


def compact(db_path: Path, threshold: float = 0.25) -> None:
    """VACUUM a SQLite database when more than ``threshold`` of its pages are free (after an
    upgrade that moved data out of a large table)."""
    con = sqlite3.connect(db_path, isolation_level=None)
    try:
        free = con.execute("PRAGMA freelist_count").fetchone()[0]
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        if pages and free > threshold * pages:
            _say(msg("store.migrate.compacting_database_mb_unused", a=free * con.execute("PRAGMA page_size").fetchone()[0] // 1_000_000))
            con.execute("VACUUM")
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error as exc:  # e.g. no room for the copy VACUUM makes: the upgraded database works as is
        _say(msg("store.migrate.could_not_compact_database_works", e=exc))
    finally:
        con.close()


def _run_alembic(engine: Engine, target: str, where: str, *, downgrade: bool = False) -> None:
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":  # before the transaction begins: the pragma is a no-op inside one
            conn.connection.dbapi_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        # one transaction, ours (Alembic joins it), holding the write lock: the references are checked
        # before it commits
        with begin_write(conn):
            migrate_on(conn, target, where, downgrade=downgrade)


def migrate_on(conn: Connection, target: str, where: str, *, downgrade: bool = False) -> None:
    """Run the migrations to ``target`` inside the write transaction open on ``conn``; on SQLite,
    InputError (and so a rollback) when a row then refers to one that does not exist."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    cfg.attributes["connection"] = conn
    (command.downgrade if downgrade else command.upgrade)(cfg, target)
    if conn.dialect.name == "sqlite":
        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise InputError(msg("store.migrate.schema_upgrade_was_cancelled_database", n=len(broken), t=", ".join(sorted({str(b[0]) for b in broken}))), where)


def downgrade(engine: Engine, db_path: Path | None, target: str) -> None:
    """Bring the schema back to an older revision (for tests of the upgrades; secassess itself never
    downgrades a workspace). No backup is made."""
    _run_alembic(engine, target, str(db_path) if db_path else shown(engine), downgrade=True)


def first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(orig).splitlines() if line.strip()]
    return lines[0] if lines else type(orig).__name__


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
