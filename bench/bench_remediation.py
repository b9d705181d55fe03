"""Remediation at province scale: 200 systems, each finalized three times against 150 controls.

Measures, on a real SQLite workspace in a temporary folder: syncing one finalized assessment into
items (inside its transaction), listing every item (``list_items``) and one system's items (what
the system report does), the whole ``remediation list`` / ``export --format xlsx`` commands as a
user runs them, and one versioned update.
No fixed target in the issue; an officer's command should answer in well under a second or two.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from secassess.assessment.service import insert_assessment, insert_results
from secassess.clock import LOCAL_TZ
from secassess.remediation import service
from secassess.store.schema.inventory import systems, units
from secassess.workspace import init_workspace

SYSTEMS = 200
CONTROLS = 150
ROUNDS = 3  # finalized assessments per system
UNITS = 30
SEVERITIES = ["low"] * 3 + ["medium"] * 4 + ["high"] * 2 + ["critical"]
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=LOCAL_TZ)


def add_assessment(conn: object, system_id: str, at: datetime, rnd: random.Random, fail_rate: float) -> int:
    aid = insert_assessment(conn, dict(  # type: ignore[arg-type]
        system_id=system_id, profile_id="level-3", catalog_id="bench", catalog_version="1", catalog_digest="0" * 64,
        level=3, snapshot={"due_days": {"critical": 15, "high": 30, "medium": 90, "low": 180}}, assessor="bench",
        status="finalized", started_at=at, finalized_at=at, finalized_by="bench", updated_at=at))
    rows = []
    for n in range(CONTROLS):
        x = rnd.random()
        res = "fail" if x < fail_rate else "partial" if x < fail_rate * 1.5 else "pass"
        rows.append({"control_id": f"C-{n:03d}", "position": n, "domain_id": "D",
                     "severity": SEVERITIES[n % len(SEVERITIES)], "weight": 1.0, "mandatory": False,
                     "control": {"title": {"vi": f"Yêu cầu số {n} về an toàn thông tin", "en": f"Control {n}"}},
                     "result": res, "note": "", "justification": ""})
    insert_results(conn, aid, rows)  # type: ignore[arg-type]
    return int(aid)


def timed_cli(args: list[str], runs: int = 5) -> float:
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "secassess", *args], check=True, stdout=subprocess.DEVNULL)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def main() -> None:
    rnd = random.Random(8)
    with tempfile.TemporaryDirectory() as tmp:
        ws = init_workspace(Path(tmp) / "ws")
        now = T0
        with ws.write() as conn:
            for u in range(UNITS):
                conn.execute(insert(units).values(id=f"U{u:02d}", name=f"Đơn vị {u}", created_at=now))
            for s in range(SYSTEMS):
                conn.execute(insert(systems).values(id=f"S{s:03d}", name=f"Hệ thống {s}", unit_id=f"U{s % UNITS:02d}",
                                                    level=3, owner="Phòng CNTT", targets=[], allowed_ports=[],
                                                    created_at=now, updated_at=now))
        sync_times: list[float] = []
        for r in range(ROUNDS):
            at = T0 + timedelta(days=120 * r)
            for s in range(SYSTEMS):
                with ws.write() as conn:
                    aid = add_assessment(conn, f"S{s:03d}", at, rnd, fail_rate=0.2 - 0.05 * r)
                    t0 = time.perf_counter()
                    service.sync_with_assessment(conn, aid, actor="bench")
                    sync_times.append(time.perf_counter() - t0)
        with ws.read() as conn:
            t0 = time.perf_counter()
            every = service.list_items(conn)
            t_all = time.perf_counter() - t0
            t0 = time.perf_counter()
            for s in range(0, SYSTEMS, 10):
                service.list_items(conn, system_id=f"S{s:03d}")
            t_one = (time.perf_counter() - t0) / (SYSTEMS // 10)
        with ws.write() as conn:
            item = every[0]
            t0 = time.perf_counter()
            service.update_item(conn, item.id, actor="bench", expect_version=item.version, owner="Nguyễn Văn An")
            t_upd = time.perf_counter() - t0
        ws.close()
        print(f"{SYSTEMS} systems × {ROUNDS} finalized assessments × {CONTROLS} controls -> {len(every)} items")
        print(f"sync one finalized assessment   median {statistics.median(sync_times) * 1000:7.1f} ms, "
              f"max {max(sync_times) * 1000:7.1f} ms")
        print(f"list_items, every item          {t_all * 1000:7.1f} ms")
        print(f"list_items, one system          {t_one * 1000:7.1f} ms")
        print(f"update_item                     {t_upd * 1000:7.1f} ms")
        w = str(Path(tmp) / "ws")
        print(f"`remediation list` (whole CLI)  {timed_cli(['-w', w, 'remediation', 'list']) * 1000:7.1f} ms "
              "(median of 5, all unclosed items printed)")
        print(f"`remediation list --system`     "
              f"{timed_cli(['-w', w, 'remediation', 'list', '--system', 'S007']) * 1000:7.1f} ms")
        out = str(Path(tmp) / "k.xlsx")
        print(f"`remediation export xlsx`       {timed_cli(['-w', w, 'remediation', 'export', '-o', out], 1) * 1000:7.1f} ms"
              f" (every item)")
        out = str(Path(tmp) / "k.csv")
        print(f"`remediation export csv`        {timed_cli(['-w', w, 'remediation', 'export', '-o', out], 3) * 1000:7.1f} ms"
              f" (every item)")


if __name__ == "__main__":
    main()
