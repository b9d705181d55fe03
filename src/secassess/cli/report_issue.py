"""What ``report system`` and ``report province`` share: the report's language, the options of the
document being issued (number, the officer's own recommendations and conclusion, the digital
signature and its secret, asked for here and never taken from the command line), the warning about
issuer settings still missing, and the closing line."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from secassess.cli.common import App, done_id
from secassess.i18n import Lang, get_lang, set_lang, tr

if TYPE_CHECKING:
    from secassess.reporting.build import IssueOptions
    from secassess.reporting.sign import SignRequest
    from secassess.workspace import Workspace

F = TypeVar("F", bound=Callable[..., Any])


def report_workspace(app: App, report_lang: str | None) -> tuple[Workspace, Lang]:
    """The workspace (opening it sets its language unless ``--lang`` came before the command) and the
    report's language (the command's own ``--lang`` wins)."""
    ws = app.ws()
    if report_lang:
        set_lang(report_lang)  # type: ignore[arg-type]
    return ws, get_lang()


def echo_written(fmt: str, size: int, path: Path, signed: bool = False) -> None:
    """What a report command says last: the format and size, then the file's path alone."""
    from secassess.display import format_int

    n = format_int(size, get_lang())
    if signed:
        click.echo(tr("Đã ghi báo cáo {f} đã ký số ({n} byte):", "Report written as {f}, digitally signed "
                      "({n} bytes):", f=fmt.upper(), n=n))
    else:
        click.echo(tr("Đã ghi báo cáo {f} ({n} byte):", "Report written as {f} ({n} bytes):", f=fmt.upper(), n=n))
    done_id(path)


def warn_missing_settings(missing: list[tuple[str, str]]) -> None:
    """A document is not ready to issue without its issuing body, place, ký hiệu and signer: say which
    settings are ``missing`` ((key, what it is) pairs) and how to set them (the report is still
    written, with blanks)."""
    if not missing:
        return
    names = "; ".join(f"{label} ({key})" for key, label in missing)
    key = missing[0][0]
    click.secho(tr("Cảnh báo: chưa khai báo {m} trong secassess.yaml; báo cáo để trống các chỗ này. Khai báo "
                   "bằng lệnh: secassess config set {k} \"…\"",
                   "Warning: {m} not set in secassess.yaml; the report leaves blanks there. Set them with: "
                   "secassess config set {k} \"…\"", m=names, k=key), fg="yellow", err=True)


def issue_options(*, conclusion: bool) -> Callable[[F], F]:
    """The options of the document being issued: ``--number``, ``--recommendations``,
    (``--conclusion``), and the digital signature."""
    def decorate(f: F) -> F:
        opts = [
            click.option("--number", default="", metavar=tr("SỐ", "NUMBER"), help=tr(
                "Số văn bản (mặc định để trống cho văn thư điền).", "Document number (default: left blank for the "
                "clerk).")),
            click.option("--recommendations", type=click.Path(path_type=Path), metavar=tr("TỆP", "FILE"), help=tr(
                "Tệp văn bản UTF-8 thay phần kiến nghị, đề xuất do secassess soạn sẵn (đoạn cách nhau bằng dòng "
                "trống; dòng bắt đầu bằng “- ” là một ý).",
                "A UTF-8 text file replacing the drafted recommendations (paragraphs separated by blank lines; a "
                "line starting with “- ” is an item).")),
        ]
        if conclusion:
            opts.append(click.option("--conclusion", type=click.Path(path_type=Path), metavar=tr("TỆP", "FILE"),
                                     help=tr("Tệp văn bản UTF-8 thay phần kết luận do secassess soạn sẵn.",
                                             "A UTF-8 text file replacing the drafted conclusion.")))
        opts += [
            click.option("--sign", "sign_p12", type=click.Path(path_type=Path), metavar=tr("TỆP.p12", "FILE.p12"),
                         help=tr("Ký số tệp PDF bằng chứng thư số PKCS#12; mật khẩu lấy từ biến môi trường "
                                 "SECASSESS_SIGN_PASSWORD hoặc được hỏi khi chạy.",
                                 "Sign the PDF with a PKCS#12 certificate; the password comes from "
                                 "SECASSESS_SIGN_PASSWORD or is asked for.")),
            click.option("--sign-pkcs11", "sign_module", type=click.Path(path_type=Path),
                         metavar=tr("THƯ_VIỆN", "LIBRARY"),
                         help=tr("Ký số bằng thiết bị (USB token) qua thư viện PKCS#11 của nó; mã PIN lấy từ "
                                 "SECASSESS_PKCS11_PIN hoặc được hỏi khi chạy.",
                                 "Sign with a token through its PKCS#11 library; the PIN comes from "
                                 "SECASSESS_PKCS11_PIN or is asked for.")),
            click.option("--token-label", default="", help=tr("Nhãn thiết bị ký số.", "Token label.")),
            click.option("--key-label", default="", help=tr("Nhãn khóa ký trên thiết bị.", "Key label on the token.")),
            click.option("--sign-visible", is_flag=True, help=tr(
                "Hiện chữ ký số trong khối chữ ký của văn bản.", "Show the signature in the signature block.")),
        ]
        for opt in reversed(opts):
            f = opt(f)
        return f

    return decorate


