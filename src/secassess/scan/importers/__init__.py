"""Scanner file importers: one module per tool, one registry, one format detector.

``IMPORTERS`` maps the tool name (``--tool``, and ``scans.scanner``) to its importer. A new
format is one new module here and one line in ``IMPORTERS``; the rule types that read it say so
in :data:`secassess.catalog.scanrules.RULE_TOOLS`.
"""

from __future__ import annotations

import re

from secassess.errors import InputError
from secassess.messages import msg
from secassess.scan.importers.interface import Importer, Parsed, ToolFinding, ToolHost
from secassess.scan.importers.lynis import LynisImporter
from secassess.scan.importers.nmap import NmapImporter
from secassess.scan.importers.nuclei import NucleiImporter
from secassess.scan.importers.openvas import OpenVasImporter
from secassess.scan.importers.testssl import TestsslImporter
from secassess.scan.importers.wazuh import WazuhImporter

__all__ = ["IMPORTERS", "TOOLS", "Importer", "Parsed", "ToolFinding", "ToolHost", "detect", "get_importer"]

IMPORTERS: dict[str, Importer] = {i.tool: i for i in (
    NmapImporter(), OpenVasImporter(), NucleiImporter(), TestsslImporter(), LynisImporter(), WazuhImporter())}
TOOLS: tuple[str, ...] = tuple(IMPORTERS)
SNIFF_BYTES = 64 * 1024
_PROLOG = re.compile(rb"\A(?:\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>))+", re.DOTALL)
_ROOT = re.compile(rb"<([A-Za-z_][A-Za-z0-9_.:-]{0,60})")  # the first element after prolog, comments, DOCTYPE


def get_importer(tool: str) -> Importer:
    try:
        return IMPORTERS[tool]
    except KeyError:
        raise InputError(msg("scan.importers.unknown_tool_known", t=tool, k=", ".join(TOOLS)), location="--tool") from None


def detect(data: bytes, *, file: str) -> Importer:
    """The importer whose format the start of ``data`` looks like; :class:`InputError` listing the
    supported formats (and how to produce each) when none or several do."""
    head = data[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    head = _PROLOG.sub(b"", head).lstrip()
    matches = [i for i in IMPORTERS.values() if i.sniff(head)]
    if len(matches) == 1:
        return matches[0]
    formats = "; ".join(f"{i.label} ({i.produce})" for i in IMPORTERS.values())
    root = _ROOT.search(head) if head.startswith(b"<") else None
    if not matches and root is not None:
        raise InputError(msg("scan.importers.xml_root_element_not_supported", r=root.group(1).decode("ascii", "replace")[:40]), file)
    if not matches:
        raise InputError(msg("scan.importers.file_format_was_not_recognised", f=formats), file)
    raise InputError(msg("scan.importers.file_looks_like_several_formats", t=", ".join(i.tool for i in matches)), file)
