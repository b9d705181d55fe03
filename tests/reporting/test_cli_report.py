"""``secassess report system`` end to end on a real workspace (the mini catalog as built-in):
answers with evidence, an imported nmap scan, draft and finalized reports in every format,
the comparison with the previous assessment, and refusals that leave no file behind."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run
from tests.reporting.conftest import pdf_fonts, pdf_text
from tests.reporting.factory import NASTY
from tests.reporting.schema_check import errors

CONFIG = """\
province: tỉnh Sông Lam
issuing_body_parent: Bộ Công an
issuing_body: Công an tỉnh Sông Lam
place: Sông Lam
signer: {title: Giám đốc, name: Nguyễn Văn Hữu}
recipients: [Như trên, "Lưu: VT, PA05"]
"""

ANSWERS = """\
answers:
  QLRR-01: {result: Đạt, note: "Quy trình ban hành ngày 01/03/2025; đã rà soát lưu trữ dữ liệu", evidence: [docs/qt-qlrr.pdf]}
  QLRR-02: {result: Một phần, note: "Đánh giá rủi ro mới có cho phân hệ một cửa"}
  MANG-01: {result: Đạt, note: "Không mở telnet, ftp"}
  MANG-02: {result: N/A, justification: "Hệ thống thuê dịch vụ, nhà cung cấp rà quét"}
