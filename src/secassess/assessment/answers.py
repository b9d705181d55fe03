"""Importing answers (trả lời phiếu hỏi), whatever the file format: check everything, then write.

A format reader (``questionnaire/yaml.py``, ``questionnaire/xlsx.py``) turns a file into an
:class:`AnswerFile`: the file's identity (which assessment, system and catalog it was exported
for) and one :class:`AnswerEntry` per control, each with its place in the file. Then
:func:`check_answers` finds *every* problem at once and :func:`apply_answers` writes, inside the
caller's single transaction, only what changed.

Rules (docs/questionnaires.md):

- a control listed with a result gets exactly the file's result, note and justification;
- a control listed with a blank result keeps its result, and its note and justification are
  replaced only by non-empty ones from the file; a control listed with nothing is left alone;
- evidence files named in the file are attached (never removed); they must be inside the
  answers file's folder: no absolute path, no ``..``, no link leading out;
- an exported and untouched questionnaire therefore changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import Connection

from secassess import ids
from secassess.assessment.results import Result, accepted_words, parse_result
from secassess.assessment.service import (
    Assessment,
    ResultRow,
    check_answer,
    ensure_draft,
    save_answers,
)
from secassess.errors import InputError, Problem
from secassess.evidence import store as evidence_store
from secassess.fsutil import too_large
from secassess.i18n import tr
from secassess.messages import msg

CONTROL_ID = re.compile(r"^[A-Z]{2,6}-[0-9]{2,3}$")


@dataclass
class AnswerEntry:
    """One control's answer as read from a file (not yet checked)."""

    control_id: str
    where: str | None  # "dòng 12", "hàng 7" ...
    result: str | None = None  # the word as written; None or "" = not given
    note: str = ""
    justification: str = ""
    evidence: list[str] = field(default_factory=list)  # paths relative to the answers file

    @property
    def empty(self) -> bool:
        return not (self.result or "").strip() and not self.note and not self.justification and not self.evidence


@dataclass
class AnswerFile:
    """What a format reader found in an answers file."""

    file: str
    base_dir: Path
    meta: dict[str, Any] = field(default_factory=dict)  # assessment, system, catalog, catalog_version
    meta_where: str | None = None
    entries: list[AnswerEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # format problems found while reading
    notices: list[str] = field(default_factory=list)  # said to the user, not problems (a mislabelled file)


@dataclass
class EvidenceFile:
    path: Path  # resolved, inside the answers file's folder
    name: str  # as written (normalised to "/")


@dataclass
class Answer:
    """A checked answer, ready to store. ``result`` None keeps the stored result."""

    control_id: str
    result: Result | None
    note: str
    justification: str
    evidence: list[EvidenceFile]


@dataclass
class AnswerSummary:
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    evidence_added: int = 0
    notes_without_result: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"changed": self.changed, "unchanged": self.unchanged, "evidence_added": self.evidence_added,
                "notes_without_result": self.notes_without_result}


def evidence_path(base_dir: Path, written: str, max_bytes: int) -> tuple[EvidenceFile | None, str | None]:
    """Resolve an evidence name from an answers file. Returns the file, or a reason to refuse it.

    Names come from other units, so they must stay inside ``base_dir``: no absolute path (POSIX,
    Windows drive or UNC), no ``..`` component, and no symbolic link leading outside.
    """
    name = written.strip().replace("\\", "/")
    if re.match(r"^[A-Za-z]:", name) or name.startswith("/"):
        return None, msg("assessment.answers.absolute_paths_not_allowed_write")
    parts = PurePosixPath(name).parts
    if ".." in parts:
        return None, msg("assessment.answers.not_allowed_evidence_files_must")
    if not parts or "\0" in name:
        return None, msg("assessment.answers.empty_invalid_file_name")
    base = base_dir.resolve()
    path = base.joinpath(*parts)
    if not path.exists() and not path.is_symlink():
        return None, msg("assessment.answers.evidence_file_not_found_looked", f=name, d=base)
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None, msg("assessment.answers.broken_link", f=name)
    if not real.is_relative_to(base):
        return None, msg("assessment.answers.link_leading_outside_answers_file", f=name)
    if not real.is_file():
        return None, msg("assessment.answers.not_regular_file", f=name)
    size = real.stat().st_size
    if size > max_bytes:
        return None, too_large(size, max_bytes, what=msg("assessment.answers.evidence_file", f=name),
                               setting=evidence_store.EVIDENCE_LIMIT)
    return EvidenceFile(real, name), None


