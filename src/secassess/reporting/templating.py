"""The jinja2 environments for the text formats: HTML (autoescape on) and Markdown (every
value escaped for Markdown by ``finalize``). Templates live in ``templates/``."""

from __future__ import annotations

import os
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)
from markupsafe import Markup, escape

from secassess.reporting.model import Report
from secassess.reporting.wording import ROMAN, TEMPLATES, Wording

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#!])")


def md_escape(value: Any) -> str:
    """Text made inert for Markdown (so a note cannot become a link, a table cell or HTML);
    line breaks become ``<br>`` so a value stays inside its table cell."""
    if value is None:
        return ""
    text = _MD_SPECIAL.sub(r"\\\1", str(value))
    return text.replace("\r\n", "\n").replace("\n", "<br>")


class Raw(str):
    """Markdown the template builds itself (not escaped by ``finalize``)."""


def _md_finalize(value: Any) -> str:
    return value if isinstance(value, Raw) else md_escape(value)


def _bar(score: float | None, width: int = 20) -> Raw:
    if score is None:
        return Raw("")
    filled = round(max(0.0, min(100.0, score)) / 100 * width)
    return Raw("█" * filled + "░" * (width - filled))


def _lines(value: Any) -> Markup:
    """HTML: escaped text whose line breaks are kept as <br>."""
    return Markup("<br>").join(escape(x) for x in str(value or "").replace("\r\n", "\n").split("\n"))


def _cache_dir() -> Path:
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "secassess" / "cache" / "templates"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "secassess" / "templates"


def bytecode_cache() -> BytecodeCache | None:
    """Compiled templates kept in the user's cache folder (private to the user; checked against
    the template's checksum), so a report does not spend a quarter of a second compiling its
    template every time. Without a usable folder the templates are simply compiled each time."""
    folder = _cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if hasattr(os, "getuid") and folder.stat().st_uid != os.getuid():
            return None  # someone else's folder: never load code from it
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


@lru_cache(maxsize=2)
def environment(kind: str) -> Environment:
    common: dict[str, Any] = {"loader": FileSystemLoader(str(TEMPLATES)), "undefined": StrictUndefined,
                              "trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": True,
                              "bytecode_cache": bytecode_cache()}
    if kind == "html":
        env = Environment(autoescape=select_autoescape(["html", "j2"], default=True), **common)
        env.filters["lines"] = _lines
    else:
        env = Environment(autoescape=False, finalize=_md_finalize, **common)
        env.globals["raw"] = Raw
        env.globals["bar"] = _bar
    env.globals["roman"] = ROMAN
    return env


def render_template(kind: str, name: str, report: Report, **extra: Any) -> str:
    from secassess.reporting.compose import letterhead, recipients, signature

    w = Wording(report.lang)
    h = report.header
    return environment(kind).get_template(name).render(
        r=report, w=w, lh=letterhead(h, report.issue.number, w), recipients=recipients(h, w, addressed=False),
        sig=signature(h, w), **extra)
