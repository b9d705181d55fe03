"""Scan use cases (rà quét): run nmap on a system's authorised targets, import a scanner's file, and
show what the scans of an assessment saw, decided and covered.

Who may do what: running nmap is the province's step (admin, officer) — the scanner probes networks
from where secassess runs, and a system's authorised targets are edited by its unit; importing the file
of a unit's own run is open to the unit's officers too, while the assessment is a draft; whoever may
see the system sees its scans.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from secassess.app import visible
from secassess.app.actor import Actor, require_change, require_province
from secassess.errors import InputError
from secassess.messages import msg

if TYPE_CHECKING:
    from secassess.assessment.service import Assessment, ResultRow
    from secassess.scan.rules import Finding, Observation
    from secassess.scan.runner import Progress, Scanner
    from secassess.scan.service import MergedControl, OutcomeRecord, Recorded, ScanRecord
    from secassess.workspace import Workspace


def _tables(ws: Workspace, assessment: Assessment, rows: Sequence[ResultRow]) -> tuple[dict[str, Any], str | None]:
    """The catalog data tables the assessment's scan rules read, and a warning when they cannot be had
    (the rules needing them then stay undecided)."""
    from secassess.scan.service import needs_tables, tables_for

    if not needs_tables(rows):
        return {}, None
    try:
        lib = ws.library
    except InputError:
        return {}, msg("app.scans.catalogs_could_not_loaded_run")
    return tables_for(assessment, lib.catalogs)


# ----------------------------------------------------------------------------------------- run

@dataclass(frozen=True)
class ScanOptions:
    """What to scan: a profile (``quick``, ``standard``, ``tls``), some of the authorised targets (default:
    all), exactly these TCP ports (default: nmap's most common, the allowed and the rules' ports), and how
    long nmap may take."""

    profile: str = "standard"
    targets: tuple[str, ...] = ()
    ports: str | None = None
    timeout: int = 1800


@dataclass(frozen=True)
class ScanPlanned:
    """A run checked and ready: the nmap command, the targets, how many TCP ports, the profile."""

    assessment_id: int
    command: list[str]
    targets: list[str]
    ports: int
    profile: str
    timeout: int


@dataclass(frozen=True)
class ScanRun:
    """A run: its plan, and what was recorded (None for a dry run)."""

    plan: ScanPlanned
    recorded: Recorded | None = None


def run_scan(ws: Workspace, actor: Actor, assessment_id: int, options: ScanOptions = ScanOptions(), *,
             dry_run: bool = False, on_start: Callable[[ScanPlanned], None] | None = None,
             progress: Progress | None = None, scanner: Scanner | None = None) -> ScanRun:
    """Scan the system's authorised targets with nmap and record the result as evidence of a draft
    assessment, judging its scan rules. Everything is checked before nmap starts (the assessment is a
    draft, the targets are authorised and within the address limit, the ports parse); ``dry_run`` stops
    there. ``on_start`` hears the plan as nmap starts, ``progress`` nmap's progress while it runs."""
    from secassess.scan.plan import plan_run

    if scanner is None:
        from secassess.scan.runner import NmapScanner

        scanner = NmapScanner()
    with ws.read() as conn:
        visible.assessment(conn, actor, assessment_id)
        require_province(actor)
        plan = plan_run(conn, assessment_id, scanner, profile=options.profile, targets=options.targets,
                        ports=options.ports, timeout=options.timeout,
                        max_addresses=ws.config.limits.scan_max_addresses)
    planned = ScanPlanned(assessment_id, list(plan.command), list(plan.scope.texts), len(plan.request.ports),
                          plan.profile.name, options.timeout)
    if dry_run:
        return ScanRun(planned)
    if on_start is not None:
        on_start(planned)
    # While nmap runs, the rest is made ready in the background: the parser, the rules, the
    # catalog's data tables (loading the catalogs takes a moment) and nmap's version.
    prepared: dict[str, Any] = {}
    ready = scanner

    def prepare() -> None:
        try:
            import secassess.scan.service  # noqa: F401  (parser, rules, pydantic models)

            prepared["tables"] = _tables(ws, plan.assessment, plan.rows)
            prepared["version"] = ready.version()
        except BaseException as exc:  # re-raised in the main thread
            prepared["error"] = exc

    helper = threading.Thread(target=prepare, name="scan-prepare", daemon=True)
    helper.start()
    try:
        raw = scanner.run(plan.request, progress)
    finally:
        helper.join()
    if "error" in prepared:
        raise prepared["error"]
    tables, warning = prepared["tables"]
    from secassess.scan.service import record_run

    with ws.write() as conn:
        rec = record_run(conn, ws.evidence_dir, plan, raw, actor.name, tables)
    if warning:
        rec.warnings.append(warning)
    rec.warnings.extend(w for w in raw.warnings if not w.startswith("Stats:"))
    return ScanRun(planned, rec)


