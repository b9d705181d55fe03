"""The workspace (không gian làm việc): a folder with the database, evidence store and config.

    <dir>/secassess.yaml     configuration (report headers, language, extra content folders)
    <dir>/secassess.db       SQLite database (WAL, foreign keys), mode 0600
    <dir>/evidence/          attached files, stored by SHA-256
    <dir>/reports/           generated reports

Commands find it through ``--workspace``, ``SECASSESS_WORKSPACE``, or the current folder
(and its parents).

Its database is the SQLite file unless a database URL is given: ``--database``, else
``SECASSESS_DATABASE``, else ``database:`` in ``secassess.yaml`` (a province's PostgreSQL server,
``postgresql+psycopg://…``; see docs/deployment.md). The evidence store stays the workspace's folder
either way.
"""

from __future__ import annotations

import contextlib
import getpass
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from secassess.config import CONFIG_FILE, DEFAULT_CONFIG_TEXT, WorkspaceConfig, load_config
from secassess.errors import InputError
from secassess.fsutil import atomic_write_text
from secassess.messages import msg

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine
    from sqlalchemy.engine import URL

    from secassess.catalog.registry import Library

DB_FILE = "secassess.db"
ENV_WORKSPACE = "SECASSESS_WORKSPACE"
ENV_DATABASE = "SECASSESS_DATABASE"


def actor() -> str:
    """Who is acting, for history records: ``SECASSESS_USER`` or the login name."""
    name = os.environ.get("SECASSESS_USER")
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return "unknown"


@dataclass
class Workspace:
    root: Path
    config: WorkspaceConfig
    # the database when it is not the workspace's SQLite file (store.db.parse_url); see resolve_database
    database: URL | None = None
    _engine: Engine | None = field(default=None, repr=False)

    @property
    def db_path(self) -> Path:
        """The SQLite file (the workspace's own unless a ``sqlite:///`` URL names another one)."""
        from secassess.dburl import sqlite_path

        found = sqlite_path(self.database) if self.database is not None else None
        return found or self.root / DB_FILE

    @property
    def is_server(self) -> bool:
        """Whether the database is a shared server (PostgreSQL) rather than a SQLite file."""
        return self.database is not None and self.database.get_backend_name() != "sqlite"

    @property
    def evidence_dir(self) -> Path:
        return self.root / "evidence"

    @property
    def reports_dir(self) -> Path:
        return self.root / "reports"

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from secassess.store.db import make_engine

            self._engine = make_engine(self.database if self.is_server and self.database else self.db_path)
        return self._engine

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        from secassess.store.db import read

        with read(self.engine) as conn:
            yield conn

    @contextlib.contextmanager
    def write(self, *, dry_run: bool = False) -> Iterator[Connection]:
        """All-or-nothing write transaction: an exception leaves the database unchanged; so does
        ``dry_run`` (everything is checked, nothing kept)."""
        from secassess.store.db import write

        with write(self.engine, dry_run=dry_run) as conn:
            yield conn

    @cached_property
    def library(self) -> Library:
        """Built-in catalogs and profiles plus the workspace's own; refuses broken content."""
        from secassess.catalog.registry import load_library

        lib = load_library([self.root / d for d in self.config.checklist_dirs],
                           [self.root / d for d in self.config.profile_dirs])
        lib.raise_if_problems()
        return lib

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    @classmethod
    def open(cls, root: Path, *, migrate: bool = True, database: str | None = None) -> Workspace:
        """Open the workspace at ``root`` on its database (``database``: the ``--database`` URL, see
        :func:`resolve_database`). With ``migrate``, a SQLite database from an older secassess is
        upgraded (with a backup copy); a server database must already be current (``db upgrade``)."""
        root = root.resolve()
        cfg_path = root / CONFIG_FILE
        if not cfg_path.is_file():
            raise InputError(msg("workspace.not_secassess_workspace_no_create", f=CONFIG_FILE), str(root))
        config = load_config(cfg_path)
        ws = cls(root, config, resolve_database(root, config, database))
        if not ws.is_server and not ws.db_path.is_file():
            raise InputError(msg("workspace.workspace_has_no_database", f=ws.db_path.name), str(ws.db_path.parent))
        if migrate:
            from secassess.store.migrate import ensure_current, upgrade

            if ws.is_server:
                ensure_current(ws.engine)
            else:
                upgrade(ws.engine, ws.db_path)
        return ws