def check_answers(assessment: Assessment, rows: list[ResultRow], af: AnswerFile, *,
                  evidence_max_bytes: int,
                  catalog_controls: Callable[[], set[str] | None] = lambda: None) -> list[Answer]:
    """Check an answers file against an assessment; raise :class:`InputError` listing every problem.

    ``catalog_controls`` (called only if needed) gives the ids of the assessment's catalog, to tell
    an unknown control id from one that exists but does not apply to this assessment.
    """
    ensure_draft(assessment)
    problems = list(af.problems)
    problems += _check_meta(assessment, af)
    by_id = {r.control_id: r for r in rows}
    seen: dict[str, str | None] = {}
    answers: list[Answer] = []
    catalog_ids: set[str] | None = None
    catalog_loaded = False
    for e in af.entries:
        where = e.where

        def bad(said: str, where: str | None = where, cid: str = e.control_id) -> None:
            problems.append(Problem(f"{cid}: {said}" if cid else said, af.file, where))

        cid = e.control_id
        if cid in seen:
            bad(msg("assessment.answers.control_listed_twice_first", w=seen[cid] or "?"))
            continue
        seen[cid] = where
        if cid not in by_id:
            if not catalog_loaded:
                catalog_ids, catalog_loaded = catalog_controls(), True
            if not CONTROL_ID.match(cid) or (catalog_ids is not None and cid not in catalog_ids):
                bad(msg("assessment.answers.unknown_control_id_not_catalog", c=assessment.catalog_id) + ids.suggestion(cid, by_id))
            else:
                bad(msg("assessment.answers.control_not_part_assessment_profile", i=assessment.id, p=assessment.profile_id))
            continue
        if e.empty:
            continue
        result: Result | None = None
        word = (e.result or "").strip()
        if word:
            result = parse_result(word)
            if result is None:
                bad(msg("assessment.answers.unknown_result_use", w=word, a=accepted_words()))
                continue
        if result is not None:
            why = check_answer(result, e.justification)
            if why:
                bad(why)
                continue
        evidence: list[EvidenceFile] = []
        for written in e.evidence:
            ev, why = evidence_path(af.base_dir, written, evidence_max_bytes)
            if why:
                bad(why)
            elif ev is not None and ev.name not in {x.name for x in evidence}:
                evidence.append(ev)
        answers.append(Answer(cid, result, e.note, e.justification, evidence))
    if problems:
        raise InputError.from_problems(
            msg("assessment.answers.answers_file_has_problems_nothing", n=len(problems)), problems)
    return answers


def _check_meta(a: Assessment, af: AnswerFile) -> list[Problem]:
    out: list[Problem] = []
    m = af.meta

    def differs(key: str, expected: str, msg_vi: str, msg_en: str) -> None:
        got = m.get(key)
        # ids typed in another case are the same id (secassess.ids)
        if got not in (None, "") and ids.match(str(got).strip(), [expected]) != [expected]:
            out.append(Problem(tr(msg_vi, msg_en, got=got, exp=expected), af.file, af.meta_where))

    differs("assessment", str(a.id), "tệp này thuộc đợt đánh giá số {got}, không phải số {exp}",
            "this file belongs to assessment {got}, not {exp}")
    differs("system", a.system_id, "tệp này của hệ thống “{got}”, không phải “{exp}”",
            "this file is for system “{got}”, not “{exp}”")
    differs("catalog", a.catalog_id, "tệp này theo bộ tiêu chí “{got}”, đợt đánh giá dùng “{exp}”",
            "this file follows catalog “{got}”, the assessment uses “{exp}”")
    differs("catalog_version", a.catalog_version, "tệp này theo phiên bản bộ tiêu chí {got}, đợt đánh giá dùng {exp}",
            "this file follows catalog version {got}, the assessment uses {exp}")
    return out


def apply_answers(conn: Connection, evidence_dir: Path, assessment: Assessment, rows: list[ResultRow],
                  answers: list[Answer], actor: str, *, evidence_max_bytes: int, source: str = "answers"
                  ) -> AnswerSummary:
    """Write checked answers (only what changed, in one statement) and attach their evidence files.

    ``rows`` are the stored results read in the same transaction."""
    by_id = {r.control_id: r for r in rows}
    summary = AnswerSummary()
    values: list[tuple[str, Result, str, str]] = []
    for a in answers:
        row = by_id[a.control_id]
        if a.result is None:  # keep the result; take only the texts the file gives
            summary.notes_without_result.append(a.control_id)
            values.append((a.control_id, row.result, a.note or row.note,  # type: ignore[arg-type]
                           a.justification or row.justification))
        else:
            values.append((a.control_id, a.result, a.note, a.justification))
    changed = set(save_answers(conn, assessment.id, rows, values, actor))
    for a in answers:
        for ev in a.evidence:
            blob = evidence_store.store_file(conn, evidence_dir, ev.path, max_bytes=evidence_max_bytes)
            _id, new = evidence_store.add_attachment(conn, assessment.id, a.control_id, blob.sha256, ev.name, "",
                                                     source, actor)
            if new:
                summary.evidence_added += 1
                changed.add(a.control_id)
    summary.changed = [a.control_id for a in answers if a.control_id in changed]
    summary.unchanged = len(answers) - len(summary.changed)
    return summary
