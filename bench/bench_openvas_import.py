"""Whole-process time and peak memory of ``secassess scan import ID report.xml`` for a 50 MB
OpenVAS/Greenbone report (issue #14: at most 10 s and 300 MB).

The report is written by the same builder the tests use (tests/scan/toolfiles.py): results with
description and solution texts of the length Greenbone writes, spread over 250 hosts of the
system's range and 10 hosts outside it, severities from log to critical. Each timed run imports
into a fresh draft assessment of the built-in catalog (level 3: QLLH-03 and QLLH-05 judge the
file), so every run parses, stores and judges the whole report. Peak memory is the maximum
resident set size of the import process itself (``wait4``).
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the builder in tests/scan

from tests.scan.toolfiles import Vuln, openvas_report

RUNS = 3
TARGET_S = 10.0
TARGET_MB = 300.0
SIZE = 50 * 1000 * 1000  # 50 MB (the default evidence limit is 50 MiB)
PYCACHE: Path | None = None


def exe() -> str:
    return shutil.which("secassess", path=str(Path(sys.executable).parent)) or "secassess"


def env(ws: Path) -> dict[str, str]:
    e = {**os.environ, "SECASSESS_WORKSPACE": str(ws), "SECASSESS_USER": "bench",
         "SECASSESS_NOW": "2026-10-05T09:00:00+07:00"}
    if PYCACHE is not None:
        e.pop("PYTHONDONTWRITEBYTECODE", None)
        e["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return e


def sa(ws: Path, *args: str) -> str:
    p = subprocess.run([exe(), *args], capture_output=True, text=True, env=env(ws))
    if p.returncode != 0:
        raise SystemExit(f"secassess {' '.join(args)} failed ({p.returncode}):\n{p.stdout}\n{p.stderr}")
    return p.stdout


def measured(ws: Path, *args: str) -> tuple[float, float]:
    """(wall seconds, peak resident MB) of one secassess process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([exe(), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env(ws))
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    out = proc.stdout.read().decode() if proc.stdout else ""
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"secassess {' '.join(args)} failed:\n{out}\n{err}")
    return wall, usage.ru_maxrss / 1024  # Linux reports kilobytes


DESCRIPTION = ("The remote host is missing an update for the package(s) announced via the referenced advisory. "
               "Vulnerability insight: multiple issues were found that allow an attacker to execute code or read "
               "data. Affected software/OS: the package versions listed below. Installed version: 1.2.3-4. Fixed "
               "version: 1.2.3-5. Detection method: checks if a vulnerable package version is present. ") * 3


def write_report(path: Path) -> int:
    """A report of about :data:`SIZE` bytes (below the 50 MiB evidence limit); returns the number of results."""
    one = len(openvas_report([Vuln("10.20.0.1", "x" * 60, 5.0, description=DESCRIPTION, cves=("CVE-2024-0001",))],
                             [])) - len(openvas_report([], []))
    n = SIZE // one
    severities = [0.0, 0.0, 2.6, 4.3, 5.0, 6.5, 7.5, 8.8, 9.8, 10.0]
    vulns = []
    for i in range(n):
        host = f"10.20.0.{1 + i % 250}" if i % 26 else f"203.0.113.{i % 10}"
        vulns.append(Vuln(host, f"Security advisory for package number {i % 4000:04d} (fictional)",
                          severities[i % 10], port=f"{(i * 7) % 65000 + 1}/tcp", oid=f"1.3.6.1.4.1.25623.1.0.{i % 90000}",
                          cves=(f"CVE-2024-{10000 + i % 50000}",), qod=70 + i % 30, description=DESCRIPTION))
    hosts = [f"10.20.0.{i}" for i in range(1, 251)] + [f"203.0.113.{i}" for i in range(10)]
    data = openvas_report(vulns, hosts)
    assert len(data) <= 50 * 1024 * 1024, len(data)
    path.write_bytes(data)
    return n


def main() -> int:
    global PYCACHE
    with tempfile.TemporaryDirectory(prefix="secassess-bench-") as tmp:
        base = Path(tmp)
        PYCACHE = base / "pycache"
        report = base / "greenbone-report.xml"
        t0 = time.perf_counter()
        n = write_report(report)
        print(f"report: {report.stat().st_size / 1e6:.1f} MB, {n} results, 260 hosts (10 outside the scope); "
              f"written in {time.perf_counter() - t0:.1f} s")
        ws = base / "ws"
        subprocess.run([exe(), "init", str(ws)], check=True, capture_output=True, env=env(ws))
        sa(ws, "unit", "add", "STP", "Sở Tư pháp")
        sa(ws, "system", "add", "STP-QLVB", "--name", "Quản lý văn bản", "--unit", "STP", "--level", "3",
           "--target", "10.20.0.0/24")
        walls: list[float] = []
        peaks: list[float] = []
        for _ in range(RUNS):
            aid = sa(ws, "assess", "start", "STP-QLVB", "--profile", "level-3").strip().splitlines()[-1]
            wall, peak = measured(ws, "scan", "import", aid, str(report))
            walls.append(wall)
            peaks.append(peak)
        med, peak = statistics.median(walls), max(peaks)
        ok = med <= TARGET_S and peak <= TARGET_MB
        print(f"scan import, 50 MB OpenVAS report: wall median {med:.2f} s (max {max(walls):.2f} s), "
              f"peak memory {peak:.0f} MB (n={RUNS})  [{'ok' if ok else 'OVER TARGET'}]")
        print(f"target: at most {TARGET_S:.0f} s and {TARGET_MB:.0f} MB; load average {os.getloadavg()[0]:.2f} "
              f"on {os.cpu_count()} cores; this process's children so far peaked at "
              f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
