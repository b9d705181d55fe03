"""User text has its line endings normalised once, on the way in (``text.user_text``): a lone
carriage return (old Mac files, some spreadsheet cells) or a Windows ``\\r\\n`` in a note becomes
``\\n`` wherever the text comes from, so a Markdown report's table row stays one row."""

from __future__ import annotations

import json
from pathlib import Path

from secassess.text import user_text
from tests.assessment.conftest import Started, results
from tests.assessment.test_xlsx import export, fill
from tests.conftest import run


def test_user_text_turns_every_line_ending_into_newline() -> None:
    assert user_text("a\rb\r\nc\nd\r") == "a\nb\nc\nd\n"
    assert user_text("Đa\u0323t") == "Đạt"  # NFC too


def test_a_lone_carriage_return_in_a_yaml_note_keeps_the_markdown_row_whole(started: Started, tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    f.write_text('answers:\n  QLRR-02: {result: partial, note: "Dòng một\\rDòng hai\\r\\nDòng ba"}\n'
                 '  MANG-02: {result: N/A, justification: "Không có\\rmạng không dây"}\n', encoding="utf-8")
    r = started.cli("assess", "answer", str(started.id), "--file", str(f))
    assert r.exit_code == 0, r.output
    res = results(started)
    assert res["QLRR-02"]["note"] == "Dòng một\nDòng hai\nDòng ba"
    assert res["MANG-02"]["justification"] == "Không có\nmạng không dây"
    md = tmp_path / "r.md"
    r = started.cli("report", "system", str(started.id), "--format", "md", "-o", str(md))
    assert r.exit_code == 0, r.output
    lines = md.read_bytes().decode("utf-8").split("\n")
    assert "\r" not in md.read_bytes().decode("utf-8")
    row = next(line for line in lines if line.startswith("| QLRR-02 |"))
    assert "Dòng một<br>Dòng hai<br>Dòng ba |" in row
    row = next(line for line in lines if line.startswith("| MANG-02 |"))
    assert "Không có<br>mạng không dây |" in row


def test_line_endings_in_an_excel_cell_are_read_as_line_breaks(started: Started, tmp_path: Path) -> None:
    # Excel stores a carriage return in a cell (text pasted from Windows) as the escape _x000D_
    out = tmp_path / "q.xlsx"
    export(started, out)
    fill(out, {"QLRR-01": ("Đạt", "Ghi chú_x000D_\nhai dòng", "", ""), "QLRR-02": ("Đạt", "Một_x000D_hai", "", "")})
    r = started.cli("assess", "answer", str(started.id), "--file", str(out))
    assert r.exit_code == 0, r.output
    res = results(started)
    assert res["QLRR-01"]["note"] == "Ghi chú\nhai dòng"
    assert res["QLRR-02"]["note"] == "Một\nhai"


def test_remediation_and_incident_notes_are_normalised(started: Started, tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    f.write_text("answers:\n  QLRR-01: fail\n  MANG-01: pass\n", encoding="utf-8")
    assert started.cli("assess", "answer", str(started.id), "--file", str(f)).exit_code == 0
    assert started.cli("assess", "finalize", str(started.id), "--allow-incomplete", "--yes").exit_code == 0
    r = started.cli("remediation", "update", "1", "--status", "in_progress", "--note", "Đã liên hệ\rnhà thầu")
    assert r.exit_code == 0, r.output
    shown = json.loads(started.cli("remediation", "show", "1", "--json").output)
    assert [h["note"] for h in shown["history"] if h["note"]] == ["Đã liên hệ\nnhà thầu"]
    r = started.cli("incident", "add", "--system", "STP-QLVB", "--detected-at", "18/10/2026 08:00", "--category",
                    "ddos", "--severity", "high", "--description", "Tấn công\rtừ chối dịch vụ")
    assert r.exit_code == 0, r.output
    listed = json.loads(started.cli("incident", "list", "--json").output)
    assert listed["incidents"][0]["description"] == "Tấn công\ntừ chối dịch vụ"


def test_inventory_csv_and_yaml_text_is_normalised(workspace: Path, tmp_path: Path) -> None:
    f = tmp_path / "inv.csv"
    f.write_bytes('id,name,unit,unit_name,level,description\r\n'
                  'STP-QLVB,Quản lý văn bản,STP,Sở Tư pháp,3,"Dòng một\rDòng hai"\r\n'.encode())
    r = run("-w", str(workspace), "system", "import", str(f))
    assert r.exit_code == 0, r.output
    y = tmp_path / "inv.yaml"
    y.write_text('systems:\n  - {id: STP-HCC, name: Hành chính công, unit: STP, level: 2, '
                 'owner: "Văn phòng\\r\\nSở"}\n', encoding="utf-8")
    r = run("-w", str(workspace), "system", "import", str(y))
    assert r.exit_code == 0, r.output
    shown = {s["id"]: s for s in json.loads(run("-w", str(workspace), "system", "list", "--json").output)}
    assert shown["STP-QLVB"]["description"] == "Dòng một\nDòng hai"
    assert shown["STP-HCC"]["owner"] == "Văn phòng\nSở"
