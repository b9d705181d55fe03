"""The remediation board (/remediation) for each role, on both engines: its filters (the query parameters
the dashboard links to) give the same items and counts as the remediation use case the command line
calls; the filtered list downloads as CSV (formula guard), XLSX and a valid OSCAL POA&M; a province
officer accepts a risk (approver, reason, end date, optimistic version, audit record) and nobody else
can; another unit's records are not found; markup in names is escaped."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta
from typing import Any

import pytest

from tests.web.conftest import Site, text_of

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

FAR = (date.today() + timedelta(days=400)).isoformat()  # every working item is overdue by then


def _expected(site: Site, login: str, **query: Any) -> list[int]:
    """The ids the remediation use case lists for the same filters (what ``remediation list`` shows)."""
    from secassess.app.actor import Actor
    from secassess.app.remediation import ItemQuery, list_items
    from tests.web.conftest import ACCOUNTS

    role, unit = ACCOUNTS[login]

    return [i.id for i in list_items(site.ws, Actor(login, role, unit), ItemQuery(**query)).items]  # type: ignore[arg-type]


def _ids(html: str) -> list[int]:
    body = html.split("<tbody>", 1)[1] if "<tbody>" in html else ""
    return [int(x) for x in re.findall(r'<td><a href="/remediation/(\d+)">#', body)]


def _count(html: str) -> int:
    return int(re.search(r'<b class="big">(\d+)</b>', html).group(1))  # type: ignore[union-attr]


def _rename(site: Site, system_id: str, name: str) -> None:
    from sqlalchemy import update

    from secassess.store.schema.inventory import systems

    with site.ws.write() as conn:
        conn.execute(update(systems).where(systems.c.id == system_id).values(name=name))


def _version(site: Site, item_id: int) -> int:
    from secassess.remediation.service import get_item

    with site.ws.read() as conn:
        return get_item(conn, item_id).version


def test_the_filters_give_what_the_use_case_lists(site: Site) -> None:
    c = site.client("officer1")
    cases: list[tuple[str, dict[str, Any]]] = [
        ("", {"include_verified": False}),
        ("?unit=STP", {"unit_id": "STP", "include_verified": False}),
        ("?system=sxd-gp", {"system_id": "SXD-GP", "include_verified": False}),
        ("?severity=high", {"severities": ["high"], "include_verified": False}),
        ("?status=in_progress", {"statuses": ["in_progress"]}),
        ("?status=all", {}),
        (f"?overdue=1&as_of={FAR}", {"overdue": True, "as_of": date.fromisoformat(FAR)}),
        (f"?overdue=1&severity=high&unit=SXD&as_of={FAR}",
         {"overdue": True, "severities": ["high"], "unit_id": "SXD", "as_of": date.fromisoformat(FAR)}),
    ]
    for params, query in cases:
        r = c.get(f"/remediation{params}")
        assert r.status_code == 200, params
        expected = _expected(site, "officer1", **query)
        assert _ids(r.text) == expected, params
        assert _count(r.text) == len(expected), params
    # overdue today: nothing is (the items were opened today), as of a far date: every working item
    assert _count(c.get("/remediation?overdue=1").text) == 0
    far = c.get(f"/remediation?as_of={FAR}").text
    assert f'<b>{len(_expected(site, "officer1", overdue=True, as_of=date.fromisoformat(FAR)))}</b> quá hạn' in far
    assert "quá hạn" in text_of(far) and 'class="overdue"' in far
    # the form shows what is chosen
    chosen = c.get("/remediation?unit=SXD&severity=high&overdue=1").text
    assert '<option value="SXD" selected>' in chosen and '<option value="high" selected>' in chosen
    assert 'name="overdue" value="1" checked' in chosen


def test_bad_filters_are_refused_with_the_field_named(site: Site) -> None:
    c = site.client("officer1")
    assert c.get("/remediation?severity=bogus").status_code == 422
    r = c.get("/remediation?as_of=31-31-2026")
    assert r.status_code == 422 and "as_of" in text_of(r.text)
    assert c.get("/remediation?status=bogus").status_code == 422
    assert c.get("/remediation?unit=NOPE").status_code == 404
    assert c.get("/remediation?system=NOPE").status_code == 404


def test_a_unit_officer_sees_only_their_unit(site: Site) -> None:
    c = site.client("stp1")
    page = c.get("/remediation?status=all").text
    assert _ids(page) == _expected(site, "stp1") and _ids(page)
    assert "SXD-GP" not in page and 'name="unit"' not in page  # no unit to choose
    for url in ("/remediation?unit=SXD", "/remediation?system=SXD-GP", f"/remediation/{site.ids.item['SXD']}",
                "/remediation.csv?unit=SXD"):
        assert c.get(url).status_code == 404, url


def test_the_csv_export_is_the_filtered_list_with_the_formula_guard(site: Site) -> None:
    _rename(site, "STP-QLVB", '=HYPERLINK("http://evil.example","bấm")')
    c = site.client("viewer1")  # reading is enough to export
    r = c.get("/remediation.csv?unit=STP&status=all")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"] and "khac-phuc-STP-" in r.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert len(body) == len(_expected(site, "viewer1", unit_id="STP")) > 0
    names = {row[header.index("Tên hệ thống")] for row in body}
    assert names == {"'" + '=HYPERLINK("http://evil.example","bấm")'}  # kept as text, not run
    overdue = c.get(f"/remediation.csv?overdue=1&as_of={FAR}&severity=high")
    assert len(list(csv.reader(io.StringIO(overdue.content.decode("utf-8-sig"))))) - 1 == len(
        _expected(site, "viewer1", overdue=True, severities=["high"], as_of=date.fromisoformat(FAR)))


def test_the_xlsx_export_reads_back(site: Site) -> None:
    from openpyxl import load_workbook

    _rename(site, "SXD-GP", "=1+1 <b>Sở</b>")
    r = site.client("officer1").get("/remediation.xlsx?unit=SXD")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    sheet = load_workbook(io.BytesIO(r.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    expected = _expected(site, "officer1", unit_id="SXD", include_verified=False)
    assert len(rows) - 1 == len(expected) > 0
    assert any(v == "=1+1 <b>Sở</b>" for v in rows[1])  # a text cell, never a formula
    assert all(cell.data_type == "s" for cell in next(sheet.iter_rows(min_row=2, max_row=2)) if
               isinstance(cell.value, str) and cell.value.startswith("="))


def test_the_oscal_export_is_a_valid_poam_of_one_unit(site: Site) -> None:
    from tests.oscal.helpers import check_both_readers

    officer = site.client("officer1")
    r = officer.get("/remediation.oscal.json?unit=STP")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    doc = json.loads(r.content)
    assert check_both_readers(doc) == "plan-of-action-and-milestones"
    poam_items = doc["plan-of-action-and-milestones"]["poam-items"]
    assert len(poam_items) == len(_expected(site, "officer1", unit_id="STP", include_verified=False))
    # province-wide without a unit or system: refused with the reason; the board offers no link then
    r = officer.get("/remediation.oscal.json")
    assert r.status_code == 422 and "--unit" in text_of(r.text)
    assert "/remediation.oscal.json" not in officer.get("/remediation").text
    # a unit officer's is their unit's
    own = site.client("sxd1").get("/remediation.oscal.json")
    assert own.status_code == 200 and check_both_readers(json.loads(own.content))
    assert "STP-QLVB" not in own.text and "SXD-GP" in own.text
    assert officer.get("/remediation.pdf").status_code == 404


def test_an_officer_accepts_a_risk_with_its_history_and_audit_record(site: Site) -> None:
    from secassess.remediation.service import get_item, history

    iid = site.ids.item["SXD"]
    c = site.client("officer1")
    page = c.get(f"/remediation/{iid}").text
    assert f'action="/remediation/{iid}/accept-risk"' in page
    until = (date.today() + timedelta(days=90)).isoformat()
    v = _version(site, iid)
    r = c.post(f"/remediation/{iid}/accept-risk", data={
        "version": str(v), "approver": "Phó Giám đốc <b>Lê Văn A</b>", "reason": "Hệ thống sắp thay thế",
        "until": until, "note": "Theo công văn 12/CV"})
    assert r.status_code == 303 and r.headers["location"] == f"/remediation/{iid}?done=risk_accepted"
    page = c.get(r.headers["location"]).text
    said = text_of(page)
    assert "Đã ghi nhận chấp nhận rủi ro" in said and "Hệ thống sắp thay thế" in said and "Theo công văn 12/CV" in said
    assert "<b>Lê Văn A</b>" not in page and "&lt;b&gt;Lê Văn A&lt;/b&gt;" in page
    with site.ws.read() as conn:
        item = get_item(conn, iid)
        last = history(conn, iid)[-1]
    assert item.status == "risk_accepted" and item.risk_until == date.fromisoformat(until)
    assert item.risk_approver == "Phó Giám đốc <b>Lê Văn A</b>" and last.action == "risk_accepted"
    assert last.actor == "officer1"
    audit = site.client("admin1").get("/admin/audit").text
    assert "item.accept_risk" in audit
    # the form now renews or changes the acceptance, filled with the current one (escaped)
    assert "Gia hạn hoặc thay đổi chấp nhận rủi ro" in page and f'name="until" required value="{until}"' in page
    assert 'value="Phó Giám đốc &lt;b&gt;Lê Văn A&lt;/b&gt;"' in page
    # on the board it shows as accepted, until the date
    board = c.get("/remediation?status=risk_accepted").text
    assert _ids(board) == [iid]
    # a stale page: refused, nothing saved
    r = c.post(f"/remediation/{iid}/accept-risk", data={"version": str(v), "approver": "X", "reason": "Y",
                                                         "until": until})
    assert r.status_code == 409 and "CHƯA được lưu" in text_of(r.text)
    assert _version(site, iid) == v + 1


def test_a_risk_acceptance_needs_its_fields(site: Site) -> None:
    iid = site.ids.item["STP"]
    c = site.client("officer1")
    v = _version(site, iid)
    future = (date.today() + timedelta(days=30)).isoformat()
    past = (date.today() - timedelta(days=1)).isoformat()
    for data, says in (({"approver": "A", "reason": "", "until": future}, "--reason"),
                       ({"approver": "", "reason": "R", "until": future}, "--approver"),
                       ({"approver": "A", "reason": "R", "until": past}, "đã qua"),
                       ({"approver": "A", "reason": "R", "until": ""}, "ngày hết hạn"),
                       ({"approver": "A", "reason": "R", "until": "không phải ngày"}, "until")):
        r = c.post(f"/remediation/{iid}/accept-risk", data={"version": str(v), **data})
        assert r.status_code == 422, data
        assert says in text_of(r.text), (data, text_of(r.text))
        assert f'value="{data["approver"]}"' in r.text  # what was typed is kept
    assert _version(site, iid) == v


def test_only_a_province_officer_may_accept_a_risk(site: Site) -> None:
    future = (date.today() + timedelta(days=30)).isoformat()
    data = {"approver": "A", "reason": "R", "until": future}
    for login, unit, status in (("viewer1", "STP", 403), ("stp1", "STP", 403), ("stp1", "SXD", 404)):
        iid = site.ids.item[unit]
        c = site.client(login)
        v = _version(site, iid)
        if status == 403:
            page = c.get(f"/remediation/{iid}").text
            assert "accept-risk" not in page and "Chấp nhận rủi ro" not in text_of(page)
        r = c.post(f"/remediation/{iid}/accept-risk", data={"version": str(v), **data})
        assert r.status_code == status, (login, unit)
        assert _version(site, iid) == v
    # the admin may; without the CSRF token nobody may
    anon = site.client("officer1")
    anon.headers.pop("X-CSRF-Token")
    iid = site.ids.item["STP"]
    v = _version(site, iid)
    r = anon.post(f"/remediation/{iid}/accept-risk", data={"version": str(v), **data})
    assert r.status_code == 403 and "CSRF" in text_of(r.text) and _version(site, iid) == v
    assert site.client("admin1").post(f"/remediation/{iid}/accept-risk", data={
        "version": str(_version(site, iid)), **data}).status_code == 303


def test_markup_in_names_is_escaped_on_the_board(site: Site) -> None:
    _rename(site, "STP-QLVB", "<script>alert('x')</script> Hệ thống")
    page = site.client("officer1").get("/remediation?unit=STP").text
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    r = site.client("officer1").get("/remediation?system=%3Cscript%3E")
    assert r.status_code == 404 and "<script>" not in r.text
