"""``secassess init``: create a workspace, with the settings an issued report needs."""

from __future__ import annotations

from pathlib import Path

import click

from secassess.cli.common import App, done_id, pass_app
from secassess.messages import msg


@click.command(help=msg("cli.init.create_new_workspace_dir_default"))
@click.argument("directory", type=click.Path(path_type=Path), default=".", metavar="[DIR]")
@click.option("--province", default="", help=msg("cli.init.province_name"))
@click.option("--issuing-body", default="", help=msg("cli.init.issuing_body"))
@click.option("--issuing-body-parent", "--parent-body", "issuing_body_parent", default="",
              help=msg("cli.init.parent_body"))
@click.option("--place", default="", help=msg("cli.init.place_name_written_before_date"))
@click.option("--document-code", default="", help=msg("cli.init.document_code_after_bc_e"))
@click.option("--signer-name", default="", help=msg("cli.init.signer_name"))
@click.option("--signer-title", default="", help=msg("cli.init.signer_title"))
@click.option("--signer-authority", default="", help=msg("cli.init.authority_when_signing_someone_e"))
@click.option("--filing", default="", help=msg("cli.init.l_u_line_e_g"))
@click.option("--recipient", "recipients", multiple=True, help=msg("cli.init.recipient_repeatable"))
@pass_app
def init(app: App, directory: Path, province: str, issuing_body: str, issuing_body_parent: str, place: str,
         document_code: str, signer_name: str, signer_title: str, signer_authority: str, filing: str,
         recipients: tuple[str, ...]) -> None:
    from secassess.config import Signer, WorkspaceConfig, missing_issuer_settings, render_config
    from secassess.workspace import init_workspace

    signer = Signer(name=signer_name, authority=signer_authority, **({"title": signer_title} if signer_title else {}))
    database = app.database_opt or ""
    if database:  # recorded without its password, so later commands find the same database
        from secassess.dburl import parse_url, without_password

        database = without_password(parse_url(database))
    cfg = WorkspaceConfig(database=database, province=province, issuing_body=issuing_body, issuing_body_parent=issuing_body_parent,
                          place=place, document_code=document_code, signer=signer, recipients=list(recipients),
                          **({"filing": filing} if filing else {}))
    ws = init_workspace(directory, render_config(cfg), database=app.database_opt)
    ws.close()
    click.echo(msg("cli.init.workspace_created"))
    missing = missing_issuer_settings(cfg)
    if missing:
        click.secho(msg("cli.init.reports_still_need_set_them", m="; ".join(f"{label} ({key})" for key, label in missing), f=ws.root / "secassess.yaml"),
                    fg="yellow", err=True)
    done_id(ws.root)
