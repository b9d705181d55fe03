"""What the technical evidence did not cover, as stored with each result (``technical_detail``) and
as a sentence — kept apart from :mod:`.coverage`, which computes it, so that scoring and showing an
assessment read it without importing the scan rules and the catalog's models."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from secassess.assessment.service import ResultRow


def coverage_gaps(rows: Iterable[ResultRow]) -> list[dict[str, Any]]:
    """The controls whose technical evidence did not cover every authorised target (or counted
    none because it was too old): ``{control_id, technical, uncovered, stale_scan_ids}``."""
    out = []
    for r in rows:
        cov = (r.technical_detail or {}).get("coverage") or {}
        if cov.get("uncovered") or cov.get("stale_scan_ids"):
            out.append({"control_id": r.control_id, "technical": r.technical_result,
                        "uncovered": list(cov.get("uncovered") or []),
                        "stale_scan_ids": list(cov.get("stale_scan_ids") or [])})
    return out


def gap_text(gap: Mapping[str, Any], lang: str) -> str:
    """``10.0.0.6 (no current evidence from Lynis)`` — one uncovered target, in ``lang``."""
    reason = gap.get("reason") or ("hosts" if gap.get("hosts") else "ports" if gap.get("ports") else "not_covered")
    vi = lang != "en"
    if reason == "hosts":
        why = (f"máy chưa kiểm tra: {', '.join(gap['hosts'])}" if vi
               else f"hosts not checked: {', '.join(gap['hosts'])}")
    elif reason == "ports":
        why = f"chưa quét cổng {', '.join(gap['ports'])}" if vi else f"ports not scanned: {', '.join(gap['ports'])}"
    elif reason == "undecided":
        why = "đã kiểm tra nhưng chưa kết luận được" if vi else "checked, not decided"
    elif reason == "range":
        why = ("chưa biết các máy đang hoạt động trong dải: chưa có lần quét nmap toàn dải gần đây" if vi
               else "its live hosts are unknown: no recent nmap scan of the whole range")
    else:
        tools = ", ".join(TOOL_NAMES.get(t, t) for t in gap.get("tools") or [])
        why = (f"chưa có bằng chứng còn hiệu lực từ {tools}" if vi else f"no current evidence from {tools}") if tools \
            else ("chưa có bằng chứng còn hiệu lực" if vi else "no current evidence")
    return f"{gap['target']} ({why})"


TOOL_NAMES = {"nmap": "nmap", "openvas": "OpenVAS/Greenbone", "nuclei": "Nuclei", "testssl": "testssl.sh",
              "lynis": "Lynis", "wazuh": "Wazuh SCA"}
