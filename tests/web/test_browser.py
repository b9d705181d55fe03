"""Two journeys in a real browser (Playwright driving Debian's chromium, 1366×768, Vietnamese).

A unit officer (on the SQLite file) logs in with the keyboard, opens the system's questionnaire, answers
ten controls (one click each, notes, a justification, one with the keyboard), attaches a file, keeps
working through a dropped connection, reloads and finds everything saved, and submits.

A province officer (on PostgreSQL) comments on a control, returns the questionnaire, sees it submitted
again, accepts it and finalizes; the unit officer updates the remediation item it opened, with a file;
the administrator reads the audit log and exports it.

No console error (a Content-Security-Policy violation would be one), no horizontal scrolling.
Screenshots are kept under ``build/test-output/browser/`` (or ``$SECASSESS_TEST_OUTPUT/browser``).

The browser sees only the fonts bundled with secassess (Liberation Serif, through a fontconfig file of
its own): the pages then render the same on every machine, and a machine without any font — where
chromium cannot shape text and closes the page — runs the journeys as this one does."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import PASSWORD
from tests.web.test_cli import _serve, _stop

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(p).is_file()), None)
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--lang=vi-VN"]
OUTPUT = Path(os.environ.get("SECASSESS_TEST_OUTPUT") or Path(__file__).resolve().parents[2] / "build" / "test-output")
TEN = 10


def shots_folder(name: str) -> Path:
    """An empty folder for one journey's screenshots, under ``OUTPUT/browser``."""
    folder = OUTPUT / "browser" / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Path:
    return shots_folder("unit" if "unit_officer" in request.node.name else "province")


