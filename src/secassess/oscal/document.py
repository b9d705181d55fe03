"""OSCAL documents as files: read safely (size, depth, duplicate keys), written canonically
(UTF-8, two-space indent, keys in the order built) after validation, whole or not at all."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from secassess.errors import InputError
from secassess.fsutil import atomic_write_bytes, check_file
from secassess.messages import msg
from secassess.oscal import validate

MAX_DEPTH = 100  # OSCAL documents nest parts a dozen levels at most
INPUT_LIMIT = "limits.input_max_mb"


def dumps(doc: dict[str, Any]) -> bytes:
    """The bytes of a document as secassess writes it: the same document, the same bytes."""
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_document(path: Path, doc: dict[str, Any]) -> int:
    """Validate ``doc`` against its schema and write it atomically; returns its size. A document
    that does not validate is never written."""
    validate.check(doc, str(path))
    data = dumps(doc)
    atomic_write_bytes(path, data)
    return len(data)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(msg("oscal.document.key_appears_twice", k=k))
        out[k] = v
    return out


def _constant(name: str) -> Any:
    raise ValueError(msg("oscal.document.not_json_value", n=name))


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        v, d = stack.pop()
        deepest = max(deepest, d)
        if isinstance(v, dict):
            stack.extend((x, d + 1) for x in v.values())
        elif isinstance(v, list):
            stack.extend((x, d + 1) for x in v)
    return deepest


def read_document(path: Path, max_bytes: int) -> dict[str, Any]:
    """Parse one OSCAL JSON file. Bad input (too large, not UTF-8, not JSON, a duplicate key,
    NaN, nested deeper than :data:`MAX_DEPTH`, not an object) is an :class:`InputError` naming the
    file and, where known, the line."""
    check_file(path, max_bytes=max_bytes, what=msg("oscal.document.oscal_file"), setting=INPUT_LIMIT)
    shown = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(msg("oscal.document.file_not_utf_8_text", n=exc.start), shown) from None
    except OSError as exc:
        raise InputError(msg("oscal.document.cannot_read_file", e=exc.strerror or exc),
                         shown) from None
    try:
        doc = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise InputError(msg("oscal.document.not_valid_json", e=exc.msg), shown,
                         msg("oscal.document.line_column", l=exc.lineno, c=exc.colno)) from None
    except RecursionError:
        raise InputError(msg("oscal.document.json_nested_too_deeply_most", n=MAX_DEPTH), shown) from None
    except ValueError as exc:
        raise InputError(msg("oscal.document.not_valid_json", e=exc), shown) from None
    if _depth(doc) > MAX_DEPTH:
        raise InputError(msg("oscal.document.json_nested_too_deeply_most", n=MAX_DEPTH), shown)
    if not isinstance(doc, dict):
        raise InputError(msg("oscal.document.oscal_document_must_json_object"),
                         shown)
    return doc
