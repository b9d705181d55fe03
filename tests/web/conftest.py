"""A province in miniature for the web tests, built once per run and engine and copied for each test:
two units (STP, SXD), one system each (level 3, the mini catalog), for each system a draft assessment
and a finalized one with remediation items, an evidence file on every assessment, a remediation update
with a file, an incident (resolved, notified in time), and one account per role (plus a unit officer of SXD). Tests log in by opening a session
directly (argon2 hashing is slow on purpose); the login tests use the real login form.

Every test that uses ``site`` runs twice: on SQLite (the workspace folder copied) and on PostgreSQL (the
folder copied and the database cloned from the province's template database in the private cluster of
``tests/pgcluster.py``, named by ``SECASSESS_DATABASE``)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import MINI, NATIONAL_DATABASE_PROFILE

PASSWORD = "mật khẩu thử nghiệm dài"  # every test account's password (NFC, non-ASCII)
ACCOUNTS = {  # login -> (role, unit)
    "admin1": ("admin", None),
    "officer1": ("officer", None),
    "stp1": ("unit_officer", "STP"),
    "sxd1": ("unit_officer", "SXD"),
    "viewer1": ("viewer", None),
}


@dataclass
class Ids:
    """The ids of the miniature province's records."""

    draft: dict[str, int] = field(default_factory=dict)  # unit -> draft assessment
    final: dict[str, int] = field(default_factory=dict)  # unit -> finalized assessment
    attachment: dict[str, int] = field(default_factory=dict)  # unit -> attachment on the draft
    item: dict[str, int] = field(default_factory=dict)  # unit -> a remediation item
    item_file: dict[str, int] = field(default_factory=dict)  # unit -> history id of an update with a file
    incident: dict[str, int] = field(default_factory=dict)  # unit -> an incident (resolved, notified in time)
    controls: list[str] = field(default_factory=list)  # the draft's controls, in order
    system: dict[str, str] = field(default_factory=lambda: {"STP": "STP-QLVB", "SXD": "SXD-GP"})


def _mini_content(base: Path) -> Path:
    dest = base / "mini-builtin"
    if not dest.exists():
        shutil.copytree(MINI, dest)
        (dest / "profiles" / "national-database.yaml").write_text(NATIONAL_DATABASE_PROFILE, encoding="utf-8")
    return dest


def _build(root: Path, content: Path, database: str | None = None) -> Ids:
    import secassess.catalog.paths as paths
    import secassess.catalog.registry as registry
    from secassess.app import accounts, questionnaire
    from secassess.app.actor import Actor
    from secassess.app.assessments import finalize
    from secassess.app.incidents import NewIncident, add_incident
    from secassess.assessment.service import load_results, save_answers, start_assessment
    from secassess.clock import LOCAL_TZ
    from secassess.inventory.service import add_system, add_unit
    from secassess.remediation.service import EvidenceFile, history, list_items, update_item
    from secassess.workspace import init_workspace

    ids = Ids()
    boss = Actor("admin1", "admin")
    with pytest.MonkeyPatch.context() as mp:
        for module in (paths, registry):
            mp.setattr(module, "builtin_dirs", lambda: (content / "checklists", content / "profiles"))
        ws = init_workspace(root, database=database)
        files = root.parent / "files"
        files.mkdir(exist_ok=True)
        for unit, name in (("STP", "Sở Tư pháp"), ("SXD", "Sở Xây dựng")):
            sid = ids.system[unit]
            with ws.write() as conn:
                add_unit(conn, unit, name)
                add_system(conn, {"id": sid, "name": f"Hệ thống {sid}", "unit": unit, "level": 3,
                                  "targets": ["127.0.0.1"], "owner": f"Văn phòng {unit}"})
                final = start_assessment(conn, ws.library, sid, None, "officer1")
                rows = load_results(conn, final)
                save_answers(conn, final, rows, [(r.control_id, "fail" if i % 2 == 0 else "pass", "", "")
                                                 for i, r in enumerate(rows)], "officer1")
            finalize(ws, boss, final)
            with ws.write() as conn:
                draft = start_assessment(conn, ws.library, sid, None, "officer1")
                ids.controls = [r.control_id for r in load_results(conn, draft)]
            ids.draft[unit], ids.final[unit] = draft, final
            evidence = files / f"bien-ban-{unit}.pdf"
            evidence.write_bytes(b"%PDF-1.4\n% bien ban " + unit.encode() + b"\n")
            att, _new = questionnaire.attach_evidence(ws, Actor("officer1", "officer"), draft, ids.controls[0],
                                                      evidence)
            ids.attachment[unit] = att.id
            with ws.write() as conn:
                item = list_items(conn, system_id=sid)[0]
                update_item(conn, item.id, actor="officer1", expect_version=item.version, status="in_progress",
                            note="Đang làm", evidence=EvidenceFile(evidence, ws.evidence_dir, 10 * 1024 * 1024))
                ids.item[unit] = item.id
                ids.item_file[unit] = next(h.id for h in history(conn, item.id) if h.attachment_sha256)
            ids.incident[unit] = add_incident(ws, boss, NewIncident(
                sid, datetime(2026, 11, 2, 8, 0, tzinfo=LOCAL_TZ), "outage", "low", f"Gián đoạn dịch vụ {sid}",
                notified_at=datetime(2026, 11, 2, 10, 0, tzinfo=LOCAL_TZ),
                full_report_at=datetime(2026, 11, 3, 9, 0, tzinfo=LOCAL_TZ),
                resolved_at=datetime(2026, 11, 2, 17, 0, tzinfo=LOCAL_TZ))).id
        from secassess.accounts.service import update_user

        for login, (role, unit) in ACCOUNTS.items():
            user = accounts.add_user(ws, boss, login, role, PASSWORD, unit=unit, display_name=f"Người dùng {login}")
            with ws.write() as conn:  # as if each had chosen their own password at their first login
                update_user(conn, user.id, must_change_password=False)
        ws.close()
    return ids


