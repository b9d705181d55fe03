"""How remediation reads for people: labels of statuses, results, actions and changed fields,
in Vietnamese first (English with --lang en), and the rows of the export formats."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from secassess import clock
from secassess.assessment import results
from secassess.i18n import get_lang, severity_label, tr
from secassess.register import label
from secassess.remediation import rules

if TYPE_CHECKING:
    from secassess.remediation.service import RemediationItem

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


def action_label(action: str) -> str:
    return label(ACTION_LABELS, action)


def result_label(result: str) -> str:
    """Đạt, Đạt một phần, Không đạt ... (the words of :mod:`secassess.assessment.results`)."""
    return results.label(result, get_lang())


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
        name = label(FIELD_LABELS, k)
        parts.append(f"{name}: {_show_value(k, new)}" if old is None else
                     f"{name}: {_show_value(k, old)} → {_show_value(k, new)}")
    return "; ".join(parts)


# --------------------------------------------------------------------------- export columns


@dataclass(frozen=True)
class Column:
    """One column of the exported register: its header in both languages, its width in an
    Excel sheet (characters) and how to take the value from an item."""

    key: str
    vi: str
    en: str
    width: int
    value: Callable[[RemediationItem], Any]

    @property
    def header(self) -> str:
        return tr(self.vi, self.en)


def _title(i: RemediationItem) -> str:
    return i.title.get(get_lang()) or i.title.get("vi", "")


def _aid(n: int | None) -> str:
    return f"#{n}" if n is not None else ""


COLUMNS: tuple[Column, ...] = (
    Column("id", "Mã hạng mục", "Item id", 9, lambda i: i.id),
    Column("unit", "Đơn vị", "Unit", 24, lambda i: i.unit_name),
    Column("system_id", "Mã hệ thống", "System id", 14, lambda i: i.system_id),
    Column("system_name", "Tên hệ thống", "System name", 28, lambda i: i.system_name),
    Column("control_id", "Mã yêu cầu", "Control id", 11, lambda i: i.control_id),
    Column("title", "Nội dung yêu cầu", "Control", 42, _title),
    Column("severity", "Mức độ", "Severity", 12, lambda i: severity_label(i.severity)),
    Column("result", "Kết quả đánh giá gần nhất", "Latest result", 14, lambda i: result_label(i.result)),
    Column("status", "Trạng thái", "Status", 18, lambda i: rules.status_label(i.status)),
    Column("owner", "Người phụ trách", "Owner", 22, lambda i: i.owner),
    Column("due_date", "Hạn khắc phục", "Due date", 13, lambda i: i.due_date),
    Column("days_overdue", "Số ngày quá hạn", "Days overdue", 10, lambda i: i.days_overdue or None),
    Column("opened_by", "Mở từ đợt đánh giá", "Opened by assessment", 12, lambda i: _aid(i.opened_by_assessment_id)),
    Column("opened_on", "Ngày mở", "Opened on", 12, lambda i: clock.local(i.opened_at).date()),
    Column("last_assessment", "Đợt đánh giá gần nhất", "Latest assessment", 12, lambda i: _aid(i.last_assessment_id)),
    Column("verified_by", "Xác minh bởi đợt đánh giá", "Verified by assessment", 12,
           lambda i: _aid(i.verified_by_assessment_id)),
    Column("risk_approver", "Người phê duyệt chấp nhận rủi ro", "Risk approved by", 20, lambda i: i.risk_approver or ""),
    Column("risk_reason", "Lý do chấp nhận rủi ro", "Risk acceptance reason", 30, lambda i: i.risk_reason or ""),
    Column("risk_until", "Chấp nhận rủi ro đến", "Risk accepted until", 13, lambda i: i.risk_until),
    Column("last_note", "Ghi chú gần nhất", "Latest note", 36, lambda i: i.last_note),
    Column("updated_on", "Cập nhật lần cuối", "Last updated", 16, lambda i: clock.local(i.updated_at).replace(tzinfo=None)),
    Column("version", "Phiên bản", "Version", 9, lambda i: i.version),
)
