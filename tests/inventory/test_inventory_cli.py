"""Units and systems from the command line: add, list, show, edit, import (YAML and CSV)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests import dbstate
from tests.conftest import run

pytestmark = pytest.mark.usefixtures("engine")  # SQLite and PostgreSQL

INVENTORY_YAML = """\
units:
  - {id: STP, name: Sở Tư pháp}
  - {id: SYT, name: Sở Y tế, contact: "Phòng CNTT, 0255 3822 000"}
systems:
  - id: STP-QLVB
    name: Hệ thống quản lý văn bản và điều hành
    unit: STP
    level: 3
    important: false
    national_database: false
    owner: Văn phòng Sở
    targets: [10.10.5.0/28, qlvb.stp.example.gov.vn]
    allowed_ports: [443]
    level_dossier_approved: 2025-03-10
    security_plan_approved: 2025-06-01
  - id: SYT-HSSK
    name: Cơ sở dữ liệu hồ sơ sức khỏe
    unit: SYT
    level: 4
    national_database: true
    targets: [10.20.0.10]
    allowed_ports: ["443/tcp", "53/udp"]
"""


def ws_args(ws: Path) -> list[str]:
    return ["-w", str(ws)]


def db(ws: Path) -> object:
    return dbstate.state(ws)


def test_unit_add_prints_id_last_and_lists(workspace: Path) -> None:
    r = run(*ws_args(workspace), "unit", "add", "STP", "Sở Tư pháp", "--contact", "Văn phòng")
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[-1] == "STP"
    r = run(*ws_args(workspace), "unit", "list", "--json")
    assert json.loads(r.output) == [{"id": "STP", "name": "Sở Tư pháp", "contact": "Văn phòng",
                                     "created_at": json.loads(r.output)[0]["created_at"], "systems": 0}]


def test_unit_add_duplicate_and_bad_id_exit_2_and_change_nothing(workspace: Path) -> None:
    assert run(*ws_args(workspace), "unit", "add", "STP", "Sở Tư pháp").exit_code == 0
    before = db(workspace)
    r = run(*ws_args(workspace), "unit", "add", "STP", "Khác")
    assert r.exit_code == 2 and "đã có" in r.output
    r = run(*ws_args(workspace), "unit", "add", "S TP;", "Khác")
    assert r.exit_code == 2 and "“id”" in r.output
    r = run(*ws_args(workspace), "unit", "add", "X", "  ")
    assert r.exit_code == 2 and "“name”" in r.output
    assert db(workspace) == before


def test_system_add_show_and_edit(workspace: Path) -> None:
    run(*ws_args(workspace), "unit", "add", "STP", "Sở Tư pháp")
    r = run(*ws_args(workspace), "system", "add", "STP-QLVB", "--name", "Quản lý văn bản", "--unit", "STP",
            "--level", "3", "--target", "10.10.5.0/28", "--target", "QLVB.stp.example.gov.vn", "--port", "443",
            "--port", "53/udp", "--level-dossier-approved", "10/03/2025", "--important")
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[-1] == "STP-QLVB"
    data = json.loads(run(*ws_args(workspace), "system", "show", "STP-QLVB", "--json").output)
    assert data["targets"] == ["10.10.5.0/28", "qlvb.stp.example.gov.vn"]
    assert data["allowed_ports"] == ["443/tcp", "53/udp"]
    assert data["level_dossier_approved"] == "2025-03-10" and data["important"] is True
    assert data["unit_name"] == "Sở Tư pháp" and data["assessments"] == []
    r = run(*ws_args(workspace), "system", "edit", "STP-QLVB", "--remove-target", "10.10.5.0/28",
            "--add-target", "10.10.6.1", "--add-port", "8443", "--not-important", "--level", "4")
    assert r.exit_code == 0, r.output
    assert "level: 3 → 4" in r.output
    data = json.loads(run(*ws_args(workspace), "system", "show", "STP-QLVB", "--json").output)
    assert data["targets"] == ["qlvb.stp.example.gov.vn", "10.10.6.1"]
    assert data["allowed_ports"] == ["443/tcp", "53/udp", "8443/tcp"]
    assert data["level"] == 4 and data["important"] is False
    text = run(*ws_args(workspace), "system", "show", "STP-QLVB").output
    assert "Quản lý văn bản" in text and "10/03/2025" in text and "qlvb.stp.example.gov.vn" in text


@pytest.mark.parametrize(("args", "needle"), [
    (["--target", "127.0.0.1 --script=x"], "khoảng trắng"),
    (["--target", "-iL"], "“-”"),
    (["--port", "http"], "cổng"),
    (["--level", "7"], "7"),
    (["--unit", "NOPE"], "NOPE"),
    (["--level-dossier-approved", "31/02/2025"], "ngày"),
])
def test_system_add_refuses_bad_values_without_change(workspace: Path, args: list[str], needle: str) -> None:
    run(*ws_args(workspace), "unit", "add", "STP", "Sở Tư pháp")
    before = db(workspace)
    base = {"--name": "A", "--unit": "STP", "--level": "3"}
    for k, v in zip(args[::2], args[1::2], strict=True):
        base[k] = v
    flat = [x for kv in base.items() for x in kv]
    if "--target" in args or "--port" in args:
        flat += args
    r = run(*ws_args(workspace), "system", "add", "S1", *flat)
    assert r.exit_code == 2, r.output
    assert needle in r.output and "Traceback" not in r.output
    assert db(workspace) == before


def test_system_edit_unknown_target_and_no_change(workspace: Path) -> None:
    (workspace.parent / "inv.yaml").write_text(INVENTORY_YAML, encoding="utf-8")
    assert run(*ws_args(workspace), "system", "import", str(workspace.parent / "inv.yaml")).exit_code == 0
    before = db(workspace)
    r = run(*ws_args(workspace), "system", "edit", "STP-QLVB", "--remove-target", "10.0.0.9")
    assert r.exit_code == 2 and "10.0.0.9" in r.output
    r = run(*ws_args(workspace), "system", "edit", "STP-QLVB")
    assert r.exit_code == 2
    r = run(*ws_args(workspace), "system", "edit", "NOPE", "--level", "2")
    assert r.exit_code == 2 and "NOPE" in r.output
    assert db(workspace) == before


def test_yaml_import_creates_then_updates_only_given_fields(workspace: Path, tmp_path: Path) -> None:
    f = tmp_path / "inv.yaml"
    f.write_text(INVENTORY_YAML, encoding="utf-8")
    r = run(*ws_args(workspace), "system", "import", str(f), "--json")
    assert r.exit_code == 0, r.output
    summary = json.loads(r.output)
    assert summary["units_created"] == ["STP", "SYT"]
    assert summary["systems_created"] == ["STP-QLVB", "SYT-HSSK"]
    run(*ws_args(workspace), "system", "edit", "STP-QLVB", "--description", "Mô tả riêng")
    # the same file again: nothing changes (the description it does not give is kept)
    summary = json.loads(run(*ws_args(workspace), "system", "import", str(f), "--json").output)
    assert summary["systems_updated"] == [] and summary["unchanged"] == 4
    f.write_text(INVENTORY_YAML.replace("level: 4", "level: 5"), encoding="utf-8")
    summary = json.loads(run(*ws_args(workspace), "system", "import", str(f), "--json").output)
    assert summary["systems_updated"] == ["SYT-HSSK"]
    systems = {s["id"]: s for s in json.loads(run(*ws_args(workspace), "system", "list", "--json").output)}
    assert systems["SYT-HSSK"]["level"] == 5 and systems["SYT-HSSK"]["national_database"] is True
    assert systems["STP-QLVB"]["description"] == "Mô tả riêng"
    assert systems["STP-QLVB"]["security_plan_approved"] == "2025-06-01"
    r = run(*ws_args(workspace), "system", "list", "--unit", "SYT")
    assert "SYT-HSSK" in r.output and "STP-QLVB" not in r.output


def test_import_with_bad_rows_lists_every_one_and_writes_nothing(workspace: Path, tmp_path: Path) -> None:
    run(*ws_args(workspace), "unit", "add", "OLD", "Đơn vị cũ")
    before = db(workspace)
    bad = INVENTORY_YAML.replace("level: 4", "level: 9").replace("[10.20.0.10]", "['10.20.0.10 -sS']")
    bad = bad.replace("unit: STP\n", "unit: GHOST\n") + """\
  - id: STP-QLVB
    name: Trùng
    unit: STP
    level: 1
    colour: blue
