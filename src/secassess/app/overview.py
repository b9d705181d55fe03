"""What an actor sees first (tổng quan): the assessments and systems within their scope, with where
each questionnaire is — for the home page and a system's page. The dashboard is :mod:`secassess.app.dashboard`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from secassess.app import visible
from secassess.app.actor import Actor

if TYPE_CHECKING:
    from secassess.app.dashboard import TrendPoint
    from secassess.assessment.service import AssessmentHead
    from secassess.inventory.service import System
    from secassess.remediation.service import RemediationItem
    from secassess.scan.service import ScanRecord
    from secassess.vocabulary import ReviewState
    from secassess.workspace import Workspace


@dataclass(frozen=True)
class AssessmentLine:
    assessment: AssessmentHead
    state: ReviewState
    answered: int
    total: int

    @property
    def system_name(self) -> str:
        return self.assessment.system_name

    @property
    def unit_id(self) -> str:
        return self.assessment.unit_id

    @property
    def updated_at(self) -> datetime:
        return self.assessment.updated_at


def assessments(ws: Workspace, actor: Actor, *, system_id: str | None = None, include_finalized: bool = True,
                finalized_limit: int | None = None) -> list[AssessmentLine]:
    """The assessments the actor may see (a unit officer: their unit's), newest first: the drafts, and the
    finalized ones too when asked (the newest ``finalized_limit`` of them)."""
    from secassess.assessment import review
    from secassess.assessment.service import list_heads, result_counts

    with ws.read() as conn:
        if system_id is not None:
            visible.system(conn, actor, system_id)
        found = list_heads(conn, unit_ids=actor.visible_units(), system_id=system_id,
                           status=None if include_finalized else "draft")
        if finalized_limit is not None:
            final = [a.id for a in found if a.finalized][:finalized_limit]
            keep = set(final)
            found = [a for a in found if not a.finalized or a.id in keep]
        counts = result_counts(conn, [a.id for a in found])
        states = review.states(conn, [a.id for a in found])
    out = []
    for a in found:
        c = counts[a.id]
        total = sum(c.values())
        out.append(AssessmentLine(a, states[a.id], total - c.get("not_assessed", 0), total))
    return out


@dataclass(frozen=True)
class SystemPage:
    system: System
    unit_name: str
    assessments: list[AssessmentLine]
    #: the finalized assessments, oldest first, scored as the reports score them
    trend: list[TrendPoint] = field(default_factory=list)
    #: the remediation items still being worked on (open, in progress), worst first
    open_items: list[RemediationItem] = field(default_factory=list)
    #: the scans run and the scanner files imported, newest first
    scans: list[ScanRecord] = field(default_factory=list)


def system_page(ws: Workspace, actor: Actor, system_id: str) -> SystemPage:
    from secassess.app.dashboard import system_trend
    from secassess.inventory.service import get_unit
    from secassess.remediation.rules import WORKING
    from secassess.remediation.service import list_items
    from secassess.scan.service import list_scans

    lines = assessments(ws, actor, system_id=system_id)
    with ws.read() as conn:
        found = visible.system(conn, actor, system_id)
        unit_name = get_unit(conn, found.unit_id).name
        items = list_items(conn, system_id=found.id, statuses=sorted(WORKING))
        scans = [rec for line in lines for rec in list_scans(conn, line.assessment.id)]
    scans.sort(key=lambda r: (r.when, r.id), reverse=True)
    return SystemPage(found, unit_name, lines, system_trend(ws, actor, found.id), items, scans)


def systems(ws: Workspace, actor: Actor) -> list[System]:
    """The systems the actor may see."""
    from secassess.inventory.service import list_systems

    visible = actor.visible_units()
    with ws.read() as conn:
        return [s for s in list_systems(conn) if visible is None or s.unit_id in visible]
