"""Review use cases (duyệt phiếu hỏi): the unit submits its questionnaire; the province officer comments
per control, returns it to the unit (with the reason) or accepts it, and finalizes the assessment
(:func:`secassess.app.assessments.finalize`). Each step is recorded (``assessment.review``) and shown on
the assessment's page, and written to the audit log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from secassess.app import visible
from secassess.app.actor import Actor, require_change, require_province
from secassess.app.audit import record
from secassess.errors import InputError
from secassess.messages import msg
from secassess.register import clean_text

if TYPE_CHECKING:
    from secassess.app.assessments import Finalized
    from secassess.assessment.review import Comment, ReviewEvent
    from secassess.vocabulary import ReviewAction
    from secassess.workspace import Workspace

MAX_TEXT = 4000


def _what() -> str:
    return msg("app.review.assessment")


def _step(ws: Workspace, actor: Actor, assessment_id: int, action: ReviewAction, note: str) -> ReviewEvent:
    from secassess.assessment import review
    from secassess.assessment.service import ensure_draft, progress_of

    text = clean_text(note, msg("app.review.note"), MAX_TEXT)
    with ws.write() as conn:
        a, system = visible.assessment(conn, actor, assessment_id)
        if action == "submitted":
            require_change(actor, system.unit_id, _what(), assessment_id)
        else:
            require_province(actor)
        ensure_draft(a)
        if action == "submitted":
            missing = progress_of(conn, assessment_id).mandatory_unanswered
            if missing:
                raise InputError(msg("app.review.mandatory_controls_unanswered_answer_them", n=len(missing), c=", ".join(missing)))
        before = review.current_state(conn, assessment_id)
        event = review.record_step(conn, assessment_id, action, actor.name, text)
        record(conn, actor, f"review.{action}", kind="assessment", target=assessment_id, unit=system.unit_id,
               changes={"state": [before, review.state_after(action)], **({"note": text} if text else {})})
    return event


def submit(ws: Workspace, actor: Actor, assessment_id: int, note: str = "") -> ReviewEvent:
    """The unit hands its answered questionnaire to the province (every mandatory control answered)."""
    return _step(ws, actor, assessment_id, "submitted", note)


def return_to_unit(ws: Workspace, actor: Actor, assessment_id: int, note: str) -> ReviewEvent:
    """The province sends the questionnaire back to the unit, saying why (a province step)."""
    return _step(ws, actor, assessment_id, "returned", note)


def accept(ws: Workspace, actor: Actor, assessment_id: int, note: str = "") -> ReviewEvent:
    """The province accepts the submitted questionnaire: it can now be finalized (a province step)."""
    return _step(ws, actor, assessment_id, "accepted", note)


def comment(ws: Workspace, actor: Actor, assessment_id: int, control_id: str | None, text: str) -> Comment:
    """A comment on one control (or on the whole questionnaire): by the province's reviewer, or by the
    unit in reply. Not on a finalized assessment."""
    from secassess.assessment import review
    from secassess.assessment.service import ensure_draft, stored_answer

    body = clean_text(text, msg("app.review.comment"), MAX_TEXT, required=True)
    with ws.write() as conn:
        a, system = visible.assessment(conn, actor, assessment_id)
        require_change(actor, system.unit_id, _what(), assessment_id)
        ensure_draft(a)
        if control_id is not None:
            stored_answer(conn, assessment_id, control_id)  # the control belongs to the assessment
        c = review.add_comment(conn, assessment_id, control_id, actor.name, actor.role, body)
        record(conn, actor, "review.comment", kind="assessment",
               target=f"{assessment_id}/{control_id}" if control_id else assessment_id, unit=system.unit_id,
               changes={"text": body})
    return c


def finalize_preview(ws: Workspace, actor: Actor, assessment_id: int) -> Finalized | None:
    """What finalizing would do (the assessments use case run and rolled back), for the page to show
    before the officer presses the button; None when it could not be finalized as it is."""
    from secassess.app.assessments import finalize as finalize_assessment

    try:
        return finalize_assessment(ws, actor, assessment_id, allow_incomplete=True, preview=True)
    except InputError:
        return None


def finalize(ws: Workspace, actor: Actor, assessment_id: int, *, allow_incomplete: bool = False) -> Finalized:
    """Finalize an accepted questionnaire's assessment (a province step): the assessments use case does
    it all in its transaction (technical results, lock, remediation items); the audit log records it
    right after."""
    from secassess.app.assessments import finalize as finalize_assessment
    from secassess.assessment import review

    with ws.read() as conn:
        _a, system = visible.assessment(conn, actor, assessment_id)
        require_province(actor)
        state = review.current_state(conn, assessment_id)
    if state != "accepted":
        raise InputError(msg("app.review.only_accepted_questionnaire_can_finalized"))
    done = finalize_assessment(ws, actor, assessment_id, allow_incomplete=allow_incomplete)
    with ws.write() as conn:
        record(conn, actor, "assessment.finalize", kind="assessment", target=assessment_id, unit=system.unit_id,
               changes={"status": ["draft", "finalized"], "answered": done.progress.answered,
                        "total": done.progress.total, "remediation": done.remediation.to_dict()})
    return done
