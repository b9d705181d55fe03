"""Read everything a system report needs from the workspace, in one read transaction — the system
report's read model. Each part comes from its own package's reader, so the report holds no SQL:

- the assessment, its results and score: ``assessment.score.score`` (the same scoring as
  ``assess score``); the assessment it is compared with: ``assessment.service.previous_finalized``
  (the same as ``assess score --compare-previous``) and ``scoring.compare``;
- the system and its unit: ``inventory.service.get_system``, ``get_unit``;
- scans with their observations, rule outcomes and tool findings, and the evidence window:
  ``scan.service``; attachments (the evidence manifest): ``evidence.store.list_attachments``;
- the system's remediation items as of the report date: ``remediation.service.list_items`` (read
  only: an item whose risk acceptance has expired reads as open — ``risk_expired`` — without being
  reopened here; reports never write);
- the catalog's title and parameter labels: ``assessment.labels.catalog_labels``, from the
  assessment's snapshot (catalog files are read only for assessments of secassess 0.1, whose
  snapshots kept no labels).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from secassess import __version__, clock
from secassess.reporting.build import ReportData

if TYPE_CHECKING:

    from secassess.workspace import Workspace


def load_report_data(ws: Workspace, assessment_id: int, *, today: date | None = None,
                     now: datetime | None = None) -> ReportData:
    """Everything for the report of one assessment (``InputError`` when it does not exist)."""
    from secassess.assessment.labels import catalog_labels
    from secassess.assessment.score import score, score_rows
    from secassess.assessment.service import load_results, previous_finalized
    from secassess.evidence.store import list_attachments
    from secassess.inventory.service import get_system, get_unit
    from secassess.remediation.service import list_items
    from secassess.scan.service import (
        evidence_window,
        findings_by_scan,
        list_scans,
        load_observations,
        load_outcomes,
    )
    from secassess.scoring import compare

    now = now or clock.now()
    today = today or clock.local(now).date()
    with ws.read() as conn:
        a, rows, report = score(conn, assessment_id)
        system = get_system(conn, a.system_id)
        unit = get_unit(conn, system.unit_id)
        previous = previous_finalized(conn, a)
        previous_rows = load_results(conn, previous.id) if previous is not None else []
        comparison = (compare(score_rows(previous, previous_rows), report) if previous is not None else None)
        scans = list_scans(conn, assessment_id)
        observations = {sc.id: load_observations(conn, [sc.id]) for sc in scans}
        outcomes = load_outcomes(conn, [sc.id for sc in scans]) if scans else []
        findings = findings_by_scan(conn, [sc.id for sc in scans if sc.scanner != "nmap"])
        attachments = list_attachments(conn, assessment_id)
        items = list_items(conn, system_id=system.id, as_of=today)
    labels = catalog_labels(a, [ws.root / d for d in ws.config.checklist_dirs])
    as_of, max_age = evidence_window(a, now)
    return ReportData(
        config=ws.config, system=system, unit_name=unit.name, assessment=a, rows=rows, score=report,
        today=today, generated_at=now, generator=f"secassess {__version__}", previous=previous,
        previous_rows=previous_rows, comparison=comparison, scans=scans, observations=observations,
        outcomes=outcomes, attachments=attachments, items=items, findings=findings,
        evidence_max_age_days=max_age, evidence_as_of=as_of,
        catalog_title=labels.title, parameters=labels.parameters)


def default_output(ws: Workspace, system_id: str, assessment_id: int, extension: str) -> Path:
    """``<workspace>/reports/<system>-danh-gia-<id><ext>``."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in system_id)
    return ws.reports_dir / f"{safe}-danh-gia-{assessment_id}{extension}"
