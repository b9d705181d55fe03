"""Remediation items in the browser: the board (the items the user may see, filtered by unit, system,
severity, status and overdue as of a date, with their counts, and the bulk export of what is filtered:
CSV, XLSX, OSCAL POA&M), an item's page with its history, a unit officer's update (status, note,
evidence file) with the command line's rules, and a province officer's risk acceptance.

The board's query parameters are the links other pages make (the dashboard's counts):
``unit``, ``system``, ``severity``, ``status`` (each may repeat; ``status=all``: every status, none: the
items not closed), ``overdue=1``, ``as_of=YYYY-MM-DD``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, UploadFile
from starlette.responses import RedirectResponse, Response

from secassess.app import items
from secassess.errors import (
    ConflictError,
    ForbiddenError,
    InputError,
    NotFoundError,
    NothingToChange,
)
from secassess.messages import msg
from secassess.web.context import Ctx, logged_in, query_flag
from secassess.web.render import page
from secassess.web.routes.assessments import _keep_upload, download

router = APIRouter()

Words = Annotated[list[str], Query()]


class BoardFilter:
    """The board's filters as typed in the address, and the use cases' query they mean."""

    def __init__(self, unit: str, system: str, severity: list[str], status: list[str], overdue: str,
                 as_of: str) -> None:
        self.unit, self.system = unit.strip(), system.strip()
        self.severity = [w for w in severity if w.strip()]
        self.status = [w for w in status if w.strip()]
        self.overdue = query_flag(overdue)
        self.as_of = as_of.strip()

    def query(self) -> Any:
        from secassess.app.remediation import ItemQuery
        from secassess.register import parse_severity, split_words
        from secassess.remediation.rules import parse_date, parse_status

        every = "all" in self.status
        return ItemQuery(unit_id=self.unit or None, system_id=self.system or None,
                         statuses=None if every else split_words(self.status, lambda w: parse_status(w, "status")),
                         severities=split_words(self.severity, lambda w: parse_severity(w, "severity")),
                         overdue=self.overdue, as_of=parse_date(self.as_of, "as_of") if self.as_of else None,
                         include_verified=every)

    def params(self, **changes: Any) -> list[tuple[str, str]]:
        """The filters as query parameters, with ``changes`` (a value of None or "" drops one)."""
        values: dict[str, Any] = {"unit": self.unit, "system": self.system, "severity": self.severity,
                                  "status": self.status, "overdue": "1" if self.overdue else "", "as_of": self.as_of}
        values.update(changes)
        out: list[tuple[str, str]] = []
        for key, value in values.items():
            for v in (value if isinstance(value, list) else [value]):
                if v:
                    out.append((key, str(v)))
        return out

    def link(self, path: str = "/remediation", **changes: Any) -> str:
        query = urlencode(self.params(**changes))
        return f"{path}?{query}" if query else path


def board_filter(unit: str = "", system: str = "", severity: Words = [], status: Words = [],  # noqa: B006
                 overdue: str = "", as_of: str = "") -> BoardFilter:
    return BoardFilter(unit, system, severity, status, overdue, as_of)


@router.get("/remediation")
def item_list(ctx: Annotated[Ctx, Depends(logged_in)], chosen: Annotated[BoardFilter, Depends(board_filter)],
              page_no: Annotated[int, Query(alias="page", ge=1, le=100000)] = 1) -> Response:
    from secassess.app.inventory import list_systems, list_units
    from secassess.app.remediation import page_items

    actor = ctx.actor
    found = page_items(ctx.ws, actor, chosen.query(), page=page_no, per_page=items.PAGE)
    units = list_units(ctx.ws, actor) if actor.province_wide else []
    # the systems to choose from: the chosen unit's (or the unit officer's); a province's 2,000 are typed
    scope = chosen.unit or (None if actor.province_wide else actor.unit)
    systems = list_systems(ctx.ws, actor, scope) if scope else []
    return page(ctx, "items.html.j2", view=found, f=chosen, units=units, systems=systems,
                can_export_oscal=bool(chosen.unit or chosen.system or not actor.province_wide))


@router.get("/remediation.{fmt}")
def item_export(ctx: Annotated[Ctx, Depends(logged_in)], fmt: str,
                chosen: Annotated[BoardFilter, Depends(board_filter)]) -> Response:
    """The filtered register as a file (``/remediation.csv``, ``.xlsx``, ``.oscal.json``)."""
    kind = {"oscal.json": "oscal"}.get(fmt, fmt)
    name, data, media = items.export_file(ctx.ws, ctx.actor, chosen.query(), kind)
    return download(data, name, media)


@router.get("/remediation/{item_id}")
def item_page(ctx: Annotated[Ctx, Depends(logged_in)], item_id: int, done: str = "") -> Response:
    return page(ctx, "item.html.j2", view=items.item_page(ctx.ws, ctx.actor, item_id), done=done,
                error=None, form={})


def _again(ctx: Ctx, item_id: int, exc: Exception, form: dict[str, str] | None = None) -> Response:
    """The item's page again after a refused change: 409 when someone changed it meanwhile (the change
    not saved), 422 with the message naming the field for bad input."""
    view = items.item_page(ctx.ws, ctx.actor, item_id)
    if isinstance(exc, ConflictError):
        return page(ctx, "item.html.j2", status=409, view=view, done="", form=form or {}, error=msg("web.routes.items.someone_else_has_just_changed"))
    if isinstance(exc, NothingToChange):
        return page(ctx, "item.html.j2", status=422, view=view, done="", form=form or {},
                    error=msg("web.routes.items.nothing_to_change"))
    return page(ctx, "item.html.j2", status=422, view=view, done="", form=form or {}, error=str(exc))


@router.post("/remediation/{item_id}")
def update(ctx: Annotated[Ctx, Depends(logged_in)], item_id: int, version: Annotated[int, Form(ge=0)],
           status: Annotated[str, Form(max_length=32)] = "", note: Annotated[str, Form(max_length=20000)] = "",
           file: UploadFile | None = None) -> Response:
    chosen = items.check_status(status)
    try:
        with tempfile.TemporaryDirectory(prefix="secassess-upload-") as tmp:
            path = _keep_upload(file, Path(tmp)) if file is not None and file.filename else None
            items.update_item(ctx.ws, ctx.actor, item_id, version=version, status=chosen, note=note, evidence=path)
    except InputError as exc:
        if isinstance(exc, NotFoundError | ForbiddenError):
            raise
        return _again(ctx, item_id, exc)
    return RedirectResponse(f"/remediation/{item_id}?done=updated", status_code=303)


@router.post("/remediation/{item_id}/accept-risk")
def accept_risk(ctx: Annotated[Ctx, Depends(logged_in)], item_id: int, version: Annotated[int, Form(ge=0)],
                approver: Annotated[str, Form(max_length=400)] = "", reason: Annotated[str, Form(max_length=20000)] = "",
                until: Annotated[str, Form(max_length=40)] = "", note: Annotated[str, Form(max_length=20000)] = ""
                ) -> Response:
    """A province officer accepts the item's risk (chấp nhận rủi ro) through a date, with who approved
    it and why; a unit officer or viewer is refused (403), another unit's item is not found (404)."""
    from secassess.app.actor import require_province
    from secassess.remediation.rules import parse_date

    if ctx.actor.role not in ("admin", "officer"):  # another unit's item is not found (404), else 403
        items.item_page(ctx.ws, ctx.actor, item_id)
        require_province(ctx.actor)
    form = {"approver": approver, "reason": reason, "until": until, "note": note}
    try:
        if not until.strip():
            raise InputError(msg("web.routes.items.acceptance_needs_end_date"),
                             location="until")
        items.accept_risk(ctx.ws, ctx.actor, item_id, version=version, approver=approver, reason=reason,
                          until=parse_date(until.strip(), "until"), note=note)
    except InputError as exc:
        if isinstance(exc, NotFoundError | ForbiddenError):
            raise
        return _again(ctx, item_id, exc, form)
    return RedirectResponse(f"/remediation/{item_id}?done=risk_accepted", status_code=303)


@router.get("/remediation/{item_id}/files/{history_id}")
def item_file(ctx: Annotated[Ctx, Depends(logged_in)], item_id: int, history_id: int) -> Response:
    from secassess.evidence.store import guess_media_type

    name, data = items.item_evidence(ctx.ws, ctx.actor, item_id, history_id)
    return download(data, name, guess_media_type(name))
