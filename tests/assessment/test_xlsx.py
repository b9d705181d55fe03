"""The Excel questionnaire: what a unit receives, filled the way a person would, read back safely."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from secassess.assessment.results import RESULTS, label
from tests.assessment.conftest import (
    Started,
    add_system,
    answer,
    assert_import_changes_nothing,
    results,
    start,
)


def export(s: Started, out: Path, *extra: str) -> None:
    r = s.cli("assess", "questionnaire", str(s.id), "--format", "xlsx", "-o", str(out), *extra)
    assert r.exit_code == 0, r.output


def rows_by_id(ws: object) -> dict[str, int]:
    return {str(row[0].value): row[0].row for row in ws.iter_rows(min_row=2)  # type: ignore[attr-defined]
            if row[0].value and "-" in str(row[0].value) and " " not in str(row[0].value)}


def test_workbook_layout(started: Started, tmp_path: Path) -> None:
    out = tmp_path / "q.xlsx"
    export(started, out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Hướng dẫn", "Phiếu hỏi", "_meta"]
    assert wb["_meta"].sheet_state == "veryHidden"
    meta = {r[0].value: r[1].value for r in wb["_meta"].iter_rows()}
    assert meta["assessment"] == str(started.id) and meta["system"] == "STP-QLVB" and meta["catalog"] == "mini-2025"
    cover = "\n".join(str(c.value) for row in wb["Hướng dẫn"].iter_rows() for c in row if c.value)
    assert "STP-QLVB — Hệ thống STP-QLVB" in cover and "STP — Sở Tư pháp" in cover and "level-3" in cover
    assert "Không áp dụng" in cover and "Lý do" in cover
    ws = wb["Phiếu hỏi"]
    headers = [c.value for c in ws[1]]
    assert headers[:7] == ["Mã", "Yêu cầu", "Câu hỏi", "Hướng dẫn đánh giá", "Bằng chứng điển hình", "Mức độ",
                           "Kết quả (chọn)"]
    assert ws["A2"].value == "QLRR — Quản lý rủi ro" and "A2:K2" in {str(m) for m in ws.merged_cells.ranges}
    ids = rows_by_id(ws)
    assert list(ids) == ["QLRR-01", "QLRR-02", "MANG-01", "MANG-02"]
    r = ids["QLRR-01"]
    assert ws.cell(r, 3).value == "Đơn vị đã ban hành quy trình chưa?"
    assert ws.cell(r, 6).value == "cao\nbắt buộc"
    # locked question cells, unlocked answer cells, protected sheet
    assert ws.protection.sheet is True
    assert ws.cell(r, 1).protection.locked and ws.cell(r, 3).protection.locked
    assert [ws.cell(r, c).protection.locked for c in (7, 8, 9, 10)] == [False] * 4
    assert ws.cell(r, 3).alignment.wrap_text
    assert ws.column_dimensions["C"].width == 50 and ws.column_dimensions["A"].width >= 10
    # the drop-down offers exactly the Vietnamese labels, on the result cells
    [dv] = ws.data_validations.dataValidation
    assert dv.type == "list"
    assert dv.formula1 == '"' + ",".join(label(x, "vi") for x in RESULTS) + '"'
    assert f"G{r}" in str(dv.sqref) or any(f"G{r}" in str(rng) or rng.min_row <= r <= rng.max_row
                                           for rng in dv.sqref.ranges)


def test_english_workbook(started: Started, tmp_path: Path) -> None:
    out = tmp_path / "q.xlsx"
    export(started, out, "--lang", "en")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["Instructions", "Questionnaire"]
    [dv] = wb["Questionnaire"].data_validations.dataValidation
    assert "Not applicable" in dv.formula1


def fill(path: Path, answers: dict[str, tuple[str, str, str, str]], sheet: str = "Phiếu hỏi") -> None:
    """Fill the workbook as a person would: open it, pick labels, type notes, save."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    ids = rows_by_id(ws)
    for cid, (result, note, justification, evidence) in answers.items():
        r = ids[cid]
        for col, value in zip((7, 8, 9, 10), (result, note, justification, evidence), strict=True):
            if value:
                ws.cell(r, col).value = value
    wb.save(path)


