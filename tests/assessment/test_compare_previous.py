"""``assess score --compare-previous`` and the report compare with the same assessment: the latest
finalized before it by finalization time, even when ids were given in another order."""

from __future__ import annotations

import json
from pathlib import Path

from tests.assessment.conftest import add_system, start
from tests.conftest import run


def _finalize(ws: Path, aid: int, when: str) -> None:
    r = run("-w", str(ws), "assess", "finalize", str(aid), "--allow-incomplete", "--yes",
            env={"SECASSESS_NOW": when})
    assert r.exit_code == 0, r.output


def test_the_score_and_the_report_compare_with_the_same_previous_assessment(mini_builtin_ws: Path,
                                                                              tmp_path: Path) -> None:
    ws = mini_builtin_ws
    add_system(ws)
    first, second = start(ws), start(ws)
    _finalize(ws, second, "2026-09-01T09:00:00+07:00")  # the higher id finalized first …
    _finalize(ws, first, "2026-10-01T09:00:00+07:00")  # … the lower id is the latest finalized
    third = start(ws)
    r = run("-w", str(ws), "assess", "score", str(third), "--compare-previous", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["comparison"]["previous_assessment_id"] == first  # not second, the higher id
    out = tmp_path / "r.json"
    assert run("-w", str(ws), "report", "system", str(third), "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["change"]["previous_assessment_id"] == first
