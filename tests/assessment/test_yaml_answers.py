"""YAML questionnaires and answers files: export, fill, import; every problem named with its place."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from tests.assessment.conftest import (
    Started,
    add_system,
    answer,
    assert_import_changes_nothing,
    results,
    start,
)

pytestmark = pytest.mark.usefixtures("engine")  # SQLite and PostgreSQL


def test_export_lists_exactly_the_applicable_controls_by_domain_with_texts(started: Started, tmp_path: Path) -> None:
    out = tmp_path / "q.yaml"
    r = started.cli("assess", "questionnaire", str(started.id), "--format", "yaml", "-o", str(out))
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["assessment"] == started.id and data["system"] == "STP-QLVB" and data["catalog"] == "mini-2025"
    assert list(data["answers"]) == ["QLRR-01", "QLRR-02", "MANG-01", "MANG-02"]
    assert "MANG-03" not in text and "VLY-01" not in text
    assert text.index("═══ QLRR — Quản lý rủi ro") < text.index("QLRR-01:") < text.index("═══ MANG")
    assert "# Câu hỏi: Đơn vị đã ban hành quy trình chưa?" in text
    assert "# Hướng dẫn: Kiểm tra văn bản ban hành." in text
    assert "# Bằng chứng điển hình: Quyết định ban hành" in text
    assert "Lưu nhật ký 3 tháng" in text  # parameters rendered at the assessment's level
    out_en = tmp_path / "q-en.yaml"
    assert started.cli("assess", "questionnaire", str(started.id), "-o", str(out_en), "--lang", "en").exit_code == 0
    assert "# Question: Has the unit issued the procedure?" in out_en.read_text(encoding="utf-8")


def test_round_trip_fill_import_export(started: Started, tmp_path: Path) -> None:
    out = tmp_path / "q.yaml"
    started.cli("assess", "questionnaire", str(started.id), "-o", str(out))
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "qt-qlrr.pdf").write_bytes(b"%PDF-1.4 quy trinh")
    text = out.read_text(encoding="utf-8")
    text = text.replace('QLRR-01:\n    result: ""\n    note: ""',
                        'QLRR-01:\n    result: "dat"\n    note: "Quy trình ban hành ngày 01/03/2025"', 1)
    text = text.replace('QLRR-01:\n    result: "dat"\n    note: "Quy trình ban hành ngày 01/03/2025"\n'
                        '    justification: ""\n    evidence: []',
                        'QLRR-01:\n    result: "dat"\n    note: "Quy trình ban hành ngày 01/03/2025"\n'
                        '    justification: ""\n    evidence: [docs/qt-qlrr.pdf]')
    text = text.replace('MANG-02:\n    result: ""\n    note: ""\n    justification: ""',
                        'MANG-02:\n    result: "KHONG AP DUNG"\n    note: ""\n    justification: "Không có mạng không dây"')
    text = text.replace('MANG-01:\n    result: ""', 'MANG-01:\n    result: "Một phần"')
    out.write_text(text, encoding="utf-8")
    r = answer(started, out)
    assert r.exit_code == 0, r.output
    assert "Đã cập nhật 3 yêu cầu" in r.output and "thêm 1 tệp bằng chứng" in r.output
    res = results(started)
    assert res["QLRR-01"]["result"] == "pass" and res["QLRR-01"]["note"] == "Quy trình ban hành ngày 01/03/2025"
    assert res["QLRR-01"]["answered_by"] == "tester"
    assert res["MANG-01"]["result"] == "partial"
    assert res["MANG-02"]["result"] == "not_applicable"
    assert res["MANG-02"]["justification"] == "Không có mạng không dây"
    assert res["QLRR-02"]["result"] == "not_assessed" and res["QLRR-02"]["answered_by"] is None
    # export again: the answers come back, and importing the new export changes nothing
    out2 = tmp_path / "q2.yaml"
    started.cli("assess", "questionnaire", str(started.id), "-o", str(out2))
    data = yaml.safe_load(out2.read_text(encoding="utf-8"))["answers"]
    assert data["QLRR-01"] == {"result": "Đạt", "note": "Quy trình ban hành ngày 01/03/2025", "justification": "",
                               "evidence": []}
    assert data["MANG-01"]["result"] == "Đạt một phần"
    assert "# Bằng chứng đã nộp: docs/qt-qlrr.pdf" in out2.read_text(encoding="utf-8")
    assert_import_changes_nothing(started, out2)
    # the first file again: the same evidence is not attached twice, nothing changes
    r = answer(started, out)
    assert "Không có gì thay đổi" in r.output


def test_untouched_export_imports_as_no_change(started: Started, tmp_path: Path) -> None:
    out = tmp_path / "q.yaml"
    started.cli("assess", "questionnaire", str(started.id), "-o", str(out))
    assert_import_changes_nothing(started, out)


def test_hand_written_short_form_of_the_product_brief(started: Started, tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "qt-qlrr.pdf").write_bytes(b"x")
    f = tmp_path / "answers.yaml"
    f.write_text("""\
