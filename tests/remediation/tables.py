"""Rows written straight into the tables, for service tests that do not need the whole
assessment flow (the CLI walk-through in test_walkthrough.py uses the real commands)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert

from secassess import clock
from secassess.assessment.service import insert_assessment, insert_results
from secassess.store.schema.inventory import systems, units

# the mini fixture catalog's controls and severities
SEVERITY = {"QLRR-01": "high", "QLRR-02": "medium", "MANG-01": "critical", "MANG-02": "low",
            "MANG-03": "high", "VLY-01": "medium"}


def add_system(conn: Connection, system_id: str = "STP-QLVB", unit_id: str = "STP",
               owner: str = "Văn phòng Sở") -> None:
    now = clock.now()
    if conn.execute(units.select().where(units.c.id == unit_id)).first() is None:
        conn.execute(insert(units).values(id=unit_id, name=f"Đơn vị {unit_id}", created_at=now))
    conn.execute(insert(systems).values(id=system_id, name=f"Hệ thống {system_id}", unit_id=unit_id, level=3,
                                        owner=owner, targets=[], allowed_ports=[], created_at=now,
                                        updated_at=now))


def add_finalized(conn: Connection, system_id: str, answers: dict[str, Any], *,
                  finalized_at: datetime | None = None, due_days: dict[str, int] | None = None) -> int:
    """A finalized assessment with these results (``"fail"`` or ``("pass", "fail")`` for a declared
    result overridden by a technical one)."""
    at = finalized_at or clock.now()
    snapshot = {"due_days": due_days if due_days is not None else
                {"critical": 15, "high": 30, "medium": 90, "low": 180}}
    aid = insert_assessment(conn, dict(
        system_id=system_id, profile_id="level-3", catalog_id="mini-2025", catalog_version="1.0",
        catalog_digest="x" * 64, level=3, snapshot=snapshot, assessor="tester", status="finalized",
        started_at=at, finalized_at=at, finalized_by="tester", updated_at=at))
    rows = []
    for pos, (cid, res) in enumerate(answers.items()):
        declared, technical = res if isinstance(res, tuple) else (res, None)
        rows.append(dict(
            control_id=cid, position=pos, domain_id=cid.split("-")[0],
            severity=SEVERITY[cid], weight=1.0, mandatory=False,
            control={"id": cid, "title": {"vi": f"Yêu cầu {cid}", "en": f"Control {cid}"}},
            result=declared, technical_result=technical,
            justification="không có" if declared == "not_applicable" else ""))
    insert_results(conn, aid, rows)
    return aid
