"""Remediation items from the browser: a unit officer moves their items with the command line's rules
(transitions, a note or file to mark one resolved), with optimistic locking and the history kept."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import Site, text_of

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def version_of(site: Site, item_id: int) -> int:
    from secassess.remediation.service import get_item

    with site.ws.read() as conn:
        return get_item(conn, item_id).version


def test_an_update_with_a_note_and_a_file(site: Site) -> None:
    iid = site.ids.item["STP"]
    c = site.client("stp1")
    page = c.get(f"/remediation/{iid}").text
    assert 'value="resolved"' in page and 'value="verified"' not in page  # the allowed moves only
    v = version_of(site, iid)
    r = c.post(f"/remediation/{iid}", data={"version": str(v), "status": "resolved", "note": "Đã cấu hình lại"},
               files={"file": ("bien ban.pdf", b"%PDF-1.4 da sua", "application/pdf")})
    assert r.status_code == 303 and r.headers["location"] == f"/remediation/{iid}?done=updated"
    page = c.get(f"/remediation/{iid}").text
    said = text_of(page)
    assert "Đã khắc phục, chờ xác minh" in said and "Đã cấu hình lại" in said and "bien ban.pdf" in said
    link = re.findall(rf'href="/remediation/{iid}/files/(\d+)"', page)
    assert c.get(f"/remediation/{iid}/files/{link[0]}").content == b"%PDF-1.4 da sua"


def test_the_rules_of_the_command_line_apply(site: Site) -> None:
    iid = site.ids.item["STP"]
    c = site.client("stp1")
    v = version_of(site, iid)
    r = c.post(f"/remediation/{iid}", data={"version": str(v), "status": "resolved"})
    assert r.status_code == 422 and "cần ghi chú" in text_of(r.text)
    r = c.post(f"/remediation/{iid}", data={"version": str(v), "status": "verified", "note": "x"})
    assert r.status_code == 422 and "đợt đánh giá sau" in text_of(r.text)
    r = c.post(f"/remediation/{iid}", data={"version": str(v), "status": "risk_accepted", "note": "x"})
    assert r.status_code == 422
    r = c.post(f"/remediation/{iid}", data={"version": str(v), "status": "bogus"})
    assert r.status_code == 422
    # nothing to change: said in the page's words, not the command line's options
    r = c.post(f"/remediation/{iid}", data={"version": str(v)})
    said = text_of(r.text)
    assert r.status_code == 422 and "Không có gì thay đổi: hãy chọn trạng thái mới" in said and "--" not in said
    assert version_of(site, iid) == v


def test_a_stale_page_cannot_overwrite_a_newer_update(site: Site) -> None:
    iid = site.ids.item["STP"]
    v = version_of(site, iid)
    assert site.client("officer1").post(f"/remediation/{iid}", data={"version": str(v), "note": "Tỉnh nhắc"}
                                        ).status_code == 303
    r = site.client("stp1").post(f"/remediation/{iid}", data={"version": str(v), "status": "open", "note": "cũ"})
    assert r.status_code == 409 and "CHƯA được lưu" in text_of(r.text) and "Tỉnh nhắc" in text_of(r.text)
    assert version_of(site, iid) == v + 1


def test_a_viewer_sees_no_form(site: Site) -> None:
    page = site.client("viewer1").get(f"/remediation/{site.ids.item['STP']}").text
    assert f'action="/remediation/{site.ids.item["STP"]}"' not in page


def test_the_list_filters(site: Site) -> None:
    c = site.client("officer1")
    everything = c.get("/remediation").text
    assert "STP-QLVB" in everything and "SXD-GP" in everything
    only = c.get("/remediation?status=in_progress").text
    assert text_of(only).count("Đang khắc phục") >= 2
    assert c.get("/remediation?status=bogus").status_code == 422
