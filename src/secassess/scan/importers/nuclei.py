"""Nuclei results: JSON Lines (``nuclei -jsonl -o f.jsonl`` or ``-jle f.jsonl``) or the JSON array of
``-je f.json``.

Read per result: ``template-id``, ``info.name``, ``info.severity``, ``info.tags`` (a ``kev`` tag
marks a known-exploited vulnerability), ``info.classification`` (``cve-id``, ``cwe-id``,
``cvss-score``), ``host``, ``ip``, ``port``, ``matched-at``, ``timestamp``. A result without its
template id, severity or host makes the file unreadable (exit 2).

Nuclei writes a line only for what it found, so a host with no finding does not appear: the
file covers the hosts it names, and ``--target`` may add the targets the scan was run against.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from secassess.messages import msg
from secassess.scan.importers.interface import (
    MAX_FINDINGS,
    Importer,
    Parsed,
    ToolFinding,
    ToolHost,
    bad_format,
    clip,
    cve_ids,
    parse_time,
    severity_word,
    too_many,
)
from secassess.scan.jsonread import iter_lines, load_json

LABEL = "Nuclei"


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def split_host(text: str) -> tuple[str, int | None]:
    """``https://a.example:8443/x`` or ``a.example:8443`` or ``10.0.0.5`` -> (host, port or None)."""
    text = text.strip()
    if "://" not in text:
        text = "//" + text
    try:
        parts = urlsplit(text)
        host, port = (parts.hostname or ""), parts.port
    except ValueError:
        return "", None
    if port is None and parts.scheme in ("http", "https"):
        port = 443 if parts.scheme == "https" else 80
    return host.lower()[:253], port


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list):
        return [v.strip() for v in value if isinstance(v, str) and v.strip()]
    return []


class NucleiImporter(Importer):
    tool = "nuclei"
    label = LABEL
    media_type = "application/x-ndjson"
    produce = "nuclei -u https://… -jsonl -o ket-qua.jsonl"

    def sniff(self, head: bytes) -> bool:
        return head[:1] in (b"{", b"[") and b'"template-id"' in head

    def parse(self, data: bytes, *, file: str) -> Parsed:
        stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
        if stripped.startswith(b"["):  # -je: one JSON array
            items = load_json(data, file=file)
            if not isinstance(items, list):
                raise bad_format(file, LABEL, msg("scan.importers.nuclei.expected_array_results"))
            rows: list[tuple[int, Any]] = [(i, x) for i, x in enumerate(items, 1)]
            where_kind = "item"
        else:
            rows = list(iter_lines(data, file=file))
            where_kind = "line"
        if len(rows) > MAX_FINDINGS:
            raise too_many(file)
        out = Parsed(tool=self.tool, accepts_targets=True)
        hosts: dict[str, ToolHost] = {}
        times: list[datetime] = []
        for number, item in rows:
            where = (msg("scan.importers.nuclei.line", n=number) if where_kind == "line"
                     else msg("scan.importers.nuclei.result", n=number))
            finding, host = self._finding(item, file, where)
            out.findings.append(finding)
            if host.address or host.names:
                known = hosts.get(host.label)
                if known is None or (not known.names and host.names):
                    hosts[host.label] = host
            when = parse_time(item.get("timestamp"))
            if when is not None:
                times.append(when)
        out.hosts = list(hosts.values())
        if times:
            out.started, out.ended = min(times), max(times)
        return out

    def _finding(self, item: Any, file: str, where: str) -> tuple[ToolFinding, ToolHost]:
        if not isinstance(item, dict):
            raise bad_format(file, LABEL, msg("scan.importers.nuclei.each_result_must_json_object"), where)
        info: dict[str, Any] = item["info"] if isinstance(item.get("info"), dict) else {}
        template = clip(item.get("template-id"), 200)
        severity = severity_word(info.get("severity"))
        host_text = clip(item.get("host") or item.get("matched-at"), 2000)
        missing = [name for name, value in (("template-id", template), ("info.severity", severity),
                                            ("host", host_text)) if not value]
        if missing:
            raise bad_format(file, LABEL, msg("scan.importers.nuclei.missing", f=", ".join(missing)), where)
        assert severity is not None
        name, url_port = split_host(host_text)
        ip = clip(item.get("ip"), 64)
        address = ip if _is_ip(ip) else (name if _is_ip(name) else "")
        hostname = name if name and not _is_ip(name) else ""
        port_text = clip(item.get("port"), 8)
        port = int(port_text) if port_text.isdigit() and 1 <= int(port_text) <= 65535 else url_port
        classification: dict[str, Any] = (info["classification"] if isinstance(info.get("classification"), dict)
                                          else {})
        score = classification.get("cvss-score")
        score = float(score) if isinstance(score, int | float) and not isinstance(score, bool) else None
        tags = [t.lower() for t in _strings(info.get("tags"))][:40]
        detail = {"matched_at": clip(item.get("matched-at"), 500), "type": clip(item.get("type"), 16),
                  "tags": tags, "cwe": _strings(classification.get("cwe-id"))[:10],
                  "kev": "kev" in tags, "matcher": clip(item.get("matcher-name"), 100)}
        finding = ToolFinding(
            host=(address or hostname)[:64], hostname=hostname, port=port, protocol="tcp" if port else None,
            ref=template, title=clip(info.get("name"), 300) or template, severity=severity, score=score,
            cves=cve_ids(classification.get("cve-id") or []),
            detail={k: v for k, v in detail.items() if v not in ("", [], None, False)})
        return finding, ToolHost(address, (hostname,) if hostname else ())