def _secret(env: str, prompt: str) -> bytes:
    value = os.environ.get(env)
    if value is None:
        if not sys.stdin.isatty():
            from secassess.errors import InputError

            raise InputError(tr("cần mật khẩu hoặc mã PIN: đặt biến môi trường {e} hoặc chạy lệnh trong cửa sổ "
                                "dòng lệnh để được hỏi", "a password or PIN is needed: set {e} or run the command "
                                "in a terminal to be asked", e=env), location="--sign")
        value = click.prompt(prompt, hide_input=True, default="", show_default=False)
    return value.encode("utf-8")


def issue_request(ws: Workspace, fmt: str, number: str, recommendations: Path | None,
                  conclusion: Path | None, sign_p12: Path | None, sign_module: Path | None, token_label: str,
                  key_label: str, sign_visible: bool) -> tuple[IssueOptions, SignRequest | None]:
    """The issue options and the signature request of a report command, files and secrets read."""
    from secassess.errors import InputError
    from secassess.reporting.build import IssueOptions
    from secassess.reporting.narrative import read_officer_text

    options = IssueOptions(
        number=number,
        recommendations=read_officer_text(recommendations, "--recommendations") if recommendations else None,
        conclusion=read_officer_text(conclusion, "--conclusion") if conclusion else None)
    if sign_p12 is None and sign_module is None:
        if sign_visible or token_label or key_label:
            raise InputError(tr("--sign-visible, --token-label, --key-label đi cùng --sign hoặc --sign-pkcs11",
                                "--sign-visible, --token-label and --key-label go with --sign or --sign-pkcs11"),
                             location="--sign")
        return options, None
    if fmt != "pdf":
        raise InputError(tr("chỉ ký số được tệp PDF (định dạng đang chọn: {f})", "only a PDF can be signed "
                            "(format chosen: {f})", f=fmt), location="--sign")
    if sign_p12 is not None and sign_module is not None:
        raise InputError(tr("chọn một trong --sign và --sign-pkcs11", "choose one of --sign and --sign-pkcs11"),
                         location="--sign")
    from secassess.reporting.sign import PASSWORD_ENV, PIN_ENV, Pkcs11Key, SignRequest

    common = {"visible": sign_visible, "location": ws.config.place}
    if sign_p12 is not None:
        from secassess.fsutil import check_file
        from secassess.reporting.sign import MAX_P12_BYTES

        check_file(sign_p12, max_bytes=MAX_P12_BYTES, what=tr("tệp chứng thư số", "certificate file"))
        secret = _secret(PASSWORD_ENV, tr("Mật khẩu tệp chứng thư số", "Certificate file password"))
        return options, SignRequest(secret=secret, p12=sign_p12, **common)  # type: ignore[arg-type]
    assert sign_module is not None
    if not token_label or not key_label:
        raise InputError(tr("--sign-pkcs11 cần --token-label và --key-label", "--sign-pkcs11 needs --token-label "
                            "and --key-label"), location="--sign-pkcs11")
    secret = _secret(PIN_ENV, tr("Mã PIN của thiết bị ký số", "Token PIN"))
    key = Pkcs11Key(module=sign_module, token_label=token_label, key_label=key_label)
    return options, SignRequest(secret=secret, pkcs11=key, **common)  # type: ignore[arg-type]
