"""Storage at province scale (issue #19): database size of the synthetic province at 1,000, 2,000 and
4,000 systems, and on each database the whole-process time of the commands officers run on it:
``report province`` per format, ``system show``, ``assess show`` and ``report system --format json``.

Targets: the 2,000-system database at most 300 MB and growing linearly with the number of systems
(bytes per system at 4,000 no more than at 1,000, with some slack); the provincial report for 2,000
systems at most 5 s per format, whole process. The phases of the provincial report (loading the data,
computing the figures, rendering each format) are also timed inside one process, so that the loading
part can be read apart from the renderers.

Each province is made by ``bench/gen_province.py`` into ``$SECASSESS_BENCH_DIR`` (default: a folder
under the system's temporary directory), one folder per size and schema revision, and kept between
runs (``--clean`` deletes each one after measuring it: the 4,000-system province is large). Every
timed command is a fresh process (``python -m secassess``), median of ``RUNS``; the page cache is
warm, or with ``--cold`` the database's pages are evicted before each run (as after a reboot or
when the database is larger than the memory left for caching). The machine's load average is printed before and after, since the numbers depend on it.

    .venv/bin/python bench/bench_storage.py                  # 1000 2000 4000
    .venv/bin/python bench/bench_storage.py 2000 --clean     # one size, deleted afterwards
    .venv/bin/python bench/bench_storage.py 2000 --formats json,pdf
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen_province import generate  # noqa: E402

SIZES = (1000, 2000, 4000)
FORMATS = ("json", "csv", "xlsx", "html", "pdf")
RUNS = 3
TARGET_MB, TARGET_S, TARGET_SIZE = 300, 5.0, 2000
NOW = "2026-11-05T10:00:00+07:00"


def workspace(size: int) -> Path:
    from secassess.store.migrations import HEAD

    base = Path(os.environ.get("SECASSESS_BENCH_DIR") or Path(tempfile.gettempdir()) / "secassess-bench")
    ws = base / f"storage-{size}-r{HEAD}"
    if not (ws / "secassess.db").is_file():
        if ws.exists():
            shutil.rmtree(ws)
        print(f"generating {size} systems in {ws} ...", flush=True)
        ws.parent.mkdir(parents=True, exist_ok=True)
        counts = generate(ws, size, say=lambda m: print(m, flush=True))
        print("  " + json.dumps(counts), flush=True)
    return ws


def db_bytes(ws: Path) -> int:
    """The database as it sits on disk: the file and its WAL (checkpointed by the generator)."""
    return sum(p.stat().st_size for p in ws.glob("secassess.db*") if ".bak-" not in p.name)


def table_sizes(db: Path) -> dict[str, int]:
    """Bytes per table, its indexes included (SQLite's dbstat; empty when it is not compiled in)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT coalesce(m.tbl_name, s.name), sum(s.pgsize) FROM dbstat s"
                           " LEFT JOIN sqlite_master m ON m.name = s.name GROUP BY 1 ORDER BY 2 DESC").fetchall()
    except sqlite3.OperationalError:
        return {}
    finally:
        con.close()
    return {str(name): int(size) for name, size in rows}


def pick(db: Path) -> tuple[str, int]:
    """A system and its latest finalized assessment, to show and report."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        aid, sid = con.execute("SELECT id, system_id FROM assessments WHERE status = 'finalized'"
                               " ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        con.close()
    return str(sid), int(aid)


def evict(ws: Path) -> None:
    """Drop the database's pages from the page cache (this file only), for a cold first read."""
    for f in ws.glob("secassess.db*"):
        fd = os.open(f, os.O_RDONLY)
        try:
            os.fsync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


COLD = False  # --cold: every timed run starts with the database out of the page cache


def timed(ws: Path, args: list[str], runs: int = RUNS) -> float:
    env = {**os.environ, "SECASSESS_NOW": NOW}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    samples = []
    for _ in range(runs):
        if COLD:
            evict(ws)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "secassess", "-w", str(ws), *args], check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


