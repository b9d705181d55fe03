"""The fonts travel with the package: the bundled family has every Vietnamese letter in all four
styles, reports use it by default, and a report made on a machine where fontconfig knows no font at
all is the same, page for page and line for line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from secassess.reporting.fonts import BUNDLED_DIR, BUNDLED_FILES, STYLES, covers, find_fonts
from tests.conftest import run
from tests.reporting.conftest import pdf_fonts, pdf_pages

#: every letter of Vietnamese: the precomposed block U+1EA0–U+1EF9 and the letters outside it
VIETNAMESE = "".join(chr(c) for c in range(0x1EA0, 0x1EFA)) + "ĂÂĐÊÔƠƯăâđêôơưÀÁÃÈÉÊÌÍÒÓÕÙÚÝàáãèéìíòóõùúýĨĩŨũ"


def test_the_bundled_family_has_every_vietnamese_letter_in_four_styles_and_its_licence() -> None:
    files = find_fonts()
    assert files.source == "bundled"
    assert [p.name for p in files.by_style().values()] == list(BUNDLED_FILES)
    for style in STYLES:
        assert covers(files.by_style()[style], VIETNAMESE), style
    licence = (BUNDLED_DIR / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence


def test_a_report_does_not_depend_on_the_fonts_of_the_machine(workspace: Path, tmp_path: Path) -> None:
    inv = tmp_path / "inv.yaml"
    inv.write_text("units:\n  - {id: STP, name: Sở Tư pháp}\nsystems:\n  - {id: STP-QLVB, name: Hệ thống quản lý "
                   "văn bản và điều hành, unit: STP, level: 3}\n", encoding="utf-8")
    assert run("-w", str(workspace), "system", "import", str(inv)).exit_code == 0
    aid = run("-w", str(workspace), "assess", "start", "STP-QLVB").output.splitlines()[-1]
    empty = tmp_path / "empty.conf"  # fontconfig with no font folder at all
    empty.write_text('<?xml version="1.0"?>\n<fontconfig><cachedir>' f"{tmp_path / 'fc'}" "</cachedir></fontconfig>\n",
                     encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    texts = []
    for name, extra in (("usual.pdf", {}), ("bare.pdf", {"FONTCONFIG_FILE": str(empty), "HOME": str(home),
                                                         "XDG_DATA_HOME": str(home), "XDG_CONFIG_HOME": str(home)})):
        env = {**os.environ, "SECASSESS_NOW": "2026-10-06T09:00:00+07:00", **extra}
        out = tmp_path / name
        subprocess.run([sys.executable, "-m", "secassess", "-w", str(workspace), "report", "system", aid, "-o",
                        str(out)], env=env, check=True, capture_output=True)
        if "FONTCONFIG_FILE" in extra:
            listed = subprocess.run(["fc-list"], env=env, capture_output=True, text=True).stdout
            assert listed.strip() == ""  # the machine "has" no font
        texts.append(subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                                    check=True).stdout)
        assert {r["name"].split("+", 1)[1] for r in pdf_fonts(out)} >= {"LiberationSerif", "LiberationSerif-Bold"}
    assert texts[0] == texts[1]  # the same line breaks
    assert pdf_pages(tmp_path / "usual.pdf") == pdf_pages(tmp_path / "bare.pdf")


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_word_and_pdf_reports_need_no_system_font(fmt: str, workspace: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty.conf"
    empty.write_text("<fontconfig></fontconfig>\n", encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(empty))
    r = run("-w", str(workspace), "report", "province", "--period", "2026-10", "-o", str(tmp_path / f"p.{fmt}"),
            env={"SECASSESS_NOW": "2026-11-05T09:00:00+07:00"})
    assert r.exit_code == 0, r.output
