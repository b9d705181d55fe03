"""The Word report, read back with python-docx: Decree 30 styles (Times New Roman named, 13 pt body,
margins), the page-number field at the top centre from page 2, each appendix a section numbered from
1, real tables whose header row repeats, every text of the document present, and the same content
in the same order as the PDF."""

from __future__ import annotations

import io
import re

import docx
from docx.oxml.ns import qn
from docx.shared import Pt

from secassess.reporting.compose import compose_system
from secassess.reporting.docx import DocxRenderer
from tests.reporting.factory import NASTY, make_report


def _doc(**kwargs: object) -> docx.document.Document:
    return docx.Document(io.BytesIO(DocxRenderer().render(make_report(**kwargs))))  # type: ignore[arg-type]


def _all_text(d: docx.document.Document) -> str:
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for t in d.tables for row in t.rows for c in row.cells]
    for s in d.sections:
        parts += [p.text for p in s.header.paragraphs] + [p.text for p in s.first_page_header.paragraphs]
    return "\n".join(parts)


def test_times_new_roman_13_pt_justified_with_the_decree_margins() -> None:
    d = _doc()
    normal = d.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(13)
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(a)) for a in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")} == {"Times New Roman"}
    first = d.sections[0]
    def mm(*lengths: object) -> tuple[int, ...]:
        return tuple(round(x.mm) for x in lengths)  # type: ignore[attr-defined]

    assert mm(first.page_width, first.page_height) == (210, 297)
    assert mm(first.top_margin, first.bottom_margin, first.left_margin, first.right_margin) == (20, 20, 30, 15)
    body = next(p for p in d.paragraphs if p.text.startswith("Công an tỉnh Sông Lam báo cáo"))
    assert body.alignment == 3  # justified
    assert round(body.paragraph_format.first_line_indent.mm) == 10  # 1 cm
    sizes = {r.font.size for t in d.tables[2:] for row in t.rows for c in row.cells for p in c.paragraphs
             for r in p.runs if r.font.size is not None}
    assert sizes and min(sizes) >= Pt(11)  # tables: never below 11 pt


def test_page_number_field_from_page_2_and_each_appendix_numbered_on_its_own() -> None:
    d = _doc(controls=30)
    sections = d.sections
    assert len(sections) == 1 + len(compose_system(make_report(controls=30)).appendices)
    for i, s in enumerate(sections):
        assert s.different_first_page_header_footer  # Decree 30: no number on the first page
        header = s.header._element.xml
        assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", header)
        assert s.header.paragraphs[0].alignment == 1  # centred
        assert "PAGE" not in s.first_page_header._element.xml
        restart = s._sectPr.find(qn("w:pgNumType"))
        if i == 0:
            assert restart is None
        else:
            assert restart is not None and restart.get(qn("w:start")) == "1"
    landscape = [s for s in sections if s.page_width > s.page_height]
    assert landscape and all(round(s.top_margin.mm) == 30 for s in landscape)  # the bound edge


def test_tables_are_real_word_tables_whose_header_row_repeats() -> None:
    d = _doc(controls=30)
    header = ["Mã", "Yêu cầu", "Kết quả", "Ghi chú, bằng chứng"]
    results = [t for t in d.tables if [c.text for c in t.rows[0].cells] == header]
    assert len(results) == 3  # one per domain, in Appendix I
    for t in results:
        assert t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert t.style.name == "Table Grid"
    letterhead = d.tables[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in letterhead.rows[0].cells[1].text
    assert letterhead._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:top")).get(qn("w:val")) == "nil"


def test_every_text_of_the_document_is_in_the_word_file_in_the_same_order() -> None:
    report = make_report(name=NASTY, controls=20)
    document = compose_system(report)
    d = docx.Document(io.BytesIO(DocxRenderer().render(report)))
    text = _all_text(d)
    for piece in document.texts():
        for line in piece.split("\n"):
            if line.strip():
                assert line.strip() in text, line
    assert NASTY in text  # user text is text: no markup interpreted
    order = [p.text for p in d.paragraphs if re.match(r"^(I|II|III|IV|V|VI|VII)\. ", p.text)]
    assert order == ["I. THÔNG TIN CHUNG VỀ HỆ THỐNG", "II. PHẠM VI, CĂN CỨ VÀ PHƯƠNG PHÁP ĐÁNH GIÁ",
                     "III. KẾT QUẢ ĐÁNH GIÁ", "IV. TỒN TẠI, HẠN CHẾ VÀ RỦI RO CHỦ YẾU", "V. TÌNH HÌNH KHẮC PHỤC",
                     "VI. KIẾN NGHỊ, ĐỀ XUẤT", "VII. KẾT LUẬN"]
    labels = [p.text for p in d.paragraphs if p.text.startswith("Phụ lục ")]
    assert labels == [f"Phụ lục {a.number}" for a in document.appendices]


def test_the_results_table_holds_every_control_and_its_result() -> None:
    report = make_report(controls=30)
    d = docx.Document(io.BytesIO(DocxRenderer().render(report)))
    header = ["Mã", "Yêu cầu", "Kết quả", "Ghi chú, bằng chứng"]
    tables = [t for t in d.tables if [c.text for c in t.rows[0].cells] == header]
    rows = {row.cells[0].text: row.cells[2].text for t in tables for row in t.rows[1:]}
    from secassess.reporting.wording import Wording

    w = Wording("vi")
    for c in report.controls():
        assert rows[c.id] == w.result(c.result)
    cell = tables[0].rows[1].cells[1].text
    assert cell.startswith(next(report.controls()).title) and "\nMức độ: " in cell  # severity under the title


def test_draft_marked_in_every_header_and_signature_block_in_a_borderless_table() -> None:
    d = _doc(draft=True)
    for s in d.sections:
        assert "BẢN NHÁP" in s.header._element.xml and "BẢN NHÁP" in s.first_page_header._element.xml
    closing = next(t for t in d.tables if "Nơi nhận:" in t.rows[0].cells[0].text)
    assert "GIÁM ĐỐC" in closing.rows[0].cells[1].text and "Trần Thị Hữu Ngọc" in closing.rows[0].cells[1].text
    assert "- Lưu: VT, PA05." in closing.rows[0].cells[0].text
