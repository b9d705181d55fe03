"""What the two registers (sổ theo dõi) share: remediation items (:mod:`secassess.remediation`) and
incidents (:mod:`secassess.incident`) are records that officers change by hand.

- Words: :func:`label` (a code in the current language); :func:`words` and :func:`parse_word` (a
  code typed as itself or as its Vietnamese or English label, any case, with or without
  diacritics); :func:`parse_severity`; :func:`split_words` (repeatable, comma-separated options).
- Scope: :func:`check_scope` (the unit and system a command is limited to exist).
- Text: :func:`clean_text` (NFC, trimmed, bounded, no control characters).
- Changes: a record has a ``version`` (the optimistic lock) and a history table with one row per
  change (``at``, ``actor``, ``changes`` as ``{"field": [old, new]}``, ``note``). :func:`save` is
  the one way a record changes: ``UPDATE … WHERE id = ? AND version = ?`` adding one to the
  version, then its history row; when someone else has changed the record since it was read,
  nothing is written and the :class:`ConflictError` of :func:`conflict` says who changed what.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Table, insert, select, update

from secassess import clock
from secassess.errors import ConflictError, InputError
from secassess.i18n import tr
from secassess.messages import msg
from secassess.text import fold, user_text
from secassess.vocabulary import ASSESSMENT_STATUS_LABELS, SEVERITY_LABELS

if TYPE_CHECKING:
    from secassess.workspace import Workspace

Labels = Mapping[str, tuple[str, str]]
"""code -> (tiếng Việt, English)"""


# --------------------------------------------------------------------------- words


def label(labels: Labels, code: str) -> str:
    """The label of ``code`` in the current language (the code itself when it has none); English in
    lower case, as it stands inside a sentence."""
    vi, en = labels.get(code, (code, code))
    return tr(vi, en.lower())


def word_key(text: str) -> str:
    """A typed word as it is matched: no case, no diacritics, ``_ - ,`` read as spaces."""
    return " ".join(fold(text).replace("_", " ").replace("-", " ").replace(",", " ").split())


def words(labels: Labels, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Typed word (as :func:`word_key` reads it) -> code: every code, its two labels, and ``extra``
    spellings people use."""
    found = {word_key(code): code for code in labels}
    for code, (vi, en) in labels.items():
        found.setdefault(word_key(vi), code)
        found.setdefault(word_key(en), code)
    found.update({word_key(k): v for k, v in (extra or {}).items()})
    return found


def parse_word(text: str, known: Mapping[str, str], allowed: Iterable[str], *, what: tuple[str, str],
               option: str) -> str:
    """The code ``text`` means; InputError naming ``option`` and the codes ``allowed`` otherwise."""
    found = known.get(word_key(text))
    if found is None:
        raise InputError(msg("register.unknown_use_one", w=tr(*what), t=text, l=", ".join(allowed)), location=option)
    return found


_SEVERITY_WORDS = words(SEVERITY_LABELS)


def parse_severity(text: str, option: str = "--severity") -> str:
    """A severity as typed: ``high`` or ``cao``, ``nghiêm trọng`` / ``nghiem trong`` ..."""
    return parse_word(text, _SEVERITY_WORDS, SEVERITY_LABELS, what=("mức độ", "severity"), option=option)


_ASSESSMENT_STATUS_WORDS = words(ASSESSMENT_STATUS_LABELS, {"bản nháp": "draft", "nháp": "draft", "chốt": "finalized"})


def parse_assessment_status(text: str, option: str = "--status") -> str:
    """An assessment's status as typed: ``draft``/``đang làm``/``bản nháp`` or ``finalized``/``đã chốt``."""
    return parse_word(text, _ASSESSMENT_STATUS_WORDS, ASSESSMENT_STATUS_LABELS, what=("trạng thái", "status"),
                      option=option)


def split_words(values: Iterable[str], parse: Callable[[str], str]) -> list[str] | None:
    """The codes of a repeatable option whose values may also be comma-separated; None when empty."""
    typed = [w.strip() for v in values for w in v.split(",") if w.strip()]
    return [parse(w) for w in typed] if typed else None


# --------------------------------------------------------------------------- text


def clean_text(text: str | None, option: str, limit: int, *, required: bool = False) -> str:
    """Text an officer typed, normalised (:func:`secassess.text.user_text`) and trimmed; InputError
    naming ``option`` when it is empty but ``required``, longer than ``limit`` characters, or holds
    control characters other than line ends and tabs."""
    value = user_text(text or "").strip()
    if required and not value:
        raise InputError(msg("register.must_not_empty"), location=option)
    if len(value) > limit:
        raise InputError(msg("register.too_long_characters_most", n=len(value), m=limit), location=option)
    if any(ord(c) < 32 and c not in "\n\t" for c in value):
        raise InputError(msg("register.contains_control_characters"), location=option)
    return value


