"""Page and action times of ``secassess serve`` for one user at a time, over real HTTP on loopback, on a
synthetic province (``gen_province.py``: 2,000 systems by default, ~140 controls each, a year of history):
the home page of a province officer and of a unit officer, a questionnaire of ~150 controls, saving one
answer, the poll for others' changes, an evidence upload, the remediation lists, the audit log. Median
and 95th percentile of RUNS requests each, with the page's size raw and gzipped (what nginx sends).

    .venv/bin/python bench/bench_web_pages.py [--systems 2000] [--runs 30] [--postgresql]

``--postgresql``: the same province copied (``db copy``) into a private PostgreSQL cluster
(tests/pgcluster.py: fsync off, so writes are faster than on a production server) and served from there.

Issue #18's bench_web.py measures many users at once; this one is the single-user latency.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

PASSWORD = "mật khẩu đo hiệu năng dài"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(root: Path, cluster: object | None) -> dict[str, str]:
    """The environment of a server on the workspace ``root``: on a copy of its database in a new
    database of ``cluster`` (a running ``tests.pgcluster`` cluster) when one is given."""
    env = {**os.environ, "SECASSESS_WORKSPACE": str(root)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("SECASSESS_NOW", None)
    if cluster is not None:
        import psycopg

        from secassess.dburl import parse_url
        from secassess.store.copy import copy_database
        from secassess.store.db import make_engine

        url = cluster.url(cluster.create_database())  # type: ignore[attr-defined]
        source, target = make_engine(root / "secassess.db"), make_engine(parse_url(url))
        t1 = time.perf_counter()
        copy_database(source, target)  # runs ANALYZE on PostgreSQL
        source.dispose()
        target.dispose()
        # the planner's statistics once more after the copy's own transaction: without them PostgreSQL
        # scans the whole history for each item's last note (1.4 s a page)
        with psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
            conn.execute("ANALYZE")
        env["SECASSESS_DATABASE"] = url
        print(f"copied into PostgreSQL in {time.perf_counter() - t1:.0f} s", flush=True)
    return env


def start_server(env: dict[str, str], *, workers: int = 1, stderr: int = subprocess.DEVNULL
                 ) -> tuple[subprocess.Popen[bytes], str]:
    """``secassess serve`` on a free loopback port, once /healthz answers; the process and its URL."""
    import httpx

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "secassess", "serve", "--port", str(port), "--workers",
                             str(workers)], env=env, stdout=subprocess.DEVNULL, stderr=stderr,
                            start_new_session=True)
    for _ in range(300):
        try:
            if httpx.get(f"{base}/healthz").status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    os.killpg(proc.pid, 9)
    raise SystemExit("the server did not start")


def setup(root: Path, systems: int) -> tuple[str, int]:
    from gen_province import generate

    from secassess.accounts.service import update_user
    from secassess.app import accounts
    from secassess.app.actor import Actor
    from secassess.assessment.service import list_assessments, start_assessment
    from secassess.inventory.service import list_systems
    from secassess.workspace import Workspace

    generate(root, systems, say=lambda *_a: None)
    ws = Workspace.open(root)
    with ws.read() as conn:
        system = max((s for s in list_systems(conn) if s.level == 4), key=lambda s: (s.unit_id == "U001", s.id))
    unit = system.unit_id
    with ws.write() as conn:
        drafts = [a for a in list_assessments(conn, system_id=system.id) if not a.finalized]
        aid = drafts[0].id if drafts else start_assessment(conn, ws.library, system.id, None, "bench")
    boss = Actor("bench", "admin")
    for login, role, u in (("admin1", "admin", None), ("officer1", "officer", None), ("unit1", "unit_officer", unit)):
        user = accounts.add_user(ws, boss, login, role, PASSWORD, unit=u)
        with ws.write() as conn:
            update_user(conn, user.id, must_change_password=False)
    ws.close()
    return unit, aid


def login(client: object, base: str, who: str) -> str:
    import httpx

    assert isinstance(client, httpx.Client)
    form = client.get(f"{base}/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    r = client.post(f"{base}/login", data={"login": who, "password": PASSWORD, "csrf": token, "next": "/"})
    assert r.status_code == 303, r.text[:300]
    home = client.get(f"{base}/").text
    return re.search(r'"X-CSRF-Token": "([^"]+)"', home.replace("&#34;", '"')).group(1)  # type: ignore[union-attr]


def measure(label: str, fn: object, runs: int) -> None:
    times, size = [], 0
    for _ in range(runs):
        t0 = time.perf_counter()
        r = fn()  # type: ignore[operator]
        times.append((time.perf_counter() - t0) * 1000)
        assert r.status_code < 400, (label, r.status_code, r.text[:300])
        size = len(r.content)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    packed = len(gzip.compress(r.content, 6)) if size else 0
    print(f"{label:<44} median {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms   "
          f"{size / 1024:7.1f} KB ({packed / 1024:6.1f} KB gzip)", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--systems", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--postgresql", action="store_true", help="serve the province from a private PostgreSQL cluster")
    args = ap.parse_args()
    return run_on(args.postgresql, run, args)


def run_on(postgresql: bool, run: Callable[[argparse.Namespace, object | None], int], args: argparse.Namespace) -> int:
    """``run(args, cluster)`` with a private PostgreSQL cluster running, or ``run(args, None)`` for the
    SQLite file; 0 with a line saying why when PostgreSQL is asked for and cannot run here."""
    if not postgresql:
        return run(args, None)
    from tests import pgcluster

    reason = pgcluster.missing_reason()
    if reason:
        print(f"skipped: {reason}")
        return 0
    with pgcluster.running() as cluster:
        return run(args, cluster)


def run(args: argparse.Namespace, cluster: object) -> int:
    import httpx

    tmp = Path(tempfile.mkdtemp(prefix="bench-web-"))
    root = tmp / "province"
    t0 = time.perf_counter()
    unit, aid = setup(root, args.systems)
    print(f"province of {args.systems} systems ready in {time.perf_counter() - t0:.0f} s; unit {unit}, "
          f"assessment {aid}; machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}", flush=True)
    env = server_env(root, cluster)
    proc, base = start_server(env)
    try:
        officer, unit_c, admin = (httpx.Client(timeout=60) for _ in range(3))
        login(officer, base, "officer1")
        token = login(unit_c, base, "unit1")
        login(admin, base, "admin1")
        page = unit_c.get(f"{base}/assessments/{aid}").text
        cids = re.findall(r'<article class="card[^"]*" id="c-([^"]+)"', page)
        versions = {c: int(v) for v, c in re.findall(r'name="version" value="(\d+)" id="v-([^"]+)"', page)}
        print(f"questionnaire: {len(cids)} controls", flush=True)
        runs = args.runs
        measure("GET / (province officer: dashboard, then every draft)", lambda: officer.get(f"{base}/"), runs)
        measure("GET /?finalized=1 (province officer, +200 newest)", lambda: officer.get(f"{base}/?finalized=1"),
                max(5, runs // 3))
        measure("GET / (unit officer)", lambda: unit_c.get(f"{base}/"), runs)
        measure("GET /assessments/ID (questionnaire)", lambda: unit_c.get(f"{base}/assessments/{aid}"), runs)
        results = ["pass", "partial", "fail"]
        n = [0]
        hx = {"HX-Request": "true", "X-CSRF-Token": token}

        def save() -> httpx.Response:
            cid = cids[n[0] % len(cids)]
            res = results[(n[0] // len(cids)) % 3]
            n[0] += 1
            r = unit_c.post(f"{base}/assessments/{aid}/controls/{cid}", headers=hx,
                            data={"result": res, "note": f"đo {n[0]}", "version": str(versions[cid])})
            m = re.search(r'name="version" value="(\d+)" id="v-', r.text)
            if m:
                versions[cid] = int(m.group(1))
            return r

        measure("POST one answer (htmx)", save, runs * 2)
        since = time.strftime("%Y-%m-%dT%H:%M:%S+07:00", time.localtime(time.time() - 3600))
        measure("GET changes since an hour ago (poll)", lambda: unit_c.get(
            f"{base}/assessments/{aid}/changes", params={"since": since, "state": "with_unit"}, headers=hx), runs)
        blob = os.urandom(200_000)
        k = [0]

        def upload() -> httpx.Response:
            k[0] += 1
            return unit_c.post(f"{base}/assessments/{aid}/controls/{cids[0]}/evidence", headers=hx,
                               files={"file": (f"bien-ban-{k[0]}.pdf", blob + bytes([k[0] % 256]), "application/pdf")})

        measure("POST evidence upload (200 KB)", upload, max(5, runs // 3))
        measure("GET /remediation (unit officer)", lambda: unit_c.get(f"{base}/remediation"), runs)
        measure("GET /remediation (province officer, page 1)", lambda: officer.get(f"{base}/remediation"),
                max(5, runs // 3))
        measure("GET /admin/audit", lambda: admin.get(f"{base}/admin/audit"), runs)
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
