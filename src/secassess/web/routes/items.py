"""Remediation items in the browser: the list of the user's items, an item's page with its history,
and a unit officer's update (status, note, evidence file) with the command line's rules."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, UploadFile
from starlette.responses import RedirectResponse, Response

from secassess.app import items
from secassess.errors import ConflictError, ForbiddenError, InputError, NotFoundError
from secassess.i18n import tr
from secassess.web.context import Ctx, logged_in
from secassess.web.render import page
from secassess.web.routes.assessments import _keep_upload, download

router = APIRouter()


@router.get("/remediation")
def item_list(ctx: Annotated[Ctx, Depends(logged_in)], status: str = "", overdue: bool = False,
              system: str = "", page_no: Annotated[int, Query(alias="page", ge=1, le=100000)] = 1) -> Response:
    from urllib.parse import urlencode

    chosen = items.check_status(status)
    found, total = items.list_items(ctx.ws, ctx.actor, statuses=[chosen] if chosen else None,
                                    system_id=system or None, overdue_only=overdue, page=page_no)
    query = urlencode({k: v for k, v in (("status", chosen or ""), ("overdue", "true" if overdue else ""),
                                         ("system", system)) if v})
    return page(ctx, "items.html.j2", items=found, total=total, page_no=page_no,
                pages=max(1, -(-total // items.PAGE)), query=query, status_filter=chosen or "", overdue=overdue,
                system=system)


@router.get("/remediation/{item_id}")
def item_page(ctx: Annotated[Ctx, Depends(logged_in)], item_id: int, done: str = "") -> Response:
    return page(ctx, "item.html.j2", view=items.item_page(ctx.ws, ctx.actor, item_id), done=done == "updated",
                error=None)


@router.post("/remediation/{item_id}")
def update(ctx: Annotated[Ctx, Depends(logged_in)], item_id: int, version: Annotated[int, Form(ge=0)],
           status: Annotated[str, Form(max_length=32)] = "", note: Annotated[str, Form(max_length=20000)] = "",
           file: UploadFile | None = None) -> Response:
    chosen = items.check_status(status)
    try:
        with tempfile.TemporaryDirectory(prefix="secassess-upload-") as tmp:
            path = _keep_upload(file, Path(tmp)) if file is not None and file.filename else None
            items.update_item(ctx.ws, ctx.actor, item_id, version=version, status=chosen, note=note, evidence=path)
    except ConflictError:
        view = items.item_page(ctx.ws, ctx.actor, item_id)
        return page(ctx, "item.html.j2", status=409, view=view, done=False, error=tr(
            "Hạng mục vừa được người khác thay đổi (xem lịch sử bên dưới); thay đổi của anh/chị CHƯA được lưu. "
            "Hãy xem lại rồi cập nhật lại.",
            "Someone else has just changed this item (see its history below); your change was NOT saved. Review "
            "it and update again."))
    except InputError as exc:
        if isinstance(exc, NotFoundError | ForbiddenError):
            raise
        view = items.item_page(ctx.ws, ctx.actor, item_id)
        return page(ctx, "item.html.j2", status=422, view=view, done=False, error=str(exc))
    return RedirectResponse(f"/remediation/{item_id}?done=updated", status_code=303)


@router.get("/remediation/{item_id}/files/{history_id}")
def item_file(ctx: Annotated[Ctx, Depends(logged_in)], item_id: int, history_id: int) -> Response:
    from secassess.evidence.store import guess_media_type

    name, data = items.item_evidence(ctx.ws, ctx.actor, item_id, history_id)
    return download(data, name, guess_media_type(name))
