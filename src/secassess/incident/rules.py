"""The rules of the incident register (sổ theo dõi sự cố), as pure functions: categories, severities,
statuses, how times are typed, which times must come after which, and the two notification deadlines
to the Ministry of Public Security's specialised unit (đơn vị chuyên trách của Bộ Công an).
No database, no files, no clock: callers pass the times.

Deadlines (hạn thông báo), counted from the detection time, in hours from the workspace configuration
(``incidents.initial_notification_hours``, default 24; ``incidents.full_report_hours``, default 72)::

    due = detected_at + hours
    done at or before due  -> on_time   (Đúng hạn)
    done after due         -> late      (Trễ hạn)
    not done, due passed   -> overdue   (Quá hạn, chưa gửi)
    not done, not yet due  -> pending   (Chưa đến hạn)

"Done" and "passed" are judged at an instant ``at`` (now for the commands, the end of the as-of day
for the provincial report); a notification recorded with a time after ``at`` is not done yet at ``at``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Final, Literal

from secassess import clock
from secassess.errors import InputError, Problem
from secassess.i18n import severity_label
from secassess.messages import msg
from secassess.register import label, parse_severity, parse_word, word_key, words
from secassess.vocabulary import INCIDENT_STATUS_LABELS, INCIDENT_STATUSES, IncidentStatus

if TYPE_CHECKING:
    from secassess.config import IncidentDeadlines

Status = IncidentStatus
STATUSES: Final = INCIDENT_STATUSES
STATUS_LABELS: Final = INCIDENT_STATUS_LABELS
#: the statuses an officer may move an incident to from each status (a resolved incident can be taken
#: back when it turns out not to be over; its resolution time is then cleared)
TRANSITIONS: Final[dict[str, frozenset[str]]] = {
    "open": frozenset({"handling", "resolved"}),
    "handling": frozenset({"open", "resolved"}),
    "resolved": frozenset({"handling"}),
}

CATEGORIES: Final[dict[str, tuple[str, str]]] = {
    "malware": ("Mã độc, mã hóa tống tiền", "malware, ransomware"),
    "intrusion": ("Xâm nhập, chiếm quyền điều khiển hệ thống", "intrusion, system compromise"),
    "ddos": ("Tấn công từ chối dịch vụ", "denial of service"),
    "defacement": ("Thay đổi giao diện trang thông tin", "website defacement"),
    "data_leak": ("Lộ, lọt, mất dữ liệu", "data leak or loss"),
    "phishing": ("Lừa đảo, giả mạo", "phishing, impersonation"),
    "account": ("Tài khoản bị lộ, bị chiếm đoạt", "compromised account"),
    "vulnerability": ("Khai thác lỗ hổng bảo mật", "exploited vulnerability"),
    "outage": ("Sự cố kỹ thuật, gián đoạn dịch vụ", "technical failure, outage"),
    "other": ("Khác", "other"),
}

DeadlineState = Literal["on_time", "late", "overdue", "pending"]
DEADLINE_STATES: Final[tuple[DeadlineState, ...]] = ("on_time", "late", "overdue", "pending")
DEADLINE_LABELS: Final[dict[str, tuple[str, str]]] = {
    "on_time": ("Đúng hạn", "on time"),
    "late": ("Trễ hạn", "late"),
    "overdue": ("Quá hạn, chưa gửi", "overdue, not sent"),
    "pending": ("Chưa đến hạn", "not yet due"),
}

#: the fields of an incident an officer types, in the order they are shown
TIME_FIELDS: Final[tuple[str, ...]] = ("detected_at", "notified_at", "full_report_at", "resolved_at")
OPTION_OF: Final[dict[str, str]] = {
    "system_id": "--system", "detected_at": "--detected-at", "category": "--category", "severity": "--severity",
    "description": "--description", "actions_taken": "--actions", "notified_at": "--notified-at",
    "full_report_at": "--full-report-at", "resolved_at": "--resolved-at", "status": "--status",
}


def status_label(status: str) -> str:
    return label(STATUS_LABELS, status)


def category_label(category: str) -> str:
    return label(CATEGORIES, category)


def deadline_label(state: str) -> str:
    return label(DEADLINE_LABELS, state)


# --------------------------------------------------------------------------- typed words


_STATUS_WORDS = words(STATUS_LABELS, {"moi": "open", "dang xu ly": "handling", "in progress": "handling",
                                      "xu ly xong": "resolved", "da xu ly": "resolved", "closed": "resolved"})
_CATEGORY_WORDS = words(CATEGORIES, {"ma doc": "malware", "ransomware": "malware", "xam nhap": "intrusion",
                                     "tu choi dich vu": "ddos", "dos": "ddos", "deface": "defacement",
                                     "lo lot du lieu": "data_leak", "lo du lieu": "data_leak", "lua dao": "phishing",
                                     "tai khoan": "account", "lo hong": "vulnerability", "gian doan": "outage",
                                     "khac": "other"})


def parse_status(text: str, option: str = "--status") -> str:
    """A status as typed: the code (``handling``) or its label, any case, with or without diacritics."""
    return parse_word(text, _STATUS_WORDS, STATUSES, what=("trạng thái", "status"), option=option)


def parse_category(text: str, option: str = "--category") -> str:
    return parse_word(text, _CATEGORY_WORDS, CATEGORIES, what=("loại sự cố", "category"), option=option)


def check_transition(incident_id: int, current: str, new: str) -> None:
    """Refuse a status change the table does not allow, naming what is allowed."""
    if new == current:
        raise InputError(msg("incident.rules.incident_already", s=status_label(current)),
                         location=f"#{incident_id}")
    if new not in TRANSITIONS.get(current, frozenset()):
        allowed = ", ".join(f"{s} ({status_label(s)})" for s in STATUSES if s in TRANSITIONS.get(current, ()))
        raise InputError(msg("incident.rules.cannot_move_incident_from_allowed", a=status_label(current), b=status_label(new), l=allowed or "-"),
                         location=f"#{incident_id}")


# --------------------------------------------------------------------------- times

_VN_DATETIME = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]+(\d{1,2})[:hg](\d{2})(?::(\d{2}))?)?\s*$",
                          re.IGNORECASE)
_ISO_DATE_ONLY = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")
_NOW_WORDS = frozenset({"now", "bay gio", "hien tai"})
CLEAR = "-"


def parse_time(text: str, option: str, now: datetime) -> datetime:
    """A moment typed by an officer, in Vietnam time unless it carries an offset:
    ``20/10/2026 14:30``, ``2026-10-20 14:30``, ``2026-10-20T14:30:00+07:00``, or ``now`` (bây giờ).
    A date alone is refused: the deadlines are counted in hours, so the hour matters."""
    raw = text.strip()
    if word_key(raw) in _NOW_WORDS:
        return now
    example = msg("incident.rules.e_g_2026_10_20")
    m = _VN_DATETIME.match(raw)
    try:
        if m:
            if m.group(4) is None:
                raise InputError(msg("incident.rules.give_time_day_too_deadlines", x=example),
                                 location=option)
            return datetime(int(m.group(3)), int(m.group(2)), int(m.group(1)), int(m.group(4)), int(m.group(5)),
                            int(m.group(6) or 0), tzinfo=clock.LOCAL_TZ)
        if _ISO_DATE_ONLY.match(raw):
            raise InputError(msg("incident.rules.give_time_day_too_deadlines", x=example),
                             location=option)
        return clock.parse_datetime(raw)
    except ValueError:
        raise InputError(msg("incident.rules.invalid_time", t=text, x=example),
                         location=option) from None


def time_problems(times: dict[str, datetime | None], now: datetime) -> list[Problem]:
    """Every way the four times of an incident contradict each other or the clock: none in the future;
    notification, full report and resolution not before detection; the full report not before the
    initial notification, and not without one."""
    problems: list[Problem] = []
    detected = times.get("detected_at")

    def fmt(t: datetime) -> str:
        return clock.fmt_datetime(t)

    for name in TIME_FIELDS:
        t = times.get(name)
        if t is not None and t > now:
            problems.append(Problem(msg("incident.rules.future_now", t=fmt(t), n=fmt(now)),
                                    location=OPTION_OF[name]))
    if detected is not None:
        for name in TIME_FIELDS[1:]:
            t = times.get(name)
            if t is not None and t < detected:
                problems.append(Problem(msg("incident.rules.before_incident_was_detected", t=fmt(t), d=fmt(detected)), location=OPTION_OF[name]))
    notified, full = times.get("notified_at"), times.get("full_report_at")
    if full is not None and notified is None:
        problems.append(Problem(msg("incident.rules.full_report_needs_initial_notification"), location="--full-report-at"))
    if full is not None and notified is not None and full < notified:
        problems.append(Problem(msg("incident.rules.full_report_before_initial_notification", f=fmt(full), n=fmt(notified)), location="--full-report-at"))
    return problems


def status_problems(status: str, resolved_at: datetime | None) -> list[Problem]:
    """A resolved incident has a resolution time, and only a resolved one has."""
    if status == "resolved" and resolved_at is None:
        return [Problem(msg("incident.rules.resolved_incident_needs_resolution_time"), location="--status")]
    if status != "resolved" and resolved_at is not None:
        return [Problem(msg("incident.rules.resolution_time_status_must", s=status_label("resolved")),
                        location="--resolved-at")]
    return []


# --------------------------------------------------------------------------- deadlines


@dataclass(frozen=True)
class Deadlines:
    """Hours after detection for the initial notification and the full report."""

    initial_notification_hours: int = 24
    full_report_hours: int = 72

    @classmethod
    def from_config(cls, cfg: IncidentDeadlines) -> Deadlines:
        """From the workspace configuration's ``incidents`` section."""
        return cls(cfg.initial_notification_hours, cfg.full_report_hours)


