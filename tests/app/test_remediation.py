"""The remediation use cases for each role: a unit officer lists, sees and changes only their unit's
items (another unit's is "not found", in the words of an item that does not exist) and cannot accept a
risk; a viewer reads and changes nothing; officers and administrators do everything. Expired risk
acceptances are reopened by whoever asks first, and told only to those who may see them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from secassess.app import remediation as uc
from secassess.app.actor import Actor
from secassess.app.remediation import ItemQuery, ItemUpdate, RiskAcceptance
from secassess.errors import ForbiddenError, NotFoundError
from tests.app.registers import (  # noqa: F401
    ADMIN,
    OFFICER,
    STP_OFFICER,
    VIEWER,
    Registers,
    refused,
    registers_fixture,
)

ACCEPT = RiskAcceptance(approver="Giám đốc Sở", reason="Chờ kinh phí", until=date(2026, 12, 31))



def test_a_unit_officer_lists_only_their_units_items(registers: Registers) -> None:
    ws = registers.ws
    mine = uc.list_items(ws, STP_OFFICER, ItemQuery())
    assert [i.id for i in mine.items] == registers.stp_items and {i.unit_id for i in mine.items} == {"STP"}
    assert [i.id for i in uc.list_items(ws, STP_OFFICER, ItemQuery(system_id="stp-qlvb")).items] == \
        registers.stp_items  # own system, any case
    every = registers.stp_items + registers.syt_items
    for actor in (ADMIN, OFFICER, VIEWER):
        assert sorted(i.id for i in uc.list_items(ws, actor, ItemQuery()).items) == sorted(every)


def test_another_units_scope_is_not_found_for_a_unit_officer(registers: Registers) -> None:
    ws = registers.ws
    assert refused(lambda: uc.list_items(ws, STP_OFFICER, ItemQuery(unit_id="SYT")), NotFoundError) == \
        "không có đơn vị “SYT”"
    assert refused(lambda: uc.list_items(ws, STP_OFFICER, ItemQuery(system_id="SYT-HIS")), NotFoundError) == \
        "không có hệ thống “SYT-HIS”"
    # the province's listing of that unit works
    assert [i.id for i in uc.list_items(ws, VIEWER, ItemQuery(unit_id="syt")).items] == registers.syt_items


def test_another_units_item_reads_as_one_that_does_not_exist(registers: Registers) -> None:
    ws, other = registers.ws, registers.syt_items[0]
    told = refused(lambda: uc.show_item(ws, STP_OFFICER, other), NotFoundError)
    missing = refused(lambda: uc.show_item(ws, STP_OFFICER, 999), NotFoundError)
    assert told == missing.replace("#999", f"#{other}")
    assert told.startswith(f"không có hạng mục khắc phục #{other}")
    before = registers.db()
    for call in (lambda: uc.update_item(ws, STP_OFFICER, other, ItemUpdate(note="x")),
                 lambda: uc.accept_risk(ws, STP_OFFICER, other, ACCEPT)):
        assert refused(call, NotFoundError) == told
    assert registers.db() == before
    # their own item: shown, with its history
    own = uc.show_item(ws, STP_OFFICER, registers.stp_items[0])
    assert own.item.unit_id == "STP" and [h.action for h in own.history] == ["opened"]


def test_a_unit_officer_updates_their_items_but_accepting_a_risk_is_the_provinces(registers: Registers) -> None:
    ws, own = registers.ws, registers.stp_items[0]
    done = uc.update_item(ws, STP_OFFICER, own, ItemUpdate(status="in_progress", note="Đã đặt mua thiết bị"))
    assert (done.item.status, done.item.version, done.change.actor) == ("in_progress", 2, "dau-moi-stp")
    assert done.change.changes["status"] == ["open", "in_progress"]
    before = registers.db()
    assert "cấp tỉnh" in refused(lambda: uc.accept_risk(ws, STP_OFFICER, own, ACCEPT), ForbiddenError)
    assert registers.db() == before


def test_a_viewer_reads_and_changes_nothing(registers: Registers) -> None:
    ws, item = registers.ws, registers.syt_items[0]
    assert uc.show_item(ws, VIEWER, item).item.id == item
    before = registers.db()
    for call in (lambda: uc.update_item(ws, VIEWER, item, ItemUpdate(owner="Ai đó")),
                 lambda: uc.accept_risk(ws, VIEWER, item, ACCEPT)):
        refused(call, ForbiddenError)
    assert registers.db() == before


@pytest.mark.parametrize("actor", [ADMIN, OFFICER], ids=["admin", "officer"])
def test_the_province_changes_and_accepts_risks_everywhere(registers: Registers, actor: Actor) -> None:
    ws = registers.ws
    for item in (registers.stp_items[1], registers.syt_items[0]):
        done = uc.accept_risk(ws, actor, item, ACCEPT)
        assert (done.item.status, done.change.actor) == ("risk_accepted", actor.name)
        done = uc.update_item(ws, actor, item, ItemUpdate(owner="Phòng CNTT"))
        assert done.item.owner == "Phòng CNTT" and done.item.version == 3


def test_expiry_is_reopened_by_the_first_to_ask_and_told_to_those_who_see_it(
        registers: Registers, monkeypatch: pytest.MonkeyPatch) -> None:
    ws, syt = registers.ws, registers.syt_items[0]
    uc.accept_risk(ws, ADMIN, syt, RiskAcceptance("Giám đốc Sở Y tế", "Chờ nâng cấp", date(2026, 10, 31)))
    monkeypatch.setenv("SECASSESS_NOW", "2026-11-02T08:00:00+07:00")
    listed = uc.list_items(ws, STP_OFFICER, ItemQuery())
    assert listed.reopened_expired == []  # SYT's item: reopened, but not told to STP
    shown = uc.show_item(ws, VIEWER, syt)
    assert shown.item.status == "open" and shown.reopened_expired == []  # only once
    assert shown.history[-1].action == "risk_expired" and shown.history[-1].actor == "dau-moi-stp"


def test_an_export_holds_only_what_the_actor_may_see(registers: Registers, tmp_path: Path) -> None:
    import json

    out = tmp_path / "so-theo-doi.json"
    done = uc.export_items(registers.ws, STP_OFFICER, ItemQuery(), out)
    assert (done.format, done.count) == ("json", len(registers.stp_items))
    assert {i["unit_id"] for i in json.loads(out.read_text(encoding="utf-8"))["items"]} == {"STP"}
    with pytest.raises(NotFoundError):
        uc.export_items(registers.ws, STP_OFFICER, ItemQuery(system_id="SYT-HIS"), tmp_path / "p.json", "oscal")
    assert not (tmp_path / "p.json").exists()
