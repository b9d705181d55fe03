"""An assessment's page: its questionnaire (answers saved one at a time, evidence files, comments), the
review steps (submit, return, accept, finalize), what others saved meanwhile, and its report."""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, UploadFile
from starlette.responses import RedirectResponse, Response

from secassess.app import questionnaire, review
from secassess.assessment.service import AnswerConflict
from secassess.errors import ForbiddenError, InputError, NotFoundError
from secassess.messages import msg
from secassess.web.context import Ctx, logged_in
from secassess.web.render import fragment, page

router = APIRouter()

DONE = ("submitted", "returned", "accepted", "finalized", "commented")


@router.get("/assessments/{assessment_id}")
def assessment_page(ctx: Annotated[Ctx, Depends(logged_in)], assessment_id: int, done: str = "") -> Response:
    from secassess.assessment.score import score_rows

    q = questionnaire.open_questionnaire(ctx.ws, ctx.actor, assessment_id)
    scored = score_rows(q.assessment, [c.row for c in q.cards])
    preview = review.finalize_preview(ctx.ws, ctx.actor, assessment_id) if q.rights.finalize else None
    return page(ctx, "assessment.html.j2", q=q, score=scored, done=done if done in DONE else "",
                poll_seconds=ctx.settings.poll_seconds, error=None, preview=preview)


def _back(assessment_id: int, anchor: str = "", done: str = "") -> RedirectResponse:
    query = f"?done={quote(done)}" if done else ""
    return RedirectResponse(f"/assessments/{assessment_id}{query}{'#' + anchor if anchor else ''}",
                            status_code=303)


@router.post("/assessments/{assessment_id}/controls/{control_id}")
def save_answer(ctx: Annotated[Ctx, Depends(logged_in)], assessment_id: int, control_id: str,
                result: Annotated[str, Form(max_length=32)] = "not_assessed",
                note: Annotated[str, Form(max_length=20000)] = "",
                justification: Annotated[str, Form(max_length=20000)] = "",
                version: Annotated[int, Form(ge=0)] = 0) -> Response:
    """Save one answer. htmx: the saved version, the status line and the progress (out of band); on a
    conflict (409) the answer someone else saved, to take it or keep one's own; on bad input (422) why."""
    try:
        saved = questionnaire.save_answer(ctx.ws, ctx.actor, assessment_id, control_id, result, note, justification,
                                          version)
    except AnswerConflict as exc:
        if not ctx.htmx:
            raise
        return fragment(ctx, "_saved.html.j2", status=409, cid=control_id, aid=assessment_id, saved=None,
                        conflict=exc.current, mine={"result": result, "note": note, "justification": justification},
                        error=str(exc.message), progress=None)
    except InputError as exc:
        if not ctx.htmx or isinstance(exc, NotFoundError | ForbiddenError):
            raise  # 404, 403: the generic answers
        return fragment(ctx, "_saved.html.j2", status=422, cid=control_id, aid=assessment_id, saved=None,
                        conflict=None, mine=None, error=str(exc), progress=None)
    if not ctx.htmx:
        return _back(assessment_id, f"c-{control_id}")
    return fragment(ctx, "_saved.html.j2", cid=control_id, aid=assessment_id, saved=saved.answer, conflict=None,
                    mine=None, error=None, progress=saved.progress)


@router.get("/assessments/{assessment_id}/controls/{control_id}")
def control_card(ctx: Annotated[Ctx, Depends(logged_in)], assessment_id: int, control_id: str) -> Response:
    """One control's card as stored now (to take back the stored answer after a conflict)."""
    q, card = questionnaire.control_card(ctx.ws, ctx.actor, assessment_id, control_id)
    return fragment(ctx, "_card_response.html.j2", q=q, c=card)


def _keep_upload(upload: UploadFile, folder: Path) -> Path:
    name = questionnaire.safe_file_name(upload.filename or "")
    path = folder / name
    with open(path, "wb") as out:
        shutil.copyfileobj(upload.file, out, 1024 * 1024)
    return path


@router.post("/assessments/{assessment_id}/controls/{control_id}/evidence")
def attach(ctx: Annotated[Ctx, Depends(logged_in)], assessment_id: int, control_id: str,
           file: UploadFile | None = None, note: Annotated[str, Form(max_length=20000)] = "") -> Response:
    if file is None or not file.filename:
        raise InputError(msg("web.routes.assessments.choose_file_attach"), location="file")
    with tempfile.TemporaryDirectory(prefix="secassess-upload-") as tmp:
        path = _keep_upload(file, Path(tmp))
        _att, new = questionnaire.attach_evidence(ctx.ws, ctx.actor, assessment_id, control_id, path, note)
    if not ctx.htmx:
        return _back(assessment_id, f"c-{control_id}")
    q, card = questionnaire.control_card(ctx.ws, ctx.actor, assessment_id, control_id)
    return fragment(ctx, "_attachments_response.html.j2", q=q, c=card, added=new)


@router.get("/evidence/{attachment_id}")
def download_evidence(ctx: Annotated[Ctx, Depends(logged_in)], attachment_id: int) -> Response:
    att, data = questionnaire.evidence_file(ctx.ws, ctx.actor, attachment_id)
    return download(data, att.original_name, att.media_type)


