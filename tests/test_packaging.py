"""A plain (non-editable) install carries the built-in checklists and profiles."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_carries_content_and_finds_it_from_another_folder(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(dist), str(ROOT)], check=True, capture_output=True)
    (wheel,) = dist.glob("secassess-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "secassess/_content/checklists/tcvn14423-2025/catalog.yaml" in names
    assert "secassess/_content/profiles/level-1.yaml" in names
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                    str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (f"import sys; sys.path.insert(0, {str(target)!r}); from secassess.cli import main; "
            "main(['checklist', 'list', '--json'])")
    p = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    rows = json.loads(p.stdout)
    row = next(r for r in rows if r["id"] == "tcvn14423-2025")
    assert row["path"].startswith(str(target))
    assert row["controls"] >= 150
