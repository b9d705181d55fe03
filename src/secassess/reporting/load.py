"""Read everything a system report needs from the workspace, in one read transaction.

The assessment, its results and score (``secassess.assessment.score``, the same scoring as
``assess score``), the previous finalized assessment of the system and the comparison, scans
with observations and rule outcomes, attachments (the evidence manifest), the system's
remediation items as of the report date, and the catalog's title and parameter names (kept in
the assessment's snapshot; for older assessments, read from the catalog files).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from secassess import __version__, clock
from secassess.reporting.build import ParameterMeta, ReportData

if TYPE_CHECKING:

    from secassess.workspace import Workspace


def catalog_header(ws: Workspace, catalog_id: str, version: str) -> dict[str, Any] | None:
    """The ``catalog.yaml`` of the assessment's catalog (title and parameter names), read alone —
    not the whole catalog. The same version is preferred; any version with the same id will do,
    since only labels are taken from it (values come from the assessment's snapshot)."""
    from secassess.catalog.paths import CATALOG_FILE, builtin_dirs, catalog_folders
    from secassess.errors import InputError
    from secassess.yamlio import load_yaml

    bases = [builtin_dirs()[0], *(ws.root / d for d in ws.config.checklist_dirs)]
    found: list[dict[str, Any]] = []
    for base in bases:
        for folder in catalog_folders(base):
            f = folder / CATALOG_FILE
            try:
                data = load_yaml(f, max_bytes=2 * 1024 * 1024).data
            except InputError:
                continue
            if isinstance(data, dict) and data.get("id") == catalog_id:
                if str(data.get("version")) == version:
                    return data
                found.append(data)
    return found[0] if found else None


def _parameter_meta(header: dict[str, Any] | None) -> dict[str, ParameterMeta]:
    out: dict[str, ParameterMeta] = {}
    for name, p in ((header or {}).get("parameters") or {}).items():
        if isinstance(p, dict) and isinstance(p.get("title"), dict):
            unit = p.get("unit") if isinstance(p.get("unit"), dict) else None
            out[str(name)] = ParameterMeta(title=p["title"], unit=unit)
    return out


def load_report_data(ws: Workspace, assessment_id: int, *, today: date | None = None,
                     now: datetime | None = None) -> ReportData:
    """Everything for the report of one assessment (``InputError`` when it does not exist)."""
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
    # the labels the assessment kept when it started; older assessments did not keep them
    header = ({"title": a.snapshot["catalog_title"], "parameters": a.snapshot.get("parameter_meta")}
              if "catalog_title" in a.snapshot else catalog_header(ws, a.catalog_id, a.catalog_version))
    as_of, max_age = evidence_window(a, now)
    return ReportData(
        config=ws.config, system=system, unit_name=unit.name, assessment=a, rows=rows, score=report,
        today=today, generated_at=now, generator=f"secassess {__version__}", previous=previous,
        previous_rows=previous_rows, comparison=comparison, scans=scans, observations=observations,
        outcomes=outcomes, attachments=attachments, items=items, findings=findings,
        evidence_max_age_days=max_age, evidence_as_of=as_of,
        catalog_title=(header or {}).get("title") if isinstance((header or {}).get("title"), dict) else None,
        parameters=_parameter_meta(header))


def default_output(ws: Workspace, system_id: str, assessment_id: int, extension: str) -> Path:
    """``<workspace>/reports/<system>-danh-gia-<id><ext>``."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in system_id)
    return ws.reports_dir / f"{safe}-danh-gia-{assessment_id}{extension}"
