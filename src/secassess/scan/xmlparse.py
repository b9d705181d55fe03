"""nmap XML into plain data, read through defusedxml.

Imported XML comes from outside (a unit's own scanner, an e-mail attachment), so it is parsed
with entity declarations and external references forbidden: an entity bomb ("billion laughs")
or an external entity (``<!ENTITY x SYSTEM "file:///etc/passwd">``) is refused before anything
is expanded or fetched. The same parser reads the XML of our own runs, so there is one reading
of nmap's format.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from secassess.errors import InputError
from secassess.messages import msg
from secassess.scan.profiles import expand_ports

MAX_SCRIPT_OUTPUT = 8000  # characters of a script's text output kept per port
MAX_TABLE_DEPTH = 8


@dataclass(frozen=True)
class PortInfo:
    """One port of one host as nmap reported it."""

    port: int
    protocol: str
    state: str
    service: str = ""
    service_method: str = ""  # probed (-sV looked) | table (guessed from the port number)
    product: str = ""
    version: str = ""
    extrainfo: str = ""
    cpe: tuple[str, ...] = ()
    tunnel: str = ""
    scripts: dict[str, Any] = field(default_factory=dict)  # id -> {"output": str, "data": ...}


@dataclass(frozen=True)
class HostInfo:
    address: str
    addrtype: str
    status: str  # up | down | unknown
    hostnames: tuple[tuple[str, str], ...] = ()  # (name, type): type "user" is the name that was scanned
    ports: tuple[PortInfo, ...] = ()

    @property
    def hostname(self) -> str:
        """The name the scan was given for this host, else its reverse-DNS name."""
        for name, kind in self.hostnames:
            if kind == "user":
                return name
        return self.hostnames[0][0] if self.hostnames else ""


@dataclass(frozen=True)
class NmapRun:
    """One nmap run: who scanned what, when, and what each host showed."""

    scanner_version: str
    args: str
    started: datetime | None
    ended: datetime | None
    scanned: dict[str, frozenset[int]]  # protocol -> ports nmap was asked to scan
    hosts: tuple[HostInfo, ...]
    finished: bool  # runstats/finished exit="success"

    def arg_tokens(self) -> list[str]:
        try:
            return shlex.split(self.args)
        except ValueError:
            return self.args.split()

    @property
    def service_detection(self) -> bool:
        """Whether nmap looked at the services (``-sV`` or ``-A``), not only at port numbers."""
        tokens = self.arg_tokens()
        if "-sV" in tokens or "-A" in tokens or any(t.startswith("-sV") for t in tokens):
            return True
        return any(p.service_method == "probed" for h in self.hosts for p in h.ports)

    def script_requested(self, script: str) -> bool:
        tokens = self.arg_tokens()
        for i, t in enumerate(tokens):
            if t == "--script" and i + 1 < len(tokens):
                value = tokens[i + 1]
            elif t.startswith("--script="):
                value = t.split("=", 1)[1]
            else:
                continue
            if script in value.split(","):
                return True
        return any(script in p.scripts for h in self.hosts for p in h.ports)


def _parser() -> Any:
    """defusedxml's parser: entity declarations and external entities forbidden. nmap writes a
    bare ``<!DOCTYPE nmaprun>``, so a DOCTYPE is allowed, but not one naming an external DTD."""
    from xml.etree.ElementTree import TreeBuilder

    from defusedxml import ExternalReferenceForbidden
    from defusedxml.ElementTree import DefusedXMLParser

    class NmapXMLParser(DefusedXMLParser):
        def __init__(self) -> None:
            super().__init__(target=TreeBuilder(), forbid_dtd=False, forbid_entities=True, forbid_external=True)
            self.parser.StartDoctypeDeclHandler = self._refuse_external_dtd

        def _refuse_external_dtd(self, name: str, sysid: str | None, pubid: str | None, internal: bool) -> None:
            if sysid or pubid:
                raise ExternalReferenceForbidden(name, None, sysid, pubid)

    return NmapXMLParser()


def _bad(message: str, file: str | None, location: str | None = None) -> InputError:
    return InputError(message, file=file, location=location)


def parse_nmap_xml(data: bytes, *, file: str | None = None) -> NmapRun:
    """Parse nmap XML (``-oX``). Raises :class:`InputError` for hostile, broken or non-nmap XML."""
    import defusedxml

    try:
        parser = _parser()
        parser.feed(data)
        root = parser.close()
    except defusedxml.EntitiesForbidden:
        raise _bad(msg("scan.xmlparse.xml_declares_entities_entity_refused"), file) from None
    except defusedxml.ExternalReferenceForbidden:
        raise _bad(msg("scan.xmlparse.xml_references_external_resource_refused"), file) from None
    except defusedxml.DefusedXmlException as exc:
        raise _bad(msg("scan.xmlparse.xml_was_refused_safety", e=type(exc).__name__), file) from None
    except ParseError as exc:
        line, col = getattr(exc, "position", (0, 0))
        raise _bad(msg("scan.xmlparse.not_well_formed_xml_column", c=col, e=str(exc).split(":")[0]), file, msg("scan.xmlparse.line", n=line)) from None
    except ValueError as exc:  # e.g. an encoding declaration Python cannot read
        raise _bad(msg("scan.xmlparse.cannot_read_xml", e=exc), file) from None
    if root.tag != "nmaprun":
        raise _bad(msg("scan.xmlparse.not_nmap_xml_output_root", t=str(root.tag)[:40]), file)
    scanner = root.get("scanner", "nmap")
    if scanner != "nmap":
        raise _bad(msg("scan.xmlparse.xml_was_made_not_nmap", s=scanner[:40]), file)

    scanned: dict[str, set[int]] = {}
    for info in root.iter("scaninfo"):
        proto = info.get("protocol", "")
        try:
            ports = expand_ports(info.get("services", ""))
        except ValueError:
            raise _bad(msg("scan.xmlparse.invalid_port_list_scaninfo"),
                       file) from None
        scanned.setdefault(proto, set()).update(p for p in ports if 1 <= p <= 65535)

    hosts = tuple(_host(h, file) for h in root.findall("host"))
    finished_el = root.find("runstats/finished")
    ended = _epoch(finished_el.get("time") if finished_el is not None else None)
    if ended is None and hosts:
        ended = max((t for t in (_epoch(h.get("endtime")) for h in root.findall("host")) if t), default=None)
    return NmapRun(
        scanner_version=root.get("version", "")[:64],
        args=root.get("args", "")[:20000],
        started=_epoch(root.get("start")),
        ended=ended,
        scanned={k: frozenset(v) for k, v in scanned.items()},
        hosts=hosts,
        finished=finished_el is not None and finished_el.get("exit", "success") == "success",
    )


def _epoch(value: str | None) -> datetime | None:
    if not value or not value.isdigit():
        return None
    try:
        return datetime.fromtimestamp(int(value), UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _host(el: Element, file: str | None) -> HostInfo:
    address, addrtype = "", ""
    for a in el.findall("address"):
        kind = a.get("addrtype", "")
        if kind in ("ipv4", "ipv6"):
            address, addrtype = a.get("addr", ""), kind
            break
    status_el = el.find("status")
    status = status_el.get("state", "unknown") if status_el is not None else "unknown"
    names = tuple((h.get("name", "")[:253], h.get("type", "")) for h in el.findall("hostnames/hostname")
                  if h.get("name"))
    ports = tuple(_port(p, address, file) for p in el.findall("ports/port"))
    return HostInfo(address=address[:64], addrtype=addrtype, status=status, hostnames=names, ports=ports)


def _port(el: Element, host: str, file: str | None) -> PortInfo:
    portid = el.get("portid", "")
    proto = el.get("protocol", "")
    if not portid.isdigit() or not 1 <= int(portid) <= 65535 or proto not in ("tcp", "udp", "sctp", "ip"):
        raise _bad(msg("scan.xmlparse.invalid_port", p=portid[:10], r=proto[:10]),
                   file, host or None)
    state_el = el.find("state")
    svc = el.find("service")
    scripts: dict[str, Any] = {}
    for s in el.findall("script"):
        sid = s.get("id", "")
        if not sid:
            continue
        entry: dict[str, Any] = {"output": s.get("output", "")[:MAX_SCRIPT_OUTPUT]}
        if len(s):
            entry["data"] = _table(s, 0)
        scripts[sid[:64]] = entry

    def attr(name: str) -> str:
        return (svc.get(name, "") if svc is not None else "")[:200]

    return PortInfo(
        port=int(portid), protocol=proto,
        state=(state_el.get("state", "unknown") if state_el is not None else "unknown")[:32],
        service=attr("name"), service_method=attr("method"), product=attr("product"),
        version=attr("version"), extrainfo=attr("extrainfo"),
        cpe=tuple((c.text or "").strip()[:200] for c in (svc.findall("cpe") if svc is not None else [])
                  if (c.text or "").strip()),
        tunnel=attr("tunnel")[:16], scripts=scripts,
    )


def _table(el: Element, depth: int) -> Any:
    """An NSE ``<table>``/``<elem>`` tree as JSON data: keyed children make a dict, others a list."""
    children = [c for c in el if c.tag in ("table", "elem")]
    if depth >= MAX_TABLE_DEPTH:
        return None

    def value(c: Element) -> Any:
        return _table(c, depth + 1) if c.tag == "table" else (c.text or "")[:1000]

    if any(c.get("key") is not None for c in children):
        out: dict[str, Any] = {}
        for i, c in enumerate(children):
            out[c.get("key") or f"#{i}"] = value(c)
        return out
    return [value(c) for c in children]
