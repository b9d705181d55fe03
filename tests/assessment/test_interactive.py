"""Answering at the prompt through click's test runner: one key per answer, saved as you go,
quit and resume."""

from __future__ import annotations

from tests.assessment.conftest import Started, results


def interactive(s: Started, keys: str, *extra: str) -> object:
    return s.cli("assess", "answer", str(s.id), "--interactive", *extra, input=keys)


def test_one_key_answers_shows_question_and_saves(started: Started) -> None:
    # QLRR-01: d; QLRR-02: m + note; MANG-01: k + empty note; MANG-02: n + justification
    r = interactive(started, "dmMới lưu 1 tháng\nk\nnKhông có mạng không dây\n")
    assert r.exit_code == 0, r.output
    out = r.output
    assert "[1/4] QLRR-01 — Quy trình quản lý rủi ro" in out
    assert "Đơn vị đã ban hành quy trình chưa?" in out and "Kiểm tra văn bản ban hành." in out
    assert "Quyết định ban hành" in out and "bắt buộc" in out
    assert out.count("✓ Đã lưu") == 4
    assert "còn 0 yêu cầu chưa trả lời" in out
    res = results(started)
    assert {k: v["result"] for k, v in res.items()} == {"QLRR-01": "pass", "QLRR-02": "partial", "MANG-01": "fail",
                                                        "MANG-02": "not_applicable"}
    assert res["QLRR-02"]["note"] == "Mới lưu 1 tháng"
    assert res["MANG-02"]["justification"] == "Không có mạng không dây"
    assert res["QLRR-01"]["answered_by"] == "tester"


def test_quit_and_resume_where_left(started: Started) -> None:
    r = interactive(started, "bdq")  # skip QLRR-01, answer QLRR-02, quit at MANG-01
    assert r.exit_code == 0, r.output
    assert "Đã lưu 1 câu trả lời trong lần này; còn 3 yêu cầu chưa trả lời. Chạy lại lệnh để tiếp tục." in r.output
    assert results(started)["QLRR-02"]["result"] == "pass"
    r = interactive(started, "kq")  # resumes at the first unanswered: QLRR-01 (it was skipped)
    assert "[1/3] QLRR-01" in r.output
    assert results(started)["QLRR-01"]["result"] == "fail"
    r = interactive(started, "dd")
    assert "[1/2] MANG-01" in r.output and "còn 0 yêu cầu" in r.output
    r = interactive(started, "")
    assert r.exit_code == 0 and "đã có câu trả lời" in r.output


def test_ctrl_c_and_end_of_input_keep_what_was_saved(started: Started) -> None:
    r = interactive(started, "d\x03")
    assert r.exit_code == 130
    assert "Đã lưu 1 câu trả lời" in r.output and "Traceback" not in r.output
    r = interactive(started, "d")  # input ends (Ctrl-D) after one answer
    assert r.exit_code == 0 and "Đã lưu 1 câu trả lời" in r.output
    r = interactive(started, "n")  # input ends while the justification is asked: nothing half-saved
    assert "Đã lưu 0 câu trả lời" in r.output
    res = results(started)
    assert [res[c]["result"] for c in ("QLRR-01", "QLRR-02", "MANG-01", "MANG-02")] == \
        ["pass", "pass", "not_assessed", "not_assessed"]


def test_not_applicable_insists_on_a_reason_and_unknown_keys_show_help(started: Started) -> None:
    r = interactive(started, "x?n\n\nLý do\nq")
    assert r.exit_code == 0, r.output
    assert r.output.count("d = Đạt · m = Đạt một phần") >= 3  # at start, for x and for ?
    assert r.output.count("Lý do không áp dụng (bắt buộc)") == 3
    assert results(started)["QLRR-01"]["justification"] == "Lý do"


def test_note_first_then_pass_and_review_all(started: Started) -> None:
    r = interactive(started, "gQĐ số 5\nd" + "q")
    assert r.exit_code == 0
    assert results(started)["QLRR-01"]["note"] == "QĐ số 5"
    r = interactive(started, "k\nq", "--all")  # review: starts at QLRR-01 again, shows the current answer
    assert "[1/4] QLRR-01" in r.output and "Hiện tại: Đạt — QĐ số 5" in r.output
    res = results(started)["QLRR-01"]
    assert res["result"] == "fail" and res["note"] == "QĐ số 5"  # Enter keeps the note offered as default


def test_english_prompts(started: Started) -> None:
    r = started.cli("--lang", "en", "assess", "answer", str(started.id), "-i", input="dq")
    assert "Question:" in r.output and "Has the unit issued the procedure?" in r.output
    assert "✓ Saved: Pass" in r.output
