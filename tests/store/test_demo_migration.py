"""The demo workspace taken back to the 0.1 layout (schema 0005, every result row carrying its
control) and upgraded again: every report of every assessment, and the provincial report, is the
same before and after — JSON byte for byte, PDF word for word (issue #19)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from secassess.store.db import make_engine
from secassess.store.migrate import downgrade
from secassess.store.migrations import HEAD
from secassess.workspace import Workspace
from tests.conftest import run
from tests.reporting.conftest import pdf_text

NOW = "2026-11-05T10:00:00+07:00"
CONTENT_ADDRESSED = "0006"  # the revision that moved the controls out of the result rows


def _down(db: Path, revision: str) -> None:
    engine = make_engine(db)
    downgrade(engine, db, revision)
    engine.dispose()


def reports(ws_dir: Path, tmp: Path) -> dict[str, bytes | str]:
    """Every system report (JSON, PDF text) of every assessment and the provincial report of 2026-10,
    as the commands write them."""
    from secassess.assessment.service import list_assessments

    ws = Workspace.open(ws_dir)
    with ws.read() as conn:
        ids = sorted(a.id for a in list_assessments(conn))
    ws.close()
    commands = {f"{aid}.{fmt}": ["report", "system", str(aid), "--format", fmt] for aid in ids for fmt in ("json", "pdf")}
    commands.update({f"province.{fmt}": ["report", "province", "--period", "2026-10", "--format", fmt]
                     for fmt in ("json", "pdf")})
    out: dict[str, bytes | str] = {}
    for name, args in commands.items():
        target = tmp / name
        r = run("-w", str(ws_dir), *args, "-o", str(target))
        assert r.exit_code == 0, (args, r.output)
        out[name] = pdf_text(target) if name.endswith(".pdf") else target.read_bytes()
    return out


def test_demo_reports_are_the_same_after_going_back_to_0005_and_upgrading(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from secassess.demo_data.flow import run_demo

    demo = run_demo(tmp_path / "demo", "vi", lambda _m: None)
    ws_dir = demo.workspace
    db = ws_dir / "secassess.db"
    if HEAD != CONTENT_ADDRESSED:
        # what later revisions added has no place in the 0.1 layout and is lost going back to it; lose
        # it first, so that what is compared is what 0.1 could hold
        _down(db, CONTENT_ADDRESSED)
        Workspace.open(ws_dir).close()
    monkeypatch.setenv("SECASSESS_NOW", NOW)
    (tmp_path / "before").mkdir()
    before = reports(ws_dir, tmp_path / "before")
    assert len(before) == 2 * 7 + 2  # the demo's seven assessments and the province

    _down(db, "0005")
    con = sqlite3.connect(db)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0005"
    assert con.execute("SELECT count(*) FROM results WHERE json_extract(control, '$.title.vi') IS NOT NULL"
                       ).fetchone()[0] == con.execute("SELECT count(*) FROM results").fetchone()[0] > 0
    con.close()

    (tmp_path / "after").mkdir()
    after = reports(ws_dir, tmp_path / "after")  # opening the workspace upgrades it again
    con = sqlite3.connect(db)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
    con.close()
    assert (ws_dir / "secassess.db.bak-0005").is_file()
    assert after.keys() == before.keys()
    for name in before:
        assert after[name] == before[name], name
