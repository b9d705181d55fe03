"""Moving a province to PostgreSQL, and the provincial report on each engine: whole-process time of
``secassess db copy --to URL`` for a synthetic province (``bench/gen_province.py``, kept in
``$SECASSESS_BENCH_DIR`` as bench_province.py keeps it) into a fresh database of a private PostgreSQL
cluster (tests/pgcluster.py: initdb in a temporary folder, fsync off — a real server with fsync on
writes slower), then ``report province --period 2026-10 --format json`` from the SQLite file and from
the server (median of three, whole process), which must be byte for byte the same.

    .venv/bin/python bench/bench_copy.py            # 2000 systems
    .venv/bin/python bench/bench_copy.py 500 2000
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
sys.path.insert(0, str(HERE.parent))

from bench_province import NOW, workspace  # noqa: E402
from tests import pgcluster  # noqa: E402

RUNS = 3


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(f"failed ({' '.join(cmd[3:6])}): {p.stderr[-2000:]}")
    return elapsed, p


def main(argv: list[str]) -> int:
    reason = pgcluster.missing_reason()
    if reason:
        print(f"skipped: {reason}")
        return 0
    sizes = [int(a) for a in argv] or [2000]
    env = {**os.environ, "SECASSESS_NOW": NOW}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    secassess = [sys.executable, "-m", "secassess"]
    with pgcluster.running() as cluster, tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            ws = workspace(size)
            url = cluster.url(cluster.create_database())
            sqlite_mb = (ws / "secassess.db").stat().st_size / 1e6
            copy_s, p = timed([*secassess, "-w", str(ws), "db", "copy", "--to", url, "--json"], env)
            summary = json.loads(p.stdout)
            import psycopg

            with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as conn:
                pg_mb = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0] / 1e6  # type: ignore[index]
            print(f"{size} systems: db copy {copy_s:.1f} s whole process ({summary['seconds']:.1f} s copying "
                  f"{summary['total_rows']:,} records, {summary['total_rows'] / summary['seconds']:,.0f}/s); "
                  f"SQLite {sqlite_mb:.0f} MB -> PostgreSQL {pg_mb:.0f} MB", flush=True)
            outputs: dict[str, bytes] = {}
            for engine, extra in (("sqlite", []), ("postgresql", ["--database", url])):
                times = []
                for i in range(RUNS):
                    out = Path(tmp) / f"{size}-{engine}-{i}.json"
                    s, _ = timed([*secassess, "-w", str(ws), *extra, "report", "province", "--period", "2026-10",
                                  "--format", "json", "-o", str(out)], env)
                    times.append(s)
                    outputs[engine] = out.read_bytes()
                print(f"  report province JSON from {engine}: {statistics.median(times):.2f} s "
                      f"(runs {', '.join(f'{t:.2f}' for t in times)})", flush=True)
            same = outputs["sqlite"] == outputs["postgresql"]
            print(f"  the two reports are {'identical' if same else 'DIFFERENT'}", flush=True)
            if not same:
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
