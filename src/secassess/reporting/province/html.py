"""HTML renderer of the provincial report: one self-contained, printable page from
``templates/province.html.j2``, with the administrative layout of ``reporting/templates/_document.html.j2``
(jinja2 autoescape on: every value is escaped)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

from secassess.reporting.province import present
from secassess.reporting.province.model import ProvinceReport
from secassess.reporting.province.wording import ProvinceWording
from secassess.reporting.wording import ROMAN, TEMPLATES

OWN = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(loader=ChoiceLoader([FileSystemLoader(str(OWN)), FileSystemLoader(str(TEMPLATES))]),
                       autoescape=select_autoescape(["html", "j2"], default=True), undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def context(report: ProvinceReport, w: ProvinceWording) -> dict[str, Any]:
    """What the template needs beyond the report: the letterhead, closing, rows and sentences the PDF
    uses too."""
    from secassess.reporting.compose import letterhead, recipients, signature

    h = report.header
    return {
        "lh": letterhead(h, report.issue.number, w), "recipients": recipients(h, w, addressed=True),
        "sig": signature(h, w),
        "intro": present.intro(report, w), "task_a": present.task_a_text(report, w),
        "task_b": present.task_b_text(report, w), "task_c": present.task_c_text(report, w),
        "rows_a": present.task_rows(w, "a"), "rows_b": present.task_rows(w, "b"), "rows_c": present.task_rows(w, "c"),
        "rows_change": present.change_rows(w),
        "values": lambda row: present.values(report, row, w), "levels": present.levels_text,
        "ratings": present.ratings_text, "findings": present.findings_text,
        "overdue_groups": present.by_system(report.overdue_items),
        "critical_groups": present.by_system(report.open_critical_findings),
        "change_intro": present.change_intro(report, w), "unit_changes": present.unit_change_rows(report, w),
        "method": present.method_lines(report, w), "roman": ROMAN,
    }


class HtmlRenderer:
    name = "html"
    extension = ".html"
    media_type = "text/html; charset=utf-8"

    def render(self, report: ProvinceReport) -> bytes:
        w = ProvinceWording(report.lang)  # type: ignore[arg-type]
        html = environment().get_template("province.html.j2").render(r=report, w=w, **context(report, w))
        return html.encode("utf-8")
