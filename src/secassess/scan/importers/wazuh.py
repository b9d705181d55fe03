"""Wazuh SCA results as the Wazuh server API returns them.

One file holds one or more API responses written one after another, e.g.::

    { curl -k -H "$AUTH" "$API/agents?agents_list=001";
      curl -k -H "$AUTH" "$API/sca/001";
      curl -k -H "$AUTH" "$API/sca/001/checks/cis_debian12?limit=10000"; } > sca-001.json

Each response is ``{"data": {"affected_items": [...], "total_affected_items": N, ...},
"error": 0}``. Items are recognised by their fields:

- checks (``/sca/{agent}/checks/{policy}``, required): ``id``, ``title``, ``result`` (passed,
  failed, not applicable), ``policy_id``, ``compliance`` (``[{"key": "cis", "value": "1.1.1"}]``),
  ``remediation``;
- policies (``/sca/{agent}``, optional): ``policy_id``, ``name``, ``pass``, ``fail``, ``score``,
  ``end_scan`` (when the scan ended: without it give ``--scanned-at``);
- agents (``/agents``, optional): ``id``, ``name``, ``ip`` (which machine: without it give
  ``--target``).

A response with ``error`` other than 0, a check without id, title or result, or a file with no
check is refused.
"""

from __future__ import annotations

import ipaddress
from typing import Any

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
from secassess.scan.jsonread import iter_documents

LABEL = "Wazuh SCA"
RESULTS = {"passed": "passed", "failed": "failed", "not applicable": "not_applicable",
           "not_applicable": "not_applicable"}


def compliance_pairs(value: Any) -> list[str]:
    """``[{"key": "cis", "value": "1.1.1"}]`` or ``{"cis": ["1.1.1"]}`` -> ``["cis:1.1.1"]``."""
    out: list[str] = []
    if isinstance(value, list):
        for c in value:
            if isinstance(c, dict) and isinstance(c.get("key"), str):
                for v in str(c.get("value", "")).split(","):
                    out.append(f"{c['key'].strip().lower()}:{v.strip()}")
    elif isinstance(value, dict):
        for k, v in value.items():
            for item in (v if isinstance(v, list) else [v]):
                for part in str(item).split(","):
                    out.append(f"{str(k).strip().lower()}:{part.strip()}")
    return [c[:120] for c in out][:60]


class WazuhImporter(Importer):
    tool = "wazuh"
    label = LABEL
    media_type = "application/json"
    produce = "curl … $API/sca/AGENT/checks/POLICY > sca.json (thêm $API/agents và $API/sca/AGENT)"

    def sniff(self, head: bytes) -> bool:
        return head.startswith(b"{") and b'"affected_items"' in head

    def parse(self, data: bytes, *, file: str) -> Parsed:
        checks: list[dict[str, Any]] = []
        policies: list[dict[str, Any]] = []
        agents: list[dict[str, Any]] = []
        partial: list[str] = []
        for n, doc in enumerate(iter_documents(data, file=file), 1):
            where = msg("scan.importers.wazuh.response", n=n)
            if not isinstance(doc, dict):
                raise bad_format(file, LABEL, msg("scan.importers.wazuh.each_response_must_json_object"), where)
            if doc.get("error", 0) not in (0, None):
                raise bad_format(file, LABEL, msg("scan.importers.wazuh.api_answered_error", e=clip(doc.get("error"), 20), m=clip(doc.get("message"), 200)), where)
            body: dict[str, Any] = doc["data"] if isinstance(doc.get("data"), dict) else doc
            items = body.get("affected_items")
            if not isinstance(items, list):
                raise bad_format(file, LABEL, msg("scan.importers.wazuh.missing_data_affected_items"), where)
            for i, item in enumerate(items, 1):
                if not isinstance(item, dict):
                    raise bad_format(file, LABEL, msg("scan.importers.wazuh.each_item_must_json_object"), f"{where}, {i}")
                if "title" in item or "result" in item:
                    checks.append(item)
                elif "policy_id" in item and ("pass" in item or "score" in item or "end_scan" in item):
                    policies.append(item)
                elif "ip" in item or "registerIP" in item:
                    agents.append(item)
                if len(checks) > MAX_FINDINGS:
                    raise too_many(file)
            total = body.get("total_affected_items")
            if isinstance(total, int) and total > len(items):
                partial.append(f"{len(items)}/{total}")
        if not checks:
            raise bad_format(file, LABEL, msg("scan.importers.wazuh.no_sca_check_results_response"))
        hosts = self._hosts(agents)
        host = hosts[0].label if hosts else ""
        findings = [self._check(c, host, file, i) for i, c in enumerate(checks, 1)]
        ends = [t for t in (parse_time(p.get("end_scan")) for p in policies) if t]
        starts = [t for t in (parse_time(p.get("start_scan")) for p in policies) if t]
        out = Parsed(tool=self.tool, hosts=hosts, findings=findings, host_audit=True, accepts_targets=True,
                     started=min(starts) if starts else None, ended=max(ends) if ends else None)
        by_policy: dict[str, dict[str, int]] = {}
        for f in findings:
            pol = by_policy.setdefault(str(f.detail.get("policy_id", "")), {})
            pol[f.status] = pol.get(f.status, 0) + 1
        out.summary.update({
            "checks": len(findings), "policies": [{"policy_id": clip(p.get("policy_id"), 80),
                                                    "name": clip(p.get("name"), 200), "score": p.get("score")
                                                    if isinstance(p.get("score"), int | float) else None}
                                                   for p in policies][:20],
            "by_policy": by_policy, "agent": clip(agents[0].get("name"), 120) if agents else "",
        })
        if partial:
            out.warnings.append(msg("scan.importers.wazuh.file_holds_only_part_results", p=", ".join(partial)))
            out.summary["partial"] = partial
        return out

    def _hosts(self, agents: list[dict[str, Any]]) -> list[ToolHost]:
        if len(agents) != 1:  # several agents in one file: which checks belong to which is not said
            return []
        a = agents[0]
        ip = clip(a.get("ip"), 64)
        try:
            ipaddress.ip_address(ip)
        except ValueError:
            ip = ""
        name = clip(a.get("name"), 253).lower()
        return [ToolHost(ip, (name,) if name else ())] if (ip or name) else []

    def _check(self, c: dict[str, Any], host: str, file: str, index: int) -> ToolFinding:
        where = msg("scan.importers.wazuh.check", n=index)
        ident = c.get("id")
        ident_text = str(ident) if isinstance(ident, int | str) and not isinstance(ident, bool) else ""
        title = clip(c.get("title"), 400)
        raw = c.get("result")
        if (not isinstance(raw, str) or not raw.strip()) and isinstance(c.get("status"), str):
            raw = c["status"]  # older agents: result "" with status "Not applicable"
        result = RESULTS.get(raw.strip().lower()) if isinstance(raw, str) else None
        missing = [k for k, v in (("id", ident_text), ("title", title), ("result", result)) if not v]
        if missing:
            raise bad_format(file, LABEL, msg("scan.importers.wazuh.missing", f=", ".join(missing)), where)
        assert result is not None
        detail = {"policy_id": clip(c.get("policy_id"), 80), "compliance": compliance_pairs(c.get("compliance")),
                  "remediation": clip(c.get("remediation"), 600), "reason": clip(c.get("reason"), 300)}
        return ToolFinding(host=host[:64], ref=ident_text[:200], title=title,
                           severity="medium" if result == "failed" else "info", status=result,
                           detail={k: v for k, v in detail.items() if v})
