"""Ids typed on the command line and in answers files: another case is accepted when it names one
id; otherwise the message suggests the closest ("không có hệ thống “stp-qlv”; có phải “STP-QLVB”?")."""

from __future__ import annotations

import json
from pathlib import Path

from tests.assessment.conftest import Started, results
from tests.conftest import run


def test_system_and_profile_ids_in_another_case(started: Started) -> None:
    r = started.cli("assess", "start", "stp-qlvb", "--profile", "LEVEL-2")
    assert r.exit_code == 0, r.output
    new = int(r.output.splitlines()[-1])
    shown = json.loads(started.cli("assess", "show", str(new), "--json").output)
    assert (shown["system_id"], shown["profile_id"]) == ("STP-QLVB", "level-2")
    listed = json.loads(started.cli("assess", "list", "--system", "Stp-Qlvb", "--json").output)
    assert sorted(a["id"] for a in listed) == [started.id, new]
    r = started.cli("system", "show", "stp-qlvb")
    assert r.exit_code == 0 and "STP-QLVB — Hệ thống STP-QLVB" in r.output and f"\n{new} " in r.output
    assert started.cli("system", "edit", "stp-qlvb", "--owner", "Văn phòng").exit_code == 0
    r = started.cli("profile", "show", "Level-3")
    assert r.exit_code == 0 and r.output.startswith("level-3 — ")


def test_unknown_ids_suggest_the_closest_and_change_nothing(started: Started) -> None:
    before = started.db()
    r = started.cli("assess", "start", "stp-qlv")
    assert r.exit_code == 2
    assert r.output == "Lỗi: không có hệ thống “stp-qlv”; có phải “STP-QLVB”?\n"
    r = started.cli("assess", "start", "STP-QLVB", "--profile", "levl-3")
    assert r.exit_code == 2 and "--profile: không có hồ sơ áp dụng “levl-3”; có phải “level-3”" in r.output
    r = started.cli("--lang", "en", "system", "show", "STP-QLB")
    assert r.exit_code == 2 and r.output == "Error: no system “STP-QLB”; did you mean “STP-QLVB”?\n"
    r = started.cli("assess", "list", "--system", "GHOST")
    assert r.exit_code == 2 and "--system: không có hệ thống “GHOST”; có: STP-QLVB" in r.output
    assert started.db() == before


def test_units_in_another_case_and_ambiguous_units(started: Started) -> None:
    ws = ["-w", str(started.ws)]
    r = run(*ws, "system", "add", "STP-HCC", "--name", "Hành chính công", "--unit", "stp", "--level", "2")
    assert r.exit_code == 0, r.output
    units = {s["id"]: s["unit_id"] for s in json.loads(run(*ws, "system", "list", "--unit", "stp", "--json").output)}
    assert units == {"STP-HCC": "STP", "STP-QLVB": "STP"}
    assert run(*ws, "unit", "add", "stp", "Một đơn vị khác").exit_code == 0
    assert json.loads(run(*ws, "system", "list", "--unit", "stp", "--json").output) == []  # exact wins
    r = run(*ws, "system", "list", "--unit", "Stp")
    assert r.exit_code == 2 and "“Stp” khớp với nhiều đơn vị" in r.output and "“STP”, “stp”" in r.output


def test_registers_take_system_ids_in_another_case(started: Started) -> None:
    r = started.cli("incident", "add", "--system", "stp-qlvb", "--detected-at", "18/10/2026 08:00", "--category",
                    "ddos", "--severity", "high", "--description", "Tấn công")
    assert r.exit_code == 0, r.output
    listed = json.loads(started.cli("incident", "list", "--system", "STP-qlvb", "--json").output)
    assert [i["system_id"] for i in listed["incidents"]] == ["STP-QLVB"]
    r = started.cli("remediation", "list", "--unit", "stp", "--system", "stp-qlvb")
    assert r.exit_code == 0, r.output
    r = started.cli("remediation", "list", "--system", "stp-qlbv")
    assert r.exit_code == 2 and "--system: không có hệ thống “stp-qlbv”; có phải “STP-QLVB”?" in r.output


def test_control_ids_on_the_command_line_and_in_answers_files(started: Started, tmp_path: Path) -> None:
    ev = tmp_path / "qd.pdf"
    ev.write_bytes(b"%PDF-1.4 quyet dinh")
    r = started.cli("assess", "evidence", str(started.id), "qlrr-01", str(ev))
    assert r.exit_code == 0, r.output
    assert "cho QLRR-01" in r.output
    r = started.cli("assess", "evidence", str(started.id), "QLRR-1", str(ev))
    assert r.exit_code == 2 and "yêu cầu QLRR-1 không thuộc đợt đánh giá số 1; có phải “QLRR-01”" in r.output
    f = tmp_path / "a.yaml"
    f.write_text("system: stp-qlvb\nanswers:\n  qlrr-02: Đạt\n  MANG-1: Đạt\n", encoding="utf-8")
    r = started.cli("assess", "answer", str(started.id), "--file", str(f))
    assert r.exit_code == 2
    assert "MANG-1: mã yêu cầu không có trong bộ tiêu chí mini-2025; có phải “MANG-01”" in r.output
    assert "hệ thống" not in r.output  # the file's system, in another case, is the assessment's
    f.write_text("system: stp-qlvb\nanswers:\n  qlrr-02: Đạt\n", encoding="utf-8")
    assert started.cli("assess", "answer", str(started.id), "--file", str(f)).exit_code == 0
    assert results(started)["QLRR-02"]["result"] == "pass"
