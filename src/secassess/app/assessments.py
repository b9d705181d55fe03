"""Assessment use cases (đợt đánh giá): start, list, show, export the questionnaire, take answers
(from a file, or one at a time) and evidence, score, finalize, and the comparison with an earlier
assessment.

Who may do what: whoever may see a system sees its assessments; its unit's officers and the province's
(admin, officer) start them, answer and attach evidence while they are drafts; finalizing is the
province's step; a viewer reads.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from secassess import clock
from secassess.app import visible
from secassess.app.actor import Actor, require_change, require_province
from secassess.errors import InputError
from secassess.i18n import tr
from secassess.messages import msg

if TYPE_CHECKING:
    from secassess.assessment.answers import AnswerSummary
    from secassess.assessment.service import Assessment, Progress, ResultRow
    from secassess.evidence.store import Attachment, Blob
    from secassess.inventory.service import System
    from secassess.remediation.service import SyncSummary
    from secassess.scoring import Comparison, ScoreReport
    from secassess.vocabulary import Result
    from secassess.workspace import Workspace

_ASSESSMENT = ("đợt đánh giá", "assessment")


def _what() -> str:
    return tr(*_ASSESSMENT)


def _mb(n: int) -> int:
    return n * 1024 * 1024


# ----------------------------------------------------------------------------------------- start

@dataclass(frozen=True)
class Started:
    """A new draft assessment: how many controls apply (and how many are mandatory), and the level of
    its system (a profile below it deserves a warning)."""

    assessment: Assessment
    controls: int
    mandatory: int
    system_level: int

    @property
    def below_system_level(self) -> bool:
        return self.assessment.level < self.system_level


def start(ws: Workspace, actor: Actor, system_id: str, *, profile_id: str | None = None,
          assessor: str | None = None) -> Started:
    """Start a draft assessment of a system against a profile (typed in any case; without one, the
    system's own: national-database, important-system or level-N). ``assessor`` defaults to the actor."""
    from secassess import ids
    from secassess.assessment.service import load_assessment, load_results, start_assessment
    from secassess.text import user_text

    library = ws.library
    if profile_id is not None:
        profile_id = ids.resolve(profile_id, library.profiles, ids.PROFILE, listing="secassess profile list",
                                 location="--profile")
    with ws.write() as conn:
        system = visible.system(conn, actor, system_id)
        require_change(actor, system.unit_id, msg("app.assessments.system"), system_id)
        new_id = start_assessment(conn, library, system.id, profile_id, user_text(assessor or actor.name).strip())
        a = load_assessment(conn, new_id)
        rows = load_results(conn, new_id)
    return Started(a, len(rows), sum(r.mandatory for r in rows), system.level)


# ----------------------------------------------------------------------------------------- read

@dataclass(frozen=True)
class AssessmentEntry:
    """One assessment of a listing with its progress: controls, answered, coverage (0..1), and the
    number of results of each kind."""

    assessment: Assessment
    controls: int
    answered: int
    coverage: float
    counts: dict[str, int]


def list_assessments(ws: Workspace, actor: Actor, *, system_id: str | None = None,
                     status: str | None = None) -> list[AssessmentEntry]:
    """The assessments the actor may see, newest first (of one system, of one status)."""
    from secassess.assessment import service

    with ws.read() as conn:
        if system_id is not None:
            system_id = visible.system_id(conn, actor, system_id, location="--system")
        items = service.list_assessments(conn, system_id=system_id, status=status)
        if not actor.province_wide and system_id is None:
            from secassess.inventory.service import list_systems

            mine = {s.id for s in list_systems(conn, actor.unit or "")}
            items = [a for a in items if a.system_id in mine]
        counts = service.result_counts(conn, [a.id for a in items])
    out = []
    for a in items:
        c = counts[a.id]
        total = sum(c.values())
        out.append(AssessmentEntry(a, total, total - c.get("not_assessed", 0), service.coverage(c), dict(c)))
    return out


@dataclass(frozen=True)
class AssessmentView:
    """An assessment with its system, results (catalog order), progress and evidence files."""

    assessment: Assessment
    system: System
    results: list[ResultRow]
    progress: Progress
    attachments: list[Attachment]


def show(ws: Workspace, actor: Actor, assessment_id: int) -> AssessmentView:
    """An assessment the actor may see, with its results, progress and evidence files."""
    from secassess.assessment.service import load_results, progress
    from secassess.evidence.store import list_attachments

    with ws.read() as conn:
        a, system = visible.assessment(conn, actor, assessment_id)
        rows = load_results(conn, assessment_id)
        attachments = list_attachments(conn, assessment_id)
    return AssessmentView(a, system, rows, progress(rows), attachments)


# ----------------------------------------------------------------------------------------- questionnaire

@dataclass(frozen=True)
class QuestionnaireWritten:
    path: Path
    format: str
    controls: int
    domains: int


def export_questionnaire(ws: Workspace, actor: Actor, assessment_id: int, output: Path, *, fmt: str | None = None,
                         lang: str) -> QuestionnaireWritten:
    """Write the assessment's questionnaire (its applicable controls by domain, with the answers so far)
    in ``lang`` as ``fmt`` (yaml or xlsx; by default the output's extension says which)."""
    from secassess.assessment.questionnaire import build_questionnaire, export, format_from_name

    fmt = fmt or format_from_name(output)
    if fmt is None:
        raise InputError(msg("app.assessments.give_format_yaml_xlsx"), str(output))
    with ws.read() as conn:
        visible.assessment(conn, actor, assessment_id)
        q = build_questionnaire(conn, assessment_id, lang)
    export(q, fmt, output)
    return QuestionnaireWritten(output, fmt, len(q.controls), len(q.domains))


@dataclass(frozen=True)
class AnswersImported:
    """What importing an answers file did; on a dry run ``summary`` is None and nothing was written."""

    assessment_id: int
    dry_run: bool
    answers: int  # the controls the file answers (result, note, justification or evidence)
    summary: AnswerSummary | None


def import_answers(ws: Workspace, actor: Actor, assessment_id: int, file: Path, *, dry_run: bool = False,
                   on_notice: Callable[[str], None] | None = None) -> AnswersImported:
    """Import an answers file (YAML or an Excel questionnaire, by content), all or nothing: every problem
    is found first and reported with its place; then only what changed is written and the evidence files
    it names are attached. ``on_notice`` hears what the user should know of the file (a workbook saved
    under another extension) as soon as it is read."""
    from secassess.assessment.answers import apply_answers, check_answers
    from secassess.assessment.questionnaire import read_answers
    from secassess.assessment.service import load_results

    limits = ws.config.limits
    af = read_answers(file, max_bytes=_mb(limits.input_max_mb))
    for notice in af.notices:
        if on_notice is not None:
            on_notice(notice)

    def catalog_ids() -> set[str] | None:
        try:
            cat = ws.library.catalogs.get(a.catalog_id)
        except InputError:
            return None
        return set(cat.controls) if cat else None

    summary = None
    with ws.write(dry_run=dry_run) as conn:
        a, system = visible.assessment(conn, actor, assessment_id)
        require_change(actor, system.unit_id, _what(), assessment_id)
        rows = load_results(conn, assessment_id)
        answers = check_answers(a, rows, af, evidence_max_bytes=_mb(limits.evidence_max_mb),
                                catalog_controls=catalog_ids)
        if not dry_run:
            summary = apply_answers(conn, ws.evidence_dir, a, rows, answers, actor.name,
                                    evidence_max_bytes=_mb(limits.evidence_max_mb))
    n = sum(1 for x in answers if x.result or x.note or x.justification or x.evidence)
    return AnswersImported(assessment_id, dry_run, n, summary)


@dataclass(frozen=True)
class AnswerSheet:
    """A draft assessment open for answering, with its results in catalog order."""

    assessment: Assessment
    results: list[ResultRow]


def open_for_answering(ws: Workspace, actor: Actor, assessment_id: int) -> AnswerSheet:
    """The results of a draft assessment the actor may answer (refused once finalized)."""
    from secassess.assessment.service import ensure_draft, load_results

    with ws.read() as conn:
        a, system = visible.assessment(conn, actor, assessment_id)
        require_change(actor, system.unit_id, _what(), assessment_id)
        ensure_draft(a)
        return AnswerSheet(a, load_results(conn, assessment_id))


def answer_control(ws: Workspace, actor: Actor, assessment_id: int, control_id: str, result: Result,
                   note: str = "", justification: str = "") -> bool:
    """Save one answer at once, in its own transaction (the assessment must still be a draft: someone
    may have finalized it meanwhile). "Không áp dụng" needs a justification. True when it changed."""
    from secassess.assessment.service import check_answer, ensure_draft, save_answer
    from secassess.text import user_text

    with ws.write() as conn:
        a, system = visible.assessment(conn, actor, assessment_id)
        require_change(actor, system.unit_id, _what(), assessment_id)
        ensure_draft(a)
        note, justification = user_text(note).strip(), user_text(justification).strip()
        why = check_answer(result, justification)
        if why:
            raise InputError(why, location=control_id)
        return save_answer(conn, assessment_id, control_id, result, note, justification, actor.name)


@dataclass(frozen=True)
class EvidenceAttached:
    """An evidence file attached to a control (``new`` False: it was already attached there)."""

    attachment_id: int
    new: bool
    control_id: str
    name: str
    blob: Blob


def attach_evidence(ws: Workspace, actor: Actor, assessment_id: int, control_id: str, file: Path, *,
                    note: str = "") -> EvidenceAttached:
    """Attach an evidence file to a control of a draft assessment (the control id in any case); the
    content is stored once by SHA-256."""
    from secassess import ids
    from secassess.assessment.service import ensure_draft, load_results
    from secassess.evidence.store import add_attachment, store_file
    from secassess.text import nfc, user_text

    with ws.write() as conn:
        a, system = visible.assessment(conn, actor, assessment_id)
        require_change(actor, system.unit_id, _what(), assessment_id)
        ensure_draft(a)
        known = [r.control_id for r in load_results(conn, assessment_id)]
        if not ids.match(control_id.strip(), known):
            raise InputError(msg("app.assessments.control_not_part_assessment", c=control_id.strip(), i=assessment_id, h=ids.suggestion(control_id.strip(), known)))
        cid = ids.resolve(control_id, known, ids.CONTROL)
        blob = store_file(conn, ws.evidence_dir, file, max_bytes=_mb(ws.config.limits.evidence_max_mb))
        name = nfc(file.name)
        att_id, new = add_attachment(conn, assessment_id, cid, blob.sha256, name, user_text(note).strip(), "file",
                                     actor.name)
    return EvidenceAttached(att_id, new, cid, name, blob)


# ----------------------------------------------------------------------------------------- score

@dataclass(frozen=True)
class Scored:
    """An assessment's score, the controls whose technical checks did not cover the whole system
    (``{control_id, technical, uncovered, stale_scan_ids}``), and the comparison with an earlier
    finalized assessment when one was asked for."""

    assessment: Assessment
    report: ScoreReport
    technical_gaps: list[dict[str, Any]]
    previous: Assessment | None = None
    comparison: Comparison | None = None

    def below(self, threshold: float) -> bool:
        """Whether the score misses ``threshold`` (no score at all misses every threshold)."""
        return self.report.score is None or self.report.score < threshold


def score(ws: Workspace, actor: Actor, assessment_id: int, *, compare_with: int | None = None,
          compare_previous: bool = False) -> Scored:
    """Score an assessment the actor may see (the pure scoring model on its results, technical evidence
    counted when worse), compared with assessment ``compare_with`` or, with ``compare_previous``, with the
    one the reports compare with (:func:`compared_with`)."""
    from secassess.assessment.score import score_rows
    from secassess.assessment.service import load_results
    from secassess.scan.gaps import coverage_gaps

    with ws.read() as conn:
        a, _system = visible.assessment(conn, actor, assessment_id)
        if compare_with is not None:  # another unit's is not found, nor named in a message
            visible.assessment(conn, actor, compare_with)
        rows = load_results(conn, assessment_id)
    report = score_rows(a, rows)
    previous = compared_with(ws, a, other_id=compare_with, previous=compare_previous)
    comparison = None
    if previous is not None:
        from secassess.scoring import compare

        with ws.read() as conn:
            prev_report = score_rows(previous, load_results(conn, previous.id))
        comparison = compare(prev_report, report)
    return Scored(a, report, coverage_gaps(rows), previous, comparison)


# ----------------------------------------------------------------------------------------- finalize


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
    from secassess.assessment.service import finalize_assessment, load_results, progress
    from secassess.remediation.service import list_items, sync_with_assessment
    from secassess.scan.service import update_technical_results
    from secassess.vocabulary import SEVERITY_RANK

    with ws.write(dry_run=preview) as conn:
        visible.assessment(conn, actor, assessment_id)
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
                raise InputError(msg("app.assessments.assessment_cannot_compared_itself"))
            if other.system_id != a.system_id:
                raise InputError(msg("app.assessments.assessment_system_not", o=other.id, x=other.system_id, y=a.system_id))
            if not other.finalized:
                raise InputError(msg("app.assessments.only_finalized_assessments_can_compared", o=other.id))
            return other
        if not previous:
            return None
        found = previous_finalized(conn, a)
        if found is None:
            raise InputError(msg("app.assessments.system_has_no_finalized_assessment", s=a.system_id, i=a.id))
        return found
