"""The dashboard, the systems behind its counts, a system's page and the month's report page, for each
role; and the dashboard's figures equal those of ``secassess report province`` for the same date."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run
from tests.web.conftest import PASSWORD, Site, text_of

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

NOW = "2026-11-05T10:00:00+07:00"
AS_OF = "2026-10-31"


def plain(value: Any) -> Any:
    """A dataclass as the JSON renderer writes it (dates as ISO text)."""
    return json.loads(json.dumps(asdict(value), default=lambda d: d.isoformat()))


def system_ids(html: str) -> list[str]:
    """The systems a /systems page lists (the links to their pages), in order."""
    return re.findall(r'<a href="/systems/([^"]+)">', html)


def _follow_counts(client: Any, html: str) -> list[str]:
    """Every count of the dashboard that links to the remediation board or the incident register: the
    list behind it holds as many records as the count says. The links followed."""
    import html as html_lib

    followed = []
    for href, n in re.findall(r'<a (?:class="n[^"]*" )?href="(/(?:incidents|remediation)\?[^"]+)">(\d+)</a>', html):
        url = html_lib.unescape(href)
        listed = client.get(url)
        assert listed.status_code == 200, url
        shown = re.search(r'<b class="big">(\d+)</b>', listed.text)
        assert shown is not None and int(shown.group(1)) == int(n), (url, n, shown and shown.group(1))
        followed.append(url)
    return followed


# --------------------------------------------------------------------------- the same figures as the report


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, Any], dict[str, Any]]]:
    """The demo workspace, with the provincial report of October 2026 as of its last day, whole and for
    one unit, made by the command line."""
    base = tmp_path_factory.mktemp("demo-dashboard")
    mp = pytest.MonkeyPatch()
    mp.setenv("SECASSESS_NOW", NOW)
    try:
        r = run("demo", "--out", str(base / "out"))
        assert r.exit_code == 0, r.output
        ws = base / "out" / "demo-workspace"
        reports = []
        for extra in ((), ("--unit", "SYT")):
            out = base / f"province{len(extra)}.json"
            r = run("-w", str(ws), "report", "province", "--period", "2026-10", "--as-of", AS_OF, "--format", "json",
                    "-o", str(out), *extra)
            assert r.exit_code == 0, r.output
            reports.append(json.loads(out.read_text(encoding="utf-8")))
    finally:
        mp.undo()
    yield ws, reports[0], reports[1]


@pytest.fixture
def demo_site(demo: tuple[Path, dict[str, Any], dict[str, Any]], tmp_path: Path,
              monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    from secassess.accounts.service import update_user
    from secassess.app import accounts
    from secassess.app.actor import Actor
    from secassess.web.app import create_app
    from secassess.web.settings import WebSettings

    monkeypatch.setenv("SECASSESS_NOW", NOW)
    root = tmp_path / "demo"
    shutil.copytree(demo[0], root)
    app = create_app(WebSettings(workspace=root))
    site = Site(root, None, app)  # type: ignore[arg-type]
    for login, role, unit in (("officer1", "officer", None), ("syt1", "unit_officer", "SYT")):
        user = accounts.add_user(site.ws, Actor("admin", "admin"), login, role, PASSWORD, unit=unit)
        with site.ws.write() as conn:
            update_user(conn, user.id, must_change_password=False)
    yield site
    for c in site.clients:
        c.close()
    site.ws.close()


def test_the_dashboard_figures_are_the_provincial_reports(demo: tuple[Path, dict[str, Any], dict[str, Any]],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from secassess.app.actor import Actor
    from secassess.app.dashboard import dashboard
    from secassess.workspace import Workspace

    monkeypatch.setenv("SECASSESS_NOW", NOW)
    path, report, syt_report = demo
    ws = Workspace.open(path)
    try:
        for actor, rep in ((Actor("officer1", "officer"), report), (Actor("syt1", "unit_officer", "SYT"), syt_report)):
            d = dashboard(ws, actor, as_of=date.fromisoformat(AS_OF))
            cur = rep["current"]
            assert d.period == "2026-10" and cur["measured"]["as_of"] == AS_OF
            assert plain(d.total) == cur["total"]
            assert plain(d.summary) == cur["summary"]
            assert [plain(u) for u in d.units] == cur["units"]
            overdue = {sev: sorted(i["item_id"] for i in rep["overdue_items"] if i["severity"] == sev)
                       for sev in ("critical", "high", "medium", "low")}
            assert d.overdue_by_severity == overdue
            assert sum(len(v) for v in overdue.values()) == cur["total"]["overdue_items"]["value"]
            missing = rep["systems_not_assessed"]
            assert d.never_assessed.systems == sorted(s["system_id"] for s in missing if s["last_assessment_id"] is None)
            assert d.stale.systems == sorted(s["system_id"] for s in missing if s["last_assessment_id"] is not None)
            a, c = cur["summary"]["ii4a"], cur["summary"]["ii4c"]
            assert d.incidents_open.incidents == sorted(a["incidents_unresolved"]["incidents"]
                                                        + a["earlier_incidents_unresolved"]["incidents"])
            assert d.notifications_late.incidents == sorted(c["notification"]["late"]["incidents"]
                                                            + c["notification"]["overdue"]["incidents"])
        # the demo has something in every headline, so the comparison above compares numbers, not zeros
        t = report["current"]["total"]
        assert t["systems_in_use"]["value"] >= 6 and t["overdue_items"]["value"] > 0
        assert t["mandatory_failed"]["value"] > 0 and report["current"]["summary"]["ii4c"]["notification"]["late"]["value"]
    finally:
        ws.close()


def test_the_dashboard_page_shows_the_reports_numbers_and_links_to_their_lists(
        demo_site: Site, demo: tuple[Path, dict[str, Any], dict[str, Any]]) -> None:
    report = demo[1]
    t = report["current"]["total"]
    client = demo_site.client("officer1")
    page = client.get(f"/?as_of={AS_OF}")
    assert page.status_code == 200
    html = page.text
    q = f"&amp;as_of={AS_OF}"
    for lv in "12345":
        n = t["systems_by_level"][lv]["value"]
        if n:
            assert f'href="/systems?level={lv}{q}">{n}</a>' in html, lv
            listed = client.get(f"/systems?level={lv}&as_of={AS_OF}").text
            assert sorted(system_ids(listed)) == t["systems_by_level"][lv]["systems"], lv
    for rating in ("compliant", "partial", "non_compliant"):
        n = t["ratings"][rating]["value"]
        if n:
            assert f'href="/systems?rating={rating}{q}">{n}</a>' in html
            assert sorted(system_ids(client.get(f"/systems?rating={rating}&as_of={AS_OF}").text)) == \
                t["ratings"][rating]["systems"]
    assert f'href="/systems?mandatory_failed=1{q}">{t["mandatory_failed"]["value"]}</a>' in html
    assert sorted(system_ids(client.get(f"/systems?mandatory_failed=1&as_of={AS_OF}").text)) == \
        t["mandatory_failed"]["systems"]
    assert sorted(system_ids(client.get(f"/systems?not_assessed=1&as_of={AS_OF}").text)) == \
        t["not_assessed_12m"]["systems"]
    assert f'href="/remediation?overdue=1&amp;as_of={AS_OF}">{t["overdue_items"]["value"]}</a>' in html
    for sev in ("critical", "high", "medium", "low"):
        n = len([i for i in report["overdue_items"] if i["severity"] == sev])
        if n:
            assert f'href="/remediation?overdue=1&amp;severity={sev}{q}">{n}</a>' in html, sev
    late = report["current"]["summary"]["ii4c"]["notification"]
    month = f"&amp;detected_from=2026-10-01&amp;detected_to={AS_OF}"
    assert f'href="/incidents?late=initial{month}">{late["late"]["value"] + late["overdue"]["value"]}</a>' in html
    followed = _follow_counts(client, html)
    assert {"/incidents", "/remediation"} <= {href.split("?")[0] for href in followed}, followed
    # charts drawn on the server, inside the Content-Security-Policy: no script, no style attribute
    assert html.count('<svg class="chart bars"') == 4
    assert "<script>" not in html and "style=" not in html
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_a_unit_officers_dashboard_is_their_units(demo_site: Site,
                                                  demo: tuple[Path, dict[str, Any], dict[str, Any]]) -> None:
    syt = demo[2]["current"]["total"]
    client = demo_site.client("syt1")
    html = client.get(f"/?as_of={AS_OF}").text
    assert "Tổng quan đơn vị SYT" in html
    assert f'href="/systems?as_of={AS_OF}">{syt["systems_in_use"]["value"]}</a>' in html
    listed = system_ids(client.get("/systems").text)
    assert listed and all(s.startswith("SYT-") for s in listed)
    assert client.get("/systems?unit=STP").status_code == 404
    assert client.get("/systems/STP-QLVB").status_code == 404


# --------------------------------------------------------------------------- each role on the miniature province


@pytest.mark.parametrize("login", ["admin1", "officer1", "viewer1"])
def test_a_province_wide_user_sees_every_unit(site: Site, login: str) -> None:
    client = site.client(login)
    r = client.get("/")
    assert r.status_code == 200
    text = text_of(r.text)
    assert "Tổng quan toàn tỉnh" in text and "Sở Tư pháp" in text and "Sở Xây dựng" in text
    assert 'href="/systems?level=3">2</a>' in r.text  # both systems are of level 3
    assert sorted(system_ids(client.get("/systems?level=3").text)) == ["STP-QLVB", "SXD-GP"]
    assert system_ids(client.get("/systems?unit=SXD").text) == ["SXD-GP"]
    assert system_ids(client.get("/systems?level=2").text) == []
    # each system's finalized assessment fails half its controls: both rated, both listed by their rating
    rated = [m.group(1) for m in re.finditer(r'href="/systems\?rating=(\w+)">2</a>', r.text)]
    assert len(rated) == 1
    assert sorted(system_ids(client.get(f"/systems?rating={rated[0]}").text)) == ["STP-QLVB", "SXD-GP"]
    assert ("Báo cáo" in text) == (login != "viewer1")  # the menu's report link: province steps only


def test_a_unit_officer_sees_their_unit_only(site: Site) -> None:
    client = site.client("stp1")
    r = client.get("/")
    assert r.status_code == 200
    text = text_of(r.text)
    assert "Tổng quan đơn vị STP" in text and "SXD-GP" not in text and "Sở Xây dựng" not in text
    assert system_ids(client.get("/systems").text) == ["STP-QLVB"]
    assert client.get("/systems?unit=SXD").status_code == 404
    assert client.get("/systems?unit=KHONG-CO").status_code == 404
    assert client.get(f"/systems/{site.ids.system['SXD']}").status_code == 404
    assert client.get("/reports/province").status_code == 403
    assert client.get("/reports/province/2026-10.pdf").status_code == 403


def test_bad_filters_and_dates_are_refused(site: Site) -> None:
    client = site.client("officer1")
    for url in ("/?as_of=31/10/2026", "/?as_of=2999-01-01", "/systems?level=9", "/systems?flag=x",
                "/systems?rating=good", "/reports/province?period=2026-13", "/systems?level=abc"):
        assert client.get(url).status_code == 422, url
    assert client.get("/reports/province/2026-10.csv").status_code == 404


def test_the_system_page_has_its_history_items_scans_and_reports(site: Site) -> None:
    client = site.client("stp1")
    sid, final = site.ids.system["STP"], site.ids.final["STP"]
    r = client.get(f"/systems/{sid}")
    assert r.status_code == 200
    html = r.text
    assert '<svg class="chart trend"' in html and f'href="/assessments/{final}"' in html
    assert f'href="/remediation/{site.ids.item["STP"]}"' in html  # an open item (in progress)
    for fmt in ("pdf", "docx", "html", "json"):
        assert f'href="/assessments/{final}/report.{fmt}"' in html
    # the score in the table is the one `assess score` gives
    from secassess.app.actor import Actor
    from secassess.app.dashboard import system_trend
    from secassess.assessment.score import score

    (point,) = system_trend(site.ws, Actor("stp1", "unit_officer", "STP"), sid)
    assert point.assessment_id == final

    with site.ws.read() as conn:
        _a, _rows, rep = score(conn, final)
    assert (point.score, point.coverage, point.rating) == (rep.score, rep.coverage, rep.rating)
    assert point.mandatory_failed == len(rep.mandatory_failed)


def test_system_reports_download_and_read_back(site: Site) -> None:
    import docx

    client = site.client("stp1")
    final = site.ids.final["STP"]
    pdf = client.get(f"/assessments/{final}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout
        assert "STP-QLVB" in text.decode("utf-8")
    word = docx.Document(io.BytesIO(client.get(f"/assessments/{final}/report.docx").content))
    assert "STP-QLVB" in "\n".join(p.text for p in word.paragraphs) + "".join(
        c.text for t in word.tables for row in t.rows for c in row.cells)
    assert "STP-QLVB" in client.get(f"/assessments/{final}/report.html").text
    assert json.loads(client.get(f"/assessments/{final}/report.json").content)["system"]["id"] == "STP-QLVB"
    assert site.client("sxd1").get(f"/assessments/{final}/report.pdf").status_code == 404


def test_the_months_report_page_and_its_downloads(site: Site) -> None:
    import docx
    import openpyxl

    from secassess import clock
    from secassess.reporting.province.period import Period

    today = clock.today()
    this, previous = Period(today.year, today.month), Period(today.year, today.month).previous()
    client = site.client("officer1")
    r = client.get("/reports/province")
    assert r.status_code == 200
    html = r.text
    assert f'<option value="{previous.code}" selected>' in html  # the previous month by default
    for fmt in ("pdf", "docx", "xlsx"):
        assert f'href="/reports/province/{previous.code}.{fmt}"' in html
    # the miniature province was built today: nothing was sent last month, both units have drafts
    text = text_of(html)
    assert "Đơn vị chưa báo cáo tháng này (2)" in text and "Đơn vị còn phiếu đánh giá đang làm (2)" in text
    now = text_of(client.get(f"/reports/province?period={this.code}").text)
    assert "Đơn vị chưa báo cáo tháng này (0)" in now and "Đơn vị đã báo cáo (2)" in now

    pdf = client.get(f"/reports/province/{this.code}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert f"bao-cao-tinh-{this.code}.pdf" in pdf.headers["content-disposition"]
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout
        flat = " ".join(text.decode("utf-8").split())
        assert f"tháng {this.month}/{this.year}" in flat
    word = docx.Document(io.BytesIO(client.get(f"/reports/province/{this.code}.docx").content))
    assert any(f"tháng {this.month}/{this.year}" in p.text for p in word.paragraphs)
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/reports/province/{this.code}.xlsx").content))
    cells = [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v]
    assert "STP-QLVB" in cells and "SXD-GP" in cells
    assert not list(site.root.glob("reports/bao-cao-tinh-*"))  # sent, not left in the workspace


@pytest.mark.parametrize("login", ["viewer1", "sxd1"])
def test_the_months_report_is_a_province_step(site: Site, login: str) -> None:
    client = site.client(login)
    assert client.get("/reports/province").status_code == 403
    for fmt in ("pdf", "docx", "xlsx"):
        assert client.get(f"/reports/province/2026-10.{fmt}").status_code == 403


# --------------------------------------------------------------------------- kept dashboards stay true


def test_a_kept_dashboard_is_recomputed_when_the_data_changes(site: Site) -> None:
    """The server keeps a dashboard while the data it came from is unchanged: each kind of change below
    shows on the next reload, and answering a draft (which changes no figure) keeps it."""
    from datetime import timedelta

    from secassess import clock
    from secassess.app.actor import Actor
    from secassess.app.dashboard import dashboard
    from secassess.incident.service import add_incident
    from secassess.inventory.service import add_system
    from secassess.remediation.service import get_item, update_item

    officer = Actor("officer1", "officer")
    first = dashboard(site.ws, officer)
    assert dashboard(site.ws, officer) is first  # kept
    client = site.client("stp1")
    aid, cid = site.ids.draft["STP"], site.ids.controls[1]
    assert client.post(f"/assessments/{aid}/controls/{cid}", data={"result": "pass", "version": "1"}).status_code == 303
    assert dashboard(site.ws, officer) is first  # a draft's answer changes no figure

    with site.ws.write() as conn:
        add_system(conn, {"id": "STP-MOI", "name": "Hệ thống mới", "unit": "STP", "level": 2})
    second = dashboard(site.ws, officer)
    assert second.total.systems_in_use.value == first.total.systems_in_use.value + 1
    assert second.total.systems_by_level["2"].systems == ["STP-MOI"]

    item = site.ids.item["STP"]
    with site.ws.write() as conn:
        it = get_item(conn, item)
        update_item(conn, item, actor="officer1", expect_version=it.version, status="resolved", note="Đã xong")
    third = dashboard(site.ws, officer)
    assert third.total.open_findings_total.value == second.total.open_findings_total.value - 1
    assert item not in third.total.open_findings_total.items

    detected = clock.now() - timedelta(hours=1)
    with site.ws.write() as conn:
        add_incident(conn, system_id="SXD-GP", detected_at=detected, category="malware", severity="high",
                     description="Mã độc", actor="officer1")
    fourth = dashboard(site.ws, officer)
    assert fourth.incidents_open.value == third.incidents_open.value + 1
    assert fourth.notifications_late.value == third.notifications_late.value  # 23 hours left


def test_figures_change_by_themselves_when_a_deadline_passes() -> None:
    """next_change: the first deadline still ahead while the frame runs; never once the frame has ended."""
    from datetime import date, datetime, timedelta

    from secassess.clock import LOCAL_TZ
    from secassess.incident.rules import Deadlines
    from secassess.reporting.province.compute import make_context, next_change
    from secassess.reporting.province.data import IncidentRec, ProvinceData, SystemRec
    from secassess.reporting.province.period import Frame, Period

    detected = datetime(2026, 10, 20, 8, 0, tzinfo=LOCAL_TZ)
    inc = IncidentRec(1, "S", detected, "malware", "high", "open", None, None, None)
    system = SystemRec("S", "S", "U", 3, False, False, True, None, None, datetime(2025, 1, 1, tzinfo=LOCAL_TZ))
    data = ProvinceData([], [system], [], {}, [], [], [inc])
    deadlines = Deadlines(24, 72)
    frame = Frame(Period(2026, 10), date(2026, 10, 31))
    soon = detected + timedelta(hours=2)
    assert next_change(make_context(data, frame, deadlines, soon), soon) == detected + timedelta(hours=24)
    later = detected + timedelta(hours=30)
    assert next_change(make_context(data, frame, deadlines, later), later) == detected + timedelta(hours=72)
    after = datetime(2026, 11, 5, tzinfo=LOCAL_TZ)  # the frame has ended: judged at its cutoff for good
    assert next_change(make_context(data, frame, deadlines, after), after).year == 9999
