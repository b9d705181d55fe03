"""The provincial report at province scale: whole-process time and peak memory of
``secassess report province --period 2026-10`` for 1,000, 2,000 and 4,000 systems, in every format.

Targets (issue #9): under 10 s and under 500 MB at 2,000 systems; no worse than linear growth from
1,000 to 4,000 systems (time per system at 4,000 no more than at 1,000, with some slack for noise).

Each province is made by ``bench/gen_province.py`` (about 140 controls per assessment, a year of
assessments, remediation items with history, incidents) into ``$SECASSESS_BENCH_DIR`` (default: a
folder under the system's temporary directory), kept between runs because generating 4,000 systems
takes a minute and writes several gigabytes. Every run is a fresh process (``python -m secassess``),
timed from outside; its peak resident memory comes from ``getrusage`` of that one child. The page
cache is warm (the database was just written or read); a cold first read is slower.

    .venv/bin/python bench/bench_province.py            # 1000 2000 4000
    .venv/bin/python bench/bench_province.py 2000       # one size
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen_province import generate  # noqa: E402

from secassess.reporting.formats import PROVINCE  # noqa: E402

SIZES = (1000, 2000, 4000)
FORMATS = tuple(f.name for f in PROVINCE.demo())  # what the demo writes: every format but OSCAL
RUNS = 3
TARGET_S, TARGET_MB, TARGET_SIZE = 10.0, 500, 2000
NOW = "2026-11-05T10:00:00+07:00"

# a child that runs the command and prints its own child's peak memory (KiB on Linux)
MEASURE = ("import resource, subprocess, sys\n"
           "rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
           "print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")


def workspace(size: int) -> Path:
    from secassess.store.migrations import HEAD

    base = Path(os.environ.get("SECASSESS_BENCH_DIR") or Path(tempfile.gettempdir()) / "secassess-bench")
    ws = base / f"province-{size}-r{HEAD}"  # one per schema: an older one would be migrated when opened
    if not (ws / "secassess.db").is_file():
        print(f"generating {size} systems in {ws} ...", flush=True)
        ws.parent.mkdir(parents=True, exist_ok=True)
        counts = generate(ws, size, say=lambda m: print(m, flush=True))
        print("  " + json.dumps(counts), flush=True)
    return ws


def run_once(ws: Path, fmt: str, out: Path) -> tuple[float, float]:
    cmd = [sys.executable, "-m", "secassess", "-w", str(ws), "report", "province", "--period", "2026-10",
           "--format", fmt, "-o", str(out)]
    env = {**os.environ, "SECASSESS_NOW": NOW}
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-c", MEASURE, *cmd], capture_output=True, text=True, env=env, check=True)
    elapsed = time.perf_counter() - t0
    rc, kib = p.stdout.split()
    if rc != "0":
        raise SystemExit(f"report failed ({fmt}, {ws}): exit {rc}")
    return elapsed, int(kib) / 1024


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or list(SIZES)
    results: dict[int, dict[str, tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            ws = workspace(size)
            results[size] = {}
            for fmt in FORMATS:
                samples = [run_once(ws, fmt, Path(tmp) / f"r.{fmt}") for _ in range(RUNS)]
                t = statistics.median(s[0] for s in samples)
                mb = max(s[1] for s in samples)
                results[size][fmt] = (t, mb)
                size_kb = (Path(tmp) / f"r.{fmt}").stat().st_size // 1024
                verdict = ""
                if size == TARGET_SIZE:
                    ok = t < TARGET_S and mb < TARGET_MB
                    verdict = "  [ok]" if ok else "  [OVER TARGET]"
                print(f"{size:5d} systems  {fmt:4s}  median {t:5.2f} s  peak {mb:6.0f} MB  file {size_kb:6d} KB"
                      f"{verdict}", flush=True)
    failed = False
    if TARGET_SIZE in results:
        failed |= any(t >= TARGET_S or mb >= TARGET_MB for t, mb in results[TARGET_SIZE].values())
    if min(sizes) < max(sizes):
        lo, hi = min(sizes), max(sizes)
        for fmt in FORMATS:
            per_lo = results[lo][fmt][0] / lo
            per_hi = results[hi][fmt][0] / hi
            growth = per_hi / per_lo
            print(f"{fmt:4s}  time per system {per_lo * 1000:.2f} ms at {lo}, {per_hi * 1000:.2f} ms at {hi}: "
                  f"{'linear or better' if growth <= 1.15 else 'WORSE THAN LINEAR'} (×{growth:.2f})")
            failed |= growth > 1.15
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
