"""The declarative scan rule types a control may carry, and the arguments each accepts.

This module defines the *format* (what a catalog author may write) so the validator can check
it; the evaluators that decide a rule against scan observations live in
``secassess.scan.rules`` — one small function per type named here.

Types:

``forbidden_services``
    Fails when any listed service is seen open. ``services`` are nmap service names
    (``telnet``, ``ftp``, ``ms-wbt-server`` ...); ``ports`` are ``"23/tcp"``-style ports that
    count as the service even when a quick scan did not detect services. With
    ``unless_allowed: true`` a port the system declares as allowed is not a failure
    (e.g. SSH where the system's owner declared it).
``http_without_tls``
    Fails when a web service answers in cleartext HTTP. ``ports`` (optional) limits the check.
``weak_tls``
    Fails when a TLS service offers a protocol older than ``min_version`` or a cipher graded
    below ``min_grade`` by nmap's ``ssl-enum-ciphers`` script. Undecided without that script.
``allowed_ports_only``
    Fails when an open port is not among the system's declared allowed ports.
``eol_versions``
    Fails when a detected product version is older than the supported floor in the catalog's
    data table named by ``table`` (see ``data:`` in catalog.yaml). Undecided without service
    version detection.

The types above read nmap; the ones below read the files of other scanners (``RULE_TOOLS``
says which tool's evidence can decide each type):

``vulnerabilities_overdue`` (OpenVAS, Nuclei)
    Fails when a vulnerability at or above ``min_severity`` is still reported and was first seen
    more than ``max_age_days`` (or the days in the catalog parameter ``max_age_parameter``) before.
    Undecided while such a finding's age cannot be known (no earlier report of the host).
``known_exploited`` (OpenVAS, Nuclei)
    Fails when a reported CVE is in the catalog's ``cve_list`` data table ``table`` (known to be
    exploited), carries Nuclei's ``kev`` tag, or scores at least ``min_cvss``.
``tls_protocols`` (testssl.sh)
    Fails when a TLS service offers SSLv2, SSLv3 or a TLS version older than ``min_version``.
``tls_findings`` (testssl.sh)
    Fails when testssl.sh rates a finding at or above ``min_severity`` (ids in ``ignore`` left out;
    a trailing ``*`` matches a prefix).
``tls_certificates`` (testssl.sh)
    Fails when a certificate has expired or expires within ``min_days_left`` days, or (with
    ``require_trusted``) its chain of trust failed.
``hardening_index`` (Lynis)
    Fails when the hardening index is below ``min_index`` or a warning named in ``warnings`` was
    raised (``any_warning: true``: any warning).
``sca_checks`` (Wazuh SCA)
    Fails when more than ``max_failed`` of the selected checks failed: the ids in ``checks``,
    and/or the checks mapped to a standard in ``compliance`` (``cis``, ``pci_dss``,
    ``cis_csc_v8:4.1`` …), within the policies matching ``policy``.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from secassess.messages import msg
from secassess.validation import explain

PortSpec = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,5}/(tcp|udp)$")]
ServiceName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._/-]{0,40}$")]


def _check_ports(v: list[str]) -> list[str]:
    for p in v:
        n = int(p.split("/")[0])
        if not 1 <= n <= 65535:
            raise ValueError(msg("catalog.scanrules.port_out_of_range", p=p))
    return v


class _Args(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ForbiddenServicesArgs(_Args):
    services: list[ServiceName] = Field(default_factory=list)
    ports: list[PortSpec] = Field(default_factory=list)
    unless_allowed: bool = False

    _ports = field_validator("ports")(_check_ports)

    @model_validator(mode="after")
    def _something(self) -> ForbiddenServicesArgs:
        if not self.services and not self.ports:
            raise ValueError(msg("catalog.scanrules.name_service_or_port"))
        return self


class HttpWithoutTlsArgs(_Args):
    ports: list[PortSpec] = Field(default_factory=list)

    _ports = field_validator("ports")(_check_ports)


class WeakTlsArgs(_Args):
    min_version: Literal["TLSv1.2", "TLSv1.3"] = "TLSv1.2"
    min_grade: Literal["A", "B", "C"] = "A"


Protocol = Literal["tcp", "udp"]


def _tcp_only() -> list[Protocol]:
    return ["tcp"]


class AllowedPortsOnlyArgs(_Args):
    protocols: list[Protocol] = Field(default_factory=_tcp_only)


class EolVersionsArgs(_Args):
    table: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]{0,63}$")]


TableName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]{0,63}$")]
ParameterName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
SeverityName = Literal["low", "medium", "high", "critical"]


class VulnerabilitiesOverdueArgs(_Args):
    min_severity: SeverityName = "critical"
    max_age_days: int | None = Field(default=None, ge=0, le=3650)
    max_age_parameter: ParameterName | None = None  # a catalog parameter in days, e.g. critical_patch_days
    min_qod: int = Field(default=70, ge=0, le=100)  # OpenVAS quality of detection (Greenbone's default filter)

    @model_validator(mode="after")
    def _one_age(self) -> VulnerabilitiesOverdueArgs:
        if (self.max_age_days is None) == (self.max_age_parameter is None):
            raise ValueError(msg("catalog.scanrules.one_age"))
        return self


class KnownExploitedArgs(_Args):
    table: TableName | None = None  # a cve_list data table
    min_cvss: float | None = Field(default=None, ge=0, le=10)
    kev_tag: bool = True  # Nuclei templates tagged "kev" (CISA's known exploited vulnerabilities)
    min_qod: int = Field(default=70, ge=0, le=100)

    @model_validator(mode="after")
    def _something(self) -> KnownExploitedArgs:
        if self.table is None and self.min_cvss is None and not self.kev_tag:
            raise ValueError(msg("catalog.scanrules.name_table_cvss_or_kev"))
        return self


class TlsProtocolsArgs(_Args):
    min_version: Literal["TLSv1.2", "TLSv1.3"] = "TLSv1.2"


TestsslId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]{1,80}\*?$")]


class TlsFindingsArgs(_Args):
    min_severity: SeverityName = "high"
    ignore: list[TestsslId] = Field(default_factory=list)


class TlsCertificatesArgs(_Args):
    min_days_left: int = Field(default=30, ge=0, le=3650)
    require_trusted: bool = True


LynisTest = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,8}-[0-9]{3,5}$")]


class HardeningIndexArgs(_Args):
    min_index: int = Field(ge=0, le=100)
    warnings: list[LynisTest] = Field(default_factory=list)
    any_warning: bool = False


ScaCheckId = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z_.-]{1,40}$")]
ComplianceRef = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_.-]{1,60}(:[A-Za-z0-9_.-]{1,40})?$")]


class ScaChecksArgs(_Args):
    checks: list[ScaCheckId] = Field(default_factory=list)
    compliance: list[ComplianceRef] = Field(default_factory=list)
    policy: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_.*-]{1,80}$")] | None = None
    max_failed: int = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _selects(self) -> ScaChecksArgs:
        if not self.checks and not self.compliance and self.policy is None:
            raise ValueError(msg("catalog.scanrules.select_checks"))
        return self


RULE_TYPES: dict[str, type[_Args]] = {
    "forbidden_services": ForbiddenServicesArgs,
    "http_without_tls": HttpWithoutTlsArgs,
    "weak_tls": WeakTlsArgs,
    "allowed_ports_only": AllowedPortsOnlyArgs,
    "eol_versions": EolVersionsArgs,
    "vulnerabilities_overdue": VulnerabilitiesOverdueArgs,
    "known_exploited": KnownExploitedArgs,
    "tls_protocols": TlsProtocolsArgs,
    "tls_findings": TlsFindingsArgs,
    "tls_certificates": TlsCertificatesArgs,
    "hardening_index": HardeningIndexArgs,
    "sca_checks": ScaChecksArgs,
}

#: which tools' evidence can decide each rule type (the rule is judged only against their files)
RULE_TOOLS: dict[str, tuple[str, ...]] = {
    "forbidden_services": ("nmap",),
    "http_without_tls": ("nmap",),
    "weak_tls": ("nmap",),
    "allowed_ports_only": ("nmap",),
    "eol_versions": ("nmap",),
    "vulnerabilities_overdue": ("openvas", "nuclei"),
    "known_exploited": ("openvas", "nuclei"),
    "tls_protocols": ("testssl",),
    "tls_findings": ("testssl",),
    "tls_certificates": ("testssl",),
    "hardening_index": ("lynis",),
    "sca_checks": ("wazuh",),
}
assert set(RULE_TOOLS) == set(RULE_TYPES), "every rule type says which tools decide it"

#: rule types that read a catalog data table through their ``table`` argument, and its kind
RULE_TABLE_KINDS: dict[str, str] = {"eol_versions": "eol_versions", "known_exploited": "cve_list"}


def check_rule(type_: str, args: dict[str, Any]) -> list[str]:
    """Return the problems with one rule (empty when it is valid)."""
    model = RULE_TYPES.get(type_)
    if model is None:
        return [msg("catalog.scanrules.unknown_rule_type", t=type_, k=", ".join(sorted(RULE_TYPES)))]
    try:
        model.model_validate(args)
    except ValidationError as exc:
        return [msg("catalog.scanrules.rule_arguments_wrong", t=type_,
                    p=explain(e, ".".join(str(p) for p in e["loc"]) or "args")) for e in exc.errors()]
    return []


class EolEntry(_Args):
    """One row of an end-of-life data table: a product whose versions below ``below`` are
    out of support. ``product`` is matched case-insensitively against nmap's product name."""

    product: Annotated[str, StringConstraints(min_length=1)]
    below: Annotated[str, StringConstraints(pattern=r"^[0-9]+(\.[0-9]+)*$")]
    note: dict[Literal["vi", "en"], str] = Field(default_factory=dict)

    @field_validator("product")
    @classmethod
    def _regex(cls, v: str) -> str:
        try:
            re.compile(v)
        except re.error as exc:
            raise ValueError(msg("catalog.scanrules.not_a_regular_expression", e=exc)) from None
        return v


class EolTable(_Args):
    """A data table file for ``eol_versions`` rules."""

    kind: Literal["eol_versions"]
    entries: list[EolEntry] = Field(min_length=1)


class CveEntry(_Args):
    """One CVE of a ``cve_list`` table, with why it is listed."""

    cve: Annotated[str, StringConstraints(pattern=r"^CVE-[0-9]{4}-[0-9]{4,9}$")]
    note: dict[Literal["vi", "en"], str] = Field(default_factory=dict)


class CveTable(_Args):
    """A data table file for ``known_exploited`` rules: CVEs known to be exploited."""

    kind: Literal["cve_list"]
    source: dict[Literal["vi", "en"], str] = Field(default_factory=dict)
    entries: list[CveEntry] = Field(min_length=1)

    def ids(self) -> frozenset[str]:
        return frozenset(e.cve for e in self.entries)


DataTable = EolTable | CveTable
DATA_TABLE_KINDS: dict[str, type[_Args]] = {"eol_versions": EolTable, "cve_list": CveTable}
