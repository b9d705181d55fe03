"""Authorisation in the use cases: a unit officer sees and changes only their own unit's records —
another unit's is "not found", told exactly as an id that does not exist — and lists only show their
unit's; a viewer reads everything and changes nothing; province steps are the province's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from secassess.app import assessments, inventory, scans
from secassess.app.actor import Actor
from secassess.errors import ForbiddenError, NotFoundError
from tests.app.conftest import ADMIN, NMAP_SAMPLE, OFFICER, STP_OFFICER, VIEWER, Province


def _message(call: Callable[[], Any], error: type[Exception] = NotFoundError) -> str:
    with pytest.raises(error) as caught:
        call()
    return str(caught.value)


def test_a_unit_officer_lists_only_their_units_records(province: Province) -> None:
    ws = province.ws
    assert [e.unit.id for e in inventory.list_units(ws, STP_OFFICER)] == ["STP"]
    assert [s.id for s in inventory.list_systems(ws, STP_OFFICER)] == ["STP-QLVB"]
    assert [e.assessment.id for e in assessments.list_assessments(ws, STP_OFFICER)] == [province.stp_assessment]
    assert [e.assessment.id for e in assessments.list_assessments(ws, STP_OFFICER, status="draft")] == \
        [province.stp_assessment]
    # the province sees both
    assert [e.unit.id for e in inventory.list_units(ws, VIEWER)] == ["STP", "SYT"]
    assert {e.assessment.id for e in assessments.list_assessments(ws, OFFICER)} == \
        {province.stp_assessment, province.syt_assessment}


def test_another_units_system_is_not_found_like_a_missing_one(province: Province) -> None:
    ws = province.ws
    other = _message(lambda: inventory.show_system(ws, STP_OFFICER, "SYT-QLVB"))
    assert other == "không có hệ thống “SYT-QLVB”"
    # an id that does not exist reads the same way, with no suggestion naming another unit's ids
    assert _message(lambda: inventory.show_system(ws, STP_OFFICER, "SYT-QLVX")) == "không có hệ thống “SYT-QLVX”"
    assert _message(lambda: inventory.list_systems(ws, STP_OFFICER, "SYT")) == "không có đơn vị “SYT”"
    assert _message(lambda: assessments.list_assessments(ws, STP_OFFICER, system_id="syt-qlvb")) == \
        "không có hệ thống “syt-qlvb”"
    # the province is told what the domain says, closest ids included
    assert "STP-QLVB" in _message(lambda: inventory.show_system(ws, ADMIN, "STP-QLVX"), Exception)
    assert inventory.show_system(ws, STP_OFFICER, "stp-qlvb").system.id == "STP-QLVB"  # own, any case


def test_another_units_assessment_and_scans_are_not_found(province: Province, tmp_path: Path) -> None:
    ws, other = province.ws, province.syt_assessment
    expected = f"không có đợt đánh giá “{other}”"
    calls: list[Callable[[], Any]] = [
        lambda: assessments.show(ws, STP_OFFICER, other),
        lambda: assessments.score(ws, STP_OFFICER, other),
        lambda: assessments.score(ws, STP_OFFICER, province.stp_assessment, compare_with=other),
        lambda: assessments.export_questionnaire(ws, STP_OFFICER, other, tmp_path / "q.yaml", lang="vi"),
        lambda: assessments.answer_control(ws, STP_OFFICER, other, "QLRR-01", "pass"),
        lambda: assessments.open_for_answering(ws, STP_OFFICER, other),
        lambda: assessments.attach_evidence(ws, STP_OFFICER, other, "QLRR-01", NMAP_SAMPLE),
        lambda: scans.show_scans(ws, STP_OFFICER, other),
        lambda: scans.show_scans(ws, STP_OFFICER, other, scan_id=province.syt_scan),
        lambda: scans.import_scan(ws, STP_OFFICER, other, NMAP_SAMPLE),
        lambda: assessments.finalize(ws, STP_OFFICER, other),
    ]
    for call in calls:
        assert _message(call) == expected
    for missing in (lambda: assessments.show(ws, STP_OFFICER, 999), lambda: assessments.finalize(ws, STP_OFFICER, 999)):
        assert _message(missing) == "không có đợt đánh giá “999”"
    assert not (tmp_path / "q.yaml").exists()
    # their own unit's: seen
    view = scans.show_scans(ws, STP_OFFICER, province.stp_assessment)
    assert view.chosen is not None and view.chosen.id == province.stp_scan
    assert assessments.show(ws, STP_OFFICER, province.stp_assessment).system.unit_id == "STP"


def test_a_unit_officer_changes_their_own_unit_only(province: Province) -> None:
    ws = province.ws
    fields = inventory.SystemFields(name="Cổng thông tin", unit="STP", level=2)
    assert inventory.add_system(ws, STP_OFFICER, "STP-CTTDT", fields).unit_id == "STP"
    assert assessments.start(ws, STP_OFFICER, "STP-CTTDT").assessment.assessor == "dau-moi-stp"
    assert assessments.answer_control(ws, STP_OFFICER, province.stp_assessment, "QLRR-01", "pass")
    assert _message(lambda: inventory.add_system(
        ws, STP_OFFICER, "SYT-HIS", inventory.SystemFields(name="HIS", unit="SYT", level=3))) == "không có đơn vị “SYT”"
    assert _message(lambda: inventory.edit_system(
        ws, STP_OFFICER, "STP-CTTDT", inventory.SystemFields(unit="SYT"))) == "không có đơn vị “SYT”"
    assert _message(lambda: assessments.start(ws, STP_OFFICER, "SYT-QLVB")) == "không có hệ thống “SYT-QLVB”"
    # the province's steps
    for call in (lambda: inventory.add_unit(ws, STP_OFFICER, "VPUB", "Văn phòng UBND"),
                 lambda: inventory.import_inventory(ws, STP_OFFICER, NMAP_SAMPLE),
                 lambda: assessments.finalize(ws, STP_OFFICER, province.stp_assessment, allow_incomplete=True),
                 lambda: scans.run_scan(ws, STP_OFFICER, province.stp_assessment, dry_run=True)):
        assert _message(call, ForbiddenError) == "chỉ cán bộ cấp tỉnh được thực hiện thao tác này"
    assert [s.id for s in inventory.list_systems(ws, ADMIN, "SYT")] == ["SYT-QLVB"]


def _snapshot(p: Province) -> tuple[Any, ...]:
    ws = p.ws
    return (
        [(e.unit, e.systems) for e in inventory.list_units(ws, ADMIN)],
        inventory.list_systems(ws, ADMIN),
        [(e.assessment, e.counts) for e in assessments.list_assessments(ws, ADMIN)],
        [assessments.show(ws, ADMIN, i).attachments for i in (p.stp_assessment, p.syt_assessment)],
        [len(scans.show_scans(ws, ADMIN, i).scans) for i in (p.stp_assessment, p.syt_assessment)],
    )


@pytest.mark.parametrize("reader", [VIEWER, Actor("xem-stp", "viewer", "STP")], ids=["viewer", "viewer-with-unit"])
def test_a_viewer_reads_and_is_refused_every_change(province: Province, reader: Actor, tmp_path: Path) -> None:
    ws, aid = province.ws, province.stp_assessment
    assert len(inventory.list_systems(ws, reader)) == 2
    assert assessments.score(ws, reader, aid).assessment.id == aid
    assert scans.show_scans(ws, reader, aid).scans
    assert assessments.export_questionnaire(ws, reader, aid, tmp_path / "q.yaml", lang="vi").controls > 0
    before = _snapshot(province)
    answers = tmp_path / "answers.yaml"
    answers.write_text("answers:\n  QLRR-01: {result: pass}\n", encoding="utf-8")
    refused: list[Callable[[], Any]] = [
        lambda: inventory.add_unit(ws, reader, "VPUB", "Văn phòng UBND"),
        lambda: inventory.add_system(ws, reader, "STP-X", inventory.SystemFields(name="X", unit="STP", level=1)),
        lambda: inventory.edit_system(ws, reader, "STP-QLVB", inventory.SystemFields(name="Đổi tên")),
        lambda: inventory.import_inventory(ws, reader, NMAP_SAMPLE),
        lambda: assessments.start(ws, reader, "STP-QLVB"),
        lambda: assessments.import_answers(ws, reader, aid, answers),
        lambda: assessments.open_for_answering(ws, reader, aid),
        lambda: assessments.answer_control(ws, reader, aid, "QLRR-01", "pass"),
        lambda: assessments.attach_evidence(ws, reader, aid, "QLRR-01", answers),
        lambda: assessments.finalize(ws, reader, aid, allow_incomplete=True),
        lambda: scans.import_scan(ws, reader, aid, NMAP_SAMPLE),
        lambda: scans.run_scan(ws, reader, aid, dry_run=True),
    ]
    for call in refused:
        with pytest.raises(ForbiddenError):
            call()
    assert _snapshot(province) == before
