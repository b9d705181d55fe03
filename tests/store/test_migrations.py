"""Schema migrations: created by Alembic, upgraded on open with a backup, newer databases refused."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from secassess.config import DEFAULT_CONFIG_TEXT
from secassess.errors import InputError
from secassess.store.db import make_engine
from secassess.store.migrate import upgrade
from secassess.store.migrations import HEAD, REVISIONS
from secassess.workspace import Workspace, init_workspace
from tests.conftest import run


def old_workspace(root: Path, revision: str) -> Path:
    """A workspace as an older secassess would have left it: schema at ``revision``, with data."""
    root.mkdir()
    (root / "secassess.yaml").write_text(DEFAULT_CONFIG_TEXT, encoding="utf-8")
    db = root / "secassess.db"
    engine = make_engine(db)
    upgrade(engine, db, target=revision)
    engine.dispose()
    con = sqlite3.connect(db)
    t = datetime(2025, 1, 2, 3, 4, 5).isoformat(" ")
    con.execute("INSERT INTO units (id, name, contact, created_at) VALUES ('STP', 'Sở Tư pháp', '', ?)", (t,))
    con.execute("INSERT INTO systems (id, name, unit_id, level, targets, allowed_ports, created_at, updated_at)"
                " VALUES ('STP-QLVB', 'Quản lý văn bản', 'STP', 3, '[\"10.0.0.0/28\"]', '[\"443/tcp\"]', ?, ?)", (t, t))
    con.commit()
    con.close()
    return root


def test_revisions_list_matches_the_alembic_scripts() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    import secassess.store.migrations as m

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(m.__file__).parent))
    script = ScriptDirectory.from_config(cfg)
    walked = [s.revision for s in script.walk_revisions()][::-1]
    assert tuple(walked) == REVISIONS
    assert script.get_current_head() == HEAD


def test_migrated_schema_matches_the_table_definitions(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from secassess.store.schema import metadata

    ws = init_workspace(tmp_path / "ws")
    with ws.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    ws.close()
    assert diff == []


def test_upgrade_from_first_revision_keeps_data_and_backs_up(tmp_path: Path) -> None:
    root = old_workspace(tmp_path / "old", REVISIONS[0])
    ws = Workspace.open(root)
    from sqlalchemy import text

    with ws.read() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
        row = conn.execute(text("SELECT name, level, targets FROM systems WHERE id='STP-QLVB'")).one()
    ws.close()
    assert row[0] == "Quản lý văn bản" and row[1] == 3 and "10.0.0.0/28" in row[2]
    backup = root / f"secassess.db.bak-{REVISIONS[0]}"
    assert backup.is_file()
    con = sqlite3.connect(backup)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == REVISIONS[0]
    assert con.execute("SELECT count(*) FROM systems").fetchone()[0] == 1
    con.close()


def test_current_database_is_opened_without_backup(workspace: Path) -> None:
    Workspace.open(workspace).close()
    assert not list(workspace.glob("secassess.db.bak-*"))


def test_database_from_a_newer_secassess_is_refused_and_untouched(workspace: Path) -> None:
    db = workspace / "secassess.db"
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num = '9001'")
    con.commit()
    con.close()
    before = db.read_bytes()
    with pytest.raises(InputError, match="phiên bản secassess mới hơn"):
        Workspace.open(workspace)
    r = run("--workspace", str(workspace), "checklist", "list")
    assert r.exit_code == 2 and "mới hơn" in r.output
    assert db.read_bytes() == before
    assert not list(workspace.glob("secassess.db.bak-*"))
