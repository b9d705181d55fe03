"""``secassess serve``: the workspace over HTTP (FastAPI + uvicorn), for the province's officers and the
units. Binds to 127.0.0.1 unless told otherwise; in production it runs behind a reverse proxy with TLS
(docs/deployment.md)."""

from __future__ import annotations

import ipaddress

import click

from secassess.cli.common import App, pass_app
from secassess.i18n import tr


@click.command("serve", help=tr(
    "Mở máy chủ web của không gian làm việc: đơn vị trả lời phiếu hỏi, cán bộ tỉnh duyệt và chốt. Mặc định chỉ "
    "nghe trên 127.0.0.1; khi triển khai, đặt sau máy chủ chuyển tiếp (reverse proxy) có TLS (docs/deployment.md). Tạo tài khoản bằng "
    "“secassess user add”.",
    "Serve the workspace over HTTP: units answer their questionnaires, province officers review and finalize. "
    "Listens on 127.0.0.1 unless told otherwise; in production put it behind a reverse proxy with TLS "
    "(docs/deployment.md). Create accounts with “secassess user add”."))
@click.option("--host", default="127.0.0.1", show_default=True, help=tr("Địa chỉ nghe.", "Address to listen on."))
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help=tr("Cổng.", "Port."))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help=tr("Số tiến trình phục vụ (PostgreSQL: nhiều tiến trình; SQLite: nên để 1–2).",
                      "Worker processes (PostgreSQL: several; SQLite: 1–2)."))
@click.option("--trusted-proxy", "proxies", multiple=True, envvar="SECASSESS_TRUSTED_PROXIES", metavar="IP",
              help=tr("Địa chỉ (hoặc mạng) của máy chủ chuyển tiếp (reverse proxy) được tin các tiêu đề X-Forwarded-For/-Proto; lặp lại "
                      "hoặc ngăn bằng dấu phẩy.",
                      "Address (or network) of a reverse proxy whose X-Forwarded-For/-Proto headers are believed; "
                      "repeat or separate with commas."))
@click.option("--idle-minutes", default=30, show_default=True, type=click.IntRange(1, 24 * 60),
              help=tr("Phiên đăng nhập hết hạn sau ngần này phút không dùng.",
                      "A session ends after this many minutes unused."))
@click.option("--poll-seconds", default=15, show_default=True, type=click.IntRange(2, 600),
              help=tr("Phiếu hỏi đang mở hỏi máy chủ về thay đổi của người khác sau ngần này giây.",
                      "How often an open questionnaire asks for others' changes."))
@pass_app
def serve(app: App, host: str, port: int, workers: int, proxies: tuple[str, ...], idle_minutes: int,
          poll_seconds: int) -> None:
    from secassess.app.accounts import LoginPolicy, list_users
    from secassess.app.actor import local_actor
    from secassess.web.server import run
    from secassess.web.settings import WebSettings, parse_proxies

    ws = app.ws()
    if not any(u.role == "admin" and not u.disabled for u in list_users(ws, local_actor())):
        click.secho(tr("Chưa có tài khoản quản trị nào: tạo bằng “secassess user add TÊN --role admin”, rồi thêm "
                       "tài khoản cho cán bộ tỉnh và đơn vị.",
                       "No administrator account yet: create one with “secassess user add NAME --role admin”, "
                       "then the accounts of the province's and the units' officers."), fg="yellow", err=True)
    settings = WebSettings(workspace=ws.root, database=app.database_opt, trusted_proxies=parse_proxies(list(proxies)),
                           policy=LoginPolicy(idle_minutes=idle_minutes), poll_seconds=poll_seconds)
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        click.secho(tr("Cảnh báo: máy chủ nghe trên {h}, các máy khác trong mạng truy cập được. Hãy đặt sau máy chủ "
                       "chuyển tiếp (reverse proxy) có TLS (docs/deployment.md).",
                       "Warning: listening on {h}, reachable from other machines. Put it behind a reverse proxy "
                       "with TLS (docs/deployment.md).", h=host), fg="yellow", err=True)
    click.echo(tr("Máy chủ web: http://{h}:{p}/ (dừng bằng Ctrl+C)", "Web server: http://{h}:{p}/ (stop with Ctrl+C)",
                  h=host if ":" not in host else f"[{host}]", p=port), err=True)
    run(settings, ws, host=host, port=port, workers=workers)
