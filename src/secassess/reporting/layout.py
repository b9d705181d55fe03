"""Table column widths sized from their content, shared by the PDF and the Word renderer.

A ``fixed`` column (ids, dates, numbers, short labels) is as wide as its widest cell, so a date or
an id is never broken inside a cell; a ``text`` column wraps at spaces and shares what is left by
weight, but is never narrower than its longest header word (so "Quá hạn" is not cut into
"Qu|á|hạn"). Widths are measured with the report's own font (Liberation Serif has the widths of
Times New Roman, the font Word will use), so the two renderers agree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from secassess.reporting.document import Bar, Cell, Table, cell_text

#: (text, bold, size) -> width in points
Measure = Callable[[str, bool, float], float]

#: left + right cell padding and the grid line, in points
CELL_PAD = 7.0
#: a text column never takes more than this share of the table for one unbreakable word (a URL)
LONG_WORD_SHARE = 0.30
MIN_TEXT_COLUMN = 36.0
BAR_WIDTH = 90.0


@dataclass(frozen=True)
class Widths:
    widths: list[float]
    fits: list[bool]  # False: a fixed column had to be squeezed and may wrap


def _lines(text: str) -> list[str]:
    return text.split("\n") if text else [""]


def _cell_is_bold(table: Table, r: int, c: int, cell: Cell) -> bool:
    if (r, c) in table.bold_cells or (table.total_row and r == len(table.rows) - 1):
        return True
    return not isinstance(cell, str | Bar) and any(run.bold for run in cell) and all(run.bold for run in cell)


def column_widths(table: Table, total: float, size: float, measure: Measure) -> Widths:
    """Widths (points) of ``table``'s columns for a table ``total`` points wide in ``size`` pt text."""
    n = len(table.columns)
    need = [0.0] * n  # fixed: widest line; text: longest word
    for c, col in enumerate(table.columns):
        best = header_width(table.header[c], size, measure) if table.header is not None else 0.0
        for r, row in enumerate(table.rows):
            cell = row[c]
            if isinstance(cell, Bar):
                best = max(best, BAR_WIDTH)
                continue
            bold = _cell_is_bold(table, r, c, cell)
            content = cell_text(cell)
            if col.kind == "fixed":
                best = max(best, *(measure(line, bold, size) for line in _lines(content)))
            else:
                longest = max((measure(w, bold, size) for w in content.split()), default=0.0)
                best = max(best, min(longest, total * LONG_WORD_SHARE))
        need[c] = best + CELL_PAD
    fixed = [c for c, col in enumerate(table.columns) if col.kind == "fixed"]
    wrapping = [c for c, col in enumerate(table.columns) if col.kind == "text"]
    for c in wrapping:
        need[c] = max(need[c], MIN_TEXT_COLUMN)
    widths = list(need)
    fits = [True] * n
    if sum(need) > total:  # too wide: squeeze the fixed columns in proportion; they may now wrap
        spare = total - sum(need[c] for c in wrapping)
        fixed_sum = sum(need[c] for c in fixed)
        if spare <= 0 or fixed_sum <= 0:
            return Widths([total * x / sum(need) for x in need], [False] * n)
        for c in fixed:
            widths[c] = need[c] * spare / fixed_sum
            fits[c] = False
        return Widths(widths, fits)
    left = total - sum(need[c] for c in fixed)
    if not wrapping:  # spread what is left over the fixed columns
        extra = (total - sum(need)) / n
        return Widths([w + extra for w in widths], fits)
    # water-filling: share ``left`` by weight, but never below a column's need
    open_cols = list(wrapping)
    while True:
        weights = sum(table.columns[c].weight for c in open_cols)
        share = {c: left * table.columns[c].weight / weights for c in open_cols}
        short = [c for c in open_cols if share[c] < need[c]]
        if not short:
            for c in open_cols:
                widths[c] = share[c]
            break
        for c in short:
            widths[c] = need[c]
            left -= need[c]
            open_cols.remove(c)
        if not open_cols:
            break
    return Widths(widths, fits)


#: a header up to this wide stays on one line; a longer one may take two
ONE_LINE_HEADER = 72.0


def header_width(text: str, size: float, measure: Measure) -> float:
    """The width a header cell needs: one line when short, else the narrowest split into two lines
    at a space (so a header is never cut inside a word, nor stacked a word per line)."""
    words = text.split()
    if not words:
        return 0.0
    whole = measure(" ".join(words), True, size)
    if whole <= ONE_LINE_HEADER or len(words) == 1:
        return whole
    return min(max(measure(" ".join(words[:k]), True, size), measure(" ".join(words[k:]), True, size))
               for k in range(1, len(words)))


def wrap_text(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """``text`` broken into lines no wider than ``width`` at spaces; a word wider than a line is
    cut (only text columns hold such words: fixed columns are as wide as their cells). Widths add up
    word by word (reportlab measures without kerning), so a line costs one measure per word."""
    space = measure(" ")
    out: list[str] = []
    for raw in text.split("\n"):
        line, line_w = "", 0.0
        for word in raw.split(" "):
            word_w = measure(word)
            if line and line_w + space + word_w <= width:
                line, line_w = f"{line} {word}", line_w + space + word_w
                continue
            if line:
                out.append(line)
            line, line_w = word, word_w
            while len(line) > 1 and line_w > width:
                lo, hi = 1, len(line) - 1  # the longest head that fits
                while lo < hi:
                    mid = (lo + hi + 1) // 2
                    if measure(line[:mid]) <= width:
                        lo = mid
                    else:
                        hi = mid - 1
                out.append(line[:lo])
                line = line[lo:]
                line_w = measure(line)
        out.append(line)
    return out


def chunks(rows: Sequence[Sequence[Cell]], size: int) -> list[Sequence[Sequence[Cell]]]:
    return [rows[i:i + size] for i in range(0, len(rows), size)] or [rows]
