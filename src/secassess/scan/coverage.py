"""What the technical evidence of an assessment covered, and what it adds up to per control (pure).

A scan or imported file decides each rule against what *it* saw. Whether a pass holds for the
*system* is decided here, across all of the assessment's evidence:

1. **Age.** Evidence produced more than ``max_age_days`` before ``as_of`` (the assessment's end:
   its finalization, or now for a draft) does not count; such scans are listed as stale.
2. **Newest wins per target.** For each rule, the newest file that decided it counts; an older
   decided outcome still counts when the newer files did not cover all of its targets (a scan of
   one address does not clear a failure seen on another).
3. **Coverage.** A rule fails when any counted outcome failed. Otherwise it passes only when the
   counted passes cover every authorised target of the system: an address or name must lie
   inside a covering file's targets; a range must be scanned whole, or every live host a recent
   network scan (nmap) found in it must be covered. Otherwise the rule is **undecided** for the
   targets left out, which are listed with the hosts and ports missing.
4. A control's technical result is ``fail`` if a rule failed, ``pass`` if a rule passed and none
   failed, else ``None`` (undecided is never a pass).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from secassess.catalog.scanrules import RULE_TOOLS
from secassess.clock import fmt_date
from secassess.errors import InputError
from secassess.inventory.targets import Target, parse_target, within
from secassess.scan.gaps import TOOL_NAMES as TOOL_NAMES  # where the reports look for them
from secassess.scan.gaps import gap_text as gap_text
from secassess.scan.rules.common import join_items

DEFAULT_MAX_AGE_DAYS = 90  # when the assessment's profile has no scan_evidence_max_age_days
MAX_AGE_PARAMETER = "scan_evidence_max_age_days"


@dataclass(frozen=True)
class ScanCover:
    """What one scan or file covered: its targets, when it was produced, and (nmap) the hosts it
    found up — the live population of the ranges it scanned."""

    id: int
    tool: str
    targets: tuple[str, ...]
    when: datetime
    hosts_up: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decision:
    """One rule's outcome for one scan, as stored."""

    scan_id: int
    control_id: str
    rule_index: int
    rule_type: str
    outcome: str
    message_vi: str
    message_en: str
    missing_ports: tuple[str, ...] = ()


GapReason = str  # not_covered | undecided | ports | hosts | range


@dataclass
class Gap:
    """An authorised target a rule's counted evidence did not cover, and why."""

    target: str
    reason: GapReason = "not_covered"
    rules: list[str] = field(default_factory=list)  # rule types
    hosts: list[str] = field(default_factory=list)  # live hosts of a range not covered
    ports: list[str] = field(default_factory=list)  # ports a covering scan did not look at
    tools: list[str] = field(default_factory=list)  # which tools could have covered it

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, "reason": self.reason, "rules": self.rules, "hosts": self.hosts,
                "ports": self.ports, "tools": self.tools}


_REASON_ORDER = ("hosts", "ports", "undecided", "range", "not_covered")  # the most specific wins when merged


def _parse(texts: Sequence[str]) -> list[Target]:
    out = []
    for t in texts:
        try:
            out.append(parse_target(t))
        except InputError:
            continue
    return out


def _covers(newer: Sequence[str], older: Sequence[str]) -> bool:
    """Whether every target of the older scan lies inside the newer scan's targets."""
    if not older:
        return True
    mine = _parse(newer)
    theirs = _parse(older)
    return len(theirs) == len(older) and all(within(t, mine) for t in theirs)


def fresh_scans(scans: Sequence[ScanCover], as_of: datetime | None, max_age_days: int | None
                ) -> tuple[list[ScanCover], list[ScanCover]]:
    """(fresh, stale): the scans whose evidence is at most ``max_age_days`` old at ``as_of``."""
    if as_of is None or max_age_days is None:
        return list(scans), []
    limit = as_of - timedelta(days=max_age_days)
    fresh = [s for s in scans if s.when >= limit]
    return fresh, [s for s in scans if s.when < limit]


