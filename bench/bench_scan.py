"""``secassess scan run`` against raw ``nmap`` with the same flags on the same loopback ports.

Starts an HTTP server and an FTP-like server on 127.0.0.1, makes a throw-away workspace with a
system and a draft assessment (the scan test catalog), then times, several runs each and
alternating, the exact nmap command secassess builds (``scan run --dry-run --json``) and the
whole ``secassess scan run`` process (start-up, checks, nmap, parsing, storing, rules).

Target (issue #6): our overhead under 5 % of wall time. secassess adds a fixed cost (starting
Python, importing SQLAlchemy, opening and checking the database, recording) that does not grow
with the scan; while nmap runs it only waits (the parser, the rules and the catalog tables are
made ready in a background thread meanwhile). So the ratio depends on how long nmap itself
takes: a ``quick`` scan of two loopback ports takes nmap a few hundredths of a second and the
fixed cost dominates; service detection on a silent service (as real networks have) takes
nmap tens of seconds.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.scan.servers import http_server, tcp_server  # noqa: E402

RUNS = 5
FIXTURE = ROOT / "tests" / "fixtures" / "scan"


def setup(ws: Path) -> int:
    from secassess.assessment.service import start_assessment
    from secassess.catalog.registry import load_library
    from secassess.inventory.service import add_system, add_unit
    from secassess.workspace import init_workspace

    w = init_workspace(ws)
    lib = load_library([FIXTURE / "checklists"], [FIXTURE / "profiles"], include_builtin=False)
    with w.write() as conn:
        add_unit(conn, "BENCH", "Đơn vị thử")
        add_system(conn, {"id": "BENCH-1", "name": "Hệ thống thử", "unit": "BENCH", "level": 3,
                          "targets": ["127.0.0.1"], "allowed_ports": []})
        aid = start_assessment(conn, lib, "BENCH-1", "scan-test", "bench")
    w.close()
    cfg = ws / "secassess.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8")
                   .replace("checklist_dirs: []", f"checklist_dirs: [{FIXTURE / 'checklists'}]")
                   .replace("profile_dirs: []", f"profile_dirs: [{FIXTURE / 'profiles'}]"), encoding="utf-8")
    return aid


def timed(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
    return time.perf_counter() - t0


def main() -> int:
    if shutil.which("nmap") is None:
        print("nmap is not installed: skipped")
        return 0
    exe = shutil.which("secassess", path=str(Path(sys.executable).parent)) or "secassess"
    env = {**os.environ, "SECASSESS_USER": "bench"}
    with tempfile.TemporaryDirectory() as tmp, http_server(Path(tmp) / "www") as web, tcp_server("ftp") as ftp, \
            tcp_server("silent") as quiet:
        ws = Path(tmp) / "ws"
        aid = setup(ws)
        ports = f"{web},{ftp}"
        print(f"loopback: HTTP {web}, FTP-like {ftp}, silent {quiet}; runs alternate; medians")
        # (profile, options, label, runs): nmap waits about 2.5 minutes on a silent service, so once
        cases = [("quick", ["--ports", ports], "quick, 2 ports", RUNS),
                 ("standard", ["--ports", ports], "standard, 2 ports", RUNS),
                 ("standard", [], "standard, default ports (top 1000 + rules')", 3),
                 ("standard", ["--ports", f"{ports},{quiet}"], "standard, 2 ports + a silent service", 1)]
        for profile, extra, label, runs in cases:
            base = [exe, "-w", str(ws), "scan", "run", str(aid), "--profile", profile, *extra]
            dry = subprocess.run([*base, "--dry-run", "--json"], capture_output=True, text=True, check=True, env=env)
            nmap_cmd = json.loads(dry.stdout)["command"]
            raw, ours = [], []
            for _ in range(runs):
                raw.append(timed(nmap_cmd, env))
                ours.append(timed([*base, "--json"], env))
            r, o = statistics.median(raw), statistics.median(ours)
            overhead = (o - r) / o
            verdict = "ok" if overhead < 0.05 else "over 5 %"
            print(f"{label:<45} ({runs}x) nmap {r:7.3f} s  secassess {o:7.3f} s  ratio {o / r:5.2f}x  "
                  f"overhead {o - r:+.3f} s = {overhead * 100:5.1f} % of wall time  [{verdict}]", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
