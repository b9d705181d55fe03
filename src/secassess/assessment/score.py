"""From stored results to the pure scoring model (``secassess.scoring``): the one place that
builds its inputs, so ``assess score`` and the reports score an assessment the same way."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from sqlalchemy import Connection

from secassess.assessment.service import Assessment, ResultRow, load_assessment, load_results

if TYPE_CHECKING:
    from secassess.scoring import ControlInput, Result, ScoreReport, TechnicalResult


def control_inputs(rows: list[ResultRow]) -> list[ControlInput]:
    """One scoring input per result row: declared result, technical verdict, weight, mandatory."""
    from secassess.scoring import ControlInput

    return [ControlInput(control_id=r.control_id, domain=r.domain_id, severity=r.severity, weight=r.weight,
                         mandatory=r.mandatory, declared=cast("Result", r.result),
                         technical=cast("TechnicalResult | None", r.technical_result),
                         justification=r.justification)
            for r in rows]


def score_rows(assessment: Assessment, rows: list[ResultRow]) -> ScoreReport:
    """Score an assessment with the thresholds and domain order of its snapshot."""
    from secassess.scoring import Thresholds, score_assessment

    return score_assessment(control_inputs(rows), Thresholds.from_mapping(assessment.thresholds),
                            assessment.domain_order())


def score(conn: Connection, assessment_id: int) -> tuple[Assessment, list[ResultRow], ScoreReport]:
    """Load and score one assessment."""
    assessment = load_assessment(conn, assessment_id)
    rows = load_results(conn, assessment_id)
    return assessment, rows, score_rows(assessment, rows)
