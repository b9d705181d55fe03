"""How incidents read for people: field labels and a change described in words, Vietnamese first."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from secassess import clock
from secassess.i18n import severity_label
from secassess.incident import rules
from secassess.messages import msg
from secassess.register import label

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "system_id": ("hệ thống", "system"), "detected_at": ("phát hiện lúc", "detected at"),
    "category": ("loại sự cố", "category"), "severity": ("mức độ", "severity"),
    "description": ("mô tả", "description"), "actions_taken": ("biện pháp đã thực hiện", "actions taken"),
    "notified_at": ("thông báo ban đầu lúc", "initial notification at"),
    "full_report_at": ("báo cáo đầy đủ lúc", "full report at"), "resolved_at": ("xử lý xong lúc", "resolved at"),
    "status": ("trạng thái", "status"),
}
_LONG = ("description", "actions_taken")


def field_label(name: str) -> str:
    return label(FIELD_LABELS, name)


def show_value(name: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if name == "status":
        return rules.status_label(str(value))
    if name == "category":
        return rules.category_label(str(value))
    if name == "severity":
        return severity_label(str(value))
    if name.endswith("_at"):
        try:
            return clock.fmt_datetime(value if isinstance(value, datetime) else datetime.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    text = str(value).replace("\n", " ")
    return text if len(text) <= 80 else text[:79] + "…"


def describe_changes(changes: Mapping[str, Any]) -> str:
    """ "trạng thái: Mới tiếp nhận → Đang xử lý, ứng cứu; thông báo ban đầu lúc: — → 20/10/2026 09:00"."""
    parts = []
    for k, pair in changes.items():
        old, new = (list(pair) + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        if k in _LONG and old:
            parts.append(msg("incident.present.edited", f=field_label(k)))
            continue
        parts.append(f"{field_label(k)}: {show_value(k, old)} → {show_value(k, new)}")
    return "; ".join(parts)
