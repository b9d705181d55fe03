"""The ``secassess`` command line: one thin module per command group, loaded only when used.

Heavy libraries (pydantic, SQLAlchemy, reportlab, openpyxl, nmap) are imported inside the
commands that need them, so ``secassess --help`` starts fast.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Any

import click

from secassess import __version__
from secassess.cli import click_vi
from secassess.i18n import set_lang, tr
from secassess.messages import msg

click_vi.install()

# name -> (module, attribute, short help vi, short help en); listed in this order in --help
COMMANDS: dict[str, tuple[str, str, str, str]] = {
    "init": ("secassess.cli.init", "init", "Tạo không gian làm việc mới", "Create a new workspace"),
    "config": ("secassess.cli.config", "config", "Cấu hình không gian làm việc: xem, đặt giá trị",
               "Workspace settings: show, set"),
    "checklist": ("secassess.cli.catalog", "checklist", "Bộ tiêu chí: liệt kê, xem, kiểm tra, xuất",
                  "Catalogs: list, show, validate, export"),
    "profile": ("secassess.cli.catalog", "profile", "Hồ sơ áp dụng: liệt kê, xem danh sách yêu cầu",
                "Profiles: list, show the resolved controls"),
    "unit": ("secassess.cli.inventory", "unit", "Đơn vị: thêm, liệt kê", "Units: add, list"),
    "system": ("secassess.cli.inventory", "system", "Hệ thống thông tin: thêm, nhập, liệt kê, xem, sửa",
               "Information systems: add, import, list, show, edit"),
    "assess": ("secassess.cli.assess", "assess", "Đợt đánh giá: tạo, phiếu hỏi, trả lời, chấm điểm, chốt",
               "Assessments: start, questionnaire, answer, score, finalize"),
    "scan": ("secassess.cli.scan", "scan", "Rà quét bằng nmap trong phạm vi được phép, nhập kết quả XML",
             "nmap scans of authorised targets, XML import"),
    "report": ("secassess.cli.report", "report", "Báo cáo hệ thống và báo cáo tháng của tỉnh",
               "System reports and the monthly provincial report"),
    "remediation": ("secassess.cli.remediation", "remediation", "Theo dõi khắc phục tồn tại",
                    "Remediation tracking"),
    "incident": ("secassess.cli.incident", "incident", "Sổ theo dõi sự cố", "Incident register"),
    "oscal": ("secassess.cli.oscal", "oscal", "OSCAL: kiểm tra tài liệu theo lược đồ của NIST",
              "OSCAL: check documents against NIST's schemas"),
    "db": ("secassess.cli.db", "db", "Cơ sở dữ liệu: trạng thái, nâng cấp lược đồ, chuyển sang máy chủ PostgreSQL",
           "Database: status, schema upgrade, move to a PostgreSQL server"),
    "user": ("secassess.cli.user", "user", "Tài khoản máy chủ web: thêm, liệt kê, vô hiệu hóa, đặt lại mật khẩu",
             "Web server accounts: add, list, disable, reset the password"),
    "serve": ("secassess.cli.serve", "serve", "Máy chủ web: đơn vị trả lời phiếu hỏi, tỉnh duyệt và chốt",
              "Web server: units answer questionnaires, the province reviews and finalizes"),
    "demo": ("secassess.cli.demo", "demo", "Chạy thử toàn bộ quy trình trên một tỉnh giả định",
             "Run the whole flow on a fictional province"),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported only when invoked."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attr, _vi, _en = COMMANDS[cmd_name]
        cmd: click.Command = getattr(importlib.import_module(module), attr)
        return cmd

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        """Run, mapping errors to exit codes: 0 ok, 1 gate failed, 2 bad input or usage,
        3 unexpected error (logged), 130 interrupted. Never a traceback on screen."""
        from secassess.errors import SecassessError

        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo(msg("cli.aborted"), err=True)
            sys.exit(130)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except SecassessError as exc:
            click.echo(msg("cli.error", e=exc), err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo(msg("cli.stopped_request"), err=True)
            sys.exit(130)
        except Exception as exc:  # a bug: details go to the log, not the officer's screen
            where = _log_crash()
            click.echo(msg("cli.unexpected_error_details_were_written", t=type(exc).__name__, e=exc, p=where or "-"), err=True)
            sys.exit(3)
        if not standalone_mode:
            return rv
        sys.exit(rv if isinstance(rv, int) else 0)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(n, tr(COMMANDS[n][2], COMMANDS[n][3])) for n in self.list_commands(ctx)]
        with formatter.section(msg("cli.commands")):
            formatter.write_dl(rows)


def _set_lang(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value:
        set_lang(value)  # type: ignore[arg-type]
    return value


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--lang", type=click.Choice(["vi", "en"]), envvar="SECASSESS_LANG", is_eager=True,
              expose_value=True, callback=_set_lang,
              help="Ngôn ngữ / language (vi mặc định, en).")
@click.option("--workspace", "-w", type=click.Path(file_okay=False, path_type=Path), envvar="SECASSESS_WORKSPACE",
              help="Thư mục không gian làm việc / workspace folder.")
@click.option("--database", metavar="URL",
              help="Cơ sở dữ liệu thay cho tệp SQLite của không gian làm việc, ví dụ "
                   "postgresql+psycopg://secassess@may-chu/secassess (hoặc SECASSESS_DATABASE; "
                   "cấu hình: database) / the database instead of the workspace's SQLite file.")
@click.version_option(__version__, "--version", "-V", prog_name="secassess", message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context, lang: str | None, workspace: Path | None, database: str | None) -> None:
    """secassess — đánh giá tuân thủ an toàn thông tin, an ninh mạng cho hệ thống thông tin
    của cơ quan nhà nước / security compliance assessment for government information systems."""
    from secassess.cli.common import App

    ctx.obj = App(workspace_opt=workspace, lang_explicit=lang is not None, database_opt=database)
    ctx.call_on_close(ctx.obj.close)


def _log_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "secassess"


def _log_crash() -> Path | None:
    try:
        d = _log_dir()
        d.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = d / "secassess.log"
        import traceback

        with open(path, "a", encoding="utf-8") as fh:
            from secassess.clock import now

            fh.write(f"--- {now().isoformat()} secassess {__version__} {' '.join(sys.argv)}\n")
            fh.write(traceback.format_exc())
        path.chmod(0o600)
        return path
    except OSError:
        return None


def main(argv: list[str] | None = None) -> Any:
    """Console entry point."""
    return cli.main(args=argv, prog_name="secassess")
