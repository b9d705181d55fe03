"""Every answer has a version (the optimistic lock of the web's questionnaire): any change of an answer
adds one — from the web (save_answer_at), an answers file or the prompt — so an answer saved from an
older version is refused, never silently written over a newer one."""

from __future__ import annotations

from pathlib import Path

import pytest

from secassess.assessment.service import AnswerConflict, save_answer_at, stored_answer
from secassess.workspace import Workspace
from tests.assessment.conftest import Started, answer


def version(s: Started, cid: str) -> int:
    ws = Workspace.open(s.ws)
    with ws.read() as conn:
        v = stored_answer(conn, s.id, cid).version
    ws.close()
    return v


def test_an_answers_file_moves_the_versions_of_what_it_changes(started: Started, tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    f.write_text("answers:\n  QLRR-01: {result: pass}\n", encoding="utf-8")
    assert answer(started, f).exit_code == 0
    assert version(started, "QLRR-01") == 2 and version(started, "QLRR-02") == 1
    assert answer(started, f).exit_code == 0  # the same again: nothing changes, the version neither
    assert version(started, "QLRR-01") == 2


def test_a_save_from_an_older_version_is_refused(started: Started, tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    f.write_text("answers:\n  QLRR-01: {result: fail, note: từ tệp Excel}\n", encoding="utf-8")
    answer(started, f)  # someone imported a file meanwhile (version 1 -> 2)
    ws = Workspace.open(started.ws)
    try:
        with pytest.raises(AnswerConflict) as exc, ws.write() as conn:
            save_answer_at(conn, started.id, "QLRR-01", "pass", "", "", "web", version=1)
        assert exc.value.current.result == "fail" and exc.value.current.note == "từ tệp Excel"
        assert exc.value.current.version == 2 and "CHƯA được lưu" in str(exc.value)
        with ws.write() as conn:
            same, changed = save_answer_at(conn, started.id, "QLRR-01", "fail", "từ tệp Excel", "", "web", version=1)
        assert not changed and same.version == 2  # the answer already stored: no conflict, nothing written
        with ws.write() as conn:
            saved, changed = save_answer_at(conn, started.id, "QLRR-01", "pass", "", "", "web", version=2)
        assert changed and saved.version == 3 and saved.answered_by == "web"
    finally:
        ws.close()


def test_review_steps_follow_their_order() -> None:
    from secassess.assessment.review import check_step, state_after, unit_may_answer
    from secassess.errors import InputError

    check_step("submitted", "with_unit")
    check_step("submitted", "returned")
    check_step("accepted", "submitted")
    check_step("returned", "accepted")
    for action, state in (("submitted", "submitted"), ("accepted", "with_unit"), ("accepted", "accepted"),
                          ("returned", "with_unit"), ("submitted", "accepted")):
        with pytest.raises(InputError):
            check_step(action, state)  # type: ignore[arg-type]
    assert state_after(None) == "with_unit" and state_after("returned") == "returned"
    assert unit_may_answer("returned") and not unit_may_answer("submitted") and not unit_may_answer("accepted")
