"""Scans as evidence: plan a run, record a scan (run or imported), read scans back.

Recording one scan, in the caller's write transaction:

1. the raw XML is stored in the evidence store by SHA-256 (the same content once) and linked
   to the assessment as an attachment (source ``scan``);
2. one ``scans`` row: scanner version, arguments, start and end, targets, ignored hosts;
3. ``observations``: one row per in-scope host (``port`` NULL, ``state`` up/down) and one per
   port nmap listed; hosts outside the system's authorised targets are never stored as
   observations — only their addresses, in ``scans.ignored_hosts``;
4. ``rule_outcomes``: every scan rule of every control of the assessment, decided against this
   scan by :mod:`.rules` (pass, fail or undecided, with the observations and a sentence);
5. ``results.technical_result``/``technical_detail`` recomputed for every control with scan
   rules (see :func:`technical_results`).

The questionnaire result (``results.result``) is never touched: the scoring module merges the
two (``effective_result``: worse wins, conflicts recorded).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Connection, select

from secassess import clock
from secassess.assessment.service import (
    Assessment,
    ResultRow,
    ensure_draft,
    load_assessment,
    load_results,
)
from secassess.errors import InputError
from secassess.evidence.scan.plan import RunPlan
from secassess.evidence.scan.profiles import TLS_SCRIPT
from secassess.evidence.scan.rules import (
    Observation,
    Outcome,
    RuleResult,
    ScanFacts,
    evaluate_rule,
    worst,
)
from secassess.evidence.scan.runner import RawScan
from secassess.evidence.scan.scope import authorised_targets, host_in_scope
from secassess.evidence.scan.xmlparse import HostInfo, NmapRun, parse_nmap_xml
from secassess.evidence.store import EVIDENCE_LIMIT, attach, store_bytes
from secassess.fsutil import read_bytes
from secassess.i18n import tr
from secassess.inventory.service import System, get_system
from secassess.inventory.targets import Target, parse_target, within
from secassess.store.schema.assessment import assessments, results
from secassess.store.schema.scan import observations, rule_outcomes, scans

if TYPE_CHECKING:
    from secassess.catalog.scanrules import EolTable

XML_MEDIA_TYPE = "application/xml"


# ------------------------------------------------------------------ records read back

@dataclass(frozen=True)
class ScanRecord:
    id: int
    assessment_id: int
    sha256: str
    source: str
    scan_profile: str | None
    scanner: str
    scanner_version: str
    arguments: str
    targets: list[str]
    ignored_hosts: list[str]
    started_at: datetime | None
    ended_at: datetime | None
    created_by: str
    created_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "assessment_id": self.assessment_id, "sha256": self.sha256, "source": self.source,
                "profile": self.scan_profile, "scanner": self.scanner, "scanner_version": self.scanner_version,
                "arguments": self.arguments, "targets": self.targets, "ignored_hosts": self.ignored_hosts,
                "started_at": self.started_at, "ended_at": self.ended_at, "created_by": self.created_by,
                "created_at": self.created_at}


@dataclass(frozen=True)
class OutcomeRecord:
    scan_id: int
    control_id: str
    rule_index: int
    rule_type: str
    outcome: str
    message_vi: str
    message_en: str
    observation_ids: list[int]

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_vi

    def to_dict(self) -> dict[str, Any]:
        return {"scan_id": self.scan_id, "control_id": self.control_id, "rule_index": self.rule_index,
                "rule_type": self.rule_type, "outcome": self.outcome,
                "message": {"vi": self.message_vi, "en": self.message_en},
                "observation_ids": self.observation_ids}


def _scan(row: Any) -> ScanRecord:
    m = row._mapping
    return ScanRecord(id=m["id"], assessment_id=m["assessment_id"], sha256=m["sha256"], source=m["source"],
                      scan_profile=m["scan_profile"], scanner=m["scanner"], scanner_version=m["scanner_version"],
                      arguments=m["arguments"], targets=list(m["targets"] or []),
                      ignored_hosts=list(m["ignored_hosts"] or []), started_at=m["started_at"],
                      ended_at=m["ended_at"], created_by=m["created_by"], created_at=m["created_at"])


def list_scans(conn: Connection, assessment_id: int) -> list[ScanRecord]:
    """The scans of an assessment, oldest first."""
    q = select(scans).where(scans.c.assessment_id == assessment_id).order_by(scans.c.id)
    return [_scan(r) for r in conn.execute(q)]


def get_scan(conn: Connection, assessment_id: int, scan_id: int) -> ScanRecord:
    row = conn.execute(select(scans).where(scans.c.id == scan_id, scans.c.assessment_id == assessment_id)).first()
    if row is None:
        raise InputError(tr("đợt đánh giá số {a} không có lần quét số {s}", "assessment {a} has no scan {s}",
                            a=assessment_id, s=scan_id), location="--scan")
    return _scan(row)


def load_observations(conn: Connection, scan_ids: Sequence[int]) -> list[Observation]:
    if not scan_ids:
        return []
    q = select(observations).where(observations.c.scan_id.in_(list(scan_ids))).order_by(observations.c.id)
    out = []
    for r in conn.execute(q):
        m = r._mapping
        out.append(Observation(id=m["id"], host=m["host"], hostname=m["hostname"], port=m["port"],
                               protocol=m["protocol"], state=m["state"], service=m["service"],
                               service_method=m["service_method"], product=m["product"], version=m["version"],
                               cpe=tuple(m["cpe"] or ()), tunnel=m["tunnel"], scripts=dict(m["scripts"] or {})))
    return out


def observation_scan_ids(conn: Connection, ids: Iterable[int]) -> dict[int, int]:
    ids = list(ids)
    if not ids:
        return {}
    q = select(observations.c.id, observations.c.scan_id).where(observations.c.id.in_(ids))
    return {int(i): int(s) for i, s in conn.execute(q)}


def load_outcomes(conn: Connection, scan_ids: Sequence[int]) -> list[OutcomeRecord]:
    if not scan_ids:
        return []
    q = (select(rule_outcomes).where(rule_outcomes.c.scan_id.in_(list(scan_ids)))
         .order_by(rule_outcomes.c.scan_id, rule_outcomes.c.id))
    return [OutcomeRecord(scan_id=m["scan_id"], control_id=m["control_id"], rule_index=m["rule_index"],
                          rule_type=m["rule_type"], outcome=m["outcome"], message_vi=m["message_vi"],
                          message_en=m["message_en"], observation_ids=list(m["observation_ids"] or []))
            for m in (r._mapping for r in conn.execute(q))]


# ------------------------------------------------------------------ recording

@dataclass
class Recorded:
    """What recording one scan did (for the command's output)."""

    scan: ScanRecord
    new: bool  # False when the same XML was already recorded for this assessment
    hosts_up: int = 0
    open_ports: int = 0
    observations: int = 0
    outcomes: list[OutcomeRecord] = field(default_factory=list)
    technical: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # control -> (before, after)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"scan": self.scan.to_dict(), "new": self.new, "hosts_up": self.hosts_up,
                "open_ports": self.open_ports, "observations": self.observations,
                "ignored_hosts": self.scan.ignored_hosts,
                "outcomes": [o.to_dict() for o in self.outcomes],
                "technical_changes": {c: {"before": b, "after": a} for c, (b, a) in self.technical.items()},
                "warnings": self.warnings}


