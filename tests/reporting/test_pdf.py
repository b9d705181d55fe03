"""The PDF report: Vietnamese read back exactly, fonts embedded, markup printed literally, the
administrative layout (A4, margins, heading, page numbers), draft marking, font refusals."""

from __future__ import annotations

import html
import subprocess
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest

from secassess.errors import InputError
from secassess.reporting.fonts import FontFiles, find_fonts, from_option
from secassess.reporting.pdf import PdfRenderer
from tests.reporting.conftest import nfc, pdf_fonts, pdf_page_size, pdf_pages, pdf_text
from tests.reporting.factory import NASTY, make_report

VIETNAMESE = "Đơn vị đã cập nhật hạ tầng lưu trữ dữ liệu, kế hoạch ứng cứu sự cố và phần mềm quản lý"
VERA = Path(__import__("reportlab").__file__).parent / "fonts" / "Vera.ttf"


def render(tmp_path: Path, file: str = "r.pdf", **kwargs: object) -> Path:
    path = tmp_path / file
    path.write_bytes(PdfRenderer().render(make_report(**kwargs)))  # type: ignore[arg-type]
    return path


def test_vietnamese_text_reads_back_exactly_in_nfc(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", VIETNAMESE)
    assert decomposed != VIETNAMESE  # the note arrives decomposed, as some Windows tools write it
    text = pdf_text(render(tmp_path, note=decomposed))
    flat = " ".join(text.split())
    assert nfc(VIETNAMESE) in flat
    for letter in "đơưạếữ":
        assert letter in flat
    for fixed in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                  "Sông Lam, ngày 16 tháng 10 năm 2025", "BÁO CÁO", "Nơi nhận:", "Trần Thị Hữu Ngọc",
                  "Quản lý rủi ro (QLRR)", "Đạt một phần", "KIẾN NGHỊ, ĐỀ XUẤT", "KẾT LUẬN",
                  "Phụ lục I", "KẾT QUẢ ĐÁNH GIÁ CHI TIẾT THEO TỪNG YÊU CẦU"):
        assert fixed in flat, fixed


def test_every_font_is_embedded(tmp_path: Path) -> None:
    rows = pdf_fonts(render(tmp_path, draft=True))
    assert rows, "no font at all"
    assert all(r["emb"] == "yes" for r in rows), rows
    assert all(r["uni"] == "yes" for r in rows), rows  # text can be copied out


def test_markup_in_a_system_name_prints_as_written(tmp_path: Path) -> None:
    text = pdf_text(render(tmp_path, name=NASTY, note="Ghi chú <i>nghiêng?</i> & <br/> &amp; <para>"))
    assert NASTY in text
    assert "Ghi chú <i>nghiêng?</i> & <br/> &amp; <para>" in " ".join(text.split())


def test_invisible_format_and_control_characters_do_not_break_the_build(tmp_path: Path) -> None:
    text = pdf_text(render(tmp_path, note="Zero\u200bwidth\u00adsoft\x07bell\ufeffend"))
    assert "Zerowidthsoft bellend" in text


def _words(path: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """(word, xMin, yMin, xMax, yMax) of one page, as pdftotext -bbox reads them (y from the top)."""
    import re

    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(html.unescape(w), float(a), float(b), float(c), float(d)) for a, b, c, d, w in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)]


def test_a4_with_the_administrative_margins(tmp_path: Path) -> None:
    path = render(tmp_path, controls=40)
    width, height = pdf_page_size(path)
    assert (round(width), round(height)) == (595, 842)
    mm = 72 / 25.4
    for page in (1, 2, 3):  # the body (landscape appendices have margins of their own)
        words = [w for w in _words(path, page) if w[2] > 20 * mm]  # below the top margin: the page number is above
        assert min(w[1] for w in words) >= 30 * mm - 1  # left margin 30 mm
        assert max(w[3] for w in words) <= width - 15 * mm + 1  # right margin 15 mm
        assert max(w[4] for w in words) <= height - 20 * mm + 1  # bottom margin 20 mm


def test_page_numbers_at_the_top_centre_from_page_2_and_per_appendix(tmp_path: Path) -> None:
    """Decree 30: Arabic numerals centred in the top margin, none on the first page; each appendix is
    numbered on its own."""
    path = render(tmp_path, controls=60)
    mm = 72 / 25.4

    def top_number(page: int) -> str | None:
        top = [w for w in _words(path, page) if w[4] < 20 * mm and w[0].isdigit()]
        if not top:
            return None
        (word, x0, _y0, x1, _y1), = top
        assert abs((x0 + x1) / 2 - _centre(path, page)) < 2 * mm, (page, word)
        return word

    n = pdf_pages(path)
    numbers = [top_number(p) for p in range(1, n + 1)]
    assert numbers[0] is None and numbers[1] == "2"
    starts = [p for p in range(1, n + 1) if pdf_text(path, first=p, last=p).lstrip().startswith("Phụ lục")]
    assert starts, "no appendix"
    for start in starts:
        assert numbers[start - 1] is None  # an appendix starts without a number …
    first = starts[0]
    following = [numbers[p - 1] for p in range(first + 1, (starts[1] if len(starts) > 1 else n + 1))]
    assert following == [str(k) for k in range(2, len(following) + 2)]  # … and counts from 1 again


