"""The incident register in the browser for each role, on both engines: recording an incident, the 24- and
72-hour notification deadlines counted down in Vietnam time, late notifications highlighted and
filtered (``late=1``), updates with optimistic locking and their history, a unit officer limited to their
unit's incidents, a viewer reading only, markup escaped. "Now" is fixed (``SECASSESS_NOW``) so the
countdowns are exact."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import Site, text_of

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

NOW = "2026-12-06T15:00:00+07:00"


@pytest.fixture(autouse=True)
def _now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECASSESS_NOW", NOW)


def _add(site: Site, login: str, **fields: str) -> int:
    data = {"system": "STP-QLVB", "category": "malware", "severity": "high",
            "description": "Mã độc mã hóa tệp trên máy chủ", "detected_at": "2026-12-05T09:00", **fields}
    r = site.client(login).post("/incidents/new", data=data)
    assert r.status_code == 303, text_of(r.text)
    found = re.fullmatch(r"/incidents/(\d+)\?done=added", r.headers["location"])
    assert found
    return int(found.group(1))


def _version(site: Site, incident_id: int) -> int:
    from secassess.incident.rules import Deadlines
    from secassess.incident.service import get_incident

    with site.ws.read() as conn:
        return get_incident(conn, incident_id, Deadlines()).version


def _rows(html: str) -> dict[int, str]:
    """The list's rows by incident id: the row's opening tag and text."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    out = {}
    for row in re.findall(r"<tr.*?</tr>", body, re.S):
        found = re.search(r'href="/incidents/(\d+)"', row)
        assert found
        out[int(found.group(1))] = row
    return out


def test_an_officer_records_an_incident_and_the_deadlines_count_down(site: Site) -> None:
    # detected 30 hours ago, nothing sent: the initial notification is 6 hours overdue, the full report
    # due in 42 hours
    late = _add(site, "officer1", detected_at="2026-12-05T09:00")
    # detected 1 hour 48 minutes ago: 22 h 12 min left for the notification
    fresh = _add(site, "officer1", system="SXD-GP", category="ddos", severity="medium",
                 description="Tấn công từ chối dịch vụ cổng thông tin", detected_at="06/12/2026 13:12")
    c = site.client("officer1")
    page = c.get(f"/incidents/{late}?done=added")
    said = text_of(page.text)
    assert "Đã ghi nhận sự cố" in said and "Thông báo trễ hạn" in said
    assert "quá hạn 6 giờ 0 phút" in said and "còn 1 ngày 18 giờ" in said
    assert "hạn 06/12/2026 09:00" in said and "hạn 08/12/2026 09:00" in said  # Vietnam time
    assert "Ghi nhận sự cố" in said and "officer1" in said  # its history
    listing = c.get("/incidents").text
    rows = _rows(listing)
    assert set(rows) >= {late, fresh}
    assert rows[late].startswith('<tr class="late"') and not rows[fresh].startswith('<tr class="late"')
    assert "còn 22 giờ 12 phút" in text_of(rows[fresh])
    assert list(_rows(c.get("/incidents?late=1").text)) == [late]
    assert list(_rows(c.get("/incidents?unit=SXD&status=open").text)) == [fresh]
    assert list(_rows(c.get("/incidents?system=stp-qlvb&status=open").text)) == [late]
    assert list(_rows(c.get("/incidents?severity=medium").text)) == [fresh]
    assert list(_rows(c.get("/incidents?status=resolved&unit=STP").text)) == [site.ids.incident["STP"]]
    assert c.get("/incidents?status=bogus").status_code == 422
    assert c.get("/incidents?unit=NOPE").status_code == 404
    assert "incident.add" in site.client("admin1").get("/admin/audit").text