"""
    f = tmp_path / "bad.yaml"
    f.write_text(bad, encoding="utf-8")
    r = run(*ws_args(workspace), "system", "import", str(f))
    assert r.exit_code == 2
    out = r.output
    assert f"{f}:dòng 19: SYT-HSSK: cấp độ phải từ 1 đến 5" in out
    assert f"{f}:dòng 21: SYT-HSSK:" in out and "khoảng trắng" in out
    assert f"{f}:dòng 27: STP-QLVB: trường “colour” không được phép" in out
    assert "Traceback" not in out
    assert db(workspace) == before
    assert json.loads(run(*ws_args(workspace), "system", "list", "--json").output) == []
    # the unknown unit is found once the rows themselves are right
    f.write_text(INVENTORY_YAML.replace("unit: STP\n", "unit: GHOST\n"), encoding="utf-8")
    r = run(*ws_args(workspace), "system", "import", str(f))
    assert r.exit_code == 2 and "dòng 5: STP-QLVB: không có đơn vị “GHOST”" in r.output
    assert db(workspace) == before


CSV = """\
id,name,unit,unit_name,level,important,national_database,targets,allowed_ports,level_dossier_approved
STP-QLVB,Quản lý văn bản,STP,Sở Tư pháp,3,không,không,10.10.5.0/28; qlvb.stp.example.gov.vn,443,10/03/2025
SYT-HSSK,"Hồ sơ sức khỏe, điện tử",SYT,Sở Y tế,4,x,có,10.20.0.10 10.20.0.11,443 53/udp,
"""


@pytest.mark.parametrize("bom", [False, True])
def test_csv_import_with_or_without_bom(workspace: Path, tmp_path: Path, bom: bool) -> None:
    f = tmp_path / "inv.csv"
    f.write_bytes(("\ufeff" if bom else "").encode() + CSV.encode("utf-8"))
    r = run(*ws_args(workspace), "system", "import", str(f))
    assert r.exit_code == 0, r.output
    systems = {s["id"]: s for s in json.loads(run(*ws_args(workspace), "system", "list", "--json").output)}
    assert systems["STP-QLVB"]["targets"] == ["10.10.5.0/28", "qlvb.stp.example.gov.vn"]
    assert systems["STP-QLVB"]["level_dossier_approved"] == "2025-03-10"
    assert systems["SYT-HSSK"]["name"] == "Hồ sơ sức khỏe, điện tử"
    assert systems["SYT-HSSK"]["important"] is True and systems["SYT-HSSK"]["national_database"] is True
    assert systems["SYT-HSSK"]["targets"] == ["10.20.0.10", "10.20.0.11"]
    assert systems["SYT-HSSK"]["allowed_ports"] == ["443/tcp", "53/udp"]
    units = {u["id"]: u["name"] for u in json.loads(run(*ws_args(workspace), "unit", "list", "--json").output)}
    assert units == {"STP": "Sở Tư pháp", "SYT": "Sở Y tế"}


def test_csv_semicolon_delimited_from_excel(workspace: Path, tmp_path: Path) -> None:
    f = tmp_path / "inv.csv"
    f.write_text("id;name;unit;unit_name;level;targets\nA-1;Hệ thống A;U1;Đơn vị 1;2;10.0.0.1 10.0.0.2\n",
                 encoding="utf-8")
    r = run(*ws_args(workspace), "system", "import", str(f))
    assert r.exit_code == 0, r.output
    s = json.loads(run(*ws_args(workspace), "system", "show", "A-1", "--json").output)
    assert s["targets"] == ["10.0.0.1", "10.0.0.2"] and s["level"] == 2 and s["in_use"] is True


def test_csv_bad_rows_are_all_listed_by_line(workspace: Path, tmp_path: Path) -> None:
    before = db(workspace)
    f = tmp_path / "inv.csv"
    f.write_text(CSV + "X-1,Tên,STP,,0,,,,,\nX-2,Tên,STP,,2,maybe,,,,\nSTP-QLVB,Lặp,STP,,2,,,,,\n"
                 "X-3,Tên,STP,,2,,,\"a b;-x\",,\n", encoding="utf-8")
    r = run(*ws_args(workspace), "system", "import", str(f))
    assert r.exit_code == 2
    assert f"{f}:dòng 4: X-1: cấp độ phải từ 1 đến 5" in r.output
    assert f"{f}:dòng 5: X-2:" in r.output and "maybe" in r.output
    assert f"{f}:dòng 6: hệ thống “STP-QLVB” bị lặp (đã có ở dòng 2)" in r.output
    assert f"{f}:dòng 7: X-3:" in r.output and "“-”" in r.output
    assert db(workspace) == before


def test_csv_header_problems(workspace: Path, tmp_path: Path) -> None:
    f = tmp_path / "inv.csv"
    f.write_text("id,ten,unit\nA,B,C\n", encoding="utf-8")
    r = run(*ws_args(workspace), "system", "import", str(f))
    assert r.exit_code == 2 and "ten" in r.output and "“name”" in r.output and "“level”" in r.output


def test_import_refuses_non_utf8_and_unknown_extension(workspace: Path, tmp_path: Path) -> None:
    f = tmp_path / "inv.csv"
    f.write_bytes("id,name,unit,level\nA,Café,U,1\n".encode("latin-1"))
    r = run(*ws_args(workspace), "system", "import", str(f))
    assert r.exit_code == 2 and "UTF-8" in r.output
    g = tmp_path / "inv.txt"
    g.write_text("x", encoding="utf-8")
    assert run(*ws_args(workspace), "system", "import", str(g)).exit_code == 2


def test_dry_run_checks_and_writes_nothing(workspace: Path, tmp_path: Path) -> None:
    f = tmp_path / "inv.yaml"
    f.write_text(INVENTORY_YAML, encoding="utf-8")
    before = db(workspace)
    r = run(*ws_args(workspace), "system", "import", str(f), "--dry-run")
    assert r.exit_code == 0 and "2 mới" in r.output and "Chạy thử" in r.output
    assert db(workspace) == before


def test_english_messages(workspace: Path, tmp_path: Path) -> None:
    f = tmp_path / "inv.yaml"
    f.write_text(INVENTORY_YAML.replace("level: 4", "level: 0"), encoding="utf-8")
    r = run("--lang", "en", *ws_args(workspace), "system", "import", str(f))
    assert r.exit_code == 2 and "level must be 1 to 5" in r.output and "line 19" in r.output


def test_control_characters_are_refused(workspace: Path, tmp_path: Path) -> None:
    f = tmp_path / "inv.csv"
    f.write_text("id,name,unit,unit_name,level\nA,Tên\x00lạ,U,Đơn vị,1\n", encoding="utf-8")
    r = run(*ws_args(workspace), "system", "import", str(f))
    assert r.exit_code == 2 and f"{f}:dòng 2: A: “name”: có ký tự điều khiển" in r.output
