"""What every OSCAL builder shares: stable UUIDs, UTC timestamps, Markdown text and the
secassess properties (``ns`` = :data:`secassess.oscal.NS`).

Texts
    OSCAL has no second language. A secassess text (``{vi, en}``) is written in the document's
    language where OSCAL has a place for it (a title, a part's prose, remarks) and its other
    language rides along as a ``translation`` property of the same object; a text OSCAL has no
    place for is a ``text`` property in each language. Both kinds are
    ``{"name": "translation"|"text", "ns": NS, "class": <language>, "value": <field>,
    "remarks": <the text>}`` — ``remarks`` because it may hold several lines.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time
from typing import Any

from secassess.clock import LOCAL_TZ
from secassess.errors import InputError
from secassess.messages import msg
from secassess.oscal import NS, OSCAL_VERSION

LANGS = ("vi", "en")
_UUID_NS = uuid.uuid5(uuid.NAMESPACE_URL, NS)
_STRING = re.compile(r"\S(.*\S)?\Z")  # OSCAL's StringDatatype: one line, no outer whitespace


def stable_uuid(*parts: object) -> str:
    """A version-5 UUID derived from ``parts``: the same data always gives the same UUID."""
    return str(uuid.uuid5(_UUID_NS, "\x1f".join(str(p) for p in parts)))


def utc(dt: datetime) -> str:
    """A timestamp in UTC with its offset (``2026-10-20T01:30:00+00:00``); naive means UTC."""
    aware = dt if dt.tzinfo else dt.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="seconds")


def end_of_day(d: date) -> str:
    """The last second of a Vietnamese calendar day, in UTC: a due date as a deadline."""
    return utc(datetime.combine(d, time(23, 59, 59), LOCAL_TZ))


def start_of_day(d: date) -> str:
    return utc(datetime.combine(d, time(0, 0), LOCAL_TZ))


def assessment_key(province: str, system_id: str, assessment_id: int, started_at: datetime) -> str:
    """What identifies one assessment beyond its workspace (its number alone repeats across
    workspaces): the UUIDs of its results, observations and findings derive from it."""
    return f"{province}|{system_id}|{assessment_id}|{utc_micro(started_at)}"


def item_key(province: str, system_id: str, control_id: str, item_id: int) -> str:
    """What identifies one remediation item beyond its workspace."""
    return f"{province}|{system_id}|{control_id}|item-{item_id}"


def utc_micro(dt: datetime) -> str:
    aware = dt if dt.tzinfo else dt.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="microseconds")


def number(x: float) -> str:
    """A weight, threshold or score as written: ``3`` for 3 and 3.0, ``2.5`` for 2.5."""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def check_line(value: str, where: str) -> str:
    """``value`` as an OSCAL string (one line, no leading or trailing space), or bad input."""
    if not _STRING.match(value):
        raise InputError(msg("oscal.common.cannot_written_as_oscal_must", v=value[:60]), location=where)
    return value


def prop(name: str, value: object, *, cls: str | None = None, remarks: str | None = None,
         ns: str | None = NS, where: str = "") -> dict[str, Any]:
    """One property; ``ns`` is secassess's unless ``None`` (an OSCAL-defined property)."""
    text = value if isinstance(value, str) else _plain(value)
    out: dict[str, Any] = {"name": name}
    if ns:
        out["ns"] = ns
    out["value"] = check_line(text, where or name)
    if cls:
        out["class"] = cls
    if remarks is not None:
        out["remarks"] = remarks
    return out


def _plain(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def translation(field: str, texts: Mapping[str, str], lang: str) -> list[dict[str, Any]]:
    """The other languages of a text whose ``lang`` version has an OSCAL place."""
    from secassess.oscal.markup import to_markdown

    return [prop("translation", field, cls=other, remarks=to_markdown(texts[other]))
            for other in LANGS if other != lang]


def text_props(field: str, texts: Mapping[str, str]) -> list[dict[str, Any]]:
    """A text OSCAL has no place for, in every language."""
    from secassess.oscal.markup import to_markdown

    return [prop("text", field, cls=lg, remarks=to_markdown(texts[lg])) for lg in LANGS]


def metadata(title: str, last_modified: datetime, version: str, *, props: Iterable[dict[str, Any]] = (),
             remarks: str | None = None, published: datetime | None = None,
             roles: list[dict[str, Any]] | None = None, parties: list[dict[str, Any]] | None = None,
             responsible_parties: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The ``metadata`` every document starts with (empty lists are left out, as OSCAL wants)."""
    out: dict[str, Any] = {"title": title}
    if published is not None:
        out["published"] = utc(published)
    out.update({"last-modified": utc(last_modified), "version": check_line(version, "metadata.version"),
                "oscal-version": OSCAL_VERSION})
    plist = list(props)
    if plist:
        out["props"] = plist
    for key, value in (("roles", roles), ("parties", parties), ("responsible-parties", responsible_parties)):
        if value:
            out[key] = value
    if remarks:
        out["remarks"] = remarks
    return out


def party(kind: str, name: str, key: str) -> dict[str, Any]:
    """A person or organization, its UUID derived from ``key`` (e.g. the province and the name)."""
    return {"uuid": stable_uuid("party", key, kind, name), "type": kind,
            "name": check_line(" ".join(name.split()), "party.name")}


def ns_props(obj: Mapping[str, Any], name: str) -> list[dict[str, Any]]:
    """The secassess properties called ``name`` of an OSCAL object, in order."""
    return [p for p in obj.get("props") or () if isinstance(p, dict) and p.get("ns") == NS and p.get("name") == name]
