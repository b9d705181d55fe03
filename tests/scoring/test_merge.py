"""Questionnaire (declared) and technical evidence: the worse one counts, conflicts are kept."""

from __future__ import annotations

from fractions import Fraction

import pytest

from secassess.scoring import RESULTS, Thresholds, effective_result, score_assessment
from tests.scoring.helpers import ctl, passes

# (declared, technical) -> (effective, conflict): the whole table, as docs/scoring.md states it
TABLE = {
    ("pass", None): ("pass", False),
    ("partial", None): ("partial", False),
    ("fail", None): ("fail", False),
    ("not_applicable", None): ("not_applicable", False),
    ("not_assessed", None): ("not_assessed", False),
    # a technical pass never upgrades what was declared
    ("pass", "pass"): ("pass", False),
    ("partial", "pass"): ("partial", False),
    ("fail", "pass"): ("fail", False),
    ("not_applicable", "pass"): ("not_applicable", False),
    ("not_assessed", "pass"): ("not_assessed", False),
    # a technical fail wins
    ("pass", "fail"): ("fail", True),
    ("partial", "fail"): ("fail", True),
    ("fail", "fail"): ("fail", False),
    ("not_applicable", "fail"): ("fail", True),
    ("not_assessed", "fail"): ("fail", False),
}


@pytest.mark.parametrize(("declared", "technical"), list(TABLE))
def test_merge_table(declared: str, technical: str | None) -> None:
    assert effective_result(declared, technical) == TABLE[(declared, technical)]  # type: ignore[arg-type]


def test_merge_table_is_complete() -> None:
    assert set(TABLE) == {(d, t) for d in RESULTS for t in (None, "pass", "fail")}


def test_unknown_pair_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown result pair"):
        effective_result("pass", "partial")  # type: ignore[arg-type]


def test_technical_fail_turns_declared_pass_into_fail_and_records_the_conflict() -> None:
    r = score_assessment([ctl("A", "pass", 3), ctl("B", "pass", 1, technical="fail")], Thresholds())
    assert r.score == 75.0  # 100 × 3 / 4
    assert [(o.control_id, o.declared, o.technical, o.effective) for o in r.conflicts] == [
        ("B", "pass", "fail", "fail")]
    assert r.effective == {"A": "pass", "B": "fail"}
    assert r.outcome("B").source == "technical"


def test_technical_fail_turns_declared_partial_into_fail() -> None:
    r = score_assessment([ctl("A", "partial", technical="fail")], Thresholds())
    assert r.score == 0.0 and len(r.conflicts) == 1


def test_technical_fail_on_declared_not_applicable_brings_it_into_the_score() -> None:
    # the scan shows the service exists: the control applies and fails, and it is a conflict
    r = score_assessment([ctl("A", "pass", 3), ctl("B", "not_applicable", 1, technical="fail")], Thresholds())
    assert r.score == 75.0
    assert r.controls_applicable == 2
    assert r.counts["not_applicable"] == 0 and r.counts["fail"] == 1
    assert [o.control_id for o in r.conflicts] == ["B"]


def test_technical_fail_fills_an_unanswered_control_without_a_conflict() -> None:
    r = score_assessment([ctl("A", "pass"), ctl("B", "not_assessed", technical="fail")], Thresholds())
    assert r.effective["B"] == "fail"
    assert r.coverage == 1.0  # the scan assessed it
    assert r.conflicts == ()
    assert r.outcome("B").source == "technical" and not r.outcome("B").conflict


def test_agreeing_fail_is_no_conflict() -> None:
    r = score_assessment([ctl("A", "fail", technical="fail")], Thresholds())
    assert r.conflicts == () and r.outcome("A").source == "declared"


def test_technical_pass_never_upgrades_a_declared_result() -> None:
    controls = [ctl("F", "fail", technical="pass"), ctl("P", "partial", technical="pass"),
                ctl("U", "not_assessed", technical="pass"), ctl("N", "not_applicable", technical="pass")]
    r = score_assessment(controls, Thresholds())
    assert r.effective == {"F": "fail", "P": "partial", "U": "not_assessed", "N": "not_applicable"}
    assert r.score_exact == Fraction(50, 3)  # over F, P, U: 100 × 0.5 / 3
    assert r.conflicts == ()


def test_conflict_on_a_mandatory_control_caps_the_rating() -> None:
    r = score_assessment([*passes(30), ctl("M", "pass", mandatory=True, technical="fail")], Thresholds())
    assert r.score > 90  # type: ignore[operator]
    assert r.rating == "partial" and r.reason.code == "mandatory_failed"
