"""Assessment use cases (đợt đánh giá): finalize, and the comparison with an earlier assessment."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from secassess import clock
from secassess.app.actor import Actor, require_province, require_see
from secassess.errors import InputError
from secassess.i18n import tr

if TYPE_CHECKING:
    from secassess.assessment.service import Assessment, Progress
    from secassess.remediation.service import SyncSummary
    from secassess.workspace import Workspace


@dataclass(frozen=True)
class Finalized:
    """A finalized assessment, what its questionnaire covered, and what happened to the
    remediation items of its system (opened, kept, reopened, verified)."""

    assessment: Assessment
    progress: Progress
    remediation: SyncSummary
    #: the items opened or reopened, counted by severity, worst first
    opened_by_severity: dict[str, int] = field(default_factory=dict)


def finalize(ws: Workspace, actor: Actor, assessment_id: int, *, allow_incomplete: bool = False,
             preview: bool = False) -> Finalized:
    """Finalize (chốt) an assessment, all in one transaction: bring its technical results up to the
    moment (scans older than the profile allows stop counting), lock it, and open, keep, reopen or
    verify the remediation items of its findings. A province step (admin, officer).

    ``preview``: do all of it and roll it back — what finalizing would do, by the code that does it
    (``assess finalize`` shows it before asking), the database unchanged."""
    from secassess.assessment.service import (
        finalize_assessment,
        load_assessment,
        load_results,
        progress,
    )
    from secassess.inventory.service import get_system
    from secassess.remediation.service import list_items, sync_with_assessment
    from secassess.scan.service import update_technical_results
    from secassess.vocabulary import SEVERITY_RANK

    with ws.write(dry_run=preview) as conn:
        a = load_assessment(conn, assessment_id)
        require_see(actor, get_system(conn, a.system_id).unit_id, tr("đợt đánh giá", "assessment"), assessment_id)
        require_province(actor)
        update_technical_results(conn, assessment_id, as_of=clock.now())
        a = finalize_assessment(conn, assessment_id, actor.name, allow_incomplete)
        items = sync_with_assessment(conn, assessment_id, actor=actor.name)
        done = progress(load_results(conn, assessment_id))
        opened = {*items.opened, *items.reopened}
        count = Counter(i.severity for i in list_items(conn, system_id=a.system_id) if i.id in opened)
    by_severity = {s: count[s] for s in sorted(count, key=lambda s: SEVERITY_RANK.get(s, len(SEVERITY_RANK)))}
    return Finalized(a, done, items, by_severity)


def compared_with(ws: Workspace, a: Assessment, *, other_id: int | None = None,
                  previous: bool = False) -> Assessment | None:
    """The assessment ``a`` is compared with: ``other_id`` (a finalized assessment of the same system),
    or with ``previous`` the one the reports compare with (``assessment.service.previous_finalized``)."""
    from secassess.assessment.service import load_assessment, previous_finalized

    with ws.read() as conn:
        if other_id is not None:
            other = load_assessment(conn, other_id)
            if other.id == a.id:
                raise InputError(tr("không so sánh một đợt đánh giá với chính nó",
                                    "an assessment cannot be compared with itself"))
            if other.system_id != a.system_id:
                raise InputError(tr("đợt đánh giá số {o} là của hệ thống {x}, không phải {y}",
                                    "assessment {o} is of system {x}, not {y}", o=other.id, x=other.system_id,
                                    y=a.system_id))
            if not other.finalized:
                raise InputError(tr("chỉ so sánh với đợt đánh giá đã chốt; số {o} chưa chốt",
                                    "only finalized assessments can be compared with; {o} is a draft", o=other.id))
            return other
        if not previous:
            return None
        found = previous_finalized(conn, a)
        if found is None:
            raise InputError(tr("hệ thống {s} chưa có đợt đánh giá nào đã chốt trước đợt số {i}",
                                "system {s} has no finalized assessment before {i}", s=a.system_id, i=a.id))
        return found