def record_run(conn: Connection, evidence_dir: Path, plan: RunPlan, raw: RawScan, actor: str,
               tables: Mapping[str, EolTable]) -> Recorded:
    """Record the XML of a run we started (after nmap finished)."""
    assessment = load_assessment(conn, plan.assessment.id)
    ensure_draft(assessment)  # it may have been finalized while nmap ran
    run = parse_nmap_xml(raw.xml, file="nmap")
    if not run.finished:
        raise InputError(tr("nmap không kết thúc bình thường; không có gì được ghi",
                            "nmap did not finish normally; nothing was recorded"))
    kept, ignored = split_scope(run.hosts, authorised_targets(plan.system.id, plan.system.targets))
    return _record(conn, evidence_dir, assessment, plan.system, raw.xml, run, kept, ignored, source="run",
                   profile=plan.profile.name, arguments=" ".join(raw.arguments),
                   scanner_version=raw.scanner_version or run.scanner_version, started=raw.started,
                   ended=raw.ended, targets=list(plan.scope.texts), actor=actor, tables=tables,
                   name=f"nmap-{clock.now():%Y%m%d-%H%M%S}.xml", service_detection=plan.profile.service_detection,
                   scripts=frozenset(plan.profile.scripts))


def read_import_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of an XML file to import, refusing missing, special or oversized files (the
    limit of evidence files: the XML is stored as evidence)."""
    return read_bytes(path, max_bytes=max_bytes, setting=EVIDENCE_LIMIT)


def import_scan(conn: Connection, evidence_dir: Path, assessment_id: int, data: bytes, *, file_name: str,
                actor: str, tables: Mapping[str, EolTable]) -> Recorded:
    """Record nmap XML produced elsewhere. Hosts outside the authorised targets are listed in
    ``ignored_hosts`` and never used."""
    assessment = load_assessment(conn, assessment_id)
    ensure_draft(assessment)
    system = get_system(conn, assessment.system_id)
    authorised = authorised_targets(system.id, system.targets)  # refuses a system without scope
    run = parse_nmap_xml(data, file=file_name)
    sha = hashlib.sha256(data).hexdigest()
    existing = conn.execute(select(scans).where(scans.c.assessment_id == assessment_id,
                                                scans.c.sha256 == sha)).first()
    if existing is not None:
        rec = _scan(existing)
        return Recorded(scan=rec, new=False, outcomes=load_outcomes(conn, [rec.id]))
    kept, ignored = split_scope(run.hosts, authorised)
    if run.hosts and not kept:
        shown = sorted({h.address or "?" for h in run.hosts})
        raise InputError(tr(
            "không máy nào trong tệp nằm trong phạm vi được phép của hệ thống {s} ({a}); không có gì được ghi. "
            "Máy trong tệp: {h}",
            "no host in the file lies inside the authorised targets of system {s} ({a}); nothing was recorded. "
            "Hosts in the file: {h}", s=system.id, a=", ".join(system.targets),
            h=", ".join(shown[:20]) + (" …" if len(shown) > 20 else "")), file_name)
    targets = sorted({h.address for h in kept})
    return _record(conn, evidence_dir, assessment, system, data, run, kept, ignored, source="import", profile=None,
                   arguments=run.args, scanner_version=run.scanner_version, started=run.started,
                   ended=run.ended, targets=targets, actor=actor, tables=tables, name=Path(file_name).name,
                   service_detection=run.service_detection,
                   scripts=frozenset(s for s in (TLS_SCRIPT,) if run.script_requested(s)))


def split_scope(hosts: Iterable[HostInfo], authorised: list[Target]) -> tuple[list[HostInfo], list[str]]:
    """The hosts inside the authorised targets, and the address (or name) of every other one."""
    kept: list[HostInfo] = []
    ignored: list[str] = []
    for h in hosts:
        if h.address and host_in_scope(h.address, h.hostnames, authorised):
            kept.append(h)
        else:
            ignored.append(h.address or (h.hostnames[0][0] if h.hostnames else "?"))
    return kept, ignored


def _record(conn: Connection, evidence_dir: Path, assessment: Assessment, system: System, xml: bytes,
            run: NmapRun, kept: list[HostInfo], ignored: list[str], *, source: str, profile: str | None,
            arguments: str, scanner_version: str, started: datetime | None, ended: datetime | None,
            targets: list[str], actor: str, tables: Mapping[str, EolTable], name: str, service_detection: bool,
            scripts: frozenset[str]) -> Recorded:
    """Store the XML, the scan, the observations of ``kept`` hosts and every rule outcome; recompute
    the technical results. ``ignored`` hosts are only listed on the scan."""
    blob = store_bytes(conn, evidence_dir, xml, media_type=XML_MEDIA_TYPE)
    attach(conn, assessment.id, None, blob.sha256, name,
           tr("Kết quả rà quét nmap", "nmap scan results"), "scan", actor)
    now = clock.now()
    res = conn.execute(scans.insert().values(
        assessment_id=assessment.id, sha256=blob.sha256, source=source, scan_profile=profile,
        scanner="nmap", scanner_version=scanner_version[:64], arguments=arguments, targets=targets,
        ignored_hosts=sorted(set(ignored)), started_at=started, ended_at=ended, created_by=actor,
        created_at=now))
    assert res.inserted_primary_key is not None
    scan_id = int(res.inserted_primary_key[0])

    obs: list[Observation] = []
    for h in kept:
        port_rows: list[dict[str, Any]] = [{"port": None, "protocol": None, "state": h.status}]
        port_rows += [{"port": p.port, "protocol": p.protocol, "state": p.state, "service": p.service,
                       "service_method": p.service_method, "product": p.product, "version": p.version,
                       "cpe": list(p.cpe), "tunnel": p.tunnel, "scripts": p.scripts} for p in h.ports]
        for port_row in port_rows:
            values = {"scan_id": scan_id, "host": h.address, "hostname": h.hostname, "service": "",
                      "service_method": "", "product": "", "version": "", "cpe": [], "tunnel": "", "scripts": {},
                      **port_row}
            r = conn.execute(observations.insert().values(**values))
            assert r.inserted_primary_key is not None
            obs.append(Observation(
                id=int(r.inserted_primary_key[0]), host=h.address, hostname=h.hostname, port=values["port"],
                protocol=values["protocol"], state=values["state"], service=values["service"],
                service_method=values["service_method"], product=values["product"], version=values["version"],
                cpe=tuple(values["cpe"]), tunnel=values["tunnel"], scripts=values["scripts"]))

    facts = ScanFacts(observations=tuple(obs), scanned=run.scanned, service_detection=service_detection,
                      scripts_run=scripts, allowed_ports=frozenset(system.allowed_ports), tables=tables)
    outcomes: list[OutcomeRecord] = []
    result_rows = load_results(conn, assessment.id)
    for row in result_rows:
        for index, rule in enumerate(row.control.get("scan_rules") or []):
            rtype = str(rule.get("type", ""))
            decided: RuleResult = evaluate_rule(rtype, rule.get("args") or {}, facts)
            conn.execute(rule_outcomes.insert().values(
                scan_id=scan_id, control_id=row.control_id, rule_index=index, rule_type=rtype,
                outcome=decided.outcome, message_vi=decided.vi, message_en=decided.en,
                observation_ids=list(decided.observation_ids)))
            outcomes.append(OutcomeRecord(scan_id, row.control_id, index, rtype, decided.outcome, decided.vi,
                                          decided.en, list(decided.observation_ids)))
    technical = update_technical_results(conn, assessment.id, result_rows)
    conn.execute(assessments.update().where(assessments.c.id == assessment.id).values(updated_at=now))
    record = get_scan(conn, assessment.id, scan_id)
    up = {o.host for o in facts.hosts_up}
    return Recorded(scan=record, new=True, hosts_up=len(up), open_ports=len(facts.open_ports()),
                    observations=len(obs), outcomes=outcomes, technical=technical)


# ------------------------------------------------------------------ technical results

def _covers(newer: Sequence[str], older: Sequence[str]) -> bool:
    """Whether every target of the older scan lies inside the newer scan's targets."""
    if not older:
        return True
    try:
        mine = [parse_target(t) for t in newer]
        theirs: list[Target] = [parse_target(t) for t in older]
    except InputError:
        return False
    return all(within(t, mine) for t in theirs)


