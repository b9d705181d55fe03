"""The demo's closing hint names the program the way it was run (``cli.common.program``): ``secassess``
when that name on PATH is the running program, else the running console script's full path."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from secassess.cli.common import program


def _script(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    s = folder / "secassess"
    s.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    s.chmod(0o755)
    return s


def test_secassess_when_the_name_on_path_is_the_running_script(tmp_path: Path) -> None:
    script = _script(tmp_path / "venv" / "bin")
    assert program(str(script), path=str(script.parent)) == "secassess"
    # pipx: PATH holds a link to the script inside its own environment
    (tmp_path / "local-bin").mkdir()
    (tmp_path / "local-bin" / "secassess").symlink_to(script)
    assert program(str(tmp_path / "local-bin" / "secassess"), path=str(tmp_path / "local-bin")) == "secassess"


def test_the_full_path_when_secassess_is_not_on_path_or_is_another_one(tmp_path: Path) -> None:
    script = _script(tmp_path / "my venv" / "bin")
    other = _script(tmp_path / "other" / "bin")
    assert program(str(script), path=str(tmp_path / "nowhere")) == shlex.quote(str(script))
    assert program(str(script), path=str(other.parent)) == f"'{script}'"  # quoted: the folder has a space
    assert shlex.split(program(str(script), path="")) == [str(script)]


def test_run_another_way_the_script_beside_the_interpreter_is_named(tmp_path: Path) -> None:
    beside = Path(sys.executable).parent / "secassess"
    if not beside.is_file():
        pytest.skip("secassess is not installed beside this interpreter")
    assert program(str(tmp_path / "pytest"), path=str(tmp_path)) == shlex.quote(str(beside))
    assert program(str(tmp_path / "pytest"), path=str(beside.parent)) == "secassess"
