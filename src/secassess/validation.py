"""The one place that turns a pydantic validation error into a sentence an officer can act on,
in Vietnamese or English (pydantic's own messages are English only)."""

from __future__ import annotations

from typing import Any

from secassess.i18n import tr


def explain(err: Any, field: str, *, pattern_hint: str | None = None) -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) as a sentence naming ``field``."""
    kind: str = err["type"]
    ctx: dict[str, Any] = err.get("ctx") or {}
    if kind == "missing":
        return tr("thiếu trường bắt buộc “{f}”", "missing required field “{f}”", f=field)
    if kind == "extra_forbidden":
        return tr("trường “{f}” không được phép (gõ sai tên?)", "field “{f}” is not allowed (misspelt?)", f=field)
    if kind == "string_pattern_mismatch":
        return tr("“{f}” sai định dạng: {m}", "“{f}” has the wrong format: {m}", f=field,
                  m=pattern_hint or err["msg"])
    if kind in ("string_too_short", "too_short"):
        return tr("“{f}” không được để trống", "“{f}” must not be empty", f=field)
    if kind == "string_too_long" or (kind == "too_long" and isinstance(err.get("input"), str)):
        return tr("“{f}” quá dài (tối đa {m} ký tự)", "“{f}” is too long (at most {m} characters)", f=field,
                  m=ctx.get("max_length", "?"))
    if kind == "too_long":
        return tr("“{f}” quá dài (tối đa {m} mục)", "“{f}” is too long (at most {m} items)", f=field,
                  m=ctx.get("max_length", "?"))
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return tr("“{f}” phải là một số nguyên", "“{f}” must be a whole number", f=field)
    if kind in ("float_parsing", "float_type"):
        return tr("“{f}” phải là một số", "“{f}” must be a number", f=field)
    if kind in ("bool_parsing", "bool_type"):
        return tr("“{f}” phải là true hoặc false", "“{f}” must be true or false", f=field)
    if kind.startswith("datetime"):
        return tr("“{f}” phải là ngày giờ, ví dụ 2025-03-10 14:30", "“{f}” must be a date and time, e.g. "
                  "2025-03-10 14:30", f=field)
    if kind.startswith("date"):
        return tr("“{f}” phải là một ngày, ví dụ 2025-03-10", "“{f}” must be a date, e.g. 2025-03-10", f=field)
    if kind == "string_type":
        return tr("“{f}” phải là văn bản", "“{f}” must be text", f=field)
    if kind in ("list_type", "tuple_type", "set_type"):
        return tr("“{f}” phải là một danh sách", "“{f}” must be a list", f=field)
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return tr("“{f}” phải là một ánh xạ (khóa: giá trị)", "“{f}” must be a mapping (key: value)", f=field)
    if kind == "literal_error":
        return tr("“{f}” phải là một trong: {e}", "“{f}” must be one of: {e}", f=field, e=ctx.get("expected", ""))
    bounds = {"greater_than_equal": ("≥", "ge"), "less_than_equal": ("≤", "le"), "greater_than": (">", "gt"),
              "less_than": ("<", "lt")}
    if kind in bounds:
        sign, key = bounds[kind]
        return tr("“{f}” phải {s} {v}", "“{f}” must be {s} {v}", f=field, s=sign, v=ctx.get(key, ""))
    if kind == "value_error":  # our own validators raise ValueError with a sentence in the user's language
        return f"“{field}”: {ctx.get('error', err['msg'])}"
    return tr("“{f}” không hợp lệ", "“{f}” is not valid", f=field)  # never pydantic's English
