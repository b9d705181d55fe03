"""``system import`` reads YAML or CSV text: a workbook saved as ``.csv``, a Word document or a PDF
is refused with one message saying what the file really is and what is expected (exit 2, nothing
imported), never an exception from a reader that was handed the wrong kind of file."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl

from tests.conftest import run


def test_a_workbook_saved_as_csv_is_named_and_nothing_is_imported(workspace: Path, tmp_path: Path) -> None:
    f = tmp_path / "danh-muc.csv"
    wb = openpyxl.Workbook()
    wb.active.append(["id", "name", "unit", "unit_name", "level"])  # type: ignore[union-attr]
    wb.active.append(["STP-QLVB", "Quản lý văn bản", "STP", "Sở Tư pháp", 3])  # type: ignore[union-attr]
    wb.save(f)
    before = (workspace / "secassess.db").read_bytes()
    r = run("-w", str(workspace), "system", "import", str(f))
    assert r.exit_code == 2, r.output
    assert r.output == (f"Lỗi: {f}: tệp này thực ra là một bảng tính Excel (.xlsx); cần tệp danh mục YAML (.yaml, "
                        ".yml) hoặc CSV (.csv); trong Excel hoặc LibreOffice chọn Lưu thành (Save As) → CSV UTF-8\n")
    assert (workspace / "secassess.db").read_bytes() == before
    r = run("-w", str(workspace), "--lang", "en", "system", "import", str(f))
    assert "this file is really an Excel workbook (.xlsx); expected an inventory file in YAML" in r.output


def test_a_word_document_named_yaml_is_named(workspace: Path, tmp_path: Path) -> None:
    f = tmp_path / "danh-muc.yaml"
    docx.Document().save(str(f))
    r = run("-w", str(workspace), "system", "import", str(f), "--dry-run")
    assert r.exit_code == 2
    assert "tệp này thực ra là một văn bản Word (.docx); cần tệp danh mục YAML" in r.output
    assert "CSV UTF-8" not in r.output
