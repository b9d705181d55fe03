"""Bring a workspace database to the current schema, safely.

- A database at the current revision is used as is (checked without importing Alembic).
- An older one is first copied aside as ``secassess.db.bak-<old revision>``, then upgraded.
- One from a newer secassess (a revision we do not know) is refused.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from secassess.errors import InputError
from secassess.i18n import tr
from secassess.store.migrations import HEAD, REVISIONS


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        try:
            row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        except OperationalError:
            return None
        finally:
            conn.rollback()
    return row[0] if row else None


def upgrade(engine: Engine, db_path: Path, target: str = HEAD) -> str | None:
    """Upgrade to ``target``; return the revision we started from (None for a new database)."""
    rev = current_revision(engine)
    if rev == target:
        return rev
    if rev is not None and rev not in REVISIONS:
        raise InputError(tr(
            "cơ sở dữ liệu được tạo bởi phiên bản secassess mới hơn (lược đồ {r}); hãy cập nhật secassess",
            "the database was created by a newer secassess (schema {r}); please upgrade secassess", r=rev),
            str(db_path))
    if rev is not None and REVISIONS.index(rev) > REVISIONS.index(target):
        raise InputError(tr("không thể hạ cấp lược đồ cơ sở dữ liệu", "cannot downgrade the database schema"),
                         str(db_path))
    if rev is not None:
        backup(db_path, db_path.with_name(f"{db_path.name}.bak-{rev}"))
    _run_alembic(engine, target)
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


def _run_alembic(engine: Engine, target: str) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
        conn.commit()
