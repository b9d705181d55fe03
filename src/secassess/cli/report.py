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
from secassess.messages import msg
from secassess.reporting.formats import SYSTEM


@click.group(help=msg("cli.report.reports_assessment_report_one_system"))
def report() -> None:
    pass


@report.command("system", help=msg("cli.report.write_report_one_assessment_assessment"))
@click.argument("assessment_id", metavar="ASSESSMENT", type=int)
@click.option("--format", "-f", "fmt", type=click.Choice(SYSTEM.names), help=msg("cli.report.format_default_from_o_file"))
@click.option("--output", "-o", type=click.Path(path_type=Path), help=msg("cli.report.output_file_default_reports_system"))
@click.option("--lang", "report_lang", type=click.Choice(["vi", "en"]), help=msg("cli.report.language_report_default_configuration"))
@click.option("--font", help=msg("cli.report.font_pdf_ttf_file_bold"))
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
        click.secho(msg("cli.report.note_assessment_not_finalized_report", i=assessment_id), fg="yellow", err=True)
    warn_missing_settings(done.missing_settings)
    echo_written(fmt, done.size, done.path, done.signed)


report.add_command(report_province)
