"""The context of one request: the workspace, the client's address, whether it came over TLS, the
session and its user (if any), the language, and the CSRF token forms must send back.

:func:`context` is a dependency of every route. It is ``async`` on purpose: the language is a context
variable (``secassess.i18n``), and set here it is seen by the route and its templates, which run in a
worker thread with a copy of this context. It also checks the CSRF token of every request that could
change something (any method but GET/HEAD/OPTIONS): the session's token for a logged-in user, the
double-submit cookie's for the login and language forms; a request without the right one is refused
(403) before the route runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from secassess.app.accounts import actor_of, current_session
from secassess.errors import ForbiddenError
from secassess.i18n import Lang, set_lang
from secassess.messages import msg
from secassess.web.security import (
    CSRF_COOKIE,
    CSRF_FIELD,
    CSRF_HEADER,
    LANG_COOKIE,
    SAFE_METHODS,
    SESSION_COOKIE,
    cookie_name,
    new_token,
    same_token,
)

if TYPE_CHECKING:
    from secassess.accounts.service import Session, User
    from secassess.app.actor import Actor
    from secassess.web.settings import WebSettings
    from secassess.workspace import Workspace


BACKGROUND_HEADER = "x-secassess-background"
#: what a query flag may say to be on (a checkbox sends "1"; links and people write the others)
FLAG_ON = ("1", "true", "on", "yes")


def query_flag(value: str) -> bool:
    """A query parameter used as a yes/no filter (``overdue=1``): anything else is off."""
    return value.strip().lower() in FLAG_ON


class LoginRequired(Exception):
    """The route needs a logged-in user (answered with the login page)."""


class PasswordChangeRequired(Exception):
    """The user must first replace the password an administrator chose (answered with the account page)."""


@dataclass
class Ctx:
    request: Request
    ws: Workspace
    settings: WebSettings
    address: str
    secure: bool
    lang: Lang
    session: Session | None
    user: User | None
    anon_csrf: str
    new_anon_csrf: bool  # the double-submit cookie must be (re)set on the response

    @property
    def csrf(self) -> str:
        return self.session.csrf_token if self.session is not None else self.anon_csrf

    @property
    def actor(self) -> Actor:
        if self.user is None:
            raise LoginRequired
        return actor_of(self.user, self.address)

    @property
    def htmx(self) -> bool:
        return self.request.headers.get("hx-request") == "true"


def _lang(request: Request, user: User | None, default: str) -> Lang:
    cookie = request.cookies.get(cookie_name(LANG_COOKIE, request.url.scheme == "https"))
    chosen = (user.lang if user is not None and user.lang else None) or cookie or default
    return "en" if chosen == "en" else "vi"


async def _context(request: Request, *, need_login: bool, own_password: bool = True) -> Ctx:
    ws: Workspace = request.app.state.ws
    settings: WebSettings = request.app.state.settings
    secure = request.url.scheme == "https"
    token = request.cookies.get(cookie_name(SESSION_COOKIE, secure))
    background = request.headers.get(BACKGROUND_HEADER) == "1"  # the page polling, not the person
    found = (await run_in_threadpool(lambda: current_session(ws, settings.policy, token, activity=not background))
             if token else None)
    session, user = found if found is not None else (None, None)
    lang = _lang(request, user, ws.config.language)
    set_lang(lang)
    anon = request.cookies.get(cookie_name(CSRF_COOKIE, secure)) or ""
    fresh = not (20 <= len(anon) <= 100 and anon.replace("-", "").replace("_", "").isalnum())
    ctx = Ctx(request, ws, settings, request.client.host if request.client else "", secure,
              lang, session, user, new_token() if fresh else anon, fresh)
    if need_login and user is None:  # before the CSRF check: an expired session is told as such
        raise LoginRequired
    if need_login and own_password and user is not None and user.must_change_password:
        raise PasswordChangeRequired
    if request.method not in SAFE_METHODS:
        given = request.headers.get(CSRF_HEADER)
        if given is None and request.headers.get("content-type", "").startswith(
                ("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            given = value if isinstance(value, str) else None
        expected = ctx.csrf if not fresh or session is not None else None
        if not same_token(given, expected):
            raise ForbiddenError(msg("web.context.request_refused_anti_forgery_csrf"))
    return ctx


async def context(request: Request) -> Ctx:
    """Any page (the login page, the health check, the language switch)."""
    return await _context(request, need_login=False)


async def logged_in(request: Request) -> Ctx:
    """A page for logged-in users only (LoginRequired otherwise), who have chosen their own password
    (PasswordChangeRequired otherwise)."""
    return await _context(request, need_login=True)


async def logged_in_any(request: Request) -> Ctx:
    """A page for logged-in users, including one who must still choose their password (their account
    page, logging out)."""
    return await _context(request, need_login=True, own_password=False)
