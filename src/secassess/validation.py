"""The one place that turns a pydantic validation error into a sentence an officer can act on,
in Vietnamese or English (pydantic's own messages are English only)."""

from __future__ import annotations

from typing import Any

from secassess.messages import msg


def explain(err: Any, field: str, *, pattern_hint: str | None = None) -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) as a sentence naming ``field``."""
    kind: str = err["type"]
    ctx: dict[str, Any] = err.get("ctx") or {}
    if kind == "missing":
        return msg("validation.missing_required_field", f=field)
    if kind == "extra_forbidden":
        return msg("validation.field_not_allowed_misspelt", f=field)
    if kind == "string_pattern_mismatch":
        return msg("validation.has_wrong_format", f=field, m=pattern_hint or err["msg"])
    if kind in ("string_too_short", "too_short"):
        return msg("validation.must_not_empty", f=field)
    if kind == "string_too_long" or (kind == "too_long" and isinstance(err.get("input"), str)):
        return msg("validation.too_long_most_characters", f=field, m=ctx.get("max_length", "?"))
    if kind == "too_long":
        return msg("validation.too_long_most_items", f=field, m=ctx.get("max_length", "?"))
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return msg("validation.must_whole_number", f=field)
    if kind in ("float_parsing", "float_type"):
        return msg("validation.must_number", f=field)
    if kind in ("bool_parsing", "bool_type"):
        return msg("validation.must_true_false", f=field)
    if kind.startswith("datetime"):
        return msg("validation.must_date_time_e_g", f=field)
    if kind.startswith("date"):
        return msg("validation.must_date_e_g_2025", f=field)
    if kind == "string_type":
        return msg("validation.must_text", f=field)
    if kind in ("list_type", "tuple_type", "set_type"):
        return msg("validation.must_list", f=field)
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return msg("validation.must_mapping_key_value", f=field)
    if kind == "literal_error":
        return msg("validation.must_one", f=field, e=ctx.get("expected", ""))
    bounds = {"greater_than_equal": ("≥", "ge"), "less_than_equal": ("≤", "le"), "greater_than": (">", "gt"),
              "less_than": ("<", "lt")}
    if kind in bounds:
        sign, key = bounds[kind]
        return msg("validation.must", f=field, s=sign, v=ctx.get(key, ""))
    if kind == "value_error":  # our own validators raise ValueError with a sentence in the user's language
        return f"“{field}”: {ctx.get('error', err['msg'])}"
    return msg("validation.not_valid", f=field)  # never pydantic's English
