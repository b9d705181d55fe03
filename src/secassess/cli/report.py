"""``secassess report``: reports. ``report system`` writes the report of one assessment (PDF in
Vietnamese administrative layout, Word, HTML, Markdown, JSON, CSV); the provincial monthly report
(cli/report_province.py) joins this group as ``report province``. The use cases are in
:mod:`secassess.app.reports`."""

from __future__ import annotations

from pathlib import Path

import click

from secassess.cli.common import App, pass_app
from secassess.cli.report_issue import (
    echo_written,
    issue_options,
    issue_request,
    report_workspace,
    warn_missing_settings,
)
from secassess.cli.report_province import report_province
from secassess.i18n import tr
from secassess.reporting.formats import SYSTEM


@click.group(help=tr("Báo cáo: báo cáo đánh giá của một hệ thống; báo cáo tháng của tỉnh.",
                     "Reports: the assessment report of one system; the province's monthly report."))
def report() -> None:
    pass


@report.command("system", help=tr(
    "Lập báo cáo đánh giá của một đợt đánh giá (ASSESSMENT là số đợt đánh giá). PDF theo thể thức văn bản "
    "hành chính (Nghị định 30/2020/NĐ-CP), có thể ký số; Word (.docx) cùng nội dung để sửa, ký; HTML một tệp in "
    "được; Markdown để dán vào văn bản khác; JSON cho chương trình khác và lưu trữ (xem docs/report-json.md); CSV "
    "bảng kết quả. Đợt đánh giá chưa chốt vẫn lập được nhưng báo cáo ghi rõ “BẢN NHÁP”. In đường dẫn tệp ở dòng "
    "cuối.",
    "Write the report of one assessment (ASSESSMENT is its number). PDF in the Vietnamese administrative "
    "layout (Decree 30/2020), which can be digitally signed; Word (.docx) with the same content, to edit and "
    "sign; HTML as one printable file; Markdown for pasting; JSON for programs and archiving (see "
    "docs/report-json.md); CSV of the result table. A draft assessment can be reported, marked “DRAFT”. "
    "Prints the file path on the last line."))
@click.argument("assessment_id", metavar="ASSESSMENT", type=int)
@click.option("--format", "-f", "fmt", type=click.Choice(SYSTEM.names), help=tr(
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
@issue_options(conclusion=True)
@pass_app
def report_system(app: App, assessment_id: int, fmt: str | None, output: Path | None, report_lang: str | None,
                  font: str | None, number: str, recommendations: Path | None, conclusion: Path | None,
                  sign_p12: Path | None, sign_module: Path | None, token_label: str, key_label: str,
                  sign_visible: bool) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.reports import issue_system_report

    fmt = SYSTEM.choose(fmt, output).name
    ws, lang = report_workspace(app, report_lang)
    options, sign = issue_request(ws, fmt, number, recommendations, conclusion, sign_p12, sign_module,
                                  token_label, key_label, sign_visible)
    done = issue_system_report(ws, local_actor(), assessment_id, fmt, output=output, lang=lang, font=font,
                               options=options, sign=sign)
    if done.draft:
        click.secho(tr("Lưu ý: đợt đánh giá số {i} chưa chốt; báo cáo được đánh dấu “BẢN NHÁP” và "
                       "không có giá trị chính thức.",
                       "Note: assessment {i} is not finalized; the report is marked “DRAFT” and is "
                       "not official.", i=assessment_id), fg="yellow", err=True)
    warn_missing_settings(done.missing_settings)
    echo_written(fmt, done.size, done.path, done.signed)


report.add_command(report_province)