def test_filled_with_vietnamese_labels_imports_correctly(started: Started, tmp_path: Path) -> None:
    folder = tmp_path / "tu-don-vi"
    folder.mkdir()
    out = folder / "phieu-hoi.xlsx"
    export(started, out)
    (folder / "quy-che.pdf").write_bytes(b"%PDF quy che")
    (folder / "bien-ban").mkdir()
    (folder / "bien-ban" / "kiem-tra.pdf").write_bytes(b"%PDF bien ban")
    fill(out, {
        "QLRR-01": ("Đạt", "Quyết định số 12/QĐ-STP ngày 01/03/2025", "", "quy-che.pdf; bien-ban/kiem-tra.pdf"),
        "QLRR-02": ("Đạt một phần", "Mới lưu 1 tháng", "", ""),
        "MANG-01": ("Không đạt", "", "", ""),
        "MANG-02": ("Không áp dụng", "", "Không có mạng không dây", ""),
    })
    r = answer(started, out)
    assert r.exit_code == 0, r.output
    assert "Đã cập nhật 4 yêu cầu" in r.output and "thêm 2 tệp bằng chứng" in r.output
    res = results(started)
    assert {k: v["result"] for k, v in res.items()} == {"QLRR-01": "pass", "QLRR-02": "partial", "MANG-01": "fail",
                                                        "MANG-02": "not_applicable"}
    assert res["QLRR-01"]["note"] == "Quyết định số 12/QĐ-STP ngày 01/03/2025"
    assert res["MANG-02"]["justification"] == "Không có mạng không dây"
    data = json.loads(started.cli("assess", "show", str(started.id), "--json").output)
    assert sorted(a["original_name"] for a in data["attachments"]) == ["bien-ban/kiem-tra.pdf", "quy-che.pdf"]
    assert {a["source"] for a in data["attachments"]} == {"answers"}
    # export again: answers come back in the cells, the given evidence in its own locked column
    out2 = tmp_path / "again.xlsx"
    export(started, out2)
    ws = openpyxl.load_workbook(out2)["Phiếu hỏi"]
    r1 = rows_by_id(ws)["QLRR-01"]
    assert ws.cell(r1, 7).value == "Đạt" and ws.cell(r1, 10).value is None
    assert ws.cell(r1, 11).value == "quy-che.pdf\nbien-ban/kiem-tra.pdf"
    assert_import_changes_nothing(started, out2)


def test_untouched_export_imports_as_no_change(started: Started, tmp_path: Path) -> None:
    out = tmp_path / "q.xlsx"
    export(started, out)
    assert_import_changes_nothing(started, out)


def test_problems_are_named_by_row(started: Started, tmp_path: Path) -> None:
    out = tmp_path / "q.xlsx"
    export(started, out)
    (tmp_path / "secret.txt").write_text("x", encoding="utf-8")
    fill(out, {"QLRR-01": ("Đạt lắm", "", "", ""), "MANG-02": ("Không áp dụng", "", "", ""),
               "MANG-01": ("Đạt", "", "", "../secret.txt")})
    before = started.db()
    r = answer(started, out)
    assert r.exit_code == 2
    assert f"{out}:trang “Phiếu hỏi”, hàng 3: QLRR-01: không hiểu kết quả “Đạt lắm”" in r.output
    assert f"{out}:trang “Phiếu hỏi”, hàng 7: MANG-02: “Không áp dụng” cần nêu lý do" in r.output
    assert "hàng 6: MANG-01: “..” không được phép" in r.output
    assert started.db() == before


def test_unprotected_and_edited_ids_duplicates_and_missing_ids(started: Started, tmp_path: Path) -> None:
    out = tmp_path / "q.xlsx"
    export(started, out)
    wb = openpyxl.load_workbook(out)
    ws = wb["Phiếu hỏi"]
    ws.protection.sheet = False
    ids = rows_by_id(ws)
    ws.cell(ids["QLRR-02"], 1).value = "QLRR-01"  # someone typed over an id
    ws.cell(ids["QLRR-02"], 7).value = "Đạt"
    ws.cell(ids["MANG-01"], 1).value = None
    ws.cell(ids["MANG-01"], 7).value = "Đạt"
    ws.cell(ids["MANG-02"], 1).value = "MANG-03"
    ws.cell(ids["MANG-02"], 7).value = "Đạt"
    wb.save(out)
    r = answer(started, out)
    assert r.exit_code == 2
    assert "hàng 4: QLRR-01: yêu cầu xuất hiện hai lần" in r.output
    assert "hàng 6: có câu trả lời nhưng thiếu mã yêu cầu" in r.output
    assert "hàng 7: MANG-03: yêu cầu này không thuộc đợt đánh giá" in r.output


def test_workbook_of_another_assessment_is_refused(started: Started, tmp_path: Path) -> None:
    add_system(started.ws, "SYT-HSSK", 3)
    other = start(started.ws, "SYT-HSSK")
    out = tmp_path / "other.xlsx"
    r = started.cli("assess", "questionnaire", str(other), "-o", str(out))
    assert r.exit_code == 0
    fill(out, {"QLRR-01": ("Đạt", "", "", "")})
    before = started.db()
    r = answer(started, out)
    assert r.exit_code == 2
    assert f"{out}:_meta: tệp này thuộc đợt đánh giá số {other}, không phải số {started.id}" in r.output
    assert started.db() == before


