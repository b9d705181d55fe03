"""What an officer writes about a unit (đơn vị) or a system (hệ thống thông tin): the one
validation used by ``unit add``, ``system add``, ``system edit`` and ``system import``.

Values arrive from YAML (typed), CSV (all text) and command-line options, so the models accept
the spellings people use: ``có``/``không``/``x`` for flags, ``10/03/2025`` or ``2025-03-10`` for
dates, targets and ports as lists or as one text separated by ``;``, ``,`` or spaces.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from secassess import validation
from secassess.errors import InputError
from secassess.inventory.targets import parse_port, parse_targets
from secassess.messages import msg
from secassess.text import fold, user_text

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"

_TRUE = {"true", "yes", "y", "1", "x", "co", "dung", "on"}
_FALSE = {"false", "no", "n", "0", "", "khong", "sai", "off"}


def _flag(value: Any) -> Any:
    if isinstance(value, str):
        f = fold(value)
        if f in _TRUE:
            return True
        if f in _FALSE:
            return False
        raise ValueError(msg("inventory.models.not_yes_no_use_yes", v=value))
    if value is None:
        return False
    return value


def _date(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        try:
            if m:
                return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError(msg("inventory.models.not_valid_date_use_2025", v=value)) from None
    return value


_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        if _CONTROL_CHARS.search(value):
            raise ValueError(msg("inventory.models.contains_non_printable_control_characters"))
        return user_text(value).strip()
    return value


def split_list(value: Any) -> Any:
    """A list, or one text separated by ``;``, ``,`` or whitespace (CSV cells, options)."""
    if value is None:
        return []
    if isinstance(value, str | int) and not isinstance(value, bool):
        return [p for p in re.split(r"[;,\s]+", str(value)) if p]
    return value


Flag = Annotated[bool, BeforeValidator(_flag)]
OptDate = Annotated[date | None, BeforeValidator(_date)]
Text = Annotated[str, BeforeValidator(_text), StringConstraints(max_length=4000)]
Name = Annotated[str, BeforeValidator(_text), StringConstraints(min_length=1, max_length=500)]
Ident = Annotated[str, BeforeValidator(_text), StringConstraints(pattern=ID_PATTERN)]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class UnitSpec(_Spec):
    """A unit (đơn vị): a department, agency or commune that owns systems."""

    id: Ident
    name: Name
    contact: Text = ""


class SystemSpec(_Spec):
    """A system as written by an officer. ``model_fields_set`` tells which fields were given,
    so an import updates only those of an existing system."""

    id: Ident
    name: Name
    unit: Ident
    level: int = Field(ge=1, le=5, strict=False)
    important: Flag = False
    national_database: Flag = False
    in_use: Flag = True
    description: Text = ""
    owner: Text = ""
    contact: Text = ""
    hosting: Text = ""
    level_dossier_approved: OptDate = None
    security_plan_approved: OptDate = None
    targets: Annotated[list[str], BeforeValidator(split_list)] = Field(default_factory=list)
    allowed_ports: Annotated[list[str], BeforeValidator(split_list)] = Field(default_factory=list)

    @field_validator("level", mode="before")
    @classmethod
    def _level(cls, v: Any) -> Any:
        if isinstance(v, bool) or (isinstance(v, float) and not v.is_integer()):
            raise ValueError(msg("inventory.models.level_must_whole_number_1"))
        if isinstance(v, str) and v.strip().isdigit():
            return int(v.strip())
        return v

    @field_validator("targets", mode="before")
    @classmethod
    def _targets_text(cls, v: Any) -> Any:
        return [str(x) if isinstance(x, int | float) and not isinstance(x, bool) else x for x in v] \
            if isinstance(v, list) else v

    @field_validator("targets")
    @classmethod
    def _targets(cls, v: list[str]) -> list[str]:
        try:
            return [t.value for t in parse_targets(v)]
        except InputError as exc:
            raise ValueError(exc.message) from None

    @field_validator("allowed_ports", mode="before")
    @classmethod
    def _ports_text(cls, v: Any) -> Any:
        return [str(x) if isinstance(x, int) and not isinstance(x, bool) else x for x in v] \
            if isinstance(v, list) else v

    @field_validator("allowed_ports")
    @classmethod
    def _ports(cls, v: list[str]) -> list[str]:
        out: list[str] = []
        for p in v:
            try:
                value = parse_port(p)
            except InputError as exc:
                raise ValueError(exc.message) from None
            if value not in out:
                out.append(value)
        return out


FIELD_LABELS: dict[str, tuple[str, str]] = {
    "id": ("mã", "id"), "name": ("tên", "name"), "unit": ("đơn vị", "unit"), "level": ("cấp độ", "level"),
    "important": ("quan trọng", "important"), "national_database": ("CSDL quốc gia", "national database"),
    "in_use": ("đang sử dụng", "in use"), "description": ("mô tả", "description"),
    "owner": ("chủ quản", "owner"), "contact": ("liên hệ", "contact"), "hosting": ("nơi đặt", "hosting"),
    "level_dossier_approved": ("ngày phê duyệt hồ sơ cấp độ", "level dossier approved"),
    "security_plan_approved": ("ngày phê duyệt phương án ATTT", "security plan approved"),
    "targets": ("mục tiêu rà quét", "targets"), "allowed_ports": ("cổng được phép", "allowed ports"),
}


def explain(err: Any) -> str:
    """One pydantic error as a sentence naming the field, in the user's language."""
    loc = [p for p in err["loc"] if not isinstance(p, int)]
    field = str(loc[0]) if loc else ""
    if err["type"] in ("greater_than_equal", "less_than_equal") and field == "level":
        return msg("inventory.models.level_must_1_5")
    return validation.explain(err, field, pattern_hint=msg("inventory.models.use_letters_digits_most_64"))


def validation_messages(exc: ValidationError) -> list[tuple[tuple[Any, ...], str]]:
    """(location, message) for every error of ``exc``."""
    return [(tuple(e["loc"]), explain(e)) for e in exc.errors()]

