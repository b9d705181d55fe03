"""Database URLs (địa chỉ cơ sở dữ liệu): which ones secassess accepts — PostgreSQL through psycopg 3, or
a SQLite file — and how one is shown (never with its password). The ground floor: the configuration
checks ``database:`` with it; ``store.db`` makes engines from what it returns."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from secassess.errors import InputError
from secassess.messages import msg

PG_DRIVER = "postgresql+psycopg"
_PG_NAMES = {"postgresql", "postgres", "postgresql+psycopg"}
_SQLITE_NAMES = {"sqlite", "sqlite+pysqlite"}


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
        raise InputError(msg("dburl.not_database_url_expected_postgresql"),
                         location=where) from None
    if url.drivername in _PG_NAMES:
        if not url.database:
            raise InputError(msg("dburl.postgresql_url_names_no_database"), location=where)
        return url.set(drivername=PG_DRIVER)
    if url.drivername in _SQLITE_NAMES:
        if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
            raise InputError(msg("dburl.sqlite_url_must_name_file"), location=where)
        path = Path(url.database).expanduser()
        if not path.is_absolute() and base is not None:
            path = base / path
        return sqlite_url(path)
    raise InputError(msg("dburl.unsupported_database_use_postgresql_psycopg", d=url.drivername), location=where)


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
