"""The one registry of report formats: from it come the CLI's ``--format`` choices, the file
extensions (both ways), the renderer each format is drawn by, the media type a server sends, and the
formats the demo writes. A new format is one renderer module and one line here.

Light on purpose (no renderer is imported here): the CLI reads it to build ``--help``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from secassess.errors import InputError
from secassess.messages import msg


@dataclass(frozen=True)
class Format:
    name: str  # as typed after --format
    extension: str  # of the files written, with the dot
    renderer: str  # "module:class", imported only when used (reportlab is slow to import)
    media_type: str
    aliases: tuple[str, ...] = ()  # other extensions read as this format (.htm, .markdown)
    document: bool = False  # an administrative document (PDF, Word): needs the issuer's settings
    demo: bool = True  # the demo writes it for every system / the month

    def load(self, **options: Any) -> Any:
        """The renderer, its module imported now; ``options`` go to its constructor."""
        module, cls = self.renderer.split(":")
        return getattr(importlib.import_module(module), cls)(**options)


@dataclass(frozen=True)
class Formats:
    """The formats of one report (the system report, the provincial report)."""

    items: tuple[Format, ...]

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.items]

    def get(self, name: str) -> Format:
        for f in self.items:
            if f.name == name:
                return f
        raise InputError(msg("reporting.formats.unsupported_report_format_available", f=name, k=", ".join(self.names)), location="--format")

    def choose(self, name: str | None, output: Path | None) -> Format:
        """The format asked for: ``--format``, else the ``-o`` file's extension, else PDF. An extension
        that names no format of this report is refused rather than silently written as PDF."""
        if name:
            return self.get(name)
        if output is None or not output.suffix:
            return self.get("pdf")
        file_name = output.name.lower()
        found = [f for f in self.items for ext in (f.extension, *f.aliases) if file_name.endswith(ext)]
        if not found:
            raise InputError(msg("reporting.formats.cannot_tell_format_use_format", f=output.name, c=", ".join(self.names)), location="--output")
        return max(found, key=lambda f: len(f.extension))  # ".oscal.json" before ".json"

    def demo(self) -> list[Format]:
        return [f for f in self.items if f.demo]


SYSTEM = Formats((
    Format("pdf", ".pdf", "secassess.reporting.pdf:PdfRenderer", "application/pdf", document=True),
    Format("docx", ".docx", "secassess.reporting.docx:DocxRenderer",
           "application/vnd.openxmlformats-officedocument.wordprocessingml.document", document=True),
    Format("html", ".html", "secassess.reporting.html:HtmlRenderer", "text/html; charset=utf-8", aliases=(".htm",)),
    Format("md", ".md", "secassess.reporting.markdown:MarkdownRenderer", "text/markdown; charset=utf-8",
           aliases=(".markdown",)),
    Format("json", ".json", "secassess.reporting.json:JsonRenderer", "application/json"),
    Format("csv", ".csv", "secassess.reporting.csv:CsvRenderer", "text/csv; charset=utf-8"),
    Format("oscal", ".oscal.json", "secassess.oscal.renderer:OscalRenderer", "application/json", demo=False),
))

PROVINCE = Formats((
    Format("pdf", ".pdf", "secassess.reporting.province.pdf:PdfRenderer", "application/pdf", document=True),
    Format("docx", ".docx", "secassess.reporting.province.docx:DocxRenderer",
           "application/vnd.openxmlformats-officedocument.wordprocessingml.document", document=True),
    Format("html", ".html", "secassess.reporting.province.html:HtmlRenderer", "text/html; charset=utf-8",
           aliases=(".htm",)),
    Format("csv", ".csv", "secassess.reporting.province.csv:CsvRenderer", "text/csv; charset=utf-8"),
    Format("xlsx", ".xlsx", "secassess.reporting.province.xlsx:XlsxRenderer",
           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    Format("json", ".json", "secassess.reporting.province.json:JsonRenderer", "application/json"),
))
