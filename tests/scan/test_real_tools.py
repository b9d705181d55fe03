"""The real Lynis and testssl.sh (Debian packages, installed by ``make system-tools``): their files
imported as they wrote them decide the hardening and TLS controls.

Each tool runs once per test session: Lynis audits this machine (two test groups, a few seconds);
testssl.sh checks protocols and certificates (``-p -S``) of a weak and a strong TLS server started
on 127.0.0.1, both at once.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from secassess.clock import today
from tests.conftest import run
from tests.scan.conftest import Maker, db_rows
from tests.scan.servers import make_ca_signed_cert, make_cert, tls_server


def _which(*names: str) -> str | None:
    for n in names:
        found = shutil.which(n) or shutil.which(n, path="/usr/sbin:/sbin")
        if found:
            return found
    return None


LYNIS = _which("lynis")
TESTSSL = _which("testssl", "testssl.sh")
needs_lynis = pytest.mark.skipif(LYNIS is None, reason="lynis is not installed (make system-tools)")
needs_testssl = pytest.mark.skipif(TESTSSL is None, reason="testssl.sh is not installed (make system-tools)")


@pytest.fixture(scope="session")
def lynis_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert LYNIS is not None
    d = tmp_path_factory.mktemp("lynis")
    report = d / "report.dat"
    subprocess.run([LYNIS, "audit", "system", "--quick", "--no-colors", "--no-plugins", "--tests-from-group",
                    "authentication networking", "--report-file", str(report), "--log-file", str(d / "lynis.log")],
                   cwd=d, check=True, capture_output=True, timeout=300)
    return report


@dataclass(frozen=True)
class TlsRuns:
    weak: Path
    strong: Path


@pytest.fixture(scope="session")
def testssl_runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsRuns]:
    assert TESTSSL is not None
    d = tmp_path_factory.mktemp("testssl")
    weak_key, weak_cert = make_cert(d)  # self-signed, valid two days
    key, cert, ca = make_ca_signed_cert(d / "ca")
    out = TlsRuns(d / "weak.json", d / "strong.json")
    with tls_server(weak_key, weak_cert, weak=True) as weak_port, tls_server(key, cert, weak=False) as strong_port:
        procs = [subprocess.Popen([TESTSSL, "--quiet", "--color", "0", "--warnings", "off", "-n", "none",
                                   "--connect-timeout", "5", "--openssl-timeout", "5", "--add-ca", str(ca),
                                   "--jsonfile", str(path), "-p", "-S", f"127.0.0.1:{port}"],
                                  cwd=d, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for path, port in ((out.weak, weak_port), (out.strong, strong_port))]
        for p in procs:
            p.wait(timeout=300)
    assert out.weak.is_file() and out.strong.is_file()
    yield out


def _import(ws: Path, aid: int, path: Path, *extra: str) -> str:
    r = run("-w", str(ws), "--lang", "en", "scan", "import", str(aid), str(path), *extra)
    assert r.exit_code == 0, r.output
    return r.output


def _technical(ws: Path, aid: int, control: str) -> tuple[str | None, dict]:
    [(result, detail)] = db_rows(ws, "SELECT technical_result, technical_detail FROM results "
                                     "WHERE assessment_id = ? AND control_id = ?", aid, control)
    return result, json.loads(detail) if detail else {}


@needs_testssl
def test_weak_tls_server_fails_the_tls_control_through_real_testssl_output(
        scan_ws: Path, make_assessment: Maker, testssl_runs: TlsRuns, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECASSESS_NOW")  # the files are dated today
    aid = make_assessment(["127.0.0.1"], answers={"KTCC-03": "pass"})
    out = _import(scan_ws, aid, testssl_runs.weak, "--scanned-at", today().isoformat())
    assert "testssl.sh" in out
    result, detail = _technical(scan_ws, aid, "KTCC-03")
    assert result == "fail"
    assert any("offers TLSv1.0, TLSv1.1" in m["en"] for m in detail["messages"])
    cert, cert_detail = _technical(scan_ws, aid, "KTCC-04")
    assert cert == "fail"  # self-signed, expiring in two days
    assert any("not trusted" in m["en"] and "days after the scan" in m["en"] for m in cert_detail["messages"])
    shown = json.loads(run("-w", str(scan_ws), "scan", "show", str(aid), "--json").output)
    assert "KTCC-03" in shown["conflicts"]  # declared pass, scan fail: the scan wins


@needs_testssl
def test_strong_tls_server_passes_the_tls_and_certificate_controls(
        scan_ws: Path, make_assessment: Maker, testssl_runs: TlsRuns, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECASSESS_NOW")
    aid = make_assessment(["127.0.0.1"])
    _import(scan_ws, aid, testssl_runs.strong, "--scanned-at", today().isoformat())
    outcomes = dict(db_rows(scan_ws, "SELECT rule_type, outcome FROM rule_outcomes"))
    assert outcomes == {"tls_protocols": "pass", "tls_findings": "pass", "tls_certificates": "pass"}
    assert _technical(scan_ws, aid, "KTCC-03")[0] == "pass"
    assert _technical(scan_ws, aid, "KTCC-04")[0] == "pass"


@needs_lynis
def test_a_real_lynis_run_decides_the_hardening_control(
        scan_ws: Path, make_assessment: Maker, lynis_report: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECASSESS_NOW")
    fields = dict(line.split("=", 1) for line in lynis_report.read_text(encoding="utf-8").splitlines()
                  if "=" in line and not line.endswith("[]") and "[]=" not in line)
    warnings = [line.split("=", 1)[1].split("|")[0] for line in lynis_report.read_text(encoding="utf-8").splitlines()
                if line.startswith("warning[]=")]
    index = int(fields["hardening_index"])
    expected = "pass" if index >= 60 and not {"AUTH-9308", "FIRE-4512"} & set(warnings) else "fail"
    aid = make_assessment(["127.0.0.1"])
    out = _import(scan_ws, aid, lynis_report, "--target", "127.0.0.1")
    assert f"Hardening index {index}" in out
    result, detail = _technical(scan_ws, aid, "KTCC-05")
    assert result == expected
    assert any(f"hardening index of 127.0.0.1 is {index}" in m["en"] for m in detail["messages"])
    [(targets, summary)] = db_rows(scan_ws, "SELECT targets, summary FROM scans")
    assert json.loads(targets) == ["127.0.0.1"] and json.loads(summary)["declared_targets"] == ["127.0.0.1"]
