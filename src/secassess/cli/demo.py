"""``secassess demo``: the whole flow on a bundled fictional province, with a short explanation
of each step, ending with the reports it wrote (src/secassess/demo_data/)."""

from __future__ import annotations

from pathlib import Path

import click

from secassess.cli.common import App, echo_table, pass_app, program
from secassess.i18n import get_lang
from secassess.messages import msg


@click.command(help=msg("cli.demo.run_whole_flow_fictional_province"))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("reports"),
              show_default=True, help=msg("cli.demo.output_folder"))
@pass_app
def demo(app: App, out: Path) -> None:
    from secassess.demo_data.flow import run_demo

    lang = get_lang()
    click.secho(msg("cli.demo.secassess_demo_province_ng_lam"), bold=True)
    click.echo(msg("cli.demo.secassess_helps_security_officers_assess"))
    result = run_demo(out, lang, click.echo)
    click.echo()
    click.secho(msg("cli.demo.results"), bold=True)
    echo_table(
        [msg("cli.demo.system"), msg("cli.demo.level"), msg("cli.demo.no"), msg("cli.demo.profile"),
         msg("cli.demo.status"), msg("cli.demo.score"), msg("cli.demo.coverage"), msg("cli.demo.rating"),
         msg("cli.demo.findings")],
        [(s.system_id, s.level, s.assessment_id, s.profile_id, _status(s.status), _number(s.score, lang),
          _percent(s.coverage, lang), _rating(s.rating), s.findings) for s in result.systems], 40)
    click.echo()
    click.echo(msg("cli.demo.full_answers_files_imported_as", d=result.workspace / "phieu-tra-loi"))
    click.echo(msg("cli.demo.wrote_reports", n=len(result.reports), d=out))
    for s in result.systems:
        click.echo("  " + "  ".join(p.name for p in s.reports))
    if result.province is not None:
        click.echo(msg("cli.demo.province_monthly_report", k=result.province.period, d=result.province.files[0].parent))
        click.echo("  " + "  ".join(p.name for p in result.province.files))
    if result.oscal:
        click.echo(msg("cli.demo.oscal_documents", d=result.oscal[0].parent))
        click.echo("  " + "  ".join(p.name for p in result.oscal))
    pdf = next((p for p in result.reports if p.suffix == ".pdf"), None)
    click.echo()
    click.echo(msg("cli.demo.open_printable_report_docx_word", p=pdf))
    # commands that work as printed: the program named the way it was run, the workspace quoted
    import shlex

    prog = program()
    cmd = f"{prog} -w {shlex.quote(str(result.workspace))}"
    click.echo(msg("cli.demo.more"))
    click.echo(f"  {cmd} assess list")
    click.echo(f"  {cmd} remediation list")
    if prog != "secassess":
        click.echo(_shorter())


def _shorter() -> str:
    """How to type just ``secassess`` next time: activate the virtual environment running now, or
    install secassess for the user (``make install`` in the source folder)."""
    import shlex
    import sys

    activate = Path(sys.prefix) / "bin" / "activate"
    if sys.prefix != sys.base_prefix and activate.is_file():
        return msg("cli.demo.type_just_secassess_run_install", a=shlex.quote(str(activate)))
    return msg("cli.demo.type_just_secassess_add_folder")


def _status(status: str) -> str:
    return msg("cli.demo.finalized") if status == "finalized" else msg("cli.demo.draft")


def _rating(rating: str) -> str:
    from secassess.scoring.present import rating_label

    return rating_label(rating, get_lang())


def _number(value: float | None, lang: str) -> str:
    from secassess.display import format_number

    return format_number(value, lang)  # type: ignore[arg-type]


def _percent(value: float, lang: str) -> str:
    from secassess.display import format_percent

    return format_percent(value, lang)  # type: ignore[arg-type]
