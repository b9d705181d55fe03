"""``secassess remediation`` through the real command line: list, show, update, accept-risk, export,
and two real processes updating the same item of one SQLite file."""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from secassess.clock import LOCAL_TZ
from secassess.remediation import service
from secassess.workspace import Workspace
from tests.conftest import run
from tests.remediation.tables import add_finalized, add_system

pytestmark = pytest.mark.usefixtures("engine")  # SQLite and PostgreSQL

T1 = datetime(2025, 3, 10, 9, 0, tzinfo=LOCAL_TZ)


@pytest.fixture
def items_ws(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace with two systems and items from one finalized assessment each:
    STP-QLVB: #1 MANG-01 critical (due 25/03), #2 QLRR-01 high (due 09/04), #3 MANG-02 low partial;
    SYT-HIS: #4 QLRR-02 medium."""
    monkeypatch.setenv("SECASSESS_NOW", T1.isoformat())
    ws = Workspace.open(workspace)
    with ws.write() as conn:
        add_system(conn, "STP-QLVB", "STP", owner="Văn phòng Sở")
        add_system(conn, "SYT-HIS", "SYT", owner="Phòng CNTT")
        a = add_finalized(conn, "STP-QLVB", {"MANG-01": "fail", "QLRR-01": "fail", "MANG-02": "partial",
                                             "MANG-03": "pass"}, finalized_at=T1)
        service.sync_with_assessment(conn, a, actor="assessor")
        b = add_finalized(conn, "SYT-HIS", {"QLRR-02": "fail"}, finalized_at=T1)
        service.sync_with_assessment(conn, b, actor="assessor")
    ws.close()
    return workspace


def rem(ws: Path, *args: str, env: dict[str, str] | None = None) -> Any:
    return run("-w", str(ws), "remediation", *args, env=env)


def listed(ws: Path, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    r = rem(ws, "list", "--json", *args, env=env)
    assert r.exit_code == 0, r.output
    data: dict[str, Any] = json.loads(r.output)
    return data


def test_list_shows_items_and_counts_overdue(items_ws: Path) -> None:
    r = rem(items_ws, "list", "--as-of", "01/04/2025")
    assert r.exit_code == 0, r.output
    assert "MANG-01" in r.output and "nghiêm trọng" in r.output and "Chưa khắc phục" in r.output
    assert "7 ngày" in r.output
    assert "4 hạng mục; 1 quá hạn tính đến 01/04/2025." in r.output
    data = listed(items_ws, "--as-of", "2025-04-01")
    assert (data["count"], data["overdue"], data["as_of"]) == (4, 1, "2025-04-01")
    first = data["items"][0]
    assert {"id", "system_id", "control_id", "title", "severity", "status", "owner", "due_date", "overdue",
            "days_overdue", "version", "risk_until", "last_note"} <= set(first)


def test_list_filters(items_ws: Path) -> None:
    assert [i["control_id"] for i in listed(items_ws, "--unit", "SYT")["items"]] == ["QLRR-02"]
    assert {i["control_id"] for i in listed(items_ws, "--system", "STP-QLVB", "--severity", "critical,high")
            ["items"]} == {"MANG-01", "QLRR-01"}
    over = listed(items_ws, "--overdue", "--as-of", "2025-04-10")
    assert [i["control_id"] for i in over["items"]] == ["MANG-01", "QLRR-01"]
    assert listed(items_ws, "--status", "verified")["items"] == []
    assert listed(items_ws, "--status", "Chưa khắc phục")["count"] == 4


@pytest.mark.parametrize(("args", "needle"), [
    (("--unit", "XYZ"), "--unit: không có đơn vị “XYZ”"),
    (("--system", "NOPE"), "không có hệ thống “NOPE”"),
    (("--status", "xong"), "trạng thái không hợp lệ “xong”"),
    (("--as-of", "31/13/2025"), "--as-of: ngày không hợp lệ"),
])
def test_list_bad_filters_are_exit_2_with_a_message(items_ws: Path, args: tuple[str, ...], needle: str) -> None:
    r = rem(items_ws, "list", *args)
    assert r.exit_code == 2 and needle in r.output and "Traceback" not in r.output


def test_show_has_full_history_and_version(items_ws: Path) -> None:
    r = rem(items_ws, "update", "1", "--status", "in_progress", "--owner", "Nguyễn Văn An",
            "--note", "Đã đặt mua tường lửa")
    assert r.exit_code == 0, r.output
    assert "phiên bản 1 → 2" in r.output and "Văn phòng Sở → Nguyễn Văn An" in r.output
    r = rem(items_ws, "show", "#1")
    assert r.exit_code == 0, r.output
    assert "Lịch sử (2 thay đổi)" in r.output
    assert "assessor · Mở hạng mục" in r.output and "tester · Cập nhật" in r.output
    assert "trạng thái: Chưa khắc phục → Đang khắc phục" in r.output
    assert "Ghi chú: Đã đặt mua tường lửa" in r.output
    assert "--expect-version 2" in r.output
    data = json.loads(rem(items_ws, "show", "1", "--json").output)
    assert data["version"] == 2 and [h["action"] for h in data["history"]] == ["opened", "updated"]
    assert data["history"][1]["changes"]["owner"] == ["Văn phòng Sở", "Nguyễn Văn An"]
    en = run("-w", str(items_ws), "--lang", "en", "remediation", "show", "1")
    assert "History (2 changes)" in en.output and "status: open → in progress" in en.output


def test_show_unknown_item(items_ws: Path) -> None:
    r = rem(items_ws, "show", "99")
    assert r.exit_code == 2 and "không có hạng mục khắc phục #99" in r.output
    r = rem(items_ws, "show", "abc")
    assert r.exit_code == 2 and "mã hạng mục phải là một số" in r.output


def test_refused_transition_is_exit_2_and_lists_what_is_allowed(items_ws: Path) -> None:
    r = rem(items_ws, "update", "1", "--status", "verified")
    assert r.exit_code == 2
    assert "không thể chuyển hạng mục từ “Chưa khắc phục” sang “Đã xác minh”" in r.output
    assert "in_progress (Đang khắc phục), resolved (Đã khắc phục, chờ xác minh)" in r.output
    r = rem(items_ws, "update", "1", "--status", "resolved")
    assert r.exit_code == 2 and "cần ghi chú (--note) hoặc bằng chứng (--evidence TỆP)" in r.output
    assert listed(items_ws)["items"][0]["version"] == 1


def test_resolved_with_evidence_stores_the_file(items_ws: Path, tmp_path: Path) -> None:
    proof = tmp_path / "biên bản nghiệm thu.pdf"
    proof.write_bytes(b"%PDF-1.4 proof of the new firewall rules\n")
    r = rem(items_ws, "update", "2", "--status", "resolved", "--evidence", str(proof))
    assert r.exit_code == 0, r.output
    assert "bằng chứng: biên bản nghiệm thu.pdf" in r.output
    data = json.loads(rem(items_ws, "show", "2", "--json").output)
    h = data["history"][-1]
    import hashlib

    sha = hashlib.sha256(proof.read_bytes()).hexdigest()
    assert h["attachment_sha256"] == sha and h["attachment_name"] == "biên bản nghiệm thu.pdf"
    assert (items_ws / "evidence" / sha[:2] / sha[2:]).read_bytes() == proof.read_bytes()
    assert data["status"] == "resolved"


def test_missing_evidence_file_changes_nothing(items_ws: Path, tmp_path: Path) -> None:
    r = rem(items_ws, "update", "2", "--status", "resolved", "--evidence", str(tmp_path / "none.pdf"))
    assert r.exit_code == 2 and "none.pdf" in r.output
    assert json.loads(rem(items_ws, "show", "2", "--json").output)["version"] == 1


def test_accept_risk_and_expiry_on_the_first_command_after(items_ws: Path) -> None:
    r = rem(items_ws, "accept-risk", "3", "--approver", "Giám đốc Sở Tư pháp", "--reason",
            "Thiết bị cũ, thay thế trong năm 2026", "--until", "30/06/2025")
    assert r.exit_code == 0, r.output
    later = {"SECASSESS_NOW": "2025-06-30T17:00:00"}
    item = {i["id"]: i for i in listed(items_ws, env=later)["items"]}[3]
    assert item["status"] == "risk_accepted" and item["risk_until"] == "2025-06-30"
    after = {"SECASSESS_NOW": "2025-07-01T08:00:00"}
    r = rem(items_ws, "list", env=after)
    assert r.exit_code == 0
    assert "Đã mở lại 1 hạng mục do hết hạn chấp nhận rủi ro: #3 STP-QLVB/MANG-02 (hết hạn sau 30/06/2025)" \
        in r.output
    data = listed(items_ws, env=after)
    assert data["reopened_expired"] == []  # only once
    item = {i["id"]: i for i in data["items"]}[3]
    assert item["status"] == "open" and item["risk_until"] is None


def test_accept_risk_needs_a_future_date(items_ws: Path) -> None:
    r = rem(items_ws, "accept-risk", "3", "--approver", "A", "--reason", "B", "--until", "2025-03-09")
    assert r.exit_code == 2 and "--until" in r.output and "đã qua" in r.output
    r = rem(items_ws, "accept-risk", "3", "--approver", "A", "--until", "2025-12-31")
    assert r.exit_code == 2 and "--reason" in r.output


def test_expiry_is_announced_by_other_commands_too(items_ws: Path) -> None:
    assert rem(items_ws, "accept-risk", "3", "--approver", "A", "--reason", "B", "--until",
               "2025-04-30").exit_code == 0
    r = rem(items_ws, "show", "1", env={"SECASSESS_NOW": "2025-05-02T08:00:00"})
    assert r.exit_code == 0 and "Đã mở lại 1 hạng mục" in r.output  # on stderr, mixed in by CliRunner


def test_export_csv_has_bom_and_vietnamese_headers(items_ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "khac-phuc.csv"
    r = rem(items_ws, "export", "-o", str(out), "--as-of", "2025-04-01")
    assert r.exit_code == 0, r.output
    assert r.output.strip().splitlines()[-1] == str(out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][:6] == ["Mã hạng mục", "Đơn vị", "Mã hệ thống", "Tên hệ thống", "Mã yêu cầu", "Nội dung yêu cầu"]
    assert len(rows) == 5
    by_control = {row[4]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_control["MANG-01"]["Trạng thái"] == "Chưa khắc phục"
    assert by_control["MANG-01"]["Hạn khắc phục"] == "2025-03-25"
    assert by_control["MANG-01"]["Số ngày quá hạn"] == "7"
    assert by_control["MANG-02"]["Kết quả đánh giá gần nhất"] == "Đạt một phần"


def test_export_cells_never_become_formulas(items_ws: Path, tmp_path: Path) -> None:
    assert rem(items_ws, "update", "1", "--owner", "=HYPERLINK(\"http://x\",\"y\")").exit_code == 0
    out = tmp_path / "k.csv"
    assert rem(items_ws, "export", "-o", str(out)).exit_code == 0
    assert "'=HYPERLINK" in out.read_text(encoding="utf-8-sig")
    from openpyxl import load_workbook

    x = tmp_path / "k.xlsx"
    assert rem(items_ws, "export", "-o", str(x)).exit_code == 0
    sheet = load_workbook(x).worksheets[0]
    owners = [c.value for c in sheet["J"]]
    assert "=HYPERLINK(\"http://x\",\"y\")" in owners
    assert all(c.data_type == "s" for c in sheet["J"])


def test_export_xlsx_reads_back_with_openpyxl(items_ws: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "khac-phuc.xlsx"
    r = rem(items_ws, "export", "--format", "xlsx", "-o", str(out), "--as-of", "01/04/2025")
    assert r.exit_code == 0, r.output
    wb = load_workbook(out)
    sheet = wb["Khắc phục"]
    headers = [c.value for c in sheet[1]]
    assert headers[:11] == ["Mã hạng mục", "Đơn vị", "Mã hệ thống", "Tên hệ thống", "Mã yêu cầu",
                            "Nội dung yêu cầu", "Mức độ", "Kết quả đánh giá gần nhất", "Trạng thái",
                            "Người phụ trách", "Hạn khắc phục"]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["F"].width >= 30  # the control title is wide
    assert sheet["F2"].alignment.wrap_text and sheet["A1"].font.bold
    assert sheet.auto_filter.ref == f"A1:V{sheet.max_row}"
    rows = [dict(zip(headers, [c.value for c in row], strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == 4
    mang = next(r for r in rows if r["Mã yêu cầu"] == "MANG-01")
    assert mang["Hạn khắc phục"].date() == date(2025, 3, 25)  # a real date cell
    assert mang["Mức độ"] == "nghiêm trọng" and mang["Số ngày quá hạn"] == 7
    info = wb["Thông tin"]
    assert info["B4"].value == 4 and info["B5"].value == 1


def test_export_json_and_english(items_ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "k.json"
    assert rem(items_ws, "export", "-o", str(out), "--system", "SYT-HIS").exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["count"] == 1 and data["items"][0]["control_id"] == "QLRR-02"
    en = tmp_path / "en.csv"
    assert run("-w", str(items_ws), "--lang", "en", "remediation", "export", "-o", str(en)).exit_code == 0
    assert en.read_text(encoding="utf-8-sig").startswith("Item id,Unit,System id,System name,Control id")


def test_export_refuses_unknown_format_and_leaves_no_file(items_ws: Path, tmp_path: Path) -> None:
    r = rem(items_ws, "export", "-o", str(tmp_path / "k.pdf"))
    assert r.exit_code == 2 and "--format csv, xlsx hoặc json" in r.output
    assert list(tmp_path.glob("k.*")) == []
    r = rem(items_ws, "export", "-o", str(tmp_path / "k.csv"), "--unit", "NONE")
    assert r.exit_code == 2 and not (tmp_path / "k.csv").exists()
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    r = rem(items_ws, "export", "-o", str(tmp_path / "a-file" / "k.xlsx"))
    assert r.exit_code == 2 and "không ghi được tệp" in r.output and "Traceback" not in r.output


# --------------------------------------------------------------------------- two real processes


def _cli(ws: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "secassess", "-w", str(ws), "remediation", *args]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("SECASSESS_NOW", None)
    return env


def test_two_processes_update_the_same_item_one_is_told_of_the_conflict(items_ws: Path) -> None:
    env = _env()
    procs = [
        subprocess.Popen(_cli(items_ws, "update", "1", "--owner", owner, "--note", f"giao cho {owner}",
                              "--expect-version", "1"),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env={**env, "SECASSESS_USER": user})
        for user, owner in (("can-bo-a", "Trần Thị Bình"), ("can-bo-b", "Lê Văn Cường"))
    ]
    outs = [(p.wait(timeout=60), *p.communicate()) for p in procs]
    codes = sorted(code for code, _o, _e in outs)
    assert codes == [0, 2], outs
    winner = next(i for i, (code, _o, _e) in enumerate(outs) if code == 0)
    loser = 1 - winner
    win_user, win_owner = (("can-bo-a", "Trần Thị Bình"), ("can-bo-b", "Lê Văn Cường"))[winner]
    lose_user, lose_owner = (("can-bo-a", "Trần Thị Bình"), ("can-bo-b", "Lê Văn Cường"))[loser]
    err = outs[loser][2]
    assert "hạng mục vừa được người khác thay đổi" in err and win_user in err and win_owner in err
    assert "CHƯA được lưu" in err and "--expect-version 2" in err and "Traceback" not in err
    data = json.loads(rem(items_ws, "show", "1", "--json").output)
    assert data["owner"] == win_owner and data["version"] == 2
    changes = [h for h in data["history"] if h["action"] != "opened"]
    assert len(changes) == 1 and changes[0]["actor"] == win_user
    assert changes[0]["changes"]["owner"] == ["Văn phòng Sở", win_owner]
    # the loser reads the message, looks, and retries against version 2: nothing is lost
    retry = subprocess.run(_cli(items_ws, "update", "1", "--owner", lose_owner, "--expect-version", "2"),
                           capture_output=True, text=True, env={**env, "SECASSESS_USER": lose_user})
    assert retry.returncode == 0, retry.stderr
    data = json.loads(rem(items_ws, "show", "1", "--json").output)
    assert data["owner"] == lose_owner and data["version"] == 3
    assert [h["actor"] for h in data["history"]] == ["assessor", win_user, lose_user]


def _read_then_write(ws: str, owner: str, barrier: Any, results: Any) -> None:
    """In a separate process: read the item, wait until the other process has read it too, write."""
    os.environ.pop("SECASSESS_NOW", None)
    w = Workspace.open(Path(ws))
    try:
        with w.read() as conn:
            version = service.get_item(conn, 1).version
        barrier.wait(timeout=30)
        try:
            with w.write() as conn:
                service.update_item(conn, 1, actor=owner, expect_version=version, owner=owner)
            results.put((owner, "ok"))
        except service.ConflictError as exc:
            results.put((owner, f"conflict: {exc}"))
    finally:
        w.close()


def test_two_processes_that_both_read_version_1_then_write(items_ws: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_read_then_write, args=(str(items_ws), who, barrier, results))
             for who in ("Phạm An", "Hoàng Bảo")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    got = dict(results.get(timeout=5) for _ in procs)
    assert sorted(v == "ok" for v in got.values()) == [False, True], got
    winner = next(k for k, v in got.items() if v == "ok")
    loser = next(k for k, v in got.items() if v != "ok")
    assert winner in got[loser] and "CHƯA được lưu" in got[loser]
    with Workspace.open(items_ws).read() as conn:
        item = service.get_item(conn, 1)
        hist = service.history(conn, 1)
    assert item.owner == winner and item.version == 2
    assert [h.actor for h in hist] == ["assessor", winner]