def _centre(path: Path, page: int) -> float:
    """The horizontal centre of the body on ``page`` (portrait: 30/15 mm margins; landscape: 20/20)."""
    out = subprocess.run(["pdfinfo", "-f", str(page), "-l", str(page), str(path)], capture_output=True, text=True,
                         check=True).stdout
    import re

    w, h = (float(x) for x in re.search(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out).groups())  # type: ignore[union-attr]
    mm = 72 / 25.4
    return (30 * mm + (w - 15 * mm)) / 2 if w < h else w / 2


def test_number_line_carries_the_document_code(tmp_path: Path) -> None:
    import re

    text = pdf_text(render(tmp_path), first=1, last=1, layout=True)
    assert re.search(r"Số:\s+/BC-CAT-PA05", text)  # the number is left blank for the clerk
    r = replace(make_report(), issue=replace(make_report().issue, number="15"))
    path = tmp_path / "n.pdf"
    path.write_bytes(PdfRenderer().render(r))
    flat = " ".join(pdf_text(path).split())
    assert "Số: 15/BC-CAT-PA05" in flat
    assert "(Kèm theo Báo cáo số 15/BC-CAT-PA05 ngày 16 tháng 10 năm 2025 của Công an tỉnh Sông Lam)" in flat


def test_draft_is_marked_on_every_page_and_final_is_not(tmp_path: Path) -> None:
    draft = render(tmp_path, "d.pdf", draft=True, controls=40)
    n = pdf_pages(draft)
    for page in range(1, n + 1):
        text = pdf_text(draft, first=page, last=page)
        assert "BẢN NHÁP" in text and "DRAFT" not in text  # a Vietnamese report is Vietnamese only
    assert "chưa được chốt" in " ".join(pdf_text(draft, first=1, last=1).split())
    final = render(tmp_path, "f.pdf", draft=False)
    assert "BẢN NHÁP" not in pdf_text(final)
    english = render(tmp_path, "e.pdf", draft=True, lang="en")
    assert "DRAFT" in pdf_text(english, first=1, last=1) and "BẢN NHÁP" not in pdf_text(english)


def test_english_report(tmp_path: Path) -> None:
    text = " ".join(pdf_text(render(tmp_path, lang="en")).split())
    assert "SOCIALIST REPUBLIC OF VIET NAM" in text
    assert "Appendix I" in text and "RESULTS OF EVERY CONTROL" in text
    assert "Recipients:" in text and "RECOMMENDATIONS" in text


def test_tables_never_use_type_smaller_than_11_pt(tmp_path: Path) -> None:
    """Decree 30 allows tables a smaller size than the body, but the issue sets a floor of 11 pt."""
    path = render(tmp_path, controls=30, draft=True)
    # poppler's word boxes are about 0.91 (regular) and 0.89 (bold) of the type size of this family:
    # 11 pt gives 10.0 and 9.8, 10.5 pt would give 9.55 and 9.4
    for page in range(1, pdf_pages(path) + 1):
        for word, _x0, y0, _x1, y1 in _words(path, page):
            assert y1 - y0 >= 9.7, (page, word, y1 - y0)


def test_missing_font_file_is_a_clear_error() -> None:
    with pytest.raises(InputError) as exc:
        from_option("/no/such/dir/times.ttf")
    assert exc.value.file == "/no/such/dir/times.ttf"
    assert "không tìm thấy tệp phông chữ" in str(exc.value)


def test_font_without_vietnamese_letters_is_refused_naming_file_and_letters(tmp_path: Path) -> None:
    assert VERA.is_file()
    with pytest.raises(InputError) as exc:
        PdfRenderer(fonts=from_option(str(VERA))).render(make_report())
    message = str(exc.value)
    assert str(VERA) in message
    assert "“ơ” U+01A1" in message  # Latin-only: no horn letters
    assert "thiếu ký tự" in message


