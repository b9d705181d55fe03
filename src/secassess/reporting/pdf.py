"""PDF renderer: a :class:`~secassess.reporting.document.Document` as a Vietnamese administrative
document (Decree 30/2020/NĐ-CP, Appendix I) drawn with reportlab.

A4 portrait, margins 20 mm top and bottom, 30 mm left, 15 mm right (landscape appendices: 30 mm at
the bound edge, 20 mm elsewhere); the bundled Times-metric serif embedded; body text 13 pt, tables
11 pt; page numbers in Arabic numerals at the top centre from page 2, none on page 1, each appendix
numbered on its own; "BẢN NHÁP" at the top of every page and across it for a draft.

Every piece of text is escaped for reportlab's paragraph markup (a system called ``<b>A&B</b>``
prints exactly that) and every character is checked against the font before the document is built.
Table cells of plain text are drawn as pre-broken strings (no markup, no paragraph to lay out), so
tables of thousands of rows stay fast; rows taller than a page are split across pages.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

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
from secassess.reporting.fonts import FontFiles, FontSet, find_fonts, printable_chars, register
from secassess.text import printable as clean

PAGE_W, PAGE_H = A4
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20 * mm, 20 * mm, 30 * mm, 15 * mm
# a landscape page is bound along its top edge
L_MARGIN_TOP, L_MARGIN_BOTTOM, L_MARGIN_LEFT, L_MARGIN_RIGHT = 30 * mm, 20 * mm, 20 * mm, 20 * mm
BODY_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT
LANDSCAPE_W = PAGE_H - L_MARGIN_LEFT - L_MARGIN_RIGHT
BODY_PT, TABLE_PT, HEAD_PT, TITLE_PT = 13, 11, 12, 14
LEADING = 1.2
GRID = colors.Color(0.35, 0.35, 0.35)
DRAFT_RED = colors.Color(0.7, 0.1, 0.1)
HEAD_BG = colors.Color(0.90, 0.90, 0.90)
TOTAL_BG = colors.Color(0.96, 0.96, 0.96)
INDENT = 10 * mm  # Decree 30: the first line of a paragraph is indented 1–1.27 cm
SIGNATURE_SPACE = 28 * mm

_TAGS = re.compile(r"<[^>]*>")


def esc(text: object) -> str:
    """User or catalog text made safe for reportlab paragraph markup: printed as written."""
    return escape(clean(str(text))).replace("\n", "<br/>")


def markup(content: Sequence[Run]) -> str:
    out = []
    for r in content:
        m = esc(r.text)
        if r.bold:
            m = f"<b>{m}</b>"
        if r.italic:
            m = f"<i>{m}</i>"
        out.append(m)
    return "".join(out)


class _Para(Paragraph):
    """A paragraph that remembers its last wrap: tables wrap every cell two or three times (to
    size rows, to split across pages, to draw), and line breaking is the slow part."""

    _last: tuple[float, tuple[float, float]] | None = None

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        if self._last is not None and self._last[0] == avail_w and hasattr(self, "blPara"):
            return self._last[1]
        size: tuple[float, float] = super().wrap(avail_w, avail_h)
        self._last = (avail_w, size)
        return size


class ScoreBar(Flowable):
    """A horizontal bar for one score, with the two rating thresholds marked."""

    def __init__(self, width: float, score: float | None, partial: float, compliant: float) -> None:
        super().__init__()
        self.width, self.height = width, 9.0
        self.score, self.partial, self.compliant = score, partial, compliant

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        w, h = self.width, self.height
        c.setLineWidth(0.4)
        c.setStrokeColor(GRID)
        c.setFillColor(colors.Color(0.95, 0.95, 0.95))
        c.rect(0, 0, w, h, stroke=1, fill=1)
        if self.score is not None:
            s = max(0.0, min(100.0, self.score))
            c.setFillColor(colors.Color(*bar_colour(s, self.partial, self.compliant)))
            c.rect(0, 0, w * s / 100, h, stroke=0, fill=1)
        c.setStrokeColor(colors.black)
        c.setLineWidth(0.8)
        for t in (self.partial, self.compliant):
            x = w * t / 100
            c.line(x, -1.5, x, h + 1.5)


def bar_colour(score: float, partial: float, compliant: float) -> tuple[float, float, float]:
    """Green from the compliance threshold, amber from the partial one, red below (RGB 0..1)."""
    if score >= compliant:
        return (0.20, 0.50, 0.25)
    if score >= partial:
        return (0.85, 0.60, 0.10)
    return (0.75, 0.20, 0.15)


class _Marker(Flowable):
    """Records, when drawn, the page it lands on (the first page of an appendix) or the place it
    occupies (the blank left for the signature), for the page numbers and the visible signature."""

    def __init__(self, record: Any, height: float = 0.0, width: float = 0.0) -> None:
        super().__init__()
        self.record, self.height, self.width = record, height, width

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        if self.width == 0:
            self.width = avail_w
        return self.width, self.height

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(0, 0)
        self.record(self.canv.getPageNumber(), x, y, self.width, self.height)


@dataclass
class RenderedPdf:
    data: bytes
    pages: int
    #: (page, x1, y1, x2, y2) of the blank left for the signature, in points from the page's lower left
    signature_box: tuple[int, float, float, float, float] | None = None


@dataclass
class _Trace:
    section_starts: list[int] = field(default_factory=lambda: [1])
    signature_box: tuple[int, float, float, float, float] | None = None


class PdfBuilder:
    """Turns a :class:`Document` into reportlab flowables."""

    def __init__(self, doc: Document, fonts: FontSet, trace: _Trace) -> None:
        self.doc, self.f, self.trace = doc, fonts, trace
        self.width = BODY_W
        s = self.style
        self.s_body = s("body", BODY_PT, align=TA_JUSTIFY, first_indent=INDENT, space_after=6)
        self.s_text = s("text", BODY_PT, align=TA_JUSTIFY, space_after=6)
        self.s_center = s("center", BODY_PT, align=TA_CENTER, space_after=6)
        self.s_icenter = s("icenter", BODY_PT, font=fonts.italic, align=TA_CENTER, space_after=6)
        self.s_note = s("note", TABLE_PT, font=fonts.italic, align=TA_JUSTIFY, space_after=4)
        self.s_h = {1: s("h1", BODY_PT, font=fonts.bold, align=TA_JUSTIFY, space_before=6, space_after=6),
                    2: s("h2", BODY_PT, font=fonts.bold, align=TA_JUSTIFY, space_before=3, space_after=6),
                    3: s("h3", BODY_PT, font=fonts.bold_italic, align=TA_JUSTIFY, space_before=2, space_after=4)}
        self.s_cell = {a: s(f"cell_{a}", TABLE_PT, align=al) for a, al in
                       (("left", TA_LEFT), ("center", TA_CENTER), ("right", TA_RIGHT))}
        self.s_head = s("head", TABLE_PT, font=fonts.bold, align=TA_CENTER)

    def style(self, name: str, size: float, *, font: str | None = None, align: int = TA_LEFT,
              first_indent: float = 0, space_before: float = 0, space_after: float = 0) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font or self.f.regular, fontSize=size, leading=round(size * LEADING, 1),
                              alignment=align, firstLineIndent=first_indent, spaceBefore=space_before,
                              spaceAfter=space_after, splitLongWords=1, allowWidows=0)

    def para(self, content: Sequence[Run] | str, style: ParagraphStyle) -> Paragraph:
        if isinstance(content, str):
            content = (Run(content),)
        return _Para(markup(content), style)

    # ------------------------------------------------------------------ the document

    def story(self) -> list[Flowable]:
        d = self.doc
        out: list[Flowable] = [*self.letterhead(), *self.title()]
        for b in d.blocks:
            out += self.block(b)
        # the last paragraph goes to the next page with the signature rather than leave it alone there
        last = [out.pop()] if d.blocks and isinstance(d.blocks[-1], Para) else []
        out += self.closing(last)
        for a in d.appendices:
            out += self.appendix(a)
        return out

    def letterhead(self) -> list[Flowable]:
        lh, f = self.doc.letterhead, self.f
        left_w, right_w = BODY_W * 0.42, BODY_W * 0.58
        left: list[Any] = []
        if lh.parent_body:
            left.append(self.para(lh.parent_body, self.style("lh_parent", HEAD_PT, align=TA_CENTER)))
        body_style = self.style("lh_body", HEAD_PT, font=f.bold, align=TA_CENTER)
        left.append(self.para(lh.issuing_body, body_style))
        body_line = min(stringWidth(clean(lh.issuing_body), f.bold, HEAD_PT), left_w)
        left.append(HRFlowable(width=max(body_line * 0.4, 30), thickness=0.6, color=colors.black, spaceBefore=1,
                               spaceAfter=4, hAlign="CENTER"))
        left.append(self.para(lh.number_line, self.style("lh_no", BODY_PT, align=TA_CENTER)))
        motto_w = stringWidth(lh.motto, f.bold, BODY_PT)
        right: list[Any] = [
            self.para(lh.national_heading, self.style("nat", HEAD_PT, font=f.bold, align=TA_CENTER)),
            self.para(lh.motto, self.style("motto", BODY_PT, font=f.bold, align=TA_CENTER)),
            HRFlowable(width=motto_w, thickness=0.6, color=colors.black, spaceBefore=1, spaceAfter=6, hAlign="CENTER"),
            self.para(lh.place_date, self.style("pd", BODY_PT, font=f.italic, align=TA_CENTER)),
        ]
        head = Table([[left, right]], colWidths=[left_w, right_w], hAlign="LEFT")
        head.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), f.regular), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("ALIGN", (0, 0), (-1, -1), "CENTER"),  # the rules are centred in their cell
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        return [head, Spacer(1, 8 * mm)]

    def title(self) -> list[Flowable]:
        d, f = self.doc, self.f
        st = self.style("title", TITLE_PT, font=f.bold, align=TA_CENTER)
        out: list[Flowable] = [self.para(d.kind, st), self.para(d.title, st)]
        if d.subtitle:
            out.append(self.para(d.subtitle, self.style("subtitle", BODY_PT, font=f.italic, align=TA_CENTER)))
        line = min(max(stringWidth(line, f.bold, TITLE_PT) for line in clean(d.title).split("\n")), BODY_W)
        out.append(HRFlowable(width=max(line / 3, 40), thickness=0.6, color=colors.black, spaceBefore=3,
                              spaceAfter=8, hAlign="CENTER"))
        if d.addressee:
            out.append(self.para(d.addressee, self.style("addressee", TITLE_PT, align=TA_CENTER, space_after=8)))
        return out

    def block(self, b: Block) -> list[Flowable]:
        if isinstance(b, Para):
            style = {"body": self.s_body, "text": self.s_text, "bullet": self.s_body, "center": self.s_center,
                     "italic_center": self.s_icenter, "note": self.s_note}[b.style]
            content = ((Run("- "), *b.content) if b.style == "bullet" else b.content)
            return [self.para(content, style)]
        if isinstance(b, Heading):
            room = {1: 45 * mm, 2: 35 * mm}.get(b.level, 25 * mm)
            return [CondPageBreak(room), self.para(b.text, self.s_h.get(b.level, self.s_h[3]))]
        if isinstance(b, DocTable):
            return self.table(b)
        if isinstance(b, KeyValue):
            rows: list[list[Cell]] = [[(Run(k, bold=True),), v] for k, v in b.rows]
            return self.table(DocTable((Column("text", 0.36), Column("text", 0.64)), None, rows))
        if isinstance(b, Banner):
            t = Table([[self.para(b.text, self.style("banner", HEAD_PT, font=self.f.bold, align=TA_CENTER))]],
                      colWidths=[self.width])
            t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.f.regular),
                                   ("BOX", (0, 0), (-1, -1), 1.5, DRAFT_RED),
                                   ("BACKGROUND", (0, 0), (-1, -1), colors.Color(0.99, 0.93, 0.93)),
                                   ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
            return [t, Spacer(1, 4 * mm)]
        raise TypeError(f"unknown block {type(b).__name__}")  # pragma: no cover - composer bug

    # ------------------------------------------------------------------ tables

    def measure(self, text: str, bold: bool, size: float) -> float:
        return float(stringWidth(text, self.f.bold if bold else self.f.regular, size))

    def table(self, t: DocTable) -> list[Flowable]:
        widths = layout.column_widths(t, self.width, TABLE_PT, self.measure)
        head: list[Any] = ([self.para(h, self.s_head) for h in t.header] if t.header is not None else [])
        last = len(t.rows) - 1
        body: list[list[Any]] = []
        style: list[tuple[Any, ...]] = []
        for r, row in enumerate(t.rows):
            cells: list[Any] = []
            for c, cell in enumerate(row):
                bold = (r, c) in t.bold_cells or (t.total_row and r == last)
                cells.append(self.cell(cell, t.columns[c], widths.widths[c], bold))
                if bold and isinstance(cell, str):
                    style.append(("FONTNAME", (c, r), (c, r), self.f.bold))
            body.append(cells)
        out: list[Flowable] = []
        # one reportlab table per few hundred rows: at each page break reportlab measures what is left
        # of a table again, which is quadratic in its length
        offset = 1 if head else 0
        for part_start in range(0, max(len(body), 1), 400):
            part = body[part_start:part_start + 400]
            extra = [(k, (c, r - part_start + offset), (c2, r2 - part_start + offset), *rest)
                     for (k, (c, r), (c2, r2), *rest) in style if part_start <= r < part_start + 400]
            if t.total_row and part_start <= last < part_start + 400:
                rr = last - part_start + offset
                extra += [("BACKGROUND", (0, rr), (-1, rr), TOTAL_BG), ("FONTNAME", (0, rr), (-1, rr), self.f.bold)]
            out.append(self._table([head, *part] if head else part, widths.widths, t.columns, bool(head), extra))
        out.append(Spacer(1, 3 * mm))
        return out

    def _table(self, data: list[list[Any]], widths: list[float], columns: Sequence[Column], header: bool,
               extra: list[tuple[Any, ...]]) -> Table:
        t = Table(data, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT", splitInRow=1)
        style: list[tuple[Any, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), self.f.regular),  # the default would be Helvetica (not embedded)
            ("FONTSIZE", (0, 0), (-1, -1), TABLE_PT),
            ("LEADING", (0, 0), (-1, -1), round(TABLE_PT * LEADING, 1)),
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        style += [("ALIGN", (c, 0), (c, -1), col.align.upper()) for c, col in enumerate(columns) if col.align != "left"]
        if header:
            style += [("BACKGROUND", (0, 0), (-1, 0), HEAD_BG), ("VALIGN", (0, 0), (-1, 0), "MIDDLE")]
        t.setStyle(TableStyle(style + extra))
        return t

    def cell(self, cell: Cell, col: Column, width: float, bold: bool) -> Any:
        room = width - layout.CELL_PAD + 1
        if isinstance(cell, Bar):
            return ScoreBar(min(width - 8, layout.BAR_WIDTH * 1.6), cell.value, cell.partial, cell.compliant)
        if isinstance(cell, str):
            text = clean(cell)
            font = self.f.bold if bold else self.f.regular
            return "\n".join(layout.wrap_text(text, room, lambda s: stringWidth(s, font, TABLE_PT)))
        if all(not r.bold and not r.italic for r in cell):
            return self.cell("".join(r.text for r in cell), col, width, bold)
        return self.para(cell, self.s_cell[col.align])

    # ------------------------------------------------------------------ closing and appendices

    def closing(self, before: list[Flowable]) -> list[Flowable]:
        d, f = self.doc, self.f
        left_w, right_w = BODY_W * 0.45, BODY_W * 0.55
        left: list[Any] = [self.para(d.recipients_heading, self.style("rec_head", 12, font=f.bold_italic))]
        rec = self.style("rec", 11)
        left += [self.para(line, rec) for line in d.recipients]
        s = d.signature
        sign = self.style("sign", BODY_PT, font=f.bold, align=TA_CENTER)
        right: list[Any] = [self.para(x, sign) for x in (s.authority, s.title) if x]
        if s.hint:
            right.append(self.para(s.hint, self.style("hint", BODY_PT, font=f.italic, align=TA_CENTER)))

        def record(page: int, x: float, y: float, w: float, h: float) -> None:
            self.trace.signature_box = (page, x, y, x + w, y + h)

        right.append(_Marker(record, SIGNATURE_SPACE, right_w - 20 * mm))
        right.append(self.para(s.name, sign))
        t = Table([[left, right]], colWidths=[left_w, right_w], hAlign="LEFT")
        t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), f.regular), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("ALIGN", (1, 0), (1, 0), "CENTER"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        return [KeepTogether([*before, Spacer(1, 4 * mm), t])]

    def appendix(self, a: Appendix) -> list[Flowable]:
        d, f = self.doc, self.f
        out: list[Flowable] = [NextPageTemplate("landscape" if a.landscape else "portrait"), PageBreak(),
                               _Marker(lambda page, *_: self.trace.section_starts.append(page))]
        out.append(self.para(d.appendix_label.format(n=a.number), self.style("ap_n", TITLE_PT, font=f.bold,
                                                                              align=TA_CENTER)))
        out.append(self.para(a.title, self.style("ap_t", BODY_PT, font=f.bold, align=TA_CENTER, space_before=2)))
        if d.appendix_ref:
            out.append(self.para(d.appendix_ref, self.style("ap_ref", BODY_PT, font=f.italic, align=TA_CENTER)))
        out.append(HRFlowable(width=40 * mm, thickness=0.6, color=colors.black, spaceBefore=3, spaceAfter=8,
                              hAlign="CENTER"))
        saved = self.width
        self.width = LANDSCAPE_W if a.landscape else BODY_W
        try:
            for b in a.blocks:
                out += self.block(b)
        finally:
            self.width = saved
        return out


def _canvas_class(fonts: FontSet, trace: _Trace, draft: str | None) -> type[Canvas]:
    """A canvas that draws the page numbers when it saves: by then it knows where each appendix
    starts (its pages are numbered on their own)."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # the canvas would otherwise start every page in Helvetica, a font that is not embedded
            kwargs.update(initialFontName=fonts.regular, initialFontSize=BODY_PT)
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            starts = sorted(set(trace.section_starts))
            for i, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                start = max(s for s in starts if s <= i)
                self._furniture(i - start + 1)
                super().showPage()
            super().save()

        def _furniture(self, number: int) -> None:
            w, h = self._pagesize
            top_margin = L_MARGIN_TOP if w > h else MARGIN_TOP
            left, right = (L_MARGIN_LEFT, L_MARGIN_RIGHT) if w > h else (MARGIN_LEFT, MARGIN_RIGHT)
            self.saveState()
            y = h - top_margin + 6 * mm
            if number > 1:  # Decree 30: no number on the first page
                self.setFont(fonts.regular, BODY_PT)
                self.setFillColor(colors.black)
                self.drawCentredString(left + (w - left - right) / 2, y, str(number))
            if draft:
                self.setFont(fonts.bold, TABLE_PT)
                self.setFillColor(DRAFT_RED)
                self.drawRightString(w - right, y, draft)
            self.restoreState()

    return NumberedCanvas


