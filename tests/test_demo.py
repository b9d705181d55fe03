"""``secassess demo`` end to end in a temporary folder: the whole flow, every report format,
reproducible output, and it never deletes a folder it did not make."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from secassess.reporting.json import json_schema
from tests.conftest import run
from tests.reporting.conftest import pdf_fonts, pdf_text
from tests.reporting.schema_check import errors

FORMATS = ("pdf", "docx", "html", "md", "json", "csv")


@pytest.fixture(scope="module")
def demo_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """Two runs into two folders (the demo takes a few seconds; the tests share them)."""
    base = tmp_path_factory.mktemp("demo")
    first, second = base / "one" / "reports", base / "two" / "reports"
    r = run("demo", "--out", str(first))
    assert r.exit_code == 0, r.output
    r2 = run("demo", "--out", str(second))
    assert r2.exit_code == 0, r2.output
    return first, second, r.output


def _reports(folder: Path) -> dict[str, dict]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))}


def test_the_demo_writes_every_format_for_every_system(demo_runs: tuple[Path, Path, str]) -> None:
    out, _, output = demo_runs
    reports = _reports(out)
    assert len(reports) == 6
    for name in reports:
        stem = name.removesuffix(".json")
        for fmt in FORMATS:
            f = out / f"{stem}.{fmt}"
            assert f.is_file() and f.stat().st_size > 500, f
            assert f.name in output  # the demo says where every file is
    schema = json_schema()
    for name, data in reports.items():
        assert errors(data, schema, schema) == [], name


def test_the_province_covers_levels_flags_and_units(demo_runs: tuple[Path, Path, str]) -> None:
    systems = [d["system"] for d in _reports(demo_runs[0]).values()]
    assert sorted(s["level"] for s in systems) == [1, 2, 3, 4, 4, 5]
    assert any(s["important"] for s in systems) and any(s["national_database"] for s in systems)
    assert len({s["unit_id"] for s in systems}) >= 3
    for s in systems:  # documentation addresses only
        for t in s["targets"]:
            assert t.startswith(("192.0.2.", "198.51.100.", "203.0.113.")) or t.endswith(".example"), t


def test_the_scanned_system_shows_scan_conflicts_plan_and_change(demo_runs: tuple[Path, Path, str]) -> None:
    data = next(d for d in _reports(demo_runs[0]).values() if d["system"]["id"] == "VPUB-CDVC")
    assert data["draft"] is False
    scan = data["scans"][0]
    assert scan["ignored_hosts"] == ["198.51.100.7"]
    assert {h["address"] for h in scan["hosts"]} == {"203.0.113.10", "203.0.113.11"}
    assert "MANG-02" in {c["control_id"] for c in data["conflicts"]}  # declared pass, ssh open
    assert data["change"] is not None and data["change"]["previous_assessment_id"] == 1
    statuses = {f["plan"]["status"] for f in data["findings"] if f["plan"]}
    assert {"open", "in_progress"} <= statuses
    assert any(f["plan"] and f["plan"]["overdue"] for f in data["findings"])  # left over from 2025
    assert data["header"]["date"] == "2026-10-20"


def test_findings_are_listed_worst_first_then_in_catalog_order(demo_runs: tuple[Path, Path, str]) -> None:
    rank = {"critical": 0, "high": 1, "medium": 2, "low": 3}
    seen: set[str] = set()
    for name, data in _reports(demo_runs[0]).items():
        position = {c["id"]: i for i, c in enumerate(c for d in data["domains"] for c in d["controls"])}
        keys = [(rank[f["severity"]], position[f["control_id"]]) for f in data["findings"]]
        assert keys == sorted(keys), name
        seen |= {f["severity"] for f in data["findings"]}
    assert seen == set(rank)  # the demo has findings of every severity, so the order is really tested


def test_only_the_unfinished_assessment_is_marked_draft(demo_runs: tuple[Path, Path, str]) -> None:
    out = demo_runs[0]
    drafts = [n for n, d in _reports(out).items() if d["draft"]]
    assert drafts == ["SYT-QLVB-danh-gia-6.json"]
    draft_text = pdf_text(out / "SYT-QLVB-danh-gia-6.pdf")
    assert "BẢN NHÁP" in draft_text and "DRAFT" not in draft_text
    final_text = " ".join(pdf_text(out / "SKHCN-LGSP-danh-gia-2.pdf").split())
    assert "BẢN NHÁP" not in final_text
    assert "Sông Lam, ngày 20 tháng 10 năm 2026" in final_text
    assert "CÔNG AN TỈNH SÔNG LAM" in final_text and "Đại tá Lê Quang Vĩnh" in final_text
    fonts = pdf_fonts(out / "SKHCN-LGSP-danh-gia-2.pdf")
    assert all(r["emb"] == "yes" for r in fonts)
    # the fonts shipped inside the package, whatever the machine has
    assert {r["name"].split("+", 1)[1] for r in fonts} == {"LiberationSerif", "LiberationSerif-Bold",
                                                           "LiberationSerif-Italic", "LiberationSerif-BoldItalic"}


#: words meant for developers that must never reach a document addressed to officials
DEVELOPER_WORDS = ("secassess ", "docs/", "JSON", "XML", ".md", "level-", "national-database", "important-system",
                   "BẢN NHÁP / DRAFT", "DRAFT", "--", "tcvn14423-2025", "Trang 1/")


def _documents(folder: Path) -> list[Path]:
    return sorted([*folder.glob("*.pdf"), *folder.glob("*.docx"), *(folder / "bao-cao-tinh").glob("*.pdf"),
                   *(folder / "bao-cao-tinh").glob("*.docx")])


def _text(path: Path) -> str:
    if path.suffix == ".pdf":
        return pdf_text(path)
    import docx

    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def test_no_developer_words_in_the_documents(demo_runs: tuple[Path, Path, str]) -> None:
    import re

    docs = _documents(demo_runs[0])
    assert len(docs) == 14  # 6 systems and the province, PDF and Word
    for path in docs:
        text = _text(path)
        for word in DEVELOPER_WORDS:
            assert word not in text, (path.name, word)
        assert not re.search(r"\(mã [a-z0-9-]+\)", text), path.name  # "(mã level-3)"


def test_no_id_date_or_number_is_split_inside_a_table_cell(demo_runs: tuple[Path, Path, str]) -> None:
    """Every control id, date and number on every page reads whole: columns are sized from their content."""
    import re
    import subprocess

    for path in [p for p in _documents(demo_runs[0]) if p.suffix == ".pdf"]:
        out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                             check=True).stdout
        words = re.findall(r"<word [^>]*>([^<]*)</word>", out)
        for i, word in enumerate(words):
            if re.fullmatch(r"[A-Z]{2,5}-\d?", word):  # "MANG-0" | "3": an id cut in two
                raise AssertionError((path.name, word, words[i + 1:i + 2]))
            # dates are dd/mm/yyyy: a cut one reads "31/", "31/10", "31/10/202"
            if re.fullmatch(r"(0[1-9]|[12]\d|3[01])/((0[1-9]|1[0-2])/?\d{0,3})?", word):
                raise AssertionError((path.name, word, words[i + 1:i + 2]))  # "31/10/202" | "6"


def test_the_demo_is_reproducible(demo_runs: tuple[Path, Path, str]) -> None:
    first, second, _ = demo_runs
    for f in sorted(first.iterdir()):
        if f.is_file():
            assert f.read_bytes() == (second / f.name).read_bytes(), f.name


def test_answers_files_are_left_for_the_reader(demo_runs: tuple[Path, Path, str]) -> None:
    folder = demo_runs[0] / "demo-workspace" / "phieu-tra-loi"
    files = sorted(folder.rglob("tra-loi-day-du.yaml"))
    assert len(files) == 7  # one system twice (2025 and 2026)
    text = (folder / "2026" / "VPUB-CDVC" / "tra-loi-day-du.yaml").read_text(encoding="utf-8")
    assert "Đã bật xác thực OTP" in text and "[tự động]" in text
    assert (folder / "2026" / "VPUB-CDVC" / "tai-lieu" / "bien-ban-thu-khoi-phuc-2026-09.txt").is_file()


def test_the_demo_never_deletes_a_folder_it_did_not_make(tmp_path: Path) -> None:
    ws = tmp_path / "reports" / "demo-workspace"
    ws.mkdir(parents=True)
    (ws / "secassess.yaml").write_text("province: thật\n", encoding="utf-8")
    (ws / "secassess.db").write_bytes(b"real data")
    r = run("demo", "--out", str(tmp_path / "reports"))
    assert r.exit_code == 2
    assert "không xóa" in r.output
    assert (ws / "secassess.db").read_bytes() == b"real data"


def test_an_empty_workspace_left_by_an_earlier_demo_is_replaced(tmp_path: Path) -> None:
    old = tmp_path / "reports" / "demo-workspace"
    assert run("init", str(old)).exit_code == 0  # what the first version of the demo made: no marker
    r = run("demo", "--out", str(tmp_path / "reports"))
    assert r.exit_code == 0, r.output
    assert (old / ".secassess-demo").is_file()


def test_the_document_cites_the_law_in_force_and_names_targets_not_covered(demo_runs: tuple[Path, Path, str]) -> None:
    text = " ".join(pdf_text(demo_runs[0] / "VPUB-CDVC-danh-gia-3.pdf").split())
    basis = text[text.index("2. Căn cứ đánh giá"):text.index("3. Phương pháp")]
    assert "Luật An ninh mạng số 116/2025/QH15" in basis and "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15" in basis
    assert "86/2015/QH13" not in text  # superseded: catalog 1.1.0 no longer cites it
    cited = text[text.index("3. Văn bản được viện dẫn"):]
    assert "Luật An ninh mạng số 116/2025/QH15 còn hiệu lực (từ 01/07/2026)" in cited  # with its status
    body = text[text.index("IV. TỒN TẠI"):text.index("V. TÌNH HÌNH KHẮC PHỤC")]
    coverage = body[body.index("Kiểm tra kỹ thuật chưa bao phủ"):]
    assert "dichvucong.songlam.example" in coverage[:coverage.index("(chi tiết tại Phụ lục III)")]  # never scanned
    assert "Bằng chứng từ các công cụ rà quét" in text and "Phạm vi chưa được kiểm tra" in text


def test_the_closing_hint_is_a_command_that_works_as_printed(demo_runs: tuple[Path, Path, str]) -> None:
    import os
    import shlex
    import subprocess

    output = demo_runs[2]
    lines = output.splitlines()
    start = lines.index("Xem thêm:")
    commands = [line.strip() for line in lines[start + 1:start + 3]]
    assert [c.rsplit(" ", 2)[-2:] for c in commands] == [["assess", "list"], ["remediation", "list"]]
    for command in commands:  # run exactly as a user would paste it, with the PATH this test has
        p = subprocess.run(shlex.split(command), capture_output=True, text=True, env=os.environ.copy(), timeout=120)
        assert p.returncode == 0, (command, p.stderr)
    assert "VPUB-CDVC" in p.stdout or "Chưa có" in p.stdout
