"""Many users at once on ``secassess serve``: a synthetic province (``gen_province.py``, 2,000 systems by
default, ~140 controls each, a year of history) served from PostgreSQL (a private cluster,
``tests/pgcluster.py``; ``--sqlite`` to serve the SQLite file instead) by several uvicorn worker processes,
over real HTTP on loopback. USERS simulated unit officers (one account per unit, each with a draft
assessment of one of its systems) answer their questionnaires concurrently — open the questionnaire,
then save one answer after another, each save carrying the version it read (optimistic locking) —
while one province officer reloads the dashboard. It stops by itself after SECONDS, or when each user
has saved MAX_SAVES answers.

Reported: median, 95th percentile and maximum of an answer save, of opening the questionnaire and of
the dashboard; errors (any status ≥ 400, or a refused connection); and lost or silently overwritten
answers: at the end every control's row in the database must hold the last answer acknowledged for it,
and its version must have risen by exactly the number of saves acknowledged.

Targets (issue #18): save p95 ≤ 300 ms, dashboard p95 ≤ 500 ms, no lost answer, no error.

    .venv/bin/python bench/bench_web.py [--systems 2000] [--users 50] [--seconds 60] [--workers 2]
                                        [--think 1.0] [--sqlite]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench_web_pages import PASSWORD, run_on, server_env, start_server  # noqa: E402

MAX_SAVES = 2000  # per user: a bound besides the time
RESULTS = ("pass", "partial", "fail")


@dataclass
class Account:
    login: str
    unit: str | None
    assessment: int | None
    token: str = ""
    csrf: str = ""


@dataclass
class Tally:
    save: list[float] = field(default_factory=list)
    page: list[float] = field(default_factory=list)
    dashboard: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    conflicts: int = 0
    #: (assessment, control) -> [(note acknowledged, version returned)], in the order acknowledged
    acked: dict[tuple[int, str], list[tuple[str, int]]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def setup(root: Path, systems: int, users: int) -> tuple[list[Account], dict[tuple[int, str], int]]:
    """The province, one unit officer per unit (the first ``users`` units) with a draft assessment each,
    a province officer; sessions opened directly (as a login would: argon2 and the login throttle are
    the login's business, measured elsewhere). Returns the accounts and each control's starting version."""
    from gen_province import generate

    from secassess.accounts.service import find_user, open_session, update_user
    from secassess.app import accounts
    from secassess.app.actor import Actor
    from secassess.assessment.service import list_assessments, load_results, start_assessment
    from secassess.inventory.service import list_systems
    from secassess.workspace import Workspace

    generate(root, systems, say=lambda *_a: None)
    ws = Workspace.open(root)
    with ws.read() as conn:
        by_unit: dict[str, list[Any]] = {}
        for s in list_systems(conn):
            by_unit.setdefault(s.unit_id, []).append(s)
    chosen = sorted(by_unit)[:users]
    if len(chosen) < users:
        raise SystemExit(f"the province has {len(chosen)} units, fewer than {users} users")
    out: list[Account] = []
    start: dict[tuple[int, str], int] = {}
    boss = Actor("bench", "admin")
    for i, unit in enumerate(chosen):
        system = max(by_unit[unit], key=lambda s: (s.level, s.id))
        with ws.write() as conn:
            drafts = [a for a in list_assessments(conn, system_id=system.id) if not a.finalized]
            aid = drafts[0].id if drafts else start_assessment(conn, ws.library, system.id, None, "bench")
            for r in load_results(conn, aid):
                start[(aid, r.control_id)] = r.version
        out.append(Account(f"unit{i + 1:02d}", unit, aid))
    out.append(Account("officer1", None, None))
    for acc in out:
        role = "unit_officer" if acc.unit else "officer"
        user = accounts.add_user(ws, boss, acc.login, role, PASSWORD, unit=acc.unit)
        with ws.write() as conn:
            update_user(conn, user.id, must_change_password=False)
            found = find_user(conn, acc.login)
            assert found is not None
            acc.token, session = open_session(conn, found.id, "127.0.0.1", "bench_web")
            acc.csrf = session.csrf_token
    ws.close()
    return out, start


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q * len(s)) - 1))]


def line(label: str, values: list[float]) -> str:
    return (f"{label:<36} n={len(values):6d}   p50 {pct(values, .5):7.1f} ms   p95 {pct(values, .95):7.1f} ms   "
            f"max {max(values) if values else float('nan'):7.1f} ms")


def client(base: str, acc: Account) -> Any:
    import httpx

    c = httpx.Client(base_url=base, timeout=60, headers={"X-CSRF-Token": acc.csrf})
    c.cookies.set("secassess_session", acc.token)
    return c


def unit_officer(base: str, acc: Account, tally: Tally, stop: float, think: float, seed: int) -> None:
    import httpx

    rnd = random.Random(seed)
    hx = {"HX-Request": "true"}
    saves = 0
    with client(base, acc) as c:
        while time.monotonic() < stop and saves < MAX_SAVES:
            t0 = time.perf_counter()
            try:
                r = c.get(f"/assessments/{acc.assessment}")
            except httpx.HTTPError as exc:
                tally.errors.append(f"GET questionnaire: {exc!r}")
                continue
            with tally.lock:
                tally.page.append((time.perf_counter() - t0) * 1000)
            if r.status_code != 200:
                tally.errors.append(f"GET questionnaire: {r.status_code}")
                time.sleep(think)
                continue
            versions = {c_: int(v) for v, c_ in re.findall(r'name="version" value="(\d+)" id="v-([^"]+)"', r.text)}
            controls = list(versions)
            rnd.shuffle(controls)
            for cid in controls:
                if time.monotonic() >= stop or saves >= MAX_SAVES:
                    break
                time.sleep(rnd.uniform(0.5 * think, 1.5 * think))
                note = f"{acc.login} lần {saves + 1}"
                t0 = time.perf_counter()
                try:
                    r = c.post(f"/assessments/{acc.assessment}/controls/{cid}", headers=hx,
                               data={"result": rnd.choice(RESULTS), "note": note, "version": str(versions[cid])})
                except httpx.HTTPError as exc:
                    tally.errors.append(f"POST answer: {exc!r}")
                    continue
                ms = (time.perf_counter() - t0) * 1000
                if r.status_code == 409:
                    with tally.lock:
                        tally.conflicts += 1
                    continue
                if r.status_code != 200:
                    tally.errors.append(f"POST answer: {r.status_code} {r.text[:120]!r}")
                    continue
                m = re.search(r'name="version" value="(\d+)" id="v-', r.text)
                if m is None:
                    tally.errors.append("POST answer: no version in the answer")
                    continue
                versions[cid] = int(m.group(1))
                saves += 1
                with tally.lock:
                    tally.save.append(ms)
                    tally.acked.setdefault((acc.assessment or 0, cid), []).append((note, versions[cid]))


def officer(base: str, acc: Account, tally: Tally, stop: float, pause: float) -> None:
    import httpx

    with client(base, acc) as c:
        while time.monotonic() < stop:
            t0 = time.perf_counter()
            try:
                r = c.get("/")
            except httpx.HTTPError as exc:
                tally.errors.append(f"GET dashboard: {exc!r}")
                continue
            ms = (time.perf_counter() - t0) * 1000
            if r.status_code != 200 or "Tổng quan toàn tỉnh" not in r.text:
                tally.errors.append(f"GET dashboard: {r.status_code}")
            else:
                with tally.lock:
                    tally.dashboard.append(ms)
            time.sleep(pause)


def check_answers(env: dict[str, str], root: Path, tally: Tally, start: dict[tuple[int, str], int]) -> tuple[int, int]:
    """(lost, overwritten): controls whose stored note is not the last one acknowledged, and controls whose
    version did not rise by exactly the number of saves acknowledged."""
    from secassess.assessment.service import load_results
    from secassess.workspace import Workspace

    old = os.environ.get("SECASSESS_DATABASE")
    if "SECASSESS_DATABASE" in env:
        os.environ["SECASSESS_DATABASE"] = env["SECASSESS_DATABASE"]
    ws = Workspace.open(root)
    lost = overwritten = 0
    try:
        stored: dict[tuple[int, str], tuple[str, int]] = {}
        with ws.read() as conn:
            for aid in sorted({a for a, _c in tally.acked}):
                for r in load_results(conn, aid):
                    stored[(aid, r.control_id)] = (r.note, r.version)
        for key, acks in tally.acked.items():
            note, version = stored[key]
            if note != acks[-1][0]:
                lost += 1
            if version != start[key] + len(acks) or version != acks[-1][1]:
                overwritten += 1
    finally:
        ws.close()
        if old is None:
            os.environ.pop("SECASSESS_DATABASE", None)
        else:
            os.environ["SECASSESS_DATABASE"] = old
    return lost, overwritten


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--systems", type=int, default=2000)
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--think", type=float, default=1.0, help="mean seconds a user takes between two saves")
    ap.add_argument("--dashboard-pause", type=float, default=0.5, help="seconds between two dashboard reloads")
    ap.add_argument("--sqlite", action="store_true", help="serve the SQLite file instead of PostgreSQL")
    args = ap.parse_args()
    return run_on(not args.sqlite, run, args)


def run(args: argparse.Namespace, cluster: Any) -> int:

    tmp = Path(tempfile.mkdtemp(prefix="bench-web-many-"))
    root = tmp / "province"
    t0 = time.perf_counter()
    accounts, start = setup(root, args.systems, args.users)
    print(f"province of {args.systems} systems and {len(accounts) - 1} unit officers ready in "
          f"{time.perf_counter() - t0:.0f} s; machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}",
          flush=True)
    env = server_env(root, cluster)
    proc, base = start_server(env, workers=args.workers, stderr=subprocess.PIPE)
    tally = Tally()
    try:
        # each worker process computes the scores of the finalized assessments once (they never change):
        # warm them, as a server that has run for a while has
        boss = next(a for a in accounts if a.unit is None)
        with client(base, boss) as c:
            for _ in range(2 * args.workers):
                c.get("/")
        stop = time.monotonic() + args.seconds
        threads = [threading.Thread(target=unit_officer, args=(base, a, tally, stop, args.think, i), daemon=True)
                   for i, a in enumerate(accounts) if a.unit]
        threads.append(threading.Thread(target=officer, args=(base, boss, tally, stop, args.dashboard_pause),
                                        daemon=True))
        t1 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=args.seconds + 120)
        elapsed = time.perf_counter() - t1
    finally:
        os.killpg(proc.pid, 15)
        try:
            _out, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            _out, err = proc.communicate()
    lost, overwritten = check_answers(env, root, tally, start)
    saves = len(tally.save)
    print(f"{args.users} unit officers (think {args.think} s) + 1 officer on the dashboard, {args.workers} workers, "
          f"{'PostgreSQL' if cluster is not None else 'SQLite'}, {elapsed:.0f} s: {saves} answers saved "
          f"({saves / elapsed:.1f}/s)")
    print(line("POST one answer", tally.save))
    print(line("GET questionnaire", tally.page))
    print(line("GET / (dashboard, province officer)", tally.dashboard))
    print(f"errors {len(tally.errors)}   conflicts (409) {tally.conflicts}   lost answers {lost}   "
          f"overwritten {overwritten}   controls answered {len(tally.acked)}")
    for e in tally.errors[:10]:
        print("  ", e)
    server_errors = [x for x in (err or b"").decode("utf-8", "replace").splitlines() if "Traceback" in x or "ERROR" in x]
    print(f"server log: {len(server_errors)} error lines")
    ok = (pct(tally.save, .95) <= 300 and pct(tally.dashboard, .95) <= 500 and not lost and not overwritten
          and not tally.errors)
    print("targets met" if ok else "targets NOT met (save p95 ≤ 300 ms, dashboard p95 ≤ 500 ms, no loss, no error)")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
