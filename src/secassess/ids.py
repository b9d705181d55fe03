"""The one place that matches an id a person typed (system, unit, profile, control) to the ids that
exist: exact first, then ignoring case when that picks exactly one, else a refusal that suggests the
closest ids ("không có hệ thống “stp-qlv”; có phải “STP-QLVB”?")."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from secassess.errors import InputError
from secassess.i18n import tr
from secassess.messages import msg

#: what an id names, as (Vietnamese, English) nouns for messages
SYSTEM = ("hệ thống", "system")
UNIT = ("đơn vị", "unit")
PROFILE = ("hồ sơ áp dụng", "profile")
CONTROL = ("yêu cầu", "control")

Noun = tuple[str, str]

#: when nothing is close, the ids are listed if there are at most this many (else the command listing them)
LIST_AT_MOST = 12


def match(given: str, known: Iterable[str]) -> list[str]:
    """The known ids ``given`` may mean: itself when it exists, else those equal ignoring case
    (none, one, or several when ids differ only in case)."""
    ids = list(known)
    if given in ids:
        return [given]
    key = given.casefold()
    return sorted(i for i in ids if i.casefold() == key)


def closest(given: str, known: Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` known ids that look like ``given`` (case ignored), best first."""
    by_key: dict[str, str] = {}
    for i in sorted(known):
        by_key.setdefault(i.casefold(), i)
    return [by_key[k] for k in difflib.get_close_matches(given.casefold(), list(by_key), n=n, cutoff=0.6)]


def suggestion(given: str, known: Iterable[str]) -> str:
    """`` có phải “X”?`` (or “X” hoặc “Y”) for a message about an unknown id; empty when nothing is close."""
    near = closest(given, known)
    if not near:
        return ""
    return msg("ids.did_you_mean", c=msg("ids.text").join(f"“{i}”" for i in near))


def resolve(given: str, known: Iterable[str], what: Noun, *, listing: str | None = None,
            location: str | None = None) -> str:
    """The known id ``given`` means: itself, or the one id equal to it ignoring case.

    Otherwise :class:`InputError` (exit 2) naming ``what`` and suggesting the closest ids, or, when
    none is close, every id (a few) or the command that lists them (``listing``, e.g.
    ``secassess system list``);
    ``location`` is the option or place the id came from."""
    ids = list(known)
    text = given.strip()
    found = match(text, ids)
    if len(found) == 1:
        return found[0]
    noun = tr(*what)
    if found:
        raise InputError(msg("ids.matches_several_ids_when_case", g=text, w=noun, l=", ".join(f"“{i}”" for i in found)), location=location)
    hint = suggestion(text, ids)
    if not hint and 0 < len(ids) <= LIST_AT_MOST:
        hint = msg("ids.available", k=", ".join(sorted(ids)))
    elif not hint and listing:
        hint = msg("ids.see", c=listing)
    raise InputError(msg("ids.no", w=noun, g=text, h=hint), location=location)