# --------------------------------------------------------------------------- scope


def check_scope(conn: Connection, unit_id: str | None = None,
                system_id: str | None = None) -> tuple[str | None, str | None]:
    """The unit and system a command is limited to, as stored (an id typed in another case is
    accepted when it names exactly one); InputError naming ``--unit`` or ``--system``, with the
    closest ids, when one does not exist."""
    from secassess.inventory.service import system_id_of, unit_id_of

    if unit_id is not None:
        unit_id = unit_id_of(conn, unit_id, location="--unit")
    if system_id is not None:
        system_id = system_id_of(conn, system_id, location="--system")
    return unit_id, system_id


# --------------------------------------------------------------------------- versions and history


@dataclass(frozen=True)
class Register:
    """One register: its table (``id``, ``version``, ``updated_at``), its history table, and how
    its records are named and their changes read."""

    table: Table
    history: Table
    record_column: str  # the history column that names the record: "item_id", "incident_id"
    noun: tuple[str, str]  # ("hạng mục", "item"): "this item", "mã hạng mục"
    command: str  # the command group: “secassess {command} show N”
    describe: Callable[[Mapping[str, Any]], str]  # a change in words (its present.describe_changes)


def parse_id(text: str | int, register: Register) -> int:
    """A record id as typed: ``12`` or ``#12``."""
    s = str(text).strip().lstrip("#")
    if not s.isdigit() or int(s) < 1:
        raise InputError(msg("register.id_number_e_g_12", n=tr(*register.noun), t=text))
    return int(s)


def jsonable(value: Any) -> Any:
    """A value as the history keeps it: dates and times as ISO 8601 text, times in Vietnam time."""
    if isinstance(value, datetime):
        return clock.local(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{"field": [old, new]}`` for every field of ``new`` whose value differs from ``old``."""
    return {k: [jsonable(old.get(k)), jsonable(v)] for k, v in new.items() if old.get(k) != v}


def record(conn: Connection, register: Register, record_id: int, *, at: datetime, actor: str,
           changed: Mapping[str, list[Any]], note: str = "", **columns: Any) -> None:
    """Add one history row (``columns``: what this register's history keeps besides)."""
    conn.execute(insert(register.history).values({
        register.record_column: record_id, "at": at, "actor": actor, "changes": dict(changed), "note": note,
        **columns}))


def save(conn: Connection, register: Register, record_id: int, version: int, values: Mapping[str, Any], *,
         at: datetime, actor: str, changed: Mapping[str, list[Any]], note: str = "", **columns: Any) -> None:
    """Write ``values`` to the record read at ``version`` (the version goes up by one) and record the
    change; ConflictError, and nothing written, when the record is no longer at that version."""
    t = register.table
    res = conn.execute(update(t).where(t.c.id == record_id, t.c.version == version)
                       .values(**values, version=version + 1, updated_at=at))
    if res.rowcount != 1:
        raise conflict(conn, register, record_id, version)
    record(conn, register, record_id, at=at, actor=actor, changed=changed, note=note, **columns)


def check_version(conn: Connection, register: Register, record_id: int, current: int,
                  expected: int | None) -> None:
    """ConflictError when the officer worked from another version (``--expect-version``) than ``current``."""
    if expected is not None and expected != current:
        raise conflict(conn, register, record_id, expected)


def conflict(conn: Connection, register: Register, record_id: int, expected: int) -> ConflictError:
    """The message the second officer reads: who changed the record, what, and how to go on."""
    t, h = register.table, register.history
    cur = conn.execute(select(t.c.version).where(t.c.id == record_id)).scalar()
    last = conn.execute(select(h).where(h.c[register.record_column] == record_id)
                        .order_by(h.c.id.desc()).limit(1)).first()
    who = f"{last.actor} ({clock.fmt_datetime(last.at)})" if last is not None else "?"
    what = register.describe(dict(last.changes)) if last is not None else ""
    return ConflictError(msg("register.someone_else_has_just_changed", n=tr(*register.noun), w=who, c=f" — {what}" if what else "", e=expected, v=cur, g=register.command, i=record_id), location=f"#{record_id}")


def version_to_expect(ws: Workspace, register: Register, record_id: int, given: int | None) -> int | None:
    """The version a command changes a record against: the one the officer saw (``--expect-version``),
    or else the one read now, before the write transaction, so that a change someone else commits in
    between is a conflict rather than silently overwritten. None when there is no such record (the
    write then says so)."""
    if given is not None:
        return given
    t = register.table
    with ws.read() as conn:
        found: int | None = conn.execute(select(t.c.version).where(t.c.id == record_id)).scalar()
    return found
