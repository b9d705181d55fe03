"""The inventory use cases: what they return and what they refuse."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from secassess.app import inventory
from secassess.app.inventory import SystemFields
from secassess.errors import InputError
from tests.app.conftest import ADMIN, Province


def test_fields_given_are_the_ones_set_and_an_empty_date_clears() -> None:
    assert SystemFields().given() == {}
    assert SystemFields(name="X", important=False, level_dossier_approved=" ",
                        security_plan_approved="2025-06-01").given() == \
        {"name": "X", "important": False, "level_dossier_approved": None, "security_plan_approved": "2025-06-01"}


def test_edit_system_adds_and_removes_targets_and_ports_and_returns_what_changed(province: Province) -> None:
    ws = province.ws
    done = inventory.edit_system(ws, ADMIN, "stp-qlvb", SystemFields(security_plan_approved="01/06/2025"),
                                 add_targets=["qlvb.stp.example.gov.vn"], add_ports=["443"])
    assert done.system.id == "STP-QLVB"
    assert done.system.targets == ["10.10.5.0/28", "qlvb.stp.example.gov.vn"]
    assert done.changed["security_plan_approved"] == [None, date(2025, 6, 1)]
    assert set(done.changed) == {"targets", "allowed_ports", "security_plan_approved"}
    done = inventory.edit_system(ws, ADMIN, "STP-QLVB", SystemFields(security_plan_approved=""),
                                 remove_targets=["10.10.5.0/28"], remove_ports=["443/tcp"])
    assert done.system.targets == ["qlvb.stp.example.gov.vn"] and done.system.allowed_ports == []
    assert done.system.security_plan_approved is None
    # the same values again: nothing changes, and the use case says so with an empty diff
    assert inventory.edit_system(ws, ADMIN, "STP-QLVB", SystemFields(level=3)).changed == {}


def test_edit_system_refuses_what_it_cannot_do_and_writes_nothing(province: Province) -> None:
    ws = province.ws
    before = inventory.show_system(ws, ADMIN, "STP-QLVB").system
    with pytest.raises(InputError, match=r"không có mục tiêu 10\.0\.0\.9"):
        inventory.edit_system(ws, ADMIN, "STP-QLVB", SystemFields(name="Đổi tên"), remove_targets=["10.0.0.9"])
    with pytest.raises(InputError, match="không có cổng 22/tcp"):
        inventory.edit_system(ws, ADMIN, "STP-QLVB", SystemFields(), remove_ports=["22"])
    with pytest.raises(InputError, match="không có thay đổi nào được nêu"):
        inventory.edit_system(ws, ADMIN, "STP-QLVB", SystemFields())
    assert inventory.show_system(ws, ADMIN, "STP-QLVB").system == before


def test_import_inventory_dry_run_counts_and_writes_nothing(province: Province, tmp_path: Path) -> None:
    ws = province.ws
    f = tmp_path / "kiem-ke.yaml"
    f.write_text("units:\n  - {id: VPUB, name: Văn phòng UBND}\nsystems:\n"
                 "  - {id: VPUB-CDVC, name: Cổng dịch vụ công, unit: VPUB, level: 4}\n"
                 "  - {id: STP-QLVB, name: Quản lý văn bản STP, unit: STP, level: 3, owner: Văn phòng Sở}\n",
                 encoding="utf-8")
    summary = inventory.import_inventory(ws, ADMIN, f, dry_run=True)
    assert (summary.units_created, summary.systems_created, summary.systems_updated) == \
        (["VPUB"], ["VPUB-CDVC"], ["STP-QLVB"])
    assert [u.unit.id for u in inventory.list_units(ws, ADMIN)] == ["STP", "SYT"]
    inventory.import_inventory(ws, ADMIN, f)
    assert [(u.unit.id, u.systems) for u in inventory.list_units(ws, ADMIN)] == [("STP", 1), ("SYT", 1),
                                                                                   ("VPUB", 1)]
    assert inventory.show_system(ws, ADMIN, "STP-QLVB").system.owner == "Văn phòng Sở"


def test_show_system_has_its_unit_and_assessments(province: Province) -> None:
    view = inventory.show_system(province.ws, ADMIN, "SYT-QLVB")
    assert view.unit.name == "Sở Y tế"
    assert [a.id for a in view.assessments] == [province.syt_assessment]
