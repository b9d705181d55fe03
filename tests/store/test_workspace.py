from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from secassess.errors import InputError
from secassess.workspace import Workspace, find_workspace, init_workspace
from tests.conftest import run


def mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_init_creates_private_folder_database_and_config(tmp_path: Path) -> None:
    r = run("init", str(tmp_path / "ws"))
    assert r.exit_code == 0, r.output
    ws = tmp_path / "ws"
    assert r.output.strip().splitlines()[-1] == str(ws)  # the created thing alone on the last line
    assert mode(ws) == 0o700
    assert mode(ws / "secassess.db") == 0o600
    assert mode(ws / "secassess.yaml") == 0o600
    assert (ws / "evidence").is_dir() and (ws / "reports").is_dir()
    con = sqlite3.connect(ws / "secassess.db")
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"units", "systems", "assessments", "results", "remediation_items", "incidents"} <= tables


def test_init_refuses_an_existing_workspace(workspace: Path) -> None:
    r = run("init", str(workspace))
    assert r.exit_code == 2
    assert "đã là một không gian làm việc" in r.output


def test_init_with_header_values_writes_them(tmp_path: Path) -> None:
    r = run("init", str(tmp_path / "w2"), "--province", "tỉnh Quảng Ngãi", "--issuing-body", "CÔNG AN TỈNH")
    assert r.exit_code == 0
    ws = Workspace.open(tmp_path / "w2")
    assert ws.config.province == "tỉnh Quảng Ngãi" and ws.config.issuing_body == "CÔNG AN TỈNH"
    ws.close()


def test_workspace_found_by_option_environment_and_current_folder(workspace: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    assert find_workspace(str(workspace)) == workspace
    monkeypatch.setenv("SECASSESS_WORKSPACE", str(workspace))
    assert find_workspace() == workspace
    monkeypatch.delenv("SECASSESS_WORKSPACE")
    (workspace / "evidence" / "sub").mkdir()
    monkeypatch.chdir(workspace / "evidence" / "sub")
    assert find_workspace() == workspace


def test_no_workspace_says_so_plainly(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="không tìm thấy không gian làm việc"):
        find_workspace()
    r = run("--workspace", str(tmp_path / "nothing-here"), "checklist", "list")
    assert r.exit_code == 2
    assert "không phải không gian làm việc" in r.output
    assert "Traceback" not in r.output


def test_broken_config_names_the_file_and_line(workspace: Path) -> None:
    cfg = workspace / "secassess.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("language: vi", "language: fr"), encoding="utf-8")
    r = run("--workspace", str(workspace), "checklist", "list")
    assert r.exit_code == 2
    assert "secassess.yaml:dòng" in r.output and "language" in r.output


def test_config_language_applies_unless_lang_given(workspace: Path) -> None:
    cfg = workspace / "secassess.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("language: vi", "language: en"), encoding="utf-8")
    r = run("--workspace", str(workspace), "checklist", "show", "nope")
    assert "Error:" in r.output
    r = run("--lang", "vi", "--workspace", str(workspace), "checklist", "show", "nope")
    assert "Lỗi:" in r.output


def test_umask_does_not_loosen_permissions(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        init_workspace(tmp_path / "loose").close()
    finally:
        os.umask(old)
    assert mode(tmp_path / "loose") == 0o700 and mode(tmp_path / "loose" / "secassess.db") == 0o600
