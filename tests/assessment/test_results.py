"""Result words as people write them (docs/questionnaires.md, “Result words”)."""

from __future__ import annotations

import pytest

from secassess.assessment.results import RESULTS, label, parse_result

pytestmark = pytest.mark.usefixtures("engine")  # SQLite and PostgreSQL


@pytest.mark.parametrize(("text", "code"), [
    ("pass", "pass"), ("PASS", "pass"), ("Đạt", "pass"), ("đạt", "pass"), ("dat", "pass"), ("ĐẠT", "pass"),
    ("Dat", "pass"), ("  Đạt  ", "pass"),
    ("partial", "partial"), ("Một phần", "partial"), ("mot phan", "partial"), ("Đạt một phần", "partial"),
    ("DAT MOT PHAN", "partial"), ("Đạt  một   phần", "partial"),
    ("fail", "fail"), ("Không đạt", "fail"), ("khong dat", "fail"), ("Chưa", "fail"), ("chua", "fail"),
    ("not_applicable", "not_applicable"), ("N/A", "not_applicable"), ("n/a", "not_applicable"),
    ("Không áp dụng", "not_applicable"), ("KHONG AP DUNG", "not_applicable"), ("not applicable", "not_applicable"),
    ("not-applicable", "not_applicable"),
    ("not_assessed", "not_assessed"), ("Chưa đánh giá", "not_assessed"), ("chua danh gia", "not_assessed"),
    ("Not assessed", "not_assessed"),
])
def test_words_in_both_languages_any_case_with_or_without_diacritics(text: str, code: str) -> None:
    assert parse_result(text) == code


def test_decomposed_vietnamese_is_understood() -> None:
    import unicodedata

    assert parse_result(unicodedata.normalize("NFD", "Không áp dụng")) == "not_applicable"


@pytest.mark.parametrize("text", ["", "yes", "đạt?", "dat dat", "passed!", "x", "khong"])
def test_unknown_words_are_none(text: str) -> None:
    assert parse_result(text) is None


def test_labels_parse_back_in_both_languages() -> None:
    for r in RESULTS:
        assert parse_result(label(r, "vi")) == r
        assert parse_result(label(r, "en")) == r
    assert label("partial", "vi") == "Đạt một phần" and label("fail", "en") == "Fail"
