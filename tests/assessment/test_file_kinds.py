"""An answers file is read by what it really is (``fsutil.sniff``), not by its name: a questionnaire
workbook saved as ``.csv`` or ``.yaml`` is read as the workbook, with a notice on stderr; a Word
document, a PDF, an OpenDocument or an old .xls is refused with one message saying what it is and
what is expected (exit 2, database unchanged)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from reportlab.pdfgen import canvas

from tests.assessment.conftest import Started, answer, results
from tests.assessment.test_xlsx import export, fill


@pytest.mark.parametrize("name", ["phieu.csv", "phieu.yaml", "phieu"])
def test_a_workbook_named_otherwise_is_read_as_the_workbook(started: Started, tmp_path: Path, name: str) -> None:
    out = tmp_path / "q.xlsx"
    export(started, out)
    fill(out, {"QLRR-01": ("Đạt", "QĐ số 5", "", "")})
    renamed = tmp_path / name
    shutil.move(out, renamed)
    r = answer(started, renamed)
    assert r.exit_code == 0, r.output
    assert f"Lưu ý: {name} thực ra là một bảng tính Excel (.xlsx)" in r.stderr
    assert "Đã cập nhật 1 yêu cầu" in r.stdout
    assert results(started)["QLRR-01"]["note"] == "QĐ số 5"


def test_a_yaml_answers_file_named_xlsx_is_read_as_yaml(started: Started, tmp_path: Path) -> None:
    f = tmp_path / "tra-loi.xlsx"
    f.write_text("answers:\n  QLRR-01: Đạt\n", encoding="utf-8")
    r = answer(started, f)
    assert r.exit_code == 0, r.output
    assert "tra-loi.xlsx thực ra là một tệp văn bản thuần" in r.stderr
    assert results(started)["QLRR-01"]["result"] == "pass"


def _others(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    word = tmp_path / "tra-loi.yaml"
    d = docx.Document()
    d.add_paragraph("QLRR-01: Đạt")
    d.save(str(word))
    pdf = tmp_path / "phieu.xlsx"
    c = canvas.Canvas(str(pdf))
    c.drawString(100, 100, "QLRR-01")
    c.save()
    ods = tmp_path / "phieu-ods.xlsx"
    with zipfile.ZipFile(ods, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    xls = tmp_path / "phieu.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    return {"word": (word, "một văn bản Word (.docx)"), "pdf": (pdf, "một tệp PDF"),
            "ods": (ods, "một bảng tính OpenDocument (.ods)"), "xls": (xls, "một tệp Office 97–2003")}


def test_other_kinds_of_file_are_named_for_what_they_are(started: Started, tmp_path: Path) -> None:
    before = started.db()
    for kind, (path, label) in _others(tmp_path).items():
        r = answer(started, path)
        assert r.exit_code == 2, (kind, r.output)
        assert r.output.count("\n") == 1 and "Traceback" not in r.output, (kind, r.output)
        assert f"{path}: tệp này thực ra là {label}" in r.output, (kind, r.output)
        assert "cần tệp trả lời YAML (.yaml) hoặc phiếu hỏi Excel (.xlsx)" in r.output, (kind, r.output)
        assert ("lưu thành .xlsx" in r.output) == (kind in ("ods", "xls")), (kind, r.output)
    assert started.db() == before


def test_the_message_is_english_with_lang_en(started: Started, tmp_path: Path) -> None:
    path, _ = _others(tmp_path)["word"]
    r = started.cli("--lang", "en", "assess", "answer", str(started.id), "--file", str(path))
    assert r.exit_code == 2
    assert "this file is really a Word document (.docx); expected a YAML answers file (.yaml) or an Excel " \
           "questionnaire (.xlsx)" in r.output
