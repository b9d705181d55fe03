"""The workspace settings use cases: read by everyone, changed by the administrator only."""

from __future__ import annotations

import pytest

from secassess.app.settings import change_setting, show_settings
from secassess.errors import ForbiddenError
from tests.app.registers import ADMIN, OFFICER, STP_OFFICER, VIEWER, Registers, registers_fixture  # noqa: F401


def test_settings_are_read_by_all_and_changed_by_the_administrator(registers: Registers) -> None:
    ws, config = registers.ws, registers.root / "secassess.yaml"
    assert "issuing_body" in {k for k, _ in show_settings(ws, VIEWER).missing}
    before = config.read_bytes()
    for actor in (OFFICER, STP_OFFICER, VIEWER):
        with pytest.raises(ForbiddenError):
            change_setting(ws, actor, "issuing_body", ["Công an tỉnh Sông Lam"])
    assert config.read_bytes() == before
    done = change_setting(ws, ADMIN, "recipients", ["Bộ Công an", " ", "UBND tỉnh"])
    assert done.value == ["Bộ Công an", "UBND tỉnh"] and ws.config.recipients == ["Bộ Công an", "UBND tỉnh"]
    assert "UBND tỉnh" in config.read_text(encoding="utf-8")
    assert show_settings(ws, STP_OFFICER).values["recipients"] == ["Bộ Công an", "UBND tỉnh"]
