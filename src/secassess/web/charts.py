"""Charts drawn on the server as inline SVG — pure: data in, markup out; no JavaScript, no style
attributes (the Content-Security-Policy allows neither inline scripts nor inline styles): colours come
from classes in ``static/app.css``. Every chart is decoration beside a table that carries its numbers, so
it is hidden from screen readers (``aria-hidden``) and each bar still links to the list behind it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

BAR_H, GAP, WIDTH = 16, 6, 360


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    href: str | None = None
    tone: str = ""  # a class: "bad", "warn", "good", "muted", or "" (the default colour)


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def bars(items: Sequence[Bar], *, width: int = WIDTH, maximum: int | None = None) -> Markup:
    """Horizontal bars, one per item, scaled to the largest value (or ``maximum``); each with its value at
    its end and a link when it has one."""
    top = max([maximum or 0, *(b.value for b in items)]) or 1
    room = width - 40  # space for the value after the longest bar
    height = len(items) * (BAR_H + GAP) + GAP
    out = [f'<svg class="chart bars" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'role="img" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">']
    for i, b in enumerate(items):
        y = GAP + i * (BAR_H + GAP)
        w = room * max(b.value, 0) / top
        tone = f" {escape(b.tone)}" if b.tone else ""
        bar = (f'<rect class="bar{tone}" x="0" y="{y}" width="{_num(max(w, 1 if b.value else 0))}" height="{BAR_H}">'
               f'<title>{escape(b.label)}: {b.value}</title></rect>'
               f'<text class="value" x="{_num(w + 4)}" y="{y + BAR_H - 4}">{b.value}</text>')
        out.append(f'<a href="{escape(b.href)}">{bar}</a>' if b.href and b.value else bar)
    out.append("</svg>")
    return Markup("".join(out))


@dataclass(frozen=True)
class Point:
    label: str  # e.g. the date
    value: float | None  # 0–100; None: no score (nothing applied)
    tone: str = ""


def trend(points: Sequence[Point], *, width: int = 480, height: int = 160) -> Markup:
    """Scores over time (0–100) as a line through dots, oldest on the left, with grid lines at 0, 50 and
    100 and each point's label below it."""
    pad_l, pad_r, pad_t, pad_b = 30, 12, 10, 28
    inner_w, inner_h = width - pad_l - pad_r, height - pad_t - pad_b
    n = len(points)

    def x(i: int) -> float:
        return pad_l + (inner_w / 2 if n == 1 else inner_w * i / (n - 1))

    def y(v: float) -> float:
        return pad_t + inner_h * (1 - max(0.0, min(100.0, v)) / 100)

    out = [f'<svg class="chart trend" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'role="img" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">']
    for g in (0, 50, 100):
        out.append(f'<line class="grid" x1="{pad_l}" x2="{width - pad_r}" y1="{_num(y(g))}" y2="{_num(y(g))}"/>'
                   f'<text class="axis" x="{pad_l - 4}" y="{_num(y(g) + 4)}" text-anchor="end">{g}</text>')
    line = [(x(i), y(p.value)) for i, p in enumerate(points) if p.value is not None]
    if len(line) > 1:
        out.append('<polyline class="line" points="' + " ".join(f"{_num(a)},{_num(b)}" for a, b in line) + '"/>')
    for i, p in enumerate(points):
        if p.value is not None:
            tone = f" {escape(p.tone)}" if p.tone else ""
            out.append(f'<circle class="dot{tone}" cx="{_num(x(i))}" cy="{_num(y(p.value))}" r="4">'
                       f'<title>{escape(p.label)}: {_num(p.value)}</title></circle>')
        if n <= 12 or i % max(1, n // 6) == 0 or i == n - 1:
            out.append(f'<text class="axis" x="{_num(x(i))}" y="{height - 8}" text-anchor="middle">'
                       f'{escape(p.label)}</text>')
    out.append("</svg>")
    return Markup("".join(out))
