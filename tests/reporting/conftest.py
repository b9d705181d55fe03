"""Helpers for report tests: real PDFs read back with poppler (pdftotext, pdffonts, pdfinfo)."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

import pytest

POPPLER = ("pdftotext", "pdffonts", "pdfinfo")


def _run(args: list[str]) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=60).stdout


def pdf_text(pdf: Path | bytes, tmp: Path | None = None, *, first: int | None = None, last: int | None = None,
             layout: bool = False) -> str:
    """The text of a PDF as poppler reads it (NFC, as a reader would copy it)."""
    if isinstance(pdf, bytes):
        assert tmp is not None
        path = tmp / "report.pdf"
        path.write_bytes(pdf)
    else:
        path = pdf
    args = ["pdftotext", "-enc", "UTF-8"]
    if layout:
        args.append("-layout")
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    return _run([*args, str(path), "-"])


def pdf_fonts(path: Path) -> list[dict[str, str]]:
    """Rows of ``pdffonts``: name, type, emb, sub, uni."""
    lines = _run(["pdffonts", str(path)]).splitlines()[2:]
    rows = []
    for line in lines:
        parts = line.split()
        # name type [type2] encoding emb sub uni object ID: the last five are fixed
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def pdf_pages(path: Path) -> int:
    for line in _run(["pdfinfo", str(path)]).splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError("pdfinfo gave no page count")


def pdf_page_size(path: Path) -> tuple[float, float]:
    for line in _run(["pdfinfo", str(path)]).splitlines():
        if line.startswith("Page size:"):
            parts = line.split()
            return float(parts[2]), float(parts[4])
    raise AssertionError("pdfinfo gave no page size")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@pytest.fixture(autouse=True, scope="session")
def _poppler() -> None:
    import shutil

    missing = [p for p in POPPLER if shutil.which(p) is None]
    if missing:  # the Makefile's system-tools target installs poppler-utils
        pytest.fail(f"poppler-utils missing ({', '.join(missing)}): run `make system-tools`")


@pytest.fixture
def private_fontconfig(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """fontconfig pointed at a configuration of its own whose only folder holds copies of the bundled
    fonts: discovery by family name is tested without depending on the fonts the machine has."""
    import shutil

    from secassess.reporting.fonts import BUNDLED_DIR, BUNDLED_FILES

    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig not installed")
    folder = tmp_path / "fonts"
    folder.mkdir()
    for name in BUNDLED_FILES:
        shutil.copy(BUNDLED_DIR / name, folder / name)
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><dir>{folder}</dir>'
                    f"<cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>\n", encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    return folder
