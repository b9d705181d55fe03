"""Planning a run: everything checked before nmap starts (kept apart from recording, so a
``scan run`` starts nmap without first importing the parser, the rules and pydantic models)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection

from secassess.assessment.service import (
    Assessment,
    ResultRow,
    ensure_draft,
    load_assessment,
    load_results,
)
from secassess.inventory.service import System, get_system
from secassess.scan.profiles import (
    DEFAULT_PROFILE,
    ScanProfile,
    get_profile,
    parse_ports,
    plan_ports,
)
from secassess.scan.runner import Scanner, ScanRequest
from secassess.scan.scope import Scope, authorised_targets, select_scope


@dataclass(frozen=True)
class RunPlan:
    """Everything checked before nmap starts."""

    assessment: Assessment
    system: System
    scope: Scope
    profile: ScanProfile
    request: ScanRequest
    command: list[str]
    rows: list[ResultRow]  # the assessment's results, read while planning (their scan rules)


def rule_ports(rows: Iterable[ResultRow]) -> list[str]:
    """Every ``"23/tcp"`` port named by the scan rules of the assessment's controls."""
    out: list[str] = []
    for r in rows:
        for rule in r.control.get("scan_rules") or []:
            for p in (rule.get("args") or {}).get("ports") or []:
                if isinstance(p, str) and p not in out:
                    out.append(p)
    return out


def plan_run(conn: Connection, assessment_id: int, scanner: Scanner, *, profile: str = DEFAULT_PROFILE,
             targets: Sequence[str] = (), ports: str | None = None, timeout: float = 1800.0,
             max_addresses: int = 256) -> RunPlan:
    """Check everything about a run without starting nmap: the assessment is a draft, every
    target lies inside the system's authorised targets, ranges fit the address limit, the
    profile exists, ``ports`` parses. Raises :class:`InputError` otherwise."""
    assessment = load_assessment(conn, assessment_id)
    ensure_draft(assessment)
    system = get_system(conn, assessment.system_id)
    scan_profile = get_profile(profile)
    explicit = parse_ports(ports) if ports is not None else None
    authorised = authorised_targets(system.id, system.targets)
    scope = select_scope(targets, authorised, max_addresses)
    rows = load_results(conn, assessment_id)
    top = scanner.top_ports() if explicit is None else []
    port_set = plan_ports(explicit, top, system.allowed_ports, rule_ports(rows))
    request = ScanRequest(targets=scope.texts, ports=port_set, profile=scan_profile, ipv6=scope.ipv6,
                          timeout=timeout)
    return RunPlan(assessment, system, scope, scan_profile, request, scanner.command(request), rows)
