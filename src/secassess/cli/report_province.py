"""``secassess report province``: the monthly provincial report for section II.4 of the plan,
registered in the ``report`` group (cli/report.py). The use case is
:func:`secassess.app.reports.issue_province_report`."""

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
from secassess.i18n import tr
from secassess.reporting.formats import PROVINCE


@click.command("province", help=tr(
    "Lập báo cáo tháng của tỉnh về bảo đảm an toàn thông tin, an ninh mạng (mục II.4 Kế hoạch triển khai "
    "Nghị quyết 214/NQ-CP), gửi Công an tỉnh: tổng hợp theo nhiệm vụ II.4.a/b/c, bảng theo đơn vị, đơn vị và "
    "hệ thống cần đôn đốc, biến động so với kỳ trước, phụ lục từng hệ thống. Số liệu tính đến hết ngày cuối "
    "kỳ (hoặc --as-of). PDF theo thể thức văn bản hành chính (có thể ký số), Word (.docx) cùng nội dung, HTML, "
    "CSV và XLSX cho bảng tính của đơn vị, JSON (xem docs/province-report.md). In đường dẫn tệp ở dòng cuối.",
    "Write the province's monthly information security report (section II.4 of the plan implementing "
    "Resolution 214/NQ-CP) to the provincial police: a summary per task II.4.a/b/c, a table per unit, units "
    "and systems to follow up, change since the previous period, and an annex per system. Figures as of the "
    "end of the period (or --as-of). PDF in the administrative layout (can be digitally signed), Word (.docx) "
    "with the same content, HTML, CSV and XLSX for spreadsheets, JSON (see docs/province-report.md). Prints the "
    "file path on the last line."))
@click.option("--period", required=True, metavar="YYYY-MM", help=tr(
    "Kỳ báo cáo (tháng), ví dụ 2026-10.", "The period (a month), e.g. 2026-10."))
@click.option("--as-of", "as_of", metavar=tr("NGÀY", "DATE"), help=tr(
    "Tính số liệu đến hết ngày này (mặc định: ngày cuối kỳ, hoặc hôm nay nếu kỳ chưa kết thúc).",
    "Figures as of the end of this day (default: the last day of the period, or today if it has not ended)."))
@click.option("--unit", "units", multiple=True, metavar=tr("ĐƠN_VỊ", "UNIT"), help=tr(
    "Chỉ các đơn vị này (lặp lại được).", "Only these units (repeatable)."))
@click.option("--format", "-f", "fmt", type=click.Choice(PROVINCE.names), help=tr(
    "Định dạng (mặc định: theo đuôi tệp -o, nếu không thì pdf).", "Format (default: from the -o file's extension, "
    "else pdf)."))
@click.option("--output", "-o", type=click.Path(path_type=Path), help=tr(
    "Tệp kết quả (mặc định: reports/bao-cao-tinh-<kỳ>.<đuôi> trong không gian làm việc).",
    "Output file (default: reports/bao-cao-tinh-<period>.<ext> in the workspace)."))
@click.option("--lang", "report_lang", type=click.Choice(["vi", "en"]), help=tr(
    "Ngôn ngữ của báo cáo (mặc định: theo cấu hình).", "Language of the report (default: the configuration's)."))
@click.option("--font", help=tr(
    "Phông chữ cho PDF: tệp .ttf hoặc tên họ phông.", "Font for the PDF: a .ttf file or a font family name."))
@issue_options(conclusion=False)
@pass_app
def report_province(app: App, period: str, as_of: str | None, units: tuple[str, ...], fmt: str | None,
                    output: Path | None, report_lang: str | None, font: str | None, number: str,
                    recommendations: Path | None, sign_p12: Path | None, sign_module: Path | None, token_label: str,
                    key_label: str, sign_visible: bool) -> None:
    from secassess import clock
    from secassess.app.actor import local_actor
    from secassess.app.reports import issue_province_report
    from secassess.remediation.rules import parse_date
    from secassess.reporting.province.period import parse_period

    p = parse_period(period)
    day = parse_date(as_of, "--as-of") if as_of is not None else None
    fmt = PROVINCE.choose(fmt, output).name
    ws, lang = report_workspace(app, report_lang)
    options, sign = issue_request(ws, fmt, number, recommendations, None, sign_p12, sign_module, token_label,
                                  key_label, sign_visible)

    def progress(step: str) -> None:
        click.echo(tr("Đang tính: {m}", "Working: {m}", m=step), err=True)

    done = issue_province_report(ws, local_actor(), p, fmt, as_of=day, units=units, output=output, lang=lang,
                                 font=font, options=options, sign=sign, progress=progress)
    f = done.figures
    assert f is not None
    click.echo(tr("Kỳ {p}, số liệu đến hết ngày {d}: {n} hệ thống đang sử dụng, {e} được đánh giá trong 12 tháng; "
                  "{o} hạng mục khắc phục quá hạn; {i} sự cố trong kỳ ({late} thông báo trễ, {over} quá hạn chưa "
                  "gửi).",
                  "Period {p}, figures as of {d}: {n} systems in use, {e} assessed in the last 12 months; {o} "
                  "overdue remediation items; {i} incidents in the period ({late} notified late, {over} overdue).",
                  p=f.period, d=clock.fmt_date(f.as_of), n=f.systems_in_use, e=f.assessed_12m, o=f.overdue_items,
                  i=f.incidents, late=f.notified_late, over=f.notification_overdue))
    warn_missing_settings(done.missing_settings)
    echo_written(fmt, done.size, done.path, done.signed)
