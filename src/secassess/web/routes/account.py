"""Logging in and out, the language switch, one's own account (password, language)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form
from starlette.responses import RedirectResponse, Response

from secassess.app import accounts
from secassess.errors import InputError
from secassess.messages import msg
from secassess.web.context import Ctx, context, logged_in_any
from secassess.web.render import page
from secassess.web.security import (
    LANG_COOKIE,
    SESSION_COOKIE,
    cookie_name,
    delete_cookie,
    safe_next,
    set_cookie,
)

router = APIRouter()


@router.get("/login")
def login_page(ctx: Annotated[Ctx, Depends(context)], next: str = "/") -> Response:
    if ctx.user is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return page(ctx, "login.html.j2", next=safe_next(next), error=None, login="")


@router.post("/login")
def login(ctx: Annotated[Ctx, Depends(context)], login: Annotated[str, Form(max_length=200)] = "",
          password: Annotated[str, Form(max_length=1000)] = "", next: Annotated[str, Form()] = "/") -> Response:
    result = accounts.login(ctx.ws, ctx.settings.policy, login, password, ctx.address,
                            ctx.request.headers.get("user-agent", ""),
                            previous_token=ctx.request.cookies.get(cookie_name(SESSION_COOKIE, ctx.secure)))
    if not result.ok or result.token is None:
        return page(ctx, "login.html.j2", status=401, next=safe_next(next), error=result.refused, login=login[:64])
    response = RedirectResponse(safe_next(next), status_code=303)
    set_cookie(response, SESSION_COOKIE, result.token, secure=ctx.secure)
    if result.user is not None and result.user.lang:
        set_cookie(response, LANG_COOKIE, result.user.lang, secure=ctx.secure, max_age=365 * 86400)
    return response


@router.post("/logout")
def logout(ctx: Annotated[Ctx, Depends(logged_in_any)]) -> Response:
    assert ctx.session is not None and ctx.user is not None
    accounts.logout(ctx.ws, ctx.session, ctx.user, ctx.address)
    response = RedirectResponse("/login", status_code=303)
    delete_cookie(response, SESSION_COOKIE, secure=ctx.secure)
    return response


@router.post("/lang")
def switch_language(ctx: Annotated[Ctx, Depends(context)], lang: Annotated[str, Form()] = "vi",
                    next: Annotated[str, Form()] = "/") -> Response:
    chosen = "en" if lang == "en" else "vi"
    if ctx.user is not None:
        accounts.set_language(ctx.ws, ctx.user, chosen, ctx.address)
    response = RedirectResponse(safe_next(next), status_code=303)
    set_cookie(response, LANG_COOKIE, chosen, secure=ctx.secure, max_age=365 * 86400)
    return response


@router.get("/account")
def account_page(ctx: Annotated[Ctx, Depends(logged_in_any)], done: str = "") -> Response:
    return page(ctx, "account.html.j2", done=done == "password", error=None)


@router.post("/account/password")
def change_password(ctx: Annotated[Ctx, Depends(logged_in_any)],
                          current: Annotated[str, Form(max_length=1000)] = "",
                          new: Annotated[str, Form(max_length=1000)] = "",
                          again: Annotated[str, Form(max_length=1000)] = "") -> Response:
    assert ctx.user is not None and ctx.session is not None
    try:
        if new != again:
            raise InputError(msg("web.routes.account.two_new_passwords_differ"))
        accounts.change_password(ctx.ws, ctx.user, ctx.session, current, new, ctx.address)
    except InputError as exc:
        return page(ctx, "account.html.j2", status=422, done=False, error=str(exc))
    if ctx.user.must_change_password:  # the first password of one's own: on to work
        return RedirectResponse("/", status_code=303)
    return RedirectResponse(f"/account?done={quote('password')}", status_code=303)