"""


@dataclass
class Flow:
    ws: Path
    assessment: int
    evidence: Path

    def cli(self, *args: str) -> object:
        return run("-w", str(self.ws), *args)


def _ok(r: object) -> str:
    assert r.exit_code == 0, r.output  # type: ignore[attr-defined]
    return r.output  # type: ignore[attr-defined, no-any-return]


@pytest.fixture
def flow(mini_builtin_ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Flow:
    ws = mini_builtin_ws
    (ws / "secassess.yaml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.setenv("SECASSESS_NOW", "2026-10-06T09:00:00+07:00")
    _ok(run("-w", str(ws), "unit", "add", "STP", "Sở Tư pháp"))
    _ok(run("-w", str(ws), "system", "add", "STP-QLVB", "--name", NASTY, "--unit", "STP", "--level", "3",
            "--target", "10.10.5.0/28", "--target", "qlvb.stp.example.gov.vn", "--port", "443"))
    aid = int(_ok(run("-w", str(ws), "assess", "start", "STP-QLVB")).splitlines()[-1])
    answers = tmp_path / "answers"
    (answers / "docs").mkdir(parents=True)
    evidence = answers / "docs" / "qt-qlrr.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% quy trinh quan ly rui ro (gia dinh)\n")
    (answers / "tra-loi.yaml").write_text(ANSWERS, encoding="utf-8")
    _ok(run("-w", str(ws), "assess", "answer", str(aid), "--file", str(answers / "tra-loi.yaml")))
    _ok(run("-w", str(ws), "scan", "import", str(aid), str(FIXTURES / "nmap" / "sample.xml")))
    return Flow(ws, aid, evidence)


def test_draft_report_in_every_format(flow: Flow, tmp_path: Path) -> None:
    out = tmp_path / "out"
    for fmt in ("pdf", "docx", "html", "md", "json", "csv"):
        r = flow.cli("report", "system", str(flow.assessment), "--format", fmt, "-o", str(out / f"r.{fmt}"))
        assert r.exit_code == 0, r.output  # type: ignore[attr-defined]
        assert r.output.splitlines()[-1] == str(out / f"r.{fmt}")  # type: ignore[attr-defined]
    text = " ".join(pdf_text(out / "r.pdf").split())
    assert "BẢN NHÁP" in text and "DRAFT" not in text
    assert NASTY in text
    assert "Quy trình ban hành ngày 01/03/2025; đã rà soát lưu trữ dữ liệu" in text
    assert "Sông Lam, ngày 06 tháng 10 năm 2026" in text
    assert "GIÁM ĐỐC" in text and "Nguyễn Văn Hữu" in text
    assert all(row["emb"] == "yes" for row in pdf_fonts(out / "r.pdf"))
    # the scan: technical fail on MANG-01 against a declared pass is a reported conflict
    assert "Mâu thuẫn giữa kết quả tự khai và kết quả rà quét" in text
    assert "Kết quả tự đánh giá khác với kết quả kiểm tra kỹ thuật (1): MANG-01" in text  # named in the body
    assert "10.10.5.2" in text and "vsftpd 2.3.4" in text
    assert "203.0.113.50" in text  # outside the scope: listed as ignored
    html = (out / "r.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;A&amp;B&lt;/b&gt;" in html and "<b>A&B</b>" not in html
    data = json.loads((out / "r.json").read_text(encoding="utf-8"))
    schema = json.loads(json.dumps(__import__("secassess.reporting.json", fromlist=["x"]).json_schema()))
    assert errors(data, schema, schema) == []
    assert data["draft"] is True and data["assessment"]["status"] == "draft"
    assert data["generated_at"] == "2026-10-06T09:00:00+07:00"
    mang01 = next(c for d in data["domains"] for c in d["controls"] if c["id"] == "MANG-01")
    assert (mang01["declared"], mang01["technical"], mang01["result"], mang01["conflict"]) == \
        ("pass", "fail", "fail", True)
    assert [c["control_id"] for c in data["conflicts"]] == ["MANG-01"]
    rows = list(csv.reader(io.StringIO((out / "r.csv").read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 1 + sum(len(d["controls"]) for d in data["domains"])


def test_evidence_manifest_lists_files_with_their_sha256(flow: Flow, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    _ok(flow.cli("report", "system", str(flow.assessment), "-o", str(out)))  # format from the extension
    data = json.loads(out.read_text(encoding="utf-8"))
    by_name = {e["name"]: e for e in data["evidence"]}
    digest = hashlib.sha256(flow.evidence.read_bytes()).hexdigest()
    assert by_name["docs/qt-qlrr.pdf"]["sha256"] == digest
    assert by_name["docs/qt-qlrr.pdf"]["control_id"] == "QLRR-01"
    xml = hashlib.sha256((FIXTURES / "nmap" / "sample.xml").read_bytes()).hexdigest()
    assert any(e["kind"] == "scan" and e["sha256"] == xml for e in data["evidence"])
    pdf = tmp_path / "r.pdf"
    _ok(flow.cli("report", "system", str(flow.assessment), "-o", str(pdf)))
    text = " ".join(pdf_text(pdf).split())
    # four groups of 16 on two lines: never cut at a random place
    assert " ".join(digest[i:i + 16] for i in range(0, 64, 16)) in text


def test_finalized_report_with_findings_plan_and_previous_comparison(flow: Flow, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECASSESS_NOW", "2026-10-10T15:00:00+07:00")
    _ok(flow.cli("assess", "finalize", str(flow.assessment), "--yes"))  # opens the remediation items
    monkeypatch.setenv("SECASSESS_NOW", "2026-11-02T08:00:00+07:00")
    second = int(_ok(flow.cli("assess", "start", "STP-QLVB")).splitlines()[-1])
    out = tmp_path / "second.json"
    _ok(flow.cli("report", "system", str(second), "-o", str(out)))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["change"]["previous_assessment_id"] == flow.assessment
    assert data["change"]["previous_rating"] in ("partial", "non_compliant")

    monkeypatch.setenv("SECASSESS_NOW", "2026-12-01T08:00:00+07:00")
    first = tmp_path / "first.json"
    _ok(flow.cli("report", "system", str(flow.assessment), "-o", str(first)))
    data = json.loads(first.read_text(encoding="utf-8"))
    assert data["draft"] is False and data["change"] is None
    plans = {f["control_id"]: f["plan"] for f in data["findings"]}
    # the critical MANG-01 before the medium QLRR-02, though QLRR comes first in the catalog
    assert [(f["control_id"], f["severity"]) for f in data["findings"]] == [("MANG-01", "critical"),
                                                                         ("QLRR-02", "medium")]
    assert plans["MANG-01"]["status"] == "open" and plans["MANG-01"]["overdue"] is True  # critical: 15 days
    pdf = tmp_path / "first.pdf"
    _ok(flow.cli("report", "system", str(flow.assessment), "-o", str(pdf)))
    text = " ".join(pdf_text(pdf).split())
    assert "BẢN NHÁP" not in text
    assert "(quá hạn)" in text and "Chưa khắc phục" in text


def test_english_report_by_option(flow: Flow, tmp_path: Path) -> None:
    out = tmp_path / "en.md"
    r = flow.cli("report", "system", str(flow.assessment), "--lang", "en", "-o", str(out))
    assert "Report written as MD" in _ok(r)
    md = out.read_text(encoding="utf-8")
    assert "SOCIALIST REPUBLIC OF VIET NAM" in md and "Scores by domain" in md


def test_default_output_goes_to_the_workspace_reports_folder(flow: Flow) -> None:
    r = flow.cli("report", "system", str(flow.assessment), "--format", "csv")
    path = Path(_ok(r).splitlines()[-1])
    assert path == flow.ws.resolve() / "reports" / f"STP-QLVB-danh-gia-{flow.assessment}.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("args", [
    ["999"],  # no such assessment
    ["1", "--font", "/no/such/font.ttf"],
    ["1", "--font", str(Path(__import__("reportlab").__file__).parent / "fonts" / "Vera.ttf")],
])
def test_bad_input_exits_2_and_writes_nothing(flow: Flow, tmp_path: Path, args: list[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    r = flow.cli("report", "system", *args, "-o", str(out / "r.pdf"))
    assert r.exit_code == 2, r.output  # type: ignore[attr-defined]
    assert "Traceback" not in r.output  # type: ignore[attr-defined]
    assert list(out.iterdir()) == []  # no report, no temporary file


@pytest.mark.parametrize("name", ["bao-cao.doc", "bao-cao.xlsx", "bao-cao.odt"])
def test_an_extension_that_names_no_format_is_refused(flow: Flow, tmp_path: Path, name: str) -> None:
    r = flow.cli("report", "system", str(flow.assessment), "-o", str(tmp_path / name))
    assert r.exit_code == 2  # type: ignore[attr-defined]
    assert "--format pdf, docx, html, md, json, csv, oscal" in r.output  # type: ignore[attr-defined]
    assert not (tmp_path / name).exists()


def test_a_folder_as_output_is_refused(flow: Flow, tmp_path: Path) -> None:
    r = flow.cli("report", "system", str(flow.assessment), "--format", "pdf", "-o", str(tmp_path))
    assert r.exit_code == 2  # type: ignore[attr-defined]
    assert "thư mục" in r.output  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["a" * 300 + ".pdf", "/proc/secassess-report.pdf"])
def test_an_output_that_cannot_be_written_is_an_input_error(flow: Flow, tmp_path: Path, name: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    r = flow.cli("report", "system", str(flow.assessment), "-o", str(out / name))  # too long; no room in /proc
    assert r.exit_code == 2, r.output  # type: ignore[attr-defined]
    assert "không ghi được tệp" in r.output and "Traceback" not in r.output  # type: ignore[attr-defined]
    assert list(out.iterdir()) == []


def test_a_failed_report_keeps_the_previous_file(flow: Flow, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    out.write_bytes(b"old report")
    vera = Path(__import__("reportlab").__file__).parent / "fonts" / "Vera.ttf"
    r = flow.cli("report", "system", str(flow.assessment), "--font", str(vera), "-o", str(out))
    assert r.exit_code == 2  # type: ignore[attr-defined]
    assert "U+01A1" in r.output  # type: ignore[attr-defined]
    assert out.read_bytes() == b"old report"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_the_officer_replaces_the_drafted_recommendations_and_conclusion(flow: Flow, tmp_path: Path) -> None:
    drafted = tmp_path / "drafted.json"
    _ok(flow.cli("report", "system", str(flow.assessment), "-o", str(drafted)))
    issue = json.loads(drafted.read_text(encoding="utf-8"))["issue"]
    assert issue["recommendations_source"] == "drafted" and issue["recommendations"][0] == "Đề nghị Sở Tư pháp:"
    assert any("MANG-01" in x for x in issue["recommendations"])  # the conflict is named
    rec = tmp_path / "kien-nghi.txt"
    rec.write_text("Đề nghị Sở Tư pháp:\n- Tắt dịch vụ telnet trước ngày 30/10/2026;\n"
                   "- Báo cáo kết quả <b>bằng văn bản</b>.\n\nĐoạn thứ hai,\nviết trên hai dòng.\n", encoding="utf-8")
    con = tmp_path / "ket-luan.txt"
    con.write_bytes("\ufeffHệ thống cơ bản đáp ứng yêu cầu.".encode())  # a BOM, as Notepad writes
    out = tmp_path / "r.pdf"
    _ok(flow.cli("report", "system", str(flow.assessment), "-o", str(out), "--number", "15",
                 "--recommendations", str(rec), "--conclusion", str(con)))
    text = " ".join(pdf_text(out).split())
    assert "- Tắt dịch vụ telnet trước ngày 30/10/2026;" in text
    assert "- Báo cáo kết quả <b>bằng văn bản</b>." in text and "Đoạn thứ hai, viết trên hai dòng." in text
    assert "VII. KẾT LUẬN Hệ thống cơ bản đáp ứng yêu cầu." in text
    assert "Khẩn trương" not in text  # nothing drafted left
    assert "Số: 15/BC" in text


@pytest.mark.parametrize(("content", "message"), [(b"", "tệp không có nội dung"),
                                                  (b"\xff\xfe\x00k\x00", "không phải văn bản UTF-8"),
                                                  (b"x" * 300_000, "quá lớn")])
def test_a_bad_text_file_for_the_recommendations_is_refused(flow: Flow, tmp_path: Path, content: bytes,
                                                            message: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    out = tmp_path / "r.pdf"
    r = flow.cli("report", "system", str(flow.assessment), "-o", str(out), "--recommendations", str(bad))
    assert r.exit_code == 2, r.output  # type: ignore[attr-defined]
    assert message in r.output and str(bad) in r.output  # type: ignore[attr-defined]
    assert not out.exists()