@pytest.fixture
def served(workspace: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
           ) -> Iterator[dict[str, Any]]:
    """The real catalog, a level-2 system whose questionnaire the unit answered mostly in Excel before:
    all but ten controls, the ten left including mandatory ones; accounts; the server. The unit's
    journey runs on the SQLite file, the province's on a PostgreSQL database (what a province runs)."""
    from secassess.accounts.service import update_user
    from secassess.app import accounts
    from secassess.app.actor import Actor
    from secassess.assessment.service import load_results, save_answers, start_assessment
    from secassess.inventory.service import add_system, add_unit
    from secassess.workspace import Workspace

    if request.param == "submitted":
        monkeypatch.setenv("SECASSESS_DATABASE", request.getfixturevalue("pg_url"))  # the server inherits it
    ws = Workspace.open(workspace)
    with ws.write() as conn:
        add_unit(conn, "STP", "Sở Tư pháp")
        add_system(conn, {"id": "STP-QLVB", "name": "Hệ thống quản lý văn bản và điều hành", "unit": "STP",
                          "level": 2, "targets": ["10.10.5.0/28"], "owner": "Văn phòng Sở"})
        aid = start_assessment(conn, ws.library, "STP-QLVB", None, "officer1")
        if request.param == "submitted":  # the unit answered everything (one control failed) and submitted
            rows = load_results(conn, aid)
            save_answers(conn, aid, rows, [(r.control_id, "fail" if i in (1, 4) else "pass", "", "")
                                           for i, r in enumerate(rows[:TEN])], "stp1")
            from secassess.assessment.review import record_step

            record_step(conn, aid, "submitted", "stp1")
        rows = load_results(conn, aid)
        left = [r.control_id for r in rows[:TEN]]
        assert sum(r.mandatory for r in rows[:TEN]) >= 3
        save_answers(conn, aid, rows, [(r.control_id, "pass", "Đã nhập từ phiếu Excel", "") for r in rows[TEN:]],
                     "stp1")
    for login, role, unit, name in (("stp1", "unit_officer", "STP", "Nguyễn Thị Lan"),
                                    ("officer1", "officer", None, "Trần Văn Bình"),
                                    ("admin1", "admin", None, "Quản trị hệ thống")):
        user = accounts.add_user(ws, Actor("admin", "admin"), login, role, PASSWORD, unit=unit, display_name=name)
        with ws.write() as conn:  # their own passwords already (the first login is tested in test_auth)
            update_user(conn, user.id, must_change_password=False)
    ws.close()
    proc, port = _serve(workspace, "--poll-seconds", "3")
    try:
        yield {"url": f"http://127.0.0.1:{port}", "aid": aid, "left": left, "ws": workspace}
    finally:
        _stop(proc)


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (scripts/ensure-system-tools.sh)")
@pytest.mark.parametrize("served", ["with_unit"], indirect=True)
def test_a_unit_officer_answers_ten_controls_attaches_a_file_reloads_and_submits(
        served: dict[str, Any], shots: Path, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, aid, left = served["url"], served["aid"], served["left"]
    evidence = tmp_path / "Quyết định phê duyệt cấp độ.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% quyet dinh phe duyet cap do\n")
    errors: list[str] = []
    with sync_playwright() as p:
        browser, context, page = _browser(p, errors)
        page.add_init_script("document.addEventListener('securitypolicyviolation', e => console.error('CSPV', e.violatedDirective, e.sourceFile, e.lineNumber, e.columnNumber, JSON.stringify(e.sample)))")

        def shot(name: str) -> None:
            page.screenshot(path=str(shots / f"{name}.png"))

        # log in with the keyboard alone
        page.goto(f"{url}/assessments/{aid}")
        expect(page).to_have_url(f"{url}/login?next=/assessments/{aid}")
        shot("01-dang-nhap")
        expect(page.locator("input[name=login]")).to_be_focused()  # autofocus
        page.keyboard.type("stp1")
        page.keyboard.press("Tab")
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        expect(page).to_have_url(f"{url}/assessments/{aid}")
        expect(page.locator("h1")).to_contain_text("Hệ thống quản lý văn bản và điều hành")
        expect(page.locator("#progress")).to_contain_text(f"{113 - TEN}/113")
        shot("02-phieu-hoi")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366

        choices = ["pass", "partial", "fail", "not_applicable", "pass", "partial", "pass", "fail", "pass", "pass"]
        for i, (cid, result) in enumerate(zip(left, choices, strict=True)):
            card = page.locator(f"#c-{cid}")
            card.scroll_into_view_if_needed()
            if i == 6:  # with the keyboard: Tab into the group, arrows move the choice
                card.locator("input[name=result][value=not_assessed]").focus()
                page.keyboard.press("ArrowRight")  # wraps to the first: Đạt (pass)
            elif result == "not_applicable":
                card.locator("label.res-not_applicable span").click()
                expect(card.locator(".status")).to_contain_text("Chưa lưu")  # refused: no justification yet
                card.locator("textarea[name=justification]").fill("Hệ thống không có mạng không dây")
                card.locator("textarea[name=justification]").blur()
            else:
                card.locator(f"label.res-{result} span").click()  # one click
            if result in ("partial", "fail"):
                card.locator("textarea[name=note]").fill(f"Ghi chú cho {cid}: đang bổ sung quy trình")
            expect(card.locator(".status")).to_contain_text("Đã lưu", timeout=10000)
        expect(page.locator("#progress")).to_contain_text("113/113")

        # a file for the first control
        first = page.locator(f"#c-{left[0]}")
        first.locator("input[type=file]").set_input_files(str(evidence))
        first.locator("form.upload button").click()
        expect(first.locator(".filelist")).to_contain_text("Quyết định phê duyệt cấp độ.pdf")
        first.scroll_into_view_if_needed()
        shot("03-da-tra-loi")

        # the connection drops while a note is typed: nothing is lost, the page says so, and it is sent
        # when the connection is back
        second = page.locator(f"#c-{left[1]}")
        second.scroll_into_view_if_needed()
        context.set_offline(True)
        second.locator("textarea[name=note]").fill("Viết khi mất mạng: MFA mới có cho VPN")
        second.locator("textarea[name=note]").blur()
        expect(second.locator(".status")).to_contain_text("CHƯA LƯU", timeout=10000)
        shot("04-mat-ket-noi")
        context.set_offline(False)
        expect(second.locator(".status")).to_contain_text("Đã lưu", timeout=20000)

        # reload: everything is there
        page.reload()
        for cid, result in zip(left, choices, strict=True):
            expect(page.locator(f"#c-{cid} input[name=result][value={result}]")).to_be_checked()
        expect(page.locator(f"#c-{left[1]} textarea[name=note]")).to_have_value(
            "Viết khi mất mạng: MFA mới có cho VPN")
        expect(page.locator(f"#c-{left[3]} textarea[name=justification]")).to_have_value(
            "Hệ thống không có mạng không dây")
        expect(page.locator(f"#c-{left[0]} .filelist")).to_contain_text("Quyết định phê duyệt cấp độ.pdf")
        expect(page.locator("#progress")).to_contain_text("113/113")
        assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('secassess:draft:')).length") == 0
        shot("05-tai-lai")
        with page.expect_request(lambda r: "/changes" in r.url, timeout=15000) as polled:
            pass  # the page asks for others' changes by itself, marked as not the person's activity
        assert polled.value.headers.get("x-secassess-background") == "1"

        # submit
        page.locator("#review button.primary").click()
        expect(page.locator(".message.ok")).to_contain_text("Đã gửi phiếu hỏi cho tỉnh duyệt")
        expect(page.locator("#review")).to_contain_text("Đã gửi, chờ duyệt")
        shot("06-da-gui")
        page.locator("button[lang=en]").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        shot("07-english")
        browser.close()
    # what the test provoked on purpose (an answer refused, the connection dropped) and nothing else: no
    # Content-Security-Policy violation, no script error
    expected = ("status of 422", "ERR_INTERNET_DISCONNECTED", "htmx:sendError", "htmx:afterRequest")
    unexpected = [e for e in errors if not any(x in e for x in expected)]
    assert not unexpected, "\n".join(unexpected)

    from secassess.assessment import review
    from secassess.assessment.service import load_results
    from secassess.evidence.store import list_attachments
    from secassess.workspace import Workspace

    ws = Workspace.open(served["ws"])
    with ws.read() as conn:
        rows = {r.control_id: r for r in load_results(conn, aid)}
        files = list_attachments(conn, aid)
        state = review.current_state(conn, aid)
    ws.close()
    assert [rows[c].result for c in left] == choices
    assert all(rows[c].answered_by == "stp1" for c in left)
    assert [f.original_name for f in files] == ["Quyết định phê duyệt cấp độ.pdf"]
    assert state == "submitted"


