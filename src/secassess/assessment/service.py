"""The assessment lifecycle (đợt đánh giá): start (draft) → answer → finalize (locked).

An assessment stores, when it starts, the resolved profile (``snapshot``) and every resolved
control (one ``results`` row each, referring to the control's content), so later catalog editions
never change it. Snapshots and resolved controls are stored once by content and shared by every
assessment that resolved to the same (``store/content.py``); loading an assessment or its results
resolves them back, so callers see whole dicts. A finalized assessment is read-only: a correction
is a new assessment.

Every function takes an open connection; the caller owns the transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import Connection, func, select

from secassess import clock
from secassess.assessment.results import RESULTS, Result, is_answered
from secassess.errors import ConflictError, InputError
from secassess.i18n import get_lang
from secassess.inventory.service import default_profile_id, get_system
from secassess.messages import msg
from secassess.store import content
from secassess.store.schema.assessment import (
    assessments,
    profile_snapshots,
    resolved_controls,
    results,
)

if TYPE_CHECKING:
    from secassess.catalog.registry import Library
    from secassess.catalog.resolve import ResolvedProfile

DRAFT = "draft"
FINALIZED = "finalized"


@dataclass
class Assessment:
    """One evaluation of one system against one profile."""

    id: int
    system_id: str
    profile_id: str
    catalog_id: str
    catalog_version: str
    catalog_digest: str
    level: int
    snapshot: dict[str, Any]
    assessor: str
    status: str
    allow_incomplete: bool
    started_at: datetime
    finalized_at: datetime | None
    finalized_by: str | None
    updated_at: datetime

    @property
    def finalized(self) -> bool:
        return self.status == FINALIZED

    def status_label(self) -> str:
        from secassess.i18n import get_lang
        from secassess.vocabulary import ASSESSMENT_STATUS_LABELS, pick

        return pick(ASSESSMENT_STATUS_LABELS, "finalized" if self.finalized else "draft", get_lang()).lower()

    @property
    def thresholds(self) -> dict[str, float]:
        th: dict[str, float] = self.snapshot.get("thresholds") or {}
        return th

    def domain_order(self) -> list[str]:
        return [d["id"] for d in sorted(self.snapshot.get("domains", []), key=lambda d: d.get("order", 0))]

    def domain_titles(self, lang: str | None = None) -> dict[str, str]:
        lg = lang or get_lang()
        return {d["id"]: d["title"].get(lg) or d["title"].get("vi", d["id"]) for d in self.snapshot.get("domains", [])}

    def profile_title(self, lang: str | None = None) -> str:
        titles = self.snapshot.get("profile_title") or {}
        return str(titles.get(lang or get_lang()) or titles.get("vi") or self.profile_id)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "system_id": self.system_id, "profile_id": self.profile_id,
                "catalog_id": self.catalog_id, "catalog_version": self.catalog_version,
                "catalog_digest": self.catalog_digest, "level": self.level, "assessor": self.assessor,
                "status": self.status, "allow_incomplete": self.allow_incomplete, "started_at": self.started_at,
                "finalized_at": self.finalized_at, "finalized_by": self.finalized_by,
                "updated_at": self.updated_at}


@dataclass
class ResultRow:
    """The result of one applicable control, with the control as it was resolved at start."""

    control_id: str
    position: int
    domain_id: str
    severity: str
    weight: float
    mandatory: bool
    control: dict[str, Any]  # ResolvedControl.to_dict()
    result: str
    note: str
    justification: str
    answered_by: str | None
    answered_at: datetime | None
    technical_result: str | None
    technical_detail: dict[str, Any] | None
    version: int = 1  # the answer's optimistic lock (save_answer_at)

    @property
    def answered(self) -> bool:
        return is_answered(self.result)

    def text(self, name: str, lang: str | None = None) -> str:
        """A rendered text of the control (title, question, guidance ...) in ``lang``."""
        value = self.control.get(name) or {}
        return str(value.get(lang or get_lang()) or value.get("vi") or "")

    def evidence_hints(self, lang: str | None = None) -> list[str]:
        value = self.control.get("evidence") or {}
        return list(value.get(lang or get_lang()) or value.get("vi") or [])

    def to_dict(self) -> dict[str, Any]:
        return {"control_id": self.control_id, "position": self.position, "domain": self.domain_id,
                "severity": self.severity, "weight": self.weight, "mandatory": self.mandatory,
                "title": self.control.get("title"), "result": self.result, "note": self.note,
                "justification": self.justification, "answered_by": self.answered_by,
                "answered_at": self.answered_at, "technical_result": self.technical_result,
                "technical_detail": self.technical_detail}


def _assessment(row: Any) -> Assessment:
    m = row._mapping
    return Assessment(
        id=m["id"], system_id=m["system_id"], profile_id=m["profile_id"], catalog_id=m["catalog_id"],
        catalog_version=m["catalog_version"], catalog_digest=m["catalog_digest"], level=m["level"],
        snapshot=dict(m["snapshot"] or {}), assessor=m["assessor"], status=m["status"],
        allow_incomplete=bool(m["allow_incomplete"]), started_at=m["started_at"], finalized_at=m["finalized_at"],
        finalized_by=m["finalized_by"], updated_at=m["updated_at"])


def _result(row: Any) -> ResultRow:
    m = row._mapping
    return ResultRow(
        control_id=m["control_id"], position=m["position"], domain_id=m["domain_id"], severity=m["severity"],
        weight=float(m["weight"]), mandatory=bool(m["mandatory"]), control=dict(m["control"] or {}),
        result=m["result"], note=m["note"], justification=m["justification"], answered_by=m["answered_by"],
        answered_at=m["answered_at"], technical_result=m["technical_result"],
        technical_detail=m["technical_detail"], version=m["version"])


def _assessment_query() -> Any:
    """Assessments with their snapshot resolved (column ``snapshot``)."""
    return (select(assessments, profile_snapshots.c.content.label("snapshot"))
            .join(profile_snapshots, profile_snapshots.c.id == assessments.c.snapshot_ref))


def load_assessment(conn: Connection, assessment_id: int) -> Assessment:
    """The assessment with this id; :class:`InputError` if there is none."""
    row = conn.execute(_assessment_query().where(assessments.c.id == assessment_id)).first()
    if row is None:
        raise InputError(msg("assessment.service.no_assessment_see_secassess_assess", i=assessment_id))
    return _assessment(row)


def load_results(conn: Connection, assessment_id: int) -> list[ResultRow]:
    """The results of an assessment in position (catalog) order, each with its resolved control."""
    q = (select(results, resolved_controls.c.content.label("control"))
         .join(resolved_controls, resolved_controls.c.id == results.c.control_ref)
         .where(results.c.assessment_id == assessment_id).order_by(results.c.position))
    return [_result(r) for r in conn.execute(q)]


def list_assessments(conn: Connection, system_id: str | None = None, status: str | None = None) -> list[Assessment]:
    """Assessments, newest first, optionally of one system or status."""
    q = _assessment_query().order_by(assessments.c.id.desc())
    if system_id is not None:
        q = q.where(assessments.c.system_id == system_id)
    if status is not None:
        q = q.where(assessments.c.status == status)
    return [_assessment(r) for r in conn.execute(q)]


@dataclass(frozen=True)
class AssessmentHead:
    """What a listing shows of an assessment, read without its snapshot (a province has thousands)."""

    id: int
    system_id: str
    system_name: str
    unit_id: str
    profile_id: str
    level: int
    status: str
    started_at: datetime
    updated_at: datetime
    finalized_at: datetime | None

    @property
    def finalized(self) -> bool:
        return self.status == FINALIZED


def list_heads(conn: Connection, *, unit_ids: Collection[str] | None = None, system_id: str | None = None,
               status: str | None = None) -> list[AssessmentHead]:
    """Assessments newest first, of some units (None: all), one system, or one status — without their
    snapshots, for the pages that list them."""
    from secassess.store.schema.inventory import systems

    q = (select(assessments.c.id, assessments.c.system_id, systems.c.name.label("system_name"), systems.c.unit_id,
                assessments.c.profile_id, assessments.c.level, assessments.c.status, assessments.c.started_at,
                assessments.c.updated_at, assessments.c.finalized_at)
         .join(systems, systems.c.id == assessments.c.system_id).order_by(assessments.c.id.desc()))
    if unit_ids is not None:
        q = q.where(systems.c.unit_id.in_(sorted(unit_ids)))
    if system_id is not None:
        q = q.where(assessments.c.system_id == system_id)
    if status is not None:
        q = q.where(assessments.c.status == status)
    return [AssessmentHead(**r._mapping) for r in conn.execute(q)]


def result_counts(conn: Connection, assessment_ids: list[int]) -> dict[int, Counter[str]]:
    """How many results of each kind each assessment has (one query for a listing)."""
    out: dict[int, Counter[str]] = {i: Counter() for i in assessment_ids}
    if not assessment_ids:
        return out
    q = (select(results.c.assessment_id, results.c.result, func.count())
         .where(results.c.assessment_id.in_(assessment_ids))
         .group_by(results.c.assessment_id, results.c.result))
    for aid, res, n in conn.execute(q):
        out[aid][res] = n
    return out


def ensure_draft(assessment: Assessment) -> None:
    """Refuse any change to a finalized assessment."""
    if assessment.finalized:
        raise InputError(msg("assessment.service.assessment_was_finalized_cannot_changed", i=assessment.id, d=clock.fmt_date(assessment.finalized_at), s=assessment.system_id))


def start_assessment(conn: Connection, library: Library, system_id: str, profile_id: str | None,
                     assessor: str) -> int:
    """Create a draft assessment of a system and return its id.

    Without ``profile_id`` the system decides: ``national-database`` for a national database,
    else ``important-system`` for an important system, else ``level-N`` for its level. The
    profile is resolved at the system's level and stored as a snapshot with one result row
    (``not_assessed``) per applicable control.
    """
    system = get_system(conn, system_id)
    pid = profile_id or default_profile_id(system)
    if pid not in library.profiles:
        hint = "" if profile_id else msg("assessment.service.default_system_level_kind_choose")
        raise InputError(msg("assessment.service.no_profile_available", p=pid, h=hint, k=", ".join(sorted(library.profiles)) or "-"))
    resolved = library.resolve(pid, system.level)
    if not resolved.controls:
        raise InputError(msg("assessment.service.profile_has_no_applicable_control", p=pid))
    now = clock.now()
    new_id = insert_assessment(conn, {
        "system_id": system.id, "profile_id": resolved.profile_id, "catalog_id": resolved.catalog_id,
        "catalog_version": resolved.catalog_version, "catalog_digest": resolved.catalog_digest,
        "level": resolved.level, "snapshot": profile_snapshot(library, resolved), "assessor": assessor,
        "status": DRAFT, "allow_incomplete": False, "started_at": now, "updated_at": now})
    insert_results(conn, new_id, [
        {"control_id": c.id, "position": i, "domain_id": c.domain, "severity": c.severity, "weight": c.weight,
         "mandatory": c.mandatory, "control": c.to_dict(), "result": "not_assessed", "note": "", "justification": ""}
        for i, c in enumerate(resolved.controls, start=1)])
    return new_id


def profile_snapshot(library: Library, resolved: ResolvedProfile) -> dict[str, Any]:
    """What an assessment keeps of its resolved profile besides the controls: the profile, catalog,
    parameters, weights, thresholds, due days and domains (``ResolvedProfile.to_dict()``), the
    catalog's title and the titles and units of the parameters (for reports), and the data tables
    its scan rules read (e.g. end-of-life versions) — so later catalog edits never change how this
    assessment is scored, judged or reported."""
    snapshot = resolved.to_dict()
    snapshot.pop("controls")
    catalog = library.catalog(resolved.catalog_id)
    snapshot["catalog_title"] = catalog.header.title.model_dump(mode="json")
    snapshot["parameter_meta"] = {
        name: {"title": p.title.model_dump(mode="json"),
               "unit": p.unit.model_dump(mode="json") if p.unit is not None else None}
        for name, p in catalog.header.parameters.items() if name in resolved.parameters}
    tables = {str(r.args["table"]) for c in resolved.controls for r in c.scan_rules if "table" in r.args}
    snapshot["data_tables"] = {t: catalog.data_tables[t].model_dump(mode="json") for t in sorted(tables)
                               if t in catalog.data_tables}
    return snapshot


def insert_assessment(conn: Connection, values: Mapping[str, Any]) -> int:
    """Write one assessment row from ``values`` (the columns of ``assessments``, with ``snapshot``
    as a dict in place of ``snapshot_ref``); return its id."""
    row = dict(values)
    row["snapshot_ref"] = content.store(conn, profile_snapshots, [row.pop("snapshot")])[0]
    res = conn.execute(assessments.insert().values(**row))
    assert res.inserted_primary_key is not None
    return int(res.inserted_primary_key[0])


def insert_results(conn: Connection, assessment_id: int, rows: list[dict[str, Any]]) -> None:
    """Write the result rows of an assessment (the columns of ``results``, with ``control`` — the
    resolved control as a dict — in place of ``control_ref``)."""
    refs = content.store(conn, resolved_controls, [r["control"] for r in rows])
    conn.execute(results.insert(), [
        {**{k: v for k, v in r.items() if k != "control"}, "assessment_id": assessment_id, "control_ref": ref}
        for r, ref in zip(rows, refs, strict=True)])


def save_answer(conn: Connection, assessment_id: int, control_id: str, result: Result, note: str,
                justification: str, actor: str) -> bool:
    """Store one answer (result, note, justification) if it differs from what is stored.

    Returns True when the row changed. The caller has checked the assessment is a draft and the
    answer is valid (:func:`check_answer`).
    """
    row = conn.execute(select(results.c.result, results.c.note, results.c.justification)
                       .where(results.c.assessment_id == assessment_id, results.c.control_id == control_id)).first()
    if row is None:
        raise InputError(msg("assessment.service.control_not_assessment", c=control_id, i=assessment_id))
    if tuple(row) == (result, note, justification):
        return False
    now = clock.now()
    conn.execute(results.update()
                 .where(results.c.assessment_id == assessment_id, results.c.control_id == control_id)
                 .values(result=result, note=note, justification=justification, answered_by=actor, answered_at=now,
                         version=results.c.version + 1))
    conn.execute(assessments.update().where(assessments.c.id == assessment_id).values(updated_at=now))
    return True


@dataclass(frozen=True)
class StoredAnswer:
    """One control's answer as stored, with its version and who saved it when."""

    control_id: str
    result: str
    note: str
    justification: str
    version: int
    answered_by: str | None
    answered_at: datetime | None


