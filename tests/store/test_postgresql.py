"""The database URL and the PostgreSQL engine: where the URL comes from (option, environment, config, in
that order), what is accepted, passwords never shown nor written to the config; the schema on a real
server — created, upgraded and refused only on purpose (``db upgrade``); transactions: writers queue,
reads are one snapshot and read only, a busy database says so."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from secassess.dburl import parse_url, shown, without_password
from secassess.errors import InputError
from secassess.store.db import make_engine
from secassess.store.migrate import upgrade
from secassess.store.migrations import HEAD, REVISIONS
from secassess.workspace import Workspace, init_workspace
from tests import dbstate, pgcluster
from tests.conftest import run

# --------------------------------------------------------------------------- URLs (no server needed)


@pytest.mark.parametrize(("given", "driver"), [
    ("postgresql+psycopg://u@h/db", "postgresql+psycopg"),
    ("postgresql://u@h:5433/db", "postgresql+psycopg"),
    ("postgres://u:p@h/db?sslmode=require", "postgresql+psycopg"),
    ("sqlite:///relative.db", "sqlite+pysqlite"),
])
def test_accepted_urls_name_psycopg_3_or_a_sqlite_file(given: str, driver: str, tmp_path: Path) -> None:
    url = parse_url(given, base=tmp_path)
    assert url.drivername == driver
    if driver.startswith("sqlite"):
        assert url.database == str(tmp_path / "relative.db")


@pytest.mark.parametrize(("given", "says"), [
    ("mysql://u@h/db", "mysql"),
    ("postgresql+psycopg2://u@h/db", "psycopg2"),
    ("postgresql://u@h", "tên cơ sở dữ liệu"),
    ("sqlite://", "tệp"),
    ("sqlite:///:memory:", "tệp"),
    ("not a url", "không hợp lệ"),
])
def test_other_urls_are_refused_naming_where_they_came_from(given: str, says: str) -> None:
    with pytest.raises(InputError, match=says) as err:
        parse_url(given, where="SECASSESS_DATABASE")
    assert err.value.location == "SECASSESS_DATABASE"


def test_passwords_are_hidden_wherever_they_are_written() -> None:
    assert shown(parse_url("postgresql://an:b%C3%AD-m%E1%BA%ADt@h/db")) == "postgresql+psycopg://an:***@h/db"
    assert "hidden" not in shown(parse_url("postgresql://an@h/db?password=hidden&sslmode=require"))
    assert without_password(parse_url("postgresql://an:pw@h/db?password=pw")) == "postgresql+psycopg://an@h/db"


def test_the_config_takes_a_url_but_never_a_password(workspace: Path) -> None:
    r = run("-w", str(workspace), "config", "set", "database", "postgresql://secassess:bi-mat@db.tinh/secassess")
    assert r.exit_code == 2 and "mật khẩu" in r.output and "bi-mat" not in (workspace / "secassess.yaml").read_text()
    r = run("-w", str(workspace), "config", "set", "database", "mysql://u@h/db")
    assert r.exit_code == 2 and "mysql" in r.output
    cfg = workspace / "secassess.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("database: ''", 'database: "postgresql://a:b@h/db"'),
                   encoding="utf-8")
    r = run("-w", str(workspace), "unit", "list")
    assert r.exit_code == 2 and "secassess.yaml" in r.output and "mật khẩu" in r.output


def test_the_default_config_explains_the_database_setting() -> None:
    from secassess.config import DEFAULT_CONFIG_TEXT, render_config

    assert "database: ''" in DEFAULT_CONFIG_TEXT and "postgresql+psycopg://" in DEFAULT_CONFIG_TEXT
    from secassess.config import WorkspaceConfig

    text_ = render_config(WorkspaceConfig(database="postgresql+psycopg://secassess@db.tinh/secassess"))
    assert "database: postgresql+psycopg://secassess@db.tinh/secassess" in text_


# --------------------------------------------------------------------------- a real server


def status(ws: Path, *extra: str) -> dict[str, object]:
    r = run("-w", str(ws), *extra, "db", "status", "--json")
    assert r.exit_code == 0, r.output
    data: dict[str, object] = json.loads(r.stdout)
    return data


def test_option_then_environment_then_config_then_the_sqlite_file(
        workspace: Path, pg_cluster: object, pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.pgcluster import Cluster

    assert isinstance(pg_cluster, Cluster)
    env_db, cfg_db = pg_cluster.create_database("secassess_head"), pg_cluster.create_database("secassess_head")
    assert status(workspace)["database"] == str(workspace / "secassess.db")
    assert status(workspace)["engine"] == "sqlite"
    cfg_url = pg_cluster.url(cfg_db, password=None)
    assert run("-w", str(workspace), "config", "set", "database", cfg_url).exit_code == 0
    monkeypatch.setenv("PGPASSWORD", "mật-khẩu thử/nghiệm")  # the config has none: libpq's variable gives it
    got = status(workspace)
    assert got["database"] == cfg_url and got["engine"] == "postgresql" and got["state"] == "current"
    monkeypatch.setenv("SECASSESS_DATABASE", pg_cluster.url(env_db))
    assert str(status(workspace)["database"]).endswith(f"/{env_db}")
    assert str(status(workspace, "--database", pg_url)["database"]) == shown(parse_url(pg_url))
    # each is really used: a unit added through the option is only there
    assert run("-w", str(workspace), "--database", pg_url, "unit", "add", "STP", "Sở Tư pháp").exit_code == 0
    for url, n in ((pg_url, 1), (pg_cluster.url(env_db), 0), (pg_cluster.url(cfg_db), 0)):
        assert len(dbstate.dump(url)["units"]) == n
    for name in (env_db, cfg_db):
        pg_cluster.drop_database(name)


def test_status_reads_the_server_and_changes_nothing(workspace: Path, pg_url: str) -> None:
    data = status(workspace, "--database", pg_url)
    assert data["revision"] == data["head"] == HEAD and data["state"] == "current"
    assert data["encoding"] == "UTF8" and data["collation"] == "C" and data["byte_order"] is True
    assert str(data["version"])[:2].isdigit() and "***" in str(data["database"])
    r = run("-w", str(workspace), "--database", pg_url, "db", "status")
    assert r.exit_code == 0 and "PostgreSQL" in r.stdout and "đúng phiên bản" in r.stdout
    assert "nghiệm" not in r.output


def test_an_empty_server_database_is_created_only_by_db_upgrade(workspace: Path, pg_empty_url: str) -> None:
    db = ("-w", str(workspace), "--database", pg_empty_url)
    r = run(*db, "unit", "list")
    assert r.exit_code == 2 and "db upgrade" in r.output and "Traceback" not in r.output
    assert status(workspace, "--database", pg_empty_url)["state"] == "empty"
    r = run(*db, "db", "upgrade")
    assert r.exit_code == 0, r.output
    assert r.stdout.strip().splitlines()[-1] == HEAD and "Đã tạo lược đồ" in r.stdout
    assert run(*db, "unit", "add", "STP", "Sở Tư pháp").exit_code == 0
    r = run(*db, "db", "upgrade")
    assert r.exit_code == 0 and "đã ở lược đồ hiện hành" in r.stdout


def test_an_older_server_database_is_never_upgraded_silently(workspace: Path, pg_empty_url: str) -> None:
    engine = make_engine(parse_url(pg_empty_url))
    upgrade(engine, target=REVISIONS[0])
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO units (id, name, contact, created_at) VALUES "
                          "('STP', 'Sở Tư pháp', '', '2025-01-02 03:04:05')"))
    engine.dispose()
    db = ("-w", str(workspace), "--database", pg_empty_url)
    held = dbstate.dump(pg_empty_url)
    r = run(*db, "unit", "list")
    assert r.exit_code == 2 and "db upgrade" in r.output and REVISIONS[0] in r.output and "pg_dump" in r.output
    assert dbstate.dump(pg_empty_url) == held
    assert status(workspace, "--database", pg_empty_url)["state"] == "older"
    r = run(*db, "db", "upgrade")
    assert r.exit_code == 0, r.output
    assert f"từ lược đồ {REVISIONS[0]}" in r.stdout
    units = json.loads(run(*db, "unit", "list", "--json").stdout)
    assert [u["id"] for u in units] == ["STP"] and units[0]["name"] == "Sở Tư pháp"
    assert not list(workspace.glob("secassess.db.bak-*"))  # a server's backups are the administrator's


def test_a_server_database_from_a_newer_secassess_is_refused_and_untouched(workspace: Path, pg_url: str) -> None:
    engine = make_engine(parse_url(pg_url))
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9001'"))
    engine.dispose()
    held = dbstate.dump(pg_url)
    for args in (("unit", "list"), ("db", "upgrade")):
        r = run("-w", str(workspace), "--database", pg_url, *args)
        assert r.exit_code == 2 and "mới hơn" in r.output, args
    assert status(workspace, "--database", pg_url)["state"] == "newer"
    assert dbstate.dump(pg_url) == held


def test_the_migrated_server_schema_matches_the_table_definitions(pg_empty_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from secassess.store.schema import metadata

    engine = make_engine(parse_url(pg_empty_url))
    upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    assert diff == []


def test_every_migration_goes_down_and_up_again_on_the_server(pg_url: str) -> None:
    from secassess.store.migrate import current_revision, downgrade

    engine = make_engine(parse_url(pg_url))
    downgrade(engine, None, "base")
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == HEAD
    engine.dispose()


def test_init_on_a_server_creates_no_sqlite_file_and_the_workspace_is_found(
        tmp_path: Path, pg_empty_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECASSESS_DATABASE", pg_empty_url)
    r = run("init", str(tmp_path / "ws"))
    assert r.exit_code == 0, r.output
    ws = tmp_path / "ws"
    assert not (ws / "secassess.db").exists() and (ws / "evidence").is_dir()
    assert dbstate.dump(pg_empty_url)["alembic_version"] == [(HEAD,)]
    monkeypatch.chdir(ws / "evidence")
    assert run("unit", "add", "STP", "Sở Tư pháp").exit_code == 0  # found from inside, without a SQLite file


def test_init_refuses_an_older_server_and_creates_nothing(tmp_path: Path, pg_empty_url: str) -> None:
    engine = make_engine(parse_url(pg_empty_url))
    upgrade(engine, target=REVISIONS[-2])
    engine.dispose()
    with pytest.raises(InputError, match="db upgrade"):
        init_workspace(tmp_path / "ws", database=pg_empty_url)
    assert not (tmp_path / "ws").exists()


@pytest.mark.usefixtures("engine")
def test_each_engine_is_the_one_in_use(workspace: Path, engine: str) -> None:
    """The ``engine`` fixture really switches: on PostgreSQL no SQLite file is made or read."""
    assert (workspace / "secassess.db").exists() == (engine == "sqlite")
    assert status(workspace)["engine"] == engine


@pytest.mark.usefixtures("engine")
def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    from sqlalchemy.exc import IntegrityError

    from secassess.clock import now

    ws = init_workspace(tmp_path / "ws")
    with pytest.raises(IntegrityError), ws.write() as conn:
        conn.execute(text("INSERT INTO systems (id, name, unit_id, level, targets, allowed_ports, created_at,"
                          " updated_at) VALUES ('S', 'S', 'NO-UNIT', 1, '[]', '[]', :t, :t)"),
                     {"t": now().replace(tzinfo=None)})
    ws.close()


# --------------------------------------------------------------------------- transactions


@pytest.fixture
def pg_ws(tmp_path: Path, pg_url: str) -> Workspace:
    ws = init_workspace(tmp_path / "ws", database=pg_url)
    with ws.write() as conn:
        conn.execute(text("INSERT INTO units (id, name, contact, created_at) VALUES "
                          "('STP', 'Sở Tư pháp', '', '2025-01-02 03:04:05')"))
    return ws


def test_writers_queue_one_after_the_other_and_readers_do_not_wait(pg_ws: Workspace) -> None:
    order: list[str] = []
    first_in = threading.Event()

    def first() -> None:
        with pg_ws.write() as conn:
            conn.execute(text("UPDATE units SET contact = 'first' WHERE id = 'STP'"))
            first_in.set()
            time.sleep(0.6)
            order.append("first commits")

    t = threading.Thread(target=first)
    t.start()
    first_in.wait(10)
    t0 = time.monotonic()
    with pg_ws.read() as conn:  # a reader meanwhile: not blocked, sees what was committed before
        assert conn.execute(text("SELECT contact FROM units")).scalar() == ""
    assert time.monotonic() - t0 < 0.4
    with pg_ws.write() as conn:  # waits for the first writer, then sees its change
        order.append("second begins")
        assert conn.execute(text("SELECT contact FROM units")).scalar() == "first"
    t.join()
    assert order == ["first commits", "second begins"]
    pg_ws.close()


def test_a_read_is_one_snapshot_and_writes_nothing(pg_ws: Workspace) -> None:
    from sqlalchemy.exc import DBAPIError

    with pg_ws.read() as conn:
        assert conn.execute(text("SELECT count(*) FROM units")).scalar() == 1
        with pg_ws.write() as w:
            w.execute(text("INSERT INTO units (id, name, contact, created_at) VALUES "
                           "('SYT', 'Sở Y tế', '', '2025-01-02 03:04:05')"))
        assert conn.execute(text("SELECT count(*) FROM units")).scalar() == 1  # still its snapshot
    with pytest.raises(DBAPIError, match="read-only"), pg_ws.read() as conn:
        conn.execute(text("DELETE FROM units"))
    with pg_ws.read() as conn:
        assert conn.execute(text("SELECT count(*) FROM units")).scalar() == 2
    pg_ws.close()


def test_dry_run_and_failure_roll_back_on_the_server(pg_ws: Workspace) -> None:
    with pg_ws.write(dry_run=True) as conn:
        conn.execute(text("DELETE FROM units"))
    with pytest.raises(RuntimeError), pg_ws.write() as conn:
        conn.execute(text("DELETE FROM units"))
        raise RuntimeError("half way")
    with pg_ws.read() as conn:
        assert conn.execute(text("SELECT count(*) FROM units")).scalar() == 1
    pg_ws.close()


def test_a_writer_kept_waiting_too_long_is_told_the_database_is_busy(
        pg_ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    import secassess.store.db as db

    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 300)
    other = Workspace(pg_ws.root, pg_ws.config, pg_ws.database)
    with pg_ws.write() as conn:
        conn.execute(text("UPDATE units SET contact = 'held' WHERE id = 'STP'"))
        with pytest.raises(InputError, match="đang bận"), other.write():
            pass
    with other.write() as conn:  # free again
        conn.execute(text("UPDATE units SET contact = 'next' WHERE id = 'STP'"))
    other.close()
    pg_ws.close()


def test_init_with_the_database_option_records_the_url_without_its_password(
        tmp_path: Path, pg_empty_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from urllib.parse import quote

    from sqlalchemy.engine import make_url

    r = run("--database", pg_empty_url, "init", str(tmp_path / "ws"))
    assert r.exit_code == 0, r.output
    ws = tmp_path / "ws"
    config_text = (ws / "secassess.yaml").read_text(encoding="utf-8")
    assert make_url(pg_empty_url).database in config_text
    assert pgcluster.PASSWORD not in config_text and quote(pgcluster.PASSWORD, safe="") not in config_text
    assert not (ws / "secassess.db").exists()
    assert dbstate.dump(pg_empty_url)["alembic_version"] == [(HEAD,)]
    monkeypatch.chdir(ws)
    monkeypatch.setenv("PGPASSWORD", pgcluster.PASSWORD)  # the password from where libpq reads it
    assert run("unit", "add", "STP", "Sở Tư pháp").exit_code == 0  # found again without the option
    assert dbstate.dump(pg_empty_url)["units"][0][0] == "STP"
