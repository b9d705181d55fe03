"""Word renderer of the provincial report: the document composed by :mod:`.compose`, drawn by the
Word renderer the system report uses (:mod:`secassess.reporting.docx`)."""

from __future__ import annotations

from secassess.reporting.docx import DocumentDocxRenderer
from secassess.reporting.province.compose import compose_province


class DocxRenderer(DocumentDocxRenderer):
    compose = staticmethod(compose_province)
