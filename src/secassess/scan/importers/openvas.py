"""OpenVAS / Greenbone report XML (the GMP ``<report>``, as the web interface's "XML" download or
``gvm-cli … get_reports`` write it).

Read as a stream (``iterparse``): each ``<result>`` is turned into a finding and cleared at once,
so a 50 MB report never becomes a 50 MB tree. defusedxml refuses entity declarations, external
references and any DTD (Greenbone never writes one) before anything is expanded.

What is read, per result: the host address and name, the port (``443/tcp``; ``general/tcp`` has no
port), the NVT OID and name, the severity (CVSS score; below 0 means false positive or debug and
is skipped), the threat word, the quality of detection (QoD), the CVEs among the NVT's
references, the solution. Per report: the scanned hosts (``<host><ip>``), scan start and end, the
GMP version. A result missing its host, NVT OID or severity makes the file unreadable (exit 2):
such a report did not come from Greenbone unchanged.
"""

from __future__ import annotations

import io
from typing import Any
from xml.etree.ElementTree import Element, ParseError

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
    severity_from_score,
    too_many,
)

LABEL = "OpenVAS/Greenbone"
ROOTS = ("report", "get_reports_response")


def _text(el: Element | None, path: str) -> str:
    if el is None:
        return ""
    found = el.find(path)
    return (found.text or "").strip() if found is not None else ""


def _port(text: str) -> tuple[int | None, str | None]:
    """``"443/tcp"`` -> (443, "tcp"); ``"general/tcp"`` -> (None, "tcp"); anything else (None, None)."""
    num, _, proto_text = text.partition("/")
    proto = proto_text.strip().lower()[:8] or None
    if num.isdigit() and 1 <= int(num) <= 65535:
        return int(num), proto
    return None, proto


class OpenVasImporter(Importer):
    tool = "openvas"
    label = LABEL
    media_type = "application/xml"
    produce = "Greenbone: Reports → report → Download, format “XML” (gvm-cli: get_reports … format XML)"

    def sniff(self, head: bytes) -> bool:
        if not head.startswith(b"<"):
            return False
        return (b"<get_reports_response" in head) or (b"<report" in head and (b"format_id" in head or b"<gmp>" in head
                                                                                or b"<results" in head))

    def parse(self, data: bytes, *, file: str) -> Parsed:
        import defusedxml
        from defusedxml.ElementTree import iterparse

        out = Parsed(tool=self.tool)
        hosts: dict[str, ToolHost] = {}
        skipped = 0
        stack: list[str] = []
        count = 0
        try:
            for event, el in iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True,
                                       forbid_entities=True, forbid_external=True):
                if event == "start":
                    if not stack and el.tag not in ROOTS:
                        raise bad_format(file, LABEL, msg("scan.importers.openvas.root_element_expected_greenbone_report", t=str(el.tag)[:40]))
                    stack.append(el.tag)
                    continue
                tag = stack.pop()
                parent = stack[-1] if stack else ""
                if tag == "result" and parent == "results":
                    count += 1
                    if count > MAX_FINDINGS:
                        raise too_many(file)
                    finding = self._result(el, count, file)
                    if finding is None:
                        skipped += 1
                    else:
                        out.findings.append(finding)
                        hosts.setdefault(finding.host, ToolHost(finding.host, ()))
                    el.clear()
                elif tag == "host" and parent == "report":
                    ip = _text(el, "ip")
                    if ip:
                        names = [(_text(d, "value")) for d in el.findall("detail") if _text(d, "name") == "hostname"]
                        hosts[ip] = ToolHost(ip, tuple(n[:253] for n in names if n))
                    el.clear()
                elif parent == "report" and tag in ("scan_start", "scan_end", "timestamp"):
                    when = parse_time(el.text)
                    if tag == "scan_start" or (tag == "timestamp" and out.started is None):
                        out.started = when or out.started
                    elif tag == "scan_end":
                        out.ended = when
                elif tag == "version" and parent == "gmp":
                    out.tool_version = clip(el.text, 32)
                elif tag == "scan_run_status" and parent == "report":
                    out.summary["run_status"] = clip(el.text, 32)
                elif tag == "name" and parent == "task" and len(stack) >= 2 and stack[-2] == "report":
                    out.summary.setdefault("task", clip(el.text, 200))
        except defusedxml.DTDForbidden:
            raise bad_format(file, LABEL, msg("scan.importers.openvas.file_has_doctype_declaration_refused")) from None
        except defusedxml.EntitiesForbidden:
            raise bad_format(file, LABEL, msg("scan.importers.openvas.xml_declares_entities_entity_refused")) from None
        except defusedxml.DefusedXmlException as exc:
            raise bad_format(file, LABEL, msg("scan.importers.openvas.xml_was_refused_safety", e=type(exc).__name__)) from None
        except ParseError as exc:
            line, col = getattr(exc, "position", (0, 0))
            raise bad_format(file, LABEL, msg("scan.importers.openvas.not_well_formed_xml_column", c=col, e=str(exc).split(":")[0]),
                             msg("scan.importers.openvas.line", n=line)) from None
        except ValueError as exc:
            raise bad_format(file, LABEL, msg("scan.importers.openvas.cannot_read_xml", e=exc)) from None
        if stack:
            raise bad_format(file, LABEL, msg("scan.importers.openvas.file_truncated"))
        out.hosts = list(hosts.values())
        if skipped:
            out.summary["skipped"] = skipped
        return out

    def _result(self, el: Element, index: int, file: str) -> ToolFinding | None:
        where = msg("scan.importers.openvas.result", n=index, i=f" (id {el.get('id', '')[:40]})" if el.get("id") else "")
        host_el = el.find("host")
        address = (host_el.text or "").strip() if host_el is not None else ""
        nvt = el.find("nvt")
        oid = (nvt.get("oid", "") if nvt is not None else "").strip()
        severity_text = _text(el, "severity")
        missing = [name for name, value in (("host", address), ("nvt oid", oid), ("severity", severity_text))
                   if not value]
        if missing:
            raise bad_format(file, LABEL, msg("scan.importers.openvas.missing", f=", ".join(missing)), where)
        try:
            score = float(severity_text)
        except ValueError:
            raise bad_format(file, LABEL, msg("scan.importers.openvas.severity_not_number", s=severity_text[:20]), where) from None
        if score < 0:  # -1 false positive, -2 debug, -3 error: not findings
            return None
        port, proto = _port(_text(el, "port"))
        refs = nvt.findall("refs/ref") if nvt is not None else []
        cves = cve_ids([r.get("id", "") for r in refs if r.get("type", "").lower() == "cve"])
        solution = nvt.find("solution") if nvt is not None else None
        detail: dict[str, Any] = {
            "port_text": clip(_text(el, "port"), 40),
            "threat": clip(_text(el, "threat"), 16),
            "qod": int(q) if (q := _text(el, "qod/value")).isdigit() else None,
            "qod_type": clip(_text(el, "qod/type"), 32),
            "family": clip(_text(nvt, "family"), 80),
            "solution": clip(solution.text if solution is not None else "", 600),
            "solution_type": clip(solution.get("type", "") if solution is not None else "", 32),
            "created": clip(_text(el, "creation_time"), 40),
        }
        return ToolFinding(
            host=address[:64], hostname=clip(_text(host_el, "hostname"), 253), port=port, protocol=proto, ref=oid[:200],
            title=clip(_text(el, "name") or _text(nvt, "name"), 300), severity=severity_from_score(score),
            score=round(score, 1), cves=cves, detail={k: v for k, v in detail.items() if v not in ("", None)})
