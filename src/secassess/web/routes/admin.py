"""The administrator's pages: accounts (add, disable, enable, unlock, new password), the audit log
(view, filter, export as CSV) and the latest login attempts."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Query
from starlette.responses import RedirectResponse, Response

from secassess import clock
from secassess.app import accounts, audit
from secassess.app.actor import require_admin
from secassess.errors import InputError, NotFoundError
from secassess.messages import msg
from secassess.web.context import Ctx, logged_in
from secassess.web.render import page
from secassess.web.routes.assessments import download

router = APIRouter()

DONE = ("added", "disabled", "enabled", "unlocked", "password")


def _users_page(ctx: Ctx, *, status: int = 200, done: str = "", error: str | None = None,
                form: dict[str, str] | None = None) -> Response:
    users = accounts.list_users(ctx.ws, ctx.actor)
    with ctx.ws.read() as conn:
        from secassess.inventory.service import list_units

        units = [u.id for u, _n in list_units(conn)]
    return page(ctx, "admin_users.html.j2", status=status, users=users, units=units, done=done if done in DONE else "",
                error=error, form=form or {}, now=clock.now())


@router.get("/admin/users")
def users_page(ctx: Annotated[Ctx, Depends(logged_in)], done: str = "") -> Response:
    require_admin(ctx.actor)
    return _users_page(ctx, done=done)


@router.post("/admin/users")
def add_user(ctx: Annotated[Ctx, Depends(logged_in)], login: Annotated[str, Form(max_length=200)] = "",
             role: Annotated[str, Form(max_length=32)] = "", unit: Annotated[str, Form(max_length=64)] = "",
             display_name: Annotated[str, Form(max_length=400)] = "",
             password: Annotated[str, Form(max_length=1000)] = "") -> Response:
    require_admin(ctx.actor)
    try:
        accounts.add_user(ctx.ws, ctx.actor, login, role, password, unit=unit or None, display_name=display_name)
    except InputError as exc:
        if isinstance(exc, NotFoundError):
            raise
        return _users_page(ctx, status=422, error=str(exc),
                           form={"login": login, "role": role, "unit": unit, "display_name": display_name})
    return RedirectResponse("/admin/users?done=added", status_code=303)


@router.post("/admin/users/{login}/{action}")
def change_user(ctx: Annotated[Ctx, Depends(logged_in)], login: str, action: str,
                password: Annotated[str, Form(max_length=1000)] = "") -> Response:
    require_admin(ctx.actor)
    steps = {"disable": accounts.disable_user, "enable": accounts.enable_user, "unlock": accounts.unlock_user}
    try:
        if action == "password":
            accounts.reset_password(ctx.ws, ctx.actor, login, password)
        elif action in steps:
            steps[action](ctx.ws, ctx.actor, login)
        else:
            raise NotFoundError(msg("web.routes.admin.no_action", a=action))
    except InputError as exc:
        if isinstance(exc, NotFoundError):
            raise
        return _users_page(ctx, status=422, error=f"{login}: {exc}")
    done = {"disable": "disabled", "enable": "enabled", "unlock": "unlocked", "password": "password"}[action]
    return RedirectResponse(f"/admin/users?done={quote(done)}", status_code=303)


def _filter(actor: str, action: str, unit: str, since: str, until: str) -> audit.AuditFilter:
    from secassess.remediation.rules import parse_date

    def moment(text: str, field: str, end: bool = False) -> datetime | None:
        if not text.strip():
            return None
        day = parse_date(text, field) + (timedelta(days=1) if end else timedelta())
        return datetime.combine(day, time(0, 0), tzinfo=clock.LOCAL_TZ)

    return audit.AuditFilter(actor=actor.strip() or None, action=action.strip() or None, unit=unit.strip() or None,
                             since=moment(since, "since"), until=moment(until, "until", end=True))


@router.get("/admin/audit")
def audit_page(ctx: Annotated[Ctx, Depends(logged_in)], actor: str = "", action: str = "", unit: str = "",
               since: str = "", until: str = "", page_no: Annotated[int, Query(alias="page", ge=1, le=100000)] = 1) -> Response:
    require_admin(ctx.actor)
    f = _filter(actor, action, unit, since, until)
    entries, total = audit.entries(ctx.ws, ctx.actor, f, page=max(1, page_no))
    query = "&".join(f"{k}={quote(v)}" for k, v in (("actor", actor), ("action", action), ("unit", unit),
                                                      ("since", since), ("until", until)) if v)
    return page(ctx, "admin_audit.html.j2", entries=entries, total=total, page_no=max(1, page_no),
                pages=max(1, -(-total // audit.PAGE)), query=query,
                form={"actor": actor, "action": action, "unit": unit, "since": since, "until": until})


@router.get("/admin/audit.csv")
def audit_export(ctx: Annotated[Ctx, Depends(logged_in)], actor: str = "", action: str = "", unit: str = "",
                 since: str = "", until: str = "") -> Response:
    require_admin(ctx.actor)
    data = audit.export_csv(ctx.ws, ctx.actor, _filter(actor, action, unit, since, until))
    stamp = clock.local(clock.now()).strftime("%Y%m%d-%H%M")
    return download(data, f"nhat-ky-kiem-toan-{stamp}.csv", "text/csv; charset=utf-8")


@router.get("/admin/logins")
def logins_page(ctx: Annotated[Ctx, Depends(logged_in)]) -> Response:
    require_admin(ctx.actor)
    return page(ctx, "admin_logins.html.j2", attempts=accounts.last_attempts(ctx.ws, ctx.actor))
