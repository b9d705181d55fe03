"""Markdown renderer: the report as plain Markdown for pasting into other documents, from
``templates/system.md.j2``; every value is escaped so that a note cannot become markup."""

from __future__ import annotations

from secassess.reporting.interface import Renderer
from secassess.reporting.model import Report
from secassess.reporting.templating import render_template


class MarkdownRenderer(Renderer):
    name = "md"
    extension = ".md"
    media_type = "text/markdown; charset=utf-8"

    def render(self, report: Report) -> bytes:
        return render_template("md", "system.md.j2", report).encode("utf-8")
