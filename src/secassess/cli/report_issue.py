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
from secassess.i18n import Lang, get_lang, set_lang
from secassess.messages import msg

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
        click.echo(msg("cli.report_issue.report_written_as_digitally_signed", f=fmt.upper(), n=n))
    else:
        click.echo(msg("cli.report_issue.report_written_as_bytes", f=fmt.upper(), n=n))
    done_id(path)


def warn_missing_settings(missing: list[tuple[str, str]]) -> None:
    """A document is not ready to issue without its issuing body, place, ký hiệu and signer: say which
    settings are ``missing`` ((key, what it is) pairs) and how to set them (the report is still
    written, with blanks)."""
    if not missing:
        return
    names = "; ".join(f"{label} ({key})" for key, label in missing)
    key = missing[0][0]
    click.secho(msg("cli.report_issue.warning_not_set_secassess_yaml", m=names, k=key), fg="yellow", err=True)


def issue_options(*, conclusion: bool) -> Callable[[F], F]:
    """The options of the document being issued: ``--number``, ``--recommendations``,
    (``--conclusion``), and the digital signature."""
    def decorate(f: F) -> F:
        opts = [
            click.option("--number", default="", metavar=msg("cli.report_issue.number"), help=msg("cli.report_issue.document_number_default_left_blank")),
            click.option("--recommendations", type=click.Path(path_type=Path), metavar=msg("cli.report_issue.file"), help=msg("cli.report_issue.utf_8_text_file_replacing")),
        ]
        if conclusion:
            opts.append(click.option("--conclusion", type=click.Path(path_type=Path), metavar=msg("cli.report_issue.file"),
                                     help=msg("cli.report_issue.utf_8_text_file_replacing_2")))
        opts += [
            click.option("--sign", "sign_p12", type=click.Path(path_type=Path), metavar=msg("cli.report_issue.file_p12"),
                         help=msg("cli.report_issue.sign_pdf_pkcs_12_certificate")),
            click.option("--sign-pkcs11", "sign_module", type=click.Path(path_type=Path),
                         metavar=msg("cli.report_issue.library"),
                         help=msg("cli.report_issue.sign_token_through_pkcs_11")),
            click.option("--token-label", default="", help=msg("cli.report_issue.token_label")),
            click.option("--key-label", default="", help=msg("cli.report_issue.key_label_token")),
            click.option("--sign-visible", is_flag=True, help=msg("cli.report_issue.show_signature_signature_block")),
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

            raise InputError(msg("cli.report_issue.password_pin_needed_set_run", e=env), location="--sign")
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
            raise InputError(msg("cli.report_issue.sign_visible_token_label_key"),
                             location="--sign")
        return options, None
    if fmt != "pdf":
        raise InputError(msg("cli.report_issue.only_pdf_can_signed_format", f=fmt), location="--sign")
    if sign_p12 is not None and sign_module is not None:
        raise InputError(msg("cli.report_issue.choose_one_sign_sign_pkcs11"),
                         location="--sign")
    from secassess.reporting.sign import PASSWORD_ENV, PIN_ENV, Pkcs11Key, SignRequest

    common = {"visible": sign_visible, "location": ws.config.place}
    if sign_p12 is not None:
        from secassess.fsutil import check_file
        from secassess.reporting.sign import MAX_P12_BYTES

        check_file(sign_p12, max_bytes=MAX_P12_BYTES, what=msg("cli.report_issue.certificate_file"))
        secret = _secret(PASSWORD_ENV, msg("cli.report_issue.certificate_file_password"))
        return options, SignRequest(secret=secret, p12=sign_p12, **common)  # type: ignore[arg-type]
    assert sign_module is not None
    if not token_label or not key_label:
        raise InputError(msg("cli.report_issue.sign_pkcs11_needs_token_label"), location="--sign-pkcs11")
    secret = _secret(PIN_ENV, msg("cli.report_issue.token_pin"))
    key = Pkcs11Key(module=sign_module, token_label=token_label, key_label=key_label)
    return options, SignRequest(secret=secret, pkcs11=key, **common)  # type: ignore[arg-type]
