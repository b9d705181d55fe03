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
