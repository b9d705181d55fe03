"""Progress counts the result that counts, so ``assess show`` agrees with ``assess score``."""

from __future__ import annotations

from secassess.assessment.score import control_inputs
from secassess.assessment.service import ResultRow, progress
from secassess.scoring import Thresholds, score_assessment


def row(cid: str, result: str, technical: str | None = None, mandatory: bool = False) -> ResultRow:
    return ResultRow(control_id=cid, position=0, domain_id="MANG", severity="high", weight=3, mandatory=mandatory,
                     control={}, result=result, note="", justification="x" if result == "not_applicable" else "",
                     answered_by=None, answered_at=None, technical_result=technical, technical_detail=None)


def test_a_scan_fail_on_an_unanswered_control_counts_as_assessed_like_the_score() -> None:
    rows = [row("MANG-01", "not_assessed", "fail", mandatory=True), row("MANG-02", "pass", "fail"),
            row("MANG-03", "not_assessed"), row("MANG-04", "pass")]
    p = progress(rows)
    assert p.counts["fail"] == 2 and p.counts["pass"] == 1 and p.counts["not_assessed"] == 1
    report = score_assessment(control_inputs(rows), Thresholds(), None)
    assert p.coverage == report.coverage == 0.75
    # the questionnaire still lacks the unit's own answers
    assert p.unanswered == ["MANG-01", "MANG-03"] and p.mandatory_unanswered == ["MANG-01"]
