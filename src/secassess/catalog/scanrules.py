"""The declarative scan rule types a control may carry, and the arguments each accepts.

This module defines the *format* (what a catalog author may write) so the validator can check
it; the evaluators that decide a rule against scan observations live in
``secassess.evidence.scan.rules`` — one small function per type named here.

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

PortSpec = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,5}/(tcp|udp)$")]
ServiceName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._/-]{0,40}$")]


def _check_ports(v: list[str]) -> list[str]:
    for p in v:
        n = int(p.split("/")[0])
        if not 1 <= n <= 65535:
            raise ValueError(f"port {p} out of range 1-65535")
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
            raise ValueError("name at least one service or port")
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


RULE_TYPES: dict[str, type[_Args]] = {
    "forbidden_services": ForbiddenServicesArgs,
    "http_without_tls": HttpWithoutTlsArgs,
    "weak_tls": WeakTlsArgs,
    "allowed_ports_only": AllowedPortsOnlyArgs,
    "eol_versions": EolVersionsArgs,
}


def check_rule(type_: str, args: dict[str, Any]) -> list[str]:
    """Return the problems with one rule (empty when it is valid)."""
    model = RULE_TYPES.get(type_)
    if model is None:
        return [f"unknown scan rule type “{type_}” (known: {', '.join(sorted(RULE_TYPES))})"]
    try:
        model.model_validate(args)
    except ValidationError as exc:
        return [f"scan rule {type_}: {'.'.join(str(p) for p in e['loc']) or 'args'}: {e['msg']}"
                for e in exc.errors()]
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
            raise ValueError(f"not a valid regular expression: {exc}") from None
        return v


class EolTable(_Args):
    """A data table file for ``eol_versions`` rules."""

    kind: Literal["eol_versions"]
    entries: list[EolEntry] = Field(min_length=1)


DATA_TABLE_KINDS: dict[str, type[_Args]] = {"eol_versions": EolTable}
