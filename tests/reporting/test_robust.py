"""No report ever fails on layout: whatever the lengths of names and notes and however many controls
are unanswered, the PDF and the Word file are written and read back (a property test), and the three
crashes seen in 0.1 (a fresh draft with nothing answered, an assessment finalized with
--allow-incomplete, a long answer note) end with exit 0."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secassess.reporting.docx import DocxRenderer
from secassess.reporting.pdf import PdfRenderer
from tests.conftest import run
from tests.reporting.conftest import pdf_pages, pdf_text
from tests.reporting.factory import make_report

#: letters, markup characters, spaces and line breaks: what officers type and what could break layout
ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạếềểễệốồổỗộứừửữựÁĐƯ0123456789 <>&/;:,.-_\"'\n()[]{}#%"


def _text(max_size: int) -> st.SearchStrategy[str]:
    return st.one_of(st.text(ALPHABET, max_size=max_size),
                     st.integers(0, max_size).map(lambda n: ("Đạt" * n)[:n]),  # one unbreakable word
                     st.integers(0, max_size // 6).map(lambda n: "lưu trữ " * n))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(name=_text(500), note=_text(20_000), controls=st.integers(1, 160), unanswered=st.booleans(),
       draft=st.booleans())
def test_any_lengths_give_a_readable_pdf_and_word_file(tmp_path_factory: pytest.TempPathFactory, name: str,
                                                       note: str, controls: int, unanswered: bool,
                                                       draft: bool) -> None:
    report = make_report(name=name or "x", note=note, controls=controls, unanswered=unanswered, draft=draft)
    tmp = tmp_path_factory.mktemp("robust")
    pdf = tmp / "r.pdf"
    pdf.write_bytes(PdfRenderer().render(report))
    assert pdf_pages(pdf) >= 2
    flat = " ".join(pdf_text(pdf).split())
    assert "STP-QLVB" in flat and "KẾT LUẬN" in flat
    word = tmp / "r.docx"
    word.write_bytes(DocxRenderer().render(report))
    body = "\n".join(p.text for p in docx.Document(str(word)).paragraphs)
    assert "KẾT LUẬN" in body


# ---------------------------------------------------------------- the crashes of 0.1, end to end

INVENTORY = """\
units:
  - {id: STP, name: Sở Tư pháp}
systems:
  - id: STP-QLVB
    name: Hệ thống quản lý văn bản và điều hành
    unit: STP
    level: 3
    targets: [10.10.5.0/28]
    allowed_ports: [443]
"""


@pytest.fixture
def level3(workspace: Path, tmp_path: Path) -> tuple[Path, int]:
    inv = tmp_path / "inv.yaml"
    inv.write_text(INVENTORY, encoding="utf-8")
    assert run("-w", str(workspace), "system", "import", str(inv)).exit_code == 0
    r = run("-w", str(workspace), "assess", "start", "STP-QLVB", "--profile", "level-3")
    assert r.exit_code == 0, r.output
    return workspace, int(r.output.splitlines()[-1])


def _report(ws: Path, aid: int, out: Path) -> str:
    r = run("-w", str(ws), "report", "system", str(aid), "-o", str(out))
    assert r.exit_code == 0, r.output
    return " ".join(pdf_text(out).split())


def test_a_fresh_level_3_draft_with_nothing_answered_is_reported(level3: tuple[Path, int], tmp_path: Path) -> None:
    ws, aid = level3
    text = _report(ws, aid, tmp_path / "fresh.pdf")
    assert "BẢN NHÁP" in text and "Yêu cầu bắt buộc chưa có kết quả đánh giá" in text
    assert "Chưa đánh giá" in text  # the appendix lists every control


def test_an_assessment_finalized_incomplete_is_reported(level3: tuple[Path, int], tmp_path: Path) -> None:
    ws, aid = level3
    r = run("-w", str(ws), "assess", "finalize", str(aid), "--allow-incomplete", "--yes")
    assert r.exit_code == 0, r.output
    text = _report(ws, aid, tmp_path / "incomplete.pdf")
    assert "BẢN NHÁP" not in text and "Không đạt" in text


def test_a_very_long_note_is_printed_whole(level3: tuple[Path, int], tmp_path: Path) -> None:
    ws, aid = level3
    note = " ".join(f"Đoạn {i}: đơn vị đã rà soát cấu hình tường lửa và lưu trữ nhật ký." for i in range(400))
    assert len(note) > 20_000
    answers = tmp_path / "a.yaml"
    answers.write_text(f"answers:\n  QLRR-01: {{result: pass, note: \"{note}\"}}\n", encoding="utf-8")
    assert run("-w", str(ws), "assess", "answer", str(aid), "--file", str(answers)).exit_code == 0
    text = _report(ws, aid, tmp_path / "long.pdf")
    assert "Đoạn 0: đơn vị" in text and "Đoạn 399: đơn vị đã rà soát cấu hình tường lửa và lưu trữ nhật ký." in text
