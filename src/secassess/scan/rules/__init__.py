"""The scan rule evaluators: one small pure function per rule type of
:mod:`secassess.catalog.scanrules`, grouped by the evidence they read.

- :mod:`.network` — nmap's ports, services, versions and ``ssl-enum-ciphers`` (:class:`ScanFacts`);
- :mod:`.vulns` — vulnerability scanners (OpenVAS, Nuclei);
- :mod:`.tls` — testssl.sh;
- :mod:`.hosts` — host audits (Lynis, Wazuh SCA).

Each evaluator takes the rule's arguments and the facts of one scan or file and returns a
:class:`RuleResult` (``pass``, ``fail`` or ``undecided``, what decided it, one sentence in each
language). Undecided is never pass: it is returned whenever the evidence could not have shown a
failure. Whether a pass holds for the whole system (every authorised target covered, evidence
recent enough) is decided afterwards, across scans (:func:`secassess.scan.coverage`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

from pydantic import ValidationError

from secassess.catalog.scanrules import RULE_TOOLS, RULE_TYPES
from secassess.scan.rules.common import Outcome, RuleResult
from secassess.scan.rules.findings import Finding, FindingFacts, History
from secassess.scan.rules.hosts import hardening_index, sca_checks
from secassess.scan.rules.network import (
    Observation,
    ScanFacts,
    allowed_ports_only,
    eol_versions,
    forbidden_services,
    http_without_tls,
    tls_summary,
    version_below,
    version_tuple,
    weak_tls,
)
from secassess.scan.rules.tls import tls_certificates, tls_findings, tls_protocols
from secassess.scan.rules.vulns import known_exploited, vulnerabilities_overdue

__all__ = ["EVALUATORS", "Finding", "FindingFacts", "History", "Observation", "Outcome", "RuleResult", "ScanFacts",
           "evaluate_rule", "rules_for_tool", "tls_summary", "version_below", "version_tuple", "worst"]

Facts = ScanFacts | FindingFacts
Evaluator = Callable[[Any, Any], RuleResult]

EVALUATORS: dict[str, Evaluator] = {
    "forbidden_services": forbidden_services,
    "http_without_tls": http_without_tls,
    "weak_tls": weak_tls,
    "allowed_ports_only": allowed_ports_only,
    "eol_versions": eol_versions,
    "vulnerabilities_overdue": vulnerabilities_overdue,
    "known_exploited": known_exploited,
    "tls_protocols": tls_protocols,
    "tls_findings": tls_findings,
    "tls_certificates": tls_certificates,
    "hardening_index": hardening_index,
    "sca_checks": sca_checks,
}
assert set(EVALUATORS) == set(RULE_TYPES), "one evaluator per catalog rule type"


def rules_for_tool(tool: str) -> frozenset[str]:
    """The rule types a file of ``tool`` can decide."""
    return frozenset(t for t, tools in RULE_TOOLS.items() if tool in tools)


def evaluate_rule(rule_type: str, args: Mapping[str, Any], facts: Facts) -> RuleResult:
    """Decide one rule of a control against one scan (nmap :class:`ScanFacts`) or one imported
    file (:class:`FindingFacts`)."""
    model = RULE_TYPES.get(rule_type)
    evaluator = EVALUATORS.get(rule_type)
    if model is None or evaluator is None:
        return RuleResult("undecided", f"Loại quy tắc rà quét “{rule_type}” chưa được hỗ trợ.",
                          f"Scan rule type “{rule_type}” is not supported.")
    tool = "nmap" if isinstance(facts, ScanFacts) else facts.tool
    if tool not in RULE_TOOLS[rule_type]:
        return RuleResult("undecided", f"Kết quả của {tool} không dùng để kết luận quy tắc “{rule_type}”.",
                          f"Evidence from {tool} does not decide rule “{rule_type}”.")
    try:
        parsed = model.model_validate(dict(args))
    except ValidationError:
        return RuleResult("undecided", f"Tham số của quy tắc “{rule_type}” không hợp lệ.",
                          f"The arguments of rule “{rule_type}” are not valid.")
    return evaluator(parsed, facts)


def worst(outcomes: Iterable[Outcome]) -> Literal["pass", "fail"] | None:
    """The technical result of a control: fail if any decided rule failed, pass if all decided
    rules passed, None when no rule was decided."""
    decided = [o for o in outcomes if o != "undecided"]
    if not decided:
        return None
    return "fail" if "fail" in decided else "pass"