# ----------------------------------------------------------------------------------------- import

def import_scan(ws: Workspace, actor: Actor, assessment_id: int, file: Path, *, tool: str | None = None,
                targets: Sequence[str] = (), scanned_at: datetime | None = None) -> Recorded:
    """Record a scanner's file (nmap, OpenVAS/Greenbone, Nuclei, testssl.sh, Lynis, Wazuh SCA; ``tool``
    or detected) as evidence of a draft assessment. Hosts outside the system's authorised targets are
    listed and ignored; ``targets`` says what the file covered when it cannot say, ``scanned_at`` when it
    ran. The same file twice is recorded once."""
    from secassess.assessment.service import ensure_draft, load_results
    from secassess.scan import service

    data = service.read_import_file(file, ws.config.limits.evidence_max_mb * 1024 * 1024)
    with ws.read() as conn:
        assessment, system = visible.assessment(conn, actor, assessment_id)
        require_change(actor, system.unit_id, msg("app.scans.assessment"), assessment_id)
        ensure_draft(assessment)
        rows = load_results(conn, assessment_id)
    parsed = service.parse_evidence(data, file_name=str(file), tool=tool)  # read before taking the write lock
    tables, warning = _tables(ws, assessment, rows)
    with ws.write() as conn:
        rec = service.import_scan(conn, ws.evidence_dir, assessment_id, data, file_name=str(file), actor=actor.name,
                                  tables=tables, parsed=parsed, targets=targets, scanned_at=scanned_at)
    if warning:
        rec.warnings.append(warning)
    return rec


# ----------------------------------------------------------------------------------------- show

@dataclass(frozen=True)
class ScanView:
    """The scans of an assessment and one of them in detail (``chosen``: the one asked for, else the
    latest; None when there is none).

    ``stale``: the scans too old to count (older than ``max_age_days`` before ``as_of``); ``hosts``:
    the hosts nmap reported; ``observations``: every port it listed, ``ports`` the open ones (every one
    with ``all_ports``); ``findings``: another tool's results, ``notable_findings`` those worth listing,
    worst first; ``outcomes``: the chosen scan's rule outcomes; ``controls``: questionnaire and scans
    side by side for every control with scan rules (all scans)."""

    assessment: Assessment
    scans: list[ScanRecord]
    stale: frozenset[int]
    as_of: datetime
    max_age_days: int
    chosen: ScanRecord | None
    hosts: list[Observation]
    observations: list[Observation]
    ports: list[Observation]
    findings: list[Finding]
    notable_findings: list[Finding]
    outcomes: list[OutcomeRecord]
    controls: list[MergedControl]

    @property
    def conflicts(self) -> list[MergedControl]:
        """Controls declared better than the scans found them (the scan's fail counts)."""
        return [m for m in self.controls if m.conflict]

    @property
    def not_covered(self) -> list[MergedControl]:
        """Controls whose checks did not cover every authorised target."""
        return [m for m in self.controls if m.uncovered]


def show_scans(ws: Workspace, actor: Actor, assessment_id: int, *, scan_id: int | None = None,
               all_ports: bool = False) -> ScanView:
    """What the scans of an assessment the actor may see showed: observations or findings, rule outcomes,
    what was and was not covered, and the comparison with the questionnaire."""
    from secassess.assessment.service import load_results
    from secassess.scan.service import (
        evidence_window,
        get_scan,
        list_scans,
        load_findings,
        load_observations,
        load_outcomes,
        merged_view,
        notable_findings,
        stale_scans,
    )

    with ws.read() as conn:
        assessment, _system = visible.assessment(conn, actor, assessment_id)
        scan_list = list_scans(conn, assessment_id)
        chosen = get_scan(conn, assessment_id, scan_id) if scan_id is not None else (scan_list[-1] if scan_list else None)
        obs = load_observations(conn, [chosen.id]) if chosen else []
        found = load_findings(conn, [chosen.id]) if chosen else []
        all_outcomes = load_outcomes(conn, [s.id for s in scan_list])
        merged = merged_view(load_results(conn, assessment_id), all_outcomes)
    as_of, max_age = evidence_window(assessment)
    return ScanView(
        assessment=assessment, scans=scan_list, stale=stale_scans(scan_list, as_of, max_age), as_of=as_of,
        max_age_days=max_age, chosen=chosen, hosts=[o for o in obs if o.port is None],
        observations=[o for o in obs if o.port is not None],
        ports=[o for o in obs if o.port is not None and (all_ports or o.state == "open")],
        findings=found, notable_findings=notable_findings(found),
        outcomes=[o for o in all_outcomes if chosen is not None and o.scan_id == chosen.id], controls=merged)
