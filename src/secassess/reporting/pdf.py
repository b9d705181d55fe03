"""PDF renderer: a Vietnamese administrative document (Decree 30/2020/NĐ-CP layout) with reportlab.

A4; margins 20 mm top and bottom, 30 mm left, 15 mm right; a serif TrueType font (Liberation
Serif has the widths of Times New Roman) at 13 pt, embedded; the national heading top right with
its rule, the issuing body top left, "<place>, ngày … tháng … năm …", the title, numbered
sections, the signature block and "Nơi nhận", "Trang x/y" on every page, and "BẢN NHÁP / DRAFT"
across every page of a draft.

Every piece of text goes through :meth:`_Builder.para`, which escapes it for reportlab's
paragraph markup (a system called ``<b>A&B</b>`` prints exactly that) and records its characters,
so the font can be checked for every one of them before the document is built.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
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
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from secassess.reporting.fonts import FontFiles, FontSet, find_fonts, printable_chars, register
from secassess.reporting.interface import Renderer
from secassess.reporting.model import ControlResult, Header, Report
from secassess.reporting.wording import ROMAN, Wording
from secassess.text import nfc

PAGE_W, PAGE_H = A4
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20 * mm, 20 * mm, 30 * mm, 15 * mm
BODY_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT
BODY_PT, TABLE_PT = 13, 11
GRID = colors.Color(0.35, 0.35, 0.35)
DRAFT_RED = colors.Color(0.7, 0.1, 0.1)
HEAD_BG = colors.Color(0.90, 0.90, 0.90)

_TAGS = re.compile(r"<[^>]*>")
_ENTITIES = {"&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&amp;": "&"}
_ENTITY = re.compile("|".join(map(re.escape, _ENTITIES)))


def clean(text: str) -> str:
    """NFC; invisible format characters (zero-width spaces, soft hyphens, BOM) removed; other
    control characters except line breaks turned into spaces."""
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for c in text:
        cat = unicodedata.category(c)
        if cat == "Cf":
            continue
        out.append(" " if cat == "Cc" and c != "\n" else c)
    return "".join(out)


def esc(text: object) -> str:
    """User or catalog text made safe for reportlab paragraph markup: printed as written."""
    return escape(clean(str(text))).replace("\n", "<br/>")


def _plain(markup: str) -> str:
    """The characters a paragraph's markup will print (tags dropped, entities decoded)."""
    return _ENTITY.sub(lambda m: _ENTITIES[m.group(0)], _TAGS.sub("", markup))


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
    """A horizontal bar for one domain score, with the two rating thresholds marked."""

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
            fill = (colors.Color(0.20, 0.50, 0.25) if s >= self.compliant
                    else colors.Color(0.85, 0.60, 0.10) if s >= self.partial
                    else colors.Color(0.75, 0.20, 0.15))
            c.setFillColor(fill)
            c.rect(0, 0, w * s / 100, h, stroke=0, fill=1)
        c.setStrokeColor(colors.black)
        c.setLineWidth(0.8)
        for t in (self.partial, self.compliant):
            x = w * t / 100
            c.line(x, -1.5, x, h + 1.5)


