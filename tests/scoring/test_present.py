"""The terminal rendering: Vietnamese wording, decimal comma, rounding only here."""

from __future__ import annotations

from fractions import Fraction

import pytest

from secassess.display import format_number, format_percent, round_half_up
from secassess.i18n import get_lang, set_lang
from secassess.scoring import Thresholds, compare, score_assessment
from secassess.scoring.present import (
    format_threshold,
    reason_text,
    render_comparison_text,
    render_text,
)
from tests.scoring.helpers import ctl, passes


@pytest.mark.parametrize(("value", "vi", "en"), [
    (Fraction(175, 2), "87,5", "87.5"),
    (Fraction(349, 4), "87,3", "87.3"),  # 87.25: half away from zero (Python's round gives 87.2)
    (87.25, "87,3", "87.3"),
    (Fraction(200, 3), "66,7", "66.7"),
    (100, "100,0", "100.0"),
    (0, "0,0", "0.0"),
    (0.05, "0,1", "0.1"),
    (-2.25, "-2,3", "-2.3"),
    (89.96, "90,0", "90.0"),
])
def test_format_number(value: Fraction | float, vi: str, en: str) -> None:
    assert format_number(value, "vi") == vi
    assert format_number(value, "en") == en


def test_format_number_signs_none_and_places() -> None:
    assert format_number(Fraction(15, 2), "vi", signed=True) == "+7,5"
    assert format_number(-7.5, "vi", signed=True) == "-7,5"
    assert format_number(0, "vi", signed=True) == "0,0"
    assert format_number(-0.01, "vi", signed=True) == "0,0"  # no "-0,0"
    assert format_number(None, "vi") == "—"
    assert format_number(Fraction(2, 3), "en", places=3) == "0.667"
    assert format_number(12.5, "en", places=0) == "13"
    assert round_half_up(Fraction(-5, 2), 0) == -3


def test_format_percent_and_threshold() -> None:
    assert format_percent(Fraction(19, 20), "vi") == "95,0%"
    assert format_percent(Fraction(2, 3), "en") == "66.7%"
    assert format_percent(1.0, "vi") == "100,0%"
    assert format_threshold(90.0, "vi") == "90"
    assert format_threshold(87.5, "vi") == "87,5"
    assert format_threshold(87.5, "en") == "87.5"


def test_render_text_in_vietnamese() -> None:
    controls = [*passes(7, domain="QLRR"), ctl("QLRR-M", "partial", 2, domain="QLRR"),
                ctl("MANG-01", "pass", 5, domain="MANG", mandatory=True, technical="fail"),
                ctl("MANG-02", "not_applicable", 1, domain="MANG"),
                ctl("MANG-03", "not_assessed", 1, domain="MANG", technical="fail"),
                ctl("MANG-04", "not_assessed", 3, domain="MANG", mandatory=True)]
    r = score_assessment(controls, Thresholds())
    # 100 × (7 + 1) / (7 + 2 + 5 + 1 + 3) = 100 × 8 / 18 = 44.4
    text = render_text(r, "vi", {"QLRR": {"vi": "Quản lý rủi ro", "en": "Risk management"}, "MANG": "Mạng"})
    assert "Điểm tổng: 44,4/100" in text
    assert "Độ bao phủ: 90,9% (10/11 yêu cầu áp dụng đã đánh giá)" in text
    assert "Xếp loại: Không đạt — điểm 44,4 thấp hơn ngưỡng Đạt một phần (70)" in text
    assert "yêu cầu bắt buộc Không đạt: MANG-01" in text
    assert "Yêu cầu bắt buộc Chưa đánh giá (1): MANG-04" in text
    assert "MANG-01: tự khai Đạt, kiểm tra kỹ thuật Không đạt → tính Không đạt" in text
    assert "Kết quả lấy từ kiểm tra kỹ thuật vì chưa tự khai (1): MANG-03" in text
    assert "Quản lý rủi ro" in text and "Risk management" not in text
    lines = text.splitlines()
    header = next(line for line in lines if line.startswith("Nhóm"))
    assert header.split()[:5] == ["Nhóm", "Tên", "nhóm", "Điểm", "Bao"]
    qlrr = next(line for line in lines if line.startswith("QLRR"))
    assert qlrr.split()[:7] == ["QLRR", "Quản", "lý", "rủi", "ro", "88,9", "100,0%"]  # 100 × 8 / 9
    mang = next(line for line in lines if line.startswith("MANG"))
    assert mang.split()[1:4] == ["Mạng", "0,0", "66,7%"]
    assert any(line.startswith("Tổng") and "44,4" in line for line in lines)
    assert "Đạt 1, Đạt một phần 0,5" in text


