"""The province's journeys in a real browser (Playwright driving Debian's chromium, 1366×768, Vietnamese),
over a workspace whose assessment was finalized 200 days ago, so its remediation items are overdue now:

(a) a province officer (on PostgreSQL) logs in, reads the dashboard, follows its overdue count to the
items of the remediation board, downloads the filtered list, opens an overdue item and accepts its
risk, records an incident detected 30 hours ago and sees its initial notification overdue and
highlighted, then downloads the month's report as PDF and reads it back with pdftotext;

(b) a viewer (on the SQLite file) reads the board, an item and the incidents, finds no button or form
to change anything, and a request sent anyway — with a valid CSRF token from their own session — is
refused.

No console error (a Content-Security-Policy violation would be one), no horizontal scrolling.
Screenshots are kept under ``build/test-output/browser/province-board`` and ``…/viewer`` (or
``$SECASSESS_TEST_OUTPUT/browser/…``)."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.web.test_browser import CHROMIUM, _browser, _login, shots_folder
from tests.web.test_cli import _serve, _stop

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning"),
              pytest.mark.skipif(CHROMIUM is None,
                                 reason="Debian's chromium is not installed (scripts/ensure-system-tools.sh)")]

FINALIZED_DAYS_AGO = 200


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Path:
    return shots_folder("viewer" if "viewer" in request.node.name else "province-board")


@pytest.fixture
def served(workspace: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
           ) -> Iterator[dict[str, Any]]:
    """The real catalog; a level-2 system of Sở Tư pháp whose assessment (a few controls failed) was
    finalized 200 days ago, so its items are overdue; one incident already recorded; the accounts;
    the server (on PostgreSQL with ``request.param == "postgresql"``)."""
    from secassess import clock
    from secassess.accounts.service import update_user
    from secassess.app import accounts
    from secassess.app.actor import Actor
    from secassess.app.assessments import finalize
    from secassess.app.incidents import NewIncident, add_incident
    from secassess.assessment.service import load_results, save_answers, start_assessment
    from secassess.inventory.service import add_system, add_unit
    from secassess.workspace import Workspace

    if request.param == "postgresql":
        monkeypatch.setenv("SECASSESS_DATABASE", request.getfixturevalue("pg_url"))  # the server inherits it
    then = clock.now() - timedelta(days=FINALIZED_DAYS_AGO)
    monkeypatch.setenv("SECASSESS_NOW", then.isoformat())
    ws = Workspace.open(workspace)
    boss = Actor("officer1", "officer")
    with ws.write() as conn:
        add_unit(conn, "STP", "Sở Tư pháp")
        add_system(conn, {"id": "STP-QLVB", "name": "Hệ thống quản lý văn bản và điều hành", "unit": "STP",
                          "level": 2, "targets": ["10.10.5.0/28"], "owner": "Văn phòng Sở"})
        aid = start_assessment(conn, ws.library, "STP-QLVB", None, "officer1")
        rows = load_results(conn, aid)
        save_answers(conn, aid, rows, [(r.control_id, "fail" if i % 7 == 0 else "pass", "", "")
                                       for i, r in enumerate(rows)], "stp1")
    finalize(ws, boss, aid, allow_incomplete=True)
    monkeypatch.delenv("SECASSESS_NOW")
    add_incident(ws, boss, NewIncident("STP-QLVB", clock.now() - timedelta(hours=5), "phishing", "medium",
                                       "Thư giả mạo gửi tới cán bộ của Sở", notified_at=clock.now() - timedelta(hours=4)))
    for login, role, unit, name in (("officer1", "officer", None, "Trần Văn Bình"),
                                    ("viewer1", "viewer", None, "Lãnh đạo Công an tỉnh"),
                                    ("stp1", "unit_officer", "STP", "Nguyễn Thị Lan")):
        user = accounts.add_user(ws, Actor("admin", "admin"), login, role, "mật khẩu thử nghiệm dài", unit=unit,
                                 display_name=name)
        with ws.write() as conn:
            update_user(conn, user.id, must_change_password=False)
    ws.close()
    proc, port = _serve(workspace)
    try:
        yield {"url": f"http://127.0.0.1:{port}", "aid": aid, "ws": workspace}
    finally:
        _stop(proc)


def _no_errors(errors: list[str]) -> None:
    expected = ("status of 403",)  # the refusals the viewer's journey provokes on purpose
    unexpected = [e for e in errors if not any(x in e for x in expected)]
    assert not unexpected, "\n".join(unexpected)


@pytest.mark.parametrize("served", ["postgresql"], indirect=True)
def test_an_officer_follows_the_overdue_items_accepts_a_risk_and_records_an_incident(
        served: dict[str, Any], shots: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    from secassess import clock

    url = served["url"]
    errors: list[str] = []
    with sync_playwright() as p:
        browser, _context, page = _browser(p, errors)

        def shot(name: str, full: bool = False) -> None:
            page.screenshot(path=str(shots / f"{name}.png"), full_page=full)

        # the dashboard, and its count of overdue items followed to the list behind it
        _login(page, url, "officer1", "/")
        expect(page.locator("h1#dash-title")).to_contain_text("Tổng quan toàn tỉnh")
        overdue_count = page.locator(".tiles a.n[href^='/remediation?overdue=1']")
        expect(overdue_count).to_be_visible()
        counted = int(overdue_count.inner_text())
        assert counted > 0 and page.locator("svg.chart").count() >= 4
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366
        shot("00-tong-quan", full=True)
        overdue_count.click()
        expect(page).to_have_url(re.compile(re.escape(f"{url}/remediation?overdue=1&as_of=")))
        expect(page.locator("h1")).to_contain_text("Bảng theo dõi khắc phục")
        expect(page.locator("input[name=overdue]")).to_be_checked()
        overdue_rows = page.locator("table.list tbody tr.overdue")
        expect(overdue_rows.first).to_be_visible()
        n = overdue_rows.count()
        assert n == page.locator("table.list tbody tr").count() == counted
        expect(page.locator(".counts")).to_contain_text(f"{n} quá hạn")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366
        shot("01-khac-phuc-qua-han", full=True)

        # the filtered list as a spreadsheet-ready CSV
        with page.expect_download() as got:
            page.click("a[href^='/remediation.csv']")
        rows = list(csv.reader(io.StringIO(Path(got.value.path()).read_bytes().decode("utf-8-sig"))))
        assert len(rows) - 1 == n and got.value.suggested_filename.endswith(".csv")

        # narrow to the high ones with the form, then open the first overdue item
        page.select_option("select[name=severity]", "high")
        page.click("form.filters button")
        expect(page.locator("select[name=severity]")).to_have_value("high")
        if page.locator("table.list tbody tr").count() == 0:  # no high item failed: all severities again
            page.goto(f"{url}/remediation?overdue=1")
        first = page.locator("table.list tbody tr.overdue a[href^='/remediation/'] >> nth=0")
        item_url = first.get_attribute("href")
        first.click()
        expect(page).to_have_url(f"{url}{item_url}")
        expect(page.locator("dl.facts")).to_contain_text("quá hạn")
        page.locator("details.accept-risk summary").click()
        page.fill("input[name=approver]", "Phó Giám đốc Sở Tư pháp")
        page.fill("textarea[name=reason]", "Hệ thống sẽ được thay thế trong quý I/2027; đã có biện pháp bù đắp")
        until = (clock.today() + timedelta(days=90)).isoformat()
        page.fill("input[name=until]", until)
        shot("02-chap-nhan-rui-ro")
        page.click("details.accept-risk button.primary")
        expect(page.locator(".message.ok")).to_contain_text("Đã ghi nhận chấp nhận rủi ro")
        expect(page.locator("dl.facts")).to_contain_text("Phó Giám đốc Sở Tư pháp")
        expect(page.locator(".timeline")).to_contain_text("Chấp nhận rủi ro")
        expect(page.locator("dl.facts")).to_contain_text(date.fromisoformat(until).strftime("%d/%m/%Y"))
        shot("03-da-chap-nhan", full=True)

        # the incident register, from the menu
        page.click("nav.menu a[href='/incidents']")
        expect(page.locator("h1")).to_contain_text("Sổ theo dõi sự cố")
        page.click("a[href='/incidents/new']")
        page.select_option("select[name=system]", "STP-QLVB")
        detected = (clock.now() - timedelta(hours=30)).strftime("%Y-%m-%dT%H:%M")
        page.fill("input[name=detected_at]", detected)
        page.select_option("select[name=category]", "malware")
        page.select_option("select[name=severity]", "critical")
        page.fill("textarea[name=description]", "Mã độc mã hóa dữ liệu trên máy chủ quản lý văn bản")
        page.fill("textarea[name=actions_taken]", "Cô lập máy chủ khỏi mạng")
        shot("04-ghi-nhan-su-co")
        page.click("form.stack button.primary")
        expect(page.locator(".message.ok")).to_contain_text("Đã ghi nhận sự cố")
        expect(page.locator("#dl-notification")).to_contain_text("quá hạn 6 giờ")
        expect(page.locator("#dl-full-report")).to_contain_text(re.compile(r"còn 1 ngày 1[78] giờ"))  # 42 h
        expect(page.locator(".message.late")).to_contain_text("Thông báo trễ hạn")
        shot("05-su-co", full=True)
        incident_url = page.url.split("?")[0]
        page.fill("input[name=notified_at]", clock.now().strftime("%Y-%m-%dT%H:%M"))
        page.fill("textarea[name=note]", "Đã thông báo cho Cục An ninh mạng")
        page.click("form.stack button.primary")
        expect(page.locator(".message.ok")).to_contain_text("Đã cập nhật sự cố")
        expect(page.locator("#dl-notification")).to_contain_text("gửi trễ 6 giờ")
        expect(page.locator(".timeline")).to_contain_text("Đã thông báo cho Cục An ninh mạng")

        page.goto(f"{url}/incidents")
        late_row = page.locator(f"table.list tbody tr.late:has(a[href='{incident_url.removeprefix(url)}'])")
        expect(late_row).to_have_count(1)
        expect(page.locator("table.list tbody tr:not(.late)")).to_contain_text("Lừa đảo")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366
        shot("06-so-su-co")

        # the month's report, from the menu: the previous month by default, as a PDF
        page.click("nav.menu a[href='/reports/province']")
        expect(page.locator("h1")).to_contain_text("Báo cáo tháng của tỉnh")
        shot("07-bao-cao-thang", full=True)
        with page.expect_download() as got:
            page.click("a[href$='.pdf']")
        pdf = Path(got.value.path())
        assert pdf.read_bytes().startswith(b"%PDF-") and got.value.suggested_filename.endswith(".pdf")
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "BÁO CÁO" in text and "Sở Tư pháp" in text, text[:2000]
        browser.close()
    _no_errors(errors)

    from secassess.remediation.service import get_item
    from secassess.workspace import Workspace

    ws = Workspace.open(served["ws"])
    with ws.read() as conn:
        item = get_item(conn, int(str(item_url).rsplit("/", 1)[1]))
    ws.close()
    assert item.status == "risk_accepted" and item.risk_approver == "Phó Giám đốc Sở Tư pháp"


@pytest.mark.parametrize("served", ["sqlite"], indirect=True)
def test_a_viewer_reads_the_board_an_item_and_the_incidents_and_changes_nothing(
        served: dict[str, Any], shots: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    url = served["url"]
    errors: list[str] = []
    with sync_playwright() as p:
        browser, _context, page = _browser(p, errors)

        def shot(name: str) -> None:
            page.screenshot(path=str(shots / f"{name}.png"), full_page=True)

        _login(page, url, "viewer1", "/remediation")
        expect(page.locator("h1")).to_contain_text("Bảng theo dõi khắc phục")
        expect(page.locator("table.list tbody tr").first).to_be_visible()
        expect(page.locator("a[href^='/remediation.xlsx']")).to_be_visible()  # reading includes exporting
        shot("01-bang-khac-phuc")
        page.locator("table.list tbody a[href^='/remediation/'] >> nth=0").click()
        item_path = page.url.removeprefix(url)
        expect(page.locator("h2", has_text="Lịch sử")).to_be_visible()
        expect(page.locator("form[method=post][action^='/remediation/']")).to_have_count(0)
        expect(page.locator("details.accept-risk")).to_have_count(0)
        expect(page.locator("button.primary")).to_have_count(0)
        shot("02-hang-muc")
        page.click("nav.menu a[href='/incidents']")
        expect(page.locator("table.list tbody tr")).to_have_count(1)
        expect(page.locator("a[href='/incidents/new']")).to_have_count(0)
        shot("03-so-su-co")
        page.locator("table.list tbody a[href^='/incidents/'] >> nth=0").click()
        incident_path = page.url.removeprefix(url)
        expect(page.locator("#dl-notification")).to_contain_text("đúng hạn")
        expect(page.locator("form[method=post][action^='/incidents/']")).to_have_count(0)
        shot("04-su-co")

        # requests sent anyway, with the viewer's own valid CSRF token: refused, nothing changed
        token = page.locator("header input[name=csrf] >> nth=0").input_value()
        assert len(token) >= 20
        until = (date.today() + timedelta(days=30)).isoformat()
        for path, form in ((f"{item_path}/accept-risk", {"version": "1", "approver": "A", "reason": "R",
                                                         "until": until}),
                           (item_path, {"version": "1", "note": "xem thôi"}),
                           (incident_path, {"version": "1", "note": "xem thôi"}),
                           ("/incidents/new", {"system": "STP-QLVB", "category": "malware", "severity": "high",
                                               "description": "x", "detected_at": "2026-01-01T09:00"})):
            r = page.request.post(f"{url}{path}", form={"csrf": token, **form}, max_redirects=0)
            assert r.status == 403, (path, r.status)
            assert "không được thay đổi" in r.text() or "cán bộ cấp tỉnh" in r.text(), path
        page.goto(f"{url}/incidents/new")
        expect(page.locator("main")).to_contain_text("không được thay đổi")
        shot("05-tu-choi")
        browser.close()
    _no_errors(errors)

    from secassess.workspace import Workspace

    ws = Workspace.open(served["ws"])
    with ws.read() as conn:
        from sqlalchemy import func, select

        from secassess.store.schema.audit import audit_log

        changes = conn.execute(select(func.count()).select_from(audit_log)
                               .where(audit_log.c.actor == "viewer1", audit_log.c.action.notin_(["login"]))).scalar()
    ws.close()
    assert changes == 0
