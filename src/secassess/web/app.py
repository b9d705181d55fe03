"""The web application: :func:`create_app` opens the workspace, wraps the routes in the protections of
:mod:`.security` and turns errors into pages (or short messages for htmx) in the user's language:

- not found, or another unit's record → 404 (the same page either way);
- not allowed for the role → 403; a CSRF token missing or wrong → 403;
- changed by someone else meanwhile → 409; bad input → 422 with the message naming the field;
- not logged in → the login page (a page) or 401 with ``HX-Redirect`` (htmx);
- anything else → 500 with no detail on the page, the traceback in the server's log.
"""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.staticfiles import StaticFiles

from secassess.errors import ConflictError, ForbiddenError, InputError, NotFoundError
from secassess.messages import msg
from secassess.web.context import LoginRequired, PasswordChangeRequired
from secassess.web.security import BodyLimit, ProxyHeaders, SecurityHeaders, safe_next
from secassess.web.settings import WebSettings, settings_from_environment
from secassess.workspace import Workspace

log = logging.getLogger("secassess.web")
STATIC = Path(__file__).parent / "static"


def _is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def _error(request: Request, status: int, message: str) -> Response:
    from secassess.web.render import message_fragment, render

    if _is_htmx(request):
        return message_fragment(message, status=status)
    html = render("error.html.j2", ctx=None, user=None, csrf="", path=request.url.path, status=status,
                  message=message)
    return HTMLResponse(html, status_code=status)


def create_app(settings: WebSettings, ws: Workspace | None = None) -> FastAPI:
    """The application for one workspace (opened here unless given)."""
    from secassess.web.routes import (
        account,
        admin,
        assessments,
        health,
        home,
        incidents,
        items,
        reports,
    )

    if ws is None:
        ws = Workspace.open(settings.workspace, database=settings.database)
    app = FastAPI(title="secassess", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.ws = ws
    app.state.settings = settings

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, _exc: LoginRequired) -> Response:
        if _is_htmx(request):
            here = request.headers.get("hx-current-url", "/")
            from urllib.parse import quote, urlsplit

            path = safe_next(urlsplit(here).path)
            return Response(status_code=401, headers={"HX-Redirect": f"/login?next={quote(path)}"})
        from urllib.parse import quote

        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(safe_next(target))}", status_code=303)

    @app.exception_handler(PasswordChangeRequired)
    async def _own_password(request: Request, _exc: PasswordChangeRequired) -> Response:
        if _is_htmx(request):
            return Response(status_code=403, headers={"HX-Redirect": "/account?first=1"})
        return RedirectResponse("/account?first=1", status_code=303)

    @app.exception_handler(NotFoundError)
    async def _not_found(request: Request, exc: NotFoundError) -> Response:
        return _error(request, 404, str(exc.message))

    @app.exception_handler(ForbiddenError)
    async def _forbidden(request: Request, exc: ForbiddenError) -> Response:
        return _error(request, 403, str(exc.message))

    @app.exception_handler(ConflictError)
    async def _conflict(request: Request, exc: ConflictError) -> Response:
        return _error(request, 409, str(exc.message))

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> Response:
        return _error(request, 422, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 422, msg("web.app.invalid_request_field_missing_wrong"))

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 404:
            return _error(request, 404, msg("web.app.page_does_not_exist"))
        if exc.status_code == 405:
            return _error(request, 405, msg("web.app.method_not_allowed"))
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return _error(request, 500, msg("web.app.unexpected_server_error_details_server"))

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (health, account, home, assessments, items, incidents, reports, admin):
        app.include_router(module.router)
    # outermost first: the client's address and scheme, then the headers, then the size limit
    app.add_middleware(BodyLimit, upload_limit=lambda: ws.config.limits.evidence_max_mb * 1024 * 1024)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(ProxyHeaders, trusted=settings.trusted_proxies)
    return app


def app_from_environment() -> FastAPI:
    """The application of a uvicorn worker process (``secassess serve --workers N``)."""
    return create_app(settings_from_environment())
