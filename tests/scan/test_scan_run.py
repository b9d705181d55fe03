"""``secassess scan run`` with the real nmap against servers started on 127.0.0.1."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import time
from pathlib import Path

import pytest

from tests.conftest import run
from tests.scan.conftest import Maker, db_rows, needs_nmap, nmap_processes
from tests.scan.servers import http_server, make_cert, tcp_server, tls_server

pytestmark = [needs_nmap, pytest.mark.nmap]


def test_scan_run_records_evidence_observations_outcomes_and_conflict(
        scan_ws: Path, make_assessment: Maker, tmp_path: Path) -> None:
    with http_server(tmp_path / "www") as web, tcp_server("ftp") as ftp, tcp_server("close") as extra:
        aid = make_assessment(["127.0.0.1"], [f"{web}/tcp"], answers={"MANG-01": "pass", "MANG-05": "pass"})
        r = run("-w", str(scan_ws), "scan", "run", str(aid), "--ports", f"{web},{ftp},{extra},23")
    assert r.exit_code == 0, r.output
    scan_id = int(r.output.strip().splitlines()[-1])
    assert "MANG-01" in r.output and f"Cổng {ftp}/tcp (ftp, ProFTPD 1.3.5) đang mở trên 127.0.0.1" in r.output

    # the raw XML is stored by SHA-256 and linked to the assessment
    [(sha, source, profile, args, version, started, ended)] = db_rows(
        scan_ws, "SELECT sha256, source, scan_profile, arguments, scanner_version, started_at, ended_at "
                 "FROM scans WHERE id = ?", scan_id)
    blob = scan_ws / "evidence" / sha[:2] / sha[2:]
    assert hashlib.sha256(blob.read_bytes()).hexdigest() == sha
    assert b"<nmaprun" in blob.read_bytes()
    assert (source, profile) == ("run", "standard")
    assert args.startswith("nmap -oX - -sT -sV") and args.endswith(" -- 127.0.0.1")
    assert version and started and ended and ended >= started
    assert db_rows(scan_ws, "SELECT source FROM attachments WHERE assessment_id = ? AND sha256 = ?", aid, sha) == \
        [("scan",)]

    # observations: one host row and one row per listed port
    obs = {row[0]: row[1:] for row in db_rows(
        scan_ws, "SELECT port, state, service, service_method, product, version FROM observations "
                 "WHERE scan_id = ? AND port IS NOT NULL", scan_id)}
    assert obs[ftp] == ("open", "ftp", "probed", "ProFTPD", "1.3.5")
    assert obs[web][:3] == ("open", "http", "probed")
    assert obs[extra][0] == "open"
    assert obs[23][0] == "closed"
    assert db_rows(scan_ws, "SELECT host, state FROM observations WHERE scan_id = ? AND port IS NULL", scan_id) == \
        [("127.0.0.1", "up")]

    # rule outcomes
    outcomes = {row[0]: row[1:] for row in db_rows(
        scan_ws, "SELECT control_id, outcome, message_vi, message_en, observation_ids FROM rule_outcomes "
                 "WHERE scan_id = ?", scan_id)}
    ftp_id = db_rows(scan_ws, "SELECT id FROM observations WHERE scan_id = ? AND port = ?", scan_id, ftp)[0][0]
    assert outcomes["MANG-01"][0] == "fail" and json.loads(outcomes["MANG-01"][3]) == [ftp_id]
    assert f"Port {ftp}/tcp (ftp, ProFTPD 1.3.5) is open on 127.0.0.1" in outcomes["MANG-01"][2]
    assert outcomes["MANG-04"][0] == "fail" and f"{web}/tcp" in outcomes["MANG-04"][1]  # cleartext HTTP
    assert outcomes["MANG-05"][0] == "fail"  # ports outside the declared allowed port
    assert f"{ftp}/tcp" in outcomes["MANG-05"][1] and f"{extra}/tcp" in outcomes["MANG-05"][1]
    assert f"cổng {web}/tcp (" not in outcomes["MANG-05"][1].lower().split("—")[0]
    assert outcomes["MANG-03"][0] == "fail" and "ProFTPD 1.3.5" in outcomes["MANG-03"][1]  # below 1.3.7
    assert outcomes["MANG-06"][0] == "undecided"  # no TLS script in the standard profile
    assert outcomes["MANG-07"][0] == "undecided"  # 22/tcp not scanned

    # technical results, merged with the questionnaire (declared pass) by the scoring module
    tech = dict(db_rows(scan_ws, "SELECT control_id, technical_result FROM results WHERE assessment_id = ?", aid))
    assert tech["MANG-01"] == "fail" and tech["MANG-06"] is None and tech["QLRR-01"] is None
    declared = dict(db_rows(scan_ws, "SELECT control_id, result FROM results WHERE assessment_id = ?", aid))
    assert declared["MANG-01"] == "pass"  # the questionnaire answer itself is kept

    show = run("-w", str(scan_ws), "scan", "show", str(aid), "--json")
    assert show.exit_code == 0, show.output
    data = json.loads(show.output)
    merged = {c["control_id"]: c for c in data["controls"]}
    assert merged["MANG-01"]["declared"] == "pass" and merged["MANG-01"]["technical"] == "fail"
    assert merged["MANG-01"]["effective"] == "fail" and merged["MANG-01"]["conflict"] is True
    assert set(data["conflicts"]) == {"MANG-01", "MANG-05"}

    from secassess.assessment.score import score
    from secassess.workspace import Workspace

    ws = Workspace.open(scan_ws)
    with ws.read() as conn:
        _a, _rows, report = score(conn, aid)
    ws.close()
    assert {c.control_id for c in report.conflicts} >= {"MANG-01", "MANG-05"}
    assert report.outcome("MANG-01").effective == "fail"

    text = run("-w", str(scan_ws), "scan", "show", str(aid))
    assert "Mâu thuẫn: MANG-01 tự đánh giá “Đạt”" in text.output


def test_timeout_stops_nmap_and_leaves_no_process(scan_ws: Path, make_assessment: Maker) -> None:
    with tcp_server("silent") as slow:
        aid = make_assessment(["127.0.0.1"])
        t0 = time.monotonic()
        r = run("-w", str(scan_ws), "scan", "run", str(aid), "--ports", str(slow), "--timeout", "1")
        elapsed = time.monotonic() - t0
        left = nmap_processes(f"-p {slow} ")
    assert r.exit_code == 2, r.output
    assert "quá thời gian cho phép (1 giây)" in r.output
    assert elapsed < 10
    assert left == []
    assert db_rows(scan_ws, "SELECT count(*) FROM scans") == [(0,)]


def test_missing_nmap_says_how_to_install(scan_ws: Path, make_assessment: Maker, tmp_path: Path) -> None:
    aid = make_assessment(["127.0.0.1"])
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    r = run("-w", str(scan_ws), "scan", "run", str(aid), env={"PATH": str(empty)})
    assert r.exit_code == 2
    assert "không tìm thấy chương trình nmap" in r.output and "sudo apt-get install nmap" in r.output
    assert "Traceback" not in r.output


def _fake_nmap(folder: Path, marker: Path) -> dict[str, str]:
    """A PATH whose first nmap only records that it was started."""
    folder.mkdir()
    fake = folder / "nmap"
    fake.write_text(f"#!/bin/sh\necho started >> '{marker}'\nexit 1\n", encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    return {"PATH": f"{folder}{os.pathsep}{os.environ.get('PATH', '')}"}


@pytest.mark.parametrize("target", ["127.0.0.1 --script=x", "127.0.0.1 -oN /tmp/x", "-iL /etc/passwd",
                                    "127.0.0.2", "10.10.5.0/24", "127.0.0.1,127.0.0.2"])
def test_refused_targets_never_start_nmap(scan_ws: Path, make_assessment: Maker, tmp_path: Path,
                                          target: str) -> None:
    aid = make_assessment(["127.0.0.1", "10.10.5.0/28"])
    marker = tmp_path / "nmap-started"
    env = _fake_nmap(tmp_path / "bin", marker)
    r = run("-w", str(scan_ws), "scan", "run", str(aid), "--target", target, "--ports", "80", env=env)
    assert r.exit_code == 2, r.output
    assert "nmap chưa được chạy" in r.output or "không hợp lệ" in r.output
    assert not marker.exists()
    # the fake nmap does start for a valid target: the test can see a start
    ok = run("-w", str(scan_ws), "scan", "run", str(aid), "--target", "127.0.0.1", "--ports", "80", env=env)
    assert ok.exit_code == 2 and marker.exists()


def test_oversized_range_is_refused_before_nmap(scan_ws: Path, make_assessment: Maker, tmp_path: Path) -> None:
    aid = make_assessment(["10.0.0.0/16"])
    marker = tmp_path / "nmap-started"
    env = _fake_nmap(tmp_path / "bin", marker)
    r = run("-w", str(scan_ws), "scan", "run", str(aid), env=env)
    assert r.exit_code == 2 and "65536" in r.output and "limits.scan_max_addresses" in r.output
    assert not marker.exists()


def test_bad_ports_are_refused_before_nmap(scan_ws: Path, make_assessment: Maker, tmp_path: Path) -> None:
    aid = make_assessment(["127.0.0.1"])
    marker = tmp_path / "nmap-started"
    env = _fake_nmap(tmp_path / "bin", marker)
    r = run("-w", str(scan_ws), "scan", "run", str(aid), "--ports", "80 --script=x", env=env)
    assert r.exit_code == 2 and "--ports" in r.output
    assert not marker.exists()


def test_dry_run_shows_the_command_built_from_fixed_parts(scan_ws: Path, make_assessment: Maker) -> None:
    aid = make_assessment(["127.0.0.1"], ["8443/tcp"])
    r = run("-w", str(scan_ws), "scan", "run", str(aid), "--profile", "tls", "--dry-run", "--json")
    assert r.exit_code == 0, r.output
    cmd = json.loads(r.output)["command"]
    assert cmd[1:9] == ["-oX", "-", "-sT", "-sV", "--script", "ssl-enum-ciphers", "-n", "--stats-every"]
    assert cmd[-2:] == ["--", "127.0.0.1"]
    ports = cmd[cmd.index("-p") + 1]
    from secassess.scan.profiles import expand_ports

    assert {8443, 21, 22, 23} <= expand_ports(ports)  # the allowed port and the rules' ports are added
    assert db_rows(scan_ws, "SELECT count(*) FROM scans") == [(0,)]


def test_finalized_assessment_cannot_be_scanned(scan_ws: Path, make_assessment: Maker) -> None:
    aid = make_assessment(["127.0.0.1"])
    from secassess.app.actor import Actor
    from secassess.app.assessments import finalize
    from secassess.workspace import Workspace

    ws = Workspace.open(scan_ws)
    finalize(ws, Actor("tester"), aid, allow_incomplete=True)
    ws.close()
    r = run("-w", str(scan_ws), "scan", "run", str(aid), "--ports", "80")
    assert r.exit_code == 2 and "đã chốt" in r.output


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is needed to make a test certificate")
def test_tls_profile_fails_old_protocols_and_passes_modern_tls(scan_ws: Path, make_assessment: Maker,
                                                                tmp_path: Path) -> None:
    key, cert = make_cert(tmp_path)
    with tls_server(key, cert, weak=True) as weak, tls_server(key, cert, weak=False) as strong:
        aid = make_assessment(["127.0.0.1"])
        r = run("-w", str(scan_ws), "scan", "run", str(aid), "--profile", "tls", "--ports", f"{weak},{strong}",
                "--json")
        assert r.exit_code == 0, r.output
        data = json.loads(r.output)
        outcome = next(o for o in data["outcomes"] if o["control_id"] == "MANG-06")
        assert outcome["outcome"] == "fail"
        assert f"{weak}/tcp" in outcome["message"]["vi"] and "TLSv1.0" in outcome["message"]["vi"]
        assert f"{strong}/tcp" not in outcome["message"]["vi"]
        r2 = run("-w", str(scan_ws), "scan", "run", str(aid), "--profile", "tls", "--ports", str(strong), "--json")
    assert r2.exit_code == 0, r2.output
    again = next(o for o in json.loads(r2.output)["outcomes"] if o["control_id"] == "MANG-06")
    assert again["outcome"] == "pass"
    # the 1-port scan covers the same target (127.0.0.1): its pass replaces the earlier fail
    tech = dict(db_rows(scan_ws, "SELECT control_id, technical_result FROM results WHERE assessment_id = ?", aid))
    assert tech["MANG-06"] == "pass"
