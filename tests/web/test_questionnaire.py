"""The questionnaire in the browser: one answer saved at a time, optimistic locking between two people,
validation, what others saved shown to a page that is open, evidence uploads through the CLI's store,
comments, and answers locked while the province reviews."""

from __future__ import annotations

import hashlib
import re

import pytest

from tests.web.conftest import Site, text_of

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def stored(site: Site, aid: int, cid: str) -> tuple[str, str, str, int, str | None]:
    from secassess.assessment.service import stored_answer

    with site.ws.read() as conn:
        a = stored_answer(conn, aid, cid)
    return a.result, a.note, a.justification, a.version, a.answered_by


def save(client, aid: int, cid: str, result: str, version: int, note: str = "", justification: str = ""):  # type: ignore[no-untyped-def]
    return client.post(f"/assessments/{aid}/controls/{cid}",
                       data={"result": result, "note": note, "justification": justification, "version": str(version)})


def test_an_answer_saves_on_its_own_and_says_so(site: Site) -> None:
    aid, cid = site.ids.draft["STP"], site.ids.controls[1]
    c = site.htmx("stp1")
    r = save(c, aid, cid, "partial", 1, note="MFA mới có cho VPN\r\nchưa có cho quản trị")
    assert r.status_code == 200
    assert stored(site, aid, cid) == ("partial", "MFA mới có cho VPN\nchưa có cho quản trị", "", 2, "stp1")
    assert f'id="v-{cid}" hx-swap-oob="true"' in r.text and 'value="2"' in r.text  # the page's new version
    assert f'id="st-{cid}"' in r.text and "Đã lưu lúc" in r.text
    assert 'id="progress"' in r.text and "1/" in text_of(r.text)


def test_the_same_answer_again_is_no_conflict_and_no_new_version(site: Site) -> None:
    aid, cid = site.ids.draft["STP"], site.ids.controls[1]
    a, b = site.htmx("stp1"), site.htmx("officer1")
    assert save(a, aid, cid, "pass", 1).status_code == 200
    assert save(b, aid, cid, "pass", 1).status_code == 200  # saw version 1, picked the same
    assert stored(site, aid, cid)[3] == 2


def test_two_people_never_overwrite_each_other_silently(site: Site) -> None:
    aid, cid = site.ids.draft["STP"], site.ids.controls[1]
    first, second = site.htmx("stp1"), site.htmx("officer1")
    assert save(first, aid, cid, "pass", 1, note="có quy trình").status_code == 200
    r = save(second, aid, cid, "fail", 1, note="chưa có")  # made from version 1: stale
    assert r.status_code == 409
    assert stored(site, aid, cid)[:2] == ("pass", "có quy trình")
    said = text_of(r.text)
    assert "stp1 đã lưu một câu trả lời khác" in said and "CHƯA được lưu" in said
    assert "Đạt" in said and "có quy trình" in said and "chưa có" in said  # theirs and mine, side by side
    keep = re.search(r'data-keep-mine data-version="(\d+)"', r.text)
    assert keep and keep.group(1) == "2"
    assert f'hx-get="/assessments/{aid}/controls/{cid}"' in r.text  # take theirs
    # keeping mine is a deliberate save from the version now shown
    assert save(second, aid, cid, "fail", 2, note="chưa có").status_code == 200
    assert stored(site, aid, cid)[:4] == ("fail", "chưa có", "", 3)


def test_a_conflict_without_javascript_is_a_page_not_a_silent_overwrite(site: Site) -> None:
    aid, cid = site.ids.draft["STP"], site.ids.controls[1]
    save(site.htmx("stp1"), aid, cid, "pass", 1)
    r = save(site.client("officer1"), aid, cid, "fail", 1)
    assert r.status_code == 409 and stored(site, aid, cid)[0] == "pass"


def test_bad_answers_are_refused_with_the_reason(site: Site) -> None:
    aid, cid = site.ids.draft["STP"], site.ids.controls[1]
    c = site.htmx("stp1")
    r = save(c, aid, cid, "not_applicable", 1)
    assert r.status_code == 422 and "cần nêu lý do" in text_of(r.text) and f'id="st-{cid}"' in r.text
    assert save(c, aid, cid, "maybe", 1).status_code == 422
    assert save(c, aid, cid, "pass", 1, note="x" * 4001).status_code == 422
    assert save(c, aid, cid, "pass", 1, note="chuông \x07").status_code == 422
    assert save(c, aid, "KHONG-01", "pass", 1).status_code == 422
    assert stored(site, aid, cid)[3] == 1
    ok = save(c, aid, cid, "not_applicable", 1, justification="Không có mạng không dây")
    assert ok.status_code == 200 and stored(site, aid, cid)[:3] == ("not_applicable", "", "Không có mạng không dây")


