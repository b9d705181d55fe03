"""``secassess demo`` also records incidents (some notified late, one not notified by the end of the
period) and writes the provincial report for 2026-10 in every format; the same run twice gives the
same files."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.conftest import run

FORMATS = ("pdf", "html", "csv", "xlsx", "json")


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    base = tmp_path_factory.mktemp("demo-province")
    first, second = base / "one", base / "two"
    r = run("demo", "--out", str(first))
    assert r.exit_code == 0, r.output
    r2 = run("demo", "--out", str(second))
    assert r2.exit_code == 0, r2.output
    return first / "bao-cao-tinh", second / "bao-cao-tinh", r.output


def test_the_demo_writes_the_provincial_report_in_every_format(demo_out: tuple[Path, Path, str]) -> None:
    folder, _, output = demo_out
    for fmt in FORMATS:
        f = folder / f"bao-cao-tinh-2026-10.{fmt}"
        assert f.is_file() and f.stat().st_size > 1000, f
        assert f.name in output
    assert "Bước 7. Lập báo cáo tháng 2026-10 của tỉnh" in output


def test_the_demo_province_has_late_and_missing_notifications_and_overdue_items(
        demo_out: tuple[Path, Path, str]) -> None:
    data: dict[str, Any] = json.loads((demo_out[0] / "bao-cao-tinh-2026-10.json").read_text(encoding="utf-8"))
    cur = data["current"]
    c = cur["summary"]["ii4c"]
    assert c["notification"]["late"]["systems"] == ["XLB-TTDT"]
    assert c["notification"]["overdue"]["systems"] == ["SKHCN-LGSP"]  # notified on 02/11, after the period
    assert c["full_report"]["overdue"]["systems"] == ["SYT-QLVB"]
    assert cur["total"]["overdue_items"]["value"] > 0 and data["overdue_items"]
    assert cur["summary"]["ii4a"]["assessed_12m"]["value"] > data["previous"]["summary"]["ii4a"]["assessed_12m"][
        "value"]
    assert data["header"]["issuing_body"] == "Công an tỉnh Sông Lam"


def test_the_demo_pdf_reads_back(demo_out: tuple[Path, Path, str]) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    text = subprocess.run(["pdftotext", "-layout", str(demo_out[0] / "bao-cao-tinh-2026-10.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "Kính gửi: Ủy ban nhân dân tỉnh Sông Lam." in flat  # province_report_to in the demo config
    assert "Sông Lam, ngày 05 tháng 11 năm 2026" in flat
    assert "Đại tá Lê Quang Vĩnh" in flat and "Phụ lục I" in flat
    assert "KT. GIÁM ĐỐC" in flat and "PHÓ GIÁM ĐỐC" in flat and "- Lưu: VT, PA05." in flat


def test_the_demo_province_report_is_reproducible(demo_out: tuple[Path, Path, str]) -> None:
    first, second, _ = demo_out
    for fmt in ("pdf", "docx", "html", "csv", "json"):
        name = f"bao-cao-tinh-2026-10.{fmt}"
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    a = openpyxl.load_workbook(first / "bao-cao-tinh-2026-10.xlsx")
    b = openpyxl.load_workbook(second / "bao-cao-tinh-2026-10.xlsx")
    for sheet in a.sheetnames:
        assert list(a[sheet].values) == list(b[sheet].values), sheet
