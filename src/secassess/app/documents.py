"""Documents an actor may download by id (tài liệu): an assessment's system report in one of its
formats. Reading only; the report is built as ``secassess report system`` builds it (a draft
assessment's report is marked as a draft)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from secassess.app import visible
from secassess.app.actor import Actor

if TYPE_CHECKING:
    from secassess.i18n import Lang
    from secassess.workspace import Workspace

#: the system report formats offered for download from a page (the others stay the command line's)
WEB_FORMATS = ("pdf", "docx", "html", "json")


@dataclass(frozen=True)
class Document:
    data: bytes
    media_type: str
    file_name: str


def system_report(ws: Workspace, actor: Actor, assessment_id: int, fmt: str, lang: Lang) -> Document:
    """The system report of an assessment the actor may see."""
    from secassess.errors import NotFoundError
    from secassess.i18n import tr
    from secassess.reporting.formats import SYSTEM
    from secassess.reporting.service import build_system_report, produce, renderer_options

    if fmt not in WEB_FORMATS:
        raise NotFoundError(tr("không có định dạng báo cáo “{f}”", "no report format “{f}”", f=fmt))
    with ws.read() as conn:
        a, _system = visible.assessment(conn, actor, assessment_id)
    form = SYSTEM.get(fmt)
    report = build_system_report(ws, assessment_id, lang)
    data = produce(form, renderer_options(ws, form, None), report, None, lang)
    return Document(data, form.media_type, f"bao-cao-{a.system_id}-{a.id}{form.extension}")