@dataclass(frozen=True)
class DeadlineCheck:
    """One deadline of one incident judged at an instant: when it falls due, when it was met (None:
    not yet at that instant), its state, and by how much it was or is late (None when not late)."""

    due_at: datetime
    done_at: datetime | None
    state: DeadlineState
    late_by: timedelta | None

    def to_dict(self) -> dict[str, object]:
        return {"due_at": clock.local(self.due_at).isoformat(),
                "done_at": clock.local(self.done_at).isoformat() if self.done_at else None,
                "state": self.state,
                "late_by_hours": None if self.late_by is None else round(self.late_by.total_seconds() / 3600, 2)}


def check_deadline(detected_at: datetime, hours: int, done_at: datetime | None, at: datetime) -> DeadlineCheck:
    """The state of one deadline (``hours`` after detection) at the instant ``at``; the due time itself
    is still on time."""
    due = detected_at + timedelta(hours=hours)
    if done_at is not None and done_at <= at:
        if done_at <= due:
            return DeadlineCheck(due, done_at, "on_time", None)
        return DeadlineCheck(due, done_at, "late", done_at - due)
    if at > due:
        return DeadlineCheck(due, None, "overdue", at - due)
    return DeadlineCheck(due, None, "pending", None)


def check_notifications(detected_at: datetime, notified_at: datetime | None, full_report_at: datetime | None,
                        deadlines: Deadlines, at: datetime) -> tuple[DeadlineCheck, DeadlineCheck]:
    """(initial notification, full report) of one incident at ``at``."""
    return (check_deadline(detected_at, deadlines.initial_notification_hours, notified_at, at),
            check_deadline(detected_at, deadlines.full_report_hours, full_report_at, at))


