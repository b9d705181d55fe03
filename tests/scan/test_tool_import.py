"""``secassess scan import`` of OpenVAS, Nuclei, testssl.sh, Lynis and Wazuh files: what is stored,
what is ignored, which controls they decide, and the files refused with nothing changed."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from tests import dbstate
from tests.conftest import run
from tests.scan.conftest import Maker, db_rows
from tests.scan.test_importers import LYNIS
from tests.scan.toolfiles import (
    ENTITY_BOMB_XML,
    EXTERNAL_XML,
    NUCLEI,
    OPENVAS,
    WAZUH,
    Vuln,
    deep_json,
    deep_nuclei_line,
    nuclei_line,
    openvas_report,
    sca_check,
    wazuh_checks,
    write,
)

pytestmark = pytest.mark.usefixtures("engine")  # SQLite and PostgreSQL

SCOPE = ["10.10.5.0/28", "qlvb.stp.example.gov.vn"]
TESTSSL = [{"id": "service", "ip": "qlvb.stp.example.gov.vn/10.10.5.2", "port": "443", "severity": "INFO",
            "finding": "HTTP"},
           {"id": "TLS1_1", "ip": "qlvb.stp.example.gov.vn/10.10.5.2", "port": "443", "severity": "LOW",
            "finding": "offered (deprecated)"},
           {"id": "TLS1_2", "ip": "qlvb.stp.example.gov.vn/10.10.5.2", "port": "443", "severity": "OK",
            "finding": "offered"},
           {"id": "cert_notAfter", "ip": "qlvb.stp.example.gov.vn/10.10.5.2", "port": "443", "severity": "OK",
            "finding": "2027-09-30 00:00"},
           {"id": "cert_chain_of_trust", "ip": "qlvb.stp.example.gov.vn/10.10.5.2", "port": "443",
            "severity": "OK", "finding": "passed."}]


def imp(ws: Path, aid: int, path: Path, *extra: str) -> tuple[int, str]:
    r = run("-w", str(ws), "scan", "import", str(aid), str(path), *extra)
    return r.exit_code, r.output


def tech(ws: Path, aid: int) -> dict[str, str | None]:
    return dict(db_rows(ws, "SELECT control_id, technical_result FROM results WHERE assessment_id = ?", aid))


def test_openvas_report_stores_findings_in_scope_and_lists_the_others(scan_ws: Path, make_assessment: Maker) -> None:
    aid = make_assessment(SCOPE)
    code, out = imp(scan_ws, aid, OPENVAS)
    assert code == 0, out
    scan_id = int(out.strip().splitlines()[-1])
    assert "OpenVAS/Greenbone 22.4" in out and "203.0.113.50" in out and "Bỏ qua 1 máy" in out
    [(tool, sha, ignored, targets, when)] = db_rows(
        scan_ws, "SELECT scanner, sha256, ignored_hosts, targets, evidence_at FROM scans WHERE id = ?", scan_id)
    assert tool == "openvas" and sha == hashlib.sha256(OPENVAS.read_bytes()).hexdigest()
    assert (scan_ws / "evidence" / sha[:2] / sha[2:]).read_bytes() == OPENVAS.read_bytes()
    assert json.loads(ignored) == ["203.0.113.50"]
    assert json.loads(targets) == ["10.10.5.2", "qlvb.stp.example.gov.vn", "10.10.5.3", "10.10.5.4"]
    assert when.startswith("2026-10-01 03:10")
    hosts = {h for (h,) in db_rows(scan_ws, "SELECT DISTINCT host FROM findings WHERE scan_id = ?", scan_id)}
    assert hosts == {"10.10.5.2", "10.10.5.3"}  # never the ignored host
    assert db_rows(scan_ws, "SELECT count(*) FROM findings WHERE CAST(cves AS TEXT) LIKE '%CVE-2021-26855%'") == [(0,)]
    assert db_rows(scan_ws, "SELECT source, note FROM attachments WHERE sha256 = ?", sha) == \
        [("scan", "Kết quả rà quét OpenVAS/Greenbone")]
    outcomes = dict(db_rows(scan_ws, "SELECT control_id, outcome FROM rule_outcomes WHERE scan_id = ?", scan_id))
    # only the rules OpenVAS can decide; the Log4Shell finding is known-exploited, its age unknown
    assert outcomes == {"KTCC-01": "undecided", "KTCC-02": "fail"}
    assert tech(scan_ws, aid)["KTCC-02"] == "fail" and tech(scan_ws, aid)["KTCC-01"] is None


def test_an_earlier_report_dates_a_vulnerability_whatever_the_import_order(scan_ws: Path, make_assessment: Maker,
                                                                           tmp_path: Path) -> None:
    log4 = Vuln("10.10.5.2", "Log4Shell", 10.0, port="8080/tcp", cves=("CVE-2021-44228",))
    august = write(tmp_path / "aug.xml", openvas_report([log4], ["10.10.5.2"], start="2026-08-20T02:00:00Z",
                                                       end="2026-08-20T03:00:00Z"))
    september = write(tmp_path / "sep.xml", openvas_report([], ["10.10.5.2"], start="2026-09-25T02:00:00Z",
                                                           end="2026-09-25T03:00:00Z"))
    for order in ((OPENVAS, august), (august, OPENVAS)):
        aid = make_assessment(SCOPE)
        for f in order:
            assert imp(scan_ws, aid, f)[0] == 0
        assert tech(scan_ws, aid)["KTCC-01"] == "fail"  # seen since 20/08, still there on 01/10: over 30 days
        detail = json.loads(db_rows(scan_ws, "SELECT technical_detail FROM results WHERE assessment_id = ? AND "
                                             "control_id = 'KTCC-01'", aid)[0][0])
        assert any("20/08/2026" in m["vi"] for m in detail["messages"])
    # absent in a report six days before: a new finding, within its 30 days (the OpenSSH one is 9.8: also new)
    aid = make_assessment(["10.10.5.2"])
    clean = write(tmp_path / "clean.xml", openvas_report([], ["10.10.5.2"], start="2026-09-25T02:00:00Z"))
    assert imp(scan_ws, aid, clean)[0] == 0 and imp(scan_ws, aid, OPENVAS)[0] == 0
    assert tech(scan_ws, aid)["KTCC-01"] == "pass"
    assert september.exists()


def test_ten_thousand_results_import(scan_ws: Path, make_assessment: Maker, tmp_path: Path) -> None:
    aid = make_assessment(SCOPE)
    vulns = [Vuln(f"10.10.5.{2 + i % 12}", f"Finding {i}", (i % 90) / 10, port=f"{1 + i % 60000}/tcp",
                  oid=f"1.3.6.1.4.1.25623.1.0.{i}") for i in range(10_000)]
    big = write(tmp_path / "big.xml", openvas_report(vulns, [f"10.10.5.{i}" for i in range(2, 14)]))
    code, out = imp(scan_ws, aid, big)
    assert code == 0, out
    assert db_rows(scan_ws, "SELECT count(*) FROM findings") == [(10_000,)]
    assert tech(scan_ws, aid)["KTCC-02"] is None  # nothing known-exploited nor 9.0+, but the range is not enumerated


def test_nuclei_covers_the_hosts_it_names_and_the_targets_given(scan_ws: Path, make_assessment: Maker) -> None:
    aid = make_assessment(["10.10.5.2", "10.10.5.3", "10.10.5.4"])
    code, out = imp(scan_ws, aid, NUCLEI)
    assert code == 0, out
    [(targets, ignored)] = db_rows(scan_ws, "SELECT targets, ignored_hosts FROM scans")
    assert json.loads(targets) == ["10.10.5.2", "10.10.5.3"] and json.loads(ignored) == ["203.0.113.50"]
    assert tech(scan_ws, aid)["KTCC-02"] == "fail"  # Log4Shell tagged kev
    aid2 = make_assessment(["10.10.5.2", "10.10.5.3", "10.10.5.4"])
    clean = write(Path("clean.jsonl"), nuclei_line("tls-version", "10.10.5.2:443", "info", ip="10.10.5.2") + "\n")
    code, out = imp(scan_ws, aid2, clean)
    assert code == 0 and tech(scan_ws, aid2)["KTCC-02"] is None  # 10.10.5.3 and .4 not covered
    detail = json.loads(db_rows(scan_ws, "SELECT technical_detail FROM results WHERE assessment_id = ? AND "
                                         "control_id = 'KTCC-02'", aid2)[0][0])
    assert [g["target"] for g in detail["coverage"]["uncovered"]] == ["10.10.5.3", "10.10.5.4"]
    clean2 = write(Path("clean2.jsonl"), nuclei_line("tls-version", "10.10.5.2:443", "info", ip="10.10.5.2",
                                                     when="2026-10-03T08:00:00+07:00") + "\n")
    code, out = imp(scan_ws, aid2, clean2, "--target", "10.10.5.3", "--target", "10.10.5.4")
    assert code == 0, out
    assert tech(scan_ws, aid2)["KTCC-02"] == "pass"
    summary = json.loads(db_rows(scan_ws, "SELECT summary FROM scans ORDER BY id DESC LIMIT 1")[0][0])
    assert summary["declared_targets"] == ["10.10.5.3", "10.10.5.4"]


def test_testssl_flat_file_needs_the_scan_date(scan_ws: Path, make_assessment: Maker, tmp_path: Path) -> None:
    aid = make_assessment(["qlvb.stp.example.gov.vn"])
    f = write(tmp_path / "t.json", json.dumps(TESTSSL))
    code, out = imp(scan_ws, aid, f)
    assert code == 2 and "--scanned-at" in out
    code, out = imp(scan_ws, aid, f, "--scanned-at", "2026-10-04")
    assert code == 0, out
    assert "(cổng 443/tcp)" in out
    t = tech(scan_ws, aid)
    assert t["KTCC-03"] == "fail" and t["KTCC-04"] == "pass"  # TLS 1.1 offered; certificate fine
    [(targets,)] = db_rows(scan_ws, "SELECT targets FROM scans")
    assert json.loads(targets) == ["qlvb.stp.example.gov.vn"]  # 10.10.5.2 is outside this system's scope


def test_lynis_report_decides_the_hardening_control(scan_ws: Path, make_assessment: Maker, tmp_path: Path) -> None:
    aid = make_assessment(["10.10.5.2"])
    f = write(tmp_path / "report.dat", LYNIS)
    code, out = imp(scan_ws, aid, f)
    assert code == 0, out
    assert "hardening index): 58" in out or "hardening index) 58" in out
    assert tech(scan_ws, aid)["KTCC-05"] == "fail"  # 58 below 60, and AUTH-9308 was raised
    msg = db_rows(scan_ws, "SELECT message_en FROM rule_outcomes WHERE control_id = 'KTCC-05'")[0][0]
    assert "58, below the minimum of 60" in msg and "AUTH-9308" in msg
    other = make_assessment(["10.10.5.9"])
    code, out = imp(scan_ws, other, f)
    assert code == 2 and "--target" in out and "10.10.5.2" in out
    code, out = imp(scan_ws, other, f, "--target", "10.10.5.9")
    assert code == 2 and "10.10.5.9" in out  # the report is of another machine


def test_wazuh_sca_decides_the_baseline_control(scan_ws: Path, make_assessment: Maker, tmp_path: Path) -> None:
    aid = make_assessment(["10.10.5.2"])
    code, out = imp(scan_ws, aid, WAZUH)
    assert code == 0, out
    assert "4 kiểm tra: 2 đạt, 1 không đạt, 1 không áp dụng" in out
    assert tech(scan_ws, aid)["KTCC-06"] == "fail"
    # checks alone: say which machine and when
    bare = write(tmp_path / "checks.json", wazuh_checks([sca_check(1, "passed", "cis_csc_v8:4.1"),
                                                         sca_check(2, "passed", "pci_dss_v4.0:1.1")], end_scan=None))
    aid2 = make_assessment(["10.10.5.2", "10.10.5.3"])
    assert imp(scan_ws, aid2, bare, "--scanned-at", "2026-10-04")[0] == 2  # which machine?
    code, out = imp(scan_ws, aid2, bare, "--scanned-at", "2026-10-04", "--target", "10.10.5.3")
    assert code == 0, out
    assert tech(scan_ws, aid2)["KTCC-06"] is None  # 10.10.5.2 not audited yet
    detail = json.loads(db_rows(scan_ws, "SELECT technical_detail FROM results WHERE assessment_id = ? AND "
                                         "control_id = 'KTCC-06'", aid2)[0][0])
    assert [(g["target"], g["reason"]) for g in detail["coverage"]["uncovered"]] == [("10.10.5.2", "not_covered")]


def test_same_file_twice_is_recorded_once(scan_ws: Path, make_assessment: Maker) -> None:
    aid = make_assessment(SCOPE)
    first, second = imp(scan_ws, aid, NUCLEI), imp(scan_ws, aid, NUCLEI)
    assert first[0] == second[0] == 0 and first[1].splitlines()[-1] == second[1].splitlines()[-1]
    assert db_rows(scan_ws, "SELECT count(*) FROM scans") == [(1,)]


def _state(ws: Path) -> tuple[str, list[str]]:
    db = hashlib.sha256(repr(dbstate.state(ws)).encode()).hexdigest()
    return db, sorted(str(p.relative_to(ws)) for p in (ws / "evidence").rglob("*"))


HOSTILE = [
    ("bomb.xml", ENTITY_BOMB_XML, (), "DOCTYPE"),
    ("external.xml", EXTERNAL_XML, (), "DOCTYPE"),
    ("deep.jsonl", deep_nuclei_line(), (), "lồng nhau"),
    ("deep.json", deep_json(), ("--tool", "wazuh"), "lồng nhau"),
    ("deep-testssl.json", deep_json(), ("--tool", "testssl"), "lồng nhau"),
    ("missing-host.xml", openvas_report([Vuln("", "x", 5.0)], ["10.10.5.2"]), (), "thiếu host"),
    ("missing-severity.jsonl", b'{"template-id": "x", "info": {}, "host": "10.10.5.2"}\n', (), "info.severity"),
    ("missing-result.json", wazuh_checks([{"id": 1, "title": "x"}]).encode(), (), "thiếu result"),
    ("missing-finding.json", json.dumps([{"id": "TLS1", "ip": "a/10.10.5.2", "port": "443", "severity": "LOW"}])
     .encode(), ("--tool", "testssl", "--scanned-at", "2026-10-04"), "thiếu finding"),
    ("garbage.dat", b"# Lynis Report\nreport_version_major=1\nlynis_version=3\n<script>\n", (), "dòng 4"),
    ("out-of-scope.xml", openvas_report([Vuln("203.0.113.9", "x", 9.0)], ["203.0.113.9"]), (), "203.0.113.9"),
    ("future.xml", openvas_report([], ["10.10.5.2"], start="2027-06-01T00:00:00Z", end="2027-06-01T01:00:00Z"), (),
     "sau hôm nay"),
    ("openvas-target.xml", OPENVAS.read_bytes(), ("--target", "10.10.5.2"), "--target"),
    ("nuclei-target.jsonl", NUCLEI.read_bytes(), ("--target", "192.0.2.1"), "ngoài phạm vi"),
    ("empty.jsonl", b"\n\n", ("--tool", "nuclei", "--scanned-at", "2026-10-04"), "--target"),
    ("binary.bin", b"\x00\x01\x02binary", (), "không nhận ra định dạng"),
    ("nmap-as-openvas.xml", b"<nmaprun/>", ("--tool", "openvas"), "<nmaprun>"),
]


@pytest.mark.parametrize(("name", "payload", "extra", "words"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_broken_or_out_of_scope_files_exit_2_with_the_database_unchanged(
        scan_ws: Path, make_assessment: Maker, tmp_path: Path, name: str, payload: bytes, extra: tuple[str, ...],
        words: str) -> None:
    aid = make_assessment(SCOPE)
    assert imp(scan_ws, aid, WAZUH)[0] == 0  # something already there
    f = write(tmp_path / name, payload)
    before = _state(scan_ws)
    code, out = imp(scan_ws, aid, f, *extra)
    assert code == 2, out
    assert words in out and "Traceback" not in out
    assert _state(scan_ws) == before  # the database byte for byte, and no new evidence file


def test_a_file_above_the_evidence_limit_is_refused(scan_ws: Path, make_assessment: Maker, tmp_path: Path) -> None:
    cfg = scan_ws / "secassess.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("evidence_max_mb: 50", "evidence_max_mb: 1"),
                   encoding="utf-8")
    aid = make_assessment(SCOPE)
    vulns = [Vuln("10.10.5.2", "x" * 200, 5.0, description="y" * 500) for _ in range(1500)]
    f = write(tmp_path / "big.xml", openvas_report(vulns, ["10.10.5.2"]))
    assert f.stat().st_size > 1024 * 1024
    before = _state(scan_ws)
    code, out = imp(scan_ws, aid, f)
    assert code == 2 and "evidence_max_mb" in out
    assert _state(scan_ws) == before


def test_markup_from_scanner_files_reaches_the_reports_escaped(scan_ws: Path, make_assessment: Maker,
                                                               tmp_path: Path) -> None:
    aid = make_assessment(["10.10.5.2"])
    evil = "<img src=x onerror=alert(1)> *bold* |pipe|"
    line = nuclei_line("xss-probe", "10.10.5.2:443", "high", ip="10.10.5.2")
    data = json.loads(line)
    data["info"]["name"] = evil
    f = write(tmp_path / "<b>nuclei.jsonl", json.dumps(data) + "\n")
    assert imp(scan_ws, aid, f)[0] == 0
    html_out, md_out = tmp_path / "r.html", tmp_path / "r.md"
    for out in (html_out, md_out):
        r = run("-w", str(scan_ws), "report", "system", str(aid), "--format", out.suffix[1:], "-o", str(out))
        assert r.exit_code == 0, r.output
    html = html_out.read_text(encoding="utf-8")
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<b>nuclei" not in html and "&lt;b&gt;nuclei.jsonl" in html
    md = md_out.read_text(encoding="utf-8")
    assert re.search(r"(?<!\\)<img", md) is None and "\\<img src=x" in md and "\\|pipe\\|" in md
