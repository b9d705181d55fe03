"""testssl.sh JSON: the flat list of ``--jsonfile`` (``-oj``) or the structured ``--jsonfile-pretty``
(``-oJ``) document.

Read per entry: ``id`` (``TLS1``, ``cert_notAfter``, ``heartbleed`` …), ``ip`` (``name/address``),
``port``, ``severity`` (OK, INFO, LOW, MEDIUM, HIGH, CRITICAL, WARN), ``finding``, ``cve``. An entry
without id, severity or finding, or (flat file) without ip and port, makes the file unreadable.
The flat file does not say when testssl.sh ran: give ``--scanned-at`` (the pretty file carries
its ``startTime``).
"""

from __future__ import annotations

from typing import Any

from secassess.messages import msg
from secassess.scan.importers.interface import (
    MAX_FINDINGS,
    Importer,
    Parsed,
    Severity,
    ToolFinding,
    ToolHost,
    bad_format,
    clip,
    cve_ids,
    parse_time,
    severity_word,
    too_many,
)
from secassess.scan.jsonread import load_json

LABEL = "testssl.sh"
# testssl.sh's own words that are not severities of a finding
_STATUS_ONLY: dict[str, Severity] = {"OK": "info", "INFO": "info", "WARN": "info", "DEBUG": "info", "FATAL": "info"}
# pretty-file sections that hold lists of entries (everything else in a scan result is scalar)
_SECTIONS = ("pretest", "singleCipher", "protocols", "grease", "ciphers", "pfs", "serverPreferences",
             "serverDefaults", "headerResponse", "vulnerabilities", "cipherTests", "browserSimulations", "rating")


def split_ip(text: str) -> tuple[str, str]:
    """testssl.sh writes ``ip`` as ``name/address`` (``localhost/127.0.0.1``): (address, name)."""
    name, _, address = text.partition("/")
    if not address:
        return name.strip(), ""
    name = name.strip().lower()
    return address.strip(), "" if name == address.strip() else name


class TestsslImporter(Importer):
    tool = "testssl"
    label = LABEL
    media_type = "application/json"
    produce = "testssl --jsonfile ket-qua.json https://… (or --jsonfile-pretty)"

    def sniff(self, head: bytes) -> bool:
        if head.startswith(b"["):
            return b'"finding"' in head and b'"severity"' in head and b'"template-id"' not in head
        return head.startswith(b"{") and b'"scanResult"' in head

    def parse(self, data: bytes, *, file: str) -> Parsed:
        doc = load_json(data, file=file)
        out = Parsed(tool=self.tool)
        entries: list[tuple[str, dict[str, Any], str, str, str]] = []  # (where, entry, address, name, port)
        if isinstance(doc, list):
            for i, e in enumerate(doc, 1):
                where = msg("scan.importers.testssl.entry", n=i)
                if not isinstance(e, dict):
                    raise bad_format(file, LABEL, msg("scan.importers.testssl.each_entry_must_json_object"), where)
                ip, port = clip(e.get("ip"), 300), clip(e.get("port"), 8)
                if not ip or not port:
                    raise bad_format(file, LABEL, msg("scan.importers.testssl.missing_ip_port"), where)
                address, name = split_ip(ip)
                entries.append((where, e, address, name, port))
        elif isinstance(doc, dict) and isinstance(doc.get("scanResult"), list):
            out.tool_version = clip(doc.get("version"), 32)
            out.arguments = clip(doc.get("Invocation"), 2000)
            out.started = parse_time(doc.get("startTime"))
            for n, result in enumerate(doc["scanResult"], 1):
                if not isinstance(result, dict):
                    raise bad_format(file, LABEL, msg("scan.importers.testssl.scanresult_must_list_objects"))
                address = clip(result.get("ip"), 64)
                name = clip(result.get("targetHost"), 253).lower()
                port = clip(result.get("port"), 8)
                if not address or not port:
                    raise bad_format(file, LABEL, msg("scan.importers.testssl.missing_ip_port"),
                                     msg("scan.importers.testssl.scanresult", n=n))
                if name == address:
                    name = ""
                for section in _SECTIONS:
                    for i, e in enumerate(result.get(section) or [], 1):
                        where = f"scanResult[{n}].{section}[{i}]"
                        if not isinstance(e, dict):
                            raise bad_format(file, LABEL, msg("scan.importers.testssl.each_entry_must_json_object"), where)
                        entries.append((where, e, address, name, port))
        else:
            raise bad_format(file, LABEL, msg("scan.importers.testssl.expected_list_written_jsonfile_document"))
        if len(entries) > MAX_FINDINGS:
            raise too_many(file)
        hosts: dict[str, ToolHost] = {}
        ports: set[int] = set()
        for where, e, address, name, port_text in entries:
            out.findings.append(self._finding(e, address, name, port_text, file, where))
            if address and address not in hosts:
                hosts[address] = ToolHost(address, (name,) if name else ())
            if port_text.isdigit() and 1 <= int(port_text) <= 65535:
                ports.add(int(port_text))
        out.hosts = list(hosts.values())
        if ports:
            from secassess.scan.profiles import format_ports

            out.covered_ports = {"tcp": format_ports(ports)}
        return out

    def _finding(self, e: dict[str, Any], address: str, name: str, port_text: str, file: str,
                 where: str) -> ToolFinding:
        ident, word, finding = clip(e.get("id"), 200), clip(e.get("severity"), 16).upper(), clip(e.get("finding"), 600)
        missing = [k for k, v in (("id", ident), ("severity", word)) if not v]
        if "finding" not in e or not isinstance(e.get("finding"), str):
            missing.append("finding")
        if missing:
            raise bad_format(file, LABEL, msg("scan.importers.testssl.missing", f=", ".join(missing)), where)
        severity = _STATUS_ONLY.get(word) or severity_word(word)
        if severity is None:
            raise bad_format(file, LABEL, msg("scan.importers.testssl.unknown_severity", s=word), where)
        port = int(port_text) if port_text.isdigit() and 1 <= int(port_text) <= 65535 else None
        cves = cve_ids(e.get("cve") or "")
        detail = {k: clip(e.get(k), 300) for k in ("cwe", "hint") if clip(e.get(k), 300)}
        return ToolFinding(host=(address or name)[:64], hostname=name, port=port, protocol="tcp" if port else None,
                           ref=ident, title=finding, severity=severity, status=word, cves=cves, detail=detail)