def describe_delay(delta: timedelta) -> str:
    """ "2 ngày 3 giờ" / "5 giờ 20 phút" — how late, for people."""
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return msg("incident.rules.d_h", d=days, h=hours)
    if hours:
        return msg("incident.rules.h_min", h=hours, m=mins)
    return msg("incident.rules.min", m=mins)


def countdown(check: DeadlineCheck, at: datetime) -> str:
    """A deadline in words at the instant ``at``: "còn 5 giờ 12 phút" (pending), "quá hạn 3 giờ 0 phút"
    (not sent, passed), "gửi trễ 2 ngày 1 giờ" (sent late), "đúng hạn" (sent in time)."""
    if check.state == "pending":
        return msg("incident.rules.left", t=describe_delay(check.due_at - at))
    if check.state == "overdue":
        return msg("incident.rules.overdue", t=describe_delay(at - check.due_at))
    if check.state == "late" and check.late_by is not None:
        return msg("incident.rules.sent_late", t=describe_delay(check.late_by))
    return msg("incident.rules.time")


__all__ = [
    "CATEGORIES",
    "CLEAR",
    "DEADLINE_STATES",
    "STATUSES",
    "DeadlineCheck",
    "Deadlines",
    "category_label",
    "check_deadline",
    "check_notifications",
    "check_transition",
    "countdown",
    "deadline_label",
    "describe_delay",
    "parse_category",
    "parse_severity",
    "parse_status",
    "parse_time",
    "severity_label",
    "status_label",
    "status_problems",
    "time_problems",
]
