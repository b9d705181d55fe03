"""The pure remediation rules: transitions, due dates, overdue, expiry, assessment effects."""

from __future__ import annotations

from datetime import date

import pytest

from secassess.errors import InputError
from secassess.i18n import set_lang
from secassess.remediation import rules


def test_transition_table_covers_only_known_statuses() -> None:
    for (a, b), triggers in rules.TRANSITIONS.items():
        assert a in rules.STATUSES and b in rules.STATUSES and triggers


@pytest.mark.parametrize(("current", "new"), [
    ("open", "in_progress"), ("open", "resolved"), ("in_progress", "resolved"), ("in_progress", "open"),
    ("resolved", "in_progress"), ("resolved", "open"), ("risk_accepted", "open"),
    ("risk_accepted", "in_progress"),
])
def test_officer_may_make_these_moves(current: str, new: str) -> None:
    rules.check_transition(1, current, new, "officer")


@pytest.mark.parametrize(("current", "new"), [
    ("open", "verified"), ("resolved", "verified"), ("verified", "open"), ("verified", "in_progress"),
    ("open", "risk_accepted"), ("resolved", "risk_accepted"),
])
def test_officer_is_refused_these_moves(current: str, new: str) -> None:
    with pytest.raises(InputError):
        rules.check_transition(1, current, new, "officer")


def test_refusal_lists_what_is_allowed_in_vietnamese() -> None:
    with pytest.raises(InputError) as e:
        rules.check_transition(7, "open", "verified", "officer")
    msg = str(e.value)
    assert "#7" in msg
    assert "“Chưa khắc phục” sang “Đã xác minh”" in msg
    assert "in_progress (Đang khắc phục)" in msg and "resolved (Đã khắc phục, chờ xác minh)" in msg
    assert "đợt đánh giá sau" in msg


def test_refusal_from_verified_explains_only_assessment_reopens() -> None:
    set_lang("en")
    with pytest.raises(InputError) as e:
        rules.check_transition(3, "verified", "in_progress", "officer")
    assert "may move to: none" in str(e.value)
    assert "reopens only when a later assessment fails" in str(e.value)


def test_officer_asking_for_risk_accepted_is_pointed_to_accept_risk() -> None:
    with pytest.raises(InputError, match="accept-risk"):
        rules.check_transition(1, "open", "risk_accepted", "officer")


def test_only_assessment_verifies_and_reopens_verified() -> None:
    assert rules.allowed_targets("verified", "assessment") == ["open"]
    assert rules.allowed_targets("verified", "officer") == []
    for s in ("open", "in_progress", "resolved", "risk_accepted"):
        assert "verified" in rules.allowed_targets(s, "assessment")
    assert rules.allowed_targets("risk_accepted", "expiry") == ["open"]
    assert rules.allowed_targets("resolved", "accept_risk") == []


@pytest.mark.parametrize(("severity", "days"), [("critical", 15), ("high", 30), ("medium", 90), ("low", 180)])
def test_default_due_days_per_severity(severity: str, days: int) -> None:
    d = rules.due_date(date(2025, 1, 31), severity, {})
    assert (d - date(2025, 1, 31)).days == days


def test_profile_due_days_override_one_severity_only() -> None:
    overrides = {"critical": 7, "high": 30, "medium": 90, "low": 180}
    assert rules.due_date(date(2025, 12, 28), "critical", overrides) == date(2026, 1, 4)
    assert rules.due_date(date(2025, 12, 28), "low", {"critical": 7}) == date(2026, 6, 26)


def test_overdue_is_strictly_after_the_due_date_and_only_while_working() -> None:
    due = date(2025, 3, 1)
    assert not rules.is_overdue("open", due, date(2025, 3, 1))
    assert rules.is_overdue("open", due, date(2025, 3, 2))
    assert rules.days_overdue("in_progress", due, date(2025, 3, 11)) == 10
    for s in ("resolved", "verified", "risk_accepted"):
        assert not rules.is_overdue(s, due, date(2026, 1, 1))
        assert rules.days_overdue(s, due, date(2026, 1, 1)) == 0
    assert not rules.is_overdue("open", None, date(2026, 1, 1))


def test_risk_acceptance_is_valid_through_its_end_date() -> None:
    until = date(2025, 6, 30)
    assert not rules.risk_expired("risk_accepted", until, date(2025, 6, 30))
    assert rules.risk_expired("risk_accepted", until, date(2025, 7, 1))
    assert not rules.risk_expired("open", until, date(2025, 7, 1))


@pytest.mark.parametrize(("status", "result", "action", "new"), [
    (None, "fail", "open", "open"), (None, "partial", "open", "open"), (None, "pass", "none", None),
    (None, "not_applicable", "none", None), (None, "not_assessed", "none", None),
    ("open", "fail", "confirm", None), ("in_progress", "partial", "confirm", None),
    ("risk_accepted", "fail", "confirm", None),
    ("resolved", "fail", "reopen", "open"), ("verified", "partial", "reopen", "open"),
    ("open", "pass", "verify", "verified"), ("in_progress", "pass", "verify", "verified"),
    ("resolved", "pass", "verify", "verified"), ("risk_accepted", "pass", "verify", "verified"),
    ("verified", "pass", "none", None),
    ("open", "not_applicable", "none", None), ("verified", "not_assessed", "none", None),
    ("resolved", "not_assessed", "none", None),
])
def test_assessment_effect(status: str | None, result: str, action: str, new: str | None) -> None:
    eff = rules.assessment_effect(status, result)
    assert (eff.action, eff.new_status) == (action, new)
    if status is not None and new is not None:
        rules.check_transition(1, status, new, "assessment")  # the table allows what the effect does


@pytest.mark.parametrize(("text", "status"), [
    ("in_progress", "in_progress"), ("IN-PROGRESS", "in_progress"), ("Đang khắc phục", "in_progress"),
    ("dang khac phuc", "in_progress"), ("đã khắc phục", "resolved"), ("Chấp nhận rủi ro", "risk_accepted"),
    ("open", "open"), ("verified", "verified"),
])
def test_status_words_people_type(text: str, status: str) -> None:
    assert rules.parse_status(text) == status


def test_unknown_status_lists_the_choices_and_names_the_option() -> None:
    with pytest.raises(InputError, match="open, in_progress, resolved, verified, risk_accepted") as e:
        rules.parse_status("xong")
    assert e.value.location == "--status"


def test_dates_in_both_writings() -> None:
    assert rules.parse_date("31/12/2025", "--due") == date(2025, 12, 31)
    assert rules.parse_date("2025-12-31", "--due") == date(2025, 12, 31)
    with pytest.raises(InputError) as e:
        rules.parse_date("31/02/2025", "--until")
    assert "--until" in str(e.value)


def test_severity_words() -> None:
    assert rules.parse_severity("Nghiêm trọng") == "critical"
    assert rules.parse_severity("HIGH") == "high"
    with pytest.raises(InputError, match="low, medium, high, critical") as e:
        rules.parse_severity("urgent")
    assert e.value.location == "--severity"
