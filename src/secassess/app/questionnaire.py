"""The questionnaire in the browser (phiếu hỏi trực tuyến): open an assessment's questionnaire, save one
answer at a time with optimistic locking, attach evidence files, and see what others saved meanwhile.

An answer is saved on its own, made from the version of the answer the person saw: if someone else
saved that control since, nothing is written and :class:`~secassess.assessment.service.AnswerConflict`
carries the answer now stored, for the page to show both. Evidence files go through the same store as
``assess evidence`` (size limit ``limits.evidence_max_mb``, stored once by SHA-256, media type from the
name).

Who may answer: the unit's officers and the province's (admin, officer), while the assessment is a
draft and the questionnaire is with the unit (not submitted, or returned: ``assessment.review``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from secassess import clock
from secassess.app import visible
from secassess.app.actor import Actor, require_change
from secassess.app.audit import record
from secassess.errors import InputError
from secassess.i18n import get_lang
from secassess.messages import msg
from secassess.register import clean_text
from secassess.text import nfc
from secassess.vocabulary import RESULTS

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from secassess.assessment.review import Comment, ReviewEvent
    from secassess.assessment.service import Assessment, Progress, ResultRow, StoredAnswer
    from secassess.evidence.store import Attachment
    from secassess.inventory.service import System
    from secassess.vocabulary import ReviewState
    from secassess.workspace import Workspace

MAX_TEXT = 4000  # a note or a justification, in characters
MAX_NAME = 200  # an evidence file's name
# what a page polling for others' changes asks again (clocks of several servers may differ a little)
POLL_MARGIN = timedelta(seconds=5)


@dataclass(frozen=True)
class ControlCard:
    """One control of the questionnaire with its answer, evidence files and comments."""

    row: ResultRow
    attachments: list[Attachment] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)

    @property
    def rev(self) -> str:
        """Changes whenever the answer, the files or the comments change (the page compares it)."""
        return f"{self.row.version}.{len(self.attachments)}.{len(self.comments)}"


@dataclass(frozen=True)
class Rights:
    """What the actor may do on this questionnaire now."""

    answer: bool = False
    comment: bool = False
    submit: bool = False
    review: bool = False  # return or accept
    finalize: bool = False


@dataclass(frozen=True)
class Questionnaire:
    assessment: Assessment
    system: System
    unit_name: str
    domains: list[tuple[str, str, list[ControlCard]]]  # (id, title, cards) in the catalog's order
    progress: Progress
    state: ReviewState
    events: list[ReviewEvent]
    general_comments: list[Comment]
    rights: Rights
    read_at: datetime  # when it was read: ask for changes since then

    @property
    def cards(self) -> list[ControlCard]:
        return [c for _d, _t, cards in self.domains for c in cards]


def rights(actor: Actor, a: Assessment, system: System, state: ReviewState) -> Rights:
    from secassess.assessment.review import unit_may_answer

    if a.finalized:
        return Rights()
    change = actor.can_change(system.unit_id)
    province = actor.role in ("admin", "officer")
    return Rights(answer=change and unit_may_answer(state), comment=change,
                  submit=change and unit_may_answer(state), review=province and state in ("submitted", "accepted"),
                  finalize=province and state == "accepted")


def _cards(rows: list[ResultRow], attachments: list[Attachment], comments: list[Comment]) -> dict[str, ControlCard]:
    by_control: dict[str, ControlCard] = {r.control_id: ControlCard(r, [], []) for r in rows}
    for att in attachments:
        if att.control_id in by_control:
            by_control[att.control_id].attachments.append(att)
    for c in comments:
        if c.control_id in by_control:
            by_control[c.control_id].comments.append(c)
    return by_control


def open_questionnaire(ws: Workspace, actor: Actor, assessment_id: int) -> Questionnaire:
    """The whole questionnaire of an assessment the actor may see."""
    from secassess.assessment import review
    from secassess.assessment.service import load_results, progress
    from secassess.evidence.store import list_attachments
    from secassess.inventory.service import get_unit

    with ws.read() as conn:
        read_at = clock.now()
        a, system = visible.assessment(conn, actor, assessment_id)
        rows = load_results(conn, assessment_id)
        attachments = list_attachments(conn, assessment_id)
        comments = review.comments(conn, assessment_id)
        events = review.events(conn, assessment_id)
        state = review.state_after(events[-1].action if events else None)
        unit_name = get_unit(conn, system.unit_id).name
    cards = _cards(rows, attachments, comments)
    titles = a.domain_titles(get_lang())
    order = a.domain_order()
    by_domain: dict[str, list[ControlCard]] = {}
    for r in rows:
        by_domain.setdefault(r.domain_id, []).append(cards[r.control_id])
    domains = [(d, titles.get(d, d), by_domain[d]) for d in order if d in by_domain]
    domains += [(d, titles.get(d, d), cs) for d, cs in by_domain.items() if d not in order]
    return Questionnaire(a, system, unit_name, domains, progress(rows), state, events,
                         [c for c in comments if c.control_id is None], rights(actor, a, system, state), read_at)


@dataclass(frozen=True)
class Changes:
    """What changed in a questionnaire since a moment: the cards to show again, the progress, where the
    review is, and the moment to ask from next time."""

    cards: list[ControlCard]
    progress: Progress
    state: ReviewState
    finalized: bool
    read_at: datetime


def changes_since(ws: Workspace, actor: Actor, assessment_id: int, since: datetime) -> Changes:
    """The controls whose answer, files or comments changed at or after ``since`` (less a small margin):
    how a page shows what other people saved while it was open."""
    from secassess.assessment import review
    from secassess.assessment.service import load_results, progress
    from secassess.evidence.store import list_attachments

    after = since - POLL_MARGIN
    with ws.read() as conn:
        read_at = clock.now()
        a, _system = visible.assessment(conn, actor, assessment_id)
        rows = load_results(conn, assessment_id)
        attachments = list_attachments(conn, assessment_id)
        comments = review.comments(conn, assessment_id)
        state = review.current_state(conn, assessment_id)
    touched = ({r.control_id for r in rows if r.answered_at is not None and r.answered_at >= after}
               | {x.control_id for x in attachments if x.added_at >= after and x.control_id}
               | {c.control_id for c in comments if c.at >= after and c.control_id})
    cards = _cards(rows, attachments, comments)
    return Changes([cards[r.control_id] for r in rows if r.control_id in touched], progress(rows), state,
                   a.finalized, read_at)


@dataclass(frozen=True)
class Saved:
    answer: StoredAnswer
    changed: bool
    progress: Progress


def _check_answerable(conn: Connection, actor: Actor, assessment_id: int) -> tuple[Assessment, System]:
    from secassess.assessment import review
    from secassess.assessment.service import ensure_draft

    a, system = visible.assessment(conn, actor, assessment_id)
    require_change(actor, system.unit_id, msg("app.questionnaire.assessment"), assessment_id)
    ensure_draft(a)
    state = review.current_state(conn, assessment_id)
    if not review.unit_may_answer(state):
        raise InputError(msg("app.questionnaire.questionnaire_was_submitted_province_so", s=review.state_label(state, get_lang())))
    return a, system


def save_answer(ws: Workspace, actor: Actor, assessment_id: int, control_id: str, result: str, note: str,
                justification: str, version: int) -> Saved:
    """Save one control's answer made from ``version`` (AnswerConflict when someone saved it since)."""
    from secassess.assessment.service import (
        check_answer,
        progress_of,
        save_answer_at,
        stored_answer,
    )

    if result not in RESULTS:
        raise InputError(msg("app.questionnaire.invalid_result", r=result), location="result")
    note = clean_text(note, msg("app.questionnaire.note"), MAX_TEXT)
    justification = clean_text(justification, msg("app.questionnaire.justification"), MAX_TEXT)
    why = check_answer(result, justification)
    if why:
        raise InputError(why, location=control_id)
    with ws.write() as conn:
        _a, system = _check_answerable(conn, actor, assessment_id)
        before = stored_answer(conn, assessment_id, control_id)
        saved, changed = save_answer_at(conn, assessment_id, control_id, result,
                                        note, justification, actor.name, version)
        if changed:
            record(conn, actor, "answer.save", kind="assessment", target=f"{assessment_id}/{control_id}",
                   unit=system.unit_id, changes={k: [getattr(before, k), getattr(saved, k)]
                                                 for k in ("result", "note", "justification", "version")
                                                 if getattr(before, k) != getattr(saved, k)})
        done = progress_of(conn, assessment_id)
    return Saved(saved, changed, done)


