"""``secassess db copy --to URL``: the demo workspace moved into a real PostgreSQL database gives the same
reports, byte for byte; ids and sequences carry over; all or nothing; a non-empty target is refused,
never merged; and a copy back into SQLite gives every row as it was."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from secassess.dburl import parse_url
from secassess.store.db import make_engine
from secassess.store.migrations import HEAD
from secassess.store.schema import metadata
from tests import dbstate
from tests.conftest import run
from tests.store.test_migrations import rows_of

NOW = "2026-11-05T10:00:00+07:00"


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's workspace (SQLite), shared: the tests only read it."""
    from secassess.demo_data.flow import run_demo

    return run_demo(tmp_path_factory.mktemp("demo") / "out", "vi", lambda _m: None).workspace


def copy(ws: Path, url: str, *extra: str) -> tuple[int, str, str]:
    r = run("-w", str(ws), "db", "copy", "--to", url, *extra)
    return r.exit_code, r.stdout, r.stderr


def reports(ws: Path, out: Path, *database: str) -> dict[str, bytes]:
    """Every system report of every assessment and the provincial report of 2026-10, as JSON."""
    out.mkdir()
    listing = run("-w", str(ws), *database, "assess", "list", "--json")
    assert listing.exit_code == 0, listing.output
    ids = sorted(a["id"] for a in json.loads(listing.stdout))
    commands = {f"{aid}.json": ["report", "system", str(aid)] for aid in ids}
    commands["province.json"] = ["report", "province", "--period", "2026-10"]
    found: dict[str, bytes] = {}
    for name, args in commands.items():
        r = run("-w", str(ws), *database, *args, "--format", "json", "-o", str(out / name), env={"SECASSESS_NOW": NOW})
        assert r.exit_code == 0, (args, r.output)
        found[name] = (out / name).read_bytes()
    return found


def test_demo_copied_into_postgresql_gives_identical_reports(demo_ws: Path, pg_empty_url: str,
                                                             tmp_path: Path) -> None:
    code, out, err = copy(demo_ws, pg_empty_url, "--json")
    assert code == 0, err
    summary = json.loads(out)
    src = rows_of(demo_ws / "secassess.db")
    moved = {t["table"]: t["rows"] for t in summary["tables"]}
    assert moved == {t.name: len(src[t.name]) for t in metadata.sorted_tables}
    assert [t["table"] for t in summary["tables"]] == [t.name for t in metadata.sorted_tables]  # dependency order
    assert summary["total_rows"] == sum(moved.values()) > 1000 and moved["results"] > 500
    assert summary["created_schema"] is True and summary["revision"] == HEAD
    assert "***" in summary["target"] and "nghi" not in summary["target"]  # the password never shown
    assert summary["evidence"]["files"] == moved["blobs"] > 0 and summary["evidence"]["missing"] == []
    assert "results:" in err and "Chép" in err  # progress on stderr

    before = reports(demo_ws, tmp_path / "sqlite")
    after = reports(demo_ws, tmp_path / "postgresql", "--database", pg_empty_url)
    assert len(before) == 8 and after.keys() == before.keys()
    for name in before:
        assert after[name] == before[name], name


def test_ids_are_kept_and_new_records_continue_after_them(demo_ws: Path, pg_empty_url: str) -> None:
    assert copy(demo_ws, pg_empty_url)[0] == 0
    src = rows_of(demo_ws / "secassess.db", parse=False)
    pg = dbstate.dump(pg_empty_url)
    for t in metadata.sorted_tables:
        pk = [c.name for c in t.primary_key.columns]
        cols = [c.name for c in t.columns]
        assert sorted(tuple(r[k] for k in pk) for r in src[t.name]) == \
            sorted(tuple(r[cols.index(k)] for k in pk) for r in pg[t.name]), t.name
    top = max(r["id"] for r in src["incidents"])
    db = ("--database", pg_empty_url)
    system = src["systems"][0]["id"]
    r = run("-w", str(demo_ws), *db, "incident", "add", "--system", str(system), "--category", "malware",
            "--severity", "low", "--detected-at", "03/11/2026 08:00", "--description", "sau khi chuyển")
    assert r.exit_code == 0, r.output
    assert int(r.stdout.strip().splitlines()[-1]) == top + 1


def test_the_server_has_planner_statistics_right_after_the_copy(demo_ws: Path, pg_empty_url: str) -> None:
    from sqlalchemy import text

    from secassess.dburl import parse_url
    from secassess.store.db import make_engine

    assert copy(demo_ws, pg_empty_url)[0] == 0
    engine = make_engine(parse_url(pg_empty_url))
    with engine.connect() as conn:
        analyzed = set(conn.execute(text("SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL")
                                    ).scalars())
    engine.dispose()
    assert {"results", "remediation_items", "assessments", "systems"} <= analyzed


def test_a_target_that_holds_records_is_refused_and_replace_replaces_it(demo_ws: Path, pg_empty_url: str) -> None:
    assert copy(demo_ws, pg_empty_url)[0] == 0
    r = run("-w", str(demo_ws), "--database", pg_empty_url, "unit", "add", "MOI", "Đơn vị chỉ có ở máy chủ")
    assert r.exit_code == 0, r.output
    held = dbstate.dump(pg_empty_url)
    code, out, err = copy(demo_ws, pg_empty_url)
    assert code == 2 and "không gộp" in err and "--replace" in err and out == ""
    assert dbstate.dump(pg_empty_url) == held
    code, out, err = copy(demo_ws, pg_empty_url, "--replace", "--json")
    assert code == 0, err
    assert json.loads(out)["replaced"]["units"] == 7
    units = run("-w", str(demo_ws), "--database", pg_empty_url, "unit", "list", "--json")
    assert "MOI" not in {u["id"] for u in json.loads(units.stdout)}
    assert dbstate.dump(pg_empty_url) != held


