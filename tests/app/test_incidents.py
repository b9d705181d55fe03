"""The incident use cases for each role: a unit officer records, lists, sees and changes only their
unit's incidents (another unit's — or a system of another unit — is "not found"); a viewer reads and
records nothing; officers and administrators do everything."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from secassess.app import incidents as uc
from secassess.app.actor import Actor
from secassess.app.incidents import IncidentQuery, NewIncident
from secassess.clock import LOCAL_TZ
from secassess.errors import ForbiddenError, InputError, NotFoundError
from secassess.incident.service import Change
from tests.app.registers import (  # noqa: F401
    ADMIN,
    OFFICER,
    STP_OFFICER,
    VIEWER,
    Registers,
    refused,
    registers_fixture,
)

DETECTED = datetime(2026, 10, 19, 22, 0, tzinfo=LOCAL_TZ)


def _new(system_id: str) -> NewIncident:
    return NewIncident(system_id=system_id, detected_at=DETECTED, category="ddos", severity="medium",
                       description="Tấn công từ chối dịch vụ")



def test_a_unit_officer_lists_and_sees_only_their_units_incidents(registers: Registers) -> None:
    ws = registers.ws
    assert [i.id for i in uc.list_incidents(ws, STP_OFFICER, IncidentQuery()).incidents] == [registers.stp_incident]
    both = {registers.stp_incident, registers.syt_incident}
    for actor in (ADMIN, OFFICER, VIEWER):
        assert {i.id for i in uc.list_incidents(ws, actor, IncidentQuery()).incidents} == both
    assert refused(lambda: uc.list_incidents(ws, STP_OFFICER, IncidentQuery(unit_id="SYT")), NotFoundError) == \
        "không có đơn vị “SYT”"
    other = refused(lambda: uc.show_incident(ws, STP_OFFICER, registers.syt_incident), NotFoundError)
    missing = refused(lambda: uc.show_incident(ws, STP_OFFICER, 99), NotFoundError)
    assert other == missing.replace("#99", f"#{registers.syt_incident}")
    shown = uc.show_incident(ws, STP_OFFICER, registers.stp_incident)
    assert shown.incident.system_id == "STP-QLVB" and len(shown.history) == 1


def test_a_unit_officer_records_and_changes_their_own_incidents_only(registers: Registers) -> None:
    ws = registers.ws
    new = uc.add_incident(ws, STP_OFFICER, _new("stp-qlvb"))
    assert (new.system_id, new.created_by) == ("STP-QLVB", "dau-moi-stp")
    done = uc.update_incident(ws, STP_OFFICER, new.id, Change(status="handling"), note="Đã chặn IP nguồn")
    assert (done.incident.status, done.change.note) == ("handling", "Đã chặn IP nguồn")
    before = registers.db()
    assert refused(lambda: uc.add_incident(ws, STP_OFFICER, _new("SYT-HIS")), NotFoundError) == \
        "không có hệ thống “SYT-HIS”"
    refused(lambda: uc.update_incident(ws, STP_OFFICER, registers.syt_incident, Change(status="handling")),
             NotFoundError)
    # nor move their own incident to another unit's system
    refused(lambda: uc.update_incident(ws, STP_OFFICER, new.id, Change(system_id="SYT-HIS")), NotFoundError)
    assert registers.db() == before


def test_a_viewer_records_and_changes_nothing(registers: Registers) -> None:
    ws = registers.ws
    before = registers.db()
    refused(lambda: uc.add_incident(ws, VIEWER, _new("STP-QLVB")), ForbiddenError)
    refused(lambda: uc.update_incident(ws, VIEWER, registers.stp_incident, Change(status="handling")),
             ForbiddenError)
    assert registers.db() == before
    assert uc.show_incident(ws, VIEWER, registers.syt_incident).incident.unit_id == "SYT"


@pytest.mark.parametrize("actor", [ADMIN, OFFICER], ids=["admin", "officer"])
def test_the_province_records_and_changes_every_units_incidents(registers: Registers, actor: Actor) -> None:
    ws = registers.ws
    for system in ("STP-QLVB", "SYT-HIS"):
        new = uc.add_incident(ws, actor, _new(system))
        moved = uc.update_incident(ws, actor, new.id, Change(system_id="syt-his" if system == "STP-QLVB" else
                                                             "STP-QLVB"))
        assert moved.incident.system_id != system and moved.change.actor == actor.name


def test_deadlines_come_from_the_workspace_and_a_date_range_must_run_forward(registers: Registers) -> None:
    ws = registers.ws
    listing = uc.list_incidents(ws, ADMIN, IncidentQuery(detected_from=date(2026, 10, 18)))
    assert (listing.deadlines.initial_notification_hours, listing.deadlines.full_report_hours) == (24, 72)
    assert listing.overdue == 2  # detected 18/10 08:00, nothing sent by 20/10 10:00
    with pytest.raises(InputError) as caught:
        uc.list_incidents(ws, ADMIN, IncidentQuery(detected_from=date(2026, 10, 18), detected_to=date(2026, 10, 1)))
    assert caught.value.location == "--to"
