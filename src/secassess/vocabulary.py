"""The words of the domain, defined once (từ vựng): results, severities, ratings and statuses, with
their order and their labels in Vietnamese and English. Every package imports them from here; this
module imports nothing of secassess.

Labels start with a capital letter ("Đạt một phần", "Partially compliant"); write ``.lower()`` where
one stands inside a sentence.
"""

from __future__ import annotations

from typing import Final, Literal

Lang = Literal["vi", "en"]

# --------------------------------------------------------------------------- results (kết quả)

Result = Literal["pass", "partial", "fail", "not_applicable", "not_assessed"]
RESULTS: Final[tuple[Result, ...]] = ("pass", "partial", "fail", "not_applicable", "not_assessed")
TechnicalResult = Literal["pass", "fail"]
TECHNICAL_RESULTS: Final[tuple[TechnicalResult, ...]] = ("pass", "fail")
#: the results that make a finding (phát hiện) and keep or open a remediation item
FINDING_RESULTS: Final[tuple[Result, ...]] = ("fail", "partial")

RESULT_LABELS: Final[dict[str, tuple[str, str]]] = {
    "pass": ("Đạt", "Pass"),
    "partial": ("Đạt một phần", "Partial"),
    "fail": ("Không đạt", "Fail"),
    "not_applicable": ("Không áp dụng", "Not applicable"),
    "not_assessed": ("Chưa đánh giá", "Not assessed"),
}

# --------------------------------------------------------------------------- severities (mức độ)

Severity = Literal["low", "medium", "high", "critical"]
#: mildest first (the catalog's order)
SEVERITIES: Final[tuple[Severity, ...]] = ("low", "medium", "high", "critical")
#: worst first: the order findings and overdue items are listed in
WORST_FIRST: Final[tuple[Severity, ...]] = ("critical", "high", "medium", "low")
#: 0 for the worst; unknown severities sort last
SEVERITY_RANK: Final[dict[str, int]] = {s: i for i, s in enumerate(WORST_FIRST)}

SEVERITY_LABELS: Final[dict[str, tuple[str, str]]] = {
    "low": ("Thấp", "Low"), "medium": ("Trung bình", "Medium"), "high": ("Cao", "High"),
    "critical": ("Nghiêm trọng", "Critical"),
}

# --------------------------------------------------------------------------- ratings (xếp loại)

Rating = Literal["compliant", "partial", "non_compliant"]
RATINGS: Final[tuple[Rating, ...]] = ("compliant", "partial", "non_compliant")
RATING_LABELS: Final[dict[str, tuple[str, str]]] = {
    "compliant": ("Đạt", "Compliant"),
    "partial": ("Đạt một phần", "Partially compliant"),
    "non_compliant": ("Không đạt", "Non-compliant"),
}

# --------------------------------------------------------------------------- remediation items

RemediationStatus = Literal["open", "in_progress", "resolved", "verified", "risk_accepted"]
REMEDIATION_STATUSES: Final[tuple[RemediationStatus, ...]] = ("open", "in_progress", "resolved", "verified",
                                                              "risk_accepted")
REMEDIATION_STATUS_LABELS: Final[dict[str, tuple[str, str]]] = {
    "open": ("Chưa khắc phục", "Open"),
    "in_progress": ("Đang khắc phục", "In progress"),
    "resolved": ("Đã khắc phục, chờ xác minh", "Resolved, awaiting verification"),
    "verified": ("Đã xác minh", "Verified"),
    "risk_accepted": ("Chấp nhận rủi ro", "Risk accepted"),
}

# --------------------------------------------------------------------------- incidents (sự cố)

IncidentStatus = Literal["open", "handling", "resolved"]
INCIDENT_STATUSES: Final[tuple[IncidentStatus, ...]] = ("open", "handling", "resolved")
INCIDENT_STATUS_LABELS: Final[dict[str, tuple[str, str]]] = {
    "open": ("Mới tiếp nhận", "Open"),
    "handling": ("Đang xử lý, ứng cứu", "Being handled"),
    "resolved": ("Đã xử lý xong", "Resolved"),
}

# --------------------------------------------------------------------------- assessments

AssessmentStatus = Literal["draft", "finalized"]
ASSESSMENT_STATUSES: Final[tuple[AssessmentStatus, ...]] = ("draft", "finalized")
ASSESSMENT_STATUS_LABELS: Final[dict[str, tuple[str, str]]] = {
    "draft": ("Đang làm", "Draft"), "finalized": ("Đã chốt", "Finalized"),
}


# --------------------------------------------------------------------------- review (duyệt phiếu)

#: the steps of a questionnaire's review between the unit and the province (``assessment.review``):
#: the unit submits; the province returns it to the unit or accepts it, then finalizes the assessment
ReviewAction = Literal["submitted", "returned", "accepted"]
REVIEW_ACTIONS: Final[tuple[ReviewAction, ...]] = ("submitted", "returned", "accepted")
#: where a draft assessment's questionnaire is: with the unit (never submitted, or returned), submitted
#: to the province, accepted by it
ReviewState = Literal["with_unit", "returned", "submitted", "accepted"]
REVIEW_STATES: Final[tuple[ReviewState, ...]] = ("with_unit", "returned", "submitted", "accepted")
REVIEW_STATE_LABELS: Final[dict[str, tuple[str, str]]] = {
    "with_unit": ("Đơn vị đang trả lời", "With the unit"),
    "returned": ("Trả lại đơn vị", "Returned to the unit"),
    "submitted": ("Đã gửi, chờ duyệt", "Submitted for review"),
    "accepted": ("Đã duyệt", "Accepted"),
}
REVIEW_ACTION_LABELS: Final[dict[str, tuple[str, str]]] = {
    "submitted": ("Đơn vị gửi phiếu", "Submitted by the unit"),
    "returned": ("Trả lại đơn vị", "Returned to the unit"),
    "accepted": ("Tỉnh chấp nhận", "Accepted by the province"),
}

# --------------------------------------------------------------------------- accounts (tài khoản)

Role = Literal["admin", "officer", "unit_officer", "viewer"]
ROLES: Final[tuple[Role, ...]] = ("admin", "officer", "unit_officer", "viewer")
ROLE_LABELS: Final[dict[str, tuple[str, str]]] = {
    "admin": ("Quản trị", "Administrator"),
    "officer": ("Cán bộ cấp tỉnh", "Province officer"),
    "unit_officer": ("Cán bộ đơn vị", "Unit officer"),
    "viewer": ("Chỉ xem", "Viewer"),
}


def pick(labels: dict[str, tuple[str, str]], code: str, lang: str) -> str:
    """The label of ``code`` in ``lang``; an unknown code (a newer workspace) shows as itself."""
    pair = labels.get(code)
    if pair is None:
        return code
    return pair[1] if lang == "en" else pair[0]


def result_label(code: str, lang: str) -> str:
    return pick(RESULT_LABELS, code, lang)


def severity_label(code: str, lang: str) -> str:
    return pick(SEVERITY_LABELS, code, lang)


def rating_label(code: str, lang: str) -> str:
    return pick(RATING_LABELS, code, lang)