def resolve_database(root: Path, config: WorkspaceConfig, explicit: str | None = None) -> URL | None:
    """The workspace's database URL: ``explicit`` (the ``--database`` option), else
    ``SECASSESS_DATABASE``, else the config's ``database`` (a relative SQLite path there is relative to
    the workspace); None for the workspace's own SQLite file."""
    from secassess.dburl import parse_url

    if explicit:
        return parse_url(explicit, where="--database")
    env = os.environ.get(ENV_DATABASE, "").strip()
    if env:
        return parse_url(env, where=ENV_DATABASE)
    if config.database:
        return parse_url(config.database, where=f"{root / CONFIG_FILE}: database", base=root)
    return None


def find_workspace(explicit: str | os.PathLike[str] | None = None, *, database: str | None = None) -> Path:
    """Where the workspace is: the option, then the environment, then the current folder upwards (a
    folder with ``secassess.yaml`` and its database: the SQLite file, or a database URL given by
    ``database``, ``SECASSESS_DATABASE`` or the config)."""
    if explicit:
        return Path(explicit)
    env = os.environ.get(ENV_WORKSPACE)
    if env:
        return Path(env)
    url_given = bool(database or os.environ.get(ENV_DATABASE, "").strip())
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file() and (
                (folder / DB_FILE).is_file() or url_given or _configures_database(folder / CONFIG_FILE)):
            return folder
    raise InputError(msg("workspace.no_workspace_found_use_workspace"))


def _configures_database(cfg_path: Path) -> bool:
    try:
        return bool(load_config(cfg_path).database)
    except InputError:
        return False


def init_workspace(root: Path, config_text: str = DEFAULT_CONFIG_TEXT, *, database: str | None = None) -> Workspace:
    """Create a new workspace: folder 0700, config file, and its database at the current schema —
    a new SQLite file (0600), or, when a server database is given (``database``, else
    ``SECASSESS_DATABASE``), that database: its schema created when it is empty, used as it is when
    current, refused when older or newer (``db upgrade`` is the administrator's)."""
    root = root.resolve()
    if (root / CONFIG_FILE).exists() or (root / DB_FILE).exists():
        raise InputError(msg("workspace.folder_already_workspace"), str(root))
    if root.exists() and not root.is_dir():
        raise InputError(msg("workspace.file_name_exists"), str(root))
    url = resolve_database(root, WorkspaceConfig(), database)
    ws = Workspace(root, WorkspaceConfig(), url)
    if not ws.is_server and ws.db_path.exists():
        raise InputError(msg("workspace.database_file_exists"), str(ws.db_path))
    if ws.is_server:  # before anything is created: a server we cannot use leaves no half-made workspace
        from secassess.store.migrate import ensure_current, schema_state, upgrade

        if schema_state(ws.engine).status == "empty":
            upgrade(ws.engine)
        ensure_current(ws.engine)
    old_umask = os.umask(0o077)
    try:
        created = not root.exists()
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        if created:
            root.chmod(0o700)
        for sub in ("evidence", "reports"):
            (root / sub).mkdir(mode=0o700, exist_ok=True)
        if not ws.is_server:
            fd = os.open(ws.db_path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)
            from secassess.store.migrate import upgrade

            upgrade(ws.engine, ws.db_path)
        atomic_write_text(root / CONFIG_FILE, config_text, perms=0o600)
        ws.config = load_config(root / CONFIG_FILE)
    finally:
        os.umask(old_umask)
    return ws
