"""Offline validation against NIST's OSCAL JSON schemas (``schemas/``, OSCAL 1.2.1).

The schemas are draft-07 JSON Schema. Their ``pattern`` keywords use Unicode property classes
(``\\p{L}``) that Python's ``re`` rejects, so patterns are checked with the ``regex`` module, with
``$`` meaning the end of the string as in ECMA-262 (Python's ``$`` also matches before a final
newline). Formats are checked too (``date-time``, ``uri``, ``uri-reference``, ``email``). Nothing
in the schemas is relaxed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from secassess.errors import InputError, Problem
from secassess.messages import msg

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
#: root key of a document -> its schema file
MODELS: dict[str, str] = {
    "catalog": "oscal_catalog_schema.json",
    "profile": "oscal_profile_schema.json",
    "assessment-results": "oscal_assessment-results_schema.json",
    "plan-of-action-and-milestones": "oscal_poam_schema.json",
}
MAX_SHOWN = 20


def ecma_pattern(pattern: str) -> str:
    """``pattern`` with every ``$`` outside a character class made ``\\Z`` (end of string only)."""
    out: list[str] = []
    in_class = escaped = False
    for c in pattern:
        if escaped:
            out.append(c)
            escaped = False
        elif c == "\\":
            out.append(c)
            escaped = True
        elif in_class:
            out.append(c)
            in_class = c != "]"
        elif c == "[":
            out.append(c)
            in_class = True
        elif c == "$":
            out.append(r"\Z")
        else:
            out.append(c)
    return "".join(out)


@cache
def _compiled(pattern: str) -> Any:
    import regex

    return regex.compile(ecma_pattern(pattern))


def _format_checker() -> Any:
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())

    @checker.checks("date-time", raises=ValueError)
    def _date_time(value: object) -> bool:
        if isinstance(value, str):
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        return True

    @checker.checks("uri")
    def _uri(value: object) -> bool:
        return not isinstance(value, str) or (bool(urlsplit(value).scheme) and _no_space(value))

    @checker.checks("uri-reference")
    def _uri_reference(value: object) -> bool:
        return not isinstance(value, str) or _no_space(value)

    @checker.checks("email")
    def _email(value: object) -> bool:
        return not isinstance(value, str) or ("@" in value.strip("@") and _no_space(value))

    return checker


def _no_space(value: str) -> bool:
    return not any(c.isspace() or ord(c) < 32 for c in value)


@cache
def _validator(model: str) -> Any:
    from jsonschema import Draft7Validator, validators
    from jsonschema.exceptions import ValidationError

    def pattern(validator: Any, patrn: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
        if validator.is_type(instance, "string") and not _compiled(patrn).search(instance):
            yield ValidationError(f"{instance!r} does not match {patrn!r}")

    cls = validators.extend(Draft7Validator, {"pattern": pattern})
    schema = json.loads((SCHEMA_DIR / MODELS[model]).read_text(encoding="utf-8"))
    return cls(schema, format_checker=_format_checker())


def model_of(doc: object) -> str | None:
    """The OSCAL model of a document (its one root key besides ``$schema``), or None."""
    if not isinstance(doc, dict):
        return None
    keys = [k for k in doc if k != "$schema"]
    return keys[0] if len(keys) == 1 and keys[0] in MODELS else None


def _path(parts: Any) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(root)"


def _deepest(error: Any) -> Any:
    """For ``anyOf``/``oneOf`` failures, the alternative that got furthest into the document is the
    useful one (the others fail at the top: "additional property")."""
    from jsonschema.exceptions import best_match

    while error.context:
        depth = max(len(e.absolute_path) for e in error.context)
        error = best_match([e for e in error.context if len(e.absolute_path) == depth])
    return error


def problems(doc: object, model: str | None = None) -> list[Problem]:
    """Every way ``doc`` breaks its OSCAL schema (empty when it is valid), at most
    :data:`MAX_SHOWN` of them, each with the JSON path where it happens."""
    model = model or model_of(doc)
    if model is None:
        return [Problem(msg("oscal.validate.not_oscal_document_expected_exactly", m=", ".join(MODELS)), location="(root)")]
    out: list[Problem] = []
    for error in sorted(_validator(model).iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))):
        deep = _deepest(error)
        out.append(Problem(deep.message[:300], location=_path(deep.absolute_path)))
        if len(out) >= MAX_SHOWN:
            break
    return out


def check(doc: dict[str, Any], where: str) -> None:
    """Raise :class:`InputError` naming ``where`` when ``doc`` is not valid OSCAL."""
    found = problems(doc)
    if found:
        first = found[0]
        raise InputError(msg("oscal.validate.oscal_document_does_not_validate", m=first.message),
                         where, first.location, problems=[Problem(p.message, where, p.location) for p in found[1:]])