def test_an_update_is_kept_in_the_history_and_a_late_notification_stays_late(site: Site) -> None:
    iid = _add(site, "officer1")
    c = site.client("officer1")
    v = _version(site, iid)
    r = c.post(f"/incidents/{iid}", data={"version": str(v), "status": "handling", "notified_at": "2026-12-06T10:30",
                                          "add_action": "Cô lập máy chủ", "note": "Đã báo Bộ Công an"})
    assert r.status_code == 303 and r.headers["location"] == f"/incidents/{iid}?done=updated"
    said = text_of(c.get(r.headers["location"]).text)
    assert "Đã cập nhật sự cố" in said and "Đang xử lý" in said
    assert "gửi trễ 1 giờ 30 phút" in said  # sent at 10:30, due at 09:00
    assert "Cô lập máy chủ" in said and "Đã báo Bộ Công an" in said
    assert "trạng thái: Mới tiếp nhận → Đang xử lý" in said  # the history, in words
    assert iid in _rows(c.get("/incidents?late=1").text)  # sent late is still a late notification
    # a stale page cannot overwrite it
    r = c.post(f"/incidents/{iid}", data={"version": str(v), "note": "cũ"})
    assert r.status_code == 409 and "CHƯA được lưu" in text_of(r.text)
    # bad input: refused with the reason, nothing saved, what was typed kept
    for data, says in (({"status": "resolved"}, "thời điểm xử lý xong"),
                       ({"full_report_at": "2026-12-07T10:00"}, "tương lai"),
                       ({"full_report_at": "2026-12-01T10:00"}, "trước lúc phát hiện"),
                       ({"notified_at": "hôm qua"}, "không hợp lệ"),
                       ({}, "Không có gì thay đổi: hãy chuyển trạng thái")):
        r = c.post(f"/incidents/{iid}", data={"version": str(v + 1), **data})
        assert r.status_code == 422 and says in text_of(r.text), (data, text_of(r.text))
    assert "--status" not in text_of(r.text)  # nothing to change, said in the page's words
    assert _version(site, iid) == v + 1
    r = c.post(f"/incidents/{iid}", data={"version": str(v + 1), "status": "resolved",
                                          "resolved_at": "2026-12-06T14:00", "full_report_at": "2026-12-06T12:00"})
    assert r.status_code == 303
    said = text_of(c.get(f"/incidents/{iid}").text)
    assert "Đã xử lý xong" in said and "đúng hạn" in said  # the full report, within 72 hours


def test_the_category_and_severity_can_be_corrected_on_the_incident_page(site: Site) -> None:
    iid = _add(site, "officer1")  # malware, high
    c = site.client("officer1")
    page = c.get(f"/incidents/{iid}").text
    assert '<option value="malware" selected>' in page and '<option value="high" selected>' in page
    v = _version(site, iid)
    r = c.post(f"/incidents/{iid}", data={"version": str(v), "category": "phishing", "severity": "critical"})
    assert r.status_code == 303
    said = text_of(c.get(f"/incidents/{iid}").text)
    assert "loại sự cố: Mã độc, mã hóa tống tiền → Lừa đảo, giả mạo; mức độ: cao → nghiêm trọng" in said
    assert iid in _rows(c.get("/incidents?severity=critical").text)
    # the form sends the current values with every update: unchanged, they change nothing
    r = c.post(f"/incidents/{iid}", data={"version": str(v + 1), "category": "phishing", "severity": "critical",
                                          "note": "Đã xác minh lại"})
    assert r.status_code == 303 and _version(site, iid) == v + 2
    r = c.post(f"/incidents/{iid}", data={"version": str(v + 2), "severity": "catastrophic"})
    assert r.status_code == 422 and _version(site, iid) == v + 2


def test_bad_input_on_the_new_incident_form_keeps_what_was_typed(site: Site) -> None:
    c = site.client("officer1")
    base = {"system": "STP-QLVB", "category": "malware", "severity": "high", "description": "Mô tả <i>đậm</i>",
            "detected_at": "2026-12-05T09:00"}
    for change, says in (({"description": ""}, "--description"), ({"detected_at": "2026-12-07T09:00"}, "tương lai"),
                         ({"detected_at": ""}, "thời điểm phát hiện"), ({"category": "bogus"}, "category"),
                         ({"system": ""}, "chọn hệ thống")):
        r = c.post("/incidents/new", data={**base, **change})
        assert r.status_code == 422 and says in text_of(r.text), (change, text_of(r.text))
        assert "<i>đậm</i>" not in r.text
    assert c.post("/incidents/new", data={**base, "system": "NOPE"}).status_code == 404
    assert set(_rows(c.get("/incidents").text)) == set(site.ids.incident.values())


