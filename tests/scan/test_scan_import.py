"""``secassess scan import``: nmap XML produced elsewhere, read safely, limited to the scope."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.conftest import run
from tests.scan.conftest import NMAP_SAMPLE, Maker, db_rows
from tests.scan.test_xmlparse import BOMB, EXTERNAL

pytestmark = pytest.mark.usefixtures("engine")  # SQLite and PostgreSQL

SCOPE = ["10.10.5.0/28", "qlvb.stp.example.gov.vn"]


def test_import_lists_and_ignores_hosts_outside_the_scope(scan_ws: Path, make_assessment: Maker) -> None:
    aid = make_assessment(SCOPE, ["443/tcp"], answers={"MANG-01": "pass"})
    r = run("-w", str(scan_ws), "scan", "import", str(aid), str(NMAP_SAMPLE))
    assert r.exit_code == 0, r.output
    scan_id = int(r.output.strip().splitlines()[-1])
    assert "Bỏ qua 1 máy ngoài phạm vi được phép" in r.output and "203.0.113.50" in r.output

    [(sha, source, ignored, targets, version, args)] = db_rows(
        scan_ws, "SELECT sha256, source, ignored_hosts, targets, scanner_version, arguments FROM scans WHERE id = ?",
        scan_id)
    assert sha == hashlib.sha256(NMAP_SAMPLE.read_bytes()).hexdigest()
    assert (scan_ws / "evidence" / sha[:2] / sha[2:]).read_bytes() == NMAP_SAMPLE.read_bytes()
    assert source == "import" and json.loads(ignored) == ["203.0.113.50"]
    # what it covered: the authorised targets its command line named, then the hosts it listed
    assert json.loads(targets) == ["10.10.5.0/28", "qlvb.stp.example.gov.vn", "10.10.5.2", "10.10.5.3"]
    assert version == "7.93" and "-sV" in args
    hosts = {h for (h,) in db_rows(scan_ws, "SELECT DISTINCT host FROM observations WHERE scan_id = ?", scan_id)}
    assert hosts == {"10.10.5.2", "10.10.5.3"}  # never the ignored host
    assert db_rows(scan_ws, "SELECT count(*) FROM observations WHERE service = 'ms-wbt-server'") == [(0,)]

    outcomes = dict(db_rows(scan_ws, "SELECT control_id, outcome FROM rule_outcomes WHERE scan_id = ?", scan_id))
    assert outcomes == {"MANG-01": "fail", "MANG-03": "fail", "MANG-04": "fail", "MANG-05": "fail",
                        "MANG-06": "fail", "MANG-07": "fail"}
    msg = db_rows(scan_ws, "SELECT message_vi FROM rule_outcomes WHERE scan_id = ? AND control_id = 'MANG-06'",
                  scan_id)[0][0]
    assert "10.10.5.2 (qlvb.stp.example.gov.vn)" in msg and "TLSv1.0" in msg and "10.10.5.3" not in msg

    shown = json.loads(run("-w", str(scan_ws), "scan", "show", str(aid), "--json").output)
    assert shown["scans"][0]["ignored_hosts"] == ["203.0.113.50"]
    tls = next(o for o in shown["observations"] if o["host"] == "10.10.5.3")
    assert tls["scripts"]["ssl-enum-ciphers"]["data"]["least strength"] == "A"
    assert "MANG-01" in shown["conflicts"]


def test_same_file_twice_is_stored_once(scan_ws: Path, make_assessment: Maker) -> None:
    aid = make_assessment(SCOPE)
    first = run("-w", str(scan_ws), "scan", "import", str(aid), str(NMAP_SAMPLE))
    second = run("-w", str(scan_ws), "scan", "import", str(aid), str(NMAP_SAMPLE))
    assert first.exit_code == second.exit_code == 0
    assert first.output.strip().splitlines()[-1] == second.output.strip().splitlines()[-1]
    assert "đã được nhập" in second.output
    assert db_rows(scan_ws, "SELECT count(*) FROM scans") == [(1,)]
    assert db_rows(scan_ws, "SELECT count(*) FROM blobs") == [(1,)]


def _snapshot(ws: Path) -> list[tuple[object, ...]]:
    return (db_rows(ws, "SELECT count(*) FROM scans") + db_rows(ws, "SELECT count(*) FROM observations")
            + db_rows(ws, "SELECT count(*) FROM blobs") + db_rows(ws, "SELECT count(*) FROM attachments"))


@pytest.mark.parametrize("payload,words", [
    (BOMB, "ENTITY"), (EXTERNAL, "ENTITY"), (b"<report/>", "<report>"), (b"<nmaprun", "XML"),
    (b"\x00\x01binary", "XML"),
])
def test_hostile_or_foreign_xml_is_refused_and_nothing_changes(scan_ws: Path, make_assessment: Maker,
                                                               tmp_path: Path, payload: bytes, words: str) -> None:
    aid = make_assessment(SCOPE)
    bad = tmp_path / "bad.xml"
    bad.write_bytes(payload)
    before = _snapshot(scan_ws)
    r = run("-w", str(scan_ws), "scan", "import", str(aid), str(bad))
    assert r.exit_code == 2, r.output
    assert str(bad) in r.output and words in r.output and "Traceback" not in r.output
    assert _snapshot(scan_ws) == before
    assert list((scan_ws / "evidence").rglob("*")) == []


def test_file_with_no_host_in_scope_is_refused(scan_ws: Path, make_assessment: Maker) -> None:
    aid = make_assessment(["192.0.2.0/28"])
    r = run("-w", str(scan_ws), "scan", "import", str(aid), str(NMAP_SAMPLE))
    assert r.exit_code == 2
    assert "không máy nào trong tệp nằm trong phạm vi" in r.output and "203.0.113.50" in r.output
    assert db_rows(scan_ws, "SELECT count(*) FROM scans") == [(0,)]


def test_oversized_file_is_refused(scan_ws: Path, make_assessment: Maker, tmp_path: Path) -> None:
    aid = make_assessment(SCOPE)
    cfg = scan_ws / "secassess.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("evidence_max_mb: 50", "evidence_max_mb: 1"),
                   encoding="utf-8")
    big = tmp_path / "big.xml"
    big.write_bytes(NMAP_SAMPLE.read_bytes() + b"<!--" + b"x" * (1024 * 1024) + b"-->")
    r = run("-w", str(scan_ws), "scan", "import", str(aid), str(big))
    assert r.exit_code == 2 and "quá lớn" in r.output


def test_missing_file_and_unknown_assessment_are_clear(scan_ws: Path, make_assessment: Maker) -> None:
    aid = make_assessment(SCOPE)
    r = run("-w", str(scan_ws), "scan", "import", str(aid), "nope.xml")
    assert r.exit_code == 2 and "không tìm thấy tệp" in r.output
    r = run("-w", str(scan_ws), "scan", "import", "999", str(NMAP_SAMPLE))
    assert r.exit_code == 2 and "999" in r.output


def test_show_without_scans_says_what_to_do(scan_ws: Path, make_assessment: Maker) -> None:
    aid = make_assessment(SCOPE)
    r = run("-w", str(scan_ws), "--lang", "en", "scan", "show", str(aid))
    assert r.exit_code == 0 and "No scans yet" in r.output and f"secassess scan run {aid}" in r.output


def test_end_of_life_table_is_the_one_the_assessment_started_with(scan_ws: Path, make_assessment: Maker,
                                                                   tmp_path: Path) -> None:
    """A later edit of the catalog's data table changes neither the verdict nor its undecidedness."""
    import shutil

    from tests.scan.conftest import SCAN_FIXTURE

    aid = make_assessment(SCOPE)
    [(snapshot,)] = db_rows(scan_ws, "SELECT s.content FROM assessments a JOIN profile_snapshots s"
                                     " ON s.id = a.snapshot_ref WHERE a.id = ?", aid)
    assert "eol-software" in json.loads(snapshot)["data_tables"]
    # the catalog moves on: its end-of-life table is emptied of Apache (the digest changes)
    edited = tmp_path / "edited"
    shutil.copytree(SCAN_FIXTURE, edited)
    eol = edited / "checklists" / "scan-2025" / "data" / "eol.yaml"
    eol.write_text("\n".join(line for line in eol.read_text(encoding="utf-8").splitlines()
                             if "Apache" not in line) + "\n", encoding="utf-8")
    cfg = scan_ws / "secassess.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(str(SCAN_FIXTURE), str(edited)), encoding="utf-8")
    r = run("-w", str(scan_ws), "scan", "import", str(aid), str(NMAP_SAMPLE))
    assert r.exit_code == 0, r.output
    assert "đã thay đổi" not in r.output
    outcome = db_rows(scan_ws, "SELECT outcome, message_vi FROM rule_outcomes WHERE control_id = 'MANG-03'")
    assert outcome[0][0] == "fail" and "Apache" in outcome[0][1]