def test_a_copy_that_fails_half_way_leaves_the_target_as_it_was(demo_ws: Path, pg_empty_url: str,
                                                                 tmp_path: Path) -> None:
    """A value SQLite kept but the server refuses (an id longer than its column, which SQLite never
    checks) stops the copy at the results table: nothing of it stays, not even the schema."""
    ws = tmp_path / "ws"
    shutil.copytree(demo_ws, ws)
    import sqlite3

    con = sqlite3.connect(ws / "secassess.db")
    con.execute("UPDATE results SET note = 'x', control_id = ? WHERE rowid = (SELECT max(rowid) FROM results)",
                ("C" * 40,))
    con.commit()
    con.close()
    code, _out, err = copy(ws, pg_empty_url)
    assert code == 2, err
    assert "results" in err and "control_id" in err and "Traceback" not in err
    engine = make_engine(parse_url(pg_empty_url))
    from sqlalchemy import inspect

    with engine.connect() as conn:
        assert inspect(conn).get_table_names() == []
    engine.dispose()


def test_postgresql_copied_back_into_sqlite_gives_every_row_as_it_was(demo_ws: Path, pg_empty_url: str,
                                                                      tmp_path: Path) -> None:
    """SQLite -> PostgreSQL -> a new SQLite file: every row of every table equal, JSON text included
    (key order, SQL NULL against JSON null)."""
    assert copy(demo_ws, pg_empty_url)[0] == 0
    back = tmp_path / "back.db"
    r = run("-w", str(demo_ws), "--database", pg_empty_url, "db", "copy", "--to", f"sqlite:///{back}")
    assert r.exit_code == 0, r.output
    assert oct(back.stat().st_mode & 0o777) == "0o600"
    original, copied = rows_of(demo_ws / "secassess.db", parse=False), rows_of(back, parse=False)
    assert copied.keys() == original.keys()
    for table in original:  # the same rows; in what order a table keeps them is no property of its data
        assert sorted(map(repr, copied[table])) == sorted(map(repr, original[table])), table


def test_the_same_database_and_unknown_targets_are_refused(demo_ws: Path) -> None:
    before = (demo_ws / "secassess.db").read_bytes()
    code, _out, err = copy(demo_ws, f"sqlite:///{demo_ws / 'secassess.db'}", "--replace")
    assert code == 2 and "cùng một cơ sở dữ liệu" in err
    code, _out, err = copy(demo_ws, "mysql://u@h/db")
    assert code == 2 and "--to" in err and "postgresql+psycopg://" in err
    assert (demo_ws / "secassess.db").read_bytes() == before


def test_an_unreachable_server_is_said_plainly_with_the_password_hidden(demo_ws: Path, pg_cluster: object) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens there once closed
    code, _out, err = copy(demo_ws, f"postgresql://secassess:bi-mat@127.0.0.1:{port}/secassess")
    assert code == 2 and "không kết nối được" in err and "bi-mat" not in err and "***" in err
    assert "Traceback" not in err


def test_a_wrong_password_is_refused_by_the_server(demo_ws: Path, pg_empty_url: str) -> None:
    url = parse_url(pg_empty_url).set(password="sai-mat-khau").render_as_string(hide_password=False)
    code, _out, err = copy(demo_ws, url)
    assert code == 2 and "không kết nối được" in err and "password" in err and "sai-mat-khau" not in err


def test_the_migrations_keep_the_demo_reports_on_postgresql_too(demo_ws: Path, pg_empty_url: str,
                                                                tmp_path: Path) -> None:
    """The demo on the server taken back to the 0.1 layout (schema 0005, every result row carrying its
    control) and brought up again by ``db upgrade``: the same reports (as tests/store/test_demo_migration.py
    shows on SQLite)."""
    from secassess.store.migrate import downgrade, upgrade
    from tests.store.test_demo_migration import CONTENT_ADDRESSED

    assert copy(demo_ws, pg_empty_url)[0] == 0
    engine = make_engine(parse_url(pg_empty_url))
    if HEAD != CONTENT_ADDRESSED:  # what later revisions added has no place in 0005: lose it first
        downgrade(engine, None, CONTENT_ADDRESSED)
        upgrade(engine)
    db = ("--database", pg_empty_url)
    before = reports(demo_ws, tmp_path / "before", *db)
    downgrade(engine, None, "0005")
    with engine.connect() as conn:
        from sqlalchemy import text

        inline = conn.execute(text("SELECT count(*) FROM results WHERE (control ->> 'id') = control_id")).scalar()
        assert inline == len(rows_of(demo_ws / "secassess.db")["results"]) > 0
    engine.dispose()
    r = run("-w", str(demo_ws), *db, "db", "upgrade")
    assert r.exit_code == 0 and "0005" in r.stdout, r.output
    after = reports(demo_ws, tmp_path / "after", *db)
    assert after == before
