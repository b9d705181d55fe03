"""The web server's protections that do not depend on who is logged in (OWASP ASVS V3, V4, V12–V14):

- :class:`ProxyHeaders` — behind a reverse proxy, the client's address and the scheme (https) come from
  ``X-Forwarded-For`` / ``X-Forwarded-Proto`` only when the connection comes from a configured proxy;
  from anyone else those headers are ignored (they would let a client claim any address, defeating
  the per-address login throttle, or claim TLS).
- :class:`SecurityHeaders` — Content-Security-Policy without inline scripts or styles and
  ``frame-ancestors 'none'``, ``X-Content-Type-Options: nosniff``, no referrer leaving the site, no
  caching of pages (they hold the units' answers), HSTS when served over TLS.
- :class:`BodyLimit` — requests larger than the evidence limit (uploads) or 1 MB (anything else) are
  refused before they are read whole.
- cookies and CSRF tokens: :func:`set_cookie`, :func:`same_token`, :func:`safe_next`.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import HTTPException
from starlette.responses import Response

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SESSION_COOKIE = "secassess_session"
CSRF_COOKIE = "secassess_csrf"  # anonymous forms (login, language): double-submit token
LANG_COOKIE = "secassess_lang"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
SMALL_BODY = 1024 * 1024


def _header(scope: Scope, name: bytes) -> str | None:
    for k, v in scope.get("headers") or ():
        if k == name:
            return bytes(v).decode("latin-1")
    return None


class ProxyHeaders:
    """Take the client address and scheme from a trusted proxy's ``X-Forwarded-*`` headers."""

    def __init__(self, app: ASGIApp, trusted: tuple[str, ...]) -> None:
        self.app = app
        self.trusted = [ipaddress.ip_network(t, strict=False) for t in trusted]

    def _trusted(self, host: str | None) -> bool:
        if not host:
            return False
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            return False
        return any(ip in net for net in self.trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and self.trusted:
            client = scope.get("client")
            if client and self._trusted(client[0]):
                proto = _header(scope, b"x-forwarded-proto")
                if proto:
                    scheme = proto.split(",")[-1].strip().lower()
                    if scheme in ("http", "https"):
                        scope["scheme"] = scheme
                forwarded = _header(scope, b"x-forwarded-for")
                if forwarded:
                    # the rightmost address a trusted proxy did not add is the client
                    hops = [h.strip() for h in forwarded.split(",") if h.strip()]
                    for hop in reversed(hops):
                        if not self._trusted(hop):
                            scope["client"] = (hop[:64], 0)
                            break
        await self.app(scope, receive, send)


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")
        https = scope.get("scheme") == "https"

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                names = {bytes(k).lower() for k, _v in headers}
                add = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                       (b"x-frame-options", b"DENY"), (b"referrer-policy", b"same-origin"),
                       (b"cross-origin-opener-policy", b"same-origin"),
                       (b"cross-origin-resource-policy", b"same-origin"),
                       (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()")]
                if not static and b"cache-control" not in names:
                    add.append((b"cache-control", b"no-store"))
                if https:
                    add.append((b"strict-transport-security", b"max-age=31536000"))
                headers += [(k, v) for k, v in add if k not in names]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


class TooLarge(HTTPException):
    """Raised while the body is read (inside the application: the error pages answer it with 413)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, too_large_text(limit))


class BodyLimit:
    """Refuse request bodies over the limit: uploads (paths ending in ``/evidence`` and remediation
    updates, which may carry a file) get the workspace's evidence limit plus room for the form, the
    rest 1 MB."""

    def __init__(self, app: ASGIApp, upload_limit: Callable[[], int]) -> None:
        self.app = app
        self.upload_limit = upload_limit

    def limit_for(self, path: str) -> int:
        if path.endswith("/evidence") or path.startswith("/remediation/"):
            return self.upload_limit() + SMALL_BODY
        return SMALL_BODY

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(str(scope.get("path", "")))
        declared = _header(scope, b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await too_large_response(limit)(scope, receive, send)
            return
        seen = 0
        started = False

        async def counting() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise TooLarge(limit)
            return message

        async def tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting, tracking)
        except TooLarge:
            if not started:
                await too_large_response(limit)(scope, receive, send)


def too_large_text(limit: int) -> str:
    """Said in both languages: the language of the request is not known before its body is read."""
    from secassess.fsutil import too_large
    from secassess.i18n import get_lang, set_lang

    size = limit - SMALL_BODY if limit > SMALL_BODY else limit
    lang = get_lang()
    try:
        set_lang("vi")
        vi = too_large(None, size, what="Tệp hoặc nội dung gửi lên")
        set_lang("en")
        en = too_large(None, size, what="The upload")
    finally:
        set_lang(lang)
    return f"{vi} / {en}"


def too_large_response(limit: int) -> Response:
    from secassess.web.render import message_fragment

    return message_fragment(too_large_text(limit), status=413)


def same_token(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison of a CSRF token (both present)."""
    return bool(given) and bool(expected) and hmac.compare_digest(str(given).encode(), str(expected).encode())


def new_token() -> str:
    return secrets.token_urlsafe(32)


def cookie_name(base: str, secure: bool) -> str:
    """Over TLS a cookie's name has the ``__Host-`` prefix: the browser then accepts it only with
    ``Secure``, ``Path=/`` and no ``Domain``, so no other site of the same domain can set or shadow it."""
    return f"__Host-{base}" if secure else base


def set_cookie(response: Response, name: str, value: str, *, secure: bool, max_age: int | None = None,
               http_only: bool = True) -> None:
    """Every cookie of the site: HttpOnly, SameSite=Strict, Path=/, Secure and ``__Host-`` over TLS."""
    response.set_cookie(cookie_name(name, secure), value, max_age=max_age, path="/", secure=secure,
                        httponly=http_only, samesite="strict")


def delete_cookie(response: Response, name: str, *, secure: bool) -> None:
    response.delete_cookie(cookie_name(name, secure), path="/", secure=secure, httponly=True, samesite="strict")


def safe_next(value: str | None) -> str:
    """Where to go after login: a path of this site only (never another site: no ``//host``, no scheme)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value or any(
            ord(c) < 32 for c in value):
        return "/"
    return value[:500]
