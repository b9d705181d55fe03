"""The workspace (không gian làm việc): a folder with the database, evidence store and config.

    <dir>/secassess.yaml     configuration (report headers, language, extra content folders)
    <dir>/secassess.db       SQLite database (WAL, foreign keys), mode 0600
    <dir>/evidence/          attached files, stored by SHA-256
    <dir>/reports/           generated reports

Commands find it through ``--workspace``, ``SECASSESS_WORKSPACE``, or the current folder
(and its parents).
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
from secassess.i18n import tr

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from secassess.catalog.registry import Library

DB_FILE = "secassess.db"
ENV_WORKSPACE = "SECASSESS_WORKSPACE"


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
    _engine: Engine | None = field(default=None, repr=False)

    @property
    def db_path(self) -> Path:
        return self.root / DB_FILE

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

            self._engine = make_engine(self.db_path)
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
    def open(cls, root: Path, *, migrate: bool = True) -> Workspace:
        root = root.resolve()
        cfg_path = root / CONFIG_FILE
        if not cfg_path.is_file():
            raise InputError(tr("không phải không gian làm việc secassess (thiếu {f}); tạo mới bằng “secassess init”",
                                "not a secassess workspace (no {f}); create one with “secassess init”",
                                f=CONFIG_FILE), str(root))
        if not (root / DB_FILE).is_file():
            raise InputError(tr("không gian làm việc thiếu cơ sở dữ liệu {f}", "the workspace has no database {f}",
                                f=DB_FILE), str(root))
        ws = cls(root, load_config(cfg_path))
        if migrate:
            from secassess.store.migrate import upgrade

            upgrade(ws.engine, ws.db_path)
        return ws


def find_workspace(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where the workspace is: the option, then the environment, then the current folder upwards."""
    if explicit:
        return Path(explicit)
    env = os.environ.get(ENV_WORKSPACE)
    if env:
        return Path(env)
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file() and (folder / DB_FILE).is_file():
            return folder
    raise InputError(tr(
        "không tìm thấy không gian làm việc: dùng --workspace THƯ_MỤC, đặt biến SECASSESS_WORKSPACE, "
        "hoặc chạy lệnh trong thư mục đã tạo bằng “secassess init”",
        "no workspace found: use --workspace DIR, set SECASSESS_WORKSPACE, or run inside a folder "
        "created with “secassess init”"))


def init_workspace(root: Path, config_text: str = DEFAULT_CONFIG_TEXT) -> Workspace:
    """Create a new workspace: folder 0700, database 0600 at the current schema, config file."""
    root = root.resolve()
    if (root / CONFIG_FILE).exists() or (root / DB_FILE).exists():
        raise InputError(tr("thư mục đã là một không gian làm việc", "the folder is already a workspace"), str(root))
    if root.exists() and not root.is_dir():
        raise InputError(tr("đã có một tệp trùng tên", "a file with this name exists"), str(root))
    old_umask = os.umask(0o077)
    try:
        created = not root.exists()
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        if created:
            root.chmod(0o700)
        for sub in ("evidence", "reports"):
            (root / sub).mkdir(mode=0o700, exist_ok=True)
        fd = os.open(root / DB_FILE, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        ws = Workspace(root, WorkspaceConfig())
        from secassess.store.migrate import upgrade

        upgrade(ws.engine, ws.db_path)
        atomic_write_text(root / CONFIG_FILE, config_text, perms=0o600)
        ws.config = load_config(root / CONFIG_FILE)
    finally:
        os.umask(old_umask)
    return ws
