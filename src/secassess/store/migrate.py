"""Bring a workspace database to the current schema, safely.

- A database at the current revision is used as is (checked without importing Alembic).
- An older one is first copied aside as ``secassess.db.bak-<old revision>``, then upgraded in one
  transaction, then compacted when the upgrade freed much of it (SQLite keeps freed pages otherwise).
- One from a newer secassess (a revision we do not know) is refused.

Upgrading an old workspace says what it does on stderr (a large province takes minutes). On SQLite
migrations run with foreign keys off — Alembic's batch mode copies a table that others refer to,
and dropping the original with foreign keys on would cascade — and every reference is checked
before the transaction commits.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
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
        dest = db_path.with_name(f"{db_path.name}.bak-{rev}")
        _say(tr("Nâng cấp cơ sở dữ liệu {f} từ lược đồ {a} lên {b}; bản sao lưu: {d}",
                "Upgrading the database {f} from schema {a} to {b}; backup copy: {d}",
                f=db_path, a=rev, b=target, d=dest.name))
        backup(db_path, dest)
    _run_alembic(engine, target, db_path)
    if rev is not None and engine.dialect.name == "sqlite":
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
            _say(tr("Thu gọn cơ sở dữ liệu ({a} MB chưa dùng) …", "Compacting the database ({a} MB unused) …",
                    a=free * con.execute("PRAGMA page_size").fetchone()[0] // 1_000_000))
            con.execute("VACUUM")
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error as exc:  # e.g. no room for the copy VACUUM makes: the upgraded database works as is
        _say(tr("  không thu gọn được ({e}); cơ sở dữ liệu vẫn dùng được", "  could not compact ({e}); the database "
                "works as it is", e=exc))
    finally:
        con.close()


def _run_alembic(engine: Engine, target: str, db_path: Path, *, downgrade: bool = False) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:  # before the transaction begins: the pragma is a no-op inside one
            conn.connection.dbapi_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        # one transaction, ours (Alembic joins it), taking the write lock at once: the references are
        # checked before it commits
        with conn.execution_options(sqlite_begin="IMMEDIATE").begin():
            cfg.attributes["connection"] = conn
            (command.downgrade if downgrade else command.upgrade)(cfg, target)
            if sqlite:
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise InputError(tr(
                        "nâng cấp lược đồ bị hủy, cơ sở dữ liệu giữ nguyên: {n} dòng tham chiếu tới dòng không có "
                        "(bảng {t})",
                        "the schema upgrade was cancelled and the database left as it was: {n} rows refer to rows "
                        "that do not exist (table {t})", n=len(broken),
                        t=", ".join(sorted({str(b[0]) for b in broken}))), str(db_path))


def downgrade(engine: Engine, db_path: Path, target: str) -> None:
    """Bring the schema back to an older revision (for tests of the upgrades; secassess itself never
    downgrades a workspace). No backup is made."""
    _run_alembic(engine, target, db_path, downgrade=True)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
