"""The YAML questionnaire: an answers file with the questions written beside it as comments.

Written by :func:`export`, read by :func:`read_answers` (which also reads answers files written
by hand in the short form of docs/questionnaires.md, “The answers file”)::

    answers:
      QLRR-01: {result: pass, note: "Quy trình ban hành ngày 01/03/2025", evidence: [docs/qt-qlrr.pdf]}
      TKTC-03: {result: partial, note: "MFA mới có cho VPN"}
      MANG-07: {result: not_applicable, justification: "Không có mạng không dây"}
      VLY-01: Đạt
"""

from __future__ import annotations

import json
import textwrap
from datetime import date, datetime
from pathlib import Path
from typing import Any

from secassess.assessment.answers import AnswerEntry, AnswerFile
from secassess.assessment.questionnaire import FORMAT_ID, INPUT_LIMIT, Questionnaire
from secassess.assessment.results import RESULTS, is_answered, label
from secassess.errors import Problem
from secassess.fsutil import atomic_write_text
from secassess.messages import msg
from secassess.text import user_text
from secassess.yamlio import YamlDoc, parse_yaml, read_text

META_KEYS = ("format", "assessment", "system", "catalog", "catalog_version")
ENTRY_KEYS = ("result", "note", "justification", "evidence")
WIDTH = 96

_WORDS = {
    "vi": {"title": "Phiếu hỏi đánh giá an toàn thông tin", "system": "Hệ thống", "unit": "Đơn vị",
           "profile": "Hồ sơ áp dụng", "catalog": "Bộ tiêu chí", "version": "phiên bản", "level": "cấp độ",
           "question": "Câu hỏi", "guidance": "Hướng dẫn", "hints": "Bằng chứng điển hình",
           "attached": "Bằng chứng đã nộp", "mandatory": "bắt buộc", "severity": "mức độ",
           "exported": "Xuất lúc"},
    "en": {"title": "Information security assessment questionnaire", "system": "System", "unit": "Unit",
           "profile": "Profile", "catalog": "Catalog", "version": "version", "level": "level",
           "question": "Question", "guidance": "Guidance", "hints": "Typical evidence",
           "attached": "Evidence already given", "mandatory": "mandatory", "severity": "severity",
           "exported": "Exported"},
}

_HOW = {  # one paragraph per line, wrapped when written
    "vi": (
        'Cách trả lời: với mỗi yêu cầu, ghi "result" bằng một trong các từ: {labels}.\n'
        '"Không áp dụng" phải ghi lý do ở "justification". "note" là ghi chú. "evidence" là danh sách tệp bằng '
        'chứng, ghi đường dẫn tương đối với thư mục chứa tệp này (ví dụ: [tai-lieu/quy-che.pdf]).\n'
        'Để trống "result" nếu chưa trả lời. Không sửa các dòng format, assessment, system, catalog.'),
    "en": (
        'How to answer: for each control set "result" to one of: {labels}.\n'
        '"Not applicable" needs a reason in "justification". "note" is a free note. "evidence" lists evidence '
        "files by path relative to this file's folder (e.g. [docs/policy.pdf]).\n"
        'Leave "result" empty if not answered yet. Do not change the format, assessment, system, catalog lines.'),
}


def _q(value: str) -> str:
    """A YAML scalar on one line (JSON strings are valid YAML double-quoted scalars)."""
    return json.dumps(value, ensure_ascii=False)


def _comment(text: str, indent: str, prefix: str = "") -> list[str]:
    out: list[str] = []
    first = True
    for para in (text or "").splitlines() or [""]:
        para = para.strip()
        if not para:
            continue
        lead = prefix if first else ""
        wrapped = textwrap.wrap(lead + para, WIDTH - len(indent) - 2, break_on_hyphens=False,
                                break_long_words=False) or [lead]
        out += [f"{indent}# {w}" for w in wrapped]
        first = False
    return out


