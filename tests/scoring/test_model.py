"""The default scoring model, one rule per test, with numbers worked out by hand."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from secassess.display import format_number
from secassess.scoring import SCHEMA_VERSION, Thresholds, score_assessment
from tests.scoring.helpers import ctl, passes

DEFAULT = Thresholds()


# --------------------------------------------------------------------------- credits and weights


def test_partial_counts_half_credit() -> None:
    # 100 × (1×1 + 1×0.5) / (1 + 1) = 75
    r = score_assessment([ctl("A", "pass"), ctl("B", "partial")], DEFAULT)
    assert r.score == 75.0
    assert r.score_exact == Fraction(75)
    assert r.weight_earned == 1.5 and r.weight_applicable == 2.0


def test_fail_counts_zero() -> None:
    r = score_assessment([ctl("A", "pass"), ctl("B", "fail"), ctl("C", "fail"), ctl("D", "fail")], DEFAULT)
    assert r.score == 25.0


def test_not_applicable_leaves_the_denominator() -> None:
    # 100 × 3×1 / 3 = 100: the not_applicable control (weight 5) is neither earned nor owed
    with_na = score_assessment([ctl("A", "pass", 3), ctl("B", "not_applicable", 5)], DEFAULT)
    without = score_assessment([ctl("A", "pass", 3)], DEFAULT)
    assert with_na.score == without.score == 100.0
    assert with_na.weight_applicable == 3.0
    assert with_na.controls_applicable == 1 and with_na.controls_total == 2
    assert with_na.coverage == 1.0
    assert with_na.counts["not_applicable"] == 1


def test_not_assessed_counts_as_zero_and_lowers_coverage() -> None:
    # 100 × (1×1 + 1×0) / 2 = 50; coverage 1 assessed / 2 applicable
    r = score_assessment([ctl("A", "pass"), ctl("B", "not_assessed")], DEFAULT)
    assert r.score == 50.0
    assert r.coverage == 0.5
    assert (r.controls_assessed, r.controls_applicable) == (1, 2)


def test_weight_multiplies_credit() -> None:
    # critical pass (5) + low fail (1): 100 × 5 / 6 = 83.33…
    r = score_assessment([ctl("A", "pass", 5, severity="critical"), ctl("B", "fail", 1)], DEFAULT)
    assert r.score_exact == Fraction(250, 3)
    assert r.score == pytest.approx(83.3333333333)


def test_overall_score_is_flat_not_an_average_of_domain_scores() -> None:
    # domain A: 1 pass → 100; domain B: 3 fails → 0. Average of domains would be 50;
    # the flat score is 100 × 1 / 4 = 25.
    r = score_assessment([ctl("A1", "pass", domain="A"), *(ctl(f"B{i}", "fail", domain="B") for i in range(3))],
                         DEFAULT)
    assert [d.score for d in r.domains] == [100.0, 0.0]
    assert r.score == 25.0


def test_domain_scores_coverage_and_counts() -> None:
    controls = [
        ctl("A1", "pass", 3, domain="A"), ctl("A2", "partial", 2, domain="A"), ctl("A3", "not_assessed", 1, domain="A"),
        ctl("B1", "fail", 5, domain="B"), ctl("B2", "not_applicable", 1, domain="B"),
    ]
    r = score_assessment(controls, DEFAULT)
    a, b = r.domains
    # A: 100 × (3 + 1) / 6 = 66.67, coverage 2/3; B: 100 × 0 / 5 = 0, coverage 1/1
    assert (a.domain, a.score_exact, a.coverage_exact) == ("A", Fraction(200, 3), Fraction(2, 3))
    assert (a.weight_applicable, a.weight_earned) == (6.0, 4.0)
    assert a.counts == {"pass": 1, "partial": 1, "fail": 0, "not_applicable": 0, "not_assessed": 1}
    assert (b.domain, b.score, b.coverage) == ("B", 0.0, 1.0)
    assert (b.controls_total, b.controls_applicable, b.controls_assessed) == (2, 1, 1)
    # overall: 100 × 4 / 11
    assert r.score_exact == Fraction(400, 11)
    assert r.coverage_exact == Fraction(3, 4)
    assert r.counts == {"pass": 1, "partial": 1, "fail": 1, "not_applicable": 1, "not_assessed": 1}


def test_domain_with_only_not_applicable_controls_has_no_score() -> None:
    r = score_assessment([ctl("A1", "pass", domain="A"), ctl("B1", "not_applicable", domain="B")], DEFAULT)
    b = r.domain("B")
    assert b.score is None and b.score_exact is None
    assert b.coverage == 1.0
    assert r.score == 100.0


def test_weights_are_read_as_the_decimals_written() -> None:
    r = score_assessment([ctl("A", "pass", 0.1), ctl("B", "fail", 0.2)], DEFAULT)
    assert r.weight_applicable_exact == Fraction(3, 10)
    assert r.score_exact == Fraction(100, 3)


def test_contributions_sum_to_the_score() -> None:
    controls = [ctl("A", "pass", 3), ctl("B", "partial", 2), ctl("C", "fail", 5), ctl("D", "not_applicable", 1)]
    r = score_assessment(controls, DEFAULT)
    # A: 100 × 3 / 10 = 30; B: 100 × 2 × 0.5 / 10 = 10; C: 0; D: outside the score
    assert [r.contribution(c) for c in "ABCD"] == [30, 10, 0, None]
    assert r.score == 40.0


# --------------------------------------------------------------------------- rating


def test_thresholds_are_inclusive() -> None:
    # pass (weight 9) + non-mandatory fail (weight 1): 100 × 9 / 10 = 90 → compliant (score ≥ 90)
    at_90 = score_assessment([ctl("A", "pass", 9), ctl("B", "fail", 1)], DEFAULT)
    assert at_90.score == 90.0 and at_90.rating == "compliant"
    assert at_90.reason.code == "meets_all"
    # pass 7, fail 3 → exactly 70 → partial
    at_70 = score_assessment([ctl("A", "pass", 7), ctl("B", "fail", 3)], DEFAULT)
    assert at_70.score == 70.0 and at_70.rating == "partial"
    assert at_70.reason.code == "score_below_compliant"
    assert at_70.reason.params == {"score": 70.0, "threshold": 90.0}


def test_just_below_a_threshold_is_the_lower_rating() -> None:
    # pass 6999, fail 3001 → 69.99 → non_compliant
    r = score_assessment([ctl("A", "pass", 6999), ctl("B", "fail", 3001)], DEFAULT)
    assert r.score == pytest.approx(69.99)
    assert r.rating == "non_compliant"
    assert r.reason.code == "score_below_partial"
    assert r.reason.params == {"score": pytest.approx(69.99), "threshold": 70.0}


def test_threshold_is_not_lost_to_float_error() -> None:
    # 100 × (0.2 + 0.7) / (0.1 + 0.2 + 0.7) is exactly 90, but float arithmetic gives 89.99999999999999
    weights = [0.1, 0.2, 0.7]
    assert 100 * (weights[1] + weights[2]) / sum(weights) < 90  # the trap
    r = score_assessment([ctl("A", "fail", 0.1), ctl("B", "pass", 0.2), ctl("C", "pass", 0.7)], DEFAULT)
    assert r.score_exact == 90
    assert r.score == 90.0
    assert r.rating == "compliant"


def test_failed_mandatory_control_caps_the_rating_below_compliant() -> None:
    # 20 passes + 1 mandatory fail (weight 1): 100 × 20 / 21 = 95.2 ≥ 90, but not "Đạt"
    r = score_assessment([*passes(20), ctl("M", "fail", mandatory=True)], DEFAULT)
    assert r.score == pytest.approx(95.238095238)
    assert r.rating == "partial"
    assert r.reason.code == "mandatory_failed"
    assert r.reason.params == {"controls": ("M",)}
    assert r.mandatory_failed == ("M",)


def test_failed_mandatory_control_by_technical_evidence_caps_the_rating() -> None:
    r = score_assessment([*passes(20), ctl("M", "pass", mandatory=True, technical="fail")], DEFAULT)
    assert r.rating == "partial" and r.mandatory_failed == ("M",)


def test_unanswered_mandatory_control_caps_the_rating() -> None:
    r = score_assessment([*passes(20), ctl("M", "not_assessed", mandatory=True)], DEFAULT)
    assert r.rating == "partial"
    assert r.reason.code == "mandatory_unanswered"
    assert r.mandatory_unanswered == ("M",)
    assert [g.code for g in r.gaps] == ["mandatory_unanswered", "coverage_incomplete"]


def test_incomplete_coverage_caps_the_rating() -> None:
    r = score_assessment([*passes(20), ctl("X", "not_assessed")], DEFAULT)
    assert r.score >= 90  # type: ignore[operator]
    assert r.rating == "partial"
    assert r.reason.code == "coverage_incomplete"
    assert r.reason.params == {"coverage": pytest.approx(20 / 21), "not_assessed": 1}


def test_partial_or_not_applicable_mandatory_control_does_not_block_compliance() -> None:
    # the rule names fail and not_assessed only: 19 passes + mandatory partial → 100 × 19.5 / 20 = 97.5
    r = score_assessment([*passes(19), ctl("M", "partial", mandatory=True), ctl("N", "not_applicable",
                                                                              mandatory=True)], DEFAULT)
    assert r.score == 97.5
    assert r.rating == "compliant"


def test_mandatory_fail_with_low_score_is_non_compliant_and_lists_every_gap() -> None:
    r = score_assessment([ctl("A", "pass"), ctl("M", "fail", mandatory=True), ctl("U", "not_assessed")], DEFAULT)
    assert r.rating == "non_compliant"
    assert r.reason.code == "score_below_partial"
    assert [g.code for g in r.gaps] == ["score_below_partial", "mandatory_failed", "coverage_incomplete"]


def test_mandatory_controls_are_listed_in_control_order() -> None:
    r = score_assessment([ctl("Z", "fail", mandatory=True), ctl("A", "fail", mandatory=True),
                          ctl("Q", "not_assessed", mandatory=True), ctl("B", "fail")], DEFAULT)
    assert r.mandatory_failed == ("Z", "A")
    assert r.mandatory_unanswered == ("Q",)


def test_rounding_only_for_display() -> None:
    # pass 8996, fail 1004: exactly 89.96, which shows as "90,0" but stays below 90
    r = score_assessment([ctl("A", "pass", 8996), ctl("B", "fail", 1004)], DEFAULT)
    assert r.score == 89.96
    assert format_number(r.score_exact, "vi") == "90,0"
    assert r.rating == "partial" and r.reason.code == "score_below_compliant"
    # 2/3 stays unrounded
    third = score_assessment([ctl("A", "pass", 2), ctl("B", "fail", 1)], DEFAULT)
    assert third.score == 200 / 3
    assert third.to_dict()["score"] == 200 / 3


def test_float_score_is_the_nearest_float_to_the_exact_score() -> None:
    r = score_assessment([ctl("A", "pass", 7), ctl("B", "partial", 3), ctl("C", "fail", 11)], DEFAULT)
    assert r.score_exact == Fraction(850, 21)
    assert r.score == float(Fraction(850, 21))


def test_profile_thresholds_change_the_rating() -> None:
    controls = [ctl("A", "pass", 8), ctl("B", "fail", 2)]  # 80
    assert score_assessment(controls, DEFAULT).rating == "partial"
    lenient = score_assessment(controls, Thresholds(compliant=80, partial=60))
    assert lenient.rating == "compliant"
    strict = score_assessment(controls, Thresholds(compliant=95, partial=85))
    assert strict.rating == "non_compliant"
    assert strict.reason.params == {"score": 80.0, "threshold": 85.0}


def test_profile_weights_change_the_score() -> None:
    # same results, a profile that weighs critical 10 instead of 5: 100 × 5/6 → 100 × 10/11
    default = score_assessment([ctl("A", "pass", 5), ctl("B", "fail", 1)], DEFAULT)
    heavier = score_assessment([ctl("A", "pass", 10), ctl("B", "fail", 1)], DEFAULT)
    assert default.score_exact == Fraction(250, 3)
    assert heavier.score_exact == Fraction(1000, 11)


def test_thresholds_must_be_ordered_and_in_range() -> None:
    with pytest.raises(ValueError, match="partial <= compliant"):
        Thresholds(compliant=60, partial=70)
    with pytest.raises(ValueError):
        Thresholds(compliant=101)
    with pytest.raises(ValueError):
        Thresholds(partial=-1)


def test_thresholds_from_a_profile_snapshot() -> None:
    assert Thresholds.from_mapping({"compliant": 85, "partial": 60}) == Thresholds(85.0, 60.0)
    assert Thresholds.from_mapping({"partial": 50}) == Thresholds(90.0, 50.0)
    assert Thresholds.from_mapping(None) == Thresholds()


# --------------------------------------------------------------------------- edges and bad input


def test_no_applicable_control_has_no_score_and_is_not_compliant() -> None:
    for controls in ([], [ctl("A", "not_applicable"), ctl("B", "not_applicable")]):
        r = score_assessment(controls, DEFAULT)
        assert r.score is None
        assert r.coverage == 1.0
        assert r.rating == "non_compliant"
        assert r.reason.code == "no_applicable_controls"
        assert json.loads(json.dumps(r.to_dict()))["score"] is None


def test_domains_follow_the_given_order_then_first_appearance() -> None:
    controls = [ctl("C1", "pass", domain="C"), ctl("A1", "pass", domain="A"), ctl("B1", "pass", domain="B"),
                ctl("X1", "pass", domain="X")]
    r = score_assessment(controls, DEFAULT, domain_order=["B", "A", "Z"])
    assert [d.domain for d in r.domains] == ["B", "A", "C", "X"]
    assert [d.domain for d in score_assessment(controls, DEFAULT).domains] == ["C", "A", "B", "X"]


def test_duplicate_control_is_refused() -> None:
    with pytest.raises(ValueError, match="A: control listed twice"):
        score_assessment([ctl("A", "pass"), ctl("B", "pass"), ctl("A", "fail")], DEFAULT)


@pytest.mark.parametrize("weight", [0, -1, float("nan"), float("inf")])
def test_weight_must_be_positive_and_finite(weight: float) -> None:
    with pytest.raises(ValueError, match="B"):
        score_assessment([ctl("A", "pass"), ctl("B", "pass", weight)], DEFAULT)


def test_unknown_result_is_refused() -> None:
    with pytest.raises(ValueError, match="B: unknown result"):
        score_assessment([ctl("A", "pass"), ctl("B", "Đạt")], DEFAULT)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown result"):
        score_assessment([ctl("B", "pass", technical="partial")], DEFAULT)  # type: ignore[arg-type]


def test_not_applicable_without_justification_is_taken_as_given() -> None:
    # the questionnaire import refuses it; the pure model does not check again (docs/scoring.md)
    from secassess.scoring import ControlInput

    bare = ControlInput("B", "D", "low", 1, False, "not_applicable")
    r = score_assessment([ctl("A", "pass"), bare], DEFAULT)
    assert r.score == 100.0 and r.counts["not_applicable"] == 1


# --------------------------------------------------------------------------- JSON


def test_to_dict_is_the_documented_json() -> None:
    controls = [ctl("A1", "pass", 3, domain="A", severity="high"),
                ctl("A2", "partial", 2, domain="A", mandatory=True, severity="medium"),
                ctl("B1", "pass", 5, domain="B", technical="fail", mandatory=True, severity="critical"),
                ctl("B2", "not_applicable", 1, domain="B")]
    data = json.loads(json.dumps(score_assessment(controls, DEFAULT).to_dict(), ensure_ascii=False))
    assert set(data) == {
        "schema_version", "score", "coverage", "rating", "reason", "gaps", "thresholds", "model",
        "weight_applicable", "weight_earned", "controls_total", "controls_applicable", "controls_assessed",
        "counts", "mandatory_failed", "mandatory_unanswered", "conflicts", "domains", "controls",
    }
    assert data["schema_version"] == SCHEMA_VERSION == 1
    # 100 × (3 + 1 + 0) / 10 = 40
    assert (data["score"], data["coverage"], data["rating"]) == (40.0, 1.0, "non_compliant")
    assert data["reason"] == {"code": "score_below_partial", "params": {"score": 40.0, "threshold": 70.0}}
    assert data["gaps"][1] == {"code": "mandatory_failed", "params": {"controls": ["B1"]}}
    assert data["thresholds"] == {"compliant": 90.0, "partial": 70.0}
    assert data["model"] == {"credits": {"pass": 1.0, "partial": 0.5, "fail": 0.0, "not_assessed": 0.0}}
    assert data["domains"] == [
        {"domain": "A", "score": 80.0, "coverage": 1.0, "weight_applicable": 5.0, "weight_earned": 4.0,
         "controls_total": 2, "controls_applicable": 2, "controls_assessed": 2,
         "counts": {"pass": 1, "partial": 1, "fail": 0, "not_applicable": 0, "not_assessed": 0}},
        {"domain": "B", "score": 0.0, "coverage": 1.0, "weight_applicable": 5.0, "weight_earned": 0.0,
         "controls_total": 2, "controls_applicable": 1, "controls_assessed": 1,
         "counts": {"pass": 0, "partial": 0, "fail": 1, "not_applicable": 1, "not_assessed": 0}},
    ]
    assert data["conflicts"] == [{"control_id": "B1", "domain": "B", "declared": "pass", "technical": "fail",
                                  "effective": "fail", "mandatory": True}]
    assert data["controls"][2] == {
        "control_id": "B1", "domain": "B", "severity": "critical", "weight": 5.0, "mandatory": True,
        "declared": "pass", "technical": "fail", "effective": "fail", "source": "technical",
        "conflict": True, "credit": 0.0,
    }
    assert data["controls"][3]["credit"] is None
    assert [c["control_id"] for c in data["controls"]] == ["A1", "A2", "B1", "B2"]
