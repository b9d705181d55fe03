"""Fixtures for the scan tests: a workspace that sees the scan test catalog, a system and a draft
assessment made through the real services."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests import dbstate
from tests.conftest import FIXTURES

SCAN_FIXTURE = FIXTURES / "scan"
NMAP_SAMPLE = FIXTURES / "nmap" / "sample.xml"

needs_nmap = pytest.mark.skipif(shutil.which("nmap") is None, reason="nmap is not installed (make system-tools)")


def scan_library() -> Any:
    from secassess.catalog.registry import load_library

    lib = load_library([SCAN_FIXTURE / "checklists"], [SCAN_FIXTURE / "profiles"], include_builtin=False)
    lib.raise_if_problems()
    return lib


SAMPLE_NOW = "2026-10-05T09:00:00+07:00"  # a few days after the fictional scans in tests/fixtures


@pytest.fixture
def scan_ws(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace whose configuration adds the scan test catalog and profile; "now" is fixed a
    few days after the fixture scans, so they are recent evidence."""
    monkeypatch.setenv("SECASSESS_NOW", SAMPLE_NOW)
    cfg = workspace / "secassess.yaml"
    text = cfg.read_text(encoding="utf-8")
    text = text.replace("checklist_dirs: []", f"checklist_dirs: [{SCAN_FIXTURE / 'checklists'}]")
    text = text.replace("profile_dirs: []", f"profile_dirs: [{SCAN_FIXTURE / 'profiles'}]")
    cfg.write_text(text, encoding="utf-8")
    return workspace


Maker = Callable[..., int]


@pytest.fixture
def make_assessment(scan_ws: Path) -> Maker:
    """Create unit STP, a system with the given targets and allowed ports, and a draft
    assessment on the scan-test profile; returns the assessment id."""
    from secassess.assessment.service import start_assessment
    from secassess.inventory.service import add_system, add_unit, unit_exists
    from secassess.workspace import Workspace

    counter = {"n": 0}

    def make(targets: list[str], allowed: list[str] | None = None, answers: dict[str, str] | None = None) -> int:
        counter["n"] += 1
        ws = Workspace.open(scan_ws)
        try:
            with ws.write() as conn:
                if not unit_exists(conn, "STP"):
                    add_unit(conn, "STP", "Sở Tư pháp")
                sid = f"STP-SYS{counter['n']}"
                add_system(conn, {"id": sid, "name": "Hệ thống thử", "unit": "STP", "level": 3,
                                  "targets": targets, "allowed_ports": allowed or []})
                aid = start_assessment(conn, scan_library(), sid, "scan-test", "tester")
                if answers:
                    from secassess.assessment.service import save_answer

                    for control, result in answers.items():
                        save_answer(conn, aid, control, result, "", "", "tester")  # type: ignore[arg-type]
        finally:
            ws.close()
        return aid

    return make


def db_rows(ws_root: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` (``?`` parameters) as the database stores them (JSON as text), on either engine."""
    return dbstate.rows(ws_root, sql, *params)


def nmap_processes(marker: str) -> list[str]:
    """nmap processes left behind: running ones whose command line contains ``marker``, and
    unreaped (zombie) children of this test process."""
    found = []
    me = os.getpid()
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1: stat.rindex(")")]
        state, ppid = stat[stat.rindex(")") + 2:].split()[:2]
        if comm != "nmap":
            continue
        if marker in cmd or (state == "Z" and int(ppid) == me):
            found.append(f"{pid} [{state}]: {cmd or '<zombie>'}")
    return found