def render(q: Questionnaire) -> str:
    lg = "en" if q.lang == "en" else "vi"
    w = _WORDS[lg]
    labels = ", ".join(label(r, lg) for r in RESULTS)
    lines = [f"# {w['title']} — secassess",
             f"# {w['system']}: {q.system_id} — {q.system_name} ({w['level']} {q.level})",
             f"# {w['unit']}: {q.unit_id} — {q.unit_name}",
             f"# {w['profile']}: {q.profile_id} — {q.profile_title}",
             f"# {w['catalog']}: {q.catalog_id}, {w['version']} {q.catalog_version}",
             f"# {w['exported']}: {q.exported_at}", "#"]
    for line in _HOW[lg].format(labels=labels).splitlines():
        lines += _comment(line, "")
    lines += ["", f"format: {FORMAT_ID}", f"assessment: {q.assessment_id}", f"system: {_q(q.system_id)}",
              f"catalog: {_q(q.catalog_id)}", f"catalog_version: {_q(q.catalog_version)}", "", "answers:"]
    for d in q.domains:
        bar = "═" * 3
        lines += ["", f"  # {bar} {d.id} — {d.title} {bar}"]
        for c in d.controls:
            flags = [f"{w['severity']} {c.severity}"]
            if c.mandatory:
                flags.insert(0, w["mandatory"])
            lines.append("")
            lines += _comment(f"{c.id} — {c.title}  [{' · '.join(flags)}]", "  ")
            lines += _comment(c.question, "  ", f"{w['question']}: ")
            lines += _comment(c.guidance, "  ", f"{w['guidance']}: ")
            if c.evidence_hints:
                lines += _comment("; ".join(c.evidence_hints), "  ", f"{w['hints']}: ")
            if c.attachments:
                lines += _comment(", ".join(c.attachments), "  ", f"{w['attached']}: ")
            result = label(c.result, lg) if is_answered(c.result) else ""
            lines += [f"  {c.id}:", f"    result: {_q(result)}", f"    note: {_q(c.note)}",
                      f"    justification: {_q(c.justification)}", "    evidence: []"]
    return "\n".join(lines) + "\n"


def export(q: Questionnaire, output: Path) -> None:
    atomic_write_text(output, render(q))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"  # e.g. `result: yes` read by YAML 1.1 as a boolean
    if isinstance(value, datetime | date):
        return value.isoformat()
    return user_text(str(value)).strip()


def read_answers(path: Path, *, max_bytes: int) -> AnswerFile:
    text = read_text(path, max_bytes=max_bytes, setting=INPUT_LIMIT)
    doc = parse_yaml(text, str(path))
    return parse_answers(doc, path.resolve().parent)


def parse_answers(doc: YamlDoc, base_dir: Path) -> AnswerFile:
    af = AnswerFile(doc.file, base_dir)
    data = doc.data
    if not isinstance(data, dict) or "answers" not in data:
        af.problems.append(Problem(msg("assessment.questionnaire.yaml.answers_file_needs_answers_key"),
                                   doc.file, doc.where(())))
        return af
    for key in data:
        if key not in (*META_KEYS, "answers"):
            af.problems.append(doc.problem((key,), msg("assessment.questionnaire.yaml.key_not_allowed", k=key)))
    af.meta = {k: _text(data.get(k)) for k in META_KEYS if data.get(k) is not None}
    af.meta_where = doc.where(("assessment",)) or doc.where(())
    fmt = af.meta.get("format")
    if fmt and fmt != FORMAT_ID:
        af.problems.append(doc.problem(("format",), msg("assessment.questionnaire.yaml.format_not_supported_expected", f=fmt, k=FORMAT_ID)))
    answers = data["answers"]
    if answers is None:
        return af
    if not isinstance(answers, dict):
        af.problems.append(doc.problem(("answers",), msg("assessment.questionnaire.yaml.answers_must_map_control_id")))
        return af
    for raw_id, value in answers.items():
        cid = _text(raw_id).upper()
        where = doc.where(("answers", raw_id))
        if value is None or isinstance(value, str | int | float | bool):
            af.entries.append(AnswerEntry(cid, where, result=_text(value)))
            continue
        if not isinstance(value, dict):
            af.problems.append(Problem(f"{cid}: " + msg("assessment.questionnaire.yaml.answer_must_mapping_result_note"), doc.file, where))
            continue
        for k in value:
            if k not in ENTRY_KEYS:
                af.problems.append(doc.problem(("answers", raw_id, k), f"{cid}: " + msg("assessment.questionnaire.yaml.field_not_allowed_use", k=k, a=", ".join(ENTRY_KEYS))))
        ev = value.get("evidence")
        if ev is None:
            evidence: list[str] = []
        elif isinstance(ev, list) and all(isinstance(x, str) for x in ev):
            evidence = [x for x in ev if x.strip()]
        elif isinstance(ev, str):
            evidence = [ev] if ev.strip() else []
        else:
            af.problems.append(doc.problem(("answers", raw_id, "evidence"), f"{cid}: " + msg("assessment.questionnaire.yaml.evidence_must_list_file_names")))
            evidence = []
        af.entries.append(AnswerEntry(cid, where, result=_text(value.get("result")), note=_text(value.get("note")),
                                      justification=_text(value.get("justification")), evidence=evidence))
    return af
