"""HTML renderer: one self-contained, printable page (inline CSS, no scripts, no external
requests), from ``templates/system.html.j2`` with jinja2 autoescape on."""

from __future__ import annotations

from secassess.reporting.interface import Renderer
from secassess.reporting.model import Report
from secassess.reporting.templating import render_template


class HtmlRenderer(Renderer):
    name = "html"
    extension = ".html"
    media_type = "text/html; charset=utf-8"

    def render(self, report: Report) -> bytes:
        return render_template("html", "system.html.j2", report).encode("utf-8")
