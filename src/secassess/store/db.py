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
from sqlalchemy.engine import URL, RootTransaction, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.pool import NullPool

from secassess.errors import InputError
from secassess.i18n import tr

BUSY_TIMEOUT_MS = 10_000
# pg_advisory_xact_lock key held by every write transaction (any number would do: per database)
WRITE_LOCK_KEY = 0x5EC_A55E55
# a PostgreSQL connection pool per process: a command uses one connection; a server worker serves a few
# requests at once. Connections are checked before use (a server restarted at night) and renewed hourly.
POOL_SIZE = 5
POOL_MAX_OVERFLOW = 5
CONNECT_TIMEOUT_S = 10
PG_DRIVER = "postgresql+psycopg"
_PG_NAMES = {"postgresql", "postgres", "postgresql+psycopg"}
_SQLITE_NAMES = {"sqlite", "sqlite+pysqlite"}


# --------------------------------------------------------------------------- URLs


def parse_url(text: str, *, where: str = "--database", base: Path | None = None) -> URL:
    """A database URL as secassess accepts it: ``postgresql+psycopg://…`` (``postgresql://`` and
    ``postgres://`` mean the same: psycopg 3 is the driver), or ``sqlite:///PATH`` (a relative path is
    relative to ``base``). InputError naming ``where`` for anything else."""
    raw = text.strip()
    if raw.startswith("postgres://"):
        raw = "postgresql://" + raw.removeprefix("postgres://")
    try:
        url = make_url(raw)
    except ArgumentError:
        raise InputError(tr("địa chỉ cơ sở dữ liệu không hợp lệ; dạng đúng: postgresql+psycopg://NGƯỜI_DÙNG@MÁY/TÊN_CSDL",
                            "not a database URL; expected postgresql+psycopg://USER@HOST/DATABASE"),
                         location=where) from None
    if url.drivername in _PG_NAMES:
        if not url.database:
            raise InputError(tr("địa chỉ PostgreSQL thiếu tên cơ sở dữ liệu (…/TÊN_CSDL)",
                                "the PostgreSQL URL names no database (…/DATABASE)"), location=where)
        return url.set(drivername=PG_DRIVER)
    if url.drivername in _SQLITE_NAMES:
        if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
            raise InputError(tr("địa chỉ SQLite phải chỉ tới một tệp: sqlite:///ĐƯỜNG_DẪN",
                                "a SQLite URL must name a file: sqlite:///PATH"), location=where)
        path = Path(url.database).expanduser()
        if not path.is_absolute() and base is not None:
            path = base / path
        return sqlite_url(path)
    raise InputError(tr("không hỗ trợ cơ sở dữ liệu “{d}”; dùng postgresql+psycopg://… (PostgreSQL) hoặc "
                        "sqlite:///… (SQLite)",
                        "unsupported database “{d}”; use postgresql+psycopg://… (PostgreSQL) or sqlite:///… (SQLite)",
                        d=url.drivername), location=where)


def sqlite_url(path: Path) -> URL:
    return URL.create("sqlite+pysqlite", database=str(path.resolve()))


def sqlite_path(url: URL) -> Path | None:
    """The file of a SQLite URL; None for a server database."""
    return Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None


def shown(url: URL | Engine) -> str:
    """A URL to print: the password hidden, wherever it was given (``user:pw@`` or ``?password=``)."""
    if isinstance(url, Engine):
        url = url.url
    if "password" in url.query:
        url = url.update_query_dict({"password": "***"})
    return url.render_as_string(hide_password=True)


def without_password(url: URL) -> str:
    """A URL to write in secassess.yaml: no password at all."""
    query = {k: v for k, v in url.query.items() if k != "password"}
    bare = URL.create(url.drivername, url.username, None, url.host, url.port, url.database, query)
    return bare.render_as_string(hide_password=False)


def same_database(a: URL, b: URL) -> bool:
    """Whether two URLs name the same database (host, port, database, or the same SQLite file)."""
    pa, pb = sqlite_path(a), sqlite_path(b)
    if pa is not None or pb is not None:
        return pa is not None and pb is not None and pa.resolve() == pb.resolve()
    return ((a.host or "", a.port or 5432, a.database, a.query.get("host")) ==
            (b.host or "", b.port or 5432, b.database, b.query.get("host")))


# --------------------------------------------------------------------------- engines


def make_engine(target: Path | URL) -> Engine:
    """An engine for a workspace database: a SQLite file (a path, or a ``sqlite`` URL) or a PostgreSQL
    URL from :func:`parse_url`."""
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
        raise InputError(tr("cơ sở dữ liệu đang bận ghi một thay đổi khác (đã chờ {s} giây); hãy chạy lại lệnh",
                            "the database is busy writing another change (waited {s} seconds); run the command "
                            "again", s=BUSY_TIMEOUT_MS // 1000)) from None
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
        raise InputError(tr("cơ sở dữ liệu dùng bảng mã {e}, không lưu được tiếng Việt; tạo lại với ENCODING 'UTF8' "
                            "(docs/deployment.md)",
                            "the database uses the encoding {e}, which cannot hold Vietnamese; create it with "
                            "ENCODING 'UTF8' (docs/deployment.md)", e=info.encoding), where)
    if not info.byte_order:
        return [tr("cơ sở dữ liệu sắp xếp chữ theo {c}: danh sách đơn vị, hệ thống có thể theo thứ tự khác với "
                   "SQLite; nên tạo với LOCALE 'C' (docs/deployment.md)",
                   "the database sorts text by {c}: lists of units and systems may come in another order than on "
                   "SQLite; create it with LOCALE 'C' (docs/deployment.md)", c=info.collation)]
    return []
