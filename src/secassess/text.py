"""The one place that normalises text: to Unicode NFC (Vietnamese arrives in both forms), user text
on its way in (:func:`user_text`), text for documents on its way out (:func:`printable`)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def user_text(text: str) -> str:
    """Text a person brings in (answers from YAML, Excel or the prompt; inventory YAML or CSV; notes of
    remediation updates; incident texts) as it is stored: NFC, every line ending ``\n`` (Windows
    ``\r\n`` and a lone ``\r``, as old Mac files and some spreadsheet cells have, which would otherwise
    end a row of a Markdown table or a CSV line). Called once, where the text enters."""
    return nfc(text).replace("\r\n", "\n").replace("\r", "\n")


def nfc_deep(value: Any) -> Any:
    """Normalise every string inside nested dicts and lists (keys included)."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {nfc_deep(k): nfc_deep(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nfc_deep(v) for v in value]
    return value


#: the format characters (Unicode category Cf, as of Unicode 14) as ranges: invisible, dropped from
#: documents; a test checks the list against the running Python's unicodedata
FORMAT_RANGES = ((0x00AD, 0x00AD), (0x0600, 0x0605), (0x061C, 0x061C), (0x06DD, 0x06DD), (0x070F, 0x070F),
                 (0x0890, 0x0891), (0x08E2, 0x08E2), (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E),
                 (0x2060, 0x2064), (0x2066, 0x206F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD),
                 (0x110CD, 0x110CD), (0x13430, 0x13438), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
                 (0xE0001, 0xE0001), (0xE0020, 0xE007F))


def _ranges(ranges: tuple[tuple[int, int], ...]) -> str:
    return "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in ranges)


# dropped: format characters, surrogates, the noncharacters U+FFFE/U+FFFF; made spaces: control characters
_DROP = re.compile("[" + _ranges((*FORMAT_RANGES, (0xD800, 0xDFFF), (0xFFFE, 0xFFFF))) + "]")
_SPACE = re.compile("[" + _ranges(((0x00, 0x09), (0x0B, 0x1F), (0x7F, 0x9F))) + "]")


def printable(text: str) -> str:
    """Text for a document: NFC, line endings as ``\\n``; invisible format characters (zero-width
    spaces, soft hyphens, BOM), surrogates and the noncharacters U+FFFE/U+FFFF removed; other control
    characters except line breaks turned into spaces (a PDF would print boxes for them, and XML — a
    Word file — cannot hold them)."""
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    return _SPACE.sub(" ", _DROP.sub("", text))


_FOLD = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case and strip diacritics, for matching words typed by people ("Không đạt" ~ "khong dat")."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


#: how a spreadsheet tells a formula from text: a cell starting with one of these is run (CSV injection)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(text: str) -> str:
    """Text a spreadsheet keeps as text (an owner or note typed as ``=HYPERLINK(…)`` is not run):
    one that starts like a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1
               for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], max_col: int = 60) -> str:
    """A plain text table; long cells are cut with an ellipsis."""
    def cell(v: Any) -> str:
        s = "" if v is None else str(v).replace("\n", " ")
        return s if _width(s) <= max_col else s[: max_col - 1] + "…"

    body = [[cell(v) for v in r] for r in rows]
    widths = [_width(h) for h in headers]
    for r in body:
        widths = [max(w, _width(c)) for w, c in zip(widths, r, strict=False)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(headers, widths, strict=False)).rstrip(),
             "  ".join("─" * w for w in widths)]
    lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=False)).rstrip() for r in body]
    return "\n".join(lines)
