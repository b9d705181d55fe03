"""Authorisation is the use cases', not the links': a unit officer asking for another unit's record by
id — through every route that takes one — gets 404, told exactly as for an id that does not exist; a
viewer reads and changes nothing; unit officers take no province step; the administrator's pages are
the administrator's."""

from __future__ import annotations

import re
from typing import Any

import pytest
from starlette.routing import Route

from tests.web.conftest import Ids, Site, text_of

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# routes that take no id of a unit's record, or whose id is an account (administrator only)
NOT_SCOPED = {"/", "/login", "/logout", "/lang", "/account", "/account/password", "/healthz", "/remediation",
              "/remediation.{fmt}", "/admin/users", "/admin/users/{login}/{action}", "/admin/audit", "/admin/audit.csv",
              "/admin/logins", "/systems", "/reports/province", "/reports/province/{period}.{fmt}"}


def all_routes(app: Any) -> list[Any]:
    """Every route of the application (FastAPI keeps an included router's routes behind a wrapper)."""
    out = []
    for r in app.routes:
        inner = getattr(r, "original_router", None)
        out += list(inner.routes) if inner is not None else [r]
    return out


def id_routes(app: Any) -> list[tuple[str, str]]:
    """(method, path template) of every route whose path takes the id of a unit's record."""
    out = []
    for r in all_routes(app):
        if isinstance(r, Route) and "{" in r.path and r.path not in NOT_SCOPED:
            for m in sorted(r.methods or ()):
                if m != "HEAD":
                    out.append((m, r.path))
    return out


def values_for(ids: Ids, unit: str) -> dict[str, str]:
    return {"assessment_id": str(ids.draft[unit]), "control_id": ids.controls[0], "system_id": ids.system[unit],
            "attachment_id": str(ids.attachment[unit]), "item_id": str(ids.item[unit]),
            "history_id": str(ids.item_file[unit]), "incident_id": str(ids.incident[unit]), "fmt": "pdf"}


MISSING = {"assessment_id": "999", "control_id": "QLRR-01", "system_id": "KHONG-CO", "attachment_id": "999",
           "item_id": "999", "history_id": "999", "incident_id": "999", "fmt": "pdf"}


def fill(path: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)


def call(client: Any, method: str, url: str) -> Any:
    if method == "GET":
        return client.get(url)
    data = {"result": "pass", "note": "x", "justification": "", "version": "1", "text": "nhận xét",
            "status": "in_progress"}
    files = {"file": ("a.txt", b"hello", "text/plain")} if url.endswith("/evidence") else None
    return client.post(url, data=data, files=files)


def test_the_route_list_is_what_the_site_has(site: Site) -> None:
    """The test below walks these: a new route with an id is walked too (and this list says so)."""
    paths = {p for _m, p in id_routes(site.app)}
    assert {"/assessments/{assessment_id}", "/assessments/{assessment_id}/controls/{control_id}",
            "/assessments/{assessment_id}/controls/{control_id}/evidence", "/evidence/{attachment_id}",
            "/systems/{system_id}", "/remediation/{item_id}", "/remediation/{item_id}/files/{history_id}",
            "/assessments/{assessment_id}/report.{fmt}", "/assessments/{assessment_id}/changes",
            "/assessments/{assessment_id}/submit", "/assessments/{assessment_id}/finalize",
            "/remediation/{item_id}/accept-risk", "/incidents/{incident_id}"} <= paths
    assert len(id_routes(site.app)) >= 20


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_another_units_record_is_not_found_on_every_route(site: Site, htmx: bool) -> None:
    client = site.htmx("stp1") if htmx else site.client("stp1")
    theirs, missing = values_for(site.ids, "SXD"), MISSING
    for method, path in id_routes(site.app):
        r = call(client, method, fill(path, theirs))
        assert r.status_code == 404, (method, path, r.status_code, r.text[:300])
        r_missing = call(client, method, fill(path, missing))
        assert r_missing.status_code == 404, (method, path, "missing", r_missing.status_code)
        # the same words for "not yours" as for "does not exist", the id aside
        said, said_missing = (re.sub(r"\d+", "N", re.sub(r"“[^”]*”", "“ID”", text_of(x.text))) for x in (r, r_missing))
        assert said == said_missing, (method, path)


