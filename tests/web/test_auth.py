"""Logging in and sessions (OWASP ASVS V2, V3): argon2id hashes, a generic refusal, lockout after repeated
failures and throttling per address, the session cookie's flags and its rotation at login, expiry after
inactivity and after 12 hours, logout, disabled accounts, CSRF on the login form."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from secassess.clock import LOCAL_TZ
from tests.web.conftest import PASSWORD, Site, csrf_of, text_of

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

T0 = datetime(2026, 12, 7, 9, 0, tzinfo=LOCAL_TZ)


def at(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    monkeypatch.setenv("SECASSESS_NOW", moment.isoformat())


def login(client, login: str, password: str, next_: str = "/"):  # type: ignore[no-untyped-def]
    form = client.get("/login")
    assert form.status_code == 200
    if form.cookies.get("__Host-secassess_csrf"):  # a Secure cookie (TLS behind the proxy): http would drop it
        client.cookies.set("__Host-secassess_csrf", form.cookies["__Host-secassess_csrf"], domain="testserver.local")
    return client.post("/login", data={"login": login, "password": password, "csrf": csrf_of(form.text),
                                       "next": next_})


def cookie_header(response, name: str) -> str:  # type: ignore[no-untyped-def]
    found = [v for k, v in response.headers.multi_items() if k == "set-cookie" and v.startswith(name + "=")]
    assert found, f"no {name} cookie set"
    return found[0]


def test_login_opens_a_session_with_strict_cookie_flags(site: Site) -> None:
    c = site.client()
    r = login(c, "stp1", PASSWORD, "/assessments/1")
    assert r.status_code == 303 and r.headers["location"] == "/assessments/1"
    flags = cookie_header(r, "secassess_session").lower()
    assert "httponly" in flags and "samesite=strict" in flags and "path=/" in flags
    assert "secure" not in flags  # plain HTTP on loopback: a Secure cookie would never come back
    assert "max-age" not in flags and "expires" not in flags  # ends with the browser; the server ends it sooner
    assert c.get("/").status_code == 200


def test_over_tls_behind_a_trusted_proxy_the_cookie_is_secure(site: Site) -> None:
    c = site.client(client=("10.9.9.9", 40000))  # the configured proxy
    c.headers.update({"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"})
    r = login(c, "stp1", PASSWORD)
    assert r.status_code == 303
    flags = cookie_header(r, "__Host-secassess_session").lower()  # the prefix: Secure, Path=/, no Domain
    assert "secure" in flags and "httponly" in flags and "samesite=strict" in flags and "domain" not in flags
    assert "strict-transport-security" in r.headers
    from sqlalchemy import select

    from secassess.store.schema.accounts import login_attempts

    with site.ws.read() as conn:
        assert conn.execute(select(login_attempts.c.address).order_by(login_attempts.c.id.desc())).scalar() \
            == "203.0.113.7"  # the client behind the proxy, not the proxy


def test_forwarded_headers_from_anyone_else_are_ignored(site: Site) -> None:
    c = site.client(client=("192.0.2.50", 40000))
    c.headers.update({"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.1"})
    r = login(c, "stp1", PASSWORD)
    assert "secure" not in cookie_header(r, "secassess_session").lower()
    assert "strict-transport-security" not in r.headers
    from sqlalchemy import select

    from secassess.store.schema.accounts import login_attempts

    with site.ws.read() as conn:
        assert conn.execute(select(login_attempts.c.address).order_by(login_attempts.c.id.desc())).scalar() \
            == "192.0.2.50"


def test_the_session_id_changes_at_login_and_the_old_one_is_dead(site: Site) -> None:
    c = site.client("stp1")  # logged in already (token A), logs in again
    old = c.cookies.get("secassess_session")
    r = c.post("/login", data={"login": "stp1", "password": PASSWORD, "next": "/"})
    assert r.status_code == 303
    new = c.cookies.get("secassess_session")
    assert new and new != old
    assert c.get("/").status_code == 200
    stale = site.client()
    stale.cookies.set("secassess_session", old, domain="testserver.local")
    assert stale.get("/").status_code == 303  # the session it had before logging in again is closed
    planted = site.client()  # a token the server never issued is no session at all (no fixation)
    planted.cookies.set("secassess_session", "a" * 43, domain="testserver.local")
    assert planted.get("/").status_code == 303


def test_sessions_are_stored_as_hashes_only(site: Site) -> None:
    from sqlalchemy import select

    from secassess.store.schema.accounts import web_sessions

    c = site.client()
    login(c, "stp1", PASSWORD)
    token = c.cookies.get("secassess_session")
    with site.ws.read() as conn:
        stored = [r[0] for r in conn.execute(select(web_sessions.c.id))]
    assert token and token not in stored
    import hashlib

    assert hashlib.sha256(token.encode()).hexdigest() in stored


def test_passwords_are_argon2id_hashes(site: Site) -> None:
    from sqlalchemy import select

    from secassess.store.schema.accounts import users

    with site.ws.read() as conn:
        hashes = [r[0] for r in conn.execute(select(users.c.password_hash))]
    assert hashes and all(h.startswith("$argon2id$v=19$m=65536,t=3,p=4$") for h in hashes)
    assert all(PASSWORD not in h for h in hashes)


def test_a_session_ends_after_inactivity_and_after_twelve_hours(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    at(monkeypatch, T0)
    c = site.client()
    assert login(c, "stp1", PASSWORD).status_code == 303
    at(monkeypatch, T0 + timedelta(minutes=29))
    assert c.get("/").status_code == 200  # used: the idle clock starts again
    at(monkeypatch, T0 + timedelta(minutes=29 + 29))
    assert c.get("/").status_code == 200
    at(monkeypatch, T0 + timedelta(minutes=58 + 31))
    r = c.get("/")
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    # kept busy, a session still ends 12 hours after login
    at(monkeypatch, T0)
    c = site.client()
    login(c, "stp1", PASSWORD)
    for minutes in range(20, 12 * 60, 20):
        at(monkeypatch, T0 + timedelta(minutes=minutes))
        assert c.get("/account").status_code == 200, minutes
    at(monkeypatch, T0 + timedelta(hours=12, minutes=1))
    assert c.get("/account").status_code == 303


def test_an_expired_session_on_an_htmx_save_sends_the_browser_to_login(site: Site) -> None:
    c = site.client()
    c.headers.update({"HX-Request": "true", "HX-Current-URL": "http://testserver/assessments/1"})
    r = c.post(f"/assessments/{site.ids.draft['STP']}/controls/{site.ids.controls[0]}", data={"result": "pass"})
    assert r.status_code == 401 and r.headers["HX-Redirect"] == "/login?next=/assessments/1"


def test_logout_ends_the_session(site: Site) -> None:
    c = site.client()
    login(c, "stp1", PASSWORD)
    token = c.cookies.get("secassess_session")
    page = c.get("/")
    r = c.post("/logout", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 303 and r.headers["location"] == "/login"
    again = site.client()
    again.cookies.set("secassess_session", token, domain="testserver.local")
    assert again.get("/").status_code == 303


def test_a_failed_login_says_the_same_whatever_was_wrong(site: Site) -> None:
    unknown = login(site.client(), "khongco", PASSWORD)
    wrong = login(site.client(), "stp1", "mật khẩu sai hoàn toàn")
    assert unknown.status_code == wrong.status_code == 401
    assert "set-cookie" not in wrong.headers or "secassess_session" not in wrong.headers.get("set-cookie", "")
    said = [text_of(r.text).replace("khongco", "X").replace("stp1", "X") for r in (unknown, wrong)]
    assert said[0] == said[1] and "không đúng" in said[0]


def test_repeated_failures_lock_the_account_for_a_while(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    at(monkeypatch, T0)
    c = site.client()
    for _ in range(5):
        assert login(c, "stp1", "sai mật khẩu lần nữa").status_code == 401
    r = login(c, "stp1", PASSWORD)  # the right password, but locked
    assert r.status_code == 401 and "secassess_session" not in c.cookies
    from sqlalchemy import select

    from secassess.store.schema.accounts import login_attempts
    from secassess.store.schema.audit import audit_log

    with site.ws.read() as conn:
        outcomes = [r[0] for r in conn.execute(select(login_attempts.c.outcome).order_by(login_attempts.c.id))]
        locked = conn.execute(select(audit_log.c.action).where(audit_log.c.action == "account.locked")).all()
    assert outcomes[-6:] == ["bad_password"] * 5 + ["locked"] and len(locked) == 1
    admin = text_of(site.client("admin1").get("/admin/users").text)
    assert "tạm khóa đến" in admin
    at(monkeypatch, T0 + timedelta(minutes=16))
    assert login(c, "stp1", PASSWORD).status_code == 303


def test_the_administrator_unlocks_an_account(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    at(monkeypatch, T0)
    for _ in range(5):
        login(site.client(), "stp1", "sai mật khẩu lần nữa")
    admin = site.client("admin1")
    r = admin.post("/admin/users/stp1/unlock")
    assert r.status_code == 303
    assert login(site.client(), "stp1", PASSWORD).status_code == 303


def test_an_address_with_many_failures_is_throttled_whatever_the_login(site: Site,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    at(monkeypatch, T0)
    c = site.client(client=("192.0.2.99", 1))
    for i in range(30):
        login(c, f"doan{i}", "sai mật khẩu lần nữa")
    r = login(c, "officer1", PASSWORD)
    assert r.status_code == 401 and "quá nhiều lần đăng nhập sai" in text_of(r.text)
    assert login(site.client(client=("192.0.2.100", 1)), "officer1", PASSWORD).status_code == 303  # others: fine
    at(monkeypatch, T0 + timedelta(minutes=16))
    assert login(c, "officer1", PASSWORD).status_code == 303


def test_a_disabled_account_cannot_log_in_and_its_sessions_end(site: Site) -> None:
    victim = site.client("stp1")
    assert victim.get("/").status_code == 200
    admin = site.client("admin1")
    assert admin.post("/admin/users/stp1/disable").status_code == 303
    assert victim.get("/").status_code == 303
    assert login(site.client(), "stp1", PASSWORD).status_code == 401
    assert admin.post("/admin/users/stp1/enable").status_code == 303
    assert login(site.client(), "stp1", PASSWORD).status_code == 303


def test_the_login_form_needs_its_csrf_token(site: Site) -> None:
    c = site.client()
    c.get("/login")
    r = c.post("/login", data={"login": "stp1", "password": PASSWORD})
    assert r.status_code == 403
    r = c.post("/login", data={"login": "stp1", "password": PASSWORD, "csrf": "x" * 43})
    assert r.status_code == 403
    fresh = site.client()  # no cookie at all: a form posted from elsewhere
    assert fresh.post("/login", data={"login": "stp1", "password": PASSWORD, "csrf": "x" * 43}).status_code == 403


def test_every_change_needs_the_sessions_csrf_token(site: Site) -> None:
    c = site.client("stp1")
    good = c.headers.pop("X-CSRF-Token")
    aid, cid = site.ids.draft["STP"], site.ids.controls[0]
    for url, data in ((f"/assessments/{aid}/controls/{cid}", {"result": "pass", "version": "1"}),
                      (f"/assessments/{aid}/submit", {}), ("/logout", {}), ("/lang", {"lang": "en"}),
                      (f"/remediation/{site.ids.item['STP']}", {"version": "1", "note": "x"})):
        assert c.post(url, data=data).status_code == 403, url
        assert c.post(url, data={**data, "csrf": "sai"}).status_code == 403, url
        assert c.post(url, data=data, headers={"X-CSRF-Token": site.client("sxd1").headers["X-CSRF-Token"]}
                      ).status_code == 403, url  # another session's token
    from secassess.assessment.service import load_results

    with site.ws.read() as conn:
        assert all(r.version == 1 for r in load_results(conn, aid))
    assert c.post(f"/assessments/{aid}/controls/{cid}", data={"result": "pass", "version": "1", "csrf": good}
                  ).status_code == 303  # the form field works as well as the header


def test_next_never_leads_to_another_site(site: Site) -> None:
    for bad in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"):
        r = login(site.client(), "stp1", PASSWORD, bad)
        assert r.headers["location"] == "/", bad


def test_password_rules(site: Site) -> None:
    from secassess.accounts.passwords import problem

    assert problem("ngắn quá", "a")  # too short
    assert problem("matkhau123456", "a")  # common
    assert problem("Mật Khẩu 123456", "a")  # the same, with diacritics and capitals
    assert problem("aaaaaaaaaaaaaaaa", "a")
    assert problem("nguyenvana2026", "nguyenvana")  # the login and a few characters
    assert problem("x" * 129 + "yzw", "a")
    assert problem("con mèo trèo cây cau 2026", "nguyenvana") is None


def test_a_password_the_administrator_chose_must_be_replaced_first(site: Site) -> None:
    admin = site.client("admin1")
    assert admin.post("/admin/users/stp1/password", data={"password": "mật khẩu tạm thời của quản trị"}
                      ).status_code == 303
    c = site.client()
    r = login(c, "stp1", "mật khẩu tạm thời của quản trị", f"/assessments/{site.ids.draft['STP']}")
    assert r.status_code == 303
    for url in ("/", f"/assessments/{site.ids.draft['STP']}", "/remediation"):
        r = c.get(url)
        assert r.status_code == 303 and r.headers["location"] == "/account?first=1", url
    page = c.get("/account?first=1")
    assert page.status_code == 200 and "do quản trị viên đặt" in text_of(page.text)
    token = csrf_of(page.text)
    hx = c.post(f"/assessments/{site.ids.draft['STP']}/controls/{site.ids.controls[0]}",
                data={"result": "pass", "version": "1"}, headers={"HX-Request": "true", "X-CSRF-Token": token})
    assert hx.status_code == 403 and hx.headers["HX-Redirect"] == "/account?first=1"
    r = c.post("/account/password", data={"csrf": token, "current": "mật khẩu tạm thời của quản trị",
                                          "new": "một câu của riêng tôi", "again": "một câu của riêng tôi"})
    assert r.status_code == 303 and r.headers["location"] == "/"
    assert c.get("/").status_code == 200
    assert login(site.client(), "stp1", "một câu của riêng tôi").status_code == 303


def test_changing_ones_password_asks_for_the_current_one(site: Site) -> None:
    c = site.client("stp1")
    page = c.get("/account")
    token = csrf_of(page.text)
    r = c.post("/account/password", data={"csrf": token, "current": "sai", "new": "một câu mới của tôi",
                                          "again": "một câu mới của tôi"})
    assert r.status_code == 422 and "mật khẩu hiện tại không đúng" in text_of(r.text)
    r = c.post("/account/password", data={"csrf": token, "current": PASSWORD, "new": "một câu mới của tôi",
                                          "again": "một câu khác"})
    assert r.status_code == 422
    other = site.client("stp1")  # another session of the same person
    r = c.post("/account/password", data={"csrf": token, "current": PASSWORD, "new": "một câu mới của tôi",
                                          "again": "một câu mới của tôi"})
    assert r.status_code == 303 and r.headers["location"] == "/account?done=password"
    assert c.get("/").status_code == 200  # this session goes on
    assert other.get("/").status_code == 303  # the other one ended


def test_a_page_polling_by_itself_does_not_keep_the_session_alive(site: Site, monkeypatch: pytest.MonkeyPatch
                                                                   ) -> None:
    at(monkeypatch, T0)
    c = site.client()
    login(c, "stp1", PASSWORD)
    aid = site.ids.draft["STP"]
    poll = {"HX-Request": "true", "X-Secassess-Background": "1"}
    for minutes in range(5, 30, 5):  # an open questionnaire left alone, asking every few minutes
        at(monkeypatch, T0 + timedelta(minutes=minutes))
        assert c.get(f"/assessments/{aid}/changes", headers=poll).status_code == 200
    at(monkeypatch, T0 + timedelta(minutes=31))
    r = c.get(f"/assessments/{aid}/changes", headers=poll)
    assert r.status_code == 401 and r.headers["HX-Redirect"].startswith("/login")
