"""The report's words (lời văn): labels and sentences from ``templates/wording.yaml`` in one
language, plus the number and date formats a Vietnamese reader expects ("82,5", "ngày 05 tháng 02").

Renderers never spell out report text in code; they ask a :class:`Wording` for it.
"""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from secassess import clock
from secassess.i18n import Lang
from secassess.vocabulary import (
    REMEDIATION_STATUS_LABELS,
    pick,
    rating_label,
    result_label,
    severity_label,
)

TEMPLATES = Path(__file__).resolve().parent / "templates"
WORDING_FILE = TEMPLATES / "wording.yaml"


@lru_cache(maxsize=4)
def load_texts(path: Path) -> dict[str, dict[str, str]]:
    """A wording file (key: {vi, en}), read once."""
    from secassess.yamlio import load_yaml

    data = load_yaml(path).data
    if not isinstance(data, dict):  # pragma: no cover - our own file
        raise RuntimeError(f"{path}: not a mapping")
    return {str(k): {"vi": str(v["vi"]), "en": str(v["en"])} for k, v in data.items()}


def _load() -> dict[str, dict[str, str]]:
    return load_texts(WORDING_FILE)


def all_keys() -> frozenset[str]:
    return frozenset(_load())


def placeholders(key: str, lang: Lang) -> set[str]:
    """The ``{name}`` placeholders of one text (for the wording consistency test)."""
    return {f for _, f, _, _ in string.Formatter().parse(_load()[key][lang]) if f}


@dataclass(frozen=True)
class Wording:
    """Texts and formats in one language. Call it with a key and the values to fill in."""

    lang: Lang

    def __call__(self, key: str, /, **values: Any) -> str:
        text = self._text(key)
        return text.format(**values) if values else text

    def _text(self, key: str) -> str:
        return _load()[key][self.lang]

    # ------------------------------------------------------------------ numbers

    def number(self, value: float | None, digits: int = 1) -> str:
        """A number rounded for display the way the scoring model rounds (half away from zero, on
        the exact decimal): "82,5" in Vietnamese, "82.5" in English; "–" for none."""
        if value is None:
            return self("dash")
        from secassess.display import format_number

        return format_number(value, self.lang, digits)

    def score(self, value: float | None) -> str:
        return self.number(value, 1)

    def percent(self, fraction: float | None) -> str:
        """A 0..1 fraction as a percentage with one decimal ("96,5%")."""
        if fraction is None:
            return self("dash")
        from secassess.display import format_percent

        return format_percent(fraction, self.lang)

    def delta(self, value: float | None) -> str:
        if value is None:
            return self("dash")
        text = self.number(abs(value), 1)
        if text.strip("0,.") == "":
            return "±" + text
        return ("+" if value > 0 else "−") + text

    def weight(self, value: float) -> str:
        return self.number(value, 0) if float(value).is_integer() else self.number(value, 2)

    def size(self, n: int | None) -> str:
        if n is None:
            return self("dash")
        from secassess.display import format_int

        return self("size_bytes", n=format_int(n, self.lang))

    # ------------------------------------------------------------------ dates

    def date(self, d: dt.date | dt.datetime | None) -> str:
        return clock.fmt_date(d) if d is not None else self("dash")

    def datetime(self, value: dt.datetime | None) -> str:
        return clock.fmt_datetime(value) if value is not None else self("dash")

    def long_date(self, d: dt.date) -> str:
        """ "ngày 05 tháng 02 năm 2026" — Decree 30/2020 writes a zero before days 1–9 and months
        1–2 —, "February 5, 2026"."""
        if self.lang == "vi":
            month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
            return self("long_date", day=f"{d.day:02d}", month=month, year=d.year)
        return self("long_date", day=d.day, month_name=self("months_en").split()[d.month - 1], year=d.year)

    def place_date(self, place: str, d: dt.date) -> str:
        """ "Sông Lam, ngày 05 tháng 02 năm 2026"; a missing place is left as a dotted blank to fill
        in by hand."""
        return self("place_date", place=place.strip() or self("blank"), date=self.long_date(d))

    # ------------------------------------------------------------------ labels

    # the words of the domain come from secassess.vocabulary, defined there once

    def result(self, code: str | None) -> str:
        return result_label(code, self.lang) if code else self("dash")

    def severity(self, code: str) -> str:
        return severity_label(code, self.lang)

    def rating(self, code: str) -> str:
        return rating_label(code, self.lang)

    def status(self, code: str) -> str:
        """A remediation item's status."""
        return pick(REMEDIATION_STATUS_LABELS, code, self.lang)

    def outcome(self, code: str) -> str:
        return self(f"outcome_{code}")

    def system_ref(self, name: str) -> str:
        """How a sentence names a system: "hệ thống X", or just "X" when the name already says
        what it is ("Hệ thống quản lý văn bản", "Cơ sở dữ liệu dân cư", "Cổng dịch vụ công")."""
        from secassess.text import fold

        folded = fold(name)
        for noun in self("system_nouns").split("|"):
            if folded.startswith(fold(noun) + " ") or (self.lang == "en" and fold(noun) in folded.split()):
                return name
        return self("system_ref", name=name)

    def rule(self, rule_type: str) -> str:
        """A scan rule type in words; an unknown type (a newer catalog) shows as its code."""
        key = f"rule_{rule_type}"
        return self(key) if key in _load() else rule_type

    def port_state(self, state: str) -> str:
        """A port state as nmap names it ("open", "open|filtered") in words."""
        key = "port_" + state.replace("|", "_")
        return self(key) if key in _load() else state

    def yes_no(self, value: bool) -> str:
        return self("word_yes") if value else self("word_no")


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
