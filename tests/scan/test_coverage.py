"""Coverage end to end with the real nmap: a scan of one of two authorised targets passes nothing
for the system; ``scan show``, ``assess score`` and the reports name the target left out; a scan
of the other one completes it; evidence too old stops counting at finalization."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run
from tests.scan.conftest import Maker, db_rows, needs_nmap
from tests.scan.toolfiles import OPENVAS

pytestmark = [needs_nmap, pytest.mark.nmap]

EXPOSURE = ("MANG-01", "MANG-05")  # forbidden cleartext services, declared ports only
PORTS = "21,23"  # nothing listens there on a test machine: each scanned target passes


def tech(ws: Path, aid: int) -> dict[str, tuple[str | None, dict | None]]:
    return {c: (t, json.loads(d) if d else None) for c, t, d in db_rows(
        ws, "SELECT control_id, technical_result, technical_detail FROM results WHERE assessment_id = ?", aid)}


def test_scan_of_one_of_two_targets_leaves_the_exposure_controls_undecided_and_names_the_other(
        scan_ws: Path, make_assessment: Maker, tmp_path: Path) -> None:
    aid = make_assessment(["127.0.0.1", "127.0.0.2"], answers={"MANG-01": "pass"})
    r = run("-w", str(scan_ws), "scan", "run", str(aid), "--profile", "quick", "--target", "127.0.0.1",
            "--ports", PORTS)
    assert r.exit_code == 0, r.output
    outcomes = dict(db_rows(scan_ws, "SELECT control_id, outcome FROM rule_outcomes"))
    assert all(outcomes[c] == "pass" for c in EXPOSURE)  # what the scan itself saw
    after = tech(scan_ws, aid)
    for c in EXPOSURE:
        result, detail = after[c]
        assert result is None, c  # not a pass for the system
        assert detail is not None
        assert [g["target"] for g in detail["coverage"]["uncovered"]] == ["127.0.0.2"], c
        assert "127.0.0.2" in detail["messages"][-1]["en"]

    show = run("-w", str(scan_ws), "--lang", "en", "scan", "show", str(aid))
    assert "Not covered" in show.output and "127.0.0.2 (no current evidence from nmap)" in show.output
    shown = json.loads(run("-w", str(scan_ws), "scan", "show", str(aid), "--json").output)
    assert shown["uncovered"]["MANG-01"][0]["target"] == "127.0.0.2"

    score = run("-w", str(scan_ws), "--lang", "en", "assess", "score", str(aid))
    assert "Technical checks not covering the whole system (" in score.output
    assert "MANG-01: 127.0.0.2 (no current evidence from nmap)" in score.output
    scored = json.loads(run("-w", str(scan_ws), "assess", "score", str(aid), "--json").output)
    assert {g["control_id"] for g in scored["technical_coverage"]} >= set(EXPOSURE)

    for fmt in ("json", "html", "md"):
        out = tmp_path / f"r.{fmt}"
        rep = run("-w", str(scan_ws), "report", "system", str(aid), "--format", fmt, "-o", str(out))
        assert rep.exit_code == 0, rep.output
        text = out.read_text(encoding="utf-8")
        assert "127.0.0.2 (chưa có bằng chứng còn hiệu lực từ nmap)" in text, fmt
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    gaps = {g["control_id"]: g for g in report["coverage_gaps"]}
    assert set(gaps) >= set(EXPOSURE) and gaps["MANG-01"]["technical"] is None
    assert gaps["MANG-01"]["gaps"][0]["target"] == "127.0.0.2" and gaps["MANG-01"]["gaps"][0]["reason"] == "not_covered"
    control = next(c for d in report["domains"] for c in d["controls"] if c["id"] == "MANG-01")
    assert control["uncovered"][0]["target"] == "127.0.0.2" and control["result"] == "pass"  # declared, not upgraded
    [source] = report["evidence_sources"]
    assert source["tool"] == "nmap" and source["targets"] == ["127.0.0.1"] and not source["stale"]
    assert {"control_id": "MANG-01", "rule_type": "forbidden_services", "outcome": "pass", "counted": True} \
        in source["decided"]
    assert report["method"]["evidence_max_age_days"] == 60  # the test profile's scan_evidence_max_age_days

    # the other target scanned too: now a pass the report can stand behind
    r2 = run("-w", str(scan_ws), "scan", "run", str(aid), "--profile", "quick", "--target", "127.0.0.2",
             "--ports", PORTS)
    assert r2.exit_code == 0, r2.output
    done = tech(scan_ws, aid)
    for c in EXPOSURE:
        assert done[c][0] == "pass", c
        assert done[c][1] is not None and done[c][1]["coverage"]["complete"] is True


def test_evidence_older_than_the_profile_allows_stops_counting_at_finalization(
        scan_ws: Path, make_assessment: Maker, monkeypatch: pytest.MonkeyPatch) -> None:
    aid = make_assessment(["10.10.5.2"])
    assert run("-w", str(scan_ws), "scan", "import", str(aid), str(OPENVAS)).exit_code == 0
    assert db_rows(scan_ws, "SELECT technical_result FROM results WHERE control_id = 'KTCC-02'") == [("fail",)]
    monkeypatch.setenv("SECASSESS_NOW", "2026-12-15T09:00:00+07:00")  # 75 days after the report; the limit is 60
    fin = run("-w", str(scan_ws), "assess", "finalize", str(aid), "--allow-incomplete", "--yes")
    assert fin.exit_code == 0, fin.output
    [(result, detail)] = db_rows(scan_ws, "SELECT technical_result, technical_detail FROM results "
                                          "WHERE control_id = 'KTCC-02'")
    assert result is None
    data = json.loads(detail)
    assert data["coverage"]["stale_scan_ids"] == [1]
    assert any("60 ngày" in m["vi"] for m in data["messages"])
    shown = json.loads(run("-w", str(scan_ws), "scan", "show", str(aid), "--json").output)
    assert shown["scans"][0]["stale"] is True and shown["evidence_max_age_days"] == 60