class AnswerConflict(ConflictError):
    """The answer was saved by someone else since the person saw it: nothing was written; ``current``
    is what is stored now."""

    current: StoredAnswer


def stored_answer(conn: Connection, assessment_id: int, control_id: str) -> StoredAnswer:
    """The stored answer of one control; InputError when the control is not in the assessment."""
    row = conn.execute(select(results.c.control_id, results.c.result, results.c.note, results.c.justification,
                              results.c.version, results.c.answered_by, results.c.answered_at)
                       .where(results.c.assessment_id == assessment_id, results.c.control_id == control_id)).first()
    if row is None:
        raise InputError(msg("assessment.service.control_not_assessment", c=control_id, i=assessment_id))
    return StoredAnswer(*row)


def save_answer_at(conn: Connection, assessment_id: int, control_id: str, result: Result, note: str,
                   justification: str, actor: str, version: int) -> tuple[StoredAnswer, bool]:
    """Store one answer made from what the person saw at ``version`` (optimistic locking): written only
    if the stored answer is still at that version, which then goes up by one. Returns the answer as
    stored and whether it changed (the same answer again changes nothing, whatever the version).

    :class:`AnswerConflict` (nothing written) when someone saved another answer since. The caller has
    checked the assessment is a draft and the answer is valid (:func:`check_answer`)."""
    current = stored_answer(conn, assessment_id, control_id)
    if (current.result, current.note, current.justification) == (result, note, justification):
        return current, False
    now = clock.now()
    res = conn.execute(results.update()
                       .where(results.c.assessment_id == assessment_id, results.c.control_id == control_id,
                              results.c.version == version)
                       .values(result=result, note=note, justification=justification, answered_by=actor,
                               answered_at=now, version=version + 1))
    if res.rowcount != 1:
        exc = AnswerConflict(msg("assessment.service.saved_another_answer_your_answer", c=control_id, w=current.answered_by or "?", t=clock.fmt_datetime(current.answered_at)
            if current.answered_at else "?"), location=control_id)
        exc.current = current
        raise exc
    conn.execute(assessments.update().where(assessments.c.id == assessment_id).values(updated_at=now))
    return StoredAnswer(control_id, result, note, justification, version + 1, actor, now), True


