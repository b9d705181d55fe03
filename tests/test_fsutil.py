"""The one atomic writer: whole file or nothing, and a clear input error when it cannot write."""

from __future__ import annotations

from pathlib import Path

import pytest

from secassess.errors import InputError
from secassess.fsutil import atomic_write_text


def test_unwritable_place_is_an_input_error_naming_the_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        atomic_write_text(blocker / "sub" / "out.json", "{}")  # a file stands where the folder should be
    assert exc.value.file == str(blocker / "sub" / "out.json")
    assert "không ghi được tệp" in exc.value.message


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="thư mục"):
        atomic_write_text(tmp_path, "{}")


def test_failure_inside_the_block_leaves_no_file(tmp_path: Path) -> None:
    from secassess.fsutil import atomic_open

    target = tmp_path / "r.csv"
    with pytest.raises(RuntimeError), atomic_open(target, "w", encoding="utf-8") as fh:
        fh.write("half")
        raise RuntimeError("renderer bug")
    assert list(tmp_path.iterdir()) == []


def test_a_write_error_inside_the_block_is_an_input_error_but_other_io_is_not(tmp_path: Path) -> None:
    from secassess.fsutil import atomic_open

    with pytest.raises(InputError, match="không ghi được tệp"), atomic_open(tmp_path / "a.bin") as fh:
        fh.write(b"x")
        raise OSError(28, "No space left on device")  # as fh.write raises on a full disk
    with pytest.raises(FileNotFoundError), atomic_open(tmp_path / "b.bin"):
        (tmp_path / "missing-input").read_bytes()  # the caller's own read: not ours to relabel
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- sniff: what a file really is


def _odf(path: Path, mimetype: str) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w") as zf:  # as LibreOffice writes it: "mimetype" first, stored
        zf.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        zf.writestr("content.xml", "<office:document-content/>")
    return path


def test_sniff_tells_files_by_content_not_by_name(tmp_path: Path) -> None:
    import zipfile

    import docx
    import openpyxl
    from reportlab.pdfgen import canvas

    from secassess.fsutil import sniff

    wb = openpyxl.Workbook()
    wb.save(tmp_path / "workbook.csv")
    docx.Document().save(str(tmp_path / "letter.yaml"))
    c = canvas.Canvas(str(tmp_path / "report.yaml"))
    c.drawString(100, 100, "PDF")
    c.save()
    _odf(tmp_path / "sheet.xlsx", "application/vnd.oasis.opendocument.spreadsheet")
    _odf(tmp_path / "text.yaml", "application/vnd.oasis.opendocument.text")
    _odf(tmp_path / "slides.yaml", "application/vnd.oasis.opendocument.presentation")
    with zipfile.ZipFile(tmp_path / "archive.xlsx", "w") as zf:
        zf.writestr("readme.txt", "hello")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "old.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)  # the OLE2 header
    (tmp_path / "answers.xlsx").write_text("answers:\n  QLRR-01: Đạt\n", encoding="utf-8")
    (tmp_path / "empty.csv").write_bytes(b"")
    assert {p.name: sniff(p) for p in sorted(tmp_path.iterdir())} == {
        "answers.xlsx": "text", "archive.xlsx": "zip", "broken.xlsx": "zip", "empty.csv": "text",
        "letter.yaml": "docx", "old.xlsx": "ole2", "report.yaml": "pdf", "sheet.xlsx": "ods",
        "slides.yaml": "odf", "text.yaml": "odt", "workbook.csv": "xlsx"}


def test_wrong_kind_says_what_the_file_is_and_what_is_expected(tmp_path: Path) -> None:
    from secassess.fsutil import mislabelled, wrong_kind
    from secassess.i18n import set_lang

    err = wrong_kind(tmp_path / "x.yaml", "docx", "một tệp YAML")
    assert str(err) == f"{tmp_path / 'x.yaml'}: tệp này thực ra là một văn bản Word (.docx); cần một tệp YAML"
    assert mislabelled(tmp_path / "q.csv", "xlsx") == ("Lưu ý: q.csv thực ra là một bảng tính Excel (.xlsx) "
                                                       "(tên tệp có đuôi “.csv”); đọc theo nội dung thật.")
    assert mislabelled(tmp_path / "q.XLSX", "xlsx") is None
    set_lang("en")
    assert wrong_kind("x.csv", "ole2", "a CSV file", "save it as CSV").message == \
        "this file is really an Office 97–2003 file (.xls or .doc); expected a CSV file; save it as CSV"
