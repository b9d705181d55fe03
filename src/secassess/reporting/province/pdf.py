"""PDF renderer of the provincial report: the document composed by :mod:`.compose`, drawn by the
PDF renderer the system report uses (:mod:`secassess.reporting.pdf`)."""

from __future__ import annotations

from secassess.reporting.pdf import DocumentPdfRenderer
from secassess.reporting.province.compose import compose_province


class PdfRenderer(DocumentPdfRenderer):
    compose = staticmethod(compose_province)