answers:
  QLRR-01: {result: pass, note: "Quy trình ban hành ngày 01/03/2025", evidence: [docs/qt-qlrr.pdf]}
  qlrr-02: {result: partial, note: "MFA mới có cho VPN"}
  MANG-02: {result: not_applicable, justification: "Không có mạng không dây"}
  MANG-01: Không đạt
""", encoding="utf-8")
    r = answer(started, f)
    assert r.exit_code == 0, r.output
    assert {k: v["result"] for k, v in results(started).items()} == {
        "QLRR-01": "pass", "QLRR-02": "partial", "MANG-01": "fail", "MANG-02": "not_applicable"}


def test_note_without_result_keeps_the_result(started: Started, tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    f.write_text("answers:\n  QLRR-01: {result: Đạt, note: cũ}\n", encoding="utf-8")
    answer(started, f)
    f.write_text("answers:\n  QLRR-01: {note: mới}\n", encoding="utf-8")
    r = answer(started, f)
    assert r.exit_code == 0 and "chưa chọn kết quả: QLRR-01" in r.output
    res = results(started)["QLRR-01"]
    assert res["result"] == "pass" and res["note"] == "mới"


BAD = """\
assessment: {aid}
answers:
  QLRR-01: {{result: đạt lắm}}
  MANG-02: {{result: Không áp dụng}}
  ZZZ-99: {{result: pass}}
  MANG-03: {{result: pass}}
  QLRR-02: {{result: pass, colour: red}}
  MANG-01: {{result: pass, evidence: [../secret.txt]}}
"""


def test_every_problem_is_reported_with_its_line_and_nothing_is_written(started: Started, tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(BAD.format(aid=started.id), encoding="utf-8")
    before = started.db()
    r = answer(started, f)
    assert r.exit_code == 2
    out = r.output
    assert f"{f}:dòng 3: QLRR-01: không hiểu kết quả “đạt lắm”" in out
    assert f"{f}:dòng 4: MANG-02: “Không áp dụng” cần nêu lý do" in out
    assert f"{f}:dòng 5: ZZZ-99: mã yêu cầu không có trong bộ tiêu chí mini-2025" in out
    assert f"{f}:dòng 6: MANG-03: yêu cầu này không thuộc đợt đánh giá số {started.id}" in out
    assert f"{f}:dòng 7: QLRR-02: trường “colour” không được phép" in out
    assert f"{f}:dòng 8: MANG-01: “..” không được phép" in out
    assert "Traceback" not in out
    assert started.db() == before
    assert all(v["result"] == "not_assessed" for v in results(started).values())


def test_duplicates_are_reported(started: Started, tmp_path: Path) -> None:
    f = tmp_path / "dup.yaml"
    f.write_text("answers:\n  QLRR-01: pass\n  qlrr-01: fail\n", encoding="utf-8")
    r = answer(started, f)
    assert r.exit_code == 2 and f"{f}:dòng 3: QLRR-01: yêu cầu xuất hiện hai lần (lần đầu ở dòng 2)" in r.output
    f.write_text("answers:\n  QLRR-01: pass\n  QLRR-01: fail\n", encoding="utf-8")
    r = answer(started, f)
    assert r.exit_code == 2 and "dòng 3" in r.output and "bị lặp" in r.output


def test_file_from_another_assessment_or_system_is_refused(started: Started, tmp_path: Path) -> None:
    add_system(started.ws, "SYT-HSSK", 3)
    other = start(started.ws, "SYT-HSSK")
    out = tmp_path / "other.yaml"
    started.cli("assess", "questionnaire", str(other), "-o", str(out))
    out.write_text(out.read_text(encoding="utf-8").replace('QLRR-01:\n    result: ""', 'QLRR-01:\n    result: "Đạt"'),
                   encoding="utf-8")
    before = started.db()
    r = answer(started, out)
    assert r.exit_code == 2
    assert f"tệp này thuộc đợt đánh giá số {other}, không phải số {started.id}" in r.output
    assert "tệp này của hệ thống “SYT-HSSK”, không phải “STP-QLVB”" in r.output
    assert f"{out}:dòng" in r.output
    assert started.db() == before


def test_unknown_top_level_keys_and_shapes(started: Started, tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    for text, needle in [("answer:\n  QLRR-01: pass\n", "answers:"),
                         ("answers: [QLRR-01]\n", "ánh xạ"),
                         ("answers:\n  QLRR-01: {result: pass, evidence: {a: b}}\n", "danh sách tên tệp"),
                         ("answers:\n  QLRR-01: [pass]\n", "ánh xạ"),
                         ("format: other/2\nanswers: {}\n", "other/2"),
                         ("answers:\n  QLRR-01: {result: pass\n", "YAML không hợp lệ"),
                         ("answers:\n  QLRR-01: yes\n", "“true”")]:
        f.write_text(text, encoding="utf-8")
        r = answer(started, f)
        assert r.exit_code == 2 and needle in r.output, (text, r.output)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text("mật", encoding="utf-8")
    return secret


def test_evidence_paths_must_stay_inside_the_answers_folder(started: Started, tmp_path: Path, outside: Path) -> None:
    unit_dir = tmp_path / "unit"
    (unit_dir / "docs").mkdir(parents=True)
    (unit_dir / "docs" / "ok.pdf").write_bytes(b"ok")
    os.symlink(outside, unit_dir / "docs" / "link-out.txt")
    os.symlink(unit_dir / "docs" / "ok.pdf", unit_dir / "link-in.pdf")
    os.symlink(tmp_path, unit_dir / "up")
    (unit_dir / "folder").mkdir()
    f = unit_dir / "answers.yaml"
    f.write_text(f"""\
