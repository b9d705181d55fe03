"""Upgrading a province's workspace from the 0.1 layout (schema 0005: every result row carrying its
whole control) to content-addressed storage (0006), as an officer meets it: the first command after
installing the new secassess backs the database up, migrates it (progress on stderr) and compacts it.

Target (issue #19): minutes, not hours, for the 2,000-system synthetic province (2.8 GB before).

The 0005 database is made from the synthetic province (``bench/gen_province.py``, written in the
current layout) by the migration's own downgrade, then compacted, so it is what 0.1 would have left
(same rows, same size). The whole ``secassess system list`` is timed from outside; the provincial
report (JSON) made before the downgrade and after the upgrade must be identical. Everything is made
under ``$SECASSESS_BENCH_DIR`` (default: the system's temporary folder) and deleted at the end (the
backup copy alone is as large as the old database).

    .venv/bin/python bench/bench_migration.py          # 2000 systems
    .venv/bin/python bench/bench_migration.py 500
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen_province import generate  # noqa: E402

NOW = "2026-11-05T10:00:00+07:00"
TARGET_S = 600.0


def province_json(ws: Path, out: Path) -> bytes:
    env = {**os.environ, "SECASSESS_NOW": NOW}
    subprocess.run([sys.executable, "-m", "secassess", "-w", str(ws), "report", "province", "--period", "2026-10",
                    "--format", "json", "-o", str(out)], check=True, env=env, capture_output=True)
    return out.read_bytes()


def main(argv: list[str]) -> int:
    from secassess.store.db import make_engine
    from secassess.store.migrate import downgrade

    size = int(argv[0]) if argv else 2000
    base = Path(os.environ.get("SECASSESS_BENCH_DIR") or tempfile.gettempdir())
    base.mkdir(parents=True, exist_ok=True)
    one, five, fifteen = os.getloadavg()
    print(f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores", flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="secassess-migration-", dir=base))
    try:
        ws = tmp / "ws"
        generate(ws, size, say=lambda _m: None)
        db = ws / "secassess.db"
        before = province_json(ws, tmp / "before.json")
        t0 = time.perf_counter()
        engine = make_engine(db)
        downgrade(engine, db, "0005")
        engine.dispose()
        con = sqlite3.connect(db, isolation_level=None)
        con.execute("VACUUM")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
        old_mb = db.stat().st_size / 1e6
        print(f"{size} systems: made the 0005 database ({old_mb:.0f} MB) in {time.perf_counter() - t0:.0f} s",
              flush=True)

        t0 = time.perf_counter()
        p = subprocess.Popen([sys.executable, "-m", "secassess", "-w", str(ws), "system", "list", "--json"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        assert p.stderr is not None
        for line in p.stderr:  # the progress an officer sees, with when it came
            print(f"  [{time.perf_counter() - t0:5.1f} s] {line.rstrip()}", flush=True)
        rc = p.wait()
        elapsed = time.perf_counter() - t0
        if rc != 0:
            raise SystemExit(f"secassess exited {rc}")
        new_mb = sum(f.stat().st_size for f in ws.glob("secassess.db*") if ".bak-" not in f.name) / 1e6
        backup_mb = (ws / "secassess.db.bak-0005").stat().st_size / 1e6
        same = province_json(ws, tmp / "after.json") == before
        ok = elapsed <= TARGET_S and same
        print(f"{size} systems: upgraded in {elapsed:.0f} s (backup, migration, compaction; whole process): "
              f"{old_mb:.0f} MB -> {new_mb:.0f} MB, backup {backup_mb:.0f} MB; provincial report "
              f"{'identical' if same else 'DIFFERENT'}{'  [ok]' if ok else '  [FAILED]'}", flush=True)
        return 0 if ok else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
