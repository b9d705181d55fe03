"""The administrator's pages: accounts from the browser, the audit log (who, when, from where, what
changed), its filters and its CSV export."""

from __future__ import annotations

import csv
import io

import pytest

from tests.web.conftest import PASSWORD, Site, text_of

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_accounts_from_the_browser(site: Site) -> None:
    admin = site.client("admin1")
    r = admin.post("/admin/users", data={"login": "Ct.Huyen", "role": "unit_officer", "unit": "SXD",
                                         "display_name": "Cán bộ huyện", "password": "một câu mật khẩu dài"})
    assert r.status_code == 303
    page = text_of(admin.get("/admin/users").text)
    assert "ct.huyen" in page and "Cán bộ huyện" in page
    bad = admin.post("/admin/users", data={"login": "x2", "role": "unit_officer", "unit": "",
                                           "password": "một câu mật khẩu dài"})
    assert bad.status_code == 422 and "cần nêu đơn vị" in text_of(bad.text)
    weak = admin.post("/admin/users", data={"login": "x3", "role": "viewer", "password": "123"})
    assert weak.status_code == 422 and "ít nhất 12" in text_of(weak.text)
    dup = admin.post("/admin/users", data={"login": "STP1", "role": "viewer", "password": "một câu mật khẩu dài"})
    assert dup.status_code == 422 and "đã có tài khoản" in text_of(dup.text)
    r = admin.post("/admin/users/stp1/password", data={"password": "mật khẩu mới dài hơn"})
    assert r.status_code == 303
    assert admin.post("/admin/users/admin1/disable").status_code == 422  # the last administrator
    assert admin.post("/admin/users/nobody/disable").status_code == 404


def test_the_audit_log_records_who_when_where_what(site: Site) -> None:
    aid, cid = site.ids.draft["STP"], site.ids.controls[1]
    unit = site.htmx("stp1")
    unit.post(f"/assessments/{aid}/controls/{cid}", data={"result": "fail", "note": "chưa có", "version": "1"})
    admin = site.client("admin1")
    page = text_of(admin.get("/admin/audit?action=answer").text)
    assert "stp1" in page and "127.0.0.1" in page and "answer.save" in page and f"{aid}/{cid}" in page
    assert "result : not_assessed → fail" in page and "note : — → chưa có" in page and "version : 1 → 2" in page
    assert "user.add" not in page  # filtered
    everything = text_of(admin.get("/admin/audit").text)
    assert "user.add" in everything and "evidence.add" in everything


def test_the_audit_export_is_csv_with_formulas_kept_as_text(site: Site) -> None:
    aid, cid = site.ids.draft["STP"], site.ids.controls[1]
    site.htmx("stp1").post(f"/assessments/{aid}/controls/{cid}",
                           data={"result": "fail", "note": '=HYPERLINK("http://evil","bấm")', "version": "1"})
    r = site.client("admin1").get("/admin/audit.csv?action=answer")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.headers["content-disposition"].startswith("attachment;")
    assert r.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][:6] == ["id", "at", "actor", "role", "address", "action"]
    assert len(rows) == 2 and rows[1][2] == "stp1" and rows[1][5] == "answer.save"
    assert '=HYPERLINK' in rows[1][9] and not rows[1][9].startswith("=")
    export = text_of(site.client("admin1").get("/admin/audit?action=audit").text)
    assert "audit.export" in export  # the export itself is recorded


def test_logins_and_failures_are_listed(site: Site) -> None:
    c = site.client()
    form = c.get("/login").text
    import re

    token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    c.post("/login", data={"login": "stp1", "password": "sai mật khẩu rồi", "csrf": token})
    c.post("/login", data={"login": "stp1", "password": PASSWORD, "csrf": token})
    page = text_of(site.client("admin1").get("/admin/logins").text)
    assert "bad_password" in page and "ok" in page


def test_the_audit_log_filters_by_date(site: Site) -> None:
    admin = site.client("admin1")
    assert admin.get("/admin/audit?since=01/01/2099").status_code == 200
    assert "(0)" in text_of(admin.get("/admin/audit?since=01/01/2099").text)
    assert admin.get("/admin/audit?since=31/02/2026").status_code == 422
