"""``secassess incident`` through the real command line: add, list, show, update; deadlines from the
configuration; history; optimistic locking; bad input exits 2 and leaves the database as it was."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests import dbstate
from tests.conftest import run

pytestmark = pytest.mark.usefixtures("engine")  # SQLite and PostgreSQL

NOW = "2026-10-20T10:00:00+07:00"


def inc(ws: Path, *args: str, now: str = NOW, user: str = "can-bo-a") -> Result:
    return run("-w", str(ws), "incident", *args, env={"SECASSESS_NOW": now, "SECASSESS_USER": user})


def ok(ws: Path, *args: str, now: str = NOW, user: str = "can-bo-a") -> Result:
    r = inc(ws, *args, now=now, user=user)
    assert r.exit_code == 0, r.output
    return r


def as_json(ws: Path, *args: str, now: str = NOW) -> Any:
    return json.loads(ok(ws, *args, "--json", now=now).output)


@pytest.fixture
def ws(workspace: Path) -> Path:
    env = {"SECASSESS_NOW": "2026-01-05T08:00:00+07:00"}
    assert run("-w", str(workspace), "unit", "add", "STP", "Sở Tư pháp", env=env).exit_code == 0
    assert run("-w", str(workspace), "unit", "add", "SYT", "Sở Y tế", env=env).exit_code == 0
    for sid, unit in (("STP-QLVB", "STP"), ("SYT-HIS", "SYT")):
        r = run("-w", str(workspace), "system", "add", sid, "--name", f"Hệ thống {sid}", "--unit", unit,
                "--level", "3", env=env)
        assert r.exit_code == 0, r.output
    return workspace


def add(ws: Path, *extra: str, system: str = "STP-QLVB", detected: str = "18/10/2026 08:00") -> int:
    r = ok(ws, "add", "--system", system, "--detected-at", detected, "--category", "mã độc", "--severity", "cao",
           "--description", "Máy chủ <b>nhiễm</b> mã độc & bị mã hóa", *extra)
    return int(r.output.strip().splitlines()[-1])


def test_add_prints_the_id_last_and_flags_an_overdue_notification(ws: Path) -> None:
    r = ok(ws, "add", "--system", "STP-QLVB", "--detected-at", "18/10/2026 08:00", "--category", "ddos",
           "--severity", "high", "--description", "Tấn công từ chối dịch vụ cổng thông tin")
    assert r.output.strip().splitlines()[-1] == "1"
    assert "QUÁ HẠN, CHƯA GỬI — hạn 19/10/2026 08:00, đã quá 1 ngày 2 giờ" in r.output
    assert "Chưa đến hạn (hạn 21/10/2026 08:00)" in r.output
    assert "đã quá hạn thông báo" in r.stderr


def test_list_json_judges_both_deadlines_now(ws: Path) -> None:
    a = add(ws, "--notified-at", "18/10/2026 09:00")
    b = add(ws, "--notified-at", "18/10/2026 10:00", "--full-report-at", "20/10/2026 07:00",
            system="SYT-HIS", detected="17/10/2026 08:00")
    c = add(ws, detected="20/10/2026 09:30")
    data = as_json(ws, "list")
    assert (data["count"], data["overdue"]) == (3, 0)
    assert data["deadlines"] == {"initial_notification_hours": 24, "full_report_hours": 72}
    got = {i["id"]: i for i in data["incidents"]}
    assert [i["id"] for i in data["incidents"]] == [c, a, b]  # newest detection first
    assert got[a]["notification"] == {"due_at": "2026-10-19T08:00:00+07:00", "done_at": "2026-10-18T09:00:00+07:00",
                                      "state": "on_time", "late_by_hours": None}
    assert got[a]["full_report"]["state"] == "pending"
    assert got[b]["notification"]["state"] == "late" and got[b]["notification"]["late_by_hours"] == 2.0
    assert got[b]["full_report"]["state"] == "on_time"
    assert got[c]["notification"]["state"] == "pending"
    assert got[a]["description"] == "Máy chủ <b>nhiễm</b> mã độc & bị mã hóa"
    assert got[b]["unit_id"] == "SYT" and got[a]["status"] == "open" and got[a]["version"] == 1
    # three days later the full reports of a and c are overdue
    later = as_json(ws, "list", "--overdue", now="2026-10-23T10:00:00+07:00")
    assert [i["id"] for i in later["incidents"]] == [c, a]
    assert later["overdue"] == 2


def test_list_filters_by_unit_status_and_detection_dates(ws: Path) -> None:
    add(ws, detected="01/10/2026 08:00")
    b = add(ws, system="SYT-HIS", detected="15/10/2026 08:00")
    add(ws, detected="31/10/2025 23:59")
    assert [i["id"] for i in as_json(ws, "list", "--unit", "SYT")["incidents"]] == [b]
    in_october = as_json(ws, "list", "--from", "01/10/2026", "--to", "15/10/2026")
    assert in_october["count"] == 2
    assert as_json(ws, "list", "--status", "resolved")["count"] == 0
    r = inc(ws, "list", "--unit", "XYZ")
    assert r.exit_code == 2 and "XYZ" in r.output


def test_deadline_hours_come_from_the_workspace_configuration(ws: Path) -> None:
    cfg = ws / "secassess.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("initial_notification_hours: 24",
                                                           "initial_notification_hours: 2"), encoding="utf-8")
    a = add(ws, "--notified-at", "18/10/2026 11:00")
    got = as_json(ws, "show", str(a))
    assert got["notification"]["due_at"] == "2026-10-18T10:00:00+07:00"
    assert got["notification"]["state"] == "late"


def test_update_keeps_history_and_resolving_needs_a_time(ws: Path) -> None:
    a = add(ws)
    ok(ws, "update", str(a), "--status", "handling", "--notified-at", "18/10/2026 10:00",
       "--add-action", "Cô lập máy chủ khỏi mạng", now="2026-10-18T10:05:00+07:00", user="can-bo-b")
    r = inc(ws, "update", str(a), "--status", "resolved")
    assert r.exit_code == 2 and "--resolved-at" in r.output
    ok(ws, "update", str(a), "--resolved-at", "19/10/2026 17:00", "--full-report-at", "19/10/2026 18:00",
       "--note", "Đã khôi phục từ bản sao lưu")
    got = as_json(ws, "show", str(a))
    assert got["status"] == "resolved" and got["version"] == 3
    assert got["actions_taken"] == "18/10/2026 10:05: Cô lập máy chủ khỏi mạng"
    assert got["resolved_at"] == "2026-10-19T17:00:00+07:00"
    hist = got["history"]
    assert [h["actor"] for h in hist] == ["can-bo-a", "can-bo-b", "can-bo-a"]
    assert hist[0]["changes"]["detected_at"] == [None, "2026-10-18T08:00:00+07:00"]
    assert hist[1]["changes"]["status"] == ["open", "handling"]
    assert hist[2]["changes"]["status"] == ["handling", "resolved"] and hist[2]["note"] == "Đã khôi phục từ bản sao lưu"
    shown = ok(ws, "show", str(a)).output
    assert "trạng thái: Mới tiếp nhận → Đang xử lý, ứng cứu" in shown and "Ghi nhận sự cố" in shown
    # taken back: the resolution time goes with it
    ok(ws, "update", str(a), "--status", "handling")
    again = as_json(ws, "show", str(a))
    assert (again["status"], again["resolved_at"]) == ("handling", None)


def test_a_time_entered_by_mistake_is_removed_with_a_dash(ws: Path) -> None:
    a = add(ws, "--notified-at", "18/10/2026 09:00")
    ok(ws, "update", str(a), "--notified-at", "-")
    got = as_json(ws, "show", str(a))
    assert got["notified_at"] is None and got["notification"]["state"] == "overdue"


def test_an_update_against_an_old_version_is_refused_and_says_who_changed_it(ws: Path) -> None:
    a = add(ws)
    ok(ws, "update", str(a), "--status", "handling", user="can-bo-b")
    r = inc(ws, "update", str(a), "--notified-at", "18/10/2026 09:00", "--expect-version", "1")
    assert r.exit_code == 2
    assert "can-bo-b" in r.output and "CHƯA được lưu" in r.output and "phiên bản 2" in r.output
    assert as_json(ws, "show", str(a))["notified_at"] is None


@pytest.mark.parametrize(("args", "where"), [
    (("add", "--system", "NOPE", "--detected-at", "18/10/2026 08:00", "--category", "ddos", "--severity", "high",
      "--description", "x"), "NOPE"),
    (("add", "--system", "STP-QLVB", "--detected-at", "21/10/2026 08:00", "--category", "ddos", "--severity",
      "high", "--description", "x"), "tương lai"),
    (("add", "--system", "STP-QLVB", "--detected-at", "18/10/2026", "--category", "ddos", "--severity", "high",
      "--description", "x"), "giờ phút"),
    (("add", "--system", "STP-QLVB", "--detected-at", "18/10/2026 08:00", "--category", "động đất", "--severity",
      "high", "--description", "x"), "--category"),
    (("add", "--system", "STP-QLVB", "--detected-at", "18/10/2026 08:00", "--category", "ddos", "--severity",
      "high", "--description", "   "), "--description"),
    (("add", "--system", "STP-QLVB", "--detected-at", "18/10/2026 08:00", "--category", "ddos", "--severity",
      "high", "--description", "x", "--notified-at", "17/10/2026 08:00"), "trước lúc phát hiện"),
    (("update", "1", "--resolved-at", "17/10/2026 08:00"), "trước lúc phát hiện"),
    (("update", "1", "--detected-at", "-"), "--detected-at"),
    (("update", "1"), "không có gì thay đổi"),
    (("update", "1", "--status", "open"), "đã ở trạng thái"),
    (("update", "99", "--status", "handling"), "#99"),
    (("show", "abc"), "mã sự cố"),
])
def test_bad_input_exits_2_with_one_message_and_changes_nothing(ws: Path, args: tuple[str, ...], where: str) -> None:
    add(ws)
    before = dbstate.state(ws)
    r = inc(ws, *args)
    assert r.exit_code == 2, r.output
    assert where in r.output and "Traceback" not in r.output
    assert dbstate.state(ws) == before
