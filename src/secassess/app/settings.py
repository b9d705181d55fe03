"""Workspace settings use cases (cấu hình, ``secassess.yaml``): read them, with those an issued
document needs still empty; change one. Reading is for everyone; changing is the administrator's."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from secassess.app.actor import Actor
from secassess.errors import ForbiddenError
from secassess.messages import msg

if TYPE_CHECKING:
    from collections.abc import Sequence

    from secassess.workspace import Workspace


@dataclass(frozen=True)
class Settings:
    #: every setting, nested as in the file (JSON types)
    values: dict[str, Any]
    #: (dotted key, what it is) of the settings an issued document needs that are empty
    missing: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class SettingChanged:
    key: str
    value: Any  # as stored now (JSON types)


def show_settings(ws: Workspace, actor: Actor) -> Settings:
    from secassess.config import missing_issuer_settings

    return Settings(ws.config.model_dump(mode="json"), missing_issuer_settings(ws.config))


def change_setting(ws: Workspace, actor: Actor, key: str, values: Sequence[str]) -> SettingChanged:
    """Set ``key`` (dotted for nested settings: ``signer.name``) to ``values`` (one value, or several
    for a list), checked as the file is and written atomically; the workspace reads it from now on."""
    from secassess.config import set_setting

    if actor.role != "admin":
        raise ForbiddenError(msg("app.settings.only_administrator_may_change_settings"))
    ws.config = set_setting(ws.root, ws.config, key, list(values))
    shown: Any = ws.config.model_dump(mode="json")
    for part in key.split("."):
        shown = shown[part]
    return SettingChanged(key, shown)
