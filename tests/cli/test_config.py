"""A workspace ready to issue documents: ``init`` takes the issuing body, parent body, place, ký hiệu
and signer; ``config set`` changes one setting, checked like the file; a report from a workspace
missing them warns, naming the settings and the command that sets them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import run
from tests.reporting.conftest import pdf_text


def test_init_takes_what_an_issued_report_needs(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    r = run("init", str(ws), "--province", "tỉnh Sông Lam", "--issuing-body", "Công an tỉnh Sông Lam",
            "--parent-body", "Bộ Công an", "--place", "Sông Lam", "--document-code", "CAT-PA05",
            "--signer-authority", "KT. GIÁM ĐỐC", "--signer-title", "PHÓ GIÁM ĐỐC", "--signer-name", "Lê Quang Vĩnh",
            "--filing", "VT, PA05", "--recipient", "Bộ Công an (A05)")
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[-1] == str(ws)
    assert "cần thêm" not in r.output
    data = yaml.safe_load((ws / "secassess.yaml").read_text(encoding="utf-8"))
    assert data["document_code"] == "CAT-PA05" and data["signer"] == {
        "authority": "KT. GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC", "name": "Lê Quang Vĩnh"}
    assert data["recipients"] == ["Bộ Công an (A05)"] and data["filing"] == "VT, PA05"
    assert "# ký hiệu văn bản" in (ws / "secassess.yaml").read_text(encoding="utf-8")  # commented for the reader


def test_init_without_them_says_what_is_missing(tmp_path: Path) -> None:
    r = run("init", str(tmp_path / "ws"))
    assert r.exit_code == 0
    assert "cơ quan ban hành (issuing_body)" in r.output and "secassess config set" in r.output


def test_config_set_changes_one_setting_and_keeps_the_rest(workspace: Path) -> None:
    assert run("-w", str(workspace), "config", "set", "signer.name", "Nguyễn Văn Hữu").exit_code == 0
    assert run("-w", str(workspace), "config", "set", "recipients", "Bộ Công an", "UBND tỉnh").exit_code == 0
    data = yaml.safe_load((workspace / "secassess.yaml").read_text(encoding="utf-8"))
    assert data["signer"]["name"] == "Nguyễn Văn Hữu" and data["signer"]["title"] == "THỦ TRƯỞNG ĐƠN VỊ"
    assert data["recipients"] == ["Bộ Công an", "UBND tỉnh"]
    shown = run("-w", str(workspace), "config", "show", "--json")
    assert '"name": "Nguyễn Văn Hữu"' in shown.output and '"issuing_body"' in shown.output


@pytest.mark.parametrize(("args", "message"), [
    (("bogus", "x"), "không có mục cấu hình “bogus”"),
    (("limits.input_max_mb", "nhiều"), "phải là một số nguyên"),
    (("language", "fr"), "language"),
    (("place", "A", "B"), "nhận đúng một giá trị"),
    (("signer", "x"), "không có mục cấu hình “signer”"),
])
def test_config_set_refuses_bad_values_and_changes_nothing(workspace: Path, args: tuple[str, ...],
                                                          message: str) -> None:
    before = (workspace / "secassess.yaml").read_bytes()
    r = run("-w", str(workspace), "config", "set", *args)
    assert r.exit_code == 2, r.output
    assert message in r.output and "Traceback" not in r.output
    assert (workspace / "secassess.yaml").read_bytes() == before


def test_a_report_from_a_workspace_not_ready_to_issue_warns_and_still_writes(workspace: Path,
                                                                            tmp_path: Path) -> None:
    out = tmp_path / "p.pdf"
    r = run("-w", str(workspace), "report", "province", "--period", "2026-10", "-o", str(out),
            env={"SECASSESS_NOW": "2026-11-05T09:00:00+07:00"})
    assert r.exit_code == 0, r.output
    assert "Cảnh báo: chưa khai báo cơ quan ban hành (issuing_body)" in r.output
    assert "ký hiệu văn bản (document_code)" in r.output and "secassess config set issuing_body" in r.output
    assert out.is_file()
    for key, value in (("issuing_body", "Công an tỉnh Sông Lam"), ("issuing_body_parent", "Bộ Công an"),
                       ("place", "Sông Lam"), ("document_code", "CAT-PA05"), ("signer.name", "Lê Quang Vĩnh")):
        assert run("-w", str(workspace), "config", "set", key, value).exit_code == 0
    r = run("-w", str(workspace), "report", "province", "--period", "2026-10", "-o", str(out),
            env={"SECASSESS_NOW": "2026-11-05T09:00:00+07:00"})
    assert "Cảnh báo" not in r.output
    assert "CÔNG AN TỈNH SÔNG LAM" in pdf_text(out)
