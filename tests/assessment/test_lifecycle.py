"""Assessment lifecycle: start with the right profile, progress, finalize, read-only afterwards."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from secassess.assessment.service import (
    ensure_draft,
    finalize_assessment,
    load_assessment,
    load_results,
    start_assessment,
)
from secassess.errors import InputError
from secassess.store.schema.assessment import results
from secassess.workspace import Workspace
from tests import dbstate
from tests.assessment.conftest import Started, add_system, start
from tests.conftest import run

pytestmark = pytest.mark.usefixtures("engine")  # SQLite and PostgreSQL


@pytest.mark.parametrize(("flags", "level", "profile", "controls"), [
    ((), 3, "level-3", ["QLRR-01", "QLRR-02", "MANG-01", "MANG-02"]),
    ((), 1, "level-1", ["QLRR-01", "MANG-01"]),
    (("--important",), 2, "important-system", ["QLRR-01", "QLRR-02", "MANG-01", "MANG-02", "VLY-01"]),
    (("--important", "--national-database"), 5, "national-database",
     ["QLRR-01", "QLRR-02", "MANG-01", "MANG-02", "MANG-03", "VLY-01"]),
])
def test_default_profile_follows_the_system(mini_builtin_ws: Path, flags: tuple[str, ...], level: int,
                                            profile: str, controls: list[str]) -> None:
    add_system(mini_builtin_ws, "S1", level, *flags)
    aid = start(mini_builtin_ws, "S1")
    data = json.loads(run("-w", str(mini_builtin_ws), "assess", "show", str(aid), "--json").output)
    assert data["profile_id"] == profile
    assert [r["control_id"] for r in data["results"]] == controls
    assert all(r["result"] == "not_assessed" for r in data["results"])


def test_start_stores_snapshot_and_resolved_controls(started: Started) -> None:
    ws = Workspace.open(started.ws)
    with ws.read() as conn:
        a = load_assessment(conn, started.id)
        rows = load_results(conn, started.id)
    ws.close()
    assert (a.catalog_id, a.catalog_version, a.level, a.status) == ("mini-2025", "1.0", 3, "draft")
    assert len(a.catalog_digest) == 64 and a.assessor == "tester"
    assert "controls" not in a.snapshot and a.snapshot["thresholds"] == {"compliant": 90, "partial": 70}
    assert a.domain_order() == ["QLRR", "MANG"]
    assert [r.position for r in rows] == [1, 2, 3, 4]
    q2 = rows[1]
    assert q2.control["title"]["vi"] == "Lưu nhật ký 3 tháng"  # rendered at level 3 and frozen
    assert (q2.severity, q2.weight, q2.mandatory) == ("medium", 2, False)


def test_start_prints_id_last_and_refuses_unknowns(mini_builtin_ws: Path) -> None:
    add_system(mini_builtin_ws)
    before = dbstate.state(mini_builtin_ws)
    r = run("-w", str(mini_builtin_ws), "assess", "start", "NOPE")
    assert r.exit_code == 2 and "NOPE" in r.output
    r = run("-w", str(mini_builtin_ws), "assess", "start", "STP-QLVB", "--profile", "ghost")
    assert r.exit_code == 2 and "ghost" in r.output and "level-3" in r.output
    assert dbstate.state(mini_builtin_ws) == before
    r = run("-w", str(mini_builtin_ws), "assess", "start", "STP-QLVB", "--profile", "level-1", "--assessor", "Nguyễn Văn A")
    assert r.exit_code == 0 and r.output.splitlines()[-1].isdigit()
    assert "thấp hơn cấp độ 3" in r.output  # warned: profile below the system's level


def test_list_and_show_progress(started: Started, tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    f.write_text("answers:\n  QLRR-01: Đạt\n  MANG-02: {result: N/A, justification: Không có}\n", encoding="utf-8")
    assert started.cli("assess", "answer", str(started.id), "--file", str(f)).exit_code == 0
    rows = json.loads(started.cli("assess", "list", "--json").output)
    assert rows[0]["id"] == started.id and rows[0]["answered"] == 2 and rows[0]["coverage"] == pytest.approx(1 / 3)  # a fraction, as in "assess score --json"
    show = started.cli("assess", "show", str(started.id))
    assert "Đã trả lời 2/4" in show.output and "độ bao phủ 33,3%" in show.output  # as the reports write it
    assert "Bắt buộc chưa trả lời (1): MANG-01" in show.output
    assert "QLRR-02" in show.output and "Đạt: 1" in show.output and "Không áp dụng: 1" in show.output
    data = json.loads(started.cli("assess", "show", str(started.id), "--json").output)
    assert data["progress"]["unanswered"] == ["QLRR-02", "MANG-01"]
    assert data["progress"]["mandatory_unanswered"] == ["MANG-01"]
    assert started.cli("assess", "show", "999").exit_code == 2
    text = run("-w", str(started.ws), "system", "show", "STP-QLVB").output
    assert "đang làm" in text


def test_list_filters_by_status_typed_as_the_code_or_its_vietnamese_words(started: Started) -> None:
    def ids(status: str) -> list[int]:
        r = started.cli("assess", "list", "--status", status, "--json")
        assert r.exit_code == 0, r.output
        return [row["id"] for row in json.loads(r.output)]

    assert ids("draft") == ids("đang làm") == ids("Bản nháp") == ids("dang lam") == [started.id]
    assert ids("finalized") == ids("Đã chốt") == []
    r = started.cli("assess", "list", "--status", "closed")
    assert r.exit_code == 2 and "--status" in r.output and "draft, finalized" in r.output


def test_finalize_refuses_unanswered_mandatory_then_allows_incomplete_and_records_it(
        started: Started, tmp_path: Path) -> None:
    before = started.db()
    r = started.cli("assess", "finalize", str(started.id))
    assert r.exit_code == 2 and "QLRR-01, MANG-01" in r.output and "--allow-incomplete" in r.output
    assert started.db() == before
    r = started.cli("assess", "finalize", str(started.id), "--allow-incomplete", "--yes")
    assert r.exit_code == 0, r.output
    data = json.loads(started.cli("assess", "show", str(started.id), "--json").output)
    assert data["status"] == "finalized" and data["allow_incomplete"] is True and data["finalized_by"] == "tester"


def test_finalize_when_complete_does_not_record_incomplete(started: Started, tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    f.write_text("answers:\n  QLRR-01: Đạt\n  MANG-01: Không đạt\n", encoding="utf-8")
    assert started.cli("assess", "answer", str(started.id), "--file", str(f)).exit_code == 0
    r = started.cli("assess", "finalize", str(started.id), "--allow-incomplete", "--yes")
    assert r.exit_code == 0
    assert json.loads(started.cli("assess", "show", str(started.id), "--json").output)["allow_incomplete"] is False


def test_finalized_assessment_refuses_every_change(started: Started, tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    f.write_text("answers:\n  QLRR-01: Đạt\n  MANG-01: Đạt\n", encoding="utf-8")
    assert started.cli("assess", "answer", str(started.id), "--file", str(f)).exit_code == 0
    assert started.cli("assess", "finalize", str(started.id), "--yes").exit_code == 0
    before = started.db()
    ev = tmp_path / "ev.txt"
    ev.write_text("bằng chứng", encoding="utf-8")
    for args in (["assess", "answer", str(started.id), "--file", str(f)],
                 ["assess", "answer", str(started.id), "--interactive"],
                 ["assess", "evidence", str(started.id), "QLRR-01", str(ev)],
                 ["assess", "finalize", str(started.id)]):
        r = started.cli(*args, input="d")
        assert r.exit_code == 2, (args, r.output)
        assert "đã chốt" in r.output and "assess start STP-QLVB" in r.output
    assert started.db() == before
    ws = Workspace.open(started.ws)
    with ws.read() as conn:
        a = load_assessment(conn, started.id)
    with pytest.raises(InputError, match="đã chốt"):
        ensure_draft(a)
    with ws.write() as conn, pytest.raises(InputError):
        finalize_assessment(conn, started.id, "x")
    ws.close()


def test_service_start_directly(mini_builtin_ws: Path) -> None:
    add_system(mini_builtin_ws)
    ws = Workspace.open(mini_builtin_ws)
    with ws.write() as conn:
        aid = start_assessment(conn, ws.library, "STP-QLVB", "level-2", "Trần B")
        n = len(conn.execute(select(results).where(results.c.assessment_id == aid)).all())
    ws.close()
    assert n == 3
