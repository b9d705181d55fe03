"""The one strict JSON reader for imported scanner output (Nuclei, testssl.sh, Wazuh).

Files come from outside, so before Python's parser sees them their nesting depth is measured
(without recursion) and refused beyond :data:`MAX_DEPTH`: a file of a million ``[`` would
otherwise exhaust the interpreter's stack. The parser then refuses what JSON does not allow but
Python accepts (``NaN``, ``Infinity``) and keys repeated in one object (two readers of the file
could see different values). Every problem is an :class:`InputError` naming the file and line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from itertools import accumulate
from typing import Any

from secassess.errors import InputError
from secassess.messages import msg

MAX_DEPTH = 32  # no format read here nests deeper than 8; a margin, far below the recursion limit

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")


def nesting_depth(data: bytes) -> int:
    """The deepest nesting of arrays and objects in ``data`` (brackets inside strings ignored),
    measured with a flat scan."""
    brackets = _STRING.sub(b'""', data).translate(None, _NOT_BRACKET)
    return max(accumulate(1 if c in b"[{" else -1 for c in brackets), default=0)


def _line(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _where(line: int) -> str:
    return msg("scan.jsonread.line", n=line)


def _decode(data: bytes, file: str | None, first_line: int = 1) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(msg("scan.jsonread.file_not_utf_8_text", b=exc.start),
                         file, _where(first_line + _line(data, exc.start) - 1)) from None


def _check_depth(data: bytes, file: str | None, first_line: int, max_depth: int) -> None:
    depth = nesting_depth(data)
    if depth > max_depth:
        raise InputError(msg("scan.jsonread.json_nests_levels_deep_above", d=depth, m=max_depth), file, _where(first_line))


def _no_constants(name: str) -> Any:
    raise ValueError(msg("scan.jsonread.not_valid_json_value", n=name))


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(msg("scan.jsonread.key_repeated_one_object", k=k[:60]))
        out[k] = v
    return out


_DECODER = json.JSONDecoder(parse_constant=_no_constants, object_pairs_hook=_unique_keys)


def _parse_error(exc: Exception, file: str | None, first_line: int) -> InputError:
    if isinstance(exc, json.JSONDecodeError):
        return InputError(msg("scan.jsonread.not_valid_json_column", c=exc.colno, e=exc.msg), file, _where(first_line + exc.lineno - 1))
    if isinstance(exc, RecursionError):  # cannot happen after the depth check; kept as a backstop
        return InputError(msg("scan.jsonread.json_nests_too_deep"), file, _where(first_line))
    return InputError(msg("scan.jsonread.not_valid_json", e=str(exc)[:200]), file,
                      _where(first_line))


def load_json(data: bytes, *, file: str | None = None, first_line: int = 1, max_depth: int = MAX_DEPTH) -> Any:
    """One JSON document."""
    _check_depth(data, file, first_line, max_depth)
    text = _decode(data, file, first_line)
    try:
        return _DECODER.decode(text)
    except (ValueError, RecursionError) as exc:
        raise _parse_error(exc, file, first_line) from None


def iter_documents(data: bytes, *, file: str | None = None, max_depth: int = MAX_DEPTH) -> Iterator[Any]:
    """One or more JSON documents written one after another (``curl A; curl B`` into one file)."""
    _check_depth(data, file, 1, max_depth)
    text = _decode(data, file)
    pos, end = 0, len(text)
    while True:
        while pos < end and text[pos] in " \t\r\n":
            pos += 1
        if pos >= end:
            return
        try:
            value, pos = _DECODER.raw_decode(text, pos)
        except (ValueError, RecursionError) as exc:
            raise _parse_error(exc, file, 1) from None
        yield value


def iter_lines(data: bytes, *, file: str | None = None, max_depth: int = MAX_DEPTH) -> Iterator[tuple[int, Any]]:
    """JSON Lines: ``(line number, value)`` for every non-blank line."""
    start, number = 0, 0
    size = len(data)
    while start < size:
        stop = data.find(b"\n", start)
        if stop < 0:
            stop = size
        number += 1
        line = data[start:stop]
        start = stop + 1
        if not line.strip():
            continue
        yield number, load_json(line, file=file, first_line=number, max_depth=max_depth)