def _live_hosts(target: Target, fresh: Sequence[ScanCover]) -> list[str] | None:
    """The live hosts recent nmap scans found in a range they scanned whole; None when no recent
    nmap scan covered the whole range (its population is unknown)."""
    found: set[str] = set()
    enumerated = False
    for s in fresh:
        if s.tool != "nmap" or not within(target, _parse(s.targets)):
            continue
        enumerated = True
        for h in s.hosts_up:
            try:
                if target.contains(parse_target(h)):
                    found.add(h)
            except InputError:
                continue
    return sorted(found) if enumerated else None


def _gaps(rule_type: str, passes: Sequence[Decision], undecided: Sequence[Decision], authorised: Sequence[Target],
          by_id: Mapping[int, ScanCover], fresh: Sequence[ScanCover]) -> list[Gap]:
    covered = _parse([t for d in passes for t in by_id[d.scan_id].targets])
    looked = _parse([t for d in undecided for t in by_id[d.scan_id].targets])
    tools = list(RULE_TOOLS.get(rule_type, ()))
    gaps: list[Gap] = []
    for a in authorised:
        if within(a, covered):
            continue
        gap = Gap(a.value, rules=[rule_type], tools=tools)
        live = _live_hosts(a, fresh) if a.kind == "network" else None
        if live is not None:
            gap.hosts = [h for h in live if not within(parse_target(h), covered)]
            if not gap.hosts:
                continue  # every live host of the range is covered
        gap.ports = sorted({p for d in undecided for p in d.missing_ports
                            if within(a, _parse(by_id[d.scan_id].targets))})
        if gap.hosts:
            gap.reason = "hosts"
        elif gap.ports:
            gap.reason = "ports"
        elif within(a, looked):
            gap.reason = "undecided"
        elif a.kind == "network" and any(a.contains(t) for t in [*covered, *looked]):
            gap.reason = "range"
        gaps.append(gap)
    return gaps


def _merge_gaps(gaps: Sequence[Gap]) -> list[Gap]:
    out: dict[str, Gap] = {}
    for g in gaps:
        m = out.setdefault(g.target, Gap(g.target, g.reason))
        if _REASON_ORDER.index(g.reason) < _REASON_ORDER.index(m.reason):
            m.reason = g.reason
        for attr in ("rules", "hosts", "ports", "tools"):
            items: list[str] = getattr(m, attr)
            items.extend(x for x in getattr(g, attr) if x not in items)
    return list(out.values())


def gap_sentences(gaps: Sequence[Gap]) -> tuple[str, str]:
    """One sentence per language naming what was not covered."""
    vi = [gap_text(g.to_dict(), "vi") for g in gaps]
    en = [gap_text(g.to_dict(), "en") for g in gaps]
    return ("Chưa kết luận được cho toàn hệ thống, chưa kiểm tra đủ: " + join_items(vi, "vi") + ".",
            "Not decided for the whole system; not covered: " + join_items(en, "en") + ".")