def save_answers(conn: Connection, assessment_id: int, rows: list[ResultRow],
                 answers: list[tuple[str, Result, str, str]], actor: str) -> list[str]:
    """Store many answers ``(control_id, result, note, justification)`` at once, comparing with
    ``rows`` (the stored results, read in this transaction). Returns the ids that changed."""
    from sqlalchemy import bindparam

    by_id = {r.control_id: r for r in rows}
    now = clock.now()
    changed: list[dict[str, Any]] = []
    for cid, result, note, justification in answers:
        row = by_id.get(cid)
        if row is None:
            raise InputError(msg("assessment.service.control_not_assessment", c=cid, i=assessment_id))
        if (row.result, row.note, row.justification) != (result, note, justification):
            changed.append({"b_cid": cid, "b_result": result, "b_note": note, "b_just": justification})
    if changed:
        conn.execute(results.update()
                     .where(results.c.assessment_id == assessment_id, results.c.control_id == bindparam("b_cid"))
                     .values(result=bindparam("b_result"), note=bindparam("b_note"),
                             justification=bindparam("b_just"), answered_by=actor, answered_at=now,
                             version=results.c.version + 1), changed)
        conn.execute(assessments.update().where(assessments.c.id == assessment_id).values(updated_at=now))
    return [c["b_cid"] for c in changed]