def test_nothing_of_another_unit_changed_after_the_walk(site: Site) -> None:
    from secassess.assessment.service import load_results

    with site.ws.read() as conn:
        before = [(r.result, r.note, r.version) for r in load_results(conn, site.ids.draft["SXD"])]
    client = site.client("stp1")
    for method, path in id_routes(site.app):
        if method == "POST":
            call(client, method, fill(path, values_for(site.ids, "SXD")))
    with site.ws.read() as conn:
        after = [(r.result, r.note, r.version) for r in load_results(conn, site.ids.draft["SXD"])]
        from secassess.assessment import review

        assert review.events(conn, site.ids.draft["SXD"]) == []
    assert before == after


def test_the_unit_officer_reaches_its_own_records(site: Site) -> None:
    client = site.client("stp1")
    mine = values_for(site.ids, "STP")
    for path in ("/assessments/{assessment_id}", "/systems/{system_id}", "/evidence/{attachment_id}",
                 "/remediation/{item_id}", "/remediation/{item_id}/files/{history_id}",
                 "/assessments/{assessment_id}/report.{fmt}", "/assessments/{assessment_id}/controls/{control_id}",
                 "/incidents/{incident_id}"):
        r = client.get(fill(path, mine))
        assert r.status_code == 200, (path, r.status_code)


def test_lists_show_only_the_unit_officers_unit(site: Site) -> None:
    client = site.client("stp1")
    home = text_of(client.get("/").text)
    assert "STP-QLVB" in home and "SXD-GP" not in home
    items = text_of(client.get("/remediation").text)
    assert "STP-QLVB" in items and "SXD-GP" not in items
    assert client.get("/remediation?system=SXD-GP").status_code == 404
    officer = text_of(site.client("officer1").get("/").text)
    assert "STP-QLVB" in officer and "SXD-GP" in officer


@pytest.mark.parametrize("login", ["admin1", "officer1", "stp1", "sxd1", "viewer1"])
def test_every_page_answers_each_role(site: Site, login: str) -> None:
    client = site.client(login)
    unit = "SXD" if login == "sxd1" else "STP"
    own = values_for(site.ids, unit)
    pages = ["/", "/?finalized=1", "/remediation", "/remediation?overdue=true", "/account",
             "/remediation?overdue=1&severity=high", "/remediation?status=all", "/incidents", "/incidents?late=1",
             fill("/incidents/{incident_id}", own),
             fill("/assessments/{assessment_id}", own), fill("/assessments/{assessment_id}", {
                 **own, "assessment_id": str(site.ids.final[unit])}), fill("/systems/{system_id}", own),
             fill("/remediation/{item_id}", own)]
    for url in pages:
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code)
        assert r.headers["content-type"].startswith("text/html")
    admin_pages = ["/admin/users", "/admin/audit", "/admin/logins", "/admin/audit.csv"]
    for url in admin_pages:
        assert client.get(url).status_code == (200 if login == "admin1" else 403), url


@pytest.mark.parametrize("login", ["viewer1"])
def test_a_viewer_reads_but_every_change_is_refused(site: Site, login: str) -> None:
    client = site.client(login)
    ids = site.ids
    page = client.get(f"/assessments/{ids.draft['STP']}").text
    assert 'class="answer readonly"' in page and "hx-post" not in page  # no answer form, no upload
    posts = [f"/assessments/{ids.draft['STP']}/controls/{ids.controls[0]}",
             f"/assessments/{ids.draft['STP']}/controls/{ids.controls[0]}/evidence",
             f"/assessments/{ids.draft['STP']}/controls/{ids.controls[0]}/comments",
             f"/assessments/{ids.draft['STP']}/comments", f"/assessments/{ids.draft['STP']}/submit",
             f"/assessments/{ids.draft['STP']}/return", f"/assessments/{ids.draft['STP']}/accept",
             f"/assessments/{ids.draft['STP']}/finalize", f"/remediation/{ids.item['STP']}",
             f"/remediation/{ids.item['STP']}/accept-risk", f"/incidents/{ids.incident['STP']}", "/incidents/new"]
    for url in posts:
        r = call(client, "POST", url)
        assert r.status_code == 403, (url, r.status_code)


def test_a_unit_officer_takes_no_province_step(site: Site) -> None:
    client = site.client("stp1")
    aid = site.ids.draft["STP"]
    for step in ("return", "accept", "finalize"):
        r = client.post(f"/assessments/{aid}/{step}", data={"note": "x"})
        assert r.status_code == 403, step
    r = client.post(f"/remediation/{site.ids.item['STP']}/accept-risk", data={
        "version": "1", "approver": "A", "reason": "R", "until": "2099-01-01"})
    assert r.status_code == 403
    page = client.get(f"/assessments/{aid}").text
    assert f"/assessments/{aid}/accept" not in page and f"/assessments/{aid}/finalize" not in page
