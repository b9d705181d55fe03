"""``secassess serve``: the workspace over HTTP (FastAPI + uvicorn), for the province's officers and the
units. Binds to 127.0.0.1 unless told otherwise; in production it runs behind a reverse proxy with TLS
(docs/deployment.md)."""

from __future__ import annotations

import ipaddress

import click

from secassess.cli.common import App, pass_app
from secassess.messages import msg


@click.command("serve", help=msg("cli.serve.serve_workspace_over_http_units"))
@click.option("--host", default="127.0.0.1", show_default=True, help=msg("cli.serve.address_listen"))
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help=msg("cli.serve.port"))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help=msg("cli.serve.worker_processes_postgresql_several_sqlite"))
@click.option("--trusted-proxy", "proxies", multiple=True, envvar="SECASSESS_TRUSTED_PROXIES", metavar="IP",
              help=msg("cli.serve.address_network_reverse_proxy_whose"))
@click.option("--idle-minutes", default=30, show_default=True, type=click.IntRange(1, 24 * 60),
              help=msg("cli.serve.session_ends_after_many_minutes"))
@click.option("--poll-seconds", default=15, show_default=True, type=click.IntRange(2, 600),
              help=msg("cli.serve.how_often_open_questionnaire_asks"))
@pass_app
def serve(app: App, host: str, port: int, workers: int, proxies: tuple[str, ...], idle_minutes: int,
          poll_seconds: int) -> None:
    from secassess.app.accounts import LoginPolicy, list_users
    from secassess.app.actor import local_actor
    from secassess.web.server import run
    from secassess.web.settings import WebSettings, parse_proxies

    ws = app.ws()
    if not any(u.role == "admin" and not u.disabled for u in list_users(ws, local_actor())):
        click.secho(msg("cli.serve.no_administrator_account_yet_create"), fg="yellow", err=True)
    settings = WebSettings(workspace=ws.root, database=app.database_opt, trusted_proxies=parse_proxies(list(proxies)),
                           policy=LoginPolicy(idle_minutes=idle_minutes), poll_seconds=poll_seconds)
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        click.secho(msg("cli.serve.warning_listening_reachable_from_other", h=host), fg="yellow", err=True)
    click.echo(msg("cli.serve.web_server_http_stop_ctrl", h=host if ":" not in host else f"[{host}]", p=port), err=True)
    run(settings, ws, host=host, port=port, workers=workers)
