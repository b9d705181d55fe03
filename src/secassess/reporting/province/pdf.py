"""PDF renderer of the provincial report: the document composed by :mod:`.compose`, drawn by the
PDF renderer the system report uses (:mod:`secassess.reporting.pdf`)."""

from __future__ import annotations

from secassess.reporting.fonts import FontFiles
from secassess.reporting.pdf import RenderedPdf, render_pdf
from secassess.reporting.province.compose import compose_province
from secassess.reporting.province.model import ProvinceReport


class PdfRenderer:
    name = "pdf"
    extension = ".pdf"
    media_type = "application/pdf"

    def __init__(self, fonts: FontFiles | None = None) -> None:
        self.fonts = fonts

    def render_pdf(self, report: ProvinceReport) -> RenderedPdf:
        return render_pdf(compose_province(report), self.fonts)

    def render(self, report: ProvinceReport) -> bytes:
        return self.render_pdf(report).data
