"""The rule evaluators for files of scanners other than nmap: pure functions on one file's facts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from secassess.catalog.scanrules import RULE_TOOLS, CveTable
from secassess.scan.rules import (
    Finding,
    FindingFacts,
    History,
    ScanFacts,
    evaluate_rule,
    rules_for_tool,
)

WHEN = datetime(2026, 10, 1, 2, 0, tzinfo=UTC)
KEV = CveTable.model_validate({"kind": "cve_list", "entries": [{"cve": "CVE-2021-44228"}]})


def finding(i: int, ref: str, severity: str = "info", **kw: Any) -> Finding:
    return Finding(id=i, host=kw.pop("host", "10.0.0.5"), ref=ref, severity=severity, **kw)


def facts(tool: str, *found: Finding, hosts: tuple[str, ...] = ("10.0.0.5",), **kw: Any) -> FindingFacts:
    return FindingFacts(tool=tool, when=kw.pop("when", WHEN), hosts=hosts, findings=found, **kw)


def test_each_tool_decides_only_its_own_rule_types() -> None:
    assert rules_for_tool("lynis") == {"hardening_index"}
    assert rules_for_tool("testssl") == {"tls_protocols", "tls_findings", "tls_certificates"}
    assert rules_for_tool("nmap") == {t for t, tools in RULE_TOOLS.items() if tools == ("nmap",)}
    r = evaluate_rule("hardening_index", {"min_index": 60}, facts("openvas"))
    assert r.outcome == "undecided" and "openvas" in r.en
    wrong = evaluate_rule("tls_protocols", {}, ScanFacts(observations=(), scanned={}, service_detection=True))
    assert wrong.outcome == "undecided"


# ---------------------------------------------------------------- vulnerabilities_overdue

LOG4 = dict(cves=("CVE-2021-44228",), title="Log4Shell", port=8080)
OVERDUE = {"min_severity": "high", "max_age_days": 30}


def hist(first_days_ago: int, clean_days_ago: int | None = None) -> dict[tuple[str, str], History]:
    clean = WHEN - timedelta(days=clean_days_ago) if clean_days_ago is not None else None
    return {("10.0.0.5", "CVE-2021-44228"): History(WHEN - timedelta(days=first_days_ago), clean)}


def test_vulnerability_reported_for_longer_than_allowed_fails() -> None:
    r = evaluate_rule("vulnerabilities_overdue", OVERDUE,
                      facts("openvas", finding(4, "oid", "critical", **LOG4), history=hist(47)))
    assert r.outcome == "fail" and r.observation_ids == (4,)
    assert "47" in r.en and "30-day" in r.en and "CVE-2021-44228" in r.vi and "10.0.0.5:8080" in r.vi


def test_vulnerability_of_unknown_age_is_undecided_not_pass() -> None:
    r = evaluate_rule("vulnerabilities_overdue", OVERDUE,
                      facts("openvas", finding(4, "oid", "critical", **LOG4), history=hist(0)))
    assert r.outcome == "undecided" and "earlier" in r.en


def test_vulnerability_absent_from_a_recent_earlier_report_is_within_the_deadline() -> None:
    r = evaluate_rule("vulnerabilities_overdue", OVERDUE,
                      facts("openvas", finding(4, "oid", "critical", **LOG4), history=hist(3, clean_days_ago=10)))
    assert r.outcome == "pass" and "within" in r.en
    too_old_clean = evaluate_rule("vulnerabilities_overdue", OVERDUE,
                                  facts("openvas", finding(4, "oid", "critical", **LOG4),
                                        history=hist(3, clean_days_ago=40)))
    assert too_old_clean.outcome == "undecided"


def test_deadline_from_a_catalog_parameter_and_low_findings_ignored() -> None:
    args = {"min_severity": "critical", "max_age_parameter": "critical_patch_days"}
    medium = facts("openvas", finding(5, "oid2", "medium"), history={}, parameters={"critical_patch_days": 15})
    assert evaluate_rule("vulnerabilities_overdue", args, medium).outcome == "pass"
    missing = facts("openvas", finding(4, "oid", "critical", **LOG4), history=hist(47))
    assert evaluate_rule("vulnerabilities_overdue", args, missing).outcome == "undecided"


def test_low_quality_detection_is_left_out() -> None:
    guess = finding(4, "oid", "critical", detail={"qod": 30}, **LOG4)
    assert evaluate_rule("vulnerabilities_overdue", OVERDUE, facts("openvas", guess, history=hist(47))).outcome == "pass"


# ---------------------------------------------------------------- known_exploited

def test_known_exploited_by_table_kev_tag_or_score() -> None:
    args = {"table": "kev", "min_cvss": 9.0}
    tables = {"kev": KEV}
    listed = facts("openvas", finding(1, "oid", "critical", score=10.0, **LOG4), tables=tables)
    r = evaluate_rule("known_exploited", args, listed)
    assert r.outcome == "fail" and "known to be exploited" in r.en
    tagged = facts("nuclei", finding(2, "CVE-2099-0001", "medium", detail={"kev": True}), tables=tables)
    assert evaluate_rule("known_exploited", args, tagged).outcome == "fail"
    scored = facts("openvas", finding(3, "oid3", "critical", score=9.8, cves=("CVE-2023-38408",)), tables=tables)
    r3 = evaluate_rule("known_exploited", args, scored)
    assert r3.outcome == "fail" and "CVSS 9.8" in r3.en
    clean = facts("openvas", finding(4, "oid4", "medium", score=5.0), tables=tables)
    ok = evaluate_rule("known_exploited", args, clean)
    assert ok.outcome == "pass" and "1 CVEs listed" in ok.en


def test_known_exploited_without_its_table_is_undecided() -> None:
    r = evaluate_rule("known_exploited", {"table": "kev"}, facts("openvas", finding(4, "oid4", "medium")))
    assert r.outcome == "undecided" and "kev" in r.en


# ---------------------------------------------------------------- testssl.sh

def tls(i: int, ref: str, text: str, status: str = "INFO", severity: str = "info") -> Finding:
    return finding(i, ref, severity, title=text, status=status, port=443)


def test_deprecated_protocols_fail_and_modern_ones_pass() -> None:
    weak = facts("testssl", tls(1, "TLS1", "offered (deprecated)", "LOW", "low"), tls(2, "TLS1_2", "offered", "OK"))
    r = evaluate_rule("tls_protocols", {"min_version": "TLSv1.2"}, weak)
    assert r.outcome == "fail" and "10.0.0.5:443 offers TLSv1.0" in r.en
    strong = facts("testssl", tls(1, "TLS1", "not offered", "OK"), tls(2, "TLS1_3", "offered with final", "OK"))
    assert evaluate_rule("tls_protocols", {}, strong).outcome == "pass"
    assert evaluate_rule("tls_protocols", {"min_version": "TLSv1.3"},
                         facts("testssl", tls(2, "TLS1_2", "offered", "OK"))).outcome == "fail"
    no_protocols = facts("testssl", tls(1, "cert_notAfter", "2027-01-01 00:00"))
    assert evaluate_rule("tls_protocols", {}, no_protocols).outcome == "undecided"


def test_tls_findings_by_severity_with_ignored_ids() -> None:
    found = facts("testssl", tls(1, "heartbleed", "VULNERABLE", "CRITICAL", "critical"),
                  tls(2, "cert_chain_of_trust", "failed (self signed).", "CRITICAL", "critical"),
                  tls(3, "BREACH", "potentially VULNERABLE", "MEDIUM", "medium"))
    r = evaluate_rule("tls_findings", {"min_severity": "high", "ignore": ["cert_*"]}, found)
    assert r.outcome == "fail" and r.observation_ids == (1,)
    quiet = facts("testssl", tls(3, "BREACH", "potentially VULNERABLE", "MEDIUM", "medium"))
    assert evaluate_rule("tls_findings", {"min_severity": "high"}, quiet).outcome == "pass"
    assert evaluate_rule("tls_findings", {"min_severity": "medium"}, quiet).outcome == "fail"
    broken = facts("testssl", tls(4, "scanProblem", "connection refused", "FATAL"))
    assert evaluate_rule("tls_findings", {}, broken).outcome == "undecided"


def test_certificates_expired_expiring_or_untrusted_fail() -> None:
    def cert(not_after: str, trust: str = "passed.") -> FindingFacts:
        return facts("testssl", tls(1, "cert_notAfter", not_after), tls(2, "cert_chain_of_trust", trust))

    assert evaluate_rule("tls_certificates", {}, cert("2027-06-01 00:00")).outcome == "pass"
    soon = evaluate_rule("tls_certificates", {"min_days_left": 30}, cert("2026-10-15 00:00"))
    assert soon.outcome == "fail" and "13 days" in soon.en
    gone = evaluate_rule("tls_certificates", {}, cert("2026-09-01 00:00"))
    assert gone.outcome == "fail" and "expired on 01/09/2026" in gone.en
    self_signed = evaluate_rule("tls_certificates", {}, cert("2027-06-01 00:00", "failed (self signed)."))
    assert self_signed.outcome == "fail" and "not trusted" in self_signed.en
    lenient = evaluate_rule("tls_certificates", {"require_trusted": False}, cert("2027-06-01 00:00", "failed."))
    assert lenient.outcome == "pass"
    several = facts("testssl", tls(1, "cert_notAfter <cert#1>", "2027-06-01 00:00"),
                    tls(2, "cert_notAfter <cert#2>", "2026-09-01 00:00"), tls(3, "cert_chain_of_trust", "passed."))
    assert evaluate_rule("tls_certificates", {}, several).outcome == "fail"
    assert evaluate_rule("tls_certificates", {}, facts("testssl", tls(1, "TLS1", "not offered"))).outcome == "undecided"


# ---------------------------------------------------------------- host audits

def lynis(index: int | None, *warnings: str) -> FindingFacts:
    found = [finding(i, w, "medium", status="warning", title=f"warning {w}") for i, w in enumerate(warnings, 1)]
    return facts("lynis", *found, summary={"hardening_index": index, "test_group": "all"})


def test_hardening_index_and_named_warnings() -> None:
    args = {"min_index": 65, "warnings": ["AUTH-9308"]}
    assert evaluate_rule("hardening_index", args, lynis(70, "NETW-2705")).outcome == "pass"
    low = evaluate_rule("hardening_index", args, lynis(58))
    assert low.outcome == "fail" and "58, below the minimum of 65" in low.en
    warned = evaluate_rule("hardening_index", args, lynis(80, "AUTH-9308"))
    assert warned.outcome == "fail" and "AUTH-9308" in warned.en and warned.observation_ids == (1,)
    assert evaluate_rule("hardening_index", {**args, "any_warning": True}, lynis(80, "NETW-2705")).outcome == "fail"
    assert evaluate_rule("hardening_index", args, lynis(None)).outcome == "undecided"


def sca(i: int, ref: str, status: str, *compliance: str, policy: str = "cis_debian12") -> Finding:
    return finding(i, ref, "medium" if status == "failed" else "info", status=status, title=f"check {ref}",
                   detail={"policy_id": policy, "compliance": list(compliance)})


def test_sca_checks_by_id_by_standard_and_by_policy() -> None:
    f = facts("wazuh", sca(1, "100", "passed", "cis:1.1", "pci_dss_v4.0:2.2"), sca(2, "101", "failed", "cis_csc_v8:4.1"),
              sca(3, "102", "not_applicable", "cis_csc_v8:4.1"), sca(4, "200", "failed", "hipaa:164", policy="other"))
    assert evaluate_rule("sca_checks", {"checks": ["100"]}, f).outcome == "pass"
    by_id = evaluate_rule("sca_checks", {"checks": ["100", "101"]}, f)
    assert by_id.outcome == "fail" and "101" in by_id.en
    assert evaluate_rule("sca_checks", {"compliance": ["pci_dss"]}, f).outcome == "pass"  # pci_dss_v4.0 is a version
    assert evaluate_rule("sca_checks", {"compliance": ["cis_csc_v8:4.1"]}, f).outcome == "fail"
    assert evaluate_rule("sca_checks", {"compliance": ["cis"]}, f).outcome == "pass"  # cis is not cis_csc_v8
    assert evaluate_rule("sca_checks", {"compliance": ["cis_csc_v8:4.1"], "max_failed": 1}, f).outcome == "pass"
    assert evaluate_rule("sca_checks", {"policy": "cis_*"}, f).outcome == "fail"
    assert evaluate_rule("sca_checks", {"checks": ["999"]}, f).outcome == "undecided"
    assert evaluate_rule("sca_checks", {"checks": ["102"]}, f).outcome == "undecided"  # not applicable only


def test_a_file_covering_no_host_decides_nothing() -> None:
    for rule, args in (("hardening_index", {"min_index": 1}), ("tls_protocols", {}), ("sca_checks", {"policy": "*"}),
                       ("known_exploited", {"min_cvss": 9.0}), ("vulnerabilities_overdue", OVERDUE)):
        tool = RULE_TOOLS[rule][0]
        assert evaluate_rule(rule, args, facts(tool, hosts=())).outcome == "undecided", rule
