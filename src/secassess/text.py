"""The one place that normalises text to Unicode NFC (Vietnamese arrives in both forms)."""

from __future__ import annotations

import unicodedata
from typing import Any


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nfc_deep(value: Any) -> Any:
    """Normalise every string inside nested dicts and lists (keys included)."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {nfc_deep(k): nfc_deep(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nfc_deep(v) for v in value]
    return value


_FOLD = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case and strip diacritics, for matching words typed by people ("Không đạt" ~ "khong dat")."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())