def technical_results(scan_list: Sequence[ScanRecord], outcome_list: Sequence[OutcomeRecord]
                      ) -> dict[str, tuple[str | None, dict[str, Any] | None]]:
    """Per control: (technical result, detail) from all scans of an assessment.

    For each rule of a control, the newest scan that decided it counts; an older decided
    outcome still counts when the newer scans that decided that rule did not cover all of the
    older scan's targets (a scan of one address does not clear a failure seen on another). The
    control's technical result is the worst of the outcomes that count: ``fail`` if any failed,
    else ``pass``; ``None`` when no scan decided any of its rules (undecided never passes).
    """
    order = {s.id: i for i, s in enumerate(sorted(scan_list, key=lambda s: s.id))}
    targets = {s.id: s.targets for s in scan_list}
    by_rule: dict[tuple[str, int], list[OutcomeRecord]] = {}
    for o in outcome_list:
        if o.outcome in ("pass", "fail") and o.scan_id in order:
            by_rule.setdefault((o.control_id, o.rule_index), []).append(o)
    counted: dict[str, list[OutcomeRecord]] = {}
    for (control, _idx), outs in by_rule.items():
        outs.sort(key=lambda o: order[o.scan_id], reverse=True)
        kept: list[OutcomeRecord] = []
        for o in outs:
            if any(_covers(targets[k.scan_id], targets[o.scan_id]) for k in kept):
                continue
            kept.append(o)
        counted.setdefault(control, []).extend(kept)
    out: dict[str, tuple[str | None, dict[str, Any] | None]] = {}
    for control, kept in counted.items():
        result = worst(cast(Outcome, o.outcome) for o in kept)
        kept.sort(key=lambda o: (o.rule_index, -order[o.scan_id]))
        detail = {
            "scan_id": max(o.scan_id for o in kept),
            "scan_ids": sorted({o.scan_id for o in kept}),
            "messages": [{"vi": o.message_vi, "en": o.message_en, "outcome": o.outcome, "rule_type": o.rule_type,
                          "rule_index": o.rule_index, "scan_id": o.scan_id} for o in kept],
        }
        out[control] = (result, detail)
    return out


