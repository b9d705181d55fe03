"""Pages and fragments from the Jinja2 templates in ``templates/`` (autoescape on: every value a user
typed is escaped), in the request's language."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape
from starlette.responses import HTMLResponse

from secassess import __version__, clock
from secassess.display import format_number, format_percent
from secassess.i18n import get_lang
from secassess.messages import msg
from secassess.vocabulary import (
    REMEDIATION_STATUS_LABELS,
    REVIEW_ACTION_LABELS,
    REVIEW_STATE_LABELS,
    ROLE_LABELS,
    pick,
    rating_label,
    result_label,
    severity_label,
)

if TYPE_CHECKING:
    from secassess.web.context import Ctx

TEMPLATES = Path(__file__).parent / "templates"


def _lines(value: Any) -> Markup:
    """Escaped text whose line breaks are kept."""
    return Markup("<br>").join(escape(x) for x in str(value or "").split("\n"))


def _label(kind: str, code: str) -> str:
    table = {"result": None, "severity": None, "state": REVIEW_STATE_LABELS, "action": REVIEW_ACTION_LABELS,
             "role": ROLE_LABELS, "status": REMEDIATION_STATUS_LABELS}[kind]
    lang = get_lang()
    if kind == "result":
        return result_label(code, lang)
    if kind == "severity":
        return severity_label(code, lang)
    return pick(table or {}, code, lang)


def _compact(value: Any) -> str:
    """A value of the audit log as one line: lists and mappings as compact JSON."""
    if isinstance(value, dict | list):
        import json

        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "), default=str)
    return "—" if value in (None, "") else str(value)


def _size(n: int) -> str:
    if n < 1024:
        return msg("web.render.bytes", n=n)
    if n < 1024 * 1024:
        return f"{format_number(n / 1024, get_lang())} KB"
    return f"{format_number(n / 1048576, get_lang())} MB"


@lru_cache(maxsize=1)
def environment() -> Environment:
    from secassess.reporting.templating import bytecode_cache

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, bytecode_cache=bytecode_cache(),
                      extensions=["jinja2.ext.do"])
    from secassess.remediation.present import describe_changes
    from secassess.web import charts

    env.globals.update(msg=msg, label=_label, version=__version__, rating_label=lambda c: rating_label(c, get_lang()),
                       item_changes=describe_changes, bars=charts.bars, trend=charts.trend, Bar=charts.Bar,
                       Point=charts.Point)
    env.filters.update(
        lines=_lines, dt=lambda d: clock.fmt_datetime(d) if d else "", date=lambda d: clock.fmt_date(d) if d else "",
        pct=lambda v: format_percent(v, get_lang()), num=lambda v: format_number(v, get_lang()), size=_size,
        iso=lambda d: d.isoformat() if d else "", compact=_compact)
    return env


def render(template: str, **values: Any) -> str:
    return environment().get_template(template).render(lang=get_lang(), **values)


def _finish(ctx: Ctx | None, response: HTMLResponse) -> HTMLResponse:
    if ctx is not None and ctx.new_anon_csrf:
        from secassess.web.security import CSRF_COOKIE, set_cookie

        set_cookie(response, CSRF_COOKIE, ctx.anon_csrf, secure=ctx.secure)
    return response


def page(ctx: Ctx, template: str, *, status: int = 200, **values: Any) -> HTMLResponse:
    """A whole page (it extends ``base.html.j2``)."""
    html = render(template, ctx=ctx, user=ctx.user, csrf=ctx.csrf, path=ctx.request.url.path, **values)
    return _finish(ctx, HTMLResponse(html, status_code=status))


def fragment(ctx: Ctx, template: str, *, status: int = 200, headers: dict[str, str] | None = None,
             **values: Any) -> HTMLResponse:
    """A piece of a page, for htmx."""
    html = render(template, ctx=ctx, user=ctx.user, csrf=ctx.csrf, **values)
    return _finish(ctx, HTMLResponse(html, status_code=status, headers=headers))


def message_fragment(text: str, *, status: int, kind: str = "error") -> HTMLResponse:
    """A one-message answer (errors of htmx requests; ``app.js`` shows its text where the request came from)."""
    html = f'<div class="message {escape(kind)}" role="alert" data-message>{escape(text)}</div>'
    return HTMLResponse(html, status_code=status)