def test_markup_typed_in_a_note_is_shown_as_text(site: Site) -> None:
    aid, cid = site.ids.draft["STP"], site.ids.controls[1]
    save(site.htmx("stp1"), aid, cid, "pass", 1, note='<script>alert(1)</script><img src=x onerror=alert(2)>')
    page = site.client("officer1").get(f"/assessments/{aid}").text
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page


def test_an_open_page_sees_what_others_saved(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECASSESS_NOW", "2030-01-02T09:00:00+07:00")  # well after the province was built
    aid, cids = site.ids.draft["STP"], site.ids.controls
    watcher = site.htmx("officer1")
    page = watcher.get(f"/assessments/{aid}")
    since = re.search(r'"since": "([^"]+)"', page.text.replace("&#34;", '"'))
    assert since, "the page polls for changes"
    quiet = watcher.get(f"/assessments/{aid}/changes", params={"since": since.group(1), "state": "with_unit"})
    assert quiet.status_code == 200 and 'class="card' not in quiet.text  # nothing changed yet
    save(site.htmx("stp1"), aid, cids[2], "fail", 1, note="tường lửa chưa cấu hình")
    r = watcher.get(f"/assessments/{aid}/changes", params={"since": since.group(1), "state": "with_unit"})
    cards = re.findall(r'<article class="card[^"]*" id="c-([^"]+)"[^>]*hx-swap-oob="true"', r.text)
    assert cards == [cids[2]]
    assert 'data-version="2"' in r.text and "tường lửa chưa cấu hình" in r.text
    assert 'id="poller"' in r.text and 'hx-swap-oob="true"' in r.text  # the next poll asks from now on
    nxt = re.search(r'"since": "([^"]+)"', r.text.replace("&#34;", '"'))
    assert nxt and nxt.group(1) >= since.group(1)


def test_the_page_is_told_when_the_review_step_changes(site: Site) -> None:
    aid = site.ids.draft["STP"]
    watcher = site.htmx("stp1")
    for cid in site.ids.controls:
        save(watcher, aid, cid, "pass", 1)
    site.client("stp1").post(f"/assessments/{aid}/submit")
    r = watcher.get(f"/assessments/{aid}/changes", params={"since": "2026-01-01T00:00:00+07:00",
                                                          "state": "with_unit"})
    assert 'id="review-banner"' in r.text and "Đã gửi, chờ duyệt" in text_of(r.text)


def upload(client, aid: int, cid: str, name: str, data: bytes, note: str = ""):  # type: ignore[no-untyped-def]
    return client.post(f"/assessments/{aid}/controls/{cid}/evidence", data={"note": note},
                       files={"file": (name, data, "application/octet-stream")})


def test_evidence_uploads_go_to_the_content_addressed_store(site: Site) -> None:
    aid, cid = site.ids.draft["STP"], site.ids.controls[1]
    c = site.htmx("stp1")
    data = "Quy chế an toàn thông tin\n".encode() * 100
    r = upload(c, aid, cid, "quy-che ATTT.pdf", data, note="bản ký")
    assert r.status_code == 200 and "quy-che ATTT.pdf" in r.text and f'id="att-{cid}"' in r.text
    sha = hashlib.sha256(data).hexdigest()
    assert (site.root / "evidence" / sha[:2] / sha[2:]).read_bytes() == data
    again = upload(c, aid, site.ids.controls[2], "ban-sao.pdf", data)  # same content, another control
    assert again.status_code == 200
    assert len(list((site.root / "evidence").glob(f"{sha[:2]}/{sha[2:]}"))) == 1  # stored once
    link = re.search(r'href="/evidence/(\d+)"[^>]*>quy-che ATTT.pdf', r.text)
    assert link
    got = c.get(f"/evidence/{link.group(1)}")
    assert got.status_code == 200 and got.content == data
    assert got.headers["content-disposition"].startswith("attachment;")
    assert "quy-che%20ATTT.pdf" in got.headers["content-disposition"]
    assert got.headers["x-content-type-options"] == "nosniff"
    from sqlalchemy import select

    from secassess.store.schema.audit import audit_log

    with site.ws.read() as conn:
        rows = conn.execute(select(audit_log.c.action, audit_log.c.actor, audit_log.c.address, audit_log.c.changes)
                            .where(audit_log.c.action == "evidence.add", audit_log.c.actor == "stp1")).all()
    assert len(rows) == 2 and rows[0].changes["sha256"] == sha and rows[0].address == "127.0.0.1"


def test_an_uploaded_name_cannot_leave_the_upload_folder(site: Site) -> None:
    aid, cid = site.ids.draft["STP"], site.ids.controls[1]
    r = upload(site.htmx("stp1"), aid, cid, "../../../etc/passwd", b"root:x:0:0")
    assert r.status_code == 200 and ">passwd<" in r.text
    assert not (site.root.parent / "etc").exists()
    r = upload(site.htmx("stp1"), aid, cid, "..", b"x")
    assert r.status_code == 200 and "tep-dinh-kem" in r.text


def test_an_upload_over_the_evidence_limit_is_refused_before_it_is_stored(site: Site) -> None:
    from secassess.config import CONFIG_FILE

    cfg = site.root / CONFIG_FILE
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("evidence_max_mb: 50", "evidence_max_mb: 1"),
                   encoding="utf-8")
    from secassess.web.app import create_app
    from secassess.web.settings import WebSettings

    site.app = create_app(WebSettings(workspace=site.root))
    aid, cid = site.ids.draft["STP"], site.ids.controls[1]
    blobs = sorted((site.root / "evidence").rglob("*"))
    big = b"x" * (2 * 1024 * 1024 + 10)
    r = upload(site.htmx("stp1"), aid, cid, "lon.bin", big)
    assert r.status_code == 413 and "quá lớn" in text_of(r.text)
    just_over = b"y" * (1024 * 1024 + 1)  # passes the request limit (file limit + the form), not the store's
    r = upload(site.htmx("stp1"), aid, cid, "vua.bin", just_over)
    assert r.status_code == 422 and "quá lớn" in text_of(r.text)
    assert sorted((site.root / "evidence").rglob("*")) == blobs


