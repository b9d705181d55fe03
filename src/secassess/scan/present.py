"""How a scan's summary reads, in one line (the terminal and the reports say the same)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SEVERITY_WORDS = {"critical": ("nghiêm trọng", "critical"), "high": ("cao", "high"),
                  "medium": ("trung bình", "medium"), "low": ("thấp", "low"), "info": ("thông tin", "info")}


def severity_word(code: str, lang: str) -> str:
    vi, en = SEVERITY_WORDS.get(code, (code, code))
    return en if lang == "en" else vi


def summary_text(tool: str, summary: Mapping[str, Any] | None, lang: str) -> str:
    """What a file of ``tool`` showed: Lynis's hardening index, Wazuh's checks, or findings by
    severity (empty for nmap, whose ports are listed instead)."""
    s = summary or {}
    en = lang == "en"
    if tool == "nmap":
        return ""
    if tool == "lynis":
        index = s.get("hardening_index")
        shown = "—" if index is None else str(index)
        warnings, suggestions = len(s.get("warnings") or []), int(s.get("suggestions") or 0)
        if en:
            return f"Hardening index {shown}; {warnings} warning(s), {suggestions} suggestion(s)."
        return f"Chỉ số an toàn (hardening index) {shown}; {warnings} cảnh báo, {suggestions} gợi ý."
    if tool == "wazuh":
        totals: dict[str, int] = {}
        for counts in (s.get("by_policy") or {}).values():
            for k, v in counts.items():
                totals[k] = totals.get(k, 0) + int(v)
        p, f, n = totals.get("passed", 0), totals.get("failed", 0), totals.get("not_applicable", 0)
        if en:
            return f"{p + f + n} checks: {p} passed, {f} failed, {n} not applicable."
        return f"{p + f + n} kiểm tra: {p} đạt, {f} không đạt, {n} không áp dụng."
    sev = s.get("severities") or {}
    parts = [f"{severity_word(k, lang)} {sev[k]}" for k in ("critical", "high", "medium", "low", "info") if sev.get(k)]
    if en:
        return "Findings by severity: " + (", ".join(parts) or "none") + "."
    return "Phát hiện theo mức: " + (", ".join(parts) or "không có") + "."