def test_render_text_in_english_and_language_is_left_alone() -> None:
    set_lang("vi")
    r = score_assessment([*passes(20), ctl("X", "not_assessed")], Thresholds())
    text = render_text(r, "en")
    assert get_lang() == "vi"
    assert "Overall score: 95.2/100" in text
    assert "Rating: Partially compliant — only 95.2% of the applicable controls are assessed, 1 not assessed" in text
    assert "Conflicts between the questionnaire and technical checks (0): none" in text
    assert "Điểm" not in text


def test_compliant_reason_in_words() -> None:
    r = score_assessment(passes(3), Thresholds(compliant=87.5, partial=60))
    assert r.rating == "compliant"
    assert reason_text(r.reason, "vi") == ("điểm 100,0 đạt ngưỡng 87,5, đã đánh giá đủ mọi yêu cầu áp dụng và "
                                           "không yêu cầu bắt buộc nào Không đạt hay Chưa đánh giá")
    assert "Xếp loại: Đạt — điểm 100,0" in render_text(r, "vi")


def test_partial_rating_label_and_other_gaps() -> None:
    r = score_assessment([*passes(20), ctl("M", "fail", mandatory=True), ctl("U", "not_assessed")], Thresholds())
    text = render_text(r, "vi")
    assert "Xếp loại: Đạt một phần — yêu cầu bắt buộc Không đạt: M" in text
    assert "Ngoài ra, chưa được xếp loại Đạt vì:\n  - mới đánh giá 95,5% số yêu cầu áp dụng" in text


def test_no_applicable_control_renders() -> None:
    text = render_text(score_assessment([ctl("A", "not_applicable")], Thresholds()), "vi")
    assert "Điểm tổng: —/100" in text
    assert "không có yêu cầu nào áp dụng" in text


def test_render_comparison_text() -> None:
    prev = score_assessment([ctl("A1", "fail", 3, domain="A"), ctl("A2", "pass", 1, domain="A"),
                             ctl("B1", "pass", 1, domain="B"), ctl("B2", "not_assessed", 1, domain="B")],
                            Thresholds())
    cur = score_assessment([ctl("A1", "pass", 3, domain="A"), ctl("A2", "partial", 1, domain="A"),
                            ctl("B1", "pass", 1, domain="B"), ctl("B2", "pass", 1, domain="B")], Thresholds())
    # before 100 × 2 / 6 = 33.3 (Không đạt), after 100 × 5.5 / 6 = 91.7 (Đạt)
    text = render_comparison_text(compare(prev, cur), "vi", {"A": "Nhóm A"})
    assert "Điểm tổng: 33,3 → 91,7 (+58,3)" in text
    assert "Độ bao phủ: 75,0% → 100,0% (+25,0 điểm phần trăm)" in text
    assert "Xếp loại: Không đạt → Đạt" in text
    assert "Cải thiện (1):\n  A1: Không đạt → Đạt" in text
    assert "Giảm (1):\n  A2: Đạt → Đạt một phần" in text
    assert "B2: Chưa đánh giá → Đạt" in text
    row = next(line for line in text.splitlines() if line.startswith("A "))
    assert row.split() == ["A", "Nhóm", "A", "25,0", "87,5", "+62,5"]
    en = render_comparison_text(compare(cur, cur), "en")
    assert "Rating: Compliant (unchanged)" in en
    assert "Improved (0)\nRegressed (0)" in en


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        render_text(score_assessment([], Thresholds()), "fr")  # type: ignore[arg-type]
