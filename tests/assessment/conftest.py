"""Fixtures for assessments: a workspace with the mini content as built-in, a unit, systems,
and a started assessment."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import dbstate
from tests.conftest import run


@dataclass
class Started:
    ws: Path
    id: int

    def args(self) -> list[str]:
        return ["-w", str(self.ws)]

    def db(self) -> object:
        return dbstate.state(self.ws)

    def cli(self, *args: str, input: str | None = None) -> object:
        return run(*self.args(), *args, input=input)


def add_system(ws: Path, system_id: str = "STP-QLVB", level: int = 3, *flags: str) -> None:
    r = run("-w", str(ws), "unit", "add", "STP", "Sở Tư pháp")
    assert r.exit_code in (0, 2), r.output  # 2: already there
    r = run("-w", str(ws), "system", "add", system_id, "--name", f"Hệ thống {system_id}", "--unit", "STP",
            "--level", str(level), "--target", "127.0.0.1", *flags)
    assert r.exit_code == 0, r.output


def start(ws: Path, system_id: str = "STP-QLVB", *extra: str) -> int:
    r = run("-w", str(ws), "assess", "start", system_id, *extra)
    assert r.exit_code == 0, r.output
    return int(r.output.splitlines()[-1])


def results(s: Started) -> dict[str, dict[str, object]]:
    """The stored results of the assessment by control id (``assess show --json``)."""
    data = json.loads(s.cli("assess", "show", str(s.id), "--json").output)
    return {r["control_id"]: r for r in data["results"]}


def answer(s: Started, path: Path, *extra: str) -> object:
    return s.cli("assess", "answer", str(s.id), "--file", str(path), *extra)


def assert_import_changes_nothing(s: Started, path: Path) -> None:
    """Importing ``path`` succeeds, says nothing changed and leaves the database byte for byte."""
    before = s.db()
    r = answer(s, path)
    assert r.exit_code == 0 and "Không có gì thay đổi" in r.output
    assert s.db() == before


@pytest.fixture
def started(mini_builtin_ws: Path) -> Started:
    """A level-3 system with a draft assessment (QLRR-01*, QLRR-02, MANG-01*, MANG-02; * mandatory)."""
    add_system(mini_builtin_ws)
    return Started(mini_builtin_ws, start(mini_builtin_ws))