def technical_results(scans: Sequence[ScanCover], decisions: Sequence[Decision], *,
                      authorised: Sequence[str] | None = None, as_of: datetime | None = None,
                      max_age_days: int | None = None) -> dict[str, tuple[str | None, dict[str, Any]]]:
    """Per control that has any outcome: (technical result, detail). See the module docstring.

    ``detail`` keeps ``scan_id`` (the newest counted), ``scan_ids``, ``messages`` (each counted
    outcome's sentence, then the coverage sentence), ``coverage`` (``complete``, ``uncovered``:
    target, rules, hosts, ports, tools; ``stale_scan_ids``; ``as_of``; ``max_age_days``).
    Without ``authorised`` coverage is not checked; without ``as_of`` age is not checked."""
    fresh, stale = fresh_scans(scans, as_of, max_age_days)
    order = {s.id: i for i, s in enumerate(sorted(scans, key=lambda s: (s.when, s.id)))}
    by_id = {s.id: s for s in scans}
    fresh_ids = {s.id for s in fresh}
    stale_set = {s.id for s in stale}
    targets = _parse(authorised) if authorised is not None else None

    by_rule: dict[tuple[str, int], list[Decision]] = {}
    for d in decisions:
        if d.scan_id in by_id:
            by_rule.setdefault((d.control_id, d.rule_index), []).append(d)

    out: dict[str, tuple[str | None, dict[str, Any]]] = {}
    per_control: dict[str, list[tuple[str | None, list[Decision], list[Gap]]]] = {}
    for (control, _idx), outs in by_rule.items():
        current = [d for d in outs if d.scan_id in fresh_ids]
        decided = sorted((d for d in current if d.outcome in ("pass", "fail")), key=lambda d: order[d.scan_id],
                         reverse=True)
        kept: list[Decision] = []
        for d in decided:
            if any(_covers(by_id[k.scan_id].targets, by_id[d.scan_id].targets) for k in kept):
                continue
            kept.append(d)
        gaps: list[Gap] = []
        if any(d.outcome == "fail" for d in kept):
            result: str | None = "fail"
        elif kept:
            result = "pass"
            if targets is not None:
                gaps = _gaps(outs[0].rule_type, kept, [d for d in current if d.outcome == "undecided"], targets,
                             by_id, fresh)
                if gaps:
                    result = None
        else:
            result = None
            if targets is not None:
                gaps = _gaps(outs[0].rule_type, [], [d for d in current if d.outcome == "undecided"], targets,
                             by_id, fresh)
        if not kept:  # say why the newest evidence could not decide it
            kept_undecided = sorted((d for d in current if d.outcome == "undecided"), key=lambda d: order[d.scan_id])
            explained = kept_undecided[-1:]
        else:
            explained = []
        per_control.setdefault(control, []).append((result, kept + explained, gaps))

    for control, rules in per_control.items():
        results = [r for r, _k, _g in rules]
        result = "fail" if "fail" in results else ("pass" if "pass" in results else None)
        shown = sorted((d for _r, k, _g in rules for d in k), key=lambda d: (d.rule_index, -order[d.scan_id]))
        kept = [d for d in shown if d.outcome != "undecided"]
        gaps = _merge_gaps([g for _r, _k, gs in rules for g in gs])
        messages = [{"vi": d.message_vi, "en": d.message_en, "outcome": d.outcome, "rule_type": d.rule_type,
                     "rule_index": d.rule_index, "scan_id": d.scan_id} for d in shown]
        if gaps:
            vi, en = gap_sentences(gaps)
            messages.append({"vi": vi, "en": en, "outcome": "undecided", "rule_type": "coverage",
                             "rule_index": -1, "scan_id": None})
        stale_here = sorted({d.scan_id for d in _decisions_of(by_rule, control) if d.scan_id in stale_set})
        if stale_here:
            vi = "; ".join(f"lần quét số {i} ({by_id[i].tool}, {fmt_date(by_id[i].when)})" for i in stale_here)
            en = "; ".join(f"scan {i} ({by_id[i].tool}, {fmt_date(by_id[i].when)})" for i in stale_here)
            messages.append({"vi": f"Không tính bằng chứng quá {max_age_days} ngày: {vi}.",
                             "en": f"Evidence older than {max_age_days} days does not count: {en}.",
                             "outcome": "undecided", "rule_type": "age", "rule_index": -1, "scan_id": None})
        detail: dict[str, Any] = {
            "scan_id": max((d.scan_id for d in kept), default=None),
            "scan_ids": sorted({d.scan_id for d in kept}),
            "messages": messages,
            "coverage": {
                "complete": not gaps, "uncovered": [g.to_dict() for g in gaps], "stale_scan_ids": stale_here,
                "as_of": as_of.isoformat() if as_of else None, "max_age_days": max_age_days,
            },
        }
        out[control] = (result, detail)
    return out


def _decisions_of(by_rule: Mapping[tuple[str, int], list[Decision]], control: str) -> list[Decision]:
    return [d for (c, _i), ds in by_rule.items() if c == control for d in ds]
