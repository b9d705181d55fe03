"""The renderer interface: one report model in, the bytes of one file format out.

A new format is one new module with a :class:`Renderer` subclass, listed in
:mod:`secassess.reporting.formats`.
Renderers are pure (model -> bytes); the caller writes the file atomically
(:func:`secassess.reporting.service.write_report`), so a failed render never leaves a
half-written file.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING

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