def check_answer(result: str, justification: str) -> str | None:
    """Why an answer cannot be stored (translated), or None when it can."""
    if result not in RESULTS:
        return msg("assessment.service.invalid_result", r=result)
    if result == "not_applicable" and not justification.strip():
        return msg("assessment.service.not_applicable_needs_justification")
    return None


@dataclass
class Progress:
    """How far an assessment is: counts by effective result, coverage, what is still unanswered."""

    total: int
    counts: dict[str, int]
    unanswered: list[str] = field(default_factory=list)
    mandatory_unanswered: list[str] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return self.total - len(self.unanswered)

    @property
    def applicable(self) -> int:
        return self.total - self.counts.get("not_applicable", 0)

    @property
    def coverage(self) -> float:
        """Assessed applicable controls / applicable controls, in percent (docs/scoring.md)."""
        return coverage(self.counts)

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "answered": self.answered, "applicable": self.applicable,
                "coverage": self.coverage, "counts": self.counts, "unanswered": self.unanswered,
                "mandatory_unanswered": self.mandatory_unanswered}


def coverage(counts: Mapping[str, int]) -> float:
    """Assessed applicable controls / applicable controls, a fraction 0..1 as the score's coverage
    (docs/scoring.md), from the number of results of each kind."""
    applicable = sum(counts.values()) - counts.get("not_applicable", 0)
    if applicable == 0:
        return 1.0
    return (applicable - counts.get("not_assessed", 0)) / applicable


