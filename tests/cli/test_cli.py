"""The command line conventions: version, help, languages, exit codes, JSON, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from secassess import __version__
from tests.conftest import MINI, run


@pytest.fixture
def mini_ws(workspace: Path) -> Path:
    """A workspace whose config adds the mini fixture catalog and profiles (ids that do not clash)."""
    import shutil

    shutil.copytree(MINI / "checklists", workspace / "extra-checklists")
    (workspace / "extra-profiles").mkdir()
    for f in (MINI / "profiles").glob("*.yaml"):
        text = f.read_text(encoding="utf-8").replace(f"id: {f.stem}", f"id: mini-{f.stem}")
        text = text.replace("extends: level-3", "extends: mini-level-3")
        (workspace / "extra-profiles" / f"mini-{f.name}").write_text(text, encoding="utf-8")
    cfg = workspace / "secassess.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8")
                   .replace("checklist_dirs: []", "checklist_dirs: [extra-checklists]")
                   .replace("profile_dirs: []", "profile_dirs: [extra-profiles]"), encoding="utf-8")
    return workspace


def test_version() -> None:
    r = run("--version")
    assert r.exit_code == 0 and r.output.strip() == f"secassess {__version__}"


def test_help_lists_commands_in_both_languages() -> None:
    r = run("--help")
    assert r.exit_code == 0 and "Lệnh" in r.output and "checklist" in r.output and "Bộ tiêu chí" in r.output
    r = run("--lang", "en", "--help")
    assert "Commands" in r.output and "Catalogs: list, show, validate, export" in r.output


def test_unknown_command_is_a_usage_error() -> None:
    r = run("frobnicate")
    assert r.exit_code == 2


def test_checklist_list_json_includes_workspace_catalogs(mini_ws: Path) -> None:
    r = run("-w", str(mini_ws), "checklist", "list", "--json")
    assert r.exit_code == 0, r.output
    rows = {row["id"]: row for row in json.loads(r.output)}
    assert rows["mini-2025"]["controls"] == 6
    assert "tcvn14423-2025" in rows


def test_checklist_show_control_is_readable_in_both_languages(mini_ws: Path) -> None:
    r = run("-w", str(mini_ws), "checklist", "show", "QLRR-02", "--catalog", "mini-2025", "--level", "4")
    assert r.exit_code == 0, r.output
    assert "QLRR-02 — Lưu nhật ký 6 tháng" in r.output
    assert "Bằng chứng điển hình" in r.output and "CIS Controls v8: 8.10" in r.output
    assert "0 / 1 / 3 / 6 / 12 tháng" in r.output
    r = run("--lang", "en", "-w", str(mini_ws), "checklist", "show", "QLRR-02", "--catalog", "mini-2025")
    assert "Keep logs for 1 month\n" in r.output and "Typical evidence" in r.output


def test_checklist_show_unknown_id_exits_2(mini_ws: Path) -> None:
    r = run("-w", str(mini_ws), "checklist", "show", "ZZZZ-99")
    assert r.exit_code == 2 and "ZZZZ-99" in r.output


def test_profile_show_json_has_the_documented_fields(mini_ws: Path) -> None:
    r = run("-w", str(mini_ws), "profile", "show", "mini-important-system", "--level", "5", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["level"] == 5 and data["catalog"] == "mini-2025"
    c = data["controls"][1]
    assert {"id", "domain", "severity", "mandatory", "title", "statement", "question"} <= set(c)
    assert c["title"]["vi"] == "Lưu nhật ký 12 tháng"


def test_profile_list_and_show_text(mini_ws: Path) -> None:
    r = run("-w", str(mini_ws), "profile", "list")
    assert r.exit_code == 0 and "mini-important-system" in r.output
    r = run("-w", str(mini_ws), "profile", "show", "mini-level-2")
    assert "QLRR-02" in r.output and "MANG-02" not in r.output


def test_validate_reports_every_problem_and_exits_2(mini_copy: Path) -> None:
    domain = mini_copy / "checklists" / "mini-2025" / "domains" / "VLY.yaml"
    domain.write_text(domain.read_text(encoding="utf-8").replace("severity: medium", "severity: huge"),
                      encoding="utf-8")
    prof = mini_copy / "profiles" / "level-1.yaml"
    prof.write_text(prof.read_text(encoding="utf-8").replace("level: 1", "level: 1\nextends: ghost"),
                    encoding="utf-8")
    r = run("checklist", "validate", str(mini_copy / "checklists"), str(mini_copy / "profiles"))
    assert r.exit_code == 2
    assert "VLY.yaml:dòng 13" in r.output and "ghost" in r.output


def test_validate_single_profile_file_names_that_file(mini_copy: Path, tmp_path: Path) -> None:
    bad = tmp_path / "my-profile.yaml"
    bad.write_text("id: my-profile\ntitle: {vi: A, en: A}\ndescription: {vi: A, en: A}\n"
                   "catalog: tcvn14423-2025\nlevel: 2\ninclude: [NOPE-01]\n", encoding="utf-8")
    r = run("checklist", "validate", str(bad))
    assert r.exit_code == 2
    assert f"{bad}:dòng 6" in r.output and "NOPE-01" in r.output


def test_validate_builtin_content_passes() -> None:
    r = run("checklist", "validate")
    assert r.exit_code == 0, r.output
    assert "Hợp lệ" in r.output


def test_export_json_and_yaml_round_trip(mini_ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "mini.json"
    r = run("-w", str(mini_ws), "checklist", "export", "mini-2025", "--format", "json", "-o", str(out))
    assert r.exit_code == 0, r.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [d["id"] for d in data["domains"]] == ["QLRR", "MANG", "VLY"]
    r = run("-w", str(mini_ws), "checklist", "export", "mini-2025", "--format", "yaml")
    import yaml

    assert yaml.safe_load(r.output)["domains"][0]["controls"][0]["id"] == "QLRR-01"


def test_unexpected_error_is_logged_not_shown(mini_ws: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import secassess.catalog.resolve as resolve

    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(resolve, "resolve_profile", boom)
    import secassess.catalog.registry as registry

    monkeypatch.setattr(registry, "resolve_profile", boom)
    r = run("-w", str(mini_ws), "profile", "show", "mini-level-1")
    assert r.exit_code == 3
    assert "Traceback" not in r.output and "simulated bug" in r.output
    log = tmp_path / "state" / "secassess" / "secassess.log"
    assert "Traceback" in log.read_text(encoding="utf-8")


def test_real_process_exit_codes(tmp_path: Path) -> None:
    """The installed entry point, in a real process: usage error 2, no traceback."""
    p = subprocess.run([sys.executable, "-m", "secassess", "--workspace", str(tmp_path / "none"), "profile", "list"],
                       capture_output=True, text=True, cwd=tmp_path)
    assert p.returncode == 2
    assert "Lỗi:" in p.stderr and "Traceback" not in p.stderr


def test_click_usage_errors_are_in_vietnamese_and_english() -> None:
    r = run("init", "--bogus")
    assert r.exit_code == 2
    assert "Lỗi: Không có tùy chọn '--bogus'." in r.output and "Cách dùng:" in r.output
    r = run("--lang", "en", "init", "--bogus")
    assert "Error: No such option '--bogus'." in r.output
