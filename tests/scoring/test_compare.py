"""Comparison with the previous assessment of the same system."""

from __future__ import annotations

import json
from fractions import Fraction

from secassess.scoring import Thresholds, compare, score_assessment
from tests.scoring.helpers import ctl

T = Thresholds()

BEFORE = [
    ctl("A1", "fail", 3, domain="A"), ctl("A2", "partial", 2, domain="A"), ctl("A3", "pass", 1, domain="A"),
    ctl("B1", "pass", 5, domain="B", mandatory=True), ctl("B2", "not_assessed", 1, domain="B"),
    ctl("B3", "not_applicable", 1, domain="B"), ctl("C1", "fail", 1, domain="C"),
]
AFTER = [
    ctl("A1", "pass", 3, domain="A"), ctl("A2", "fail", 2, domain="A"), ctl("A3", "pass", 1, domain="A"),
    ctl("B1", "pass", 5, domain="B", mandatory=True, technical="fail"), ctl("B2", "partial", 1, domain="B"),
    ctl("B3", "pass", 1, domain="B"), ctl("D1", "pass", 2, domain="D"),
]


def test_overall_and_domain_deltas() -> None:
    prev, cur = score_assessment(BEFORE, T), score_assessment(AFTER, T)
    # before: A 100 × (0 + 1 + 1) / 6 = 33.3; B 100 × 5 / 6 = 83.3; C 0; overall 100 × 7 / 13
    # after:  A 100 × (3 + 0 + 1) / 6 = 66.7; B 100 × (0 + 0.5 + 1) / 7; D 100; overall 100 × 7.5 / 15 = 50
    assert prev.score_exact == Fraction(700, 13)
    assert cur.score_exact == 50
    cmp = compare(prev, cur)
    assert cmp.score_delta_exact == 50 - Fraction(700, 13)
    assert cmp.score_delta == float(50 - Fraction(700, 13))
    assert cmp.rating_changed is False  # non_compliant both times
    deltas = {d.domain: d for d in cmp.domains}
    assert [d.domain for d in cmp.domains] == ["A", "B", "D", "C"]  # current order, then the gone ones
    assert deltas["A"].score_delta_exact == Fraction(100, 3)
    assert deltas["B"].score_delta_exact == Fraction(150, 7) - Fraction(500, 6)
    assert deltas["D"].previous_score is None and deltas["D"].score_delta is None
    assert deltas["C"].current_score is None and deltas["C"].previous_score == 0.0
    # coverage: before 5/6 assessed (B2 unanswered), after 7/7
    assert cmp.coverage_delta == float(1 - Fraction(5, 6))


def test_controls_improved_regressed_and_other_changes() -> None:
    cmp = compare(score_assessment(BEFORE, T), score_assessment(AFTER, T))
    assert [(c.control_id, c.previous, c.current) for c in cmp.improved] == [("A1", "fail", "pass")]
    # B1 regressed through the technical evidence (the effective result is compared)
    assert [(c.control_id, c.previous, c.current) for c in cmp.regressed] == [
        ("A2", "partial", "fail"), ("B1", "pass", "fail")]
    assert cmp.regressed[1].mandatory is True
    # not_assessed → partial and not_applicable → pass claim no direction
    assert [(c.control_id, c.previous, c.current) for c in cmp.changed] == [
        ("B2", "not_assessed", "partial"), ("B3", "not_applicable", "pass")]
    assert [c.control_id for c in cmp.added] == ["D1"]
    assert [(c.control_id, c.previous, c.current) for c in cmp.removed] == [("C1", "fail", None)]
    assert "A3" not in {c.control_id for c in cmp.changes}  # unchanged controls are not listed


def test_becoming_unassessed_is_a_change_not_a_regression() -> None:
    cmp = compare(score_assessment([ctl("A", "pass"), ctl("B", "pass")], T),
                  score_assessment([ctl("A", "not_assessed"), ctl("B", "not_applicable")], T))
    assert cmp.regressed == ()
    assert [(c.control_id, c.kind) for c in cmp.changes] == [("A", "changed"), ("B", "changed")]


def test_rating_change_is_reported() -> None:
    prev = score_assessment([ctl("A", "pass", 8), ctl("B", "fail", 2)], T)  # 80 partial
    cur = score_assessment([ctl("A", "pass", 8), ctl("B", "pass", 2)], T)  # 100 compliant
    cmp = compare(prev, cur)
    assert (cmp.rating_changed, cmp.score_delta) == (True, 20.0)
    assert cmp.to_dict()["previous"] == {"score": 80.0, "coverage": 1.0, "rating": "partial"}
    assert cmp.to_dict()["current"] == {"score": 100.0, "coverage": 1.0, "rating": "compliant"}


def test_delta_is_none_when_a_side_has_no_score() -> None:
    cmp = compare(score_assessment([ctl("A", "not_applicable")], T), score_assessment([ctl("A", "pass")], T))
    assert cmp.score_delta is None
    assert cmp.domains[0].score_delta is None


def test_comparison_json() -> None:
    data = json.loads(json.dumps(compare(score_assessment(BEFORE, T), score_assessment(AFTER, T)).to_dict()))
    assert set(data) == {"schema_version", "previous", "current", "score_delta", "coverage_delta",
                         "rating_changed", "domains", "improved", "regressed", "changed", "added", "removed"}
    assert data["schema_version"] == 1
    assert data["domains"][0] == {
        "domain": "A", "previous_score": float(Fraction(100, 3)), "current_score": float(Fraction(200, 3)),
        "score_delta": float(Fraction(100, 3)), "previous_coverage": 1.0, "current_coverage": 1.0,
        "coverage_delta": 0.0}
    assert data["improved"] == [{"control_id": "A1", "domain": "A", "previous": "fail", "current": "pass",
                                 "kind": "improved", "mandatory": False}]
    assert data["removed"][0]["current"] is None