# the phases of the provincial report inside one process: open, load, compute, render and write each format
PHASES = """
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
from secassess import clock
from secassess.reporting.province import data as province_data, service
from secassess.reporting.province.period import Frame, parse_period, resolve_as_of
from secassess.workspace import Workspace
ws = Workspace.open(Path(sys.argv[1]))
out = {"import_and_open_s": time.perf_counter() - t0}
p = parse_period("2026-10")
frame = Frame(p, resolve_as_of(p, None, clock.local(clock.now()).date()))
t = time.perf_counter()
with ws.read() as conn:
    loaded = province_data.load(conn, [frame, frame.previous()], None, "vi")
out["load_s"] = time.perf_counter() - t
out["load_stats"] = {k: round(v, 3) for k, v in loaded.stats.items()}
t = time.perf_counter()
report = service.build(ws, service.Request(p), "vi")
out["load_and_compute_s"] = time.perf_counter() - t
for fmt in sys.argv[2].split(","):
    t = time.perf_counter()
    service.write(ws, report, fmt, Path(sys.argv[3]) / ("phases." + fmt))
    out["render_" + fmt + "_s"] = time.perf_counter() - t
print(json.dumps({k: (round(v, 3) if isinstance(v, float) else v) for k, v in out.items()}))
"""


def phases(ws: Path, formats: list[str], tmp: Path) -> dict[str, object]:
    env = {**os.environ, "SECASSESS_NOW": NOW}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if COLD:
        evict(ws)
    p = subprocess.run([sys.executable, "-c", PHASES, str(ws), ",".join(formats), str(tmp)], check=True, env=env,
                       capture_output=True, text=True)
    result: dict[str, object] = json.loads(p.stdout)
    return result


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sizes", nargs="*", type=int, default=list(SIZES))
    ap.add_argument("--formats", default=",".join(FORMATS), help="provincial report formats to time")
    ap.add_argument("--clean", action="store_true", help="delete each generated province after measuring it")
    ap.add_argument("--size-only", action="store_true", help="measure the database size only")
    ap.add_argument("--cold", action="store_true", help="evict the database from the page cache before each run")
    args = ap.parse_args(argv)
    global COLD
    COLD = args.cold
    formats = [f for f in args.formats.split(",") if f]
    print(load(), flush=True)
    per_system: dict[int, float] = {}
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            ws = workspace(size)
            db = ws / "secassess.db"
            total = db_bytes(ws)
            per_system[size] = total / size
            verdict = ""
            if size == TARGET_SIZE:
                verdict = "  [ok]" if total <= TARGET_MB * 1e6 else "  [OVER TARGET]"
                failed |= total > TARGET_MB * 1e6
            print(f"{size:5d} systems  database {total / 1e6:8.1f} MB  ({total / size / 1e3:.1f} KB per system)"
                  f"{verdict}", flush=True)
            for name, nbytes in list(table_sizes(db).items())[:8]:
                print(f"        {name:24s} {nbytes / 1e6:8.1f} MB", flush=True)
            if not args.size_only:
                sid, aid = pick(db)
                for fmt in formats:
                    t = timed(ws, ["report", "province", "--period", "2026-10", "--format", fmt,
                                   "-o", str(Path(tmp) / f"p.{fmt}")])
                    verdict = ""
                    if size == TARGET_SIZE:
                        verdict = "  [ok]" if t <= TARGET_S else "  [OVER TARGET]"
                        failed |= t > TARGET_S
                    print(f"        report province {fmt:4s}  median {t:5.2f} s{verdict}", flush=True)
                for label, cmd in (("system show", ["system", "show", sid]),
                                   ("assess show", ["assess", "show", str(aid)]),
                                   ("report system json", ["report", "system", str(aid), "--format", "json",
                                                           "-o", str(Path(tmp) / "s.json")])):
                    print(f"        {label:22s} median {timed(ws, cmd):5.2f} s", flush=True)
                print(f"        phases in one process: {json.dumps(phases(ws, formats, Path(tmp)))}", flush=True)
            if args.clean:
                shutil.rmtree(ws)
    if len(per_system) > 1:
        lo, hi = min(per_system), max(per_system)
        growth = per_system[hi] / per_system[lo]
        linear = growth <= 1.10
        print(f"size per system {per_system[lo] / 1e3:.1f} KB at {lo}, {per_system[hi] / 1e3:.1f} KB at {hi}: "
              f"{'linear' if linear else 'WORSE THAN LINEAR'} (×{growth:.2f})")
        failed |= not linear
    print(load(), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