def _fonts() -> Path:
    """A fontconfig file naming only the fonts bundled with secassess (and a cache beside it)."""
    from secassess.reporting.fonts import BUNDLED_DIR

    folder = OUTPUT / "fontconfig"
    folder.mkdir(parents=True, exist_ok=True)
    conf = folder / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
                    f"<fontconfig><dir>{BUNDLED_DIR}</dir><cachedir>{folder / 'cache'}</cachedir></fontconfig>\n",
                    encoding="utf-8")
    return conf


def _browser(p: Any, errors: list[str]) -> tuple[Any, Any, Any]:
    browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS,
                                env={**os.environ, "FONTCONFIG_FILE": str(_fonts())})
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return browser, context, page


def _login(page: Any, url: str, login: str, target: str = "/") -> None:
    page.goto(f"{url}/login?next={target}")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stack button.primary")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (scripts/ensure-system-tools.sh)")
@pytest.mark.parametrize("served", ["submitted"], indirect=True)
def test_a_province_officer_reviews_returns_accepts_and_finalizes_then_the_unit_updates_an_item(
        served: dict[str, Any], shots: Path, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, aid, left = served["url"], served["aid"], served["left"]
    import httpx

    assert httpx.get(f"{url}/healthz").json()["database"]["engine"] == "postgresql"
    errors: list[str] = []
    with sync_playwright() as p:
        browser, _context, page = _browser(p, errors)

        def shot(name: str) -> None:
            page.screenshot(path=str(shots / f"{name}.png"))

        _login(page, url, "officer1")
        expect(page.locator(".drafts h3").first).to_contain_text("Đã gửi, chờ duyệt")  # what waits for the province first
        shot("01-trang-chu-tinh")
        page.click(f"a[href='/assessments/{aid}'] >> nth=0")
        card = page.locator(f"#c-{left[1]}")
        card.scroll_into_view_if_needed()
        card.locator(".add-comment summary").click()
        card.locator("textarea[name=text]").fill("Đề nghị gửi kèm biên bản kiểm tra MFA")
        card.locator(".add-comment button").click()
        expect(card.locator(".comments")).to_contain_text("Đề nghị gửi kèm biên bản kiểm tra MFA")
        shot("02-nhan-xet")
        page.locator("#review input[name=note][required]").fill("Thiếu biên bản cho QLRR-02")
        page.locator("#review form[action$='/return'] button").click()
        expect(page.locator("#review")).to_contain_text("Trả lại đơn vị")
        shot("03-tra-lai")

        unit_page = page.context.browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
        unit_page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        _login(unit_page, url, "stp1", f"/assessments/{aid}")
        expect(unit_page.locator("#review")).to_contain_text("Thiếu biên bản cho QLRR-02")
        expect(unit_page.locator(f"#c-{left[1]} .comments")).to_contain_text("biên bản kiểm tra MFA")
        unit_page.locator("#review button.primary").click()
        expect(unit_page.locator("#review")).to_contain_text("Đã gửi, chờ duyệt")

        page.reload()
        page.locator("#review form[action$='/accept'] button").click()
        expect(page.locator("#review")).to_contain_text("Tỉnh chấp nhận")
        expect(page.locator("#review")).to_contain_text("Sẽ mở")
        shot("04-da-duyet")
        page.locator("#review form[action$='/finalize'] button").click()
        expect(page.locator("#review")).to_contain_text("Chốt đợt đánh giá")
        shot("05-da-chot")

        unit_page.goto(f"{url}/remediation")
        expect(unit_page.locator("table.list")).to_contain_text("STP-QLVB")
        unit_page.screenshot(path=str(shots / "06-khac-phuc-don-vi.png"))
        unit_page.locator("table.list a[href^='/remediation/'] >> nth=0").click()
        unit_page.select_option("select[name=status]", "in_progress")
        unit_page.fill("textarea[name=note]", "Đang triển khai MFA cho tài khoản quản trị")
        proof = tmp_path / "ke-hoach.pdf"
        proof.write_bytes(b"%PDF-1.4 ke hoach")
        unit_page.set_input_files("input[type=file]", str(proof))
        unit_page.click("form.stack button.primary")
        expect(unit_page.locator(".message.ok")).to_contain_text("Đã cập nhật")
        expect(unit_page.locator(".timeline")).to_contain_text("ke-hoach.pdf")
        unit_page.screenshot(path=str(shots / "07-cap-nhat-hang-muc.png"), full_page=True)

        page.click("header.top button:has-text('Đăng xuất')")
        expect(page).to_have_url(f"{url}/login")
        _login(page, url, "admin1", "/admin/audit")
        expect(page.locator("table.audit")).to_contain_text("item.update")
        shot("08-nhat-ky-kiem-toan")
        with page.expect_download() as got:
            page.click("a[href^='/admin/audit.csv']")
        assert got.value.suggested_filename.startswith("nhat-ky-kiem-toan-")
        page.goto(f"{url}/admin/users")
        shot("09-tai-khoan")
        browser.close()
    expected = ("status of 422",)
    unexpected = [e for e in errors if not any(x in e for x in expected)]
    assert not unexpected, "\n".join(unexpected)