class _Answered(Protocol):
    @property
    def control_id(self) -> str: ...
    @property
    def result(self) -> str: ...
    @property
    def technical_result(self) -> str | None: ...
    @property
    def mandatory(self) -> bool: ...


def progress(rows: Sequence[_Answered]) -> Progress:
    """Counts and coverage by the result that counts (a scan's fail fills or overrides a declared
    answer, as in the score), so ``assess show`` and ``assess score`` agree; ``unanswered`` lists
    what the questionnaire still lacks."""
    from secassess.scoring import effective_result

    counts = Counter(effective_result(r.result, r.technical_result)[0]  # type: ignore[arg-type]
                     for r in rows)
    return Progress(
        total=len(rows), counts={k: counts.get(k, 0) for k in RESULTS},
        unanswered=[r.control_id for r in rows if not is_answered(r.result)],
        mandatory_unanswered=[r.control_id for r in rows if r.mandatory and not is_answered(r.result)])


@dataclass(frozen=True)
class _AnswerState:
    control_id: str
    result: str
    technical_result: str | None
    mandatory: bool


def progress_of(conn: Connection, assessment_id: int) -> Progress:
    """:func:`progress` of an assessment read from its result rows alone (not the controls' texts):
    what a page shows after each saved answer."""
    q = (select(results.c.control_id, results.c.result, results.c.technical_result, results.c.mandatory)
         .where(results.c.assessment_id == assessment_id).order_by(results.c.position))
    return progress([_AnswerState(r[0], r[1], r[2], bool(r[3])) for r in conn.execute(q)])


def finalize_assessment(conn: Connection, assessment_id: int, actor: str, allow_incomplete: bool = False) -> Assessment:
    """Lock a draft assessment (đã chốt). Refuses while mandatory controls are unanswered unless
    ``allow_incomplete``, which is then recorded on the assessment. Returns it as stored.

    Only the assessment's own record: bringing the technical results up to date first and opening
    the remediation items after is the finalize use case's (``secassess.app.assessments.finalize``)."""
    assessment = load_assessment(conn, assessment_id)
    ensure_draft(assessment)
    missing = progress(load_results(conn, assessment_id)).mandatory_unanswered
    if missing and not allow_incomplete:
        raise InputError(msg("assessment.service.mandatory_controls_unanswered_answer_them", n=len(missing), c=", ".join(missing)))
    now = clock.now()
    conn.execute(assessments.update().where(assessments.c.id == assessment_id).values(
        status=FINALIZED, finalized_at=now, finalized_by=actor, allow_incomplete=bool(missing), updated_at=now))
    return load_assessment(conn, assessment_id)


def previous_finalized(conn: Connection, a: Assessment) -> Assessment | None:
    """The assessment ``a`` is compared with: the latest finalized assessment of the same system
    before it, by finalization time (for a draft: the latest finalized one). ``assess score
    --compare-previous`` and the reports both use this rule."""
    limit = a.finalized_at
    earlier = [x for x in list_assessments(conn, system_id=a.system_id, status="finalized")
               if x.id != a.id and x.finalized_at is not None and (limit is None or x.finalized_at <= limit)]
    if not earlier:
        return None
    return max(earlier, key=lambda x: (x.finalized_at, x.id))