def _watermark(font_file: Path, text: str) -> tuple[Any, float, float]:
    """The diagonal draft mark as a translucent picture (drawn with the report's own bold font), so
    that it does not mix with the page's text when the text is copied or extracted."""
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.utils import ImageReader

    scale = 2.0  # pixels per point
    font = ImageFont.truetype(str(font_file), int(60 * scale))
    left, top, right, bottom = font.getbbox(text)
    pad = int(10 * scale)
    size = (int(right - left) + 2 * pad, int(bottom - top) + 2 * pad)
    img = Image.new("LA", size, (0, 0))
    ImageDraw.Draw(img).text((pad - left, pad - top), text, font=font, fill=(150, 70))
    img = img.rotate(52, expand=True, resample=Image.Resampling.BICUBIC)
    return ImageReader(img.convert("RGBA")), img.width / scale, img.height / scale


def check_characters(doc: Document, fonts: FontSet) -> None:
    """Refuse, before building, a document with a character the font lacks (it would print a box)."""
    chars: dict[str, str] = {}
    for text in (*doc.texts(), "0123456789"):  # the page numbers too
        text = clean(text)
        for c in printable_chars(text):
            chars.setdefault(c, _TAGS.sub("", text)[:60])
    fonts.check(chars)


def render_pdf(doc: Document, files: FontFiles | None = None) -> RenderedPdf:
    """The PDF of ``doc``; refused before building if the font lacks a character."""
    from reportlab import rl_config

    rl_config.useA85 = 0  # binary streams: smaller files, and no time spent on ASCII85
    fonts = register(files or find_fonts())
    check_characters(doc, fonts)
    trace = _Trace()
    story = PdfBuilder(doc, fonts, trace).story()
    buf = io.BytesIO()
    m = doc.meta
    pdf = BaseDocTemplate(
        buf, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=clean(m.title), author=clean(m.author), subject=clean(m.subject),
        creator=m.creator, lang=m.lang, invariant=1 if m.reproducible else 0)
    portrait = Frame(MARGIN_LEFT, MARGIN_BOTTOM, BODY_W, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM, id="portrait",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    lw, lh = landscape(A4)
    wide = Frame(L_MARGIN_LEFT, L_MARGIN_BOTTOM, LANDSCAPE_W, lh - L_MARGIN_TOP - L_MARGIN_BOTTOM, id="landscape",
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    mark = _watermark(fonts.files.bold, doc.draft_mark) if doc.draft_mark else None

    def on_page(canvas: Canvas, _doc: Any) -> None:
        if mark is not None:  # drawn first, so the text of the page lies over it
            img, w_pt, h_pt = mark
            pw, ph = canvas._pagesize
            canvas.drawImage(img, (pw - w_pt) / 2, (ph - h_pt) / 2, w_pt, h_pt, mask="auto")

    pdf.addPageTemplates([PageTemplate(id="portrait", frames=[portrait], onPage=on_page, pagesize=A4),
                          PageTemplate(id="landscape", frames=[wide], onPage=on_page, pagesize=(lw, lh))])
    pdf.build(story, canvasmaker=_canvas_class(fonts, trace, doc.draft_mark))
    data = buf.getvalue()
    return RenderedPdf(data, pdf.page, trace.signature_box)


class DocumentPdfRenderer:
    """A report as PDF: the document its ``compose`` function makes of it, drawn by :func:`render_pdf`.
    ``render_pdf`` also says where the signature block is (for a visible digital signature)."""

    name = "pdf"
    extension = ".pdf"
    media_type = "application/pdf"
    compose: Callable[[Any], Document]

    def __init__(self, fonts: FontFiles | None = None) -> None:
        self.fonts = fonts

    def render_pdf(self, report: Any) -> RenderedPdf:
        return render_pdf(type(self).compose(report), self.fonts)

    def render(self, report: Any) -> bytes:
        return self.render_pdf(report).data


class PdfRenderer(DocumentPdfRenderer):
    """The system report as PDF (the renderer of ``pdf``)."""

    compose = staticmethod(compose_system)