def test_an_empty_upload_is_refused(site: Site) -> None:
    aid, cid = site.ids.draft["STP"], site.ids.controls[1]
    r = site.htmx("stp1").post(f"/assessments/{aid}/controls/{cid}/evidence", data={"note": ""})
    assert r.status_code == 422 and "chọn một tệp" in text_of(r.text)


def test_comments_per_control(site: Site) -> None:
    aid, cid = site.ids.draft["STP"], site.ids.controls[1]
    r = site.htmx("officer1").post(f"/assessments/{aid}/controls/{cid}/comments",
                                   data={"text": "Cần bổ sung biên bản kiểm tra"})
    assert r.status_code == 200 and "Cần bổ sung biên bản kiểm tra" in r.text and f'id="cm-{cid}"' in r.text
    page = text_of(site.client("stp1").get(f"/assessments/{aid}").text)
    assert "Cần bổ sung biên bản kiểm tra" in page
    assert site.htmx("stp1").post(f"/assessments/{aid}/controls/{cid}/comments", data={"text": "  "}
                                  ).status_code == 422


def test_answers_are_locked_while_the_province_reviews(site: Site) -> None:
    aid, cids = site.ids.draft["STP"], site.ids.controls
    c = site.htmx("stp1")
    for cid in cids:
        assert save(c, aid, cid, "pass", 1).status_code == 200
    assert site.client("stp1").post(f"/assessments/{aid}/submit").status_code == 303
    r = save(c, aid, cids[0], "fail", 2)
    assert r.status_code == 422 and "đã gửi lên tỉnh" in text_of(r.text)
    assert upload(c, aid, cids[0], "muon.pdf", b"late").status_code == 422
    page = site.client("stp1").get(f"/assessments/{aid}").text
    assert 'class="answer readonly"' in page and "chờ tỉnh duyệt" in text_of(page)
    assert save(site.htmx("officer1"), aid, cids[0], "fail", 2).status_code == 422  # the province too: return it first


def test_a_finalized_assessment_is_read_only(site: Site) -> None:
    aid = site.ids.final["STP"]
    page = site.client("stp1").get(f"/assessments/{aid}").text
    assert "hx-post" not in page and 'id="poller"' not in page and "Đã chốt" in text_of(page)
    r = save(site.htmx("officer1"), aid, site.ids.controls[0], "pass", 2)
    assert r.status_code == 422 and "đã chốt" in text_of(r.text)


def test_the_page_lists_every_control_by_domain_with_its_texts(site: Site) -> None:
    aid = site.ids.draft["STP"]
    html = site.client("stp1").get(f"/assessments/{aid}").text
    cards = re.findall(r'<article class="card[^"]*" id="c-([^"]+)"', html)
    assert cards == site.ids.controls
    domains = re.findall(r'<section class="domain" id="d-([^"]+)"', html)
    assert domains and len(domains) == len(set(domains))
    assert html.count('type="radio" name="result"') == 5 * len(cards)
    assert "Hướng dẫn" in html and "Bằng chứng thường dùng" in html