def test_a_character_no_font_has_is_refused_not_dropped(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        PdfRenderer().render(make_report(note="Đã kiểm tra ✅ xong"))
    assert "U+2705" in str(exc.value)
    assert "Đã kiểm tra ✅ xong" in str(exc.value)  # where it was found


def test_discovery_prefers_a_serif_family_with_all_four_styles() -> None:
    from secassess.reporting.fonts import VIETNAMESE_PROBE, covers

    files = find_fonts()
    assert "Serif" in files.regular.name or "times" in files.regular.name.lower()
    styles = [files.regular, files.bold, files.italic, files.bold_italic]
    assert len(set(styles)) == 4
    assert all(covers(p, VIETNAMESE_PROBE) for p in styles)


def test_font_option_takes_bold_and_italic_from_beside_the_file() -> None:
    regular = find_fonts().regular
    files = from_option(str(regular))
    assert files.source == "option"
    assert files.bold != files.regular and files.bold.parent == regular.parent


def test_font_option_accepts_a_family_name(private_fontconfig: Path) -> None:
    files = from_option("Liberation Serif")  # fontconfig knows it only from the private folder
    assert files.regular == private_fontconfig / "LiberationSerif-Regular.ttf"
    assert files.bold_italic == private_fontconfig / "LiberationSerif-BoldItalic.ttf"


def test_config_font_paths_are_relative_to_the_workspace(tmp_path: Path) -> None:
    from secassess.config import Fonts

    regular = find_fonts().regular
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / "body.ttf").write_bytes(regular.read_bytes())
    files = find_fonts(config=Fonts(regular="fonts/body.ttf"), base_dir=tmp_path)
    assert files.regular == tmp_path / "fonts" / "body.ttf"
    assert files.source == "config"
    with pytest.raises(InputError) as exc:
        find_fonts(config=Fonts(regular="fonts/missing.ttf"), base_dir=tmp_path, config_file="secassess.yaml")
    assert exc.value.file == "secassess.yaml" and exc.value.location == "fonts.regular"


def test_a_file_that_is_not_truetype_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "fake.ttf"
    bad.write_text("not a font", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        PdfRenderer(fonts=FontFiles(bad, bad, bad, bad, "option")).render(make_report())
    assert exc.value.file == str(bad)


def test_dejavu_serif_renders_the_same_text(tmp_path: Path) -> None:
    try:
        files = from_option("DejaVu Serif")
    except InputError:
        pytest.skip("needs DejaVu Serif known to fontconfig (Debian fonts-dejavu-core)")
    path = tmp_path / "dv.pdf"
    path.write_bytes(PdfRenderer(fonts=files).render(make_report(note=VIETNAMESE)))
    assert nfc(VIETNAMESE) in " ".join(pdf_text(path).split())
    assert all("DejaVuSerif" in r["name"] for r in pdf_fonts(path))


def test_long_unbroken_text_and_empty_config_still_build(tmp_path: Path) -> None:
    r = make_report(note="x" * 400)
    r = replace(r, header=replace(r.header, issuing_body="", issuing_body_parent="", place="", signer_name="",
                                  recipients=[]))
    path = tmp_path / "e.pdf"
    path.write_bytes(PdfRenderer().render(r))
    text = " ".join(pdf_text(path).split())
    assert "……………………, ngày 16 tháng 10 năm 2025" in text  # a blank to fill in by hand
    assert "- Lưu: VT." in text


def test_known_paths_skip_a_style_file_without_vietnamese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two versions of a family can be installed (Liberation 1.x italics lack Vietnamese): a style
    file that lacks the letters is never picked by discovery (the fallback when the bundled fonts are
    missing); the nearest complete style stands in."""
    import secassess.reporting.fonts as fonts

    good = find_fonts()
    (tmp_path / "LiberationSerif-Regular.ttf").write_bytes(good.regular.read_bytes())
    (tmp_path / "LiberationSerif-Bold.ttf").write_bytes(good.bold.read_bytes())
    (tmp_path / "LiberationSerif-Italic.ttf").write_bytes(VERA.read_bytes())  # Latin only
    monkeypatch.setattr(fonts, "_known_dirs", lambda: [tmp_path])
    monkeypatch.setattr(fonts, "_fc_list", lambda vietnamese: [])  # as on Windows: no fontconfig
    monkeypatch.setattr(fonts, "BUNDLED_DIR", tmp_path / "missing")  # a repackaged install without fontdata/
    files = find_fonts()
    assert files.source == "known path"
    assert files.italic == tmp_path / "LiberationSerif-Regular.ttf"
    assert files.bold_italic == tmp_path / "LiberationSerif-Bold.ttf"
    path = tmp_path / "k.pdf"
    path.write_bytes(PdfRenderer(fonts=files).render(make_report(note=VIETNAMESE)))
    assert nfc(VIETNAMESE) in " ".join(pdf_text(path).split())


@pytest.mark.skipif(not Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Italic.ttf").is_file(),
                    reason="needs Liberation 1.x installed beside 2.x (Debian fonts-liberation)")
def test_fontconfig_picks_one_complete_version_of_a_family() -> None:
    files = find_fonts()
    assert len({p.parent for p in (files.regular, files.bold, files.italic, files.bold_italic)}) == 1
    PdfRenderer(fonts=files).render(make_report(note=VIETNAMESE))
