"""The provincial report in every format, read back: the PDF with poppler's pdftotext (Vietnamese
text, the administrative layout, page numbers), the XLSX with openpyxl, the CSV with the csv module,
the HTML with user text escaped; the same figures everywhere."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.province.conftest import Province

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def write(p: Province, fmt: str, *extra: str) -> Path:
    out = p.tmp / f"tinh.{fmt}"
    r = p.cli("report", "province", "--period", "2026-10", "-o", str(out), *extra)
    assert r.output.strip().splitlines()[-1] == str(out)
    return out


def pdf_text(path: Path, *, layout: bool = True) -> str:
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def configured(province: Province) -> Province:
    for key, *values in (("province", "tỉnh Sông Lam"), ("issuing_body", "Công an tỉnh Sông Lam"),
                         ("issuing_body_parent", "Bộ Công an"), ("place", "Sông Lam"),
                         ("document_code", "CAT-PA05"), ("signer.name", "Lê Quang Vĩnh"),
                         ("recipients", "Bộ Công an (để báo cáo)", "Lưu: VT, PA05")):
        province.cli("config", "set", key, *values)
    return province


def test_pdf_reads_back_in_vietnamese_in_the_administrative_layout(configured: Province) -> None:
    path = write(configured, "pdf")
    flat = " ".join(pdf_text(path).split())
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "CÔNG AN TỈNH SÔNG LAM",
                     "Sông Lam, ngày 05 tháng 11 năm 2026", "BÁO CÁO",
                     "Tình hình, kết quả bảo đảm an toàn thông tin, an ninh mạng tháng 10/2026",
                     "Kính gửi: Công an tỉnh Sông Lam.", "số liệu tính đến hết ngày 31/10/2026",
                     "Nhiệm vụ II.4.a", "Nhiệm vụ II.4.b", "Nhiệm vụ II.4.c",
                     "Được đánh giá trong 12 tháng gần nhất 2 3 −1",
                     "Thông báo ban đầu: trễ hạn 1 0 +1",
                     "Tỷ lệ hệ thống được đánh giá trong 12 tháng 40,0% 75,0% −35,0 điểm %",
                     "Điểm đánh giá trung bình 84,4 81,3 +3,1",
                     "Sở Y tế", "UBND xã Lâm Bình: 2 hệ thống đang sử dụng.",
                     "SYT-HIS Hệ thống thông tin bệnh viện", "31/10/2025",
                     "MANG-01: 237 ngày", "BIẾN ĐỘNG SO VỚI KỲ TRƯỚC", "KIẾN NGHỊ, ĐỀ XUẤT",
                     "Nơi nhận:", "- Như trên;", "- Bộ Công an (để báo cáo);", "- Lưu: VT, PA05.", "THỦ TRƯỞNG ĐƠN VỊ",
                     "Phụ lục I", "KẾT QUẢ THEO TỪNG ĐƠN VỊ", "CÁCH TÍNH SỐ LIỆU",
                     "DANH SÁCH HỆ THỐNG THÔNG TIN ĐANG SỬ DỤNG",
                     "(Kèm theo Báo cáo số /BC-CAT-PA05 ngày 05 tháng 11 năm 2026 của Công an tỉnh Sông Lam)"):
        assert expected in flat, expected
    assert re.search(r"Số:\s+/BC-CAT-PA05", pdf_text(path))
    cells = " ".join(pdf_text(path, layout=False).split())  # table cells in drawing order
    assert "11/10/2026 09:00 (đúng hạn) 13/10/2026 10:00 (trễ hạn) Đang xử lý" in cells
    row4 = cells[cells.index("20/10/2026 07:00"):]  # incident 4, never notified
    row4 = row4[:row4.index("Đang xử lý")]
    assert row4.count("quá hạn, chưa") == 2 and "21/10/2026 07:00" in row4 and "23/10/2026 07:00" in row4
    for word in ("secassess", "docs/", "JSON", "national-database", "important-system", "Trang 1/"):
        assert word not in flat, word


def test_pdf_in_english(configured: Province) -> None:
    flat = " ".join(pdf_text(write(configured, "pdf", "--lang", "en")).split())
    assert "SOCIALIST REPUBLIC OF VIET NAM" in flat
    assert "To: the Police of tỉnh Sông Lam." in flat
    assert "Task II.4.c" in flat and "Initial notification: late" in flat


def test_addressee_can_be_configured(configured: Province) -> None:
    configured.cli("config", "set", "province_report_to", "Ủy ban nhân dân tỉnh Sông Lam")
    flat = " ".join(pdf_text(write(configured, "pdf")).split())
    assert "Kính gửi: Ủy ban nhân dân tỉnh Sông Lam." in flat and "Kính gửi: Công an" not in flat


def test_user_text_is_escaped_in_pdf_and_html(configured: Province) -> None:
    configured.cli("unit", "add", "XSS", "<b>Đơn vị</b> & <script>alert(1)</script>",
                   now="2025-01-02T08:00:00+07:00")
    pdf = " ".join(pdf_text(write(configured, "pdf"), layout=False).split())
    assert "<b>Đơn vị</b> & <script>alert(1)</script>" in pdf
    html = write(configured, "html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;b&gt;Đơn vị&lt;/b&gt; &amp; &lt;script&gt;" in html


def test_html_is_one_printable_page_with_the_same_figures(configured: Province) -> None:
    html = write(configured, "html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html and "http://" not in html
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Kính gửi: Công an tỉnh Sông Lam.", "Nhiệm vụ II.4.b",
                     "<td>Thông báo ban đầu: trễ hạn</td><td class=\"c\">1</td><td class=\"c\">0</td>"
                     "<td class=\"c\">+1</td>", "PHỤ LỤC", "SYT-HIS – Hệ thống thông tin bệnh viện"):
        assert expected in html, expected


def test_xlsx_carries_the_same_figures(province: Province) -> None:
    wb = openpyxl.load_workbook(write(province, "xlsx"))
    assert wb.sheetnames == ["Tổng hợp", "Theo đơn vị", "Chưa đánh giá", "Quá hạn", "Sự cố", "Phụ lục hệ thống",
                             "Số liệu", "Thông tin"]
    summary = {row[1]: row[2:] for row in wb["Tổng hợp"].iter_rows(min_row=3, values_only=True)}
    assert summary["Hệ thống thông tin đang sử dụng"] == (5, 4, 1, "STP-QLVB SYT-CSDL SYT-HIS XLB-NEW XLB-TTDT")
    assert summary["Tỷ lệ hệ thống được đánh giá trong 12 tháng"][:2] == (0.4, 0.75)
    assert summary["Thông báo ban đầu: trễ hạn"] == (1, 0, 1, "#8 | SYT-HIS")
    assert summary["Tồn tại mức nghiêm trọng chưa khắc phục"] == (1, 1, 0, "#4 | SYT-CSDL")
    units = list(wb["Theo đơn vị"].iter_rows(min_row=3, values_only=True))
    assert [u[0] for u in units] == ["KHA", "STP", "SYT", "XLB", None]
    syt = units[2]
    assert syt[2:11] == (2, 0, 0, 0, 2, 0, 2, 1, 1) and syt[11] == 0.5 and syt[12] == 84.375
    assert units[-1][1] == "Tổng cộng" and units[-1][2] == 5
    overdue = list(wb["Quá hạn"].iter_rows(min_row=3, values_only=True))  # one row per system
    assert [(r[0], r[3], r[4:8], r[8], r[9], r[12]) for r in overdue] == [
        ("STP-QLVB", 1, (0, 0, 1, 0), "QLRR-02", 16, "#1:QLRR-02"),
        ("SYT-CSDL", 1, (1, 0, 0, 0), "MANG-01", 237, "#4:MANG-01"),
        ("SYT-HIS", 1, (0, 1, 0, 0), "MANG-03", 335, "#3:MANG-03")]
    assert overdue[0][10].strftime("%d/%m/%Y") == "15/10/2026"
    incidents = {r[0]: r for r in wb["Sự cố"].iter_rows(min_row=3, values_only=True)}
    assert incidents[4][10] == "quá hạn, chưa gửi" and incidents[8][10] == "trễ hạn"
    assert incidents[3][9].strftime("%d/%m/%Y %H:%M") == "11/10/2026 09:00"
    annex = list(wb["Phụ lục hệ thống"].iter_rows(min_row=3, values_only=True))
    assert [a[0] for a in annex] == ["STP-QLVB", "SYT-CSDL", "SYT-HIS", "XLB-NEW", "XLB-TTDT"]
    info = {r[0]: r[1] for r in wb["Thông tin"].iter_rows(min_row=3, values_only=True)}
    assert info["Kỳ báo cáo"] == "2026-10" and info["Khoảng 12 tháng"] == "01/11/2025 – 31/10/2026"
    assert wb.properties.created == datetime(2026, 11, 5, 3, 0)  # made at 10:00 +07:00; the format keeps UTC


def test_csv_has_every_figure_with_the_ids_behind_it(province: Province) -> None:
    raw = write(province, "csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    head, body = rows[0], rows[1:]
    assert head[:5] == ["Bảng", "Mã đơn vị / hệ thống", "Tên", "Mã chỉ tiêu", "Chỉ tiêu"]
    by = {(r[1], r[3]): r for r in body}
    assert by[("province", "summary.ii4c.notification.late")][5:] == ["1", "0", "1", "#8 | SYT-HIS"]
    assert by[("province", "total.assessed_share")][5:8] == ["0.4", "0.75", "-0.35"]
    assert by[("SYT", "average_score")][5:7] == ["84.375", "75.0"]
    assert by[("XLB", "systems_in_use")][5:] == ["2", "1", "1", "XLB-NEW XLB-TTDT"]
    assert by[("SYT-CSDL", "tcvn14423")][5] == "1" and by[("SYT-HIS", "last_assessed_on")][5] == "2025-10-31"
    tables = {r[0] for r in body}
    assert tables == {"tong_hop", "don_vi", "he_thong"}


def test_json_reads_back_into_the_model(province: Province) -> None:
    from secassess.reporting.province.json import load_report_json

    path = write(province, "json")
    report = load_report_json(path.read_bytes())
    assert report.current.summary.ii4c.notification["late"].incidents == [8]
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == "secassess/province-report"


def test_json_matches_the_documented_schema(province: Province) -> None:
    from secassess.reporting.province.json import json_schema
    from tests.reporting.schema_check import errors

    doc = Path(__file__).resolve().parents[2] / "docs" / "province-report.md"
    text = doc.read_text(encoding="utf-8")
    block = text.split("<!-- schema:start -->")[1].split("<!-- schema:end -->")[0]
    documented = json.loads(block.strip().removeprefix("```json").removesuffix("```"))
    assert documented == json_schema(), ("docs/province-report.md is out of date: "
                                         "python -m secassess.reporting.province.json")
    for args in (("--period", "2026-10"), ("--period", "2026-10", "--unit", "XLB", "--lang", "en")):
        data = json.loads(write(province, "json", *args[2:]).read_text(encoding="utf-8"))
        assert errors(data, documented, documented) == []
