"""Review between the unit and the province: submit, return with a reason, submit again, accept,
finalize (the assessments use case: items opened); every step recorded, shown on the page and in the
audit log; steps out of order refused."""

from __future__ import annotations

import pytest

from tests.web.conftest import Site, text_of

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def answer_all(site: Site, aid: int, login: str = "stp1", result: str = "fail") -> None:
    c = site.htmx(login)
    from secassess.assessment.service import stored_answer

    for cid in site.ids.controls:
        with site.ws.read() as conn:
            v = stored_answer(conn, aid, cid).version
        assert c.post(f"/assessments/{aid}/controls/{cid}", data={"result": result, "version": str(v)}
                      ).status_code == 200


def test_the_whole_review(site: Site) -> None:
    aid = site.ids.draft["STP"]
    unit, officer = site.client("stp1"), site.client("officer1")
    answer_all(site, aid)
    r = unit.post(f"/assessments/{aid}/submit", data={"note": "Đã trả lời đủ"})
    assert r.status_code == 303 and r.headers["location"] == f"/assessments/{aid}?done=submitted#review"
    assert unit.post(f"/assessments/{aid}/submit").status_code == 422  # not twice
    assert officer.post(f"/assessments/{aid}/return", data={"note": ""}).status_code == 422  # needs a reason
    assert officer.post(f"/assessments/{aid}/finalize").status_code == 422  # not before it is accepted
    assert officer.post(f"/assessments/{aid}/return", data={"note": "Thiếu biên bản QLRR-01"}).status_code == 303
    page = text_of(unit.get(f"/assessments/{aid}").text)
    assert "Trả lại đơn vị" in page and "Thiếu biên bản QLRR-01" in page
    assert site.htmx("stp1").post(f"/assessments/{aid}/controls/{site.ids.controls[0]}",
                                  data={"result": "partial", "version": "2"}).status_code == 200  # editable again
    assert unit.post(f"/assessments/{aid}/submit").status_code == 303
    assert officer.post(f"/assessments/{aid}/accept").status_code == 303
    assert officer.post(f"/assessments/{aid}/accept").status_code == 422
    before = text_of(officer.get(f"/assessments/{aid}").text)
    assert "Sẽ mở" in before  # what finalizing will do, shown before the button is pressed (and not done)
    from secassess.assessment.service import load_assessment as load

    with site.ws.read() as conn:
        assert not load(conn, aid).finalized
    r = officer.post(f"/assessments/{aid}/finalize")
    assert r.status_code == 303
    page = text_of(officer.get(f"/assessments/{aid}").text)
    steps = ["Đơn vị gửi phiếu", "Trả lại đơn vị", "Đơn vị gửi phiếu", "Tỉnh chấp nhận", "Chốt đợt đánh giá"]
    positions = [page.index(s, page.index("Bắt đầu")) for s in ("Bắt đầu",)]
    at = positions[0]
    for s in steps:
        at = page.index(s, at + 1)
    assert "officer1" in page and "stp1" in page
    from secassess.assessment.service import load_assessment
    from secassess.remediation.service import list_items

    with site.ws.read() as conn:
        assert load_assessment(conn, aid).finalized
        items = list_items(conn, system_id="STP-QLVB")
    assert any(i.last_assessment_id == aid for i in items)
    from sqlalchemy import select

    from secassess.store.schema.audit import audit_log

    with site.ws.read() as conn:
        rows = conn.execute(select(audit_log.c.action).where(audit_log.c.target_kind == "assessment",
                                                             audit_log.c.target_id == str(aid)).order_by(audit_log.c.id))
        actions = [r[0] for r in rows]
    assert actions == ["review.submitted", "review.returned", "review.submitted", "review.accepted",
                       "assessment.finalize"]


def test_submitting_needs_every_mandatory_control_answered(site: Site) -> None:
    aid = site.ids.draft["STP"]
    r = site.client("stp1").post(f"/assessments/{aid}/submit")
    assert r.status_code == 422 and "bắt buộc chưa trả lời" in text_of(r.text)


def test_a_general_comment(site: Site) -> None:
    aid = site.ids.draft["STP"]
    r = site.client("officer1").post(f"/assessments/{aid}/comments", data={"text": "Đề nghị hoàn thành trước 15/12"})
    assert r.status_code == 303
    assert "Đề nghị hoàn thành trước 15/12" in text_of(site.client("stp1").get(f"/assessments/{aid}").text)


def test_the_review_buttons_each_role_sees(site: Site) -> None:
    aid = site.ids.draft["STP"]
    answer_all(site, aid, result="pass")
    unit_page = site.client("stp1").get(f"/assessments/{aid}").text
    assert f"/assessments/{aid}/submit" in unit_page
    site.client("stp1").post(f"/assessments/{aid}/submit")
    unit_page = site.client("stp1").get(f"/assessments/{aid}").text
    officer_page = site.client("officer1").get(f"/assessments/{aid}").text
    viewer_page = site.client("viewer1").get(f"/assessments/{aid}").text
    assert f"/assessments/{aid}/submit" not in unit_page and f"/assessments/{aid}/accept" not in unit_page
    assert f"/assessments/{aid}/accept" in officer_page and f"/assessments/{aid}/return" in officer_page
    assert "/submit" not in viewer_page and "/accept" not in viewer_page and "/comments" not in viewer_page
