"""A synthetic province for the provincial report benchmark: N systems (default 2,000) in about
N/20 units, assessed against the built-in catalog's real profiles (level-1 … level-5,
important-system, national-database: 55–160 controls, about 140 on average), with a year of
finalized assessments (plus older ones and a few drafts), remediation items with their history,
and incidents — written straight into a real workspace's SQLite database in the layout secassess
itself writes: each assessment refers to its profile snapshot and each result row to its resolved
control, both stored once by digest (``secassess.store.content``), as ``assess start`` stores them.

    .venv/bin/python bench/gen_province.py --systems 2000 --out /tmp/province-2000

Deterministic for a given --seed. The report to time is then, for example::

    SECASSESS_NOW=2026-11-05T10:00:00+07:00 secassess -w /tmp/province-2000 report province \\
        --period 2026-10 --format json -o /tmp/r.json

At the end the generator reads one system back through secassess's own services, so a layout
mistake here fails loudly instead of producing a wrong benchmark.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from secassess.clock import LOCAL_TZ
from secassess.incident.rules import CATEGORIES as INCIDENT_CATEGORIES
from secassess.scoring import effective_result
from secassess.store.content import digest
from secassess.workspace import init_workspace

NOW = datetime(2026, 11, 5, 10, 0, tzinfo=LOCAL_TZ)  # when the report is made (period 2026-10)
YEAR_START = datetime(2025, 11, 1, tzinfo=LOCAL_TZ)
PERIOD_END = datetime(2026, 11, 1, tzinfo=LOCAL_TZ)
OLD_START = datetime(2024, 9, 1, tzinfo=LOCAL_TZ)
KINDS = ([("level", 1)] * 2 + [("level", 2)] * 8 + [("level", 3)] * 20 + [("level", 4)] * 45 + [("level", 5)] * 10
         + [("important", 0)] * 10 + [("national", 0)] * 5)
UNIT_NAMES = ["Sở Tư pháp", "Sở Y tế", "Sở Tài chính", "Sở Nội vụ", "Sở Xây dựng", "Sở Công Thương",
              "Sở Nông nghiệp và Môi trường", "Sở Giáo dục và Đào tạo", "Sở Văn hóa, Thể thao và Du lịch",
              "Sở Khoa học và Công nghệ", "Văn phòng UBND tỉnh", "Thanh tra tỉnh", "UBND phường", "UBND xã"]
CATEGORIES = list(INCIDENT_CATEGORIES)


def ts(dt: datetime) -> str:
    """A datetime as secassess stores it (UTCDateTime on SQLite: naive UTC text)."""
    return dt.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def between(rnd: random.Random, a: datetime, b: datetime) -> datetime:
    return a + timedelta(seconds=rnd.uniform(0, (b - a).total_seconds()))


def profiles() -> dict[tuple[str, int], tuple[dict[str, Any], list[tuple[Any, ...]]]]:
    """(kind, level) -> (snapshot, controls as (id, domain, severity, weight, mandatory, resolved dict))."""
    from secassess.assessment.service import profile_snapshot
    from secassess.catalog.registry import load_library

    lib = load_library()
    lib.raise_if_problems()
    out: dict[tuple[str, int], tuple[dict[str, Any], list[tuple[Any, ...]]]] = {}
    wanted = [("level", n) for n in range(1, 6)] + [("important", 3), ("important", 4), ("national", 4),
                                                     ("national", 5)]
    for kind, level in wanted:
        pid = {"level": f"level-{level}", "important": "important-system", "national": "national-database"}[kind]
        r = lib.resolve(pid, level)
        ctrls = [(c.id, c.domain, c.severity, c.weight, c.mandatory, c.to_dict()) for c in r.controls]
        out[(kind, level)] = (profile_snapshot(lib, r), ctrls)
    return out


class Contents:
    """Content rows (``profile_snapshots``, ``resolved_controls``) written once each, by digest."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self.ids: dict[tuple[str, str], int] = {}
        self.seen: dict[int, tuple[Any, int]] = {}  # id(value) -> (value, row id): the same dicts recur

    def ref(self, table: str, value: Any) -> int:
        hit = self.seen.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        key = (table, digest(value))
        if key not in self.ids:
            cur = self.con.execute(f"INSERT INTO {table} (digest, content) VALUES (?, ?)",
                                   (key[1], json.dumps(value, ensure_ascii=False)))
            assert cur.lastrowid is not None
            self.ids[key] = cur.lastrowid
        self.seen[id(value)] = (value, self.ids[key])
        return self.ids[key]


