"""A small province for the use cases: two units (STP, SYT), a system and a draft assessment each, and
the sample nmap file imported into both — made through the use cases by an administrator."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from secassess.app.actor import Actor
from secassess.workspace import Workspace
from tests.conftest import FIXTURES

ADMIN = Actor("quan-tri", "admin")
OFFICER = Actor("can-bo-tinh", "officer")
STP_OFFICER = Actor("dau-moi-stp", "unit_officer", "STP")
VIEWER = Actor("lanh-dao", "viewer")

NMAP_SAMPLE = FIXTURES / "nmap" / "sample.xml"
SAMPLE_NOW = "2026-10-05T09:00:00+07:00"  # a few days after the sample scan


@dataclass
class Province:
    ws: Workspace
    stp_assessment: int
    syt_assessment: int
    stp_scan: int
    syt_scan: int


@pytest.fixture
def province(mini_builtin_ws: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Province]:
    from secassess.app.assessments import start
    from secassess.app.inventory import SystemFields, add_system, add_unit
    from secassess.app.scans import import_scan

    monkeypatch.setenv("SECASSESS_NOW", SAMPLE_NOW)
    ws = Workspace.open(mini_builtin_ws)
    try:
        ids: dict[str, tuple[int, int]] = {}
        for unit, name in (("STP", "Sở Tư pháp"), ("SYT", "Sở Y tế")):
            add_unit(ws, ADMIN, unit, name)
            add_system(ws, ADMIN, f"{unit}-QLVB", SystemFields(name=f"Quản lý văn bản {unit}", unit=unit, level=3),
                       targets=["10.10.5.0/28"])
            aid = start(ws, ADMIN, f"{unit}-QLVB").assessment.id
            ids[unit] = aid, import_scan(ws, ADMIN, aid, NMAP_SAMPLE).scan.id
        yield Province(ws, ids["STP"][0], ids["SYT"][0], ids["STP"][1], ids["SYT"][1])
    finally:
        ws.close()
