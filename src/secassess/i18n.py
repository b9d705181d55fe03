"""The user's language (vi by default, en second): the edge sets it, everything below reads it.

A sentence said to a person is a message code with parameters (:mod:`secassess.messages`,
``msg(code, **values)``). ``tr(vi, en)`` picks one of a pair held as data — a noun in a table of
record kinds, the words of a command's help table — and :func:`pick` one language of a catalog text.
Long report wording lives in the report templates.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Literal

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")

_current: ContextVar[Lang] = ContextVar("secassess_lang", default="vi")


def set_lang(lang: Lang) -> None:
    _current.set(lang)


def get_lang() -> Lang:
    return _current.get()


def tr(vi: str, en: str, /, **values: object) -> str:
    """Return the text in the current language, formatted with ``values``."""
    text = vi if _current.get() == "vi" else en
    return text.format(**values) if values else text


def pick(texts: dict[str, str] | object, lang: Lang | None = None) -> str:
    """Pick one language out of a ``{"vi": ..., "en": ...}`` mapping (or a LocalText)."""
    lang = lang or _current.get()
    if isinstance(texts, dict):
        return str(texts.get(lang) or texts.get("vi") or "")
    return str(getattr(texts, lang, "") or getattr(texts, "vi", ""))


def yes_no(value: bool) -> str:
    return tr("có", "yes") if value else tr("không", "no")


def severity_label(sev: str) -> str:
    """A severity in the current language, lower case (for a sentence or a table cell)."""
    from secassess.vocabulary import severity_label as label

    return label(sev, _current.get()).lower()
