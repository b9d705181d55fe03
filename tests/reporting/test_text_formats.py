"""HTML, Markdown, JSON and CSV renderers: escaping, self-containment, schema, BOM."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from secassess.reporting.csv import CsvRenderer
from secassess.reporting.html import HtmlRenderer
from secassess.reporting.json import JsonRenderer, json_schema, load_report_json, to_data
from secassess.reporting.markdown import MarkdownRenderer
from tests.reporting.factory import NASTY, make_report
from tests.reporting.schema_check import errors

DOC = Path(__file__).resolve().parents[2] / "docs" / "report-json.md"
SCRIPT_NOTE = "<script>alert('x')</script> & [bấm vào](http://evil.example) | =HYPERLINK(\"x\")\nDòng thứ hai"


def html(**kw: object) -> str:
    return HtmlRenderer().render(make_report(**kw)).decode("utf-8")  # type: ignore[arg-type]


def test_html_escapes_user_text() -> None:
    page = html(name=NASTY, note=SCRIPT_NOTE)
    assert "&lt;b&gt;A&amp;B&lt;/b&gt; &lt;font name=x&gt;" in page
    assert "<b>A&B</b>" not in page
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "=HYPERLINK(&#34;x&#34;)<br>Dòng thứ hai" in page  # line break kept, nothing else let through


def test_html_is_one_self_contained_file() -> None:
    page = html(draft=True)
    assert page.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    for needle in ("<script", "<link", "@import", "src=", "url("):
        assert needle not in page, needle
    assert not re.search(r"(href|src)=\"https?:", page)
    assert "@page { size: A4" in page  # printable


def test_html_draft_banner_and_domain_bars() -> None:
    page = html(draft=True)
    assert "BẢN NHÁP – Đợt đánh giá số 7 chưa được chốt" in page
    assert 'class="watermark"' in page
    assert page.count('class="bar"') == 4  # three domains and the whole system
    assert 'style="width: 82.5%"' in page
    assert "BẢN NHÁP" not in html(draft=False)


def test_html_wording_in_english() -> None:
    page = html(lang="en")
    assert '<html lang="en">' in page
    assert "SOCIALIST REPUBLIC OF VIET NAM" in page and "Scores by domain" in page


def test_markdown_escapes_user_text_and_keeps_tables_whole() -> None:
    md = MarkdownRenderer().render(make_report(name=NASTY, note=SCRIPT_NOTE)).decode("utf-8")
    assert r"\<b\>A\&B\</b\> \<font name=x\>" in md
    assert "<script>" not in md
    assert r"\[bấm vào\](http://evil.example) \| =HYPERLINK" in md
    # every row of a table has as many cells as its header
    lines = md.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("|---") or line.startswith("|--"):
            cols = lines[i - 1].count(" | ")
            j = i + 1
            while j < len(lines) and lines[j].startswith("| "):
                assert lines[j].replace("\\|", "").count(" | ") == cols, lines[j]
                j += 1


def test_markdown_headings_and_bars() -> None:
    md = MarkdownRenderer().render(make_report(draft=True)).decode("utf-8")
    assert md.startswith("> **BẢN NHÁP – ")
    assert "## III. KẾT QUẢ TỔNG HỢP" in md
    assert "████████████████░░░░" in md  # 82,5 → 16 of 20


def test_json_matches_the_documented_schema() -> None:
    text = DOC.read_text(encoding="utf-8")
    block = text.split("<!-- schema:start -->")[1].split("<!-- schema:end -->")[0]
    documented = json.loads(block.strip().removeprefix("```json").removesuffix("```"))
    assert documented == json_schema(), "docs/report-json.md is out of date: python -m secassess.reporting.json"
    for report in (make_report(), make_report(draft=True, name=NASTY, lang="en")):
        data = json.loads(JsonRenderer().render(report))
        assert errors(data, documented, documented) == []
        assert data["schema"] == "secassess/system-report" and data["schema_version"] == 1


def test_json_schema_check_can_fail() -> None:
    schema = json_schema()
    data = to_data(make_report())
    data["summary"]["rating"] = "excellent"
    del data["system"]["level"]
    data["assessment"]["started_at"] = "hôm qua"
    found = errors(data, schema, schema)
    assert any("summary.rating" in e for e in found)
    assert any("missing 'level'" in e for e in found)
    assert any("started_at: not a date-time" in e for e in found)


def test_json_reads_back_into_the_same_model() -> None:
    report = make_report(name=NASTY)
    assert load_report_json(JsonRenderer().render(report)) == report


def test_csv_has_a_bom_and_reads_back() -> None:
    raw = CsvRenderer().render(make_report(note=SCRIPT_NOTE, controls=12))
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:6] == ["Mã hệ thống", "Đợt đánh giá", "Mã nhóm", "Nhóm yêu cầu", "Mã yêu cầu", "Yêu cầu"]
    assert len(rows) == 1 + 12
    by_id = {r[4]: r for r in rows[1:]}
    assert by_id["QLRR-01"][8] == "Đạt một phần" and by_id["QLRR-01"][9] == "partial"
    assert by_id["QLRR-01"][12] == SCRIPT_NOTE  # multi-line note kept in one cell


def test_csv_cells_never_become_formulas() -> None:
    raw = CsvRenderer().render(make_report(note="=1+2", controls=3)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw)))
    notes = [r[12] for r in rows[1:] if r[12]]
    assert notes and all(n == "'=1+2" for n in notes)
