"""The remediation service on a real SQLite workspace: items opened, confirmed, verified and
reopened by finalized assessments; officer updates with optimistic locking; risk acceptance."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from secassess.clock import LOCAL_TZ
from secassess.errors import ConflictError, InputError
from secassess.remediation import service
from secassess.store.schema.remediation import remediation_history, remediation_items
from secassess.workspace import Workspace, init_workspace
from tests.remediation.tables import add_finalized, add_system

pytestmark = pytest.mark.usefixtures("engine")  # SQLite and PostgreSQL

T1 = datetime(2025, 3, 10, 9, 0, tzinfo=LOCAL_TZ)
T2 = datetime(2025, 6, 10, 9, 0, tzinfo=LOCAL_TZ)
T3 = datetime(2025, 9, 10, 9, 0, tzinfo=LOCAL_TZ)


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    monkeypatch.setenv("SECASSESS_NOW", T1.isoformat())
    w = init_workspace(tmp_path / "ws")
    with w.write() as conn:
        add_system(conn, "STP-QLVB", "STP", owner="Văn phòng Sở")
        add_system(conn, "SYT-HIS", "SYT", owner="Phòng CNTT")
    yield w
    w.close()


def finalize(ws: Workspace, system_id: str, answers: dict[str, object], at: datetime,
             monkeypatch: pytest.MonkeyPatch, due_days: dict[str, int] | None = None) -> service.SyncSummary:
    monkeypatch.setenv("SECASSESS_NOW", at.isoformat())
    with ws.write() as conn:
        aid = add_finalized(conn, system_id, answers, finalized_at=at, due_days=due_days)
        return service.sync_with_assessment(conn, aid, actor="assessor")


def items(ws: Workspace, **kw: object) -> dict[str, service.RemediationItem]:
    with ws.read() as conn:
        return {i.control_id: i for i in service.list_items(conn, **kw)}  # type: ignore[arg-type]


def test_finalizing_opens_one_item_per_fail_or_partial_with_due_dates_per_severity(
        ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    s = finalize(ws, "STP-QLVB", {"QLRR-01": "fail", "QLRR-02": "partial", "MANG-01": "fail",
                                  "MANG-02": "partial", "MANG-03": "pass", "VLY-01": "not_applicable"},
                 T1, monkeypatch)
    assert len(s.opened) == 4 and not (s.confirmed or s.verified or s.reopened)
    got = items(ws, system_id="STP-QLVB")
    assert set(got) == {"QLRR-01", "QLRR-02", "MANG-01", "MANG-02"}
    assert {c: i.due_date for c, i in got.items()} == {
        "MANG-01": date(2025, 3, 25),  # critical 15
        "QLRR-01": date(2025, 4, 9),  # high 30
        "QLRR-02": date(2025, 6, 8),  # medium 90
        "MANG-02": date(2025, 9, 6),  # low 180
    }
    i = got["QLRR-02"]
    assert (i.status, i.result, i.severity, i.owner, i.version) == ("open", "partial", "medium", "Văn phòng Sở", 1)
    assert i.title == {"vi": "Yêu cầu QLRR-02", "en": "Control QLRR-02"}
    assert i.opened_by_assessment_id == i.last_assessment_id
    with ws.read() as conn:
        h = service.history(conn, i.id)
    assert [e.action for e in h] == ["opened"] and h[0].actor == "assessor"
    assert h[0].changes["due_date"] == [None, "2025-06-08"]
    # critical first, then by due date
    with ws.read() as conn:
        assert [x.control_id for x in service.list_items(conn)] == ["MANG-01", "QLRR-01", "QLRR-02", "MANG-02"]


def test_due_date_counts_from_the_finalization_date_in_vietnam(
        ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    early = datetime(2025, 3, 10, 6, 30, tzinfo=LOCAL_TZ)  # still 9 March in UTC
    finalize(ws, "STP-QLVB", {"MANG-01": "fail"}, early, monkeypatch)
    assert items(ws)["MANG-01"].due_date == date(2025, 3, 25)


def test_profile_due_days_override(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    finalize(ws, "STP-QLVB", {"MANG-01": "fail", "MANG-03": "fail"}, T1, monkeypatch,
             due_days={"critical": 7, "high": 45, "medium": 90, "low": 180})
    got = items(ws)
    assert got["MANG-01"].due_date == date(2025, 3, 17)
    assert got["MANG-03"].due_date == date(2025, 4, 24)


def test_technical_fail_beats_a_declared_pass(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    s = finalize(ws, "STP-QLVB", {"MANG-03": ("pass", "fail"), "MANG-01": ("pass", "pass")}, T1, monkeypatch)
    assert len(s.opened) == 1
    assert items(ws)["MANG-03"].result == "fail"


def test_three_assessments_verify_confirm_reopen_and_never_duplicate(
        ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    finalize(ws, "STP-QLVB", {"QLRR-01": "fail", "MANG-01": "fail", "MANG-02": "partial", "VLY-01": "fail"},
             T1, monkeypatch)
    first = items(ws)
    with ws.write() as conn:
        service.update_item(conn, first["VLY-01"].id, actor="officer", expect_version=1, status="resolved",
                            note="Đã lắp camera")
    s2 = finalize(ws, "STP-QLVB", {"QLRR-01": "pass", "MANG-01": "partial", "MANG-02": "not_assessed",
                                   "VLY-01": "fail"}, T2, monkeypatch)
    second = items(ws)
    assert s2.verified == [first["QLRR-01"].id]
    assert s2.confirmed == [first["MANG-01"].id]
    assert s2.reopened == [first["VLY-01"].id]  # "resolved" but the assessment still fails it
    assert not s2.opened
    assert second["QLRR-01"].status == "verified"
    assert second["QLRR-01"].verified_by_assessment_id == s2.assessment_id
    assert second["MANG-01"].status == "open" and second["MANG-01"].result == "partial"
    assert second["MANG-01"].last_assessment_id == s2.assessment_id
    assert second["MANG-01"].due_date == first["MANG-01"].due_date  # confirmation keeps the deadline
    assert second["MANG-02"].version == 1 and second["MANG-02"].last_assessment_id == first["MANG-02"].opened_by_assessment_id

    s3 = finalize(ws, "STP-QLVB", {"QLRR-01": "fail", "MANG-01": "not_applicable", "MANG-02": "pass",
                                   "VLY-01": "pass"}, T3, monkeypatch)
    third = items(ws)
    assert s3.reopened == [first["QLRR-01"].id] and not s3.opened
    assert sorted(s3.verified) == sorted([first["MANG-02"].id, first["VLY-01"].id])
    q = third["QLRR-01"]
    assert (q.id, q.status, q.verified_by_assessment_id) == (first["QLRR-01"].id, "open", None)
    assert q.due_date == date(2025, 10, 10)  # counted again from the reopening assessment
    assert q.opened_by_assessment_id == first["QLRR-01"].opened_by_assessment_id
    assert third["MANG-01"].status == "open" and third["MANG-01"].version == second["MANG-01"].version
    with ws.read() as conn:
        counts = conn.execute(select(remediation_items.c.control_id, func.count())
                              .group_by(remediation_items.c.system_id, remediation_items.c.control_id)).all()
        assert all(n == 1 for _c, n in counts) and len(counts) == 4
        actions = [e.action for e in service.history(conn, q.id)]
        assert actions == ["opened", "verified", "reopened"]
        confirmed = service.history(conn, first["MANG-01"].id)[1]
        assert confirmed.action == "confirmed"
        assert confirmed.changes["assessment_id"] == [first["MANG-01"].last_assessment_id, s2.assessment_id]
        assert confirmed.changes["result"] == ["fail", "partial"]


def test_items_of_other_systems_are_untouched(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    finalize(ws, "STP-QLVB", {"MANG-01": "fail"}, T1, monkeypatch)
    s = finalize(ws, "SYT-HIS", {"MANG-01": "pass"}, T2, monkeypatch)
    assert not s.verified
    assert items(ws, system_id="STP-QLVB")["MANG-01"].status == "open"
    assert items(ws, system_id="SYT-HIS") == {}


def test_syncing_the_same_assessment_twice_changes_nothing_and_reports_the_same(
        ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    finalize(ws, "STP-QLVB", {"MANG-01": "fail", "QLRR-01": "fail"}, T1, monkeypatch)
    s = finalize(ws, "STP-QLVB", {"MANG-01": "fail", "QLRR-01": "pass", "MANG-02": "partial"}, T2, monkeypatch)
    assert (len(s.opened), len(s.confirmed), len(s.verified)) == (1, 1, 1)
    with ws.write() as conn:
        n = conn.execute(select(func.count()).select_from(remediation_history)).scalar()
        again = service.sync_with_assessment(conn, s.assessment_id, actor="x")
        assert conn.execute(select(func.count()).select_from(remediation_history)).scalar() == n
    assert (again.opened, again.confirmed, again.verified, again.reopened) == (
        s.opened, s.confirmed, s.verified, s.reopened)


def test_officer_updates_are_versioned_and_recorded(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    finalize(ws, "STP-QLVB", {"MANG-01": "fail"}, T1, monkeypatch)
    iid = items(ws)["MANG-01"].id
    with ws.write() as conn:
        it = service.update_item(conn, iid, actor="officer-a", expect_version=1, status="in_progress",
                                 owner="Nguyễn Văn An", due=date(2025, 4, 30), note="Đang mua tường lửa")
    assert (it.status, it.owner, it.due_date, it.version) == ("in_progress", "Nguyễn Văn An", date(2025, 4, 30), 2)
    with ws.read() as conn:
        last = service.history(conn, iid)[-1]
    assert last.actor == "officer-a" and last.action == "updated" and last.note == "Đang mua tường lửa"
    assert last.changes == {"status": ["open", "in_progress"], "owner": ["Văn phòng Sở", "Nguyễn Văn An"],
                            "due_date": ["2025-03-25", "2025-04-30"]}
    with ws.write() as conn:  # a note alone is a change too
        it = service.update_item(conn, iid, actor="officer-b", expect_version=None, note="Đã có báo giá")
    assert it.version == 3 and it.last_note == "Đã có báo giá"


def test_stale_version_is_a_conflict_and_saves_nothing(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    finalize(ws, "STP-QLVB", {"MANG-01": "fail"}, T1, monkeypatch)
    iid = items(ws)["MANG-01"].id
    with ws.write() as conn:
        service.update_item(conn, iid, actor="officer-a", expect_version=1, owner="Trần Thị Bình")
    with pytest.raises(ConflictError) as e, ws.write() as conn:
        service.update_item(conn, iid, actor="officer-b", expect_version=1, owner="Lê Văn Cường")
    msg = str(e.value)
    assert "officer-a" in msg and "Trần Thị Bình" in msg and "CHƯA được lưu" in msg
    assert "--expect-version 2" in msg and f"remediation show {iid}" in msg
    got = items(ws)["MANG-01"]
    assert got.owner == "Trần Thị Bình" and got.version == 2
    with ws.read() as conn:
        assert len(service.history(conn, iid)) == 2


@pytest.mark.parametrize(("kw", "match"), [
    ({"status": "verified"}, "Đã xác minh"),
    ({"status": "resolved"}, "cần ghi chú"),
    ({"status": "open"}, "đã ở trạng thái"),
    ({}, "không có gì để cập nhật"),
    ({"owner": "   "}, "thiếu nội dung"),
    ({"due": date(2025, 3, 1)}, "trước ngày mở"),
    ({"note": "x" * 4001}, "quá dài"),
    ({"note": "bước 1\x07bước 2"}, "ký tự điều khiển"),  # a lone \r is a line ending (text.user_text)
])
def test_refused_updates_leave_the_item_unchanged(ws: Workspace, monkeypatch: pytest.MonkeyPatch,
                                                  kw: dict[str, object], match: str) -> None:
    finalize(ws, "STP-QLVB", {"MANG-01": "fail"}, T1, monkeypatch)
    iid = items(ws)["MANG-01"].id
    with pytest.raises(InputError, match=match), ws.write() as conn:
        service.update_item(conn, iid, actor="o", expect_version=1, **kw)  # type: ignore[arg-type]
    assert items(ws)["MANG-01"].version == 1


def test_a_note_pasted_with_windows_line_ends_keeps_plain_line_ends(
        ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    finalize(ws, "STP-QLVB", {"MANG-01": "fail"}, T1, monkeypatch)
    iid = items(ws)["MANG-01"].id
    with ws.write() as conn:
        it = service.update_item(conn, iid, actor="o", expect_version=1, note="Bước 1: chặn cổng\r\nBước 2: vá\r\n")
    assert it.last_note == "Bước 1: chặn cổng\nBước 2: vá"


def test_resolved_with_a_note_is_accepted(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    finalize(ws, "STP-QLVB", {"MANG-01": "fail"}, T1, monkeypatch)
    iid = items(ws)["MANG-01"].id
    with ws.write() as conn:
        it = service.update_item(conn, iid, actor="o", expect_version=1, status="resolved",
                                 note="Đã cấu hình lại tường lửa")
    assert it.status == "resolved" and not it.overdue


def test_risk_acceptance_and_its_expiry(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    finalize(ws, "STP-QLVB", {"MANG-02": "fail"}, T1, monkeypatch)
    iid = items(ws)["MANG-02"].id
    with pytest.raises(InputError, match="đã qua"), ws.write() as conn:
        service.accept_risk(conn, iid, actor="o", expect_version=1, approver="Giám đốc Sở",
                            reason="Chờ kinh phí", until=date(2025, 3, 9))
    with pytest.raises(InputError, match="--approver"), ws.write() as conn:
        service.accept_risk(conn, iid, actor="o", expect_version=1, approver=" ", reason="x",
                            until=date(2025, 12, 31))
    with ws.write() as conn:
        it = service.accept_risk(conn, iid, actor="o", expect_version=1, approver="Giám đốc Sở",
                                 reason="Chờ kinh phí năm 2026", until=date(2025, 12, 31))
    assert (it.status, it.risk_approver, it.risk_until, it.overdue) == (
        "risk_accepted", "Giám đốc Sở", date(2025, 12, 31), False)
    # not overdue while accepted, even long after the due date
    assert not items(ws, as_of=date(2025, 12, 31))["MANG-02"].overdue
    assert items(ws, as_of=date(2026, 1, 1))["MANG-02"].risk_expired
    # on the last day nothing happens
    assert service.refresh(ws, actor="o", today=date(2025, 12, 31)) == []
    expired = service.refresh(ws, actor="o2", today=date(2026, 1, 1))
    assert [e.id for e in expired] == [iid]
    it = items(ws, as_of=date(2026, 1, 2))["MANG-02"]
    assert (it.status, it.risk_until, it.risk_approver) == ("open", None, None)
    assert it.due_date == date(2025, 12, 31) and it.overdue and it.days_overdue == 2
    with ws.read() as conn:
        h = service.history(conn, iid)[-1]
    assert h.action == "risk_expired" and h.actor == "o2"
    assert h.changes["status"] == ["risk_accepted", "open"] and h.changes["risk_until"] == ["2025-12-31", None]
    assert service.refresh(ws, actor="o", today=date(2026, 1, 5)) == []  # once only


def test_resolved_item_cannot_be_risk_accepted(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    finalize(ws, "STP-QLVB", {"MANG-02": "fail"}, T1, monkeypatch)
    iid = items(ws)["MANG-02"].id
    with ws.write() as conn:
        service.update_item(conn, iid, actor="o", expect_version=1, status="resolved", note="xong")
    with pytest.raises(InputError, match="không có"), ws.write() as conn:
        service.accept_risk(conn, iid, actor="o", expect_version=None, approver="A", reason="B",
                            until=date(2025, 12, 31))


def test_expired_acceptance_still_failing_in_next_assessment_is_confirmed_open(
        ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    finalize(ws, "STP-QLVB", {"MANG-02": "fail"}, T1, monkeypatch)
    iid = items(ws)["MANG-02"].id
    with ws.write() as conn:
        service.accept_risk(conn, iid, actor="o", expect_version=1, approver="A", reason="B",
                            until=date(2025, 5, 31))
    s = finalize(ws, "STP-QLVB", {"MANG-02": "fail"}, T2, monkeypatch)
    assert s.expired == [iid] and s.confirmed == [iid]
    assert items(ws)["MANG-02"].status == "open"


def test_list_filters(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    finalize(ws, "STP-QLVB", {"MANG-01": "fail", "MANG-02": "fail"}, T1, monkeypatch)
    finalize(ws, "SYT-HIS", {"MANG-01": "fail", "QLRR-02": "partial"}, T1, monkeypatch)
    with ws.read() as conn:
        assert len(service.list_items(conn)) == 4
        assert {i.system_id for i in service.list_items(conn, unit_id="SYT")} == {"SYT-HIS"}
        assert {i.control_id for i in service.list_items(conn, severities=["critical"])} == {"MANG-01"}
        assert service.list_items(conn, statuses=["verified"]) == []
        # as of 1 April: only the critical items (due 25 March) are overdue
        over = service.list_items(conn, overdue_only=True, as_of=date(2025, 4, 1))
        assert [(i.system_id, i.control_id, i.days_overdue) for i in over] == [
            ("STP-QLVB", "MANG-01", 7), ("SYT-HIS", "MANG-01", 7)]
        assert service.list_items(conn, overdue_only=True, as_of=date(2025, 3, 25)) == []


def test_unknown_item_and_bad_ids() -> None:
    with pytest.raises(InputError):
        service.parse_item_id("abc")
    with pytest.raises(InputError):
        service.parse_item_id("0")
    assert service.parse_item_id("#12") == 12


def test_a_page_of_items_is_the_list_cut_in_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """page_items gives the same items in the same order as list_items, a page at a time (sorted in the
    database: on PostgreSQL too, the province generated as SQLite and copied there)."""
    import os
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from collections import Counter

    from gen_province import generate

    from secassess.remediation.service import list_items, page_items

    url = os.environ.get("SECASSESS_DATABASE")
    monkeypatch.delenv("SECASSESS_DATABASE", raising=False)
    generate(tmp_path / "p", 40, say=lambda *_a: None)
    if url:
        from secassess.dburl import parse_url
        from secassess.store.copy import copy_database
        from secassess.store.db import make_engine

        source, target = make_engine(tmp_path / "p" / "secassess.db"), make_engine(parse_url(url))
        copy_database(source, target, replace=True)
        source.dispose()
        target.dispose()
        monkeypatch.setenv("SECASSESS_DATABASE", url)
    ws = Workspace.open(tmp_path / "p")
    with ws.read() as conn:
        for filters in ({}, {"statuses": ["open", "in_progress"]}, {"overdue_only": True}, {"unit_id": "U001"},
                        {"severities": ["high", "critical"], "unit_ids": ["U001", "U002"]}):
            listed = list_items(conn, **filters)  # type: ignore[arg-type]
            whole = [i.id for i in listed]
            pages, offset = [], 0
            while True:
                page, counts = page_items(conn, limit=37, offset=offset, **filters)  # type: ignore[arg-type]
                assert counts.total == len(whole) and counts.overdue == sum(i.overdue for i in listed)
                assert counts.by_severity == dict(Counter(i.severity for i in listed))
                assert counts.by_status == dict(Counter(i.status for i in listed))
                if not page:
                    break
                pages += [i.id for i in page]
                offset += 37
            assert pages == whole and whole, filters
    ws.close()
