"""Two units' registers for the use-case tests: STP and SYT, a system each with remediation items from
a finalized assessment (written straight into the tables, as the remediation service tests do) and an
incident each, recorded through the use case by an administrator."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from secassess.app.actor import Actor
from secassess.clock import LOCAL_TZ
from secassess.remediation import service
from secassess.workspace import Workspace
from tests.remediation.tables import add_finalized, add_system

ADMIN = Actor("quan-tri", "admin")
OFFICER = Actor("can-bo-tinh", "officer")
STP_OFFICER = Actor("dau-moi-stp", "unit_officer", "STP")
VIEWER = Actor("lanh-dao", "viewer")

NOW = "2026-10-20T10:00:00+07:00"
FINALIZED = datetime(2026, 9, 1, 9, 0, tzinfo=LOCAL_TZ)


@dataclass
class Registers:
    ws: Workspace
    root: Path
    stp_items: list[int]  # MANG-01 critical, QLRR-01 high
    syt_items: list[int]  # QLRR-02 medium
    stp_incident: int
    syt_incident: int

    def db(self) -> bytes:
        return (self.root / "secassess.db").read_bytes()


@pytest.fixture(name="registers")
def registers_fixture(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Registers]:
    """(Imported by the test modules that use it: ``tests/app/conftest.py`` belongs to the inventory,
    assessment and scan use cases' tests.)"""
    from secassess.app.incidents import NewIncident, add_incident

    monkeypatch.setenv("SECASSESS_NOW", NOW)
    ws = Workspace.open(workspace)
    try:
        with ws.write() as conn:
            add_system(conn, "STP-QLVB", "STP")
            add_system(conn, "SYT-HIS", "SYT")
            a = add_finalized(conn, "STP-QLVB", {"MANG-01": "fail", "QLRR-01": "fail", "MANG-03": "pass"},
                              finalized_at=FINALIZED)
            service.sync_with_assessment(conn, a, actor="assessor")
            b = add_finalized(conn, "SYT-HIS", {"QLRR-02": "fail"}, finalized_at=FINALIZED)
            service.sync_with_assessment(conn, b, actor="assessor")
            by_system: dict[str, list[int]] = {}
            for i in service.list_items(conn):
                by_system.setdefault(i.system_id, []).append(i.id)
        incidents = [add_incident(ws, ADMIN, NewIncident(
            system_id=s, detected_at=datetime(2026, 10, 18, 8, 0, tzinfo=LOCAL_TZ), category="malware",
            severity="high", description=f"Mã độc trên {s}")).id for s in ("STP-QLVB", "SYT-HIS")]
        yield Registers(ws, workspace, by_system["STP-QLVB"], by_system["SYT-HIS"], *incidents)
    finally:
        ws.close()


def refused(call: Callable[[], Any], error: type[Exception]) -> str:
    """What ``call`` is told: it must raise ``error``."""
    with pytest.raises(error) as caught:
        call()
    return str(caught.value)
