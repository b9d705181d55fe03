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
from secassess.messages import msg
from secassess.reporting.formats import PROVINCE


@click.command("province", help=msg("cli.report_province.write_province_monthly_information_security"))
@click.option("--period", required=True, metavar="YYYY-MM", help=msg("cli.report_province.period_month_e_g_2026"))
@click.option("--as-of", "as_of", metavar=msg("cli.report_province.date"), help=msg("cli.report_province.figures_as_end_day_default"))
@click.option("--unit", "units", multiple=True, metavar=msg("cli.report_province.unit"), help=msg("cli.report_province.only_these_units_repeatable"))
@click.option("--format", "-f", "fmt", type=click.Choice(PROVINCE.names), help=msg("cli.report_province.format_default_from_o_file"))
@click.option("--output", "-o", type=click.Path(path_type=Path), help=msg("cli.report_province.output_file_default_reports_bao"))
@click.option("--lang", "report_lang", type=click.Choice(["vi", "en"]), help=msg("cli.report_province.language_report_default_configuration"))
@click.option("--font", help=msg("cli.report_province.font_pdf_ttf_file_font"))
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
        click.echo(msg("cli.report_province.working", m=step), err=True)

    done = issue_province_report(ws, local_actor(), p, fmt, as_of=day, units=units, output=output, lang=lang,
                                 font=font, options=options, sign=sign, progress=progress)
    f = done.figures
    assert f is not None
    click.echo(msg("cli.report_province.period_figures_as_systems_use", p=f.period, d=clock.fmt_date(f.as_of), n=f.systems_in_use, e=f.assessed_12m, o=f.overdue_items, i=f.incidents, late=f.notified_late, over=f.notification_overdue))
    warn_missing_settings(done.missing_settings)
    echo_written(fmt, done.size, done.path, done.signed)
