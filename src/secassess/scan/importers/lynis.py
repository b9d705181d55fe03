"""Lynis ``report.dat`` (``lynis audit system`` writes it to ``/var/log/lynis-report.dat``, or where
``--report-file`` says).

A text file of ``key=value`` lines (``key[]=value`` for lists). Read: ``lynis_version``,
``hostname``, ``os_fullname``, ``report_datetime_start``/``_end`` (local time of the audited
machine, no zone: read as Vietnam time), ``hardening_index`` (0–100), ``warning[]`` and
``suggestion[]`` (``TEST-ID|text|details|solution|``), ``network_ipv4_address[]`` /
``network_ipv6_address[]`` (which machine this is), ``tests_executed`` (how many tests ran).
Anything that is not such a line, a file that is not UTF-8, or a file without the Lynis header
keys is refused.
"""

from __future__ import annotations

import ipaddress
import re

from secassess.clock import LOCAL_TZ
from secassess.messages import msg
from secassess.scan.importers.interface import (
    MAX_FINDINGS,
    Importer,
    Parsed,
    ToolFinding,
    ToolHost,
    bad_format,
    clip,
    parse_time,
    too_many,
)

LABEL = "Lynis"
_KEY = re.compile(r"^[A-Za-z0-9_.-]{1,80}(\[\])?$")
_TEST_ID = re.compile(r"^[A-Z]{2,8}-[0-9]{3,5}$|^LYNIS$")


def _identity_addresses(values: list[str]) -> list[str]:
    """The machine's addresses, those that identify it first (not loopback, not link-local)."""
    good: list[str] = []
    weak: list[str] = []
    for v in values:
        try:
            ip = ipaddress.ip_address(v.strip().split("%")[0])
        except ValueError:
            continue
        (weak if ip.is_loopback or ip.is_link_local else good).append(str(ip))
    return good + weak


class LynisImporter(Importer):
    tool = "lynis"
    label = LABEL
    media_type = "text/plain"
    produce = "lynis audit system --quick --report-file report.dat"

    def sniff(self, head: bytes) -> bool:
        return head.startswith(b"# Lynis Report") or (b"lynis_version=" in head and b"report_version_major=" in head)

    def parse(self, data: bytes, *, file: str) -> Parsed:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise bad_format(file, LABEL, msg("scan.importers.lynis.file_not_utf_8_text"),
                             msg("scan.importers.lynis.byte", b=exc.start)) from None
        scalars: dict[str, str] = {}
        lists: dict[str, list[str]] = {}
        findings: list[ToolFinding] = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            key, sep, value = line.partition("=")
            if not sep or not _KEY.match(key):
                raise bad_format(file, LABEL, msg("scan.importers.lynis.line_not_key_value"),
                                 msg("scan.importers.lynis.line", n=number))
            if key.endswith("[]"):
                lists.setdefault(key[:-2], []).append(value)
                if key in ("warning[]", "suggestion[]"):
                    if len(findings) >= MAX_FINDINGS:
                        raise too_many(file)
                    findings.append(self._item(key[:-2], value, file, number))
            else:
                scalars[key] = value
        if "lynis_version" not in scalars or "report_version_major" not in scalars:
            raise bad_format(file, LABEL, msg("scan.importers.lynis.lynis_version_report_version_major"))
        hostname = clip(scalars.get("hostname"), 253).lower()
        addresses = _identity_addresses(lists.get("network_ipv4_address", []) + lists.get("network_ipv6_address", []))
        host = ToolHost(addresses[0] if addresses else "", (hostname,) if hostname else (), tuple(addresses[1:]))
        label = host.label
        findings = [ToolFinding(host=label[:64], hostname=hostname, ref=f.ref, title=f.title, severity=f.severity,
                                status=f.status, detail=f.detail) for f in findings]
        index_text = scalars.get("hardening_index", "").strip()
        index = int(index_text) if index_text.isdigit() and int(index_text) <= 100 else None
        executed = [t for t in scalars.get("tests_executed", "").split("|") if t]
        out = Parsed(tool=self.tool, tool_version=clip(scalars.get("lynis_version"), 32),
                     arguments=clip(" ".join(x for x in (scalars.get("test_category", ""),
                                                         scalars.get("test_group", "")) if x), 300),
                     started=parse_time(scalars.get("report_datetime_start"), LOCAL_TZ),
                     ended=parse_time(scalars.get("report_datetime_end"), LOCAL_TZ),
                     hosts=[host] if (host.address or host.names) else [], findings=findings,
                     host_audit=True, accepts_targets=True)
        out.summary.update({
            "hardening_index": index, "hostname": hostname, "os": clip(scalars.get("os_fullname"), 120),
            "warnings": sorted({f.ref for f in findings if f.status == "warning"}),
            "suggestions": sum(1 for f in findings if f.status == "suggestion"),
            "tests_executed": len(executed), "test_group": clip(scalars.get("test_group"), 200),
            "addresses": addresses[:20],
        })
        if index is None:
            out.warnings.append(msg("scan.importers.lynis.report_dat_has_no_hardening"))
        return out

    def _item(self, kind: str, value: str, file: str, number: int) -> ToolFinding:
        parts = value.split("|")
        test = parts[0].strip()
        if not _TEST_ID.match(test):
            raise bad_format(file, LABEL, msg("scan.importers.lynis.invalid_test_id", t=test[:30]),
                             msg("scan.importers.lynis.line", n=number))
        text = clip(parts[1] if len(parts) > 1 else "", 500)
        details = clip(parts[2] if len(parts) > 2 and parts[2] != "-" else "", 300)
        return ToolFinding(host="", ref=test, title=text, severity="medium" if kind == "warning" else "low",
                           status=kind, detail={"details": details} if details else {})
