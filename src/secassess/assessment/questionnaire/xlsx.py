"""The Excel questionnaire (phiếu hỏi Excel) that a unit fills, and reading it back.

The workbook has:

- a cover sheet (system, unit, profile, catalog, instructions, the result words);
- the questionnaire sheet: one row per applicable control, grouped under a row per domain.
  Id, title, question, guidance, typical evidence and severity are locked; result (a drop-down
  of the result labels), note, justification and evidence file names are the only editable
  cells. The sheet is protected *without a password* (it guards against slips, not people;
  Excel's "Unprotect Sheet" needs no password). Columns can still be resized;
- a very hidden ``_meta`` sheet naming the assessment, system and catalog, so a file filled
  for another assessment is refused on import.

Reading is defensive because files come from other offices: size limit before opening, a zip
sanity check (member count, total uncompressed size, no zip bombs), openpyxl's XML parsing
through defusedxml (openpyxl uses it automatically when installed; we refuse to read
otherwise), read-only streaming mode, and any parse failure reported as a clear error.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from secassess.assessment.answers import AnswerEntry, AnswerFile
from secassess.assessment.questionnaire import FORMAT_ID, INPUT_LIMIT, Questionnaire
from secassess.assessment.results import RESULTS, is_answered, label
from secassess.errors import InputError, Problem
from secassess.fsutil import atomic_open, check_file
from secassess.messages import msg

META_SHEET = "_meta"
MAX_MEMBERS = 2000
UNCOMPRESSED_FACTOR = 10  # total uncompressed size allowed, as a multiple of the file size limit
MAX_RATIO = 200  # a member compressed more than this (and larger than 1 MB) is a zip bomb

# column key -> (width, vi header, en header, editable)
COLUMNS: list[tuple[str, int, str, str, bool]] = [
    ("id", 11, "Mã", "Id", False),
    ("title", 30, "Yêu cầu", "Control", False),
    ("question", 50, "Câu hỏi", "Question", False),
    ("guidance", 45, "Hướng dẫn đánh giá", "Guidance", False),
    ("hints", 32, "Bằng chứng điển hình", "Typical evidence", False),
    ("severity", 14, "Mức độ", "Severity", False),
    ("result", 18, "Kết quả (chọn)", "Result (choose)", True),
    ("note", 40, "Ghi chú", "Note", True),
    ("justification", 32, "Lý do (nếu không áp dụng)", "Justification (if not applicable)", True),
    ("evidence", 32, "Tệp bằng chứng (tên tệp, cách nhau bởi ;)", "Evidence files (names, separated by ;)", True),
    ("attached", 26, "Bằng chứng đã nộp", "Evidence already given", False),
]
KEYS = [c[0] for c in COLUMNS]

_TEXT: dict[str, dict[str, Any]] = {
    "vi": {
        "cover": "Hướng dẫn", "sheet": "Phiếu hỏi",
        "title": "PHIẾU HỎI ĐÁNH GIÁ AN TOÀN THÔNG TIN",
        "fields": ["Hệ thống", "Đơn vị", "Cấp độ", "Hồ sơ áp dụng", "Bộ tiêu chí", "Đợt đánh giá số",
                   "Cán bộ đánh giá", "Ngày xuất"],
        "how": [
            "Cách điền:",
            "1. Mở trang “Phiếu hỏi”. Mỗi dòng là một yêu cầu; các dòng in đậm là tên nhóm yêu cầu.",
            "2. Ở cột “Kết quả”, chọn trong danh sách: {labels}.",
            "3. Chọn “Không áp dụng” thì phải ghi lý do ở cột “Lý do”.",
            "4. Ghi chú ngắn gọn hiện trạng ở cột “Ghi chú” (ví dụ số, ngày văn bản ban hành).",
            "5. Tệp bằng chứng: đặt các tệp cùng thư mục với tệp Excel này (hoặc thư mục con) và ghi tên tệp "
            "ở cột “Tệp bằng chứng”, cách nhau bởi dấu chấm phẩy, ví dụ: quy-che.pdf; bien-ban/kiem-tra.pdf.",
            "6. Các cột khác đã được khóa để tránh sửa nhầm (bảo vệ trang không đặt mật khẩu). Không đổi tên "
            "trang, không thêm hay xóa dòng.",
            "7. Gửi lại tệp Excel này cùng các tệp bằng chứng cho cán bộ đánh giá.",
        ],
        "mandatory": "bắt buộc",
        "dv_title": "Kết quả", "dv_prompt": "Chọn một kết quả trong danh sách",
        "dv_error": "Hãy chọn một kết quả trong danh sách.",
    },
    "en": {
        "cover": "Instructions", "sheet": "Questionnaire",
        "title": "INFORMATION SECURITY ASSESSMENT QUESTIONNAIRE",
        "fields": ["System", "Unit", "Level", "Profile", "Catalog", "Assessment no.", "Assessor", "Exported"],
        "how": [
            "How to fill it in:",
            "1. Open the “Questionnaire” sheet. Each row is one control; bold rows are domain names.",
            "2. In the “Result” column choose from the list: {labels}.",
            "3. “Not applicable” needs a reason in the “Justification” column.",
            "4. Describe the current state briefly in the “Note” column (e.g. number and date of a decision).",
            "5. Evidence files: put them in the folder of this workbook (or a subfolder) and write their names "
            "in the “Evidence files” column, separated by semicolons, e.g. policy.pdf; minutes/review.pdf.",
            "6. The other columns are locked against slips (the sheet protection has no password). Do not "
            "rename sheets or add or delete rows.",
            "7. Send this workbook back with the evidence files to the assessor.",
        ],
        "mandatory": "mandatory",
        "dv_title": "Result", "dv_prompt": "Choose a result from the list",
        "dv_error": "Please choose a result from the list.",
    },
}


def _clean(text: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return str(ILLEGAL_CHARACTERS_RE.sub("", text))


def _set_text(cell: Any, text: str) -> None:
    """Store text as text: a note starting with “=” must never become a formula."""
    cell.value = _clean(text)
    cell.data_type = "s"


def export(q: Questionnaire, output: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.workbook.protection import WorkbookProtection
    from openpyxl.worksheet.datavalidation import DataValidation

    lg = "en" if q.lang == "en" else "vi"
    t = _TEXT[lg]
    labels = [label(r, lg) for r in RESULTS]
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="1F4E78")
    domain_fill = PatternFill("solid", fgColor="DDEBF7")
    answer_fill = PatternFill("solid", fgColor="FFF2CC")
    unlocked = Protection(locked=False)

    wb = Workbook()
    cover = wb.active
    assert cover is not None
    cover.title = t["cover"]
    cover.column_dimensions["A"].width = 22
    cover.column_dimensions["B"].width = 100
    _set_text(cover.cell(1, 1), t["title"])
    cover.cell(1, 1).font = Font(bold=True, size=14)
    values = [f"{q.system_id} — {q.system_name}", f"{q.unit_id} — {q.unit_name}", str(q.level),
              f"{q.profile_id} — {q.profile_title}", f"{q.catalog_id} {q.catalog_version}", str(q.assessment_id),
              q.assessor, _shown_time(q.exported_at)]
    for i, (k, v) in enumerate(zip(t["fields"], values, strict=True), start=3):
        _set_text(cover.cell(i, 1), k)
        cover.cell(i, 1).font = bold
        _set_text(cover.cell(i, 2), v)
        cover.cell(i, 2).alignment = wrap
    row = 3 + len(values) + 1
    for line in t["how"]:
        _set_text(cover.cell(row, 1), line.format(labels=", ".join(labels)))
        cover.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        cover.cell(row, 1).alignment = wrap
        cover.row_dimensions[row].height = 32 if len(line) > 110 else 16
        row += 1
    cover.protection.sheet = True

    ws = wb.create_sheet(t["sheet"])
    for i, (_key, width, vi, en, _edit) in enumerate(COLUMNS, start=1):
        c = ws.cell(1, i)
        _set_text(c, vi if lg == "vi" else en)
        c.font = Font(bold=True, color="FFFFFF")
        c.fill = head_fill
        c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        c.border = border
        ws.column_dimensions[c.column_letter].width = width
    ws.freeze_panes = "B2"
    ws.row_dimensions[1].height = 32
    result_col = KEYS.index("result") + 1
    dv = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True,
                        showDropDown=False, showErrorMessage=True, showInputMessage=True,
                        errorTitle=t["dv_title"], error=t["dv_error"], promptTitle=t["dv_title"],
                        prompt=t["dv_prompt"])
    ws.add_data_validation(dv)
    r = 2
    first_answer, last_answer = None, 1
    for d in q.domains:
        c = ws.cell(r, 1)
        _set_text(c, f"{d.id} — {d.title}")
        c.font = Font(bold=True, size=12)
        for col in range(1, len(COLUMNS) + 1):
            ws.cell(r, col).fill = domain_fill
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(COLUMNS))
        r += 1
        for ctl in d.controls:
            cells = {
                "id": ctl.id, "title": ctl.title, "question": ctl.question, "guidance": ctl.guidance,
                "hints": "\n".join(f"• {h}" for h in ctl.evidence_hints),
                "severity": f"{ctl.severity}\n{t['mandatory']}" if ctl.mandatory else ctl.severity,
                "result": label(ctl.result, lg) if is_answered(ctl.result) else "",
                "note": ctl.note, "justification": ctl.justification, "evidence": "",
                "attached": "\n".join(ctl.attachments),
            }
            for col, (key, _w, _vi, _en, editable) in enumerate(COLUMNS, start=1):
                cell = ws.cell(r, col)
                if cells[key]:
                    _set_text(cell, cells[key])
                cell.alignment = wrap
                cell.border = border
                if editable:
                    cell.protection = unlocked
                    cell.fill = answer_fill
            ws.cell(r, 1).font = bold
            first_answer = first_answer or r
            last_answer = r
            r += 1
    if first_answer is not None:
        letter = ws.cell(1, result_col).column_letter
        dv.add(f"{letter}{first_answer}:{letter}{last_answer}")
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # people may widen columns and rows to read
    ws.protection.formatRows = False
    ws.protection.formatCells = False
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    meta = wb.create_sheet(META_SHEET)
    for i, (k, v) in enumerate([("format", FORMAT_ID), ("assessment", str(q.assessment_id)),
                                ("system", q.system_id), ("catalog", q.catalog_id),
                                ("catalog_version", q.catalog_version), ("profile", q.profile_id),
                                ("lang", lg), ("sheet", ws.title), ("columns", ",".join(KEYS)),
                                ("exported_at", q.exported_at)], start=1):
        _set_text(meta.cell(i, 1), k)
        _set_text(meta.cell(i, 2), v)
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    wb.active = 1
    wb.security = WorkbookProtection(lockStructure=True)
    with atomic_open(output, "wb") as fh:
        wb.save(fh)


def _shown_time(iso: str) -> str:
    """The export time as people read it (dd/mm/yyyy hh:mm, Vietnam time); the hidden sheet keeps ISO 8601."""
    from datetime import datetime

    from secassess.clock import fmt_datetime

    return fmt_datetime(datetime.fromisoformat(iso))


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    from secassess.text import user_text

    return user_text(_XML_ESCAPES.sub(lambda m: chr(int(m.group(1), 16)), str(value))).strip()


# Excel writes the line-ending characters of a cell (a CR pasted from Windows text) as OOXML escapes,
# which openpyxl leaves as they are: "_x000D_"
_XML_ESCAPES = re.compile(r"_x(000[9ADad])_")


def _refuse(path: Path, why: str) -> InputError:
    return InputError(msg("assessment.questionnaire.xlsx.cannot_read_excel_file", w=why), str(path))


def check_zip(path: Path, max_bytes: int) -> None:
    """Refuse what is not a sane .xlsx before openpyxl parses anything."""
    check_file(path, max_bytes=max_bytes, setting=INPUT_LIMIT)
    if not zipfile.is_zipfile(path):
        raise _refuse(path, msg("assessment.questionnaire.xlsx.not_xlsx_file_not_zip"))
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse(path, str(exc)) from None
    if len(infos) > MAX_MEMBERS:
        raise _refuse(path, msg("assessment.questionnaire.xlsx.too_many_parts", n=len(infos)))
    total = sum(i.file_size for i in infos)
    if total > UNCOMPRESSED_FACTOR * max_bytes:
        raise _refuse(path, msg("assessment.questionnaire.xlsx.uncompressed_content_too_large_mb", n=total // 1048576))
    for i in infos:
        if i.file_size > 1048576 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise _refuse(path, msg("assessment.questionnaire.xlsx.part_compressed_suspiciously_likely_zip", m=i.filename))
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise _refuse(path, msg("assessment.questionnaire.xlsx.no_workbook_inside_perhaps_word"))


def read_answers(path: Path, *, max_bytes: int) -> AnswerFile:
    check_zip(path, max_bytes)
    import openpyxl

    if not getattr(openpyxl, "DEFUSEDXML", False) or getattr(openpyxl, "LXML", False):
        raise _refuse(path, msg("assessment.questionnaire.xlsx.openpyxl_runs_without_defusedxml_openpyxl"))
    # opened by us: given a name, openpyxl refuses a workbook whose name does not end in .xlsx
    with open(path, "rb") as fh:
        try:
            wb = openpyxl.load_workbook(fh, read_only=True, data_only=True, keep_links=False)
        except Exception as exc:  # openpyxl raises many kinds for damaged or hostile files
            raise _refuse(path, _why(exc)) from None
        try:
            return _read(wb, path)
        except InputError:
            raise
        except Exception as exc:  # damaged content found while streaming rows
            raise _refuse(path, _why(exc)) from None
        finally:
            wb.close()


def _why(exc: BaseException) -> str:
    """A short reason; XML that defusedxml refused (entities, DTDs) is named as such."""
    from defusedxml import DefusedXmlException

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, DefusedXmlException):
            return msg("assessment.questionnaire.xlsx.file_contains_dangerous_xml_declarations", e=type(seen).__name__)
        seen = seen.__cause__ or seen.__context__
    return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"


def _read(wb: Any, path: Path) -> AnswerFile:
    af = AnswerFile(str(path), path.resolve().parent)
    if META_SHEET not in wb.sheetnames:
        raise InputError(msg("assessment.questionnaire.xlsx.not_questionnaire_exported_secassess_no"), str(path))
    meta: dict[str, str] = {}
    for row in wb[META_SHEET].iter_rows(min_row=1, max_row=50, max_col=2, values_only=True):
        if row and row[0]:
            meta[_cell_text(row[0])] = _cell_text(row[1] if len(row) > 1 else "")
    af.meta = {k: meta[k] for k in ("format", "assessment", "system", "catalog", "catalog_version") if k in meta}
    af.meta_where = META_SHEET
    if meta.get("format") != FORMAT_ID:
        raise InputError(msg("assessment.questionnaire.xlsx.questionnaire_format_not_supported", f=meta.get("format", "")), str(path), META_SHEET)
    sheet = meta.get("sheet", "")
    columns = meta.get("columns", "").split(",")
    if sheet not in wb.sheetnames or not {"id", "result", "note", "justification", "evidence"} <= set(columns):
        raise InputError(msg("assessment.questionnaire.xlsx.questionnaire_sheet_not_found_was", s=sheet), str(path))
    pos = {k: i for i, k in enumerate(columns)}
    ws = wb[sheet]

    def at(row: tuple[Any, ...], key: str) -> str:
        i = pos[key]
        return _cell_text(row[i]) if i < len(row) else ""

    for n, row in enumerate(ws.iter_rows(min_row=2, max_col=len(columns), values_only=True), start=2):
        where = msg("assessment.questionnaire.xlsx.sheet_row", s=sheet, n=n)
        cid = at(row, "id").upper()
        answer = [at(row, k) for k in ("result", "note", "justification", "evidence")]
        if not cid:
            if any(answer):
                af.problems.append(Problem(msg("assessment.questionnaire.xlsx.answer_without_control_id_first"),
                                           str(path), where))
            continue  # a blank row
        if not any(answer) and not re.fullmatch(r"[A-Z]{2,6}-[0-9]{2,3}", cid):
            continue  # a domain row
        evidence = [p.strip() for p in re.split(r"[;\n]+", answer[3]) if p.strip()]
        af.entries.append(AnswerEntry(cid, where, result=answer[0], note=answer[1], justification=answer[2],
                                      evidence=evidence))
    return af