# media types a browser may be given as they are; anything else (HTML, SVG, scripts …) goes as bytes
SAFE_MEDIA = ("application/pdf", "image/png", "image/jpeg", "image/gif", "text/plain", "text/csv",
              "application/json", "application/zip", "application/msword", "application/vnd.ms-excel",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet")


def download(data: bytes, name: str, media_type: str) -> Response:
    """A file to save, never shown inside the site: always an attachment, and a type a browser could run
    (an uploaded HTML or SVG file) is sent as plain bytes."""
    ascii_name = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in name) or "file"
    base = media_type.split(";")[0].strip().lower()
    if base not in SAFE_MEDIA:
        media_type = "application/octet-stream"
    return Response(data, media_type=media_type, headers={
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}",
        "Cache-Control": "no-store"})


@router.post("/assessments/{assessment_id}/controls/{control_id}/comments")
def comment_control(ctx: Annotated[Ctx, Depends(logged_in)], assessment_id: int, control_id: str,
                    text: Annotated[str, Form(max_length=20000)] = "") -> Response:
    review.comment(ctx.ws, ctx.actor, assessment_id, control_id, text)
    if not ctx.htmx:
        return _back(assessment_id, f"c-{control_id}")
    q, card = questionnaire.control_card(ctx.ws, ctx.actor, assessment_id, control_id)
    return fragment(ctx, "_comments_response.html.j2", q=q, c=card)


@router.post("/assessments/{assessment_id}/comments")
def comment_all(ctx: Annotated[Ctx, Depends(logged_in)], assessment_id: int,
                text: Annotated[str, Form(max_length=20000)] = "") -> Response:
    review.comment(ctx.ws, ctx.actor, assessment_id, None, text)
    return _back(assessment_id, "review", done="commented")


@router.get("/assessments/{assessment_id}/changes")
def changes(ctx: Annotated[Ctx, Depends(logged_in)], assessment_id: int, since: str = "", state: str = "") -> Response:
    """What others saved since the page asked last (out-of-band cards, progress, the next poll)."""
    from secassess import clock

    try:
        moment = datetime.fromisoformat(since) if since else clock.now()
    except ValueError:
        moment = clock.now()
    if moment.tzinfo is None:
        raise InputError(msg("web.routes.assessments.invalid_moment"), location="since")
    found = questionnaire.changes_since(ctx.ws, ctx.actor, assessment_id, moment)
    q = questionnaire.open_questionnaire(ctx.ws, ctx.actor, assessment_id) if found.cards else None
    return fragment(ctx, "_changes.html.j2", aid=assessment_id, changes=found, q=q, page_state=state,
                    poll_seconds=ctx.settings.poll_seconds)


@router.post("/assessments/{assessment_id}/submit")
def submit(ctx: Annotated[Ctx, Depends(logged_in)], assessment_id: int,
           note: Annotated[str, Form(max_length=20000)] = "") -> Response:
    review.submit(ctx.ws, ctx.actor, assessment_id, note)
    return _back(assessment_id, "review", done="submitted")


@router.post("/assessments/{assessment_id}/return")
def return_to_unit(ctx: Annotated[Ctx, Depends(logged_in)], assessment_id: int,
                   note: Annotated[str, Form(max_length=20000)] = "") -> Response:
    review.return_to_unit(ctx.ws, ctx.actor, assessment_id, note)
    return _back(assessment_id, "review", done="returned")


@router.post("/assessments/{assessment_id}/accept")
def accept(ctx: Annotated[Ctx, Depends(logged_in)], assessment_id: int,
           note: Annotated[str, Form(max_length=20000)] = "") -> Response:
    review.accept(ctx.ws, ctx.actor, assessment_id, note)
    return _back(assessment_id, "review", done="accepted")


@router.post("/assessments/{assessment_id}/finalize")
def finalize(ctx: Annotated[Ctx, Depends(logged_in)], assessment_id: int,
             allow_incomplete: Annotated[bool, Form()] = False) -> Response:
    review.finalize(ctx.ws, ctx.actor, assessment_id, allow_incomplete=allow_incomplete)
    return _back(assessment_id, "review", done="finalized")


#: the system report formats offered for download from a page (the others stay the command line's)
REPORT_FORMATS = ("pdf", "docx", "html", "json")


@router.get("/assessments/{assessment_id}/report.{fmt}")
def report(ctx: Annotated[Ctx, Depends(logged_in)], assessment_id: int, fmt: str) -> Response:
    """The system report, issued by the reports use case into a temporary folder and sent."""
    from secassess.app.reports import issue_system_report
    from secassess.reporting.formats import SYSTEM

    if fmt not in REPORT_FORMATS:
        raise NotFoundError(msg("web.routes.assessments.no_report_format", f=fmt))
    form = SYSTEM.get(fmt)
    with tempfile.TemporaryDirectory(prefix="secassess-report-") as tmp:
        issued = issue_system_report(ctx.ws, ctx.actor, assessment_id, fmt, lang=ctx.lang,
                                     output=Path(tmp) / f"bao-cao-{assessment_id}{form.extension}")
        data = issued.path.read_bytes()
    return download(data, f"bao-cao-danh-gia-{assessment_id}{form.extension}", form.media_type)

