"""Columns sized from their content: a fixed column is as wide as its widest cell, a header is never
cut inside a word nor stacked a word per line, text columns share the rest by weight, and a table
too wide for the page squeezes its fixed columns rather than overflow."""

from __future__ import annotations

from secassess.reporting.document import Column, Table
from secassess.reporting.layout import CELL_PAD, column_widths, header_width, wrap_text


def measure(text: str, bold: bool, size: float) -> float:
    return len(text) * size * (0.6 if bold else 0.5)  # a monospace stand-in: widths are easy to check


def test_a_fixed_column_is_as_wide_as_its_widest_cell() -> None:
    t = Table((Column("fixed"), Column("text")), ("Mã", "Yêu cầu"), [["MANG-03", "x"], ["QLRR-10", "y"]])
    w = column_widths(t, 400, 10, measure)
    assert w.widths[0] == measure("QLRR-10", False, 10) + CELL_PAD
    assert sum(w.widths) == 400 and all(w.fits)


def test_a_header_is_never_cut_inside_a_word() -> None:
    t = Table((Column("fixed"), Column("text")), ("Quá hạn", "Ghi chú"), [["1", "x"]])
    w = column_widths(t, 400, 10, measure)
    assert w.widths[0] >= measure("Quá hạn", True, 10) + CELL_PAD  # short: on one line
    long = "Người chịu trách nhiệm khắc phục"
    assert header_width(long, 10, measure) >= max(measure(x, True, 10) for x in long.split())
    assert header_width(long, 10, measure) < measure(long, True, 10)  # two lines, not one


def test_text_columns_share_the_rest_by_weight() -> None:
    t = Table((Column("fixed"), Column("text", 1), Column("text", 3)), None, [["A-01", "a", "b"]])
    w = column_widths(t, 500, 10, measure)
    rest = 500 - w.widths[0]
    assert round(w.widths[1]) == round(rest / 4) and round(w.widths[2]) == round(rest * 3 / 4)


def test_a_text_column_keeps_room_for_its_longest_word() -> None:
    t = Table((Column("text", 1), Column("text", 10)), None, [["Vietnamese", "short"]])
    w = column_widths(t, 400, 10, measure)
    assert w.widths[0] >= measure("Vietnamese", False, 10) + CELL_PAD


def test_a_table_too_wide_squeezes_the_fixed_columns() -> None:
    cells = ["x" * 40] * 5
    t = Table(tuple(Column("fixed") for _ in range(5)), None, [cells])
    w = column_widths(t, 300, 10, measure)
    assert abs(sum(w.widths) - 300) < 1e-6 and not any(w.fits)


def test_wrapping_breaks_at_spaces_and_cuts_only_a_word_longer_than_a_line() -> None:
    def m(s: str) -> float:
        return float(len(s))

    assert wrap_text("một hai ba bốn", 7, m) == ["một hai", "ba bốn"]
    assert wrap_text("x" * 10, 4, m) == ["xxxx", "xxxx", "xx"]
    assert wrap_text("dòng một\ndòng hai", 100, m) == ["dòng một", "dòng hai"]