@pytest.fixture(scope="session")
def _province_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Ids]:
    base = tmp_path_factory.mktemp("web-template")
    content = _mini_content(base)
    ids = _build(base / "ws", content)
    return base / "ws", content, ids


@pytest.fixture(scope="session")
def _province_template_pg(tmp_path_factory: pytest.TempPathFactory, pg_cluster: Any) -> tuple[Path, Path, Ids, str]:
    """The same province in a database of the private PostgreSQL cluster (a template for each test's)."""
    from tests.conftest import HEAD_TEMPLATE

    base = tmp_path_factory.mktemp("web-template-pg")
    content = _mini_content(base)
    name = pg_cluster.create_database(HEAD_TEMPLATE)
    ids = _build(base / "ws", content, database=pg_cluster.url(name))
    return base / "ws", content, ids, name


@dataclass
class Site:
    """One test's copy of the miniature province, with its application."""

    root: Path
    ids: Ids
    app: Any
    engine: str = "sqlite"
    clients: list[TestClient] = field(default_factory=list)
    drop_database: Any = None  # PostgreSQL: drops this test's database

    def lose_database(self) -> None:
        """Make the database unreachable under the running application."""
        if self.drop_database is not None:
            self.drop_database()
            return
        (self.root / "secassess.db").rename(self.root / "elsewhere.db")
        (self.root / "secassess.db").mkdir()  # not a database any more

    @property
    def ws(self) -> Any:
        return self.app.state.ws

    def client(self, login: str | None = None, *, base_url: str = "http://testserver",
               client: tuple[str, int] = ("127.0.0.1", 50000)) -> TestClient:
        """A browser: anonymous, or logged in as ``login`` (a session opened directly)."""
        c = TestClient(self.app, base_url=base_url, client=client, follow_redirects=False)
        self.clients.append(c)
        if login is not None:
            from secassess.accounts.service import find_user, open_session

            with self.ws.write() as conn:
                user = find_user(conn, login)
                assert user is not None
                token, session = open_session(conn, user.id, client[0], "pytest")
            c.cookies.set("secassess_session", token, domain="testserver.local")
            c.headers["X-CSRF-Token"] = session.csrf_token
        return c

    def htmx(self, login: str) -> TestClient:
        c = self.client(login)
        c.headers["HX-Request"] = "true"
        return c


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def text_of(html: str) -> str:
    """The visible text of a page, whitespace collapsed (for assertions on what a person reads)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture(params=["sqlite", "postgresql"])
def site(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    import secassess.catalog.paths as paths
    import secassess.catalog.registry as registry
    from secassess.web.app import create_app
    from secassess.web.settings import WebSettings

    database = None
    if request.param == "postgresql":
        cluster = request.getfixturevalue("pg_cluster")
        template, content, ids, template_db = request.getfixturevalue("_province_template_pg")
        database = cluster.create_database(template_db)
        monkeypatch.setenv("SECASSESS_DATABASE", cluster.url(database))
        request.addfinalizer(lambda: cluster.drop_database(database))
    else:
        template, content, ids = request.getfixturevalue("_province_template")
    for module in (paths, registry):
        monkeypatch.setattr(module, "builtin_dirs", lambda: (content / "checklists", content / "profiles"))
    root = tmp_path / "province"
    shutil.copytree(template, root)
    app = create_app(WebSettings(workspace=root, trusted_proxies=("10.9.9.9",)))
    s = Site(root, ids, app, engine=str(request.param))
    if database is not None:
        s.drop_database = lambda: cluster.drop_database(database)
    yield s
    for c in s.clients:
        c.close()
    s.ws.close()
