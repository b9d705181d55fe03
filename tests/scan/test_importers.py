"""Reading scanner files (pure): what each importer takes from its format, format detection, and
the hostile or broken files each one refuses."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from secassess.errors import InputError
from secassess.scan.importers import IMPORTERS, detect, get_importer
from secassess.scan.jsonread import iter_documents, load_json, nesting_depth
from tests.conftest import FIXTURES
from tests.scan.toolfiles import (
    ENTITY_BOMB_XML,
    EXTERNAL_XML,
    NUCLEI,
    OPENVAS,
    WAZUH,
    Vuln,
    deep_json,
    deep_nuclei_line,
    nuclei_line,
    openvas_report,
)


@pytest.fixture(autouse=True)
def english() -> None:
    from secassess.i18n import set_lang

    set_lang("en")  # messages are matched in English; the conftest sets Vietnamese back


def parse(tool: str, data: bytes):  # type: ignore[no-untyped-def]
    return get_importer(tool).parse(data, file="f")


def test_cli_lists_the_same_tools_as_the_importers() -> None:
    from secassess.cli.scan import TOOL_NAMES

    assert tuple(IMPORTERS) == TOOL_NAMES


@pytest.mark.parametrize(("path", "tool"), [
    (OPENVAS, "openvas"), (NUCLEI, "nuclei"), (WAZUH, "wazuh"), (FIXTURES / "nmap" / "sample.xml", "nmap"),
])
def test_formats_are_detected_from_their_content(path, tool) -> None:  # type: ignore[no-untyped-def]
    assert detect(path.read_bytes(), file=str(path)).tool == tool


def test_detection_knows_testssl_and_lynis_and_refuses_the_rest() -> None:
    flat = json.dumps([{"id": "TLS1", "ip": "a/10.0.0.1", "port": "443", "severity": "LOW", "finding": "offered"}])
    assert detect(flat.encode(), file="t").tool == "testssl"
    assert detect(b'{"Invocation": "testssl", "scanResult": []}', file="t").tool == "testssl"
    assert detect(b"# Lynis Report\nreport_version_major=1\nlynis_version=3.0.8\n", file="r").tool == "lynis"
    with pytest.raises(InputError, match="<svg>"):
        detect(b'<?xml version="1.0"?><!-- x --><svg/>', file="x")
    with pytest.raises(InputError) as err:
        detect(b"\x00\x01binary", file="b.bin")
    assert err.value.file == "b.bin" and "nmap -oX" in err.value.message and "report.dat" in err.value.message


def test_openvas_report_reads_results_hosts_and_times() -> None:
    p = parse("openvas", OPENVAS.read_bytes())
    assert p.tool_version == "22.4" and p.started == datetime(2026, 10, 1, 2, 0, tzinfo=UTC)
    assert p.ended == datetime(2026, 10, 1, 3, 10, tzinfo=UTC)
    assert {h.address for h in p.hosts} == {"10.10.5.2", "10.10.5.3", "10.10.5.4", "203.0.113.50"}
    assert next(h for h in p.hosts if h.address == "10.10.5.2").names == ("qlvb.stp.example.gov.vn",)
    log4 = next(f for f in p.findings if f.ref == "1.3.6.1.4.1.25623.1.0.990001")
    assert (log4.host, log4.port, log4.protocol, log4.severity, log4.score) == ("10.10.5.2", 8080, "tcp", "critical", 10.0)
    assert log4.cves == ("CVE-2021-44228",) and log4.detail["qod"] == 95
    assert log4.detail["solution"] == "Update Log4j to 2.17.1 or later."
    icmp = next(f for f in p.findings if f.ref.endswith("990004"))
    assert (icmp.port, icmp.protocol, icmp.severity) == (None, "icmp", "low")
    assert not any(f.ref.endswith("990006") for f in p.findings)  # severity -1: a false positive, not a finding
    assert p.summary["skipped"] == 1 and len(p.findings) == 6


def test_openvas_ten_thousand_results_are_read_in_full() -> None:
    vulns = [Vuln(f"10.10.5.{2 + i % 10}", f"Finding {i}", (i % 100) / 10, port=f"{1 + i % 60000}/tcp")
             for i in range(10_000)]
    p = parse("openvas", openvas_report(vulns, [f"10.10.5.{i}" for i in range(2, 12)]))
    assert len(p.findings) == 10_000 and len(p.hosts) == 10
    assert sum(f.severity == "critical" for f in p.findings) == 1000  # 9.0 .. 9.9


@pytest.mark.parametrize(("data", "words"), [
    (ENTITY_BOMB_XML, "DOCTYPE"),
    (EXTERNAL_XML, "DOCTYPE"),
    (openvas_report([Vuln("10.10.5.2", "x", 5.0)], ["10.10.5.2"])[:-40], "no element found"),
    (b"<report format_id='x'><report><results><result><name>x</name></result></results></report></report>",
     "host, nvt oid, severity"),
    (openvas_report([Vuln("10.10.5.2", "x", 5.0)], []).replace(b"<severity>5.0", b"<severity>high"),
     "not a number"),
    (b"<nmaprun/>", "<nmaprun>"),
])
def test_hostile_or_broken_openvas_reports_are_refused(data: bytes, words: str) -> None:
    with pytest.raises(InputError) as err:
        parse("openvas", data)
    assert err.value.file == "f"
    assert words in str(err.value)


def test_nuclei_lines_give_host_address_name_port_cves_and_kev() -> None:
    p = parse("nuclei", NUCLEI.read_bytes())
    log4 = p.findings[0]
    assert (log4.host, log4.hostname, log4.port, log4.severity) == ("10.10.5.2", "qlvb.stp.example.gov.vn", 443,
                                                                    "critical")
    assert log4.cves == ("CVE-2021-44228",) and log4.detail["kev"] is True and log4.score == 10
    panel = p.findings[2]
    assert (panel.host, panel.port, panel.severity) == ("10.10.5.3", 8080, "medium")
    assert p.accepts_targets and {h.label for h in p.hosts} == {"10.10.5.2", "10.10.5.3", "203.0.113.50"}
    assert p.started is not None and p.ended is not None and p.ended > p.started


def test_nuclei_json_array_export_reads_the_same() -> None:
    lines = [json.loads(x) for x in NUCLEI.read_text().splitlines()]
    p = parse("nuclei", json.dumps(lines).encode())
    assert [f.ref for f in p.findings] == [x["template-id"] for x in lines]


@pytest.mark.parametrize(("data", "words"), [
    (deep_nuclei_line(), "nests"),
    (deep_json(), "nests"),
    (nuclei_line("x", "10.10.5.2", "high").replace('"template-id": "x"', '"template-id": ""').encode(), "template-id"),
    (b'{"template-id": "x", "host": "10.10.5.2", "info": {}}', "info.severity"),
    (b'{"template-id": "x", "info": {"severity": "high"}}', "host"),
    (b'{"template-id": "x", "template-id": "y", "info": {"severity": "high"}, "host": "h"}', "repeated"),
    (b'{"template-id": "x", "info": {"severity": "high", "score": NaN}, "host": "h"}', "NaN"),
    (b'{"template-id": "x", "info": {"severity": "high"}, "host": "h"}\n{"template-id": ', "line 2"),
    (b'{"template-id": "\xff\xfe", "info": {"severity": "high"}, "host": "h"}', "UTF-8"),
    (b'["not an object"]', "object"),
])
def test_hostile_or_broken_nuclei_files_are_refused(data: bytes, words: str) -> None:
    with pytest.raises(InputError) as err:
        parse("nuclei", data)
    assert words in str(err.value)


def test_json_depth_is_measured_without_recursion_and_ignores_brackets_in_strings() -> None:
    assert nesting_depth(deep_json(1_000_000)) == 1_000_000
    assert nesting_depth(b'{"a": "[[[[[[[[", "b": [1, [2]]}') == 3
    assert load_json(b'{"a": "]]]]"}') == {"a": "]]]]"}
    assert list(iter_documents(b'{"a": 1}\n\n[2]  {"b": 3}')) == [{"a": 1}, [2], {"b": 3}]


def test_testssl_flat_and_pretty_files() -> None:
    flat = [{"id": "service", "ip": "qlvb.stp.example.gov.vn/10.10.5.2", "port": "443", "severity": "INFO",
             "finding": "HTTP"},
            {"id": "TLS1", "ip": "qlvb.stp.example.gov.vn/10.10.5.2", "port": "443", "severity": "LOW",
             "finding": "offered (deprecated)"},
            {"id": "heartbleed", "ip": "qlvb.stp.example.gov.vn/10.10.5.2", "port": "443", "severity": "CRITICAL",
             "finding": "VULNERABLE", "cve": "CVE-2014-0160", "cwe": "CWE-119"}]
    p = parse("testssl", json.dumps(flat).encode())
    assert p.when is None  # the flat file does not say when it ran
    assert [h.address for h in p.hosts] == ["10.10.5.2"] and p.hosts[0].names == ("qlvb.stp.example.gov.vn",)
    assert p.covered_ports == {"tcp": "443"}
    hb = p.findings[2]
    assert (hb.severity, hb.status, hb.cves, hb.port) == ("critical", "CRITICAL", ("CVE-2014-0160",), 443)
    pretty = {"Invocation": "testssl -oJ f.json 10.10.5.2:8443", "version": "3.0.8", "startTime": "1790820000",
              "scanResult": [{"targetHost": "10.10.5.2", "ip": "10.10.5.2", "port": "8443",
                              "protocols": [{"id": "TLS1_2", "severity": "OK", "finding": "offered"}]}]}
    p2 = parse("testssl", json.dumps(pretty).encode())
    assert p2.started == datetime(2026, 10, 1, 2, 0, tzinfo=UTC) and p2.findings[0].ref == "TLS1_2"
    assert p2.hosts[0].names == ()


@pytest.mark.parametrize(("entry", "words"), [
    ({"id": "TLS1", "ip": "a/10.0.0.1", "port": "443", "severity": "LOW"}, "finding"),
    ({"id": "TLS1", "port": "443", "severity": "LOW", "finding": "x"}, "ip"),
    ({"id": "TLS1", "ip": "a/10.0.0.1", "port": "443", "severity": "SEVERE", "finding": "x"}, "SEVERE"),
])
def test_testssl_entries_missing_fields_are_refused(entry, words) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match=words):
        parse("testssl", json.dumps([entry]).encode())


LYNIS = """# Lynis Report
report_version_major=1
report_version_minor=0
report_datetime_start=2026-10-03 09:00:00
lynis_version=3.0.8
os_fullname=Debian GNU/Linux 12 (bookworm)
hostname=qlvb-app-01
warning[]=AUTH-9308|No password set for single mode|-|-|
suggestion[]=SSH-7408|Consider hardening SSH configuration|AllowTcpForwarding (set YES to NO)|-|
network_ipv4_address[]=127.0.0.1
network_ipv4_address[]=10.10.5.2
network_ipv6_address[]=fe80::1
report_datetime_end=2026-10-03 09:02:00
hardening_index=58
tests_executed=AUTH-9308|SSH-7408|
"""


def test_lynis_report_reads_index_warnings_and_the_machine() -> None:
    p = parse("lynis", LYNIS.encode())
    assert p.host_audit and p.summary["hardening_index"] == 58 and p.summary["warnings"] == ["AUTH-9308"]
    host = p.hosts[0]
    assert host.address == "10.10.5.2" and host.names == ("qlvb-app-01",)  # not loopback or link-local first
    assert "127.0.0.1" in host.other_addresses
    assert p.ended == datetime(2026, 10, 3, 2, 2, tzinfo=UTC)  # local (Vietnam) time without zone
    warn = next(f for f in p.findings if f.status == "warning")
    assert (warn.ref, warn.title, warn.severity) == ("AUTH-9308", "No password set for single mode", "medium")


@pytest.mark.parametrize(("text", "words"), [
    ("lynis_version=3.0.8\nhostname=x\n", "report_version_major"),
    ("# Lynis Report\nreport_version_major=1\nlynis_version=3\nthis is not a key value line\n", "line 4"),
    ("# Lynis Report\nreport_version_major=1\nlynis_version=3\nwarning[]=rm -rf /|x|-|-|\n", "rm -rf"),
])
def test_broken_lynis_reports_are_refused(text: str, words: str) -> None:
    with pytest.raises(InputError, match=words):
        parse("lynis", text.encode())


def test_wazuh_responses_give_checks_agent_and_scan_time() -> None:
    p = parse("wazuh", WAZUH.read_bytes())
    assert p.hosts[0].address == "10.10.5.2" and p.hosts[0].names == ("qlvb-app-01",)
    assert p.ended == datetime(2026, 10, 3, 1, 0, 9, tzinfo=UTC)
    statuses = {f.ref: f.status for f in p.findings}
    assert statuses == {"28500": "passed", "28510": "passed", "28530": "failed", "28540": "not_applicable"}
    firewall = next(f for f in p.findings if f.ref == "28530")
    assert "cis_csc_v8:4.1" in firewall.detail["compliance"] and firewall.detail["policy_id"] == "cis_debian12"


@pytest.mark.parametrize(("data", "words"), [
    (b'{"data": {"affected_items": []}, "error": 0}', "no SCA check"),
    (b'{"error": 1, "message": "Permission denied"}', "Permission denied"),
    (b'{"data": {"affected_items": [{"id": 1, "title": "x"}]}, "error": 0}', "result"),
    (b'{"data": {"affected_items": [{"id": 1, "result": "passed"}]}, "error": 0}', "title"),
    (b'{"data": {"items": []}}', "affected_items"),
    (deep_json(50).replace(b"[", b'{"data":[', 1), "nests"),
])
def test_broken_wazuh_files_are_refused(data: bytes, words: str) -> None:
    with pytest.raises(InputError, match=words):
        parse("wazuh", data)


def test_wazuh_pages_not_fetched_are_a_warning() -> None:
    doc = {"data": {"affected_items": [{"id": 1, "title": "x", "result": "passed"}], "total_affected_items": 300},
           "error": 0}
    p = parse("wazuh", json.dumps(doc).encode())
    assert p.summary["partial"] == ["1/300"] and "300" in p.warnings[0]
    assert p.hosts == [] and p.when is None  # which machine and when: --target and --scanned-at


def test_nuclei_ten_thousand_lines_are_read_in_full() -> None:
    lines = "\n".join(nuclei_line(f"t-{i}", f"10.10.5.{2 + i % 10}:443", ("info", "low", "high")[i % 3],
                                  ip=f"10.10.5.{2 + i % 10}") for i in range(10_000))
    p = parse("nuclei", lines.encode())
    assert len(p.findings) == 10_000 and len(p.hosts) == 10


def test_an_imported_nmap_command_line_says_which_targets_it_covered() -> None:
    from secassess.inventory.targets import parse_targets
    from secassess.scan.scope import targets_from_args

    scope = parse_targets(["10.10.5.0/28", "qlvb.stp.example.gov.vn", "10.10.6.7"])
    args = "nmap -sV -p 22,443 -oX out.xml --script ssl-enum-ciphers 10.10.0.0/16 qlvb.stp.example.gov.vn 8.8.8.8"
    assert targets_from_args(args.split(), scope) == ["10.10.5.0/28", "10.10.6.7", "qlvb.stp.example.gov.vn"]
    assert targets_from_args(["nmap", "-oX", "10.10.6.7", "10.10.5.3"], scope) == ["10.10.5.3"]  # -oX takes a value
    assert targets_from_args(["nmap", "--exclude", "10.10.5.3", "10.10.5.0/28"], scope) == []  # not all of it
    assert targets_from_args(["nmap", "-iL", "hosts.txt"], scope) == []