answers:
  QLRR-01: {{result: pass, evidence: ["{outside}"]}}
  QLRR-02: {{result: pass, evidence: [docs/link-out.txt]}}
  MANG-01: {{result: pass, evidence: ["..\\\\secret.txt", "C:\\\\Windows\\\\win.ini"]}}
  MANG-02: {{result: pass, evidence: [up/secret.txt, missing.pdf, folder]}}
""", encoding="utf-8")
    before = started.db()
    r = answer(started, f)
    assert r.exit_code == 2
    out = r.output
    assert f"{f}:dòng 2: QLRR-01: đường dẫn tuyệt đối không được phép" in out
    assert f"{f}:dòng 3: QLRR-02: “docs/link-out.txt” là liên kết trỏ ra ngoài" in out
    assert f"{f}:dòng 4: MANG-01: “..” không được phép" in out
    assert f"{f}:dòng 4: MANG-01: đường dẫn tuyệt đối" in out
    assert f"{f}:dòng 5: MANG-02: “up/secret.txt” là liên kết trỏ ra ngoài" in out
    assert "không tìm thấy tệp bằng chứng “missing.pdf”" in out
    assert "“folder” không phải tệp thông thường" in out
    assert started.db() == before
    assert not any((started.ws / "evidence").iterdir())
    # links that stay inside, and Windows separators, are fine
    f.write_text("answers:\n  QLRR-01: {result: pass, evidence: [link-in.pdf, 'docs\\\\ok.pdf']}\n", encoding="utf-8")
    r = answer(started, f)
    assert r.exit_code == 0, r.output
    assert "thêm 2 tệp bằng chứng" in r.output
    blobs = [p for p in (started.ws / "evidence").rglob("*") if p.is_file()]
    assert len(blobs) == 1  # the same content is stored once


def test_oversized_evidence_in_answers_is_refused(started: Started, tmp_path: Path) -> None:
    cfg = started.ws / "secassess.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("evidence_max_mb: 50", "evidence_max_mb: 1"),
                   encoding="utf-8")
    (tmp_path / "big.bin").write_bytes(b"\0" * (1024 * 1024 + 1))
    f = tmp_path / "a.yaml"
    f.write_text("answers:\n  QLRR-01: {result: pass, evidence: [big.bin]}\n", encoding="utf-8")
    before = started.db()
    r = answer(started, f)
    assert r.exit_code == 2 and "“big.bin” quá lớn" in r.output and "giới hạn 1 MB" in r.output
    assert started.db() == before


def test_dry_run_and_json(started: Started, tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    f.write_text("answers:\n  QLRR-01: pass\n", encoding="utf-8")
    before = started.db()
    r = answer(started, f, "--dry-run")
    assert r.exit_code == 0 and "Chạy thử" in r.output
    assert started.db() == before
    r = answer(started, f, "--json")
    assert json.loads(r.output)["changed"] == ["QLRR-01"]


def test_answer_needs_exactly_one_source(started: Started, tmp_path: Path) -> None:
    assert started.cli("assess", "answer", str(started.id)).exit_code == 2
    f = tmp_path / "a.yaml"
    f.write_text("answers: {}\n", encoding="utf-8")
    assert started.cli("assess", "answer", str(started.id), "--file", str(f), "--interactive").exit_code == 2
    assert started.cli("assess", "answer", str(started.id), "--file", str(tmp_path / "none.yaml")).exit_code == 2
