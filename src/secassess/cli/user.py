"""``secassess user``: accounts of the web server (add, list, disable, enable, unlock, reset-password).
A password is never an argument (it would stay in the shell's history and the process list): it is asked
for twice at the prompt, or taken from ``SECASSESS_PASSWORD`` for scripts."""

from __future__ import annotations

import os

import click

from secassess.cli.common import App, echo_table, emit_json, json_option, pass_app
from secassess.i18n import tr

ENV_PASSWORD = "SECASSESS_PASSWORD"


def _password() -> str:
    given = os.environ.get(ENV_PASSWORD)
    if given:
        return given
    value: str = click.prompt(tr("Mật khẩu (ít nhất 12 ký tự)", "Password (at least 12 characters)"),
                              hide_input=True, confirmation_prompt=tr("Nhập lại mật khẩu", "Repeat the password"))
    return value


@click.group(help=tr("Tài khoản của máy chủ web: thêm, liệt kê, vô hiệu hóa, kích hoạt, mở khóa, đặt lại mật khẩu.",
                     "Web server accounts: add, list, disable, enable, unlock, reset the password."))
def user() -> None:
    pass


@user.command("add", help=tr(
    "Thêm tài khoản. Vai trò: admin (quản trị), officer (cán bộ tỉnh, mọi đơn vị), unit-officer (cán bộ một đơn vị, "
    "cần --unit), viewer (chỉ xem). Mật khẩu hỏi tại dấu nhắc, hoặc lấy từ biến SECASSESS_PASSWORD.",
    "Add an account. Roles: admin, officer (every unit), unit-officer (one unit: needs --unit), viewer (read only). "
    "The password is asked at the prompt, or taken from SECASSESS_PASSWORD."))
@click.argument("login")
@click.option("--role", required=True, help="admin | officer | unit-officer | viewer")
@click.option("--unit", "unit", help=tr("Đơn vị của cán bộ đơn vị.", "The unit officer's unit."))
@click.option("--name", "display_name", default="", help=tr("Họ tên hiển thị.", "Display name."))
@pass_app
def user_add(app: App, login: str, role: str, unit: str | None, display_name: str) -> None:
    from secassess.accounts.service import parse_login, parse_role
    from secassess.app.accounts import add_user
    from secassess.app.actor import local_actor

    parse_login(login)
    parse_role(role)  # bad input is told before the password is asked for
    ws = app.ws()
    created = add_user(ws, local_actor(), login, role, _password(), unit=unit, display_name=display_name)
    click.echo(tr("Đã thêm tài khoản {l} ({r}{u}).", "Account {l} added ({r}{u}).", l=created.login, r=created.role,
                  u=f", {created.unit_id}" if created.unit_id else ""))
    click.echo(created.login)


@user.command("list", help=tr("Liệt kê các tài khoản.", "List the accounts."))
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
        click.echo(tr("Chưa có tài khoản nào (thêm bằng “secassess user add”).",
                      "No accounts yet (add one with “secassess user add”)."))
        return
    now = clock.now()
    echo_table([tr("Tên đăng nhập", "Login"), tr("Vai trò", "Role"), tr("Đơn vị", "Unit"), tr("Tên", "Name"),
                tr("Tình trạng", "State"), tr("Đăng nhập gần nhất", "Last login")],
               [(u.login, u.role, u.unit_id or "", u.display_name,
                 tr("vô hiệu", "disabled") if u.disabled else tr("tạm khóa", "locked") if u.locked(now)
                 else tr("hoạt động", "active"), clock.fmt_datetime(u.last_login_at) if u.last_login_at else "")
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


@user.command("reset-password", help=tr(
    "Đặt mật khẩu mới cho tài khoản (hỏi tại dấu nhắc hoặc lấy từ SECASSESS_PASSWORD); mở khóa và kết thúc các phiên "
    "đăng nhập của nó.",
    "Set a new password for an account (asked at the prompt or taken from SECASSESS_PASSWORD); unlocks it and ends "
    "its sessions."))
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
    click.echo(tr("Đã đặt mật khẩu mới cho {l}.", "New password set for {l}.", l=changed.login))