def safe_file_name(name: str) -> str:
    """An uploaded file's name as it is kept: the last part of what the browser sent (no folders), NFC,
    without control characters, at most :data:`MAX_NAME` characters, never empty or a dot name."""
    base = nfc(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if ord(c) >= 32 and c not in '<>:"|?*\x7f').strip().strip(".")
    if len(base) > MAX_NAME:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: MAX_NAME - len(ext) - 1] + dot + ext) if dot and len(ext) <= 16 else base[:MAX_NAME]
    return base or "tep-dinh-kem"


def attach_evidence(ws: Workspace, actor: Actor, assessment_id: int, control_id: str, path: Path,
                    note: str = "") -> tuple[Attachment, bool]:
    """Attach the file at ``path`` (an upload kept under its safe name) to a control while the
    questionnaire is with the unit, through the assessments use case (``assess evidence``'s: the same
    size limit and content-addressed store), then record it in the audit log. Returns the attachment and
    whether it is new."""
    from secassess.app.assessments import attach_evidence as attach
    from secassess.evidence.store import get_attachment

    with ws.read() as conn:
        _a, system = _check_answerable(conn, actor, assessment_id)
    done = attach(ws, actor, assessment_id, control_id, path, note=clean_text(note, msg("app.questionnaire.note"), MAX_TEXT))
    with ws.write() as conn:
        if done.new:
            record(conn, actor, "evidence.add", kind="assessment", target=f"{assessment_id}/{done.control_id}",
                   unit=system.unit_id, changes={"file": done.name, "sha256": done.blob.sha256, "size": done.blob.size,
                                                 "media_type": done.blob.media_type, "attachment": done.attachment_id})
        att = get_attachment(conn, done.attachment_id)
    assert att is not None
    return att, done.new


def evidence_file(ws: Workspace, actor: Actor, attachment_id: int) -> tuple[Attachment, bytes]:
    """An evidence file of an assessment the actor may see, its content checked against its hash."""
    from secassess.evidence.store import read_blob

    with ws.read() as conn:
        att, _a, _s = visible.attachment(conn, actor, attachment_id)
    return att, read_blob(ws.evidence_dir, att.sha256)


def control_card(ws: Workspace, actor: Actor, assessment_id: int, control_id: str) -> tuple[Questionnaire, ControlCard]:
    """One control's card (after a change, or to take back the stored answer after a conflict)."""
    q = open_questionnaire(ws, actor, assessment_id)
    for card in q.cards:
        if card.row.control_id == control_id:
            return q, card
    raise InputError(msg("app.questionnaire.control_not_assessment", c=control_id, i=assessment_id))
