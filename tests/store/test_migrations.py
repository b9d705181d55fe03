"""Schema migrations: created by Alembic, upgraded on open with a backup, newer databases refused."""

from __future__ import annotations

import json
import shutil
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


# --------------------------------------------------------------------------- 0006: contents stored once

FIXTURE_0005 = Path(__file__).parent / "fixtures" / "ws-0005"  # written by secassess 0.1.0 (make_ws_0005.py)
JSON_COLUMNS = {"snapshot", "control", "technical_detail"}


def schema_of(db: Path) -> dict[str, dict[str, object]]:
    """Tables as the database describes them: columns in order (type, nullability, default), primary
    key, foreign keys, unique and check constraints (named), indexes."""
    from sqlalchemy import create_engine, inspect

    engine = create_engine(f"sqlite+pysqlite:///{db}")
    i = inspect(engine)
    out: dict[str, dict[str, object]] = {}
    for t in sorted(i.get_table_names()):
        if t in ("alembic_version", "sqlite_stat1"):
            continue
        out[t] = {
            "columns": [(c["name"], str(c["type"]), c["nullable"], c.get("default")) for c in i.get_columns(t)],
            "pk": i.get_pk_constraint(t)["constrained_columns"],
            "fks": sorted((f["name"], tuple(f["constrained_columns"]), f["referred_table"],
                           tuple(f["referred_columns"]), str(f.get("options"))) for f in i.get_foreign_keys(t)),
            "unique": sorted((u["name"], tuple(u["column_names"])) for u in i.get_unique_constraints(t)),
            "checks": sorted((c["name"], " ".join(c["sqltext"].split())) for c in i.get_check_constraints(t)),
            "indexes": sorted((x["name"], tuple(x["column_names"]), x["unique"]) for x in i.get_indexes(t))}
    engine.dispose()
    return out


def rows_of(db: Path, *, parse: bool = True) -> dict[str, list[dict[str, object]]]:
    """Every row of every table (JSON columns parsed, so equal values compare equal however written)."""
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    out: dict[str, list[dict[str, object]]] = {}
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                            " AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        for t in tables:
            rows = []
            for r in con.execute(f"SELECT * FROM {t} ORDER BY rowid"):
                row = dict(r)
                for k in JSON_COLUMNS & row.keys():
                    if parse and isinstance(row[k], str):
                        row[k] = json.loads(row[k])
                rows.append(row)
            out[t] = rows
    finally:
        con.close()
    return out


@pytest.fixture
def ws_0005(tmp_path: Path, mini_builtin: Path) -> Path:
    """A copy of the workspace written by secassess 0.1.0 (with its content, the mini catalog, built in)."""
    dest = tmp_path / "ws-0005"
    shutil.copytree(FIXTURE_0005, dest)
    return dest


def test_the_0005_fixture_is_what_0_1_wrote() -> None:
    con = sqlite3.connect(f"file:{FIXTURE_0005 / 'secassess.db'}?mode=ro", uri=True)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0005"
        cols = [r[1] for r in con.execute("PRAGMA table_info(results)")]
        assert "control" in cols and "control_ref" not in cols
        assert con.execute("SELECT count(*) FROM results").fetchone()[0] == 14
        assert con.execute("SELECT count(DISTINCT status) FROM assessments").fetchone()[0] == 2
    finally:
        con.close()


def test_a_workspace_written_by_0_1_migrates_and_loses_nothing(ws_0005: Path, capfd: pytest.CaptureFixture[str]
                                                               ) -> None:
    from secassess.assessment.service import list_assessments, load_results

    db = ws_0005 / "secassess.db"
    before = rows_of(db)
    ws = Workspace.open(ws_0005)
    with ws.read() as conn:
        assessments = {a.id: a for a in list_assessments(conn)}
        results = {a: load_results(conn, a) for a in assessments}
    ws.close()
    after = rows_of(db)
    assert f"lược đồ 0005 lên {HEAD}" in capfd.readouterr().err  # says what it does, on stderr
    assert rows_of(db.with_name("secassess.db.bak-0005")) == before

    # every other table as it was, row for row (later revisions may add columns)
    for table in set(before) - {"assessments", "results", "alembic_version"}:
        assert [{k: row[k] for k in old} for row, old in zip(after[table], before[table], strict=True)] \
            == before[table], table
    # assessments and results: every column as it was, and the moved JSON is what they resolve to
    assert len(after["assessments"]) == len(assessments) == 3
    for old, new in zip(before["assessments"], after["assessments"], strict=True):
        assert {k: v for k, v in new.items() if k != "snapshot_ref"} == {k: v for k, v in old.items()
                                                                            if k != "snapshot"}
        assert assessments[int(old["id"])].snapshot == old["snapshot"]  # type: ignore[call-overload]
    loaded = {(aid, r.control_id): r for aid, rows in results.items() for r in rows}
    assert len(after["results"]) == len(loaded) == 14
    for old, new in zip(before["results"], after["results"], strict=True):
        assert {k: v for k, v in new.items() if k not in ("control_ref", "version")} == {
            k: v for k, v in old.items() if k != "control"}
        assert new["version"] == 1  # 0008: every answer starts at version 1
        assert loaded[(old["assessment_id"], old["control_id"])].control == old["control"]
    # equal contents are shared: the two level-3 assessments resolved to the same controls
    assert len(after["resolved_controls"]) == len({json.dumps(r["control"]) for r in before["results"]}) < 14
    assert len(after["profile_snapshots"]) == 2


