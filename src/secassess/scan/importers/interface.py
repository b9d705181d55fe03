"""What every scanner importer gives back, and the small class each one implements.

An importer reads one file a scanner wrote (nmap XML, OpenVAS/Greenbone report XML, Nuclei
JSONL, testssl.sh JSON, Lynis ``report.dat``, Wazuh SCA API responses) into :class:`Parsed`:
which hosts the file says it covered, what it found on them (:class:`ToolFinding`), when the
tool ran, and a short summary. Importers are pure: bytes in, data out, :class:`InputError` for a
hostile, broken or foreign file. Scope (which hosts may be used), storage and rules happen
afterwards in :mod:`secassess.scan.service`.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from secassess.errors import InputError
from secassess.messages import msg

if TYPE_CHECKING:
    from secassess.scan.xmlparse import NmapRun

Severity = Literal["info", "low", "medium", "high", "critical"]
SEVERITY_ORDER: tuple[Severity, ...] = ("info", "low", "medium", "high", "critical")
SEVERITY_RANK: dict[str, int] = {s: i for i, s in enumerate(SEVERITY_ORDER)}

MAX_FINDINGS = 250_000  # far above any real report (a 50 MB OpenVAS report holds about 30,000 results)
MAX_TEXT = 2000  # characters kept of a description or solution
_CVE = re.compile(r"^CVE-[0-9]{4}-[0-9]{4,9}$", re.IGNORECASE)


@dataclass(frozen=True)
class ToolHost:
    """A host the file says the tool looked at. ``address`` may be empty when the tool gave only a
    name; ``names`` are the names the tool was given for it (not reverse-DNS guesses);
    ``other_addresses`` are further addresses of the same machine (a host audit lists them all)."""

    address: str
    names: tuple[str, ...] = ()
    other_addresses: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.address or (self.names[0] if self.names else "?")


@dataclass(frozen=True)
class ToolFinding:
    """One thing a tool reported about one host: a vulnerability, a TLS finding, an audit
    warning, a configuration check."""

    host: str  # the address, or the name when the tool gave no address (matches a ToolHost)
    ref: str  # the tool's id for the check: NVT OID, template id, testssl id, Lynis test, SCA check id
    severity: Severity
    title: str = ""
    hostname: str = ""
    port: int | None = None
    protocol: str | None = None
    score: float | None = None
    status: str = ""
    cves: tuple[str, ...] = ()
    detail: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class Parsed:
    """One imported file, read."""

    tool: str
    tool_version: str = ""
    arguments: str = ""
    started: datetime | None = None
    ended: datetime | None = None
    hosts: list[ToolHost] = field(default_factory=list)
    findings: list[ToolFinding] = field(default_factory=list)
    covered_ports: dict[str, str] | None = None  # {"tcp": "443"} when the file says which ports it tested
    summary: dict[str, Any] = field(default_factory=dict)
    #: the file is about the configuration of one machine (Lynis, Wazuh), not a network scan of many
    host_audit: bool = False
    #: the file does not say which host it is about (Wazuh checks without the agent), or lists only
    #: hosts with findings (Nuclei): ``--target`` may say which authorised targets it covered
    accepts_targets: bool = False
    warnings: list[str] = field(default_factory=list)
    network: NmapRun | None = None  # nmap only: ports and services, kept as observations

    @property
    def when(self) -> datetime | None:
        """When the evidence was produced: the tool's end time, else its start time."""
        return self.ended or self.started


class Importer(ABC):
    """One scanner's file format. Subclasses set the class attributes and implement two methods."""

    tool: ClassVar[str]  # the name used in --tool and stored in scans.scanner
    label: ClassVar[str]  # how people call it
    media_type: ClassVar[str]  # of the stored file
    produce: ClassVar[str]  # how to produce the file, one line (shown when detection fails)

    @abstractmethod
    def sniff(self, head: bytes) -> bool:
        """Whether the start of a file (at most 64 KiB, BOM and leading blanks removed) looks like
        this format. Cheap and never raising; :meth:`parse` does the real checking."""

    @abstractmethod
    def parse(self, data: bytes, *, file: str) -> Parsed:
        """Read the whole file. Raises :class:`InputError` naming ``file`` for anything wrong."""


# ------------------------------------------------------------------ helpers shared by importers

def severity_from_score(score: float | None) -> Severity:
    """CVSS v3 qualitative rating: 9.0+ critical, 7.0+ high, 4.0+ medium, above 0 low, else info."""
    if score is None or score <= 0:
        return "info"
    if score >= 9.0:
        return "critical"
    if score >= 7.0:
        return "high"
    if score >= 4.0:
        return "medium"
    return "low"


_SEVERITY_WORDS: dict[str, Severity] = {
    "info": "info", "informational": "info", "information": "info", "log": "info", "ok": "info", "none": "info",
    "unknown": "info", "debug": "info", "low": "low", "medium": "medium", "moderate": "medium", "warn": "medium",
    "high": "high", "critical": "critical",
}


def severity_word(text: Any) -> Severity | None:
    """A severity from a tool's word for it (any case), None when the word is not known."""
    return _SEVERITY_WORDS.get(str(text).strip().lower()) if isinstance(text, str) else None


def clip(value: Any, limit: int = MAX_TEXT) -> str:
    """A text field of a file, as text of at most ``limit`` characters (non-text becomes "")."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)[:limit]
    if not isinstance(value, str):
        return ""
    text = value.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cve_ids(values: Any) -> tuple[str, ...]:
    """The well-formed CVE ids in a string or list (upper-cased, once each, in order)."""
    items = values if isinstance(values, list | tuple) else [values]
    out: list[str] = []
    for v in items:
        for part in re.split(r"[\s,;]+", v) if isinstance(v, str) else []:
            if _CVE.match(part) and part.upper() not in out:
                out.append(part.upper())
    return tuple(out)


def parse_time(text: Any, naive_tz: tzinfo = UTC) -> datetime | None:
    """An ISO 8601 time (``2026-10-01T08:00:00Z``, with or without zone, fraction of any length) or
    Unix seconds; in ``naive_tz`` when no zone is given. None for anything else."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        try:
            return datetime.fromtimestamp(float(text), UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(text, str):
        return None
    s = text.strip()
    if s.isdigit():
        return parse_time(int(s))
    m = re.match(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$", s)
    if not m:
        return None
    day, clock_part, frac, zone = m.groups()
    frac = (frac or "")[:7]  # Python reads at most microseconds
    try:
        if zone is None:
            return datetime.fromisoformat(f"{day}T{clock_part}{frac}").replace(tzinfo=naive_tz).astimezone(UTC)
        zone = "+00:00" if zone == "Z" else zone
        return datetime.fromisoformat(f"{day}T{clock_part}{frac}{zone}").astimezone(UTC)
    except ValueError:
        return None


def too_many(file: str) -> InputError:
    return InputError(msg("scan.importers.interface.file_holds_more_than_results", n=f"{MAX_FINDINGS:,}"),
                      file)


def bad_format(file: str, label: str, why: str, location: str | None = None) -> InputError:
    return InputError(msg("scan.importers.interface.cannot_read_file", t=label, w=why), file,
                      location)
