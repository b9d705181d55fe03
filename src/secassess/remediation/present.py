"""How remediation reads for people: labels of statuses, results, actions and changed fields,
in Vietnamese first (English with --lang en), and the rows of the export formats."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from secassess import clock
from secassess.cli.common import severity_label
from secassess.i18n import tr
from secassess.remediation import rules

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "status": ("trạng thái", "status"), "owner": ("người phụ trách", "owner"),
    "due_date": ("hạn khắc phục", "due date"), "severity": ("mức độ", "severity"),
    "result": ("kết quả", "result"), "assessment_id": ("đợt đánh giá", "assessment"),
    "last_assessment_id": ("đợt đánh giá gần nhất", "latest assessment"),
    "verified_by_assessment_id": ("xác minh bởi đợt", "verified by assessment"),
    "risk_approver": ("người phê duyệt", "approver"), "risk_reason": ("lý do chấp nhận", "reason"),
    "risk_until": ("chấp nhận đến", "accepted until"),
}

ACTION_LABELS: dict[str, tuple[str, str]] = {
    "opened": ("Mở hạng mục", "Opened"),
    "confirmed": ("Đợt đánh giá sau xác nhận vẫn tồn tại", "Confirmed again by a later assessment"),
    "reopened": ("Mở lại do đợt đánh giá sau không đạt", "Reopened: a later assessment failed it"),
    "verified": ("Xác minh đã khắc phục (đợt đánh giá sau đạt)", "Verified: a later assessment passed it"),
    "updated": ("Cập nhật", "Updated"),
    "commented": ("Ghi chú", "Note"),
    "risk_accepted": ("Chấp nhận rủi ro", "Risk accepted"),
    "risk_expired": ("Hết hạn chấp nhận rủi ro, mở lại", "Risk acceptance expired, reopened"),
}

RESULT_LABELS: dict[str, tuple[str, str]] = {
    "pass": ("Đạt", "Pass"), "partial": ("Đạt một phần", "Partial"), "fail": ("Không đạt", "Fail"),
    "not_applicable": ("Không áp dụng", "Not applicable"), "not_assessed": ("Chưa đánh giá", "Not assessed"),
}


def action_label(action: str) -> str:
    vi, en = ACTION_LABELS.get(action, (action, action))
    return tr(vi, en)


def result_label(result: str) -> str:
    vi, en = RESULT_LABELS.get(result, (result, result))
    return tr(vi, en)


def _show_value(k: str, v: Any) -> str:
    if v is None or v == "":
        return "—"
    if k == "status":
        return rules.status_label(str(v))
    if k == "result":
        return result_label(str(v))
    if k in ("due_date", "risk_until"):
        try:
            return clock.fmt_date(date.fromisoformat(str(v)))
        except ValueError:
            return str(v)
    if k.endswith("assessment_id"):
        return f"#{v}"
    if k == "severity":
        return severity_label(str(v))
    return str(v)


def describe_changes(changes: Mapping[str, Any]) -> str:
    """``trạng thái: Chưa khắc phục → Đang khắc phục; người phụ trách: A → B``."""
    parts = []
    for k, pair in changes.items():
        old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        label = tr(*FIELD_LABELS.get(k, (k, k)))
        parts.append(f"{label}: {_show_value(k, new)}" if old is None else
                     f"{label}: {_show_value(k, old)} → {_show_value(k, new)}")
    return "; ".join(parts)
