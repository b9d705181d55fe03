"""Scanner files written by the tests, from the formats' documentation (GMP report XML, Nuclei JSON
Lines, Wazuh API responses): variants of the handwritten fixtures in tests/fixtures/scan/tools,
big ones and hostile ones. Every address, name and OID is made up; CVE ids are public."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from tests.conftest import FIXTURES

TOOLS = FIXTURES / "scan" / "tools"
OPENVAS = TOOLS / "openvas-report.xml"
NUCLEI = TOOLS / "nuclei.jsonl"
WAZUH = TOOLS / "wazuh-sca.json"


@dataclass
class Vuln:
    """One OpenVAS result."""

    host: str
    name: str
    severity: float
    port: str = "general/tcp"
    oid: str = "1.3.6.1.4.1.25623.1.0.990100"
    cves: tuple[str, ...] = ()
    qod: int = 80
    hostname: str = ""
    description: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def openvas_result(v: Vuln, n: int) -> str:
    threat = "High" if v.severity >= 7 else "Medium" if v.severity >= 4 else "Low" if v.severity > 0 else "Log"
    refs = "".join(f'<ref type="cve" id={quoteattr(c)}/>' for c in v.cves)
    return (f'<result id="r-{n:06d}"><name>{escape(v.name)}</name><creation_time>2026-10-01T02:30:00Z</creation_time>'
            f'<host>{escape(v.host)}<asset asset_id="a"/><hostname>{escape(v.hostname)}</hostname></host>'
            f'<port>{escape(v.port)}</port><nvt oid={quoteattr(v.oid)}><type>nvt</type><name>{escape(v.name)}</name>'
            f'<family>General</family><cvss_base>{v.severity:.1f}</cvss_base>'
            f'<solution type="VendorFix">Update the affected package.</solution><refs>{refs}</refs></nvt>'
            f'<threat>{threat}</threat><severity>{v.severity:.1f}</severity>'
            f'<qod><value>{v.qod}</value><type>remote_banner</type></qod>'
            f'<description>{escape(v.description)}</description></result>\n')


def openvas_report(vulns: Iterable[Vuln], hosts: Iterable[str], *, start: str = "2026-10-01T02:00:00Z",
                   end: str = "2026-10-01T03:00:00Z", prolog: str = "") -> bytes:
    """A GMP report (outer <report> with the inner one) holding ``vulns`` and the scanned ``hosts``."""
    head = (f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}<report id="00000000-0000-4000-8000-000000000001" '
            f'format_id="a994b278-1f62-11e1-96ac-406186ea4fc5" extension="xml" content_type="text/xml">'
            f'<report id="00000000-0000-4000-8000-000000000001"><gmp><version>22.4</version></gmp>'
            f'<scan_run_status>Done</scan_run_status><scan_start>{start}</scan_start><results start="1" max="-1">\n')
    body = "".join(openvas_result(v, i) for i, v in enumerate(vulns, 1))
    tail = "".join(f"<host><ip>{escape(h)}</ip><start>{start}</start><end>{end}</end></host>" for h in hosts)
    return (head + body + f"</results>{tail}<scan_end>{end}</scan_end></report></report>\n").encode()


def write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def nuclei_line(template: str, host: str, severity: str, *, ip: str = "", tags: Iterable[str] = (),
                cves: Iterable[str] = (), when: str = "2026-10-02T08:00:00+07:00", **extra: Any) -> str:
    info: dict[str, Any] = {"name": template.replace("-", " "), "author": ["tests"], "tags": list(tags),
                            "severity": severity}
    if cves:
        info["classification"] = {"cve-id": [c.lower() for c in cves]}
    item = {"template-id": template, "info": info, "type": "http", "host": host, "matched-at": host,
            "timestamp": when, **({"ip": ip} if ip else {}), **extra}
    return json.dumps(item)


def wazuh_checks(checks: Iterable[dict[str, Any]], *, agent: dict[str, Any] | None = None,
                 end_scan: str | None = "2026-10-03T01:00:09Z") -> str:
    """API responses one after another: /agents (if given), /sca/AGENT (if end_scan), then the checks."""
    items = list(checks)
    docs = []
    if agent is not None:
        docs.append({"data": {"affected_items": [agent], "total_affected_items": 1}, "error": 0})
    if end_scan is not None:
        docs.append({"data": {"affected_items": [{"policy_id": "cis_debian12", "name": "CIS Debian 12", "pass": 1,
                                                  "fail": 1, "score": 50, "end_scan": end_scan}],
                              "total_affected_items": 1}, "error": 0})
    docs.append({"data": {"affected_items": items, "total_affected_items": len(items)}, "error": 0})
    return "\n".join(json.dumps(d) for d in docs)


def sca_check(ident: int, result: str, *compliance: str, title: str = "A check") -> dict[str, Any]:
    return {"id": ident, "policy_id": "cis_debian12", "title": title, "result": result,
            "compliance": [{"key": c.split(":")[0], "value": c.split(":")[1]} for c in compliance]}


# ------------------------------------------------------------------ hostile files

ENTITY_BOMB_XML = (b'<?xml version="1.0"?>\n<!DOCTYPE report [<!ENTITY a "aaaaaaaaaa">'
                   + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), (b"&" + bytes([97 + i]) + b";") * 10)
                              for i in range(8))
                   + b']>\n<report format_id="x"><report><results>&i;</results></report></report>\n')
EXTERNAL_XML = (b'<?xml version="1.0"?>\n<!DOCTYPE report [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                b'<report format_id="x"><report><results><result>&x;</result></results></report></report>\n')


def deep_json(depth: int = 100_000) -> bytes:
    return b"[" * depth + b"]" * depth


def deep_nuclei_line(depth: int = 5000) -> bytes:
    inner = b'{"a":' * depth + b"1" + b"}" * depth
    return b'{"template-id":"x","info":{"severity":"high"},"host":"10.10.5.2","deep":' + inner + b"}\n"