def test_the_migrated_schema_is_the_one_a_new_workspace_gets(ws_0005: Path, tmp_path: Path) -> None:
    Workspace.open(ws_0005).close()
    fresh = init_workspace(tmp_path / "fresh")
    fresh.close()
    from sqlalchemy import create_engine

    from secassess.store.schema import metadata

    declared = tmp_path / "declared.db"
    engine = create_engine(f"sqlite+pysqlite:///{declared}")
    metadata.create_all(engine)
    engine.dispose()
    migrated = schema_of(ws_0005 / "secassess.db")
    assert migrated == schema_of(tmp_path / "fresh" / "secassess.db") == schema_of(declared)


def test_reports_of_a_migrated_0_1_workspace_are_made_from_what_it_stored(ws_0005: Path, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.reporting.conftest import pdf_text

    monkeypatch.setenv("SECASSESS_NOW", "2026-10-20T09:00:00+07:00")
    for aid in (1, 2, 3):
        for fmt in ("json", "pdf"):
            out = tmp_path / f"a{aid}.{fmt}"
            r = run("-w", str(ws_0005), "report", "system", str(aid), "--format", fmt, "-o", str(out))
            assert r.exit_code == 0, r.output
        data = json.loads((tmp_path / f"a{aid}.json").read_text(encoding="utf-8"))
        titles = [c["title"] for d in data["domains"] for c in d["controls"]]
        assert "Quy trình quản lý rủi ro" in titles
        text = pdf_text(tmp_path / f"a{aid}.pdf")
        assert "Quy trình quản lý rủi ro" in text and "Bộ tiêu chí thử nghiệm" in text
    first = json.loads((tmp_path / "a1.json").read_text(encoding="utf-8"))
    notes = {c["id"]: c["note"] for d in first["domains"] for c in d["controls"]}
    assert notes["QLRR-01"] == "Quy trình ban hành <b>01/03/2025</b> & đã phổ biến"
    r = run("-w", str(ws_0005), "report", "province", "--period", "2026-09", "--format", "json",
            "-o", str(tmp_path / "p.json"))
    assert r.exit_code == 0, r.output


def test_downgrading_0006_writes_the_contents_back_as_0_1_had_them(ws_0005: Path, tmp_path: Path) -> None:
    from secassess.store.migrate import downgrade

    db = ws_0005 / "secassess.db"
    before_rows, before_schema = rows_of(db), schema_of(db)
    Workspace.open(ws_0005).close()
    engine = make_engine(db)
    downgrade(engine, db, "0005")
    engine.dispose()
    assert rows_of(db) == before_rows
    assert schema_of(db) == before_schema


def test_a_broken_reference_cancels_the_upgrade_and_leaves_the_database_as_it_was(ws_0005: Path) -> None:
    db = ws_0005 / "secassess.db"
    con = sqlite3.connect(db)  # foreign keys are off by default in sqlite3: write an orphan result
    con.execute("INSERT INTO results (assessment_id, control_id, position, domain_id, severity, weight, mandatory,"
                " control, result, note, justification) SELECT 99, control_id, position, domain_id, severity, weight,"
                " mandatory, control, result, note, justification FROM results LIMIT 1")
    con.commit()
    con.close()
    before = rows_of(db, parse=False)
    with pytest.raises(InputError, match="tham chiếu tới dòng không có"):
        Workspace.open(ws_0005)
    assert rows_of(db, parse=False) == before


def test_space_freed_by_an_upgrade_is_given_back(ws_0005: Path, capfd: pytest.CaptureFixture[str]) -> None:
    from secassess.store.migrate import compact

    db = ws_0005 / "secassess.db"
    # up to 0007, which moves the controls out (0008's new tables would reuse the freed pages); the
    # fixture's controls are small: too little freed to compact
    engine = make_engine(db)
    upgrade(engine, db, target="0007")
    engine.dispose()
    con = sqlite3.connect(db)
    free = con.execute("PRAGMA freelist_count").fetchone()[0]
    con.close()
    size = db.stat().st_size
    assert free > 0 and "Thu gọn" not in capfd.readouterr().err
    compact(db, threshold=0.0)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA freelist_count").fetchone()[0] == 0
    con.close()
    assert db.stat().st_size < size and "Thu gọn cơ sở dữ liệu" in capfd.readouterr().err
    assert len(rows_of(db)["results"]) == 14


def test_db_status_changes_nothing_and_db_upgrade_upgrades_with_the_backup(tmp_path: Path) -> None:
    root = old_workspace(tmp_path / "old", REVISIONS[-2])
    before = (root / "secassess.db").read_bytes()
    r = run("-w", str(root), "db", "status", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert (data["engine"], data["revision"], data["head"], data["state"]) == ("sqlite", REVISIONS[-2], HEAD, "older")
    assert (root / "secassess.db").read_bytes() == before and not list(root.glob("secassess.db.bak-*"))
    r = run("-w", str(root), "db", "upgrade")
    assert r.exit_code == 0, r.output
    assert r.stdout.strip().splitlines()[-1] == HEAD and (root / f"secassess.db.bak-{REVISIONS[-2]}").is_file()
    assert json.loads(run("-w", str(root), "db", "status", "--json").stdout)["state"] == "current"
