"""Scoring (chấm điểm): pure functions from results to scores, ratings and comparisons; no I/O.

The model is explained in docs/scoring.md. ``present`` renders a report as text.
"""

from secassess.scoring.model import (
    CREDIT,
    SCHEMA_VERSION,
    ChangeKind,
    Comparison,
    ControlChange,
    ControlInput,
    ControlOutcome,
    DomainDelta,
    DomainScore,
    RatingReason,
    ScoreReport,
    Thresholds,
    compare,
    effective_result,
    score_assessment,
)
from secassess.vocabulary import RATINGS, RESULTS, Rating, Result, TechnicalResult

__all__ = [
    "CREDIT",
    "RATINGS",
    "RESULTS",
    "SCHEMA_VERSION",
    "ChangeKind",
    "Comparison",
    "ControlChange",
    "ControlInput",
    "ControlOutcome",
    "DomainDelta",
    "DomainScore",
    "Rating",
    "RatingReason",
    "Result",
    "ScoreReport",
    "TechnicalResult",
    "Thresholds",
    "compare",
    "effective_result",
    "score_assessment",
]
