"""Vietnamese first, English on request: the language switch (a cookie before login, the account's
setting after), and every page in the language chosen."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import Site, csrf_of, text_of

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)


def pages(site: Site) -> list[str]:
    ids = site.ids
    return ["/", f"/assessments/{ids.draft['STP']}", f"/systems/{ids.system['STP']}", "/remediation",
            f"/remediation/{ids.item['STP']}", "/account", "/admin/users", "/admin/audit", "/admin/logins"]


def test_vietnamese_by_default_english_on_request(site: Site) -> None:
    c = site.client()
    login = c.get("/login")
    assert '<html lang="vi">' in login.text and "Đăng nhập" in login.text
    r = c.post("/lang", data={"lang": "en", "next": "/login", "csrf": csrf_of(login.text)})
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert "samesite=strict" in r.headers["set-cookie"].lower()
    english = c.get("/login").text
    assert '<html lang="en">' in english and "Log in" in english and "Đăng nhập" not in english


def test_the_accounts_language_follows_it(site: Site) -> None:
    c = site.client("admin1")
    assert c.post("/lang", data={"lang": "en", "next": "/"}).status_code == 303
    c2 = site.client("admin1")  # another browser of the same person: the account remembers
    home = c2.get("/").text
    assert '<html lang="en">' in home


def test_english_pages_have_no_vietnamese_of_ours(site: Site) -> None:
    from secassess.accounts.service import find_user, update_user

    with site.ws.write() as conn:
        user = find_user(conn, "admin1")
        assert user is not None
        update_user(conn, user.id, lang="en")
    c = site.client("admin1")
    for url in pages(site):
        html = c.get(url).text
        # what the data holds (names of units, systems, controls, people) is Vietnamese; our words must not be
        data = re.sub(r"<(td|dd|h1|h3|li|q|option|a|title|b)\b[^>]*>.*?</\1>", "", html, flags=re.S)
        data = re.sub(r'<(p|div|span) class="(question|facts-line|text|muted)"[^>]*>.*?</\1>', "", data, flags=re.S)
        data = re.sub(r'<button[^>]*lang="vi"[^>]*>.*?</button>', "", data)  # "Tiếng Việt": the switch back
        said = text_of(data)
        ours = [w for w in said.split() if VIETNAMESE.search(w)]
        assert not ours, (url, ours[:10])


def test_vietnamese_pages_say_nothing_in_english(site: Site) -> None:
    c = site.client("admin1")
    for url in pages(site):
        said = text_of(c.get(url).text)
        for english in ("Save", "Saved", "Submit", "Log out", "Remediation items", "Not found", "Upload", "Status"):
            assert f" {english} " not in f" {said} ", (url, english)
