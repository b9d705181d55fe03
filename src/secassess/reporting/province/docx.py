"""Word renderer of the provincial report: the document composed by :mod:`.compose`, drawn by the
Word renderer the system report uses (:mod:`secassess.reporting.docx`)."""

from __future__ import annotations

from typing import Any

from secassess.reporting.docx import render_docx
from secassess.reporting.province.compose import compose_province
from secassess.reporting.province.model import ProvinceReport


class DocxRenderer:
    name = "docx"
    extension = ".docx"
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def __init__(self, fonts: Any = None) -> None:
        del fonts  # Word uses Times New Roman

    def render(self, report: ProvinceReport) -> bytes:
        return render_docx(compose_province(report))
