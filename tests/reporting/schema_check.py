"""A small JSON Schema validator for the keywords docs/report-json.md uses (no third-party
validator is installed): type, properties, required, items, anyOf, enum, const, $ref to
#/$defs, additionalProperties, and the date / date-time formats."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def _type_ok(value: Any, t: str) -> bool:
    if t == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if t == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, TYPES[t])


def errors(value: Any, schema: dict[str, Any], root: dict[str, Any], path: str = "$") -> list[str]:
    """Every place where ``value`` breaks ``schema`` (empty: valid)."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return errors(value, root["$defs"][name], root, path)
    if "anyOf" in schema:
        options = [errors(value, s, root, path) for s in schema["anyOf"]]
        if all(options):
            return [f"{path}: matches none of anyOf ({'; '.join(o[0] for o in options)})"]
        return []
    out: list[str] = []
    t = schema.get("type")
    if t is not None:
        kinds = t if isinstance(t, list) else [t]
        if not any(_type_ok(value, k) for k in kinds):
            return [f"{path}: expected {t}, got {type(value).__name__}"]
    if "const" in schema and value != schema["const"]:
        out.append(f"{path}: expected {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        out.append(f"{path}: {value!r} not in {schema['enum']}")
    fmt = schema.get("format")
    if fmt and isinstance(value, str):
        try:
            if fmt == "date":
                date.fromisoformat(value)
            elif fmt == "date-time" and datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is None:
                out.append(f"{path}: date-time without an offset")
        except ValueError:
            out.append(f"{path}: not a {fmt}: {value!r}")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                out.append(f"{path}: missing {key!r}")
        for key, v in value.items():
            if key in props:
                out += errors(v, props[key], root, f"{path}.{key}")
            else:
                extra = schema.get("additionalProperties", True)
                if extra is False:
                    out.append(f"{path}: unexpected {key!r}")
                elif isinstance(extra, dict):
                    out += errors(v, extra, root, f"{path}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, v in enumerate(value):
            out += errors(v, schema["items"], root, f"{path}[{i}]")
    return out
