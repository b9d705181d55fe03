"""Make a system report file: load, build, render, write atomically — what ``secassess report
system`` and ``secassess demo`` both call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from secassess.errors import InputError
from secassess.fsutil import atomic_write_bytes, cannot_write
from secassess.i18n import Lang
from secassess.messages import msg
from secassess.reporting.formats import SYSTEM, Format

if TYPE_CHECKING:
    from secassess.reporting.build import IssueOptions
    from secassess.reporting.model import Report
    from secassess.reporting.sign import SignRequest
    from secassess.workspace import Workspace

def check_output(path: Path) -> None:
    """Refuse an output path that cannot be a file, before any work is done."""
    try:
        is_dir = path.is_dir()
        parent = path.parent
        while not parent.exists() and parent != parent.parent:
            parent = parent.parent
        in_the_way = parent.exists() and not parent.is_dir()
    except OSError as exc:  # a name too long, a folder that cannot be read
        raise cannot_write(path, exc) from None
    if is_dir:
        raise InputError(msg("reporting.service.folder_give_file_name_e", p=path / "bao-cao.pdf"), str(path))
    if in_the_way:
        raise InputError(msg("reporting.service.cannot_create_folder_file_file", p=parent),
                         str(path))


def write_file(path: Path, data: bytes) -> None:
    """Write a report file whole or not at all (``fsutil``); a failure to write (disk full, no
    permission) is an input error naming the file."""
    atomic_write_bytes(path, data)


def renderer_options(ws: Workspace, fmt: Format, font: str | None) -> dict[str, Any]:
    """Options for a renderer: the PDF needs fonts (``--font``, the config, then the bundled family)."""
    if fmt.name != "pdf":
        return {}
    from secassess.config import CONFIG_FILE
    from secassess.reporting.fonts import find_fonts

    return {"fonts": find_fonts(font, ws.config.fonts, ws.root, str(ws.root / CONFIG_FILE))}


@dataclass(frozen=True)
class Written:
    path: Path
    format: str
    size: int
    draft: bool
    signed: bool = False


def build_system_report(ws: Workspace, assessment_id: int, lang: Lang, *, today: date | None = None,
                        now: datetime | None = None, options: IssueOptions | None = None) -> Report:
    from secassess.reporting.build import build_report
    from secassess.reporting.load import load_report_data

    return build_report(load_report_data(ws, assessment_id, today=today, now=now), lang, options)


def produce(fmt: Format, options: dict[str, Any], report: Any, sign: SignRequest | None, lang: str) -> bytes:
    """The file's bytes in ``fmt``; signed when ``sign`` is given (PDF only: the renderer says where the
    signature block is, for a visible signature)."""
    renderer = fmt.load(**options)
    if sign is None:
        data: bytes = renderer.render(report)
        return data
    if fmt.name != "pdf":
        raise InputError(msg("reporting.service.only_pdf_can_signed"), location="--sign")
    from secassess.reporting.sign import sign_pdf

    rendered = renderer.render_pdf(report)
    return sign_pdf(rendered.data, sign, box=rendered.signature_box, lang=lang)


def write_system_report(ws: Workspace, assessment_id: int, fmt: str, output: Path, lang: Lang, *,
                        font: str | None = None, report: Report | None = None, options: IssueOptions | None = None,
                        sign: SignRequest | None = None) -> Written:
    """Make one report file (signed when ``sign`` is given). The file appears whole or not at all."""
    check_output(output)
    form = SYSTEM.get(fmt)
    ropts = renderer_options(ws, form, font)  # a missing font is found out before any work
    report = report or build_system_report(ws, assessment_id, lang, options=options)
    data = produce(form, ropts, report, sign, lang)
    write_file(output, data)
    return Written(output, fmt, len(data), report.draft, sign is not None)
