"""The facts of one file from a scanner other than nmap, as the rule evaluators see them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from secassess.scan.importers.interface import SEVERITY_RANK


@dataclass(frozen=True)
class Finding:
    """One stored finding (phát hiện của công cụ): what a tool reported about one host."""

    id: int
    host: str
    ref: str
    severity: str
    title: str = ""
    hostname: str = ""
    port: int | None = None
    protocol: str | None = None
    score: float | None = None
    status: str = ""
    cves: tuple[str, ...] = ()
    detail: Mapping[str, Any] = field(default_factory=dict)

    @property
    def where(self) -> str:
        """``10.0.0.5 (web.example):443`` — the host (and name) and port, as sentences show them."""
        host = f"{self.host} ({self.hostname})" if self.hostname and self.hostname != self.host else self.host
        return f"{host}:{self.port}" if self.port else host

    @property
    def rank(self) -> int:
        return SEVERITY_RANK.get(self.severity, 0)

    @property
    def vuln_key(self) -> str:
        """What identifies the vulnerability across reports and tools: its CVEs, else the check id."""
        return ",".join(sorted(self.cves)) or self.ref

    def qod_at_least(self, minimum: int) -> bool:
        """OpenVAS's quality of detection is at least ``minimum`` (tools without one always pass)."""
        qod = self.detail.get("qod")
        return not isinstance(qod, int) or qod >= minimum

    def label(self) -> str:
        """The finding in a sentence: its CVEs or id, and its title."""
        what = ", ".join(self.cves) or self.ref
        return f"{what} ({self.title})" if self.title and self.title != what else what


@dataclass(frozen=True)
class History:
    """When a vulnerability was first reported on a host, and the latest report of that host
    before then that did not show it (``None`` when there is none)."""

    first_seen: datetime
    clean_before: datetime | None = None


@dataclass(frozen=True)
class FindingFacts:
    """Everything a rule may look at for one imported file, restricted to the authorised scope."""

    tool: str
    when: datetime | None  # when the tool produced the evidence
    hosts: tuple[str, ...]  # the in-scope hosts the file covered
    findings: tuple[Finding, ...]
    summary: Mapping[str, Any] = field(default_factory=dict)
    tables: Mapping[str, Any] = field(default_factory=dict)
    parameters: Mapping[str, Any] = field(default_factory=dict)  # the assessment's parameter values
    history: Mapping[tuple[str, str], History] = field(default_factory=dict)  # (host, vuln_key) -> History
