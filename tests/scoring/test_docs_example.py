"""The worked example of docs/scoring.md: the numbers printed there are the numbers computed here."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from secassess.scoring import (
    ControlInput,
    Result,
    TechnicalResult,
    Thresholds,
    compare,
    score_assessment,
)
from secassess.scoring.present import render_text

DOC = (Path(__file__).parents[2] / "docs" / "scoring.md").read_text(encoding="utf-8")
ORDER = ["QLRR", "TKTC", "MANG"]
TITLES = {"QLRR": "Quản lý rủi ro", "TKTC": "Tài khoản và truy cập", "MANG": "Hạ tầng mạng"}
ROWS: list[tuple[str, str, str, bool, Result, TechnicalResult | None]] = [
    ("QLRR-01", "QLRR", "high", True, "pass", None),
    ("QLRR-02", "QLRR", "medium", False, "partial", None),
    ("QLRR-03", "QLRR", "low", False, "not_applicable", None),
    ("TKTC-01", "TKTC", "critical", True, "pass", None),
    ("TKTC-03", "TKTC", "high", False, "partial", None),
    ("TKTC-05", "TKTC", "medium", False, "not_assessed", None),
    ("MANG-01", "MANG", "critical", False, "pass", "pass"),
    ("MANG-02", "MANG", "high", False, "pass", "fail"),
]


def controls(weights: dict[str, float] | None = None,
             changes: dict[str, tuple[Result, TechnicalResult | None]] | None = None) -> list[ControlInput]:
    w = {"low": 1, "medium": 2, "high": 3, "critical": 5, **(weights or {})}
    out = []
    for cid, dom, sev, mandatory, declared, technical in ROWS:
        declared, technical = (changes or {}).get(cid, (declared, technical))
        out.append(ControlInput(cid, dom, sev, w[sev], mandatory, declared, technical,
                                "Không có nhà cung cấp" if declared == "not_applicable" else ""))
    return out


def first() -> list[ControlInput]:
    return controls()


def second() -> list[ControlInput]:
    return controls(changes={"QLRR-02": ("pass", None), "TKTC-03": ("pass", None), "MANG-02": ("pass", "pass")})


def test_first_assessment_numbers() -> None:
    r = score_assessment(first(), Thresholds(), ORDER)
    assert [(d.domain, d.score) for d in r.domains] == [("QLRR", 80.0), ("TKTC", 65.0), ("MANG", 62.5)]
    assert r.score_exact == Fraction(1550, 23)
    assert (r.weight_applicable, r.weight_earned) == (23.0, 15.5)
    assert r.coverage_exact == Fraction(6, 7)
    assert (r.rating, r.reason.code) == ("non_compliant", "score_below_partial")
    assert [g.code for g in r.gaps] == ["score_below_partial", "coverage_incomplete"]


def test_the_printed_output_in_the_doc_is_the_real_output() -> None:
    text = render_text(score_assessment(first(), Thresholds(), ORDER), "vi", TITLES)
    printed = text.split("\n\nCách tính")[0]  # the doc leaves out the model summary
    assert printed in DOC


def test_json_excerpt_in_the_doc_matches() -> None:
    data = score_assessment(first(), Thresholds(), ORDER).to_dict()
    block = DOC.split("The first assessment of the example, shortened:\n\n```json\n")[1].split("```")[0]
    shown = json.loads(block)
    assert set(shown) == set(data)
    for key, value in shown.items():
        if isinstance(value, list) and "…" in value:  # a shortened list: the items shown are real
            assert [v for v in value if v != "…"] == [v for v in data[key] if v in value], key
        else:
            assert value == data[key], key


def test_second_assessment_and_comparison() -> None:
    prev = score_assessment(first(), Thresholds(), ORDER)
    cur = score_assessment(second(), Thresholds(), ORDER)
    assert cur.score_exact == Fraction(2100, 23)
    assert (cur.rating, cur.reason.code) == ("partial", "coverage_incomplete")
    done = score_assessment(controls(changes={"QLRR-02": ("pass", None), "TKTC-03": ("pass", None),
                                              "MANG-02": ("pass", "pass"), "TKTC-05": ("pass", None)}),
                            Thresholds(), ORDER)
    assert (done.score, done.rating) == (100.0, "compliant")
    cmp = compare(prev, cur)
    assert cmp.score_delta == pytest.approx(23.913043478)
    assert [d.score_delta for d in cmp.domains] == [20.0, 15.0, 37.5]
    assert [c.control_id for c in cmp.improved] == ["QLRR-02", "TKTC-03", "MANG-02"]
    assert cmp.regressed == ()


def test_profile_overrides_in_the_doc() -> None:
    lenient = score_assessment(first(), Thresholds(compliant=85, partial=65), ORDER)
    assert lenient.rating == "partial"
    heavy = score_assessment(controls(weights={"critical": 10}), Thresholds(), ORDER)
    assert heavy.score_exact == Fraction(2550, 33)
    assert heavy.rating == "partial"
    for quoted in ("100 × 15.5 / 23 = 67.3913", "100 × 21 / 23 = 91.304", "100 × 25.5 / 33 = 77.27",
                   "**77,3**", "**67,4**", "**91,3**", "1550 / 23 = 67.39"):
        assert quoted in DOC, quoted