def generate(out: Path, n_systems: int, seed: int = 214, say: Any = print) -> dict[str, int]:
    rnd = random.Random(seed)
    t0 = time.perf_counter()
    ws = init_workspace(out)
    db = ws.db_path
    ws.close()
    profs = profiles()
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA foreign_keys=OFF")
    contents = Contents(con)
    counts = {"units": 0, "systems": 0, "assessments": 0, "results": 0, "items": 0, "history": 0, "incidents": 0}
    created = ts(datetime(2024, 1, 2, 8, 0, tzinfo=LOCAL_TZ))
    n_units = max(1, n_systems // 20)
    con.executemany("INSERT INTO units (id, name, contact, created_at) VALUES (?, ?, '', ?)",
                    [(f"U{u:03d}", f"{UNIT_NAMES[u % len(UNIT_NAMES)]} số {u + 1}", created) for u in range(n_units)])
    counts["units"] = n_units
    assessment_id = 0
    item_id = 0
    incident_id = 0
    for s in range(n_systems):
        sid = f"S{s:05d}"
        unit = f"U{rnd.randrange(n_units):03d}"
        kind, level = rnd.choice(KINDS)
        if kind != "level":
            level = rnd.choice((3, 4)) if kind == "important" else rnd.choice((4, 5))
        in_use = rnd.random() < 0.97
        sys_created = created if rnd.random() > 0.01 else ts(between(rnd, datetime(2026, 10, 1, tzinfo=LOCAL_TZ),
                                                                      datetime(2026, 10, 31, tzinfo=LOCAL_TZ)))
        dossier = (date(2024, 3, 1) + timedelta(days=rnd.randrange(900))).isoformat() if rnd.random() < 0.8 else None
        plan = (date(2024, 6, 1) + timedelta(days=rnd.randrange(880))).isoformat() if rnd.random() < 0.7 else None
        con.execute(
            "INSERT INTO systems (id, name, unit_id, level, important, national_database, in_use, description, owner,"
            " contact, hosting, level_dossier_approved, security_plan_approved, targets, allowed_ports, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, '', '', ?, ?, '[]', '[]', ?, ?)",
            (sid, f"Hệ thống thông tin số {s + 1}", unit, level, int(kind == "important"), int(kind == "national"),
             int(in_use), "Phòng Công nghệ thông tin", dossier, plan, sys_created, sys_created))
        counts["systems"] += 1
        snap, ctrls = profs[(kind, level)]
        pid = snap["profile"]
        finals: list[datetime] = []
        if rnd.random() < 0.6:
            finals.append(between(rnd, OLD_START, YEAR_START - timedelta(days=1)))
        if rnd.random() < 0.85:
            finals.append(between(rnd, YEAR_START, PERIOD_END - timedelta(hours=1)))
            if rnd.random() < 0.25:
                finals.append(between(rnd, finals[-1], PERIOD_END - timedelta(minutes=30)))
        finals.sort()
        last_results: list[tuple[str, str, str]] = []
        last_at: datetime | None = None
        for i, fin in enumerate([*finals, None] if rnd.random() < 0.05 else finals):
            assessment_id += 1
            started = (fin or NOW) - timedelta(days=rnd.randint(5, 20))
            con.execute(
                "INSERT INTO assessments (id, system_id, profile_id, catalog_id, catalog_version, catalog_digest,"
                " level, snapshot_ref, assessor, status, allow_incomplete, started_at, finalized_at, finalized_by,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'Cán bộ đánh giá', ?, 0, ?, ?, ?, ?)",
                (assessment_id, sid, pid, snap["catalog"], snap["catalog_version"], snap["catalog_digest"], level,
                 contents.ref("profile_snapshots", snap), "finalized" if fin else "draft", ts(started), ts(fin) if fin else None,
                 "Cán bộ đánh giá" if fin else None, ts(fin or started)))
            counts["assessments"] += 1
            maturity = rnd.uniform(0.55, 0.97) + 0.02 * i
            rows = []
            res_here = []
            for pos, (cid, dom, sev, weight, mand, control) in enumerate(ctrls, start=1):
                x = rnd.random()
                if fin is None and x < 0.4:
                    result = "not_assessed"
                elif x < maturity:
                    result = "pass"
                elif x < maturity + (1 - maturity) * 0.4:
                    result = "partial"
                elif x < maturity + (1 - maturity) * 0.8:
                    result = "fail"
                elif x < maturity + (1 - maturity) * 0.95:
                    result = "not_applicable"
                else:
                    result = "not_assessed" if not mand else "pass"
                tech = "fail" if rnd.random() < 0.01 else None
                rows.append((assessment_id, cid, pos, dom, sev, weight, int(mand),
                             contents.ref("resolved_controls", control), result,
                             "Đã kiểm tra hồ sơ và cấu hình." if result != "not_assessed" else "",
                             "Không có thành phần này." if result == "not_applicable" else "",
                             "Đầu mối ATTT" if result != "not_assessed" else None,
                             ts(started + timedelta(days=2)) if result != "not_assessed" else None, tech))
                eff = effective_result(result, tech)[0]  # type: ignore[arg-type]
                res_here.append((cid, sev, eff))
            con.executemany(
                "INSERT INTO results (assessment_id, control_id, position, domain_id, severity, weight, mandatory,"
                " control_ref, result, note, justification, answered_by, answered_at, technical_result,"
                " technical_detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)", rows)
            counts["results"] += len(rows)
            if fin is not None:
                last_results, last_at = res_here, fin
        # remediation items from the latest finalized assessment (as finalizing would open them)
        if last_at is not None:
            titles = {c[0]: c[5]["title"] for c in ctrls}
            for cid, sev, eff in last_results:
                if eff not in ("fail", "partial"):
                    continue
                item_id += 1
                due = (last_at.astimezone(LOCAL_TZ).date() + timedelta(days=snap["due_days"][sev]))
                x = rnd.random()
                status = ("open" if x < 0.4 else "in_progress" if x < 0.65 else "resolved" if x < 0.8
                          else "verified" if x < 0.95 else "risk_accepted")
                until = (date(2026, 8, 1) + timedelta(days=rnd.randrange(150))) if status == "risk_accepted" else None
                changed = between(rnd, last_at, NOW - timedelta(hours=1)) if status != "open" else last_at
                con.execute(
                    "INSERT INTO remediation_items (id, system_id, control_id, title, severity, status, result, owner,"
                    " due_date, opened_at, opened_by_assessment_id, last_assessment_id, verified_by_assessment_id,"
                    " risk_approver, risk_reason, risk_until, version, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
                    " ?, ?, ?, NULL, ?, ?, ?, ?, ?)",
                    (item_id, sid, cid, json.dumps(titles[cid]), sev, status, eff, "Phòng Công nghệ thông tin",
                     due.isoformat(), ts(last_at), assessment_id, assessment_id,
                     "Lãnh đạo đơn vị" if until else None, "Chờ kinh phí" if until else None,
                     until.isoformat() if until else None, 1 if status == "open" else 2, ts(changed)))
                hist = [(item_id, ts(last_at), "Cán bộ đánh giá", "opened",
                         json.dumps({"status": [None, "open"], "severity": [None, sev],
                                     "due_date": [None, due.isoformat()]}), "")]
                if status != "open":
                    ch: dict[str, Any] = {"status": ["open", status]}
                    if until:
                        ch["risk_until"] = [None, until.isoformat()]
                    hist.append((item_id, ts(changed), "Đầu mối ATTT", "updated", json.dumps(ch),
                                 "Cập nhật tiến độ khắc phục"))
                con.executemany("INSERT INTO remediation_history (item_id, at, actor, action, changes, note)"
                                " VALUES (?, ?, ?, ?, ?, ?)", hist)
                counts["items"] += 1
                counts["history"] += len(hist)
        # incidents over fifteen months
        for _ in range(rnd.choice((0, 0, 0, 1, 1, 2))):
            incident_id += 1
            detected = between(rnd, datetime(2025, 8, 1, tzinfo=LOCAL_TZ), NOW - timedelta(days=1))
            x = rnd.random()
            notified = (detected + timedelta(hours=rnd.uniform(0.5, 23.5)) if x < 0.8
                        else detected + timedelta(hours=rnd.uniform(24.5, 70)) if x < 0.92 else None)
            y = rnd.random()
            full = (None if notified is None else
                    max(notified, detected + timedelta(hours=rnd.uniform(24, 71))) if y < 0.7 else
                    max(notified, detected + timedelta(hours=rnd.uniform(73, 150))) if y < 0.85 else None)
            resolved = detected + timedelta(days=rnd.uniform(0.2, 10)) if rnd.random() < 0.85 else None
            if resolved is not None and resolved > NOW:
                resolved = None
            if notified is not None and notified > NOW:
                notified, full = None, None
            if full is not None and full > NOW:
                full = None
            status = "resolved" if resolved else rnd.choice(("open", "handling"))
            con.execute(
                "INSERT INTO incidents (id, system_id, detected_at, category, severity, description, actions_taken,"
                " notified_at, full_report_at, resolved_at, status, version, created_by, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 'Đầu mối ATTT', ?, ?)",
                (incident_id, sid, ts(detected), rnd.choice(CATEGORIES),
                 rnd.choice(("low", "medium", "medium", "high", "critical")),
                 "Sự cố an toàn thông tin (dữ liệu mô phỏng)", "Đã cô lập, khắc phục",
                 ts(notified) if notified else None, ts(full) if full else None, ts(resolved) if resolved else None,
                 status, ts(detected + timedelta(hours=1)), ts(detected + timedelta(hours=2))))
            con.execute("INSERT INTO incident_history (incident_id, at, actor, changes, note) VALUES (?, ?, ?, ?, '')",
                        (incident_id, ts(detected + timedelta(hours=1)), "Đầu mối ATTT",
                         json.dumps({"status": [None, status]})))
            counts["incidents"] += 1
        if (s + 1) % 500 == 0:
            con.commit()
            say(f"  {s + 1}/{n_systems} systems ({time.perf_counter() - t0:.0f} s)")
    con.commit()
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("ANALYZE")
    con.close()
    _check(out)
    counts["seconds"] = round(time.perf_counter() - t0)
    counts["db_mb"] = round(db.stat().st_size / 1e6)
    return counts


def _check(out: Path) -> None:
    """Read one system back with secassess's own services (a layout mistake fails here)."""
    from secassess.assessment.score import score
    from secassess.incident.rules import Deadlines
    from secassess.incident.service import list_incidents
    from secassess.remediation.service import list_items
    from secassess.workspace import Workspace

    ws = Workspace.open(out)
    try:
        with ws.read() as conn:
            aid = conn.exec_driver_sql("SELECT min(id) FROM assessments WHERE status = 'finalized'").scalar()
            if aid is not None:
                a, rows, rep = score(conn, int(aid))
                assert a.finalized_at is not None and rows and rep.score is not None
            list_items(conn, as_of=NOW.date())
            list_incidents(conn, Deadlines(), at=NOW)
    finally:
        ws.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--systems", type=int, default=2000, help="number of systems (default 2000)")
    ap.add_argument("--out", type=Path, required=True, help="new workspace folder")
    ap.add_argument("--seed", type=int, default=214)
    args = ap.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        print(f"{args.out}: exists and is not empty", file=sys.stderr)
        return 2
    counts = generate(args.out, args.systems, args.seed)
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
