"""What an actor sees first (tổng quan): the assessments and systems within their scope, with where
each questionnaire is — for the home page and a system's page. Issue #18's dashboard goes further."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from secassess.app import scope
from secassess.app.actor import Actor

if TYPE_CHECKING:
    from secassess.assessment.service import Assessment
    from secassess.inventory.service import System
    from secassess.vocabulary import ReviewState
    from secassess.workspace import Workspace


@dataclass(frozen=True)
class AssessmentLine:
    assessment: Assessment
    system_name: str
    unit_id: str
    state: ReviewState
    answered: int
    total: int
    updated_at: datetime


def assessments(ws: Workspace, actor: Actor, *, system_id: str | None = None,
                include_finalized: bool = True) -> list[AssessmentLine]:
    """The assessments the actor may see (a unit officer: their unit's), newest first."""
    from secassess.assessment import review
    from secassess.assessment.service import list_assessments, result_counts
    from secassess.inventory.service import list_systems

    with ws.read() as conn:
        if system_id is not None:
            scope.system(conn, actor, system_id)
        visible = actor.visible_units()
        systems = {s.id: s for s in list_systems(conn) if visible is None or s.unit_id in visible}
        found = [a for a in list_assessments(conn, system_id=system_id) if a.system_id in systems
                 and (include_finalized or not a.finalized)]
        counts = result_counts(conn, [a.id for a in found])
        states = review.states(conn, [a.id for a in found])
    out = []
    for a in found:
        c = counts[a.id]
        total = sum(c.values())
        out.append(AssessmentLine(a, systems[a.system_id].name, systems[a.system_id].unit_id, states[a.id],
                                  total - c.get("not_assessed", 0), total, a.updated_at))
    return out


@dataclass(frozen=True)
class SystemPage:
    system: System
    unit_name: str
    assessments: list[AssessmentLine]


def system_page(ws: Workspace, actor: Actor, system_id: str) -> SystemPage:
    from secassess.inventory.service import get_unit

    with ws.read() as conn:
        found = scope.system(conn, actor, system_id)
        unit_name = get_unit(conn, found.unit_id).name
    return SystemPage(found, unit_name, assessments(ws, actor, system_id=system_id))


def systems(ws: Workspace, actor: Actor) -> list[System]:
    """The systems the actor may see."""
    from secassess.inventory.service import list_systems

    visible = actor.visible_units()
    with ws.read() as conn:
        return [s for s in list_systems(conn) if visible is None or s.unit_id in visible]