class DocumentBuilder:
    """The parts every secassess document shares — paragraph and table styles, escaped text whose
    characters are recorded for the font check, headings numbered in Roman numerals, the Decree 30
    letterhead and the closing (recipients, signature) — for the system report (below) and the
    provincial report (``reporting/province/pdf.py``)."""

    def __init__(self, header: Header, title: str, wording: Wording, fonts: FontSet) -> None:
        self.header = header
        self.title = title
        self.w = wording
        self.f = fonts
        self.chars: dict[str, str] = {}
        self.section = 0
        s = self._style
        self.body = s("body", BODY_PT, align=TA_JUSTIFY, first_indent=10 * mm, space_after=4)
        self.text = s("text", BODY_PT, align=TA_JUSTIFY, space_after=3)
        self.bullet = s("bullet", BODY_PT, align=TA_JUSTIFY, left_indent=5 * mm, first_indent=-5 * mm, space_after=2)
        # headings do not use keepWithNext: with a table after them it would move the whole table to
        # the next page and leave a gap; head() asks instead for room for the heading and a few rows
        self.h1 = s("h1", BODY_PT, font=fonts.bold, space_before=10, space_after=5)
        self.h2 = s("h2", BODY_PT, font=fonts.bold, space_before=6, space_after=4)
        self.h3 = s("h3", BODY_PT, font=fonts.bold_italic, space_before=4, space_after=3)
        self.text_left = s("text_left", BODY_PT, space_after=3)
        self.args = s("args", 9.5, space_after=3)
        self.text_keep = s("text_keep", BODY_PT, align=TA_JUSTIFY, space_after=3, keep=True)
        self.cell = s("cell", TABLE_PT, align=TA_LEFT)
        self.cell_c = s("cell_c", TABLE_PT, align=TA_CENTER)
        self.cell_b = s("cell_b", TABLE_PT, font=fonts.bold, align=TA_LEFT)
        self.cell_bc = s("cell_bc", TABLE_PT, font=fonts.bold, align=TA_CENTER)
        self.cell_small = s("cell_small", 9.5, align=TA_LEFT)
        self.hash = ParagraphStyle("hash", parent=s("h", 9, align=TA_LEFT), wordWrap="CJK")
        self.center_b = s("center_b", BODY_PT, font=fonts.bold, align=TA_CENTER)
        self.center_i = s("center_i", BODY_PT, font=fonts.italic, align=TA_CENTER)
        self.banner = s("banner", 12, font=fonts.bold, align=TA_CENTER)

    def _style(self, name: str, size: float, *, font: str | None = None, align: int = TA_LEFT,
               first_indent: float = 0, left_indent: float = 0, space_before: float = 0, space_after: float = 0,
               keep: bool = False) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font or self.f.regular, fontSize=size, leading=round(size * 1.25, 1),
                              alignment=align, firstLineIndent=first_indent, leftIndent=left_indent,
                              spaceBefore=space_before, spaceAfter=space_after, keepWithNext=int(keep),
                              splitLongWords=1, allowWidows=0)

    # ------------------------------------------------------------------ text

    def note(self, text: str) -> None:
        """Record characters printed outside paragraphs (canvas text)."""
        for c in printable_chars(text):
            self.chars.setdefault(c, text[:60])

    def markup(self, markup: str, style: ParagraphStyle) -> Paragraph:
        """A paragraph from markup whose user parts were escaped with :func:`esc`."""
        plain = _plain(markup)
        for c in printable_chars(plain):
            self.chars.setdefault(c, plain[:60])
        return _Para(markup, style)

    def para(self, text: object, style: ParagraphStyle) -> Paragraph:
        return self.markup(esc(text), style)

    def head(self, text: str, style: ParagraphStyle, room: float = 35 * mm) -> list[Flowable]:
        """A heading that starts a new page unless there is room for it and a few lines after it."""
        return [CondPageBreak(room), self.para(text, style)]

    def heading(self, key: str) -> list[Flowable]:
        self.section += 1
        return self.head(f"{ROMAN[self.section - 1]}. {self.w(key)}", self.h1, 45 * mm)

    def table(self, rows: list[list[Any]], widths: list[float], header: bool = True,
              extra: list[tuple[Any, ...]] | None = None) -> Table:
        scale = BODY_W / sum(widths)
        t = Table(rows, colWidths=[x * scale for x in widths], repeatRows=1 if header else 0, hAlign="LEFT")
        style: list[tuple[Any, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), self.f.regular),  # the default would be Helvetica (not embedded)
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if header:
            style += [("BACKGROUND", (0, 0), (-1, 0), HEAD_BG), ("VALIGN", (0, 0), (-1, 0), "MIDDLE")]
        t.setStyle(TableStyle(style + (extra or [])))
        return t

    def heads(self, *keys: str) -> list[Paragraph]:
        return [self.para(self.w(k), self.cell_bc) for k in keys]

    # ------------------------------------------------------------------ parts

    def letterhead(self) -> list[Flowable]:
        h, w = self.header, self.w
        left_w, right_w = BODY_W * 0.42, BODY_W * 0.58
        f = self.f
        parent = clean(h.issuing_body_parent).upper()
        body = clean(h.issuing_body).upper() or w("blank")
        left_size = 12.5
        for text, font in ((parent, f.regular), (body, f.bold)):
            while text and stringWidth(text, font, left_size) > left_w - 6 and left_size > 10:
                left_size -= 0.5
        st_parent = self._style("lh_parent", left_size, align=TA_CENTER)
        st_body = self._style("lh_body", left_size, font=f.bold, align=TA_CENTER)
        left: list[Any] = []
        if parent:
            left.append(self.para(parent, st_parent))
        left.append(self.para(body, st_body))
        rule_w = min(stringWidth(body, f.bold, left_size), left_w) * 0.4
        left.append(HRFlowable(width=max(rule_w, 30), thickness=0.6, color=colors.black, spaceBefore=1,
                               spaceAfter=4, hAlign="CENTER"))
        # the blank before "/BC" is kept for the office to write the number in by hand
        left.append(self.para(w("number_line").replace(" ", "\u00a0"), self._style("lh_no", BODY_PT, align=TA_CENTER)))

        nat = w("national_heading")
        nat_size = 12.5
        while stringWidth(nat, f.bold, nat_size) > right_w - 4 and nat_size > 10:
            nat_size -= 0.5
        motto = w("motto")
        motto_w = stringWidth(motto, f.bold, 13)
        right: list[Any] = [
            self.para(nat, self._style("nat", nat_size, font=f.bold, align=TA_CENTER)),
            self.para(motto, self._style("motto", 13, font=f.bold, align=TA_CENTER)),
            HRFlowable(width=motto_w, thickness=0.6, color=colors.black, spaceBefore=1, spaceAfter=6,
                       hAlign="CENTER"),
            self.para(w.place_date(h.place, h.date), self._style("pd", BODY_PT, font=f.italic, align=TA_CENTER)),
        ]
        head = Table([[left, right]], colWidths=[left_w, right_w], hAlign="LEFT")
        head.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), f.regular), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("ALIGN", (0, 0), (-1, -1), "CENTER"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        title = self._style("title", 14, font=f.bold, align=TA_CENTER)
        return [
            head, Spacer(1, 10 * mm),
            self.para(w("doc_kind"), title),
            self.para(self.title, title),
            HRFlowable(width=BODY_W * 0.25, thickness=0.6, color=colors.black, spaceBefore=3, spaceAfter=8,
                       hAlign="CENTER"),
        ]


    def kv(self, rows: list[tuple[str, str]]) -> Table:
        data = [[self.para(k, self.cell_b), self.para(v, self.cell)] for k, v in rows]
        return self.table(data, [0.38, 0.62], header=False)


    def short(self, text: str, width: float, font: str | None = None, size: float = TABLE_PT) -> str | Paragraph:
        """A table cell of one short line as a plain string (drawn as is: no markup, no line
        breaking — much faster than a paragraph), or a paragraph when it would not fit."""
        text = clean(text)
        font = font or self.f.regular
        if "\n" not in text and stringWidth(text, font, size) <= width - 7:
            self.note(text)
            return text
        style = self.cell_b if font == self.f.bold else self.cell
        return self.para(text, style)


    def closing(self) -> list[Flowable]:
        h, w = self.header, self.w
        left_w, right_w = BODY_W * 0.45, BODY_W * 0.55
        rec_head = self._style("rec_head", 12, font=self.f.bold_italic)
        rec = self._style("rec", 11)
        recipients = [clean(x) for x in h.recipients if clean(x).strip()]
        left: list[Any] = [self.para(w("recipients_heading"), rec_head)]
        if recipients:
            for i, x in enumerate(recipients):
                x = x.strip().rstrip(";.")
                end = "." if i == len(recipients) - 1 else ";"
                left.append(self.para(f"- {x}{end}" if not x.startswith("-") else f"{x}{end}", rec))
        else:
            left.append(self.para(w("recipients_default"), rec))
        right: list[Any] = [self.para(clean(h.signer_title).upper() or w("blank"), self.center_b),
                            self.para(w("sign_hint"), self.center_i), Spacer(1, 22 * mm)]
        if h.signer_name.strip():
            right.append(self.para(h.signer_name, self.center_b))
        t = Table([[left, right]], colWidths=[left_w, right_w], hAlign="LEFT")
        t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.f.regular), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        return [Spacer(1, 8 * mm), KeepTogether([t])]




