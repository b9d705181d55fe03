"""Word renderer: a :class:`~secassess.reporting.document.Document` as an editable .docx (python-docx)
with the same content, in the same order, as the PDF — for officers who number, edit and sign in Word.

Decree 30/2020/NĐ-CP styles: A4, margins 20/20/30/15 mm (landscape appendices 30 mm at the bound
edge, 20 mm elsewhere), "Times New Roman" named as the font, body 13 pt justified with the first
line indented 1 cm and 6 pt between paragraphs, tables 11 pt; the letterhead and the signature block
as borderless tables; a PAGE field at the top centre from page 2 (no number on page 1), each
appendix a section of its own numbered from 1; real Word tables whose header row repeats on every
page. Column widths are measured with the bundled Liberation Serif, which has the widths of Times
New Roman, so a cell that fits in the PDF fits in Word.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from secassess.reporting import layout
from secassess.reporting.compose import compose_system
from secassess.reporting.document import (
    Appendix,
    Banner,
    Bar,
    Block,
    Cell,
    Column,
    Document,
    Heading,
    KeyValue,
    Para,
    Run,
)
from secassess.reporting.document import Table as DocTable
from secassess.text import printable

FONT = "Times New Roman"
BODY_PT, TABLE_PT, HEAD_PT, TITLE_PT = 13, 11, 12, 14
PORTRAIT = {"width": 210, "height": 297, "top": 20, "bottom": 20, "left": 30, "right": 15}
LANDSCAPE = {"width": 297, "height": 210, "top": 30, "bottom": 20, "left": 20, "right": 20}
HEAD_FILL = "E6E6E6"
TOTAL_FILL = "F5F5F5"
DRAFT_RED = RGBColor(0xB3, 0x1A, 0x1A)
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}
#: a fixed date inside the file when the output must be reproducible (SECASSESS_NOW)
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _mm_to_pt(x: float) -> float:
    return x * 72 / 25.4


@lru_cache(maxsize=1)
def _measure() -> layout.Measure:
    """Text widths in the bundled Liberation Serif (the widths of Times New Roman)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from secassess.reporting.fonts import bundled, find_fonts, register

    fonts = register(bundled() or find_fonts())

    def measure(text: str, bold: bool, size: float) -> float:
        return float(stringWidth(text, fonts.bold if bold else fonts.regular, size))

    return measure


def _set_cell_shading(cell: Any, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _no_borders(table: Any) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _box(table: Any, colour: str, size: int) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(size))
        el.set(qn("w:color"), colour)
        borders.append(el)
    tbl_pr.append(borders)


