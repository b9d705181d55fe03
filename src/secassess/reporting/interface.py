"""The renderer interface: one report model in, the bytes of one file format out.

A new format is one new module with a :class:`Renderer` subclass, listed in :data:`FORMATS`.
Renderers are pure (model -> bytes); the caller writes the file atomically
(:func:`secassess.reporting.service.write_report`), so a failed render never leaves a
half-written file.
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from secassess.reporting.model import Report


class Renderer(ABC):
    """Turns a :class:`~secassess.reporting.model.Report` into one file format."""

    #: format name as typed on the command line
    name: str
    #: usual file name extension, with the dot
    extension: str
    #: media type, for whoever serves the file
    media_type: str

    @abstractmethod
    def render(self, report: Report) -> bytes:
        """The whole file. Raises :class:`~secassess.errors.InputError` when it cannot be made."""


#: format name -> "module:class"; imported only when used (reportlab is slow to import).
FORMATS: dict[str, str] = {
    "pdf": "secassess.reporting.pdf:PdfRenderer",
    "docx": "secassess.reporting.docx:DocxRenderer",
    "html": "secassess.reporting.html:HtmlRenderer",
    "md": "secassess.reporting.markdown:MarkdownRenderer",
    "json": "secassess.reporting.json:JsonRenderer",
    "csv": "secassess.reporting.csv:CsvRenderer",
    "oscal": "secassess.reporting.oscal:OscalRenderer",
}


def load_renderer(formats: Mapping[str, str], fmt: str, **options: Any) -> Any:
    """The renderer ``formats[fmt]`` names ("module:class"), its module imported now; ``options`` go
    to its constructor (e.g. ``fonts`` for PDF). The provincial report has its own ``formats``."""
    module, cls = formats[fmt].split(":")
    return getattr(importlib.import_module(module), cls)(**options)


def get_renderer(fmt: str, **options: Any) -> Renderer:
    """The renderer of the system report for ``fmt``."""
    renderer: Renderer = load_renderer(FORMATS, fmt, **options)
    return renderer
