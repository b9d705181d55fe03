"""One system through three finalized assessments with the real commands (unit, system, assess,
remediation), dates fixed with SECASSESS_NOW: items opened, verified, confirmed and reopened,
never duplicated; due dates per severity and a profile's override."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run

pytestmark = pytest.mark.usefixtures("engine")  # SQLite and PostgreSQL


def cli(ws: Path, *args: str, now: str | None = None, user: str = "tester") -> Any:
    env = {"SECASSESS_USER": user}
    if now:
        env["SECASSESS_NOW"] = now
    r = run("-w", str(ws), *args, env=env)
    assert r.exit_code == 0, r.output
    return r


def assessment(ws: Path, tmp_path: Path, system: str, answers: dict[str, str], now: str,
               profile: str | None = None) -> int:
    """Start, answer and finalize an assessment at ``now``; return its id."""
    start = ["assess", "start", system] + (["--profile", profile] if profile else [])
    aid = int(cli(ws, *start, now=now).output.strip().splitlines()[-1])
    lines = ["answers:"]
    for cid, result in answers.items():
        just = ', justification: "Không có thành phần này"' if result == "not_applicable" else ""
        lines.append(f"  {cid}: {{result: {result}{just}}}")
    f = tmp_path / f"answers-{aid}.yaml"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cli(ws, "assess", "answer", str(aid), "--file", str(f), now=now)
    cli(ws, "assess", "finalize", str(aid), "--yes", now=now, user="can-bo-danh-gia")
    return aid


def items(ws: Path, *args: str, now: str | None = None) -> dict[str, dict[str, Any]]:
    data = json.loads(cli(ws, "remediation", "list", "--all", "--json", *args, now=now).output)
    by_control: dict[str, dict[str, Any]] = {}
    for i in data["items"]:
        assert (i["system_id"], i["control_id"]) not in {(v["system_id"], k) for k, v in by_control.items()}
        by_control[i["control_id"]] = i
    return by_control


def history(ws: Path, item_id: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = json.loads(cli(ws, "remediation", "show", str(item_id), "--json").output)["history"]
    return out


@pytest.fixture
def ws(mini_builtin_ws: Path) -> Path:
    w = mini_builtin_ws
    cli(w, "unit", "add", "STP", "Sở Tư pháp", now="2025-01-02T08:00:00")
    cli(w, "system", "add", "STP-QLVB", "--name", "Hệ thống quản lý văn bản", "--unit", "STP", "--level", "4",
        "--owner", "Văn phòng Sở", "--target", "10.10.5.0/28", now="2025-01-02T08:00:00")
    return w


def test_three_assessments_open_verify_confirm_reopen(ws: Path, tmp_path: Path) -> None:
    # 1st assessment, finalized 10/03/2025: three findings
    a1 = assessment(ws, tmp_path, "STP-QLVB", {"QLRR-01": "fail", "QLRR-02": "partial", "MANG-01": "fail",
                                               "MANG-02": "pass", "MANG-03": "not_applicable"},
                    "2025-03-10T09:00:00")
    first = items(ws, now="2025-03-10T10:00:00")
    assert set(first) == {"QLRR-01", "QLRR-02", "MANG-01"}
    assert {c: (i["severity"], i["due_date"], i["status"], i["result"]) for c, i in first.items()} == {
        "MANG-01": ("critical", "2025-03-25", "open", "fail"),
        "QLRR-01": ("high", "2025-04-09", "open", "fail"),
        "QLRR-02": ("medium", "2025-06-08", "open", "partial"),
    }
    assert all(i["owner"] == "Văn phòng Sở" and i["opened_by_assessment_id"] == a1 for i in first.values())
    assert first["MANG-01"]["title"]["vi"] and first["MANG-01"]["title"]["en"]
    assert history(ws, first["QLRR-01"]["id"])[0]["actor"] == "can-bo-danh-gia"

    # overdue as of a given date: only the critical item by 01/04, both by 10/04
    over = json.loads(cli(ws, "remediation", "list", "--overdue", "--as-of", "2025-04-01", "--json").output)
    assert [i["control_id"] for i in over["items"]] == ["MANG-01"] and over["overdue"] == 1
    r = cli(ws, "remediation", "list", "--as-of", "10/04/2025", now="2025-03-20T08:00:00")
    assert "3 hạng mục; 2 quá hạn tính đến 10/04/2025." in r.output

    # the unit says QLRR-02 is fixed
    cli(ws, "remediation", "update", str(first["QLRR-02"]["id"]), "--status", "resolved",
        "--note", "Đã ban hành quy trình", now="2025-05-01T08:00:00", user="dau-moi-stp")

    # 2nd assessment, 10/06/2025: QLRR-01 now passes, QLRR-02 fails after all, MANG-01 still fails,
    # MANG-02 newly partial
    a2 = assessment(ws, tmp_path, "STP-QLVB", {"QLRR-01": "pass", "QLRR-02": "fail", "MANG-01": "fail",
                                               "MANG-02": "partial", "MANG-03": "not_applicable"},
                    "2025-06-10T09:00:00")
    second = items(ws, now="2025-06-10T10:00:00")
    assert {c: i["id"] for c, i in second.items() if c in first} == {c: i["id"] for c, i in first.items()}
    assert (second["QLRR-01"]["status"], second["QLRR-01"]["verified_by_assessment_id"]) == ("verified", a2)
    assert (second["QLRR-02"]["status"], second["QLRR-02"]["due_date"]) == ("open", "2025-09-08")
    assert (second["MANG-01"]["status"], second["MANG-01"]["due_date"]) == ("open", "2025-03-25")
    assert second["MANG-01"]["last_assessment_id"] == a2
    assert (second["MANG-02"]["severity"], second["MANG-02"]["due_date"], second["MANG-02"]["opened_by_assessment_id"]) \
        == ("low", "2025-12-07", a2)
    assert [h["action"] for h in history(ws, second["MANG-01"]["id"])] == ["opened", "confirmed"]

    # 3rd assessment, 10/09/2025: QLRR-01 fails again -> the same item reopens; MANG-01 passes;
    # MANG-02 not assessed this time -> left as it is
    a3 = assessment(ws, tmp_path, "STP-QLVB", {"QLRR-01": "fail", "QLRR-02": "partial", "MANG-01": "pass",
                                               "MANG-02": "not_assessed", "MANG-03": "not_applicable"},
                    "2025-09-10T09:00:00")
    third = items(ws, now="2025-09-10T10:00:00")
    q = third["QLRR-01"]
    assert (q["id"], q["status"], q["verified_by_assessment_id"], q["due_date"], q["last_assessment_id"]) == (
        first["QLRR-01"]["id"], "open", None, "2025-10-10", a3)
    assert (third["MANG-01"]["status"], third["MANG-01"]["verified_by_assessment_id"]) == ("verified", a3)
    assert third["MANG-02"]["version"] == second["MANG-02"]["version"]
    assert third["MANG-02"]["last_assessment_id"] == a2
    assert third["QLRR-02"]["status"] == "open" and third["QLRR-02"]["result"] == "partial"
    assert [h["action"] for h in history(ws, q["id"])] == ["opened", "verified", "reopened"]
    assert [h["action"] for h in history(ws, third["QLRR-02"]["id"])] == ["opened", "updated", "reopened",
                                                                          "confirmed"]
    assert Counter(i["control_id"] for i in third.values()) == Counter({c: 1 for c in third})
    assert len(third) == 4

    # the default list leaves verified items out
    unclosed = json.loads(cli(ws, "remediation", "list", "--json", now="2025-09-10T10:00:00").output)
    assert {i["control_id"] for i in unclosed["items"]} == {"QLRR-01", "QLRR-02", "MANG-02"}


def test_profile_due_days_override(ws: Path, tmp_path: Path) -> None:
    cli(ws, "system", "add", "STP-HTQT", "--name", "Hệ thống quan trọng", "--unit", "STP", "--level", "3",
        "--important", "--owner", "Trung tâm dữ liệu", now="2025-01-02T08:00:00")
    assessment(ws, tmp_path, "STP-HTQT", {"QLRR-01": "pass", "QLRR-02": "pass", "MANG-01": "fail",
                                          "MANG-02": "fail", "VLY-01": "partial"},
               "2025-03-10T09:00:00", profile="important-system")
    got = items(ws, "--system", "STP-HTQT")
    assert got["MANG-01"]["due_date"] == "2025-03-17"  # the profile says critical: 7
    assert got["MANG-02"]["due_date"] == "2025-09-06"  # low keeps the default 180
    assert got["VLY-01"]["due_date"] == "2025-06-08"
    assert got["MANG-01"]["owner"] == "Trung tâm dữ liệu"


def test_risk_acceptance_expiry_then_next_assessment(ws: Path, tmp_path: Path) -> None:
    assessment(ws, tmp_path, "STP-QLVB", {"QLRR-01": "pass", "QLRR-02": "pass", "MANG-01": "pass",
                                          "MANG-02": "fail", "MANG-03": "pass"}, "2025-03-10T09:00:00")
    iid = items(ws)["MANG-02"]["id"]
    cli(ws, "remediation", "accept-risk", str(iid), "--approver", "Giám đốc Sở", "--reason",
        "Thiết bị thay thế năm 2026", "--until", "31/05/2025", now="2025-03-11T08:00:00")
    # the next assessment, after the acceptance ran out, finds it still failing: open, confirmed
    assessment(ws, tmp_path, "STP-QLVB", {"QLRR-01": "pass", "QLRR-02": "pass", "MANG-01": "pass",
                                          "MANG-02": "fail", "MANG-03": "pass"}, "2025-06-10T09:00:00")
    got = items(ws)["MANG-02"]
    assert got["status"] == "open" and got["risk_until"] is None
    assert [h["action"] for h in history(ws, iid)] == ["opened", "risk_accepted", "risk_expired", "confirmed"]