def test_text_starting_with_equals_stays_text(started: Started, tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    f.write_text("answers:\n  QLRR-01: {result: Đạt, note: '=HYPERLINK(\"http://x\",\"y\")'}\n", encoding="utf-8")
    assert answer(started, f).exit_code == 0
    out = tmp_path / "q.xlsx"
    export(started, out)
    with zipfile.ZipFile(out) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in zf.read(n) for n in sheets)
    assert_import_changes_nothing(started, out)


def _zip(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> None:
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def test_hostile_or_wrong_files_are_refused_clearly(started: Started, tmp_path: Path) -> None:
    before = started.db()
    cases: list[tuple[Path, str]] = []
    p = tmp_path / "not-zip.xlsx"
    p.write_bytes(b"this is not a workbook")
    cases.append((p, "not-zip.xlsx thực ra là một tệp văn bản thuần"))  # read as YAML, which it is not either
    p = tmp_path / "word.xlsx"
    _zip(p, {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
    cases.append((p, "tệp này thực ra là một văn bản Word (.docx)"))
    p = tmp_path / "bomb.xlsx"
    _zip(p, {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
             "xl/sharedStrings.xml": b"\0" * (120 * 1024 * 1024)})
    cases.append((p, "nội dung giải nén quá lớn"))
    p = tmp_path / "ratio.xlsx"
    _zip(p, {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
             "xl/sharedStrings.xml": b"a" * (5 * 1024 * 1024)})
    cases.append((p, "nghi “zip bomb”"))
    p = tmp_path / "broken.xlsx"
    _zip(p, {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook"})
    cases.append((p, "không đọc được tệp Excel"))
    p = tmp_path / "entities.xlsx"
    good = tmp_path / "good.xlsx"
    export(started, good)
    with zipfile.ZipFile(good) as zin:
        members = {n: zin.read(n) for n in zin.namelist()}
    body = members["xl/workbook.xml"]
    body = body.split(b"?>", 1)[1] if body.startswith(b"<?xml") else body
    members["xl/workbook.xml"] = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                                  b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>' + body)
    _zip(p, members)
    cases.append((p, "khai báo XML nguy hiểm (EntitiesForbidden)"))
    p = tmp_path / "plain.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "QLRR-01"  # type: ignore[index]
    wb.save(p)
    cases.append((p, "không phải phiếu hỏi do secassess xuất"))
    p = tmp_path / "old.xls"
    p.write_bytes(b"\xd0\xcf\x11\xe0")
    cases.append((p, "một tệp Office 97–2003 (.xls hoặc .doc); cần tệp trả lời YAML"))
    for path, needle in cases:
        r = answer(started, path)
        assert r.exit_code == 2, (path.name, r.output)
        assert needle in r.output and "Traceback" not in r.output, (path.name, r.output)
    assert started.db() == before


def test_oversized_workbook_is_refused_before_opening(started: Started, tmp_path: Path) -> None:
    cfg = started.ws / "secassess.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("input_max_mb: 10", "input_max_mb: 1"), encoding="utf-8")
    p = tmp_path / "big.xlsx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("xl/workbook.xml", b"x" * (1024 * 1024 + 10))
    p.write_bytes(buf.getvalue())
    r = answer(started, p)
    assert r.exit_code == 2 and "tệp quá lớn" in r.output


def test_output_is_written_atomically(started: Started, tmp_path: Path) -> None:
    out = tmp_path / "q.xlsx"
    out.write_bytes(b"old")
    r = started.cli("assess", "questionnaire", "999", "--format", "xlsx", "-o", str(out))
    assert r.exit_code == 2 and out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".q.xlsx")] == []


@pytest.mark.parametrize("fmt", ["yaml", "xlsx"])
def test_format_is_taken_from_the_file_name(started: Started, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"q.{fmt}"
    assert started.cli("assess", "questionnaire", str(started.id), "-o", str(out)).exit_code == 0
    assert (out.read_bytes()[:2] == b"PK") == (fmt == "xlsx")
    assert started.cli("assess", "questionnaire", str(started.id), "-o", str(tmp_path / "q.txt")).exit_code == 2


def test_unwritable_output_is_a_clear_error(started: Started, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    for fmt in ("xlsx", "yaml"):
        r = started.cli("assess", "questionnaire", str(started.id), "--format", fmt, "-o", str(blocker / f"q.{fmt}"))
        assert r.exit_code == 2 and "không ghi được tệp" in r.output and "Traceback" not in r.output
