"""``secassess report``: reports. ``report system`` writes the report of one assessment (PDF in
Vietnamese administrative layout, HTML, Markdown, JSON, CSV); the provincial monthly report
joins this group as ``report province``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from secassess.cli.common import App, done_id, pass_app
from secassess.i18n import Lang, get_lang, set_lang, tr

if TYPE_CHECKING:
    from secassess.workspace import Workspace

FORMAT_CHOICES = ["pdf", "html", "md", "json", "csv", "oscal"]


def report_workspace(app: App, report_lang: str | None) -> tuple[Workspace, Lang]:
    """The workspace (opening it sets its language unless ``--lang`` came before the command) and the
    report's language (the command's own ``--lang`` wins) — for ``report system`` and ``report province``."""
    ws = app.ws()
    if report_lang:
        set_lang(report_lang)  # type: ignore[arg-type]
    return ws, get_lang()


def echo_written(fmt: str, size: int, path: Path) -> None:
    """What a report command says last: the format and size, then the file's path alone."""
    click.echo(tr("Đã ghi báo cáo {f} ({n} byte):", "Report written as {f} ({n} bytes):", f=fmt.upper(),
                  n=f"{size:,}".replace(",", ".")))
    done_id(path)


@click.group(help=tr("Báo cáo: báo cáo đánh giá của một hệ thống; báo cáo tháng của tỉnh.",
                     "Reports: the assessment report of one system; the province's monthly report."))
def report() -> None:
    pass


@report.command("system", help=tr(
    "Lập báo cáo đánh giá của một đợt đánh giá (ASSESSMENT là số đợt đánh giá). PDF theo thể thức văn bản "
    "hành chính (Nghị định 30/2020/NĐ-CP), HTML một tệp in được, Markdown để dán vào văn bản khác, JSON cho "
    "chương trình khác và lưu trữ (xem docs/report-json.md), CSV bảng kết quả. Đợt đánh giá chưa chốt vẫn lập được "
    "nhưng báo cáo ghi rõ “BẢN NHÁP / DRAFT”. In đường dẫn tệp ở dòng cuối.",
    "Write the report of one assessment (ASSESSMENT is its number). PDF in the Vietnamese administrative "
    "layout (Decree 30/2020), HTML as one printable file, Markdown for pasting, JSON for programs and archiving "
    "(see docs/report-json.md), CSV of the result table. A draft assessment can be reported, marked "
    "“BẢN NHÁP / DRAFT”. Prints the file path on the last line."))
@click.argument("assessment_id", metavar="ASSESSMENT", type=int)
@click.option("--format", "-f", "fmt", type=click.Choice(FORMAT_CHOICES), help=tr(
    "Định dạng (mặc định: theo đuôi tệp -o, nếu không thì pdf).", "Format (default: from the -o file's extension, "
    "else pdf)."))
@click.option("--output", "-o", type=click.Path(path_type=Path), help=tr(
    "Tệp kết quả (mặc định: reports/<hệ thống>-danh-gia-<số>.<đuôi> trong không gian làm việc).",
    "Output file (default: reports/<system>-danh-gia-<id>.<ext> in the workspace)."))
@click.option("--lang", "report_lang", type=click.Choice(["vi", "en"]), help=tr(
    "Ngôn ngữ của báo cáo (mặc định: theo cấu hình).", "Language of the report (default: the configuration's)."))
@click.option("--font", help=tr(
    "Phông chữ cho PDF: tệp .ttf (kiểu đậm, nghiêng lấy từ các tệp cùng thư mục) hoặc tên họ phông.",
    "Font for the PDF: a .ttf file (bold and italic taken from files beside it) or a font family name."))
@pass_app
def report_system(app: App, assessment_id: int, fmt: str | None, output: Path | None, report_lang: str | None,
                  font: str | None) -> None:
    from secassess.reporting.load import default_output
    from secassess.reporting.service import EXTENSIONS, choose_format, write_system_report

    fmt = choose_format(fmt, output, FORMAT_CHOICES)
    ws, lang = report_workspace(app, report_lang)
    if output is None:
        from secassess.assessment.service import load_assessment

        with ws.read() as conn:
            system_id = load_assessment(conn, assessment_id).system_id
        output = default_output(ws, system_id, assessment_id, EXTENSIONS[fmt])
    written = write_system_report(ws, assessment_id, fmt, output, lang, font=font)
    if written.draft:
        click.secho(tr("Lưu ý: đợt đánh giá số {i} chưa chốt; báo cáo được đánh dấu “BẢN NHÁP / DRAFT” và "
                       "không có giá trị chính thức.",
                       "Note: assessment {i} is not finalized; the report is marked “BẢN NHÁP / DRAFT” and is "
                       "not official.", i=assessment_id), fg="yellow", err=True)
    echo_written(fmt, written.size, written.path)


def _register_province() -> None:
    """``report province`` lives in its own module (cli/report_province.py)."""
    from secassess.cli.report_province import report_province

    report.add_command(report_province)


_register_province()
