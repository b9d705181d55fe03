"""The review of a questionnaire (duyệt phiếu hỏi) between the unit that answers it and the province
that finalizes the assessment::

    with_unit ──submit──▶ submitted ──accept──▶ accepted ──(finalize: the assessment's own step)
        ▲                     │                    │
        └──── returned ◀──return───────────────────┘

The unit answers while the questionnaire is with it (never submitted, or returned); once submitted the
answers wait for the province, which returns it (with a reason) or accepts it. Comments about single
controls (or the whole questionnaire) can be written at any step before the assessment is finalized.

Pure rules (:data:`STEPS`, :func:`check_step`, :func:`unit_may_answer`) and the reads and writes of
``review_events`` and ``review_comments``; the caller owns the transaction and checks who acts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import Connection, func, select

from secassess import clock
from secassess.errors import InputError
from secassess.messages import msg
from secassess.store.schema.review import review_comments, review_events
from secassess.vocabulary import REVIEW_STATE_LABELS, ReviewAction, ReviewState, pick

MAX_NOTE = 4000

#: which review step may follow which state
STEPS: Final[dict[ReviewAction, frozenset[ReviewState]]] = {
    "submitted": frozenset({"with_unit", "returned"}),
    "returned": frozenset({"submitted", "accepted"}),
    "accepted": frozenset({"submitted"}),
}
_STATE_AFTER: Final[dict[str, ReviewState]] = {"submitted": "submitted", "returned": "returned",
                                               "accepted": "accepted"}


def state_after(action: str | None) -> ReviewState:
    """Where the questionnaire is after its latest review step (None: no step yet)."""
    return "with_unit" if action is None else _STATE_AFTER.get(action, "with_unit")


def unit_may_answer(state: ReviewState) -> bool:
    """Answers change only while the questionnaire is with the unit (a submitted one waits for the
    province; it returns it when something must change)."""
    return state in ("with_unit", "returned")


def state_label(state: str, lang: str) -> str:
    return pick(REVIEW_STATE_LABELS, state, lang)


def check_step(action: ReviewAction, state: ReviewState) -> None:
    """InputError unless ``action`` may follow ``state``."""
    if state in STEPS[action]:
        return
    from secassess.i18n import get_lang

    lg = get_lang()
    raise InputError(msg("assessment.review.questionnaire_cannot", s=state_label(state, lg), a=_verb(action)))


def _verb(action: ReviewAction) -> str:
    return {"submitted": msg("assessment.review.submitted"), "returned": msg("assessment.review.returned"),
            "accepted": msg("assessment.review.accepted")}[action]


@dataclass(frozen=True)
class ReviewEvent:
    id: int
    assessment_id: int
    action: str
    at: datetime
    actor: str
    note: str


@dataclass(frozen=True)
class Comment:
    id: int
    assessment_id: int
    control_id: str | None
    at: datetime
    actor: str
    role: str
    text: str


def events(conn: Connection, assessment_id: int) -> list[ReviewEvent]:
    """The review steps of an assessment, oldest first."""
    t = review_events
    rows = conn.execute(select(t).where(t.c.assessment_id == assessment_id).order_by(t.c.id))
    return [ReviewEvent(r.id, r.assessment_id, r.action, r.at, r.actor, r.note) for r in rows]


def current_state(conn: Connection, assessment_id: int) -> ReviewState:
    t = review_events
    action = conn.execute(select(t.c.action).where(t.c.assessment_id == assessment_id)
                          .order_by(t.c.id.desc()).limit(1)).scalar()
    return state_after(action)


def states(conn: Connection, assessment_ids: list[int]) -> dict[int, ReviewState]:
    """The review state of many assessments (one query, for a listing)."""
    if not assessment_ids:
        return {}
    t = review_events
    last = (select(t.c.assessment_id, func.max(t.c.id).label("last_id"))
            .where(t.c.assessment_id.in_(assessment_ids)).group_by(t.c.assessment_id).subquery())
    rows = conn.execute(select(t.c.assessment_id, t.c.action).join(last, last.c.last_id == t.c.id))
    found = {aid: state_after(action) for aid, action in rows}
    return {aid: found.get(aid, "with_unit") for aid in assessment_ids}


def steps_between(conn: Connection, action: ReviewAction, start: datetime, end: datetime) -> list[tuple[int, str]]:
    """(assessment id, system id) of every ``action`` step taken in [``start``, ``end``) (one query)."""
    from secassess.store.schema.assessment import assessments

    t, a = review_events, assessments
    rows = conn.execute(select(t.c.assessment_id, a.c.system_id).join(a, a.c.id == t.c.assessment_id)
                        .where(t.c.action == action, t.c.at >= start, t.c.at < end).order_by(t.c.id))
    return [(r[0], r[1]) for r in rows]


def record_step(conn: Connection, assessment_id: int, action: ReviewAction, actor: str, note: str = "") -> ReviewEvent:
    """Check and record one review step (the caller checked who may take it)."""
    check_step(action, current_state(conn, assessment_id))
    if action == "returned" and not note.strip():
        raise InputError(msg("assessment.review.returning_questionnaire_needs_reason_so"),
                         location="note")
    if len(note) > MAX_NOTE:
        raise InputError(msg("assessment.review.note_too_long_characters_most", n=len(note), m=MAX_NOTE), location="note")
    at = clock.now()
    res = conn.execute(review_events.insert().values(assessment_id=assessment_id, action=action, at=at, actor=actor,
                                                     note=note))
    assert res.inserted_primary_key is not None
    return ReviewEvent(int(res.inserted_primary_key[0]), assessment_id, action, at, actor, note)


def comments(conn: Connection, assessment_id: int, since: datetime | None = None) -> list[Comment]:
    """The comments on an assessment (written at or after ``since`` when given), oldest first."""
    t = review_comments
    q = select(t).where(t.c.assessment_id == assessment_id).order_by(t.c.id)
    if since is not None:
        q = q.where(t.c.at >= since)
    return [Comment(r.id, r.assessment_id, r.control_id, r.at, r.actor, r.role, r.text) for r in conn.execute(q)]


def add_comment(conn: Connection, assessment_id: int, control_id: str | None, actor: str, role: str,
                text: str) -> Comment:
    """Add a comment (the caller cleaned the text and checked the control belongs to the assessment)."""
    if not text.strip():
        raise InputError(msg("assessment.review.comment_empty"), location="text")
    if len(text) > MAX_NOTE:
        raise InputError(msg("assessment.review.comment_too_long_characters_most", n=len(text), m=MAX_NOTE), location="text")
    at = clock.now()
    res = conn.execute(review_comments.insert().values(assessment_id=assessment_id, control_id=control_id, at=at,
                                                       actor=actor, role=role, text=text))
    assert res.inserted_primary_key is not None
    return Comment(int(res.inserted_primary_key[0]), assessment_id, control_id, at, actor, role, text)