class _Builder(DocumentBuilder):
    """Builds the flowables of one system report."""

    def __init__(self, report: Report, fonts: FontSet) -> None:
        super().__init__(report.header, report.title, Wording(report.lang), fonts)
        self.r = report

    def build(self) -> list[Flowable]:
        story: list[Flowable] = []
        story += self.letterhead()
        if self.r.draft:
            story += self.draft_banner()
        story += self.intro()
        story += self.system()
        story += self.scope()
        story += self.summary()
        story += self.results()
        story += self.technical()
        story += self.findings()
        story += self.change()
        story += self.method()
        story += self.evidence()
        story += self.closing()
        return story

    def draft_banner(self) -> list[Flowable]:
        t = Table([[self.para(self.w("draft_banner", id=self.r.assessment.id), self.banner)]], colWidths=[BODY_W])
        t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.f.regular),
                               ("BOX", (0, 0), (-1, -1), 1.5, DRAFT_RED),
                               ("BACKGROUND", (0, 0), (-1, -1), colors.Color(0.99, 0.93, 0.93)),
                               ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
        return [t, Spacer(1, 5 * mm)]

    def intro(self) -> list[Flowable]:
        r, w = self.r, self.w
        body = r.header.issuing_body.strip() or w("intro_body_default")
        return [self.para(w("intro", body=body, system=w.system_ref(clean(r.system.name)), unit=r.system.unit_name or r.system.unit_id,
                            id=r.assessment.id), self.body)]

    def system(self) -> list[Flowable]:
        s, w = self.r.system, self.w
        rows = [
            (w("f_name"), s.name), (w("f_id"), s.id), (w("f_unit"), s.unit_name or s.unit_id),
            (w("f_owner"), s.owner or w("dash")), (w("f_level"), str(s.level)),
            (w("f_important"), w.yes_no(s.important)), (w("f_national_db"), w.yes_no(s.national_database)),
            (w("f_in_use"), w.yes_no(s.in_use)),
        ]
        if s.contact:
            rows.append((w("f_contact"), s.contact))
        if s.description:
            rows.append((w("f_description"), s.description))
        if s.hosting:
            rows.append((w("f_hosting"), s.hosting))
        rows += [
            (w("f_dossier"), w.date(s.level_dossier_approved) if s.level_dossier_approved else w("not_approved")),
            (w("f_plan"), w.date(s.security_plan_approved) if s.security_plan_approved else w("not_approved")),
            (w("f_targets"), ", ".join(s.targets) or w("none_listed")),
            (w("f_ports"), ", ".join(s.allowed_ports) or w("none_listed")),
        ]
        return [*self.heading("sec_system"), self.kv(rows)]

    def scope(self) -> list[Flowable]:
        a, w, m = self.r.assessment, self.w, self.r.method
        finalized = (w("f_finalized_value", at=w.datetime(a.finalized_at), by=a.finalized_by or "")
                     if a.finalized_at else w("f_not_finalized"))
        rows = [
            (w("f_catalog"), w("f_catalog_value", title=a.catalog_title, id=a.catalog_id, version=a.catalog_version)),
            (w("f_profile"), w("f_profile_value", title=a.profile_title, id=a.profile_id, level=a.level)),
            (w("f_assessor"), a.assessor or w("dash")),
            (w("f_started"), w.datetime(a.started_at)),
            (w("f_finalized"), finalized),
        ]
        out: list[Flowable] = [*self.heading("sec_scope"), self.kv(rows)]
        out += self.head(w("parameters_heading"), self.h2)
        if a.parameters:
            data = [self.heads("param_name", "param_value")]
            data += [[self.para(p.title, self.cell), self.para(p.display, self.cell)] for p in a.parameters]
            out.append(self.table(data, [0.62, 0.38]))
        else:
            out.append(self.para(w("no_parameters"), self.text))
        out += self.head(w("method_heading"), self.h2)
        lines = [w("method_questionnaire", answered=m.answered, total=m.controls_total),
                 w("method_documents", n=m.documents) if m.documents else w("method_no_documents")]
        if m.scans:
            lines += [w("method_scan", id=sc.id, source=w(f"scan_source_{sc.source}"), scanner=sc.scanner,
                        version=sc.scanner_version or "", at=w.datetime(sc.started_at),
                        targets=", ".join(sc.targets) or w("dash")) for sc in m.scans]
        else:
            lines.append(w("method_no_scan"))
        out += [self.para(f"- {line}", self.bullet) for line in lines]
        return out

    def summary(self) -> list[Flowable]:
        s, w = self.r.summary, self.w
        rating = self.markup(f"<b>{esc(w.rating(s.rating))}</b>", self.cell)
        rows: list[list[Any]] = [
            [self.para(w("f_score"), self.cell_b), self.markup(f"<b>{esc(w('score_value', score=w.score(s.score)))}</b>",
                                                               self.cell)],
            [self.para(w("f_coverage"), self.cell_b),
             self.para(w("coverage_value", coverage=w.percent(s.coverage), assessed=s.controls_assessed,
                         applicable=s.controls_applicable), self.cell)],
            [self.para(w("f_rating"), self.cell_b), rating],
            [self.para(w("f_reason"), self.cell_b),
             [self.para(g.text, self.cell) for g in (s.gaps or [s.reason])]],
        ]
        counts = "; ".join(f"{w.result(c)}: {s.counts.get(c, 0)}" for c in
                           ("pass", "partial", "fail", "not_applicable", "not_assessed"))
        rows.append([self.para(w("counts_heading"), self.cell_b),
                     self.para(f"{counts} ({w('counts_total')}: {s.controls_total})", self.cell)])
        for key, refs in (("mandatory_failed", s.mandatory_failed), ("mandatory_unanswered", s.mandatory_unanswered)):
            if refs:
                rows.append([self.para(w(key), self.cell_b),
                             [self.para(f"{c.id} – {c.title}", self.cell) for c in refs]])
        out: list[Flowable] = [*self.heading("sec_summary"), self.table(rows, [0.30, 0.70], header=False)]
        out += self.head(w("domains_heading"), self.h2)
        th = self.r.scoring.thresholds
        partial, compliant = float(th.get("partial", 70)), float(th.get("compliant", 90))
        widths = [0.40, 0.09, 0.12, 0.12, 0.27]
        bar_w = BODY_W * widths[4] - 8
        data: list[list[Any]] = [[*self.heads("col_domain", "col_controls", "col_score", "col_coverage"),
                                  self.para(w("col_chart", partial=w.weight(partial), compliant=w.weight(compliant)),
                                            self.cell_bc)]]
        for d in self.r.domains:
            data.append([self.para(f"{d.title} ({d.id})", self.cell), self.para(str(d.controls_applicable), self.cell_c),
                         self.para(w.score(d.score), self.cell_c), self.para(w.percent(d.coverage), self.cell_c),
                         ScoreBar(bar_w, d.score, partial, compliant)])
        data.append([self.para(w("overall"), self.cell_b), self.para(str(s.controls_applicable), self.cell_bc),
                     self.para(w.score(s.score), self.cell_bc), self.para(w.percent(s.coverage), self.cell_bc),
                     ScoreBar(bar_w, s.score, partial, compliant)])
        out.append(self.table(data, widths, extra=[("VALIGN", (4, 1), (4, -1), "MIDDLE"),
                                                   ("BACKGROUND", (0, -1), (-1, -1), colors.Color(0.96, 0.96, 0.96))]))
        return out

    def control_note(self, c: ControlResult) -> Paragraph | str:
        """The note cell: one paragraph (fewer paragraphs, faster tables)."""
        w = self.w
        parts: list[str] = []
        if c.note:
            parts.append(esc(c.note))
        if c.justification:
            parts.append(esc(w("note_justification", text=c.justification)))
        if c.conflict or (c.technical and c.technical != c.declared and c.technical == "fail"):
            parts.append(esc(w("note_declared", declared=w.result(c.declared), technical=w.result(c.technical))))
        parts += [esc(w("note_technical", text=m)) for m in c.technical_messages]
        if c.evidence:
            parts.append(f"<font size=9.5>{esc(w('note_evidence', files=', '.join(c.evidence)))}</font>")
        return self.markup("<br/>".join(parts), self.cell) if parts else ""

    def results(self) -> list[Flowable]:
        w = self.w
        out: list[Flowable] = [*self.heading("sec_domains")]
        widths = [0.13, 0.38, 0.17, 0.32]
        id_w, result_w = BODY_W * widths[0], BODY_W * widths[2]
        for i, d in enumerate(self.r.domains, start=1):
            out += self.head(f"{i}. " + w("domain_heading", title=d.title, id=d.id, score=w.score(d.score),
                                          coverage=w.percent(d.coverage)), self.h2)
            data: list[list[Any]] = [self.heads("col_id", "col_requirement", "col_result", "col_note")]
            extra: list[tuple[Any, ...]] = [("FONTSIZE", (0, 1), (-1, -1), TABLE_PT),
                                            ("LEADING", (0, 1), (-1, -1), round(TABLE_PT * 1.25, 1))]
            for c in d.controls:
                req = esc(c.title) + f"<br/><font size=9><i>{esc(w('col_severity'))}: {esc(w.severity(c.severity))}"
                if c.mandatory:
                    req += f"; {esc(w('mandatory_mark'))}"
                req += "</i></font>"
                font = self.f.bold if c.result == "fail" else self.f.regular
                data.append([self.short(c.id, id_w), self.markup(req, self.cell),
                             self.short(w.result(c.result), result_w, font), self.control_note(c)])
                if c.result == "fail":
                    extra.append(("FONTNAME", (2, len(data) - 1), (2, len(data) - 1), self.f.bold))
            out.append(self.table(data, widths, extra=extra))
        return out

    def technical(self) -> list[Flowable]:
        w, r = self.w, self.r
        out: list[Flowable] = [*self.heading("sec_technical"), *self.head(w("conflicts_heading"), self.h2)]
        if r.conflicts:
            out.append(self.para(w("conflicts_intro"), self.text))
            data: list[list[Any]] = [self.heads("col_id", "col_requirement", "col_declared", "col_technical",
                                                "col_detail")]
            for c in r.conflicts:
                data.append([self.para(c.control_id, self.cell), self.para(c.title, self.cell),
                             self.para(w.result(c.declared), self.cell), self.para(w.result(c.technical), self.cell_b),
                             [self.para(m, self.cell) for m in c.messages] or ""])
            out.append(self.table(data, [0.13, 0.30, 0.13, 0.13, 0.31]))
        else:
            out.append(self.para(w("no_conflicts"), self.text))
        out += self.head(w("scans_heading"), self.h2)
        if not r.scans:
            out.append(self.para(w("no_scans"), self.text))
        for sc in r.scans:
            out += self.head(w("scan_heading", id=sc.id), self.h3)
            out.append(self.para(w("scan_facts", source=w(f"scan_source_{sc.source}"), scanner=sc.scanner,
                                   version=sc.scanner_version or "", started=w.datetime(sc.started_at),
                                   ended=w.datetime(sc.ended_at)), self.text_left))
            out.append(self.para(w("scan_args", args=sc.arguments or w("dash")), self.args))
            out.append(self.para(w("scan_targets", targets=", ".join(sc.targets) or w("dash")), self.text))
            if sc.ignored_hosts:
                out.append(self.para(w("scan_ignored", hosts=", ".join(sc.ignored_hosts)), self.text))
            out.append(self.para(w("scan_totals", hosts=len(sc.hosts), ports=sc.open_ports), self.text))
            rows: list[list[Any]] = [self.heads("col_host", "col_port", "col_state", "col_service", "col_product")]
            for h in sc.hosts:
                host = h.address + (f"\n{h.hostname}" if h.hostname else "")
                if not h.ports:
                    rows.append([self.para(host, self.cell), self.para(w("no_open_ports"), self.cell), "", "", ""])
                for p in h.ports:
                    port = f"{p.port}/{p.protocol}" if p.port is not None else w("dash")
                    rows.append([self.para(host, self.cell), self.para(port, self.cell), self.para(p.state, self.cell),
                                 self.para(p.service, self.cell),
                                 self.para(" ".join(x for x in (p.product, p.version) if x), self.cell)])
                    host = ""
            if len(rows) > 1:
                out.append(self.table(rows, [0.31, 0.12, 0.12, 0.15, 0.30]))
            out += self.head(w("rules_heading"), self.h3)
            if sc.outcomes:
                rows = [self.heads("col_id", "col_rule", "col_outcome", "col_detail")]
                for o in sc.outcomes:
                    rows.append([self.para(o.control_id, self.cell), self.para(w.rule(o.rule_type), self.cell_small),
                                 self.para(w.outcome(o.outcome), self.cell_b if o.outcome == "fail" else self.cell),
                                 self.para(o.message, self.cell)])
                out.append(self.table(rows, [0.13, 0.20, 0.15, 0.52]))
            else:
                out.append(self.para(w("no_rules"), self.text))
            out.append(Spacer(1, 3 * mm))
        return out

    def findings(self) -> list[Flowable]:
        w, r = self.w, self.r
        out: list[Flowable] = [*self.heading("sec_findings")]
        if not r.findings:
            return [*out, self.para(w("no_findings"), self.text)]
        out.append(self.para(w("findings_intro"), self.text_keep))
        if r.draft:
            out.append(self.markup(f"<i>{esc(w('findings_draft_note'))}</i>", self.text_keep))
        data: list[list[Any]] = [self.heads("col_id", "col_requirement", "col_result", "col_measure", "col_owner",
                                            "col_due", "col_status")]
        for f in r.findings:
            req = esc(f.title) + f"<br/><font size=9><i>{esc(w.severity(f.severity))}"
            req += f"; {esc(w('mandatory_mark'))}</i></font>" if f.mandatory else "</i></font>"
            p = f.plan
            due = w.date(p.due_date) if p and p.due_date else w("dash")
            if p and p.overdue:
                due += f" ({w('overdue')})"
            data.append([self.para(f.control_id, self.cell_small), self.markup(req, self.cell_small),
                         self.para(w.result(f.result), self.cell_small), self.para(f.remediation, self.cell_small),
                         self.para((p.owner or w("unassigned")) if p else w("dash"), self.cell_small),
                         self.para(due, self.cell_small if not (p and p.overdue) else self._overdue()),
                         self.para(w.status(p.status) if p else w("no_plan"), self.cell_small)])
        out.append(self.table(data, [0.11, 0.21, 0.10, 0.24, 0.12, 0.12, 0.11]))
        return out

    def _overdue(self) -> ParagraphStyle:
        return ParagraphStyle("overdue", parent=self.cell_small, fontName=self.f.bold)

    def change(self) -> list[Flowable]:
        w, ch = self.w, self.r.change
        out: list[Flowable] = [*self.heading("sec_change")]
        if ch is None:
            return [*out, self.para(w("no_previous"), self.text)]
        s = self.r.summary
        out.append(self.para(w("change_intro", id=ch.previous_assessment_id, date=w.date(ch.previous_finalized_at)),
                             self.text))
        out.append(self.para(w("change_score", before=w.score(ch.previous_score), after=w.score(s.score),
                               delta=w.delta(ch.score_delta), cov_before=w.percent(ch.previous_coverage),
                               cov_after=w.percent(s.coverage), rating_before=w.rating(ch.previous_rating),
                               rating_after=w.rating(s.rating)), self.text))
        if ch.domains:
            data: list[list[Any]] = [self.heads("col_domain", "col_before", "col_after", "col_delta")]
            data += [[self.para(f"{d.title} ({d.domain})", self.cell), self.para(w.score(d.previous_score), self.cell_c),
                      self.para(w.score(d.current_score), self.cell_c), self.para(w.delta(d.score_delta), self.cell_c)]
                     for d in ch.domains]
            out.append(self.table(data, [0.55, 0.15, 0.15, 0.15]))
            out.append(Spacer(1, 3 * mm))
        if ch.controls:
            data = [self.heads("col_id", "col_requirement", "col_before", "col_after", "col_change")]
            data += [[self.para(c.control_id, self.cell), self.para(c.title, self.cell),
                      self.para(w.result(c.previous), self.cell), self.para(w.result(c.current), self.cell),
                      self.para(w(f"change_{c.kind}"), self.cell)] for c in ch.controls]
            out.append(self.table(data, [0.13, 0.39, 0.16, 0.16, 0.16]))
        else:
            out.append(self.para(w("no_control_changes"), self.text))
        return out

    def method(self) -> list[Flowable]:
        w, sc = self.w, self.r.scoring
        weights = {k: w.weight(v) for k, v in sc.weights.items()}
        th = {k: w.weight(v) for k, v in sc.thresholds.items()}
        lines = [w("method_credit"), w("method_weights", **weights), w("method_formula"), w("method_coverage"),
                 w("method_rating", **th), w("method_technical"), w("method_remediation", **sc.due_days)]
        return [*self.heading("sec_method"), *[self.para(f"- {line}", self.bullet) for line in lines]]

    def evidence(self) -> list[Flowable]:
        w, ev = self.w, self.r.evidence
        out: list[Flowable] = [*self.heading("sec_evidence")]
        if not ev:
            return [*out, self.para(w("no_evidence"), self.text)]
        out.append(self.para(w("evidence_intro"), self.text))
        head = self.heads("col_no", "col_control", "col_file", "col_size")
        data: list[list[Any]] = [[*head[:3], self.para("SHA-256", self.cell_bc), head[3]]]
        for i, e in enumerate(ev, start=1):
            control = e.control_id or w("whole_assessment")
            data.append([self.para(str(i), self.cell_c), self.para(control, self.cell_small),
                         self.para(e.name, self.cell_small), self.para(e.sha256, self.hash),
                         self.para(w.size(e.size), self.cell_small)])
        out.append(self.table(data, [0.06, 0.14, 0.30, 0.35, 0.15]))
        return out