def update_technical_results(conn: Connection, assessment_id: int, rows: Sequence[ResultRow] | None = None
                             ) -> dict[str, tuple[str | None, str | None]]:
    """Recompute ``technical_result``/``technical_detail`` of every control with scan rules and
    return the controls whose technical result changed: ``{control: (before, after)}``."""
    result_rows = list(rows) if rows is not None else load_results(conn, assessment_id)
    scan_list = list_scans(conn, assessment_id)
    computed = technical_results(scan_list, load_outcomes(conn, [s.id for s in scan_list]))
    changes: dict[str, tuple[str | None, str | None]] = {}
    for row in result_rows:
        if not row.control.get("scan_rules"):
            continue
        result, detail = computed.get(row.control_id, (None, None))
        if result != row.technical_result:
            changes[row.control_id] = (row.technical_result, result)
        if result != row.technical_result or detail != row.technical_detail:
            conn.execute(results.update()
                         .where(results.c.assessment_id == assessment_id, results.c.control_id == row.control_id)
                         .values(technical_result=result, technical_detail=detail))
    return changes


# ------------------------------------------------------------------ the merged view

@dataclass(frozen=True)
class MergedControl:
    control_id: str
    title: dict[str, str]
    declared: str
    technical: str | None
    effective: str
    conflict: bool
    outcomes: list[OutcomeRecord]

    def to_dict(self) -> dict[str, Any]:
        return {"control_id": self.control_id, "title": self.title, "declared": self.declared,
                "technical": self.technical, "effective": self.effective, "conflict": self.conflict,
                "outcomes": [o.to_dict() for o in self.outcomes]}


