"""``secassess user``: accounts of the web server (add, list, disable, enable, unlock, reset-password).
A password is never an argument (it would stay in the shell's history and the process list): it is asked
for twice at the prompt, or taken from ``SECASSESS_PASSWORD`` for scripts."""

from __future__ import annotations

import os

import click

from secassess.cli.common import App, echo_table, emit_json, json_option, pass_app
from secassess.i18n import tr
from secassess.messages import msg

ENV_PASSWORD = "SECASSESS_PASSWORD"


def _password() -> str:
    given = os.environ.get(ENV_PASSWORD)
    if given:
        return given
    value: str = click.prompt(msg("cli.user.password_least_12_characters"),
                              hide_input=True, confirmation_prompt=msg("cli.user.repeat_password"))
    return value


@click.group(help=msg("cli.user.web_server_accounts_add_list"))
def user() -> None:
    pass


@user.command("add", help=msg("cli.user.add_account_roles_admin_officer"))
@click.argument("login")
@click.option("--role", required=True, help="admin | officer | unit-officer | viewer")
@click.option("--unit", "unit", help=msg("cli.user.unit_officer_unit"))
@click.option("--name", "display_name", default="", help=msg("cli.user.display_name"))
@pass_app
def user_add(app: App, login: str, role: str, unit: str | None, display_name: str) -> None:
    from secassess.accounts.service import parse_login, parse_role
    from secassess.app.accounts import add_user
    from secassess.app.actor import local_actor

    parse_login(login)
    parse_role(role)  # bad input is told before the password is asked for
    ws = app.ws()
    created = add_user(ws, local_actor(), login, role, _password(), unit=unit, display_name=display_name)
    click.echo(msg("cli.user.account_added", l=created.login, r=created.role, u=f", {created.unit_id}" if created.unit_id else ""))
    click.echo(created.login)


@user.command("list", help=msg("cli.user.list_accounts"))
@json_option
@pass_app
def user_list(app: App, as_json: bool) -> None:
    from secassess import clock
    from secassess.app.accounts import list_users
    from secassess.app.actor import local_actor

    users = list_users(app.ws(), local_actor())
    if as_json:
        emit_json([u.to_dict() for u in users])
        return
    if not users:
        click.echo(msg("cli.user.no_accounts_yet_add_one"))
        return
    now = clock.now()
    echo_table([msg("cli.user.login"), msg("cli.user.role"), msg("cli.user.unit"), msg("cli.user.name"),
                msg("cli.user.state"), msg("cli.user.last_login")],
               [(u.login, u.role, u.unit_id or "", u.display_name,
                 msg("cli.user.disabled") if u.disabled else msg("cli.user.locked") if u.locked(now)
                 else msg("cli.user.active"), clock.fmt_datetime(u.last_login_at) if u.last_login_at else "")
                for u in users])


def _simple(name: str, vi: str, en: str, done_vi: str, done_en: str, fn_name: str) -> None:
    @user.command(name, help=tr(vi, en))
    @click.argument("login")
    @pass_app
    def command(app: App, login: str) -> None:
        from secassess.app import accounts
        from secassess.app.actor import local_actor

        changed = getattr(accounts, fn_name)(app.ws(), local_actor(), login)
        click.echo(tr(done_vi, done_en, l=changed.login))


_simple("disable", "Vô hiệu hóa tài khoản (kết thúc mọi phiên đăng nhập của nó; tài khoản và lịch sử vẫn giữ).",
        "Disable an account (its sessions end; the account and its history stay).",
        "Đã vô hiệu hóa {l}.", "{l} disabled.", "disable_user")
_simple("enable", "Kích hoạt lại tài khoản đã vô hiệu hóa.", "Enable a disabled account again.",
        "Đã kích hoạt {l}.", "{l} enabled.", "enable_user")
_simple("unlock", "Mở khóa tài khoản bị tạm khóa do đăng nhập sai nhiều lần.",
        "Unlock an account locked after repeated failed logins.", "Đã mở khóa {l}.", "{l} unlocked.", "unlock_user")


@user.command("reset-password", help=msg("cli.user.set_new_password_account_asked"))
@click.argument("login")
@pass_app
def user_reset_password(app: App, login: str) -> None:
    from secassess.accounts.service import get_user
    from secassess.app.accounts import reset_password
    from secassess.app.actor import local_actor

    ws = app.ws()
    with ws.read() as conn:
        get_user(conn, login.strip().lower())  # an unknown login is told before the password is asked for
    changed = reset_password(ws, local_actor(), login, _password())
    click.echo(msg("cli.user.new_password_set", l=changed.login))
