"""The five result words (kết quả) and how people write them.

Codes are ``pass``, ``partial``, ``fail``, ``not_applicable``, ``not_assessed``. On import we
accept the codes, their English labels and the Vietnamese spellings officers use (docs/questionnaires.md, “Result words”),
in any case, with or without diacritics: "Đạt", "dat", "Một phần", "Đạt một phần", "Không đạt",
"Chưa", "N/A", "Không áp dụng", "Chưa đánh giá" ...
"""

from __future__ import annotations

from secassess.text import fold
from secassess.vocabulary import RESULT_LABELS, RESULTS, Result, result_label

# Folded spellings (see text.fold: lower case, no diacritics, single spaces; "_" and "-" as spaces).
_ALIASES: dict[str, Result] = {
    "pass": "pass", "passed": "pass", "dat": "pass", "ok": "pass", "compliant": "pass",
    "partial": "partial", "partially": "partial", "partly": "partial", "mot phan": "partial",
    "dat mot phan": "partial", "partially compliant": "partial",
    "fail": "fail", "failed": "fail", "khong dat": "fail", "chua": "fail", "chua dat": "fail",
    "non compliant": "fail", "not compliant": "fail",
    "not applicable": "not_applicable", "n/a": "not_applicable", "na": "not_applicable",
    "khong ap dung": "not_applicable", "kad": "not_applicable",
    "not assessed": "not_assessed", "chua danh gia": "not_assessed", "not evaluated": "not_assessed",
}


def _key(text: str) -> str:
    return fold(text.replace("_", " ").replace("-", " "))


def parse_result(text: str) -> Result | None:
    """The result a person meant, or None if the word is not one we know."""
    key = _key(text)
    if key in _ALIASES:
        return _ALIASES[key]
    return None


def label(result: str, lang: str = "vi") -> str:
    """The label of a result code in ``lang`` ("Đạt", "Pass" ...)."""
    return result_label(result, lang)


def accepted_words() -> str:
    """The words to suggest when a result is not understood."""
    return ", ".join(RESULT_LABELS[r][0] for r in RESULTS) + " / " + ", ".join(RESULTS)


def is_answered(result: str) -> bool:
    """A control counts as answered once it has any result other than ``not_assessed``."""
    return result != "not_assessed"


__all__ = ["RESULTS", "Result", "accepted_words", "is_answered", "label", "parse_result"]