def merged_view(rows: Sequence[ResultRow], outcome_list: Sequence[OutcomeRecord]) -> list[MergedControl]:
    """Questionnaire and scan side by side for every control with scan rules, merged by the
    scoring module's :func:`~secassess.scoring.effective_result`."""
    from secassess.scoring import effective_result

    by_control: dict[str, list[OutcomeRecord]] = {}
    for o in outcome_list:
        by_control.setdefault(o.control_id, []).append(o)
    out = []
    for r in rows:
        if not r.control.get("scan_rules"):
            continue
        eff, conflict = effective_result(r.result, r.technical_result)  # type: ignore[arg-type]
        out.append(MergedControl(r.control_id, dict(r.control.get("title") or {}), r.result, r.technical_result,
                                 eff, conflict, by_control.get(r.control_id, [])))
    return out



def needs_tables(rows: Iterable[ResultRow]) -> bool:
    """Whether any control of the assessment has a rule that reads a catalog data table."""
    return any(rule.get("type") == "eol_versions" for r in rows for rule in r.control.get("scan_rules") or [])


def tables_for(assessment: Assessment, catalogs: Mapping[str, Any]) -> tuple[dict[str, EolTable], str | None]:
    """The catalog data tables of the edition the assessment was made against, and a warning
    when they are not available (the catalog is gone or changed since: its digest differs).
    Rules reading a missing table stay undecided rather than using another edition's data.
    Assessments keep the tables they need in their snapshot; older ones fall back to the catalog."""
    stored = assessment.snapshot.get("data_tables")
    if isinstance(stored, dict):
        from secassess.catalog.scanrules import EolTable

        return {name: EolTable.model_validate(t) for name, t in stored.items()}, None
    catalog = catalogs.get(assessment.catalog_id)
    if catalog is None:
        return {}, tr("không tìm thấy bộ tiêu chí {c}; các quy tắc cần bảng dữ liệu sẽ chưa kết luận",
                      "catalog {c} was not found; rules needing its data tables stay undecided",
                      c=assessment.catalog_id)
    if catalog.digest != assessment.catalog_digest:
        return {}, tr("bộ tiêu chí {c} đã thay đổi từ khi bắt đầu đợt đánh giá; các quy tắc cần bảng dữ liệu "
                      "(ví dụ phiên bản hết hỗ trợ) sẽ chưa kết luận",
                      "catalog {c} changed since the assessment started; rules needing its data tables "
                      "(e.g. end-of-life versions) stay undecided", c=assessment.catalog_id)
    return dict(catalog.data_tables), None
