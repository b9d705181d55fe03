"""Questionnaires (phiếu hỏi): one model, one module per format.

- :mod:`.yaml` — a commented YAML answers file, for people and scripts;
- :mod:`.xlsx` — the Excel workbook a unit fills (cover sheet, locked questions, drop-downs).

(Answering at the prompt, one key per answer, is the command line's: ``secassess.cli.answer_prompt``.)

:func:`build_questionnaire` gathers what every export shows (the applicable controls of one
assessment, grouped by domain, in one language, with the answers already given);
:func:`read_answers` picks the reader for an answers file by what it really is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection

from secassess import clock
from secassess.assessment.answers import AnswerFile
from secassess.assessment.service import load_assessment, load_results
from secassess.errors import InputError
from secassess.fsutil import SPREADSHEETS, cannot_write, check_file, mislabelled, sniff, wrong_kind
from secassess.inventory.service import get_system, get_unit
from secassess.messages import msg
from secassess.vocabulary import severity_label

FORMAT_ID = "secassess-answers/1"
FORMATS = ("yaml", "xlsx")
INPUT_LIMIT = "limits.input_max_mb"  # the secassess.yaml key of the answers file size limit


@dataclass
class QControl:
    id: str
    domain: str
    title: str
    question: str
    guidance: str
    evidence_hints: list[str]
    severity: str  # the label in the questionnaire's language (“cao”, “high”)
    mandatory: bool
    result: str
    note: str
    justification: str
    attachments: list[str] = field(default_factory=list)


@dataclass
class QDomain:
    id: str
    title: str
    controls: list[QControl] = field(default_factory=list)


@dataclass
class Questionnaire:
    """Everything a questionnaire export shows, in one language."""

    lang: str
    assessment_id: int
    system_id: str
    system_name: str
    unit_id: str
    unit_name: str
    level: int
    profile_id: str
    profile_title: str
    catalog_id: str
    catalog_version: str
    assessor: str
    exported_at: str
    domains: list[QDomain] = field(default_factory=list)

    @property
    def controls(self) -> list[QControl]:
        return [c for d in self.domains for c in d.controls]


def _severity(code: str, lang: str) -> str:
    return severity_label(code, lang).lower()


def build_questionnaire(conn: Connection, assessment_id: int, lang: str) -> Questionnaire:
    from secassess.evidence.store import list_attachments

    a = load_assessment(conn, assessment_id)
    system = get_system(conn, a.system_id)
    unit = get_unit(conn, system.unit_id)
    rows = load_results(conn, assessment_id)
    names: dict[str, list[str]] = {}
    for att in list_attachments(conn, assessment_id):
        if att.control_id:
            names.setdefault(att.control_id, []).append(att.original_name)
    titles = a.domain_titles(lang)
    q = Questionnaire(
        lang=lang, assessment_id=a.id, system_id=system.id, system_name=system.name, unit_id=unit.id,
        unit_name=unit.name, level=a.level, profile_id=a.profile_id, profile_title=a.profile_title(lang),
        catalog_id=a.catalog_id, catalog_version=a.catalog_version, assessor=a.assessor,
        exported_at=clock.now().isoformat(timespec="seconds"))
    by_domain: dict[str, QDomain] = {}
    for r in rows:
        d = by_domain.get(r.domain_id)
        if d is None:
            d = by_domain[r.domain_id] = QDomain(r.domain_id, titles.get(r.domain_id, r.domain_id))
            q.domains.append(d)
        d.controls.append(QControl(
            id=r.control_id, domain=r.domain_id, title=r.text("title", lang), question=r.text("question", lang),
            guidance=r.text("guidance", lang), evidence_hints=r.evidence_hints(lang), severity=_severity(r.severity, lang),
            mandatory=r.mandatory, result=r.result, note=r.note, justification=r.justification,
            attachments=names.get(r.control_id, [])))
    return q


def format_from_name(path: Path) -> str | None:
    """``yaml`` or ``xlsx`` when the file name's extension says which, else None."""
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    return None


def read_answers(path: Path, *, max_bytes: int) -> AnswerFile:
    """Read an answers file (not yet checked against the assessment) as what its content says it is
    (:func:`secassess.fsutil.sniff`): an Excel workbook, or text read as YAML, whatever its name; a
    mislabelled file gets a notice (``AnswerFile.notices``). Any other kind of file (Word, PDF, an old
    .xls ...) is refused naming what it is."""
    check_file(path, max_bytes=max_bytes, setting=INPUT_LIMIT)
    kind = sniff(path)
    if kind not in ("xlsx", "text"):
        advice = msg("assessment.questionnaire.open_excel_libreoffice_save_as") if kind in SPREADSHEETS else ""
        raise wrong_kind(path, kind, msg("assessment.questionnaire.yaml_answers_file_yaml_excel"), advice)
    if kind == "xlsx":
        from secassess.assessment.questionnaire import xlsx

        af = xlsx.read_answers(path, max_bytes=max_bytes)
    else:
        from secassess.assessment.questionnaire import yaml as yaml_format

        af = yaml_format.read_answers(path, max_bytes=max_bytes)
    notice = mislabelled(path, kind) if format_from_name(path) != ("xlsx" if kind == "xlsx" else "yaml") else None
    if notice:
        af.notices.append(notice)
    return af


def export(q: Questionnaire, fmt: str, output: Path) -> None:
    """Write the questionnaire to ``output`` atomically (a failure leaves no partial file)."""
    try:
        if fmt == "xlsx":
            from secassess.assessment.questionnaire import xlsx

            xlsx.export(q, output)
        elif fmt == "yaml":
            from secassess.assessment.questionnaire import yaml as yaml_format

            yaml_format.export(q, output)
        else:  # pragma: no cover - click restricts the choice
            raise InputError(msg("assessment.questionnaire.unsupported_format", f=fmt))
    except OSError as exc:
        raise cannot_write(output, exc) from None