def _canvas_class(fonts: FontSet, footer: str, page_of: str, draft: str | None) -> type[Canvas]:
    """A canvas that knows the page count when it saves, to print "Trang x/y" on every page."""

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
            total = len(self._pages)
            for i, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._furniture(i, total)
                super().showPage()
            super().save()

        def _furniture(self, page: int, total: int) -> None:
            self.saveState()
            y = MARGIN_BOTTOM - 10 * mm
            self.setFont(fonts.regular, 9)
            self.setFillColor(colors.Color(0.35, 0.35, 0.35))
            self.drawString(MARGIN_LEFT, y, footer)
            self.setFont(fonts.regular, 11)
            self.setFillColor(colors.black)
            self.drawRightString(PAGE_W - MARGIN_RIGHT, y, page_of.format(page=page, pages=total))
            if draft:
                self.setFont(fonts.bold, 11)
                self.setFillColor(DRAFT_RED)
                self.drawCentredString(MARGIN_LEFT + BODY_W / 2, PAGE_H - MARGIN_TOP + 6 * mm, draft)
            self.restoreState()

    return NumberedCanvas


def _footer_text(fonts: FontSet, text: str, width: float) -> str:
    text = clean(text).replace("\n", " ")
    while stringWidth(text, fonts.regular, 9) > width and len(text) > 10:
        text = text[:-2].rstrip() + "…"
        text = text.replace("……", "…")
    return text


