"""The assessment use cases: start, list, answer (a file, one control), evidence, score."""

from __future__ import annotations

from pathlib import Path

import pytest

from secassess.app import assessments
from secassess.errors import InputError
from tests.app.conftest import ADMIN, STP_OFFICER, Province


def test_start_counts_controls_and_flags_a_profile_below_the_systems_level(province: Province) -> None:
    own = assessments.start(province.ws, ADMIN, "stp-qlvb", assessor="  Nguyễn Văn A ")
    assert own.assessment.system_id == "STP-QLVB" and own.assessment.profile_id == "level-3"
    assert own.assessment.assessor == "Nguyễn Văn A"
    assert (own.controls, own.mandatory, own.below_system_level) == (len(assessments.show(
        province.ws, ADMIN, own.assessment.id).results), 2, False)
    lower = assessments.start(province.ws, ADMIN, "STP-QLVB", profile_id="LEVEL-1")
    assert lower.assessment.profile_id == "level-1" and lower.below_system_level and lower.system_level == 3


def test_list_gives_progress_per_assessment(province: Province) -> None:
    ws, aid = province.ws, province.stp_assessment
    assessments.answer_control(ws, ADMIN, aid, "QLRR-01", "pass")
    assessments.answer_control(ws, ADMIN, aid, "MANG-02", "not_applicable", justification="Không có mạng riêng")
    entry = next(e for e in assessments.list_assessments(ws, ADMIN, system_id="STP-QLVB"))
    assert entry.assessment.id == aid
    assert entry.answered == 2 and entry.counts["pass"] == 1 and entry.counts["not_applicable"] == 1
    assert entry.coverage == pytest.approx(1 / (entry.controls - 1))
    assert assessments.list_assessments(ws, ADMIN, status="finalized") == []


def test_answer_control_checks_the_answer_saves_it_and_says_whether_it_changed(province: Province) -> None:
    ws, aid = province.ws, province.stp_assessment
    with pytest.raises(InputError, match="cần nêu lý do"):
        assessments.answer_control(ws, STP_OFFICER, aid, "MANG-02", "not_applicable", justification="  ")
    assert assessments.answer_control(ws, STP_OFFICER, aid, "QLRR-02", "partial", note="Mới có\r\nmột phần")
    assert not assessments.answer_control(ws, STP_OFFICER, aid, "QLRR-02", "partial", note="Mới có\nmột phần")
    row = next(r for r in assessments.show(ws, ADMIN, aid).results if r.control_id == "QLRR-02")
    assert (row.result, row.note, row.answered_by) == ("partial", "Mới có\nmột phần", "dau-moi-stp")
    sheet = assessments.open_for_answering(ws, STP_OFFICER, aid)
    assert [r.control_id for r in sheet.results if not r.answered] == \
        [r.control_id for r in sheet.results if r.control_id != "QLRR-02"]


def test_a_finalized_assessment_takes_no_answer_nor_evidence(province: Province, tmp_path: Path) -> None:
    ws, aid = province.ws, province.syt_assessment
    assessments.finalize(ws, ADMIN, aid, allow_incomplete=True)
    for call in (lambda: assessments.answer_control(ws, ADMIN, aid, "QLRR-01", "pass"),
                 lambda: assessments.open_for_answering(ws, ADMIN, aid),
                 lambda: assessments.attach_evidence(ws, ADMIN, aid, "QLRR-01", Path(__file__))):
        with pytest.raises(InputError, match="đã chốt"):
            call()


def test_import_answers_tells_notices_at_once_and_a_dry_run_writes_nothing(province: Province, tmp_path: Path) -> None:
    ws, aid = province.ws, province.stp_assessment
    (tmp_path / "qd.pdf").write_bytes(b"%PDF-1.4 quy trinh")
    f = tmp_path / "tra-loi.xlsx"  # YAML under a workbook's name: read as what it is, with a notice
    f.write_text("answers:\n  QLRR-01: {result: Đạt, evidence: [qd.pdf]}\n  QLRR-02: {note: Đang soạn}\n",
                 encoding="utf-8")
    heard: list[str] = []
    dry = assessments.import_answers(ws, ADMIN, aid, f, dry_run=True, on_notice=heard.append)
    assert dry.dry_run and dry.summary is None and dry.answers == 2
    assert len(heard) == 1 and "tra-loi.xlsx thực ra là" in heard[0]
    assert assessments.show(ws, ADMIN, aid).progress.answered == 0
    done = assessments.import_answers(ws, ADMIN, aid, f)
    assert done.summary is not None
    assert (done.summary.changed, done.summary.evidence_added, done.summary.notes_without_result) == \
        (["QLRR-01", "QLRR-02"], 1, ["QLRR-02"])
    assert [(a.control_id, a.original_name) for a in assessments.show(ws, ADMIN, aid).attachments
            if a.source != "scan"] == [("QLRR-01", "qd.pdf")]


def test_attach_evidence_matches_the_control_in_any_case_and_stores_once(province: Province, tmp_path: Path) -> None:
    ws, aid = province.ws, province.stp_assessment
    f = tmp_path / "bien-ban.txt"
    f.write_text("biên bản", encoding="utf-8")
    first = assessments.attach_evidence(ws, STP_OFFICER, aid, "qlrr-01", f, note="Bản ký")
    assert first.new and first.control_id == "QLRR-01" and first.name == "bien-ban.txt"
    assert first.blob.size == len("biên bản".encode())
    again = assessments.attach_evidence(ws, STP_OFFICER, aid, "QLRR-01", f)
    assert not again.new and again.attachment_id == first.attachment_id
    with pytest.raises(InputError, match="không thuộc đợt đánh giá"):
        assessments.attach_evidence(ws, STP_OFFICER, aid, "QLRR-09", f)


def test_score_compares_with_the_previous_finalized_assessment(province: Province) -> None:
    ws, first = province.ws, province.stp_assessment
    for control in ("QLRR-01", "QLRR-02"):
        assessments.answer_control(ws, ADMIN, first, control, "pass")
    assessments.finalize(ws, ADMIN, first, allow_incomplete=True)
    second = assessments.start(ws, ADMIN, "STP-QLVB").assessment.id
    alone = assessments.score(ws, STP_OFFICER, second)
    assert alone.previous is None and alone.comparison is None
    assert alone.below(0.1) and not alone.below(0)
    compared = assessments.score(ws, STP_OFFICER, second, compare_previous=True)
    assert compared.previous is not None and compared.previous.id == first
    assert compared.comparison is not None and compared.comparison.to_dict()["score_delta"] < 0
    with pytest.raises(InputError, match="chính nó"):
        assessments.score(ws, ADMIN, second, compare_with=second)
