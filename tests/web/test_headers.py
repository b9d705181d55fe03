"""The headers every answer carries (OWASP ASVS V14.4), the body size limit, the health check, static
files, and error pages that tell nothing of the server."""

from __future__ import annotations

import pytest

from tests.web.conftest import Site

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def check_headers(r, *, cached_ok: bool = False) -> None:  # type: ignore[no-untyped-def]
    csp = r.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp
    assert "default-src 'self'" in csp and "object-src 'none'" in csp and "base-uri 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "same-origin"
    if not cached_ok:
        assert r.headers["cache-control"] == "no-store"
    assert "server" not in r.headers


def test_pages_fragments_errors_and_files_carry_the_headers(site: Site) -> None:
    anon, unit, htmx = site.client(), site.client("stp1"), site.htmx("stp1")
    aid = site.ids.draft["STP"]
    for r in (anon.get("/login"), anon.get("/"), unit.get("/"), unit.get(f"/assessments/{aid}"),
              unit.get("/assessments/999"), unit.get("/nowhere"), unit.post("/admin/users"),
              htmx.post(f"/assessments/{aid}/controls/{site.ids.controls[0]}", data={"result": "x"}),
              unit.get(f"/evidence/{site.ids.attachment['STP']}"), anon.get("/healthz")):
        check_headers(r)
    check_headers(anon.get("/static/htmx.min.js"), cached_ok=True)


def test_no_inline_script_or_style_anywhere(site: Site) -> None:
    import re

    unit = site.client("admin1")
    for url in ("/login", "/", f"/assessments/{site.ids.draft['STP']}", "/remediation",
                f"/remediation/{site.ids.item['STP']}", "/admin/users", "/admin/audit", "/account"):
        html = unit.get(url).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert "<style" not in html and " style=" not in html and " on" + "click=" not in html, url
        assert "hx-on" not in html and "javascript:" not in html, url


def test_the_static_files_are_ours(site: Site) -> None:
    c = site.client()
    js = c.get("/static/htmx.min.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"] and b"htmx" in js.content[:2000]
    import hashlib

    assert hashlib.sha256(js.content).hexdigest() == \
        "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717"  # htmx 2.0.11 as published
    assert c.get("/static/app.js").status_code == 200 and c.get("/static/app.css").status_code == 200
    assert c.get("/static/htmx.LICENSE.txt").status_code == 200
    assert c.get("/static/../secassess.db").status_code == 404
    page = c.get("/login").text
    assert "cdn" not in page.lower() and "https://" not in page


def test_healthz_says_the_version_and_the_database_state(site: Site) -> None:
    from secassess import __version__
    from secassess.store.migrations import HEAD

    r = site.client().get("/healthz")
    assert r.status_code == 200
    data = r.json()
    assert data["status"] == "ok" and data["version"] == __version__
    assert data["database"]["engine"] == site.engine and data["database"]["schema"] == HEAD
    assert data["database"]["reachable"] is True


def test_healthz_when_the_database_is_gone(site: Site) -> None:
    site.lose_database()
    r = site.client().get("/healthz")
    assert r.status_code == 503 and r.json()["database"]["reachable"] is False
    assert "Traceback" not in r.text


def test_a_request_body_over_the_limit_is_refused_before_reading(site: Site) -> None:
    c = site.client("stp1")
    aid = site.ids.draft["STP"]
    r = c.post(f"/assessments/{aid}/controls/{site.ids.controls[0]}",
               data={"result": "pass", "version": "1", "note": "x" * (1024 * 1024 + 100)})
    assert r.status_code == 413
    r = c.post("/login", content=b"x" * 2_000_000, headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413


def test_an_unexpected_error_shows_no_detail(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    import secassess.app.overview as overview

    def broken(*_a: object, **_k: object) -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(overview, "assessments", broken)
    c = TestClient(site.app, raise_server_exceptions=False, follow_redirects=False)
    login = site.client("stp1")
    c.cookies = login.cookies
    r = c.get("/")
    assert r.status_code == 500 and "secret internal detail" not in r.text and "Traceback" not in r.text


def test_a_streamed_body_over_the_limit_is_cut_off(site: Site) -> None:
    """Without a Content-Length (chunked), the body is counted as it arrives and refused past the limit."""
    c = site.client("stp1")

    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(40):
            yield b"note=" + b"x" * 60_000

    r = c.post(f"/assessments/{site.ids.draft['STP']}/controls/{site.ids.controls[0]}", content=chunks(),
               headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413, r.text


def test_an_uploaded_page_is_never_served_as_a_page(site: Site) -> None:
    aid, cid = site.ids.draft["STP"], site.ids.controls[1]
    r = site.htmx("stp1").post(f"/assessments/{aid}/controls/{cid}/evidence",
                               files={"file": ("trang.html", b"<script>alert(1)</script>", "text/html")})
    import re

    att = re.search(r'href="/evidence/(\d+)"[^>]*>trang.html', r.text)
    assert att
    got = site.client("stp1").get(f"/evidence/{att.group(1)}")
    assert got.headers["content-type"] == "application/octet-stream"
    assert got.headers["content-disposition"].startswith("attachment;")
    assert got.content == b"<script>alert(1)</script>"