def test_a_unit_officer_records_and_updates_only_their_units_incidents(site: Site) -> None:
    theirs = _add(site, "stp1")
    other = _add(site, "officer1", system="SXD-GP")
    c = site.client("stp1")
    form = c.get("/incidents/new").text
    assert 'value="STP-QLVB"' in form and "SXD-GP" not in form
    assert list(_rows(c.get("/incidents").text)) == [theirs, site.ids.incident["STP"]]  # newest first
    r = c.post("/incidents/new", data={"system": "SXD-GP", "category": "malware", "severity": "high",
                                       "description": "x", "detected_at": "2026-12-05T09:00"})
    assert r.status_code == 404
    assert c.get(f"/incidents/{other}").status_code == 404
    v = _version(site, other)
    assert c.post(f"/incidents/{other}", data={"version": str(v), "note": "x"}).status_code == 404
    assert c.post(f"/incidents/{other}", data={"version": str(v), "notified_at": "bad"}).status_code == 404
    assert c.get("/incidents?unit=SXD").status_code == 404
    assert _version(site, other) == v
    r = c.post(f"/incidents/{theirs}", data={"version": str(_version(site, theirs)), "note": "Đơn vị cập nhật"})
    assert r.status_code == 303


def test_a_viewer_reads_and_changes_nothing(site: Site) -> None:
    iid = _add(site, "officer1", description="<script>alert(1)</script> sự cố")
    c = site.client("viewer1")
    listing = c.get("/incidents").text
    assert iid in _rows(listing) and 'href="/incidents/new"' not in listing
    page = c.get(f"/incidents/{iid}").text
    assert f'action="/incidents/{iid}"' not in page and 'name="version"' not in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert c.get("/incidents/new").status_code == 403
    v = _version(site, iid)
    r = c.post("/incidents/new", data={"system": "STP-QLVB", "category": "malware", "severity": "high",
                                       "description": "x", "detected_at": "2026-12-05T09:00"})
    assert r.status_code == 403
    assert c.post(f"/incidents/{iid}", data={"version": str(v), "note": "x"}).status_code == 403
    assert c.post(f"/incidents/{iid}", data={"version": str(v), "notified_at": "bad"}).status_code == 403
    assert _version(site, iid) == v and len(_rows(c.get("/incidents").text)) == 3


def test_the_register_is_in_the_menu_and_in_english(site: Site) -> None:
    c = site.client("officer1")
    home = c.get("/incidents").text
    assert '<a href="/incidents" aria-current="page">Sự cố</a>' in home
    iid = _add(site, "officer1")
    c.cookies.set("secassess_lang", "en", domain="testserver.local")
    from secassess.accounts.service import find_user, update_user

    with site.ws.write() as conn:
        user = find_user(conn, "officer1")
        assert user is not None
        update_user(conn, user.id, lang="en")
    said = text_of(c.get(f"/incidents/{iid}").text)
    assert "6 h 0 min overdue" in said and "Initial notification" in said


def test_a_long_register_is_paged_with_its_filters_kept(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    from secassess.web.routes import incidents as route

    monkeypatch.setattr(route, "PAGE", 1)
    late = _add(site, "officer1")
    c = site.client("officer1")
    first = c.get("/incidents?unit=STP").text
    assert list(_rows(first)) == [late] and "Trang 1/2" in text_of(first)
    assert 'href="/incidents?page=2&amp;unit=STP"' in first
    second = c.get("/incidents?page=2&unit=STP").text
    assert list(_rows(second)) == [site.ids.incident["STP"]] and "Trang 2/2" in text_of(second)
    assert '<b class="big">2</b>' in second  # the counts are of every page