def _watermark(font_file: Path, text: str) -> tuple[Any, float, float]:
    """The diagonal "BẢN NHÁP / DRAFT" as a translucent picture (drawn with the report's own bold
    font), so that it does not mix with the page's text when the text is copied or extracted."""
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


class PdfRenderer(Renderer):
    name = "pdf"
    extension = ".pdf"
    media_type = "application/pdf"

    def __init__(self, fonts: FontFiles | None = None) -> None:
        self.fonts = fonts

    def render(self, report: Report) -> bytes:
        fonts = register(self.fonts or find_fonts())
        b = _Builder(report, fonts)
        story = b.build()
        w = b.w
        return write_pdf(b, story, footer=w("footer_left", system=report.system.id, id=report.assessment.id),
                         title=w("html_title", system=report.system.name), subject=report.system.name,
                         creator=report.generator, lang=report.lang,
                         watermark=w("draft_mark") if report.draft else None)


def write_pdf(b: DocumentBuilder, story: list[Flowable], *, footer: str, title: str, subject: str, creator: str,
              lang: str, watermark: str | None = None) -> bytes:
    """The PDF of ``story`` built by ``b``: A4 with the Decree 30 margins, the footer text and "Trang x/y"
    on every page, an optional diagonal watermark; refused before building if the font lacks a character."""
    from reportlab import rl_config

    rl_config.useA85 = 0  # binary streams: smaller files, and no time spent on ASCII85
    fonts, w = b.f, b.w
    footer = _footer_text(fonts, footer, BODY_W * 0.7)
    b.note(footer)
    page_of = w("page_of", page="{page}", pages="{pages}")
    b.note(page_of.format(page="0123456789", pages=""))
    if watermark:
        b.note(watermark)
    fonts.check(b.chars)  # before building: refuse rather than print boxes

    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=clean(title), author=clean(b.header.issuing_body), subject=clean(subject),
        creator=creator, lang=lang, invariant=1 if os.environ.get("SECASSESS_NOW") else 0)
    frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, BODY_W, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    mark = _watermark(fonts.files.bold, watermark) if watermark else None

    def on_page(canvas: Canvas, _doc: Any) -> None:
        if mark is not None:  # drawn first, so the text of the page lies over it
            img, w_pt, h_pt = mark
            canvas.drawImage(img, (PAGE_W - w_pt) / 2, (PAGE_H - h_pt) / 2, w_pt, h_pt, mask="auto")

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    doc.build(story, canvasmaker=_canvas_class(fonts, footer, page_of, watermark))
    return buf.getvalue()
