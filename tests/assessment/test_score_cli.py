"""``assess score``: the pure model fed from stored results, gates and comparisons."""

from __future__ import annotations

import json
from pathlib import Path

from secassess.assessment.score import control_inputs, score_rows
from secassess.assessment.service import load_assessment, load_results
from secassess.workspace import Workspace
from tests.assessment.conftest import Started, add_system, start


def answers(s: Started, tmp_path: Path, text: str, aid: int | None = None) -> None:
    f = tmp_path / "a.yaml"
    f.write_text("answers:\n" + text, encoding="utf-8")
    r = s.cli("assess", "answer", str(aid or s.id), "--file", str(f))
    assert r.exit_code == 0, r.output


def test_inputs_come_from_the_stored_rows(started: Started, tmp_path: Path) -> None:
    answers(started, tmp_path, "  QLRR-01: pass\n  MANG-02: {result: n/a, justification: Không có}\n")
    ws = Workspace.open(started.ws)
    with ws.read() as conn:
        a = load_assessment(conn, started.id)
        rows = load_results(conn, started.id)
    ws.close()
    inputs = control_inputs(rows)
    assert [(c.control_id, c.domain, c.weight, c.mandatory, c.declared) for c in inputs] == [
        ("QLRR-01", "QLRR", 3, True, "pass"), ("QLRR-02", "QLRR", 2, False, "not_assessed"),
        ("MANG-01", "MANG", 5, True, "not_assessed"), ("MANG-02", "MANG", 1, False, "not_applicable")]
    assert inputs[3].justification == "Không có"
    report = score_rows(a, rows)
    assert report.score == 30.0  # 100 * 3 / (3 + 2 + 5)
    assert [d.domain for d in report.domains] == ["QLRR", "MANG"]


def test_score_json_has_the_documented_top_level_fields(started: Started, tmp_path: Path) -> None:
    answers(started, tmp_path, "  QLRR-01: pass\n  QLRR-02: partial\n  MANG-01: pass\n  MANG-02: fail\n")
    r = started.cli("assess", "score", str(started.id), "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["score"] == 100 * (3 + 1 + 5) / 11 and data["coverage"] == 1.0
    assert data["rating"] == "partial" and data["assessment_id"] == started.id
    assert [(d["domain"], round(d["score"], 1)) for d in data["domains"]] == [("QLRR", 80.0), ("MANG", 83.3)]
    text = started.cli("assess", "score", str(started.id)).output
    assert "81,8" in text and "Đạt một phần" in text and "Quản lý rủi ro" in text


def test_fail_under_exits_1(started: Started, tmp_path: Path) -> None:
    answers(started, tmp_path, "  QLRR-01: pass\n")
    r = started.cli("assess", "score", str(started.id), "--fail-under", "50")
    assert r.exit_code == 1 and "thấp hơn ngưỡng 50" in r.output
    assert started.cli("assess", "score", str(started.id), "--fail-under", "27").exit_code == 0


def test_technical_fail_wins_over_a_declared_pass(started: Started, tmp_path: Path) -> None:
    answers(started, tmp_path, "  QLRR-01: pass\n  QLRR-02: pass\n  MANG-01: pass\n  MANG-02: pass\n")
    from sqlalchemy import text

    from secassess.workspace import Workspace

    ws = Workspace.open(started.ws)
    with ws.write() as conn:
        conn.execute(text("UPDATE results SET technical_result='fail' WHERE control_id='MANG-02'"))
    ws.close()
    data = json.loads(started.cli("assess", "score", str(started.id), "--json").output)
    assert data["score"] == 100 * 10 / 11
    assert [c["control_id"] for c in data["conflicts"]] == ["MANG-02"]


def test_compare_with_finalized_assessments_of_the_same_system_only(started: Started, tmp_path: Path) -> None:
    answers(started, tmp_path, "  QLRR-01: fail\n  MANG-01: pass\n")
    first = started.id
    r = started.cli("assess", "score", str(first), "--compare-previous")
    assert r.exit_code == 2 and "chưa có đợt đánh giá nào đã chốt" in r.output
    assert started.cli("assess", "finalize", str(first), "--yes").exit_code == 0
    second = start(started.ws)
    answers(started, tmp_path, "  QLRR-01: pass\n  MANG-01: pass\n", aid=second)
    r = started.cli("assess", "score", str(second), "--compare-previous", "--json")
    assert r.exit_code == 0, r.output
    cmp = json.loads(r.output)["comparison"]
    assert cmp["previous_assessment_id"] == first
    assert [c["control_id"] for c in cmp["improved"]] == ["QLRR-01"] and cmp["score_delta"] > 0
    r = started.cli("assess", "score", str(second), "--compare-with", str(first))
    assert r.exit_code == 0 and "So sánh với đợt đánh giá trước" in r.output and "QLRR-01" in r.output
    third = start(started.ws)
    r = started.cli("assess", "score", str(second), "--compare-with", str(third))
    assert r.exit_code == 2 and "chưa chốt" in r.output
    add_system(started.ws, "SYT-HSSK", 3)
    other = start(started.ws, "SYT-HSSK")
    r = started.cli("assess", "score", str(other), "--compare-with", str(first))
    assert r.exit_code == 2 and "STP-QLVB" in r.output
    r = started.cli("assess", "score", str(second), "--compare-with", str(first), "--compare-previous")
    assert r.exit_code == 2
