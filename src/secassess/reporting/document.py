"""A format-neutral administrative document (văn bản hành chính): what the PDF and the Word renderers
both draw, so the two files carry the same content in the same order.

A composer (``reporting/compose.py`` for the system report, ``reporting/province/compose.py`` for
the provincial report) turns a report model into a :class:`Document`; ``reporting/pdf.py`` and
``reporting/docx.py`` turn a document into bytes. The layout follows Decree 30/2020/NĐ-CP,
Appendix I (``docs/reports.md`` lists the points): the letterhead, the title, the numbered body,
the signature and "Nơi nhận", then appendices ("Phụ lục I, II …") each headed "Kèm theo Báo cáo
số …".

Text here is plain text (never markup): renderers escape it. Nothing here knows a file format.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

ParaStyle = Literal["body", "text", "bullet", "center", "italic_center", "note"]
Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Run:
    """A piece of text in one style."""

    text: str
    bold: bool = False
    italic: bool = False


def runs(*parts: str | Run) -> tuple[Run, ...]:
    """Runs from plain strings and runs (a string is a regular run)."""
    return tuple(p if isinstance(p, Run) else Run(p) for p in parts if (p.text if isinstance(p, Run) else p))


@dataclass(frozen=True)
class Para:
    """A paragraph. ``body``: justified with the first line indented (the document's prose);
    ``text``: justified, no indent; ``bullet``: a "- " item; ``note``: a smaller aside."""

    content: tuple[Run, ...]
    style: ParaStyle = "body"

    @staticmethod
    def of(text: str, style: ParaStyle = "body", *, bold: bool = False, italic: bool = False) -> Para:
        return Para((Run(text, bold, italic),), style)


@dataclass(frozen=True)
class Heading:
    """A heading, already numbered by the composer: level 1 "I. KẾT QUẢ …", level 2 "1. …",
    level 3 "a) …"."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Column:
    """A table column. ``fixed``: its cells never wrap (ids, dates, numbers, short labels): the
    column is as wide as its widest cell; ``text``: it wraps at spaces and shares what is left of
    the width by ``weight``."""

    kind: Literal["fixed", "text"] = "text"
    weight: float = 1.0
    align: Align = "left"


@dataclass(frozen=True)
class Bar:
    """A score bar (0–100) with the two rating thresholds marked, drawn in a table cell."""

    value: float | None
    partial: float
    compliant: float


Cell = str | tuple[Run, ...] | Bar


@dataclass(frozen=True)
class Table:
    """A table with a header row repeated on every page. Rows may be of any length of text: a row
    taller than a page is split across pages."""

    columns: tuple[Column, ...]
    header: tuple[str, ...] | None
    rows: Sequence[Sequence[Cell]]
    total_row: bool = False  # the last row is a total: bold, shaded
    bold_cells: frozenset[tuple[int, int]] = frozenset()  # (row, column) of body rows, 0-based

    def __post_init__(self) -> None:
        n = len(self.columns)
        if self.header is not None and len(self.header) != n:
            raise ValueError(f"table header has {len(self.header)} cells for {n} columns")
        for i, row in enumerate(self.rows):
            if len(row) != n:
                raise ValueError(f"table row {i} has {len(row)} cells for {n} columns")


@dataclass(frozen=True)
class KeyValue:
    """A two-column table of labels and values (no header)."""

    rows: Sequence[tuple[str, str | tuple[Run, ...]]]


@dataclass(frozen=True)
class Banner:
    """A boxed warning under the title (the draft notice)."""

    text: str


Block = Para | Heading | Table | KeyValue | Banner


@dataclass(frozen=True)
class Appendix:
    """A "Phụ lục": its own pages (numbered from 1 again), headed by its number, its title and the
    line that ties it to the report ("Kèm theo Báo cáo số …")."""

    number: str  # Roman numeral
    title: str
    blocks: Sequence[Block]
    landscape: bool = False


@dataclass(frozen=True)
class Letterhead:
    """The top of the first page: parent and issuing bodies with "Số: …/BC-…" on the left, the
    national heading and motto with the place and date on the right."""

    parent_body: str  # already in capitals, may be empty
    issuing_body: str  # already in capitals
    number_line: str  # "Số:      /BC-CAT-PA05"
    national_heading: str
    motto: str
    place_date: str


@dataclass(frozen=True)
class Signature:
    """The signature block: authority ("KT. GIÁM ĐỐC"), title, a hint or blank for the signature,
    the name."""

    authority: str
    title: str
    hint: str
    name: str


@dataclass(frozen=True)
class Meta:
    """What the file says about itself (PDF info, Word core properties)."""

    title: str
    subject: str
    author: str
    creator: str
    lang: str
    reproducible: bool = False  # fixed dates and ids inside the file (SECASSESS_NOW set)


@dataclass(frozen=True)
class Document:
    letterhead: Letterhead
    kind: str  # "BÁO CÁO"
    title: str  # trích yếu
    blocks: Sequence[Block]
    signature: Signature
    recipients_heading: str
    recipients: Sequence[str]  # whole lines, "- Như trên;" … "- Lưu: VT, PA05."
    meta: Meta
    subtitle: str = ""
    addressee: str = ""  # "Kính gửi: …"
    appendix_label: str = "Phụ lục {n}"  # filled with the appendix number
    appendix_ref: str = ""  # "(Kèm theo Báo cáo số …/BC-… ngày … của …)"
    appendices: Sequence[Appendix] = field(default_factory=tuple)
    draft_mark: str | None = None  # the watermark and page-top mark of a draft

    def texts(self) -> Iterator[str]:
        """Every piece of text the document prints (for the font check)."""
        lh = self.letterhead
        yield from (lh.parent_body, lh.issuing_body, lh.number_line, lh.national_heading, lh.motto, lh.place_date)
        yield from (self.kind, self.title, self.subtitle, self.addressee, self.recipients_heading, self.appendix_ref)
        yield from self.recipients
        s = self.signature
        yield from (s.authority, s.title, s.hint, s.name)
        if self.draft_mark:
            yield self.draft_mark
        for block in self.all_blocks():
            yield from block_texts(block)
        for a in self.appendices:
            yield self.appendix_label.format(n=a.number)
            yield a.title

    def all_blocks(self) -> Iterator[Block]:
        yield from self.blocks
        for a in self.appendices:
            yield from a.blocks


def cell_text(cell: Cell) -> str:
    if isinstance(cell, str):
        return cell
    if isinstance(cell, Bar):
        return ""
    return "".join(r.text for r in cell)


def block_texts(block: Block) -> Iterator[str]:
    if isinstance(block, Para):
        yield "".join(r.text for r in block.content)
    elif isinstance(block, Heading | Banner):
        yield block.text
    elif isinstance(block, Table):
        if block.header:
            yield from block.header
        for row in block.rows:
            for c in row:
                yield cell_text(c)
    elif isinstance(block, KeyValue):
        for k, v in block.rows:
            yield k
            yield v if isinstance(v, str) else "".join(r.text for r in v)
