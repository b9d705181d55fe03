"""What an assessment resolved to is stored once and kept: assessments that resolved to the same
content share it, and a later edition of the catalog changes neither an old assessment nor its
report (issue #19)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from secassess.assessment.service import load_assessment, load_results
from secassess.store.schema.assessment import profile_snapshots, resolved_controls
from secassess.workspace import Workspace
from tests.assessment.conftest import add_system, start
from tests.conftest import run
from tests.reporting.conftest import pdf_text

pytestmark = pytest.mark.usefixtures("engine")  # SQLite and PostgreSQL

NOW = "2026-10-20T09:00:00+07:00"
ANSWERS = """\
answers:
  QLRR-01: {result: pass, note: "Quy trình ban hành 01/03/2025"}
  QLRR-02: {result: partial, note: "Mới lưu 1 tháng"}
  MANG-01: {result: fail}
  MANG-02: {result: not_applicable, justification: "Không có mạng không dây"}
"""


def _counts(ws_dir: Path) -> tuple[int, int]:
    ws = Workspace.open(ws_dir)
    with ws.read() as conn:
        n = (conn.execute(select(func.count()).select_from(resolved_controls)).scalar_one(),
             conn.execute(select(func.count()).select_from(profile_snapshots)).scalar_one())
    ws.close()
    return n


def _reports(ws_dir: Path, aid: int, out: Path) -> tuple[str, str]:
    """The JSON report and the PDF's text of an assessment, as the commands write them."""
    texts = []
    for fmt in ("json", "pdf"):
        target = out / f"a{aid}.{fmt}"
        r = run("-w", str(ws_dir), "report", "system", str(aid), "--format", fmt, "-o", str(target))
        assert r.exit_code == 0, r.output
        texts.append(target.read_text(encoding="utf-8") if fmt == "json" else pdf_text(target))
    return texts[0], texts[1]


def test_a_catalog_edition_changes_neither_old_assessments_nor_their_reports(
        mini_builtin_ws: Path, mini_builtin: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECASSESS_NOW", NOW)
    ws = mini_builtin_ws
    add_system(ws, "STP-QLVB")
    add_system(ws, "STP-HCC")
    old = start(ws, "STP-QLVB")
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    assert run("-w", str(ws), "assess", "answer", str(old), "--file", str(answers)).exit_code == 0
    assert run("-w", str(ws), "assess", "finalize", str(old), "--yes").exit_code == 0
    before = _reports(ws, old, tmp_path)
    assert "Quy trình quản lý rủi ro" in before[1] and "Bộ tiêu chí thử nghiệm" in before[1]
    assert _counts(ws) == (4, 1)  # four controls, one snapshot
    same = start(ws, "STP-HCC")  # the same profile and level: nothing new is stored
    assert _counts(ws) == (4, 1)

    # a new edition of the catalog: a control, the catalog's title and a parameter's title reworded
    catalog = mini_builtin / "checklists" / "mini-2025"
    edits = {catalog / "catalog.yaml": [('version: "1.0"', 'version: "1.1"'),
                                        ("Bộ tiêu chí thử nghiệm", "Bộ tiêu chí thử nghiệm (bản sửa đổi)"),
                                        ("Thời gian lưu nhật ký", "Thời hạn lưu giữ nhật ký")],
             catalog / "domains" / "QLRR.yaml": [("{vi: Quy trình quản lý rủi ro,", "{vi: Quy chế quản lý rủi ro,")]}
    for path, pairs in edits.items():
        text = path.read_text(encoding="utf-8")
        for a, b in pairs:
            assert a in text
            text = text.replace(a, b)
        path.write_text(text, encoding="utf-8")
    new = start(ws, "STP-HCC", "--profile", "level-3")
    assert _counts(ws) == (5, 2)  # only the reworded control and the new snapshot are added

    assert _reports(ws, old, tmp_path) == before  # the old report, byte for byte and word for word
    w = Workspace.open(ws)
    with w.read() as conn:
        titles = {aid: load_results(conn, aid)[0].control["title"]["vi"] for aid in (old, same, new)}
        versions = {aid: load_assessment(conn, aid).catalog_version for aid in (old, same, new)}
        new_snapshot = load_assessment(conn, new).snapshot
    w.close()
    assert titles == {old: "Quy trình quản lý rủi ro", same: "Quy trình quản lý rủi ro", new: "Quy chế quản lý rủi ro"}
    assert versions == {old: "1.0", same: "1.0", new: "1.1"}
    assert new_snapshot["catalog_title"]["vi"] == "Bộ tiêu chí thử nghiệm (bản sửa đổi)"
    assert new_snapshot["parameter_meta"]["log_retention_months"]["title"]["vi"] == "Thời hạn lưu giữ nhật ký"
    _, new_pdf = _reports(ws, new, tmp_path)
    assert "Quy chế quản lý rủi ro" in new_pdf and "Thời hạn lưu giữ nhật ký" in new_pdf


def test_the_snapshot_keeps_what_reports_label_with(mini_builtin_ws: Path) -> None:
    add_system(mini_builtin_ws)
    aid = start(mini_builtin_ws)
    ws = Workspace.open(mini_builtin_ws)
    with ws.read() as conn:
        snap = load_assessment(conn, aid).snapshot
    ws.close()
    assert snap["catalog_title"] == {"vi": "Bộ tiêu chí thử nghiệm", "en": "Test catalog"}
    assert snap["parameter_meta"] == {
        "log_retention_months": {"title": {"vi": "Thời gian lưu nhật ký", "en": "Log retention"},
                                 "unit": {"vi": "tháng", "en": "months"}},
        "scan_interval_months": {"title": {"vi": "Chu kỳ rà quét", "en": "Scan interval"},
                                 "unit": {"vi": "tháng", "en": "months"}}}
    assert snap["data_tables"] == {} and "controls" not in snap  # no scan rule of level 3 reads a table