def _fixed_layout(table: Any, widths: Sequence[float]) -> None:
    """Column widths Word keeps (fixed layout, a grid and every cell's width), and the cell padding
    the widths were measured with (``layout.CELL_PAD``: 3 pt each side; Word's default is 5.4 pt)."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("top", 40), ("left", 60), ("bottom", 40), ("right", 60)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(twips))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.append(margins)
    lay = OxmlElement("w:tblLayout")
    lay.set(qn("w:type"), "fixed")
    tbl_pr.append(lay)
    for row in table.rows:
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = Pt(w)
    for col, w in zip(table.columns, widths, strict=True):
        col.width = Pt(w)


def _repeat_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _rule(paragraph: Any, width_pt: float, available_pt: float) -> None:
    """A centred horizontal rule ``width_pt`` long: the bottom border of an empty paragraph indented
    from both sides."""
    side = max(0.0, (available_pt - width_pt) / 2)
    pf = paragraph.paragraph_format
    pf.left_indent = Pt(side)
    pf.right_indent = Pt(side)
    pf.space_after = Pt(4)
    pf.space_before = Pt(0)
    pf.line_spacing = Pt(2)
    p_pr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    bdr.append(bottom)
    p_pr.append(bdr)


def _page_field(paragraph: Any) -> None:
    """The PAGE field (Word fills in the page number)."""
    def fld(kind: str) -> None:
        r = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        r._r.append(el)

    fld("begin")
    r = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    r._r.append(instr)
    fld("separate")
    paragraph.add_run("2")
    fld("end")


@lru_cache(maxsize=256)
def _bar_png(value: float | None, partial: float, compliant: float) -> bytes:
    """A score bar as a small PNG (the PDF draws the same bar as vector graphics)."""
    from PIL import Image, ImageDraw

    from secassess.reporting.pdf import bar_colour

    scale = 4  # pixels per point
    w, h = int(90 * scale), int(9 * scale)
    img = Image.new("RGB", (w + 2, h + 8), "white")
    d = ImageDraw.Draw(img)
    d.rectangle([1, 4, w, h + 3], fill=(242, 242, 242), outline=(89, 89, 89))
    if value is not None:
        s = max(0.0, min(100.0, value))
        r, g, b = (int(c * 255) for c in bar_colour(s, partial, compliant))
        d.rectangle([1, 4, 1 + int(w * s / 100), h + 3], fill=(r, g, b))
    for t in (partial, compliant):
        x = 1 + int(w * t / 100)
        d.line([x, 0, x, h + 7], fill=(0, 0, 0), width=3)
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()


class DocxBuilder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.d = new_docx()
        self.width = _mm_to_pt(PORTRAIT["width"] - PORTRAIT["left"] - PORTRAIT["right"])
        self._styles()

    # ------------------------------------------------------------------ setup

    def _styles(self) -> None:
        normal = self.d.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(BODY_PT)
        r_pr = normal.element.get_or_add_rPr()
        fonts = r_pr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            r_pr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
        pf = normal.paragraph_format
        pf.space_before = Pt(0)
        pf.space_after = Pt(6)
        pf.line_spacing = 1.0
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "vi-VN" if self.doc.meta.lang == "vi" else "en-US")
        r_pr.append(lang)

    def _page(self, section: Any, geometry: dict[str, int], *, restart: bool) -> None:
        section.orientation = WD_ORIENT.LANDSCAPE if geometry["width"] > geometry["height"] else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(geometry["width"]), Mm(geometry["height"])
        section.top_margin, section.bottom_margin = Mm(geometry["top"]), Mm(geometry["bottom"])
        section.left_margin, section.right_margin = Mm(geometry["left"]), Mm(geometry["right"])
        section.header_distance = Mm(max(geometry["top"] - 12, 5))
        section.different_first_page_header_footer = True  # Decree 30: no number on the first page
        if restart:
            pg = OxmlElement("w:pgNumType")
            pg.set(qn("w:start"), "1")
            section._sectPr.append(pg)
        header = section.header
        header.is_linked_to_previous = False
        p = header.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_field(p)
        for run in p.runs:
            run.font.size = Pt(BODY_PT)
        first = section.first_page_header
        first.is_linked_to_previous = False
        if self.doc.draft_mark:
            for hdr in (header, first):
                q = hdr.add_paragraph()
                q.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                run = q.add_run(self.doc.draft_mark)
                run.bold = True
                run.font.size = Pt(TABLE_PT)
                run.font.color.rgb = DRAFT_RED

    # ------------------------------------------------------------------ text

    def add_runs(self, p: Any, content: Sequence[Run], size: float | None = None, *, bold: bool = False,
                 italic: bool = False) -> None:
        for r in content:
            run = p.add_run(printable(r.text))
            run.bold = r.bold or bold or None
            run.italic = r.italic or italic or None
            if size:
                run.font.size = Pt(size)

    def para(self, container: Any, content: Sequence[Run] | str, *, size: float | None = None,
             align: Any = None, bold: bool = False, italic: bool = False, indent: bool = False,
             after: float | None = None, keep: bool = False) -> Any:
        if isinstance(content, str):
            content = (Run(content),)
        p = container.add_paragraph()
        self.add_runs(p, content, size, bold=bold, italic=italic)
        pf = p.paragraph_format
        if align is not None:
            p.alignment = align
        if indent:
            pf.first_line_indent = Mm(10)
        if after is not None:
            pf.space_after = Pt(after)
        if keep:
            pf.keep_with_next = True
        return p

    def cell_para(self, cell: Any, first: list[bool]) -> Any:
        """The cell's own empty paragraph for its first text, new ones after it."""
        if first[0]:
            first[0] = False
            return cell.paragraphs[0]
        return cell.add_paragraph()

    # ------------------------------------------------------------------ the document

    def build(self) -> bytes:
        d = self.doc
        self._page(self.d.sections[0], PORTRAIT, restart=False)
        self.letterhead()
        self.title()
        for b in d.blocks:
            self.block(b)
        self.closing()
        for a in d.appendices:
            self.appendix(a)
        self.properties()
        buf = io.BytesIO()
        self.d.save(buf)
        data = buf.getvalue()
        return _reproducible_zip(data) if d.meta.reproducible else data

    def properties(self) -> None:
        from secassess import clock

        m, cp = self.doc.meta, self.d.core_properties
        cp.title = printable(m.title)[:255]
        cp.subject = printable(m.subject)[:255]
        cp.author = printable(m.author)[:255]
        cp.last_modified_by = cp.author
        cp.comments = m.creator
        cp.language = "vi-VN" if m.lang == "vi" else "en-US"
        cp.revision = 1
        when = clock.now().replace(tzinfo=None) if not m.reproducible else datetime(2000, 1, 1)
        cp.created = cp.modified = when

    def letterhead(self) -> None:
        lh, measure = self.doc.letterhead, _measure()
        left_w, right_w = self.width * 0.42, self.width * 0.58
        t = self.d.add_table(rows=1, cols=2)
        _no_borders(t)
        _fixed_layout(t, [left_w, right_w])
        left, right = t.rows[0].cells
        first = [True]
        if lh.parent_body:
            p = self.cell_para(left, first)
            self.add_runs(p, (Run(lh.parent_body),), HEAD_PT)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(0)
        p = self.cell_para(left, first)
        self.add_runs(p, (Run(lh.issuing_body, bold=True),), HEAD_PT)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        body_w = min(measure(printable(lh.issuing_body), True, HEAD_PT), left_w - 10)
        _rule(left.add_paragraph(), max(body_w * 0.4, 30), left_w - 10)
        self.para(left, lh.number_line, size=BODY_PT, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
        first = [True]
        for text, size, bold in ((lh.national_heading, HEAD_PT, True), (lh.motto, BODY_PT, True)):
            p = self.cell_para(right, first)
            self.add_runs(p, (Run(text, bold=bold),), size)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(0)
        _rule(right.add_paragraph(), measure(lh.motto, True, BODY_PT), right_w - 10)
        self.para(right, lh.place_date, size=BODY_PT, align=WD_ALIGN_PARAGRAPH.CENTER, italic=True, after=0)
        self.d.add_paragraph()

    def title(self) -> None:
        d = self.doc
        center = WD_ALIGN_PARAGRAPH.CENTER
        self.para(self.d, d.kind, size=TITLE_PT, bold=True, align=center, after=0, keep=True)
        self.para(self.d, d.title, size=TITLE_PT, bold=True, align=center, after=0, keep=True)
        if d.subtitle:
            self.para(self.d, d.subtitle, size=BODY_PT, italic=True, align=center, after=0, keep=True)
        line = max(_measure()(x, True, TITLE_PT) for x in printable(d.title).split("\n"))
        _rule(self.d.add_paragraph(), max(min(line, self.width) / 3, 40), self.width)
        if d.addressee:
            self.para(self.d, d.addressee, size=TITLE_PT, align=center, after=8)

    def block(self, b: Block) -> None:
        if isinstance(b, Para):
            just = WD_ALIGN_PARAGRAPH.JUSTIFY
            if b.style in ("body", "bullet"):
                content = (Run("- "), *b.content) if b.style == "bullet" else b.content
                self.para(self.d, content, align=just, indent=True)
            elif b.style == "text":
                self.para(self.d, b.content, align=just)
            elif b.style == "center":
                self.para(self.d, b.content, align=WD_ALIGN_PARAGRAPH.CENTER)
            elif b.style == "italic_center":
                self.para(self.d, b.content, align=WD_ALIGN_PARAGRAPH.CENTER, italic=True)
            else:  # note
                self.para(self.d, b.content, size=TABLE_PT, italic=True, align=just, after=4)
        elif isinstance(b, Heading):
            self.para(self.d, b.text, bold=True, italic=b.level >= 3, align=WD_ALIGN_PARAGRAPH.JUSTIFY, keep=True)
        elif isinstance(b, DocTable):
            self.table(b)
        elif isinstance(b, KeyValue):
            rows: list[list[Cell]] = [[(Run(k, bold=True),), v] for k, v in b.rows]
            self.table(DocTable((Column("text", 0.36), Column("text", 0.64)), None, rows))
        elif isinstance(b, Banner):
            t = self.d.add_table(rows=1, cols=1)
            _box(t, "B31A1A", 12)
            _fixed_layout(t, [self.width])
            cell = t.rows[0].cells[0]
            _set_cell_shading(cell, "FDEEEE")
            p = cell.paragraphs[0]
            self.add_runs(p, (Run(b.text, bold=True),), HEAD_PT)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self.d.add_paragraph()
        else:  # pragma: no cover - composer bug
            raise TypeError(f"unknown block {type(b).__name__}")

    def table(self, t: DocTable) -> None:
        widths = layout.column_widths(t, self.width, TABLE_PT, _measure()).widths
        header = t.header is not None
        table = self.d.add_table(rows=len(t.rows) + (1 if header else 0), cols=len(t.columns))
        table.style = self.d.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        _fixed_layout(table, widths)
        rows = table.rows
        if header:
            assert t.header is not None
            _repeat_header(rows[0])
            for cell, text in zip(rows[0].cells, t.header, strict=True):
                _set_cell_shading(cell, HEAD_FILL)
                p = cell.paragraphs[0]
                self.add_runs(p, (Run(text, bold=True),), TABLE_PT)
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.paragraph_format.space_after = Pt(0)
        last = len(t.rows) - 1
        for r, row in enumerate(t.rows):
            cells = rows[r + (1 if header else 0)].cells
            total = t.total_row and r == last
            for c, (cell, value) in enumerate(zip(cells, row, strict=True)):
                bold = (r, c) in t.bold_cells or total
                if total:
                    _set_cell_shading(cell, TOTAL_FILL)
                self.fill(cell, value, t.columns[c], bold)
        self.d.add_paragraph().paragraph_format.space_after = Pt(0)

    def fill(self, cell: Any, value: Cell, col: Column, bold: bool) -> None:
        p = cell.paragraphs[0]
        p.paragraph_format.space_after = Pt(0)
        p.alignment = ALIGN[col.align]
        if isinstance(value, Bar):
            p.add_run().add_picture(io.BytesIO(_bar_png(value.value, value.partial, value.compliant)),
                                    width=Pt(90))
            return
        content = (Run(value),) if isinstance(value, str) else value
        self.add_runs(p, content, TABLE_PT, bold=bold)

    def closing(self) -> None:
        d = self.doc
        if self.d.paragraphs:  # the last paragraph goes to the next page with the signature, as in the PDF
            self.d.paragraphs[-1].paragraph_format.keep_with_next = True
        self.d.add_paragraph().paragraph_format.keep_with_next = True
        t = self.d.add_table(rows=1, cols=2)
        _no_borders(t)
        _fixed_layout(t, [self.width * 0.45, self.width * 0.55])
        left, right = t.rows[0].cells
        p = left.paragraphs[0]
        self.add_runs(p, (Run(d.recipients_heading, bold=True, italic=True),), 12)
        p.paragraph_format.space_after = Pt(0)
        for line in d.recipients:
            self.para(left, line, size=11, after=0)
        s = d.signature
        first = [True]
        center = WD_ALIGN_PARAGRAPH.CENTER
        for text in (s.authority, s.title):
            if text:
                p = self.cell_para(right, first)
                self.add_runs(p, (Run(text, bold=True),), BODY_PT)
                p.alignment = center
                p.paragraph_format.space_after = Pt(0)
        if s.hint:
            self.para(right, s.hint, italic=True, align=center, after=0)
        for _ in range(4):  # room for the signature and the seal
            self.para(right, "", after=0)
        self.para(right, s.name, bold=True, align=center, after=0)
        # keep the signature block on one page
        for row in t.rows:
            tr_pr = row._tr.get_or_add_trPr()
            cant = OxmlElement("w:cantSplit")
            cant.set(qn("w:val"), "true")
            tr_pr.append(cant)

    def appendix(self, a: Appendix) -> None:
        from docx.enum.section import WD_SECTION

        geometry = LANDSCAPE if a.landscape else PORTRAIT
        section = self.d.add_section(WD_SECTION.NEW_PAGE)
        self._page(section, geometry, restart=True)
        saved = self.width
        self.width = _mm_to_pt(geometry["width"] - geometry["left"] - geometry["right"])
        d, center = self.doc, WD_ALIGN_PARAGRAPH.CENTER
        self.para(self.d, d.appendix_label.format(n=a.number), size=TITLE_PT, bold=True, align=center, after=0,
                  keep=True)
        self.para(self.d, a.title, size=BODY_PT, bold=True, align=center, after=0, keep=True)
        if d.appendix_ref:
            self.para(self.d, d.appendix_ref, size=BODY_PT, italic=True, align=center, after=0, keep=True)
        _rule(self.d.add_paragraph(), _mm_to_pt(40), self.width)
        try:
            for b in a.blocks:
                self.block(b)
        finally:
            self.width = saved


def _reproducible_zip(data: bytes) -> bytes:
    """The same .docx with every zip entry dated 1980-01-01, so two runs give the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def render_docx(doc: Document) -> bytes:
    """The .docx of ``doc``."""
    return DocxBuilder(doc).build()


class DocumentDocxRenderer:
    """A report as a Word document: the document its ``compose`` function makes of it."""

    name = "docx"
    extension = ".docx"
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    compose: Callable[[Any], Document]

    def __init__(self, fonts: Any = None) -> None:
        del fonts  # Word uses Times New Roman; accepted so every document renderer takes the same options

    def render(self, report: Any) -> bytes:
        return render_docx(type(self).compose(report))


class DocxRenderer(DocumentDocxRenderer):
    """The system report as a Word document (the renderer of ``docx``)."""

    compose = staticmethod(compose_system)
