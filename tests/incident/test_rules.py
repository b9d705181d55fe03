"""The pure rules of the incident register: deadlines on their boundaries, typed times and words,
contradicting times, status moves."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from secassess.clock import LOCAL_TZ
from secassess.errors import InputError
from secassess.incident import rules
from secassess.incident.rules import Deadlines, check_deadline, check_notifications

DETECTED = datetime(2026, 10, 18, 8, 0, tzinfo=LOCAL_TZ)
NOW = datetime(2026, 10, 25, 12, 0, tzinfo=LOCAL_TZ)


def test_notified_exactly_at_the_deadline_is_on_time() -> None:
    due = DETECTED + timedelta(hours=24)
    d = check_deadline(DETECTED, 24, due, NOW)
    assert (d.due_at, d.state, d.late_by) == (due, "on_time", None)


def test_notified_one_minute_after_the_deadline_is_late_by_one_minute() -> None:
    done = DETECTED + timedelta(hours=24, minutes=1)
    d = check_deadline(DETECTED, 24, done, NOW)
    assert (d.state, d.late_by) == ("late", timedelta(minutes=1))


def test_not_notified_is_pending_until_the_due_time_and_overdue_after() -> None:
    due = DETECTED + timedelta(hours=24)
    assert check_deadline(DETECTED, 24, None, due).state == "pending"
    later = check_deadline(DETECTED, 24, None, due + timedelta(seconds=1))
    assert (later.state, later.late_by) == ("overdue", timedelta(seconds=1))


def test_a_notification_after_the_instant_judged_does_not_count_yet() -> None:
    done = DETECTED + timedelta(hours=30)
    at = DETECTED + timedelta(hours=26)
    d = check_deadline(DETECTED, 24, done, at)
    assert (d.state, d.done_at, d.late_by) == ("overdue", None, timedelta(hours=2))


def test_both_deadlines_use_the_configured_hours() -> None:
    n, f = check_notifications(DETECTED, DETECTED + timedelta(hours=5), DETECTED + timedelta(hours=50),
                               Deadlines(initial_notification_hours=4, full_report_hours=48), NOW)
    assert (n.state, f.state) == ("late", "late")
    assert n.to_dict() == {"due_at": "2026-10-18T12:00:00+07:00", "done_at": "2026-10-18T13:00:00+07:00",
                           "state": "late", "late_by_hours": 1.0}


@pytest.mark.parametrize(("typed", "expected"), [
    ("20/10/2026 14:30", datetime(2026, 10, 20, 14, 30, tzinfo=LOCAL_TZ)),
    ("2026-10-20 14:30", datetime(2026, 10, 20, 14, 30, tzinfo=LOCAL_TZ)),
    ("2026-10-20T07:30:00+00:00", datetime(2026, 10, 20, 14, 30, tzinfo=LOCAL_TZ)),
    ("5/1/2026 8h05", datetime(2026, 1, 5, 8, 5, tzinfo=LOCAL_TZ)),
    ("now", NOW), ("Bây giờ", NOW),
])
def test_times_are_typed_in_vietnam_time(typed: str, expected: datetime) -> None:
    assert rules.parse_time(typed, "--detected-at", NOW) == expected


@pytest.mark.parametrize("typed", ["20/10/2026", "2026-10-20", "32/10/2026 10:00", "hôm qua", "2026-13-01 10:00"])
def test_dates_without_a_time_and_nonsense_are_refused(typed: str) -> None:
    with pytest.raises(InputError) as e:
        rules.parse_time(typed, "--notified-at", NOW)
    assert e.value.location == "--notified-at"


def test_words_are_read_in_vietnamese_or_english_with_or_without_diacritics() -> None:
    assert rules.parse_category("Mã độc") == "malware"
    assert rules.parse_category("lo lot du lieu") == "data_leak"
    assert rules.parse_category("DDoS") == "ddos"
    assert rules.parse_severity("nghiêm trọng") == "critical"
    assert rules.parse_status("Đang xử lý") == "handling"
    with pytest.raises(InputError, match="malware"):
        rules.parse_category("earthquake")


def test_contradicting_times_are_all_reported() -> None:
    times = {"detected_at": DETECTED, "notified_at": DETECTED - timedelta(hours=1),
             "full_report_at": DETECTED + timedelta(days=30), "resolved_at": None}
    problems = rules.time_problems(times, NOW)
    assert sorted(p.location or "" for p in problems) == ["--full-report-at", "--notified-at"]
    only_full = rules.time_problems({"detected_at": DETECTED, "full_report_at": DETECTED + timedelta(hours=1)}, NOW)
    assert [p.location for p in only_full] == ["--full-report-at"]


def test_a_resolved_incident_needs_a_resolution_time_and_only_it_has_one() -> None:
    assert rules.status_problems("resolved", None)
    assert rules.status_problems("handling", DETECTED)
    assert not rules.status_problems("resolved", DETECTED)
    assert not rules.status_problems("open", None)


def test_status_moves_follow_the_table() -> None:
    rules.check_transition(1, "open", "handling")
    rules.check_transition(1, "resolved", "handling")
    with pytest.raises(InputError, match="handling"):
        rules.check_transition(1, "resolved", "open")
    with pytest.raises(InputError, match="đã ở trạng thái"):
        rules.check_transition(1, "open", "open")


def test_delays_read_in_days_hours_and_minutes() -> None:
    assert rules.describe_delay(timedelta(days=2, hours=3, minutes=5)) == "2 ngày 3 giờ"
    assert rules.describe_delay(timedelta(hours=5, minutes=20)) == "5 giờ 20 phút"
    assert rules.describe_delay(timedelta(minutes=7)) == "7 phút"
