"""The recommendations (kiến nghị, đề xuất) and the conclusion (kết luận) of a system report,
drafted from its findings — pure functions of the report model, worded from ``wording.yaml``.

The officer who issues the report may replace either with their own text
(``report system --recommendations FILE --conclusion FILE``): :func:`read_officer_text` reads such
a file into paragraphs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from secassess.errors import InputError
from secassess.messages import msg
from secassess.reporting.model import Report
from secassess.reporting.wording import Wording

#: ids named in one sentence before "and N others"
MAX_IDS = 8
MAX_TEXT_BYTES = 200_000


def id_list(ids: Sequence[str], w: Wording) -> str:
    """"QLRR-01, MANG-03" or "QLRR-01, …, MANG-03 và 12 yêu cầu khác"."""
    if len(ids) <= MAX_IDS:
        return ", ".join(ids)
    return w("ids_and_more", ids=", ".join(ids[:MAX_IDS]), n=len(ids) - MAX_IDS)


def recommendations(r: Report, w: Wording) -> list[str]:
    """The drafted recommendations: a lead-in, then one "- " paragraph per kind of shortcoming, most
    urgent first."""
    s, sysinfo = r.summary, r.system
    unit = sysinfo.unit_name or sysinfo.unit_id
    body = r.header.issuing_body.strip() or w("intro_body_default")
    out = [w("rec_lead", unit=unit)]
    mandatory = [f.control_id for f in r.findings if f.mandatory and f.result == "fail"]
    if mandatory:
        out.append(w("rec_mandatory_failed", n=len(mandatory), ids=id_list(mandatory, w), body=body))
    severe = [f.control_id for f in r.findings if f.severity in ("critical", "high") and f.control_id not in mandatory]
    if severe:
        out.append(w("rec_severe", n=len(severe), ids=id_list(severe, w)))
    others = [f.control_id for f in r.findings if f.control_id not in mandatory and f.control_id not in severe]
    if others:
        out.append(w("rec_other_findings" if mandatory or severe else "rec_findings", n=len(others)))
    overdue = [f.control_id for f in r.findings if f.plan is not None and f.plan.overdue]
    if overdue:
        out.append(w("rec_overdue", n=len(overdue), ids=id_list(overdue, w)))
    unassessed = s.counts.get("not_assessed", 0)
    if unassessed:
        out.append(w("rec_unassessed", n=unassessed))
    if r.conflicts:
        out.append(w("rec_conflicts", n=len(r.conflicts), ids=id_list([c.control_id for c in r.conflicts], w)))
    if not r.scans and sysinfo.targets:
        out.append(w("rec_no_scan"))
    if sysinfo.level_dossier_approved is None:
        out.append(w("rec_dossier"))
    if sysinfo.security_plan_approved is None:
        out.append(w("rec_plan"))
    if len(out) == 1:
        out.append(w("rec_maintain"))
    else:
        out.append(w("rec_reassess"))
    return [out[0], *(f"- {x}" for x in out[1:])]


def conclusion(r: Report, w: Wording) -> list[str]:
    """The drafted conclusion: the result, why, and what remains to be done."""
    s = r.summary
    out = [w("conc_result", system=w.system_ref(r.system.name), score=w.score(s.score),
             coverage=w.percent(s.coverage), rating=w.rating(s.rating))]
    reasons = " ".join(g.text for g in (s.gaps or [s.reason]))
    if reasons:
        out[0] += " " + reasons
    if r.findings:
        mandatory = sum(1 for f in r.findings if f.mandatory)
        out.append(w("conc_findings", n=len(r.findings), m=mandatory) if mandatory
                   else w("conc_findings_none_mandatory", n=len(r.findings)))
    else:
        out.append(w("conc_no_findings"))
    if r.draft:
        out.append(w("conc_draft"))
    return out


def paragraphs(text: str) -> list[str]:
    """Paragraphs of an officer's text: separated by blank lines; a line starting with "- " or
    "+ " starts a bullet of its own; other line breaks join lines."""
    out: list[str] = []
    for block in text.replace("\r\n", "\n").replace("\r", "\n").split("\n\n"):
        current: list[str] = []
        for line in block.split("\n"):
            line = line.strip()
            if not line:
                continue
            if line[:2] in ("- ", "+ ", "* ") and current:
                out.append(" ".join(current))
                current = []
            current.append(("- " + line[2:].strip()) if line[:2] in ("+ ", "* ") else line)
        if current:
            out.append(" ".join(current))
    return out


def read_officer_text(path: Path, option: str) -> list[str]:
    """An officer's own recommendations or conclusion, from a UTF-8 text file."""
    from secassess.fsutil import read_bytes

    data = read_bytes(path, max_bytes=MAX_TEXT_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(msg("reporting.narrative.file_not_utf_8_text", n=exc.start + 1), str(path)) from None
    found = paragraphs(text)
    if not found:
        raise InputError(msg("reporting.narrative.file_empty", o=option), str(path))
    return found
