"""Technical evidence: record a scan (an nmap run, or a scanner's file imported), read it back,
and keep each control's technical result up to date.

Recording one piece of evidence, in the caller's write transaction (the file has already been
read and checked, so a hostile or broken file never gets here):

1. the raw file is stored in the evidence store by SHA-256 (the same content once) and linked to
   the assessment as an attachment (source ``scan``);
2. one ``scans`` row: the tool and its version, arguments, when the evidence was produced, the
   targets it covered (inside the system's authorised targets only), the ports it looked at, the
   hosts outside the scope it listed (``ignored_hosts``, never used), a summary;
3. what it saw about in-scope hosts only: nmap's hosts and ports as ``observations``, any other
   tool's results as ``findings``;
4. ``rule_outcomes``: every scan rule the tool can decide (``RULE_TOOLS``), judged against this
   evidence by :mod:`.rules` (pass, fail or undecided, with a sentence, what decided it, and the
   ports the rule needed that were not scanned);
5. ``results.technical_result``/``technical_detail`` recomputed for every control with scan rules
   by :mod:`.coverage`: recent evidence only, newest per target, and a pass only when every
   authorised target was covered.

The questionnaire result (``results.result``) is never touched: the scoring module merges the
two (``effective_result``: worse wins, conflicts recorded).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, select

from secassess import clock
from secassess.assessment.service import (
    Assessment,
    ResultRow,
    ensure_draft,
    load_assessment,
    load_results,
)
from secassess.errors import InputError
from secassess.evidence.store import EVIDENCE_LIMIT, attach, store_bytes
from secassess.fsutil import read_bytes
from secassess.inventory.service import System, get_system
from secassess.inventory.targets import Target, parse_target, within
from secassess.messages import msg
from secassess.scan.coverage import (
    DEFAULT_MAX_AGE_DAYS,
    MAX_AGE_PARAMETER,
    Decision,
    ScanCover,
    technical_results,
)
from secassess.scan.importers import IMPORTERS, Parsed, ToolHost, detect, get_importer
from secassess.scan.plan import RunPlan
from secassess.scan.profiles import TLS_SCRIPT, format_ports
from secassess.scan.rules import (
    Finding,
    FindingFacts,
    History,
    Observation,
    RuleResult,
    ScanFacts,
    evaluate_rule,
    rules_for_tool,
)
from secassess.scan.runner import RawScan
from secassess.scan.scope import authorised_targets, host_in_scope, targets_from_args
from secassess.scan.xmlparse import HostInfo, NmapRun, parse_nmap_xml
from secassess.store.schema.assessment import assessments, results
from secassess.store.schema.scan import findings, observations, rule_outcomes, scans

if TYPE_CHECKING:
    from secassess.catalog.scanrules import DataTable

XML_MEDIA_TYPE = "application/xml"
VULN_TOOLS = ("openvas", "nuclei")  # whose findings carry a vulnerability's history across reports
HISTORY_RULES = frozenset({"vulnerabilities_overdue"})  # outcomes that depend on other reports
FUTURE_SLACK = timedelta(days=1)  # a file dated later than this after now is refused
INSERT_CHUNK = 2000


# ------------------------------------------------------------------ records read back

@dataclass(frozen=True)
class ScanRecord:
    """One piece of technical evidence: an nmap scan or a scanner's file."""

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
    evidence_at: datetime | None = None
    covered_ports: dict[str, str] | None = None
    summary: dict[str, Any] | None = None

    @property
    def tool(self) -> str:
        return self.scanner

    @property
    def when(self) -> datetime:
        """When the evidence was produced (the tool's own time, or the date given on import)."""
        return self.evidence_at or self.ended_at or self.started_at or self.created_at

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "assessment_id": self.assessment_id, "sha256": self.sha256, "source": self.source,
                "profile": self.scan_profile, "scanner": self.scanner, "tool": self.scanner,
                "scanner_version": self.scanner_version, "arguments": self.arguments, "targets": self.targets,
                "ignored_hosts": self.ignored_hosts, "started_at": self.started_at, "ended_at": self.ended_at,
                "evidence_at": self.when, "covered_ports": self.covered_ports, "summary": self.summary or {},
                "created_by": self.created_by, "created_at": self.created_at}


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
    uncovered: dict[str, Any] | None = None  # {"ports": [...]} the rule needed and the scan did not look at

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_vi

    def to_dict(self) -> dict[str, Any]:
        return {"scan_id": self.scan_id, "control_id": self.control_id, "rule_index": self.rule_index,
                "rule_type": self.rule_type, "outcome": self.outcome,
                "message": {"vi": self.message_vi, "en": self.message_en},
                "observation_ids": self.observation_ids, "uncovered": self.uncovered or {}}


def _scan(row: Any) -> ScanRecord:
    m = row._mapping
    return ScanRecord(id=m["id"], assessment_id=m["assessment_id"], sha256=m["sha256"], source=m["source"],
                      scan_profile=m["scan_profile"], scanner=m["scanner"], scanner_version=m["scanner_version"],
                      arguments=m["arguments"], targets=list(m["targets"] or []),
                      ignored_hosts=list(m["ignored_hosts"] or []), started_at=m["started_at"],
                      ended_at=m["ended_at"], created_by=m["created_by"], created_at=m["created_at"],
                      evidence_at=m["evidence_at"], covered_ports=m["covered_ports"], summary=m["summary"])


def list_scans(conn: Connection, assessment_id: int) -> list[ScanRecord]:
    """The scans of an assessment, oldest first."""
    q = select(scans).where(scans.c.assessment_id == assessment_id).order_by(scans.c.id)
    return [_scan(r) for r in conn.execute(q)]


def get_scan(conn: Connection, assessment_id: int, scan_id: int) -> ScanRecord:
    row = conn.execute(select(scans).where(scans.c.id == scan_id, scans.c.assessment_id == assessment_id)).first()
    if row is None:
        raise InputError(msg("scan.service.assessment_has_no_scan", a=assessment_id, s=scan_id), location="--scan")
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


def load_findings(conn: Connection, scan_ids: Sequence[int], *, min_severity: Iterable[str] | None = None
                  ) -> list[Finding]:
    """The findings of some scans (optionally only those of the given severities), in order."""
    if not scan_ids:
        return []
    q = select(findings).where(findings.c.scan_id.in_(list(scan_ids))).order_by(findings.c.id)
    if min_severity is not None:
        q = q.where(findings.c.severity.in_(list(min_severity)))
    return [Finding(id=m["id"], host=m["host"], ref=m["ref"], severity=m["severity"], title=m["title"],
                    hostname=m["hostname"], port=m["port"], protocol=m["protocol"], score=m["score"],
                    status=m["status"], cves=tuple(m["cves"] or ()), detail=dict(m["detail"] or {}))
            for m in (r._mapping for r in conn.execute(q))]


def findings_by_scan(conn: Connection, scan_ids: Sequence[int]) -> dict[int, list[Finding]]:
    if not scan_ids:
        return {}
    q = (select(findings.c.scan_id, findings.c.id).where(findings.c.scan_id.in_(list(scan_ids))))
    owner = {int(i): int(s) for s, i in conn.execute(q)}
    out: dict[int, list[Finding]] = {s: [] for s in scan_ids}
    for f in load_findings(conn, scan_ids):
        out[owner[f.id]].append(f)
    return out


def load_outcomes(conn: Connection, scan_ids: Sequence[int]) -> list[OutcomeRecord]:
    if not scan_ids:
        return []
    q = (select(rule_outcomes).where(rule_outcomes.c.scan_id.in_(list(scan_ids)))
         .order_by(rule_outcomes.c.scan_id, rule_outcomes.c.id))
    return [OutcomeRecord(scan_id=m["scan_id"], control_id=m["control_id"], rule_index=m["rule_index"],
                          rule_type=m["rule_type"], outcome=m["outcome"], message_vi=m["message_vi"],
                          message_en=m["message_en"], observation_ids=list(m["observation_ids"] or []),
                          uncovered=m["uncovered"])
            for m in (r._mapping for r in conn.execute(q))]


# ------------------------------------------------------------------ recording

@dataclass
class Recorded:
    """What recording one scan did (for the command's output)."""

    scan: ScanRecord
    new: bool  # False when the same file was already recorded for this assessment
    hosts_up: int = 0
    open_ports: int = 0
    observations: int = 0
    findings: int = 0
    outcomes: list[OutcomeRecord] = field(default_factory=list)
    technical: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # control -> (before, after)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"scan": self.scan.to_dict(), "new": self.new, "tool": self.scan.scanner, "hosts_up": self.hosts_up,
                "open_ports": self.open_ports, "observations": self.observations, "findings": self.findings,
                "targets": self.scan.targets, "ignored_hosts": self.scan.ignored_hosts,
                "outcomes": [o.to_dict() for o in self.outcomes],
                "technical_changes": {c: {"before": b, "after": a} for c, (b, a) in self.technical.items()},
                "warnings": self.warnings}


def record_run(conn: Connection, evidence_dir: Path, plan: RunPlan, raw: RawScan, actor: str,
               tables: Mapping[str, DataTable]) -> Recorded:
    """Record the XML of a run we started (after nmap finished)."""
    assessment = load_assessment(conn, plan.assessment.id)
    ensure_draft(assessment)  # it may have been finalized while nmap ran
    run = parse_nmap_xml(raw.xml, file="nmap")
    if not run.finished:
        raise InputError(msg("scan.service.nmap_did_not_finish_normally"))
    kept, ignored = split_scope(run.hosts, authorised_targets(plan.system.id, plan.system.targets))
    ports = {p: format_ports(v) for p, v in run.scanned.items() if v}
    rec = _insert_scan(conn, evidence_dir, assessment, raw.xml, tool="nmap", media_type=XML_MEDIA_TYPE,
                       name=f"nmap-{clock.now():%Y%m%d-%H%M%S}.xml", source="run", profile=plan.profile.name,
                       arguments=" ".join(raw.arguments), version=raw.scanner_version or run.scanner_version,
                       started=raw.started, ended=raw.ended, when=raw.ended, targets=list(plan.scope.texts),
                       ignored=ignored, ports=ports or None, summary=_nmap_summary(kept), actor=actor)
    return _record_nmap(conn, assessment, plan.system, rec, run, kept, tables=tables,
                        service_detection=plan.profile.service_detection, scripts=frozenset(plan.profile.scripts))


def read_import_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of a file to import, refusing missing, special or oversized files (the limit of
    evidence files: the file is stored as evidence)."""
    return read_bytes(path, max_bytes=max_bytes, setting=EVIDENCE_LIMIT)


def parse_evidence(data: bytes, *, file_name: str, tool: str | None = None) -> Parsed:
    """Read an imported file with the importer of ``tool``, or the one whose format it looks like."""
    importer = get_importer(tool) if tool else detect(data, file=file_name)
    return importer.parse(data, file=file_name)


def import_scan(conn: Connection, evidence_dir: Path, assessment_id: int, data: bytes, *, file_name: str,
                actor: str, tables: Mapping[str, DataTable], tool: str | None = None,
                parsed: Parsed | None = None, targets: Sequence[str] = (),
                scanned_at: datetime | None = None) -> Recorded:
    """Record a scanner's file produced elsewhere. Hosts outside the authorised targets are listed
    in ``ignored_hosts`` and never used. ``targets`` (``--target``) says which authorised targets a
    file covered when it cannot say so itself (a host audit without the host's address, a Nuclei
    run over hosts without findings); ``scanned_at`` when the file does not say when it ran."""
    assessment = load_assessment(conn, assessment_id)
    ensure_draft(assessment)
    system = get_system(conn, assessment.system_id)
    authorised = authorised_targets(system.id, system.targets)  # refuses a system without scope
    if parsed is None:
        parsed = parse_evidence(data, file_name=file_name, tool=tool)
    sha = hashlib.sha256(data).hexdigest()
    existing = conn.execute(select(scans).where(scans.c.assessment_id == assessment_id,
                                                scans.c.sha256 == sha)).first()
    if existing is not None:
        rec = _scan(existing)
        return Recorded(scan=rec, new=False, outcomes=load_outcomes(conn, [rec.id]))
    when = evidence_time(parsed, scanned_at, file_name)
    declared = declared_targets(parsed, targets, authorised, file_name)
    importer = IMPORTERS[parsed.tool]
    if parsed.network is not None:  # nmap: ports and services as observations
        run = parsed.network
        kept, ignored = split_scope(run.hosts, authorised)
        _refuse_out_of_scope(system, [h.address or "?" for h in run.hosts], bool(kept), file_name)
        rec = _insert_scan(conn, evidence_dir, assessment, data, tool="nmap", media_type=importer.media_type,
                           name=Path(file_name).name, source="import", profile=None, arguments=run.args,
                           version=run.scanner_version, started=run.started, ended=run.ended, when=when,
                           targets=_nmap_import_targets(run, kept, authorised), ignored=ignored,
                           ports=parsed.covered_ports,
                           summary=_nmap_summary(kept), actor=actor)
        out = _record_nmap(conn, assessment, system, rec, run, kept, tables=tables,
                           service_detection=run.service_detection,
                           scripts=frozenset(s for s in (TLS_SCRIPT,) if run.script_requested(s)))
    else:
        covered, ignored, host_of = scope_hosts(parsed, authorised, declared, system, file_name)
        kept_findings = [(host_of[f.host], f) for f in parsed.findings if f.host in host_of]
        summary = {**parsed.summary, "hosts": covered, "results": len(kept_findings),
                   "severities": severity_counts(f for _h, f in kept_findings)}
        if declared:
            summary["declared_targets"] = [t.value for t in declared]
        rec = _insert_scan(conn, evidence_dir, assessment, data, tool=parsed.tool, media_type=importer.media_type,
                           name=Path(file_name).name, source="import", profile=None, arguments=parsed.arguments,
                           version=parsed.tool_version, started=parsed.started, ended=parsed.ended, when=when,
                           targets=covered, ignored=ignored, ports=parsed.covered_ports, summary=summary, actor=actor)
        out = _record_findings(conn, assessment, rec, kept_findings, tables=tables)
    out.warnings.extend(parsed.warnings)
    return out


def evidence_time(parsed: Parsed, scanned_at: datetime | None, file_name: str) -> datetime:
    """When the evidence was produced: the file's own time, else ``--scanned-at``; refused when
    neither says, when both are given, or when the time lies in the future."""
    own = parsed.when
    if own is not None and scanned_at is not None:
        raise InputError(msg("scan.service.file_states_when_ran_scanned", d=clock.fmt_datetime(own)), location="--scanned-at")
    when = own or scanned_at
    if when is None:
        raise InputError(msg("scan.service.file_does_not_say_when"), file_name)
    if when > clock.now() + FUTURE_SLACK:
        raise InputError(msg("scan.service.scan_time_later_than_today", d=clock.fmt_datetime(when)), file_name)
    return when


def declared_targets(parsed: Parsed, texts: Sequence[str], authorised: list[Target], file_name: str) -> list[Target]:
    """The ``--target`` values, each inside the authorised scope, for formats that accept them."""
    if not texts:
        return []
    if not parsed.accepts_targets:
        raise InputError(msg("scan.service.file_states_hosts_scanned_target", t=IMPORTERS[parsed.tool].label), location="--target")
    out: list[Target] = []
    for text in texts:
        t = parse_target(text)
        if not within(t, authorised):
            raise InputError(msg("scan.service.outside_system_authorised_targets", t=t.value), location="--target")
        if t not in out:
            out.append(t)
    if parsed.host_audit and len(out) > 1:
        raise InputError(msg("scan.service.file_audit_one_machine_give", t=IMPORTERS[parsed.tool].label), location="--target")
    return out


def _as_target(text: str) -> Target | None:
    try:
        return parse_target(text)
    except InputError:
        return None


def _in_scope(host: ToolHost, authorised: list[Target], *, audit: bool) -> list[str]:
    """The labels under which a host lies inside the scope: its address, and each of its names
    that is an authorised name (a host audit also by its other addresses, never by loopback)."""
    found: list[str] = []
    candidates = [host.address, *(host.other_addresses if audit else ())]
    for a in candidates:
        t = _as_target(a) if a else None
        if t is not None and within(t, authorised):
            net = t.network()
            if audit and net is not None and (net.network_address.is_loopback or net.network_address.is_link_local):
                continue
            found.append(t.value)
    for n in host.names:
        t = _as_target(n)
        if t is not None and t.kind == "hostname" and within(t, authorised):
            found.append(t.value)
    return found


def scope_hosts(parsed: Parsed, authorised: list[Target], declared: list[Target], system: System,
                file_name: str) -> tuple[list[str], list[str], dict[str, str]]:
    """(covered targets, ignored hosts, host label -> stored host) for a non-nmap file.

    Network tools: the hosts inside the scope are covered; the others are ignored and listed.
    Host audits (Lynis, Wazuh): the audited machine is covered when one of its addresses or names
    is authorised, or when ``--target`` names it (and does not contradict the file)."""
    if parsed.host_audit:
        host = parsed.hosts[0] if parsed.hosts else ToolHost("")
        label = host.label if parsed.hosts else ""
        if declared:
            target = declared[0]  # must not contradict the addresses (or, for a name, the names) the file gives
            known = [x for x in (host.names if target.kind == "hostname" else (host.address, *host.other_addresses))
                     if x]
            if known and not any((t := _as_target(k)) is not None and target.contains(t) for k in known):
                raise InputError(msg("scan.service.file_audit_not", h=", ".join(known[:6]), t=target.value), location="--target")
            return [target.value], [], {label: target.value}
        matches = _in_scope(host, authorised, audit=True)
        if not matches:
            shown = ", ".join(x for x in (host.address, *host.names) if x) or msg("scan.service.unknown")
            raise InputError(msg("scan.service.audited_machine_not_among_authorised", h=shown, s=system.id, a=", ".join(system.targets)), file_name)
        return matches[:1], [], {label: matches[0]}
    covered: list[str] = []
    ignored: list[str] = []
    host_of: dict[str, str] = {}
    for h in parsed.hosts:
        labels = _in_scope(h, authorised, audit=False)
        if labels:
            host_of[h.label] = labels[0]
            covered.extend(x for x in labels if x not in covered)
        else:
            ignored.append(h.label)
    _refuse_out_of_scope(system, [h.label for h in parsed.hosts], bool(covered), file_name)
    covered.extend(t.value for t in declared if t.value not in covered)
    if not covered:
        raise InputError(msg("scan.service.file_does_not_show_which"), file_name)
    return covered, sorted(set(ignored)), host_of


def severity_counts(found: Iterable[Any]) -> dict[str, int]:
    """How many findings of each severity (testssl.sh: only the entries it rated, not OK/INFO)."""
    out: dict[str, int] = {}
    for f in found:
        if f.status in ("OK", "INFO", "WARN", "DEBUG", "FATAL"):
            continue
        out[f.severity] = out.get(f.severity, 0) + 1
    return out


def _refuse_out_of_scope(system: System, hosts: list[str], any_kept: bool, file_name: str) -> None:
    if hosts and not any_kept:
        shown = sorted(set(hosts))
        raise InputError(msg("scan.service.no_host_file_lies_inside", s=system.id, a=", ".join(system.targets), h=", ".join(shown[:20]) + (" …" if len(shown) > 20 else "")), file_name)


def split_scope(hosts: Iterable[HostInfo], authorised: list[Target]) -> tuple[list[HostInfo], list[str]]:
    """The nmap hosts inside the authorised targets, and the address (or name) of every other one."""
    kept: list[HostInfo] = []
    ignored: list[str] = []
    for h in hosts:
        if h.address and host_in_scope(h.address, h.hostnames, authorised):
            kept.append(h)
        else:
            ignored.append(h.address or (h.hostnames[0][0] if h.hostnames else "?"))
    return kept, ignored


def _nmap_import_targets(run: NmapRun, kept: Sequence[HostInfo], authorised: list[Target]) -> list[str]:
    """What an imported nmap run covered: the authorised targets its command line named, and the
    in-scope hosts it listed (with the authorised names they were scanned under)."""
    out = targets_from_args(run.arg_tokens(), authorised)
    out += sorted({h.address for h in kept} - set(out))
    for h in kept:
        for name, kind in h.hostnames:
            t = _as_target(name) if kind == "user" else None
            if t is not None and t.kind == "hostname" and within(t, authorised) and t.value not in out:
                out.append(t.value)
    return out


def _nmap_summary(kept: Sequence[HostInfo]) -> dict[str, Any]:
    up = sorted({h.address for h in kept if h.status == "up"})
    return {"hosts_up": up, "hosts": len(kept)}


def _insert_scan(conn: Connection, evidence_dir: Path, assessment: Assessment, data: bytes, *, tool: str,
                 media_type: str, name: str, source: str, profile: str | None, arguments: str, version: str,
                 started: datetime | None, ended: datetime | None, when: datetime | None, targets: list[str],
                 ignored: list[str], ports: dict[str, str] | None, summary: dict[str, Any],
                 actor: str) -> ScanRecord:
    """Store the file as evidence and add the ``scans`` row."""
    blob = store_bytes(conn, evidence_dir, data, media_type=media_type)
    label = IMPORTERS[tool].label
    attach(conn, assessment.id, None, blob.sha256, name, msg("scan.service.scan_results", t=label),
           "scan", actor)
    res = conn.execute(scans.insert().values(
        assessment_id=assessment.id, sha256=blob.sha256, source=source, scan_profile=profile, scanner=tool,
        scanner_version=version[:64], arguments=arguments[:20000], targets=targets, ignored_hosts=sorted(set(ignored)),
        started_at=started, ended_at=ended, created_by=actor, created_at=clock.now(), evidence_at=when,
        covered_ports=ports, summary=summary))
    assert res.inserted_primary_key is not None
    return get_scan(conn, assessment.id, int(res.inserted_primary_key[0]))


def _record_nmap(conn: Connection, assessment: Assessment, system: System, rec: ScanRecord, run: NmapRun,
                 kept: list[HostInfo], *, tables: Mapping[str, DataTable], service_detection: bool,
                 scripts: frozenset[str]) -> Recorded:
    """The observations of ``kept`` hosts, the nmap rules' outcomes, the technical results."""
    obs: list[Observation] = []
    for h in kept:
        port_rows: list[dict[str, Any]] = [{"port": None, "protocol": None, "state": h.status}]
        port_rows += [{"port": p.port, "protocol": p.protocol, "state": p.state, "service": p.service,
                       "service_method": p.service_method, "product": p.product, "version": p.version,
                       "cpe": list(p.cpe), "tunnel": p.tunnel, "scripts": p.scripts} for p in h.ports]
        for port_row in port_rows:
            values = {"scan_id": rec.id, "host": h.address, "hostname": h.hostname, "service": "",
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
    rows = load_results(conn, assessment.id)
    outcomes = _judge(conn, rec.id, rows, facts, rules_for_tool("nmap"))
    technical = update_technical_results(conn, assessment.id, rows)
    conn.execute(assessments.update().where(assessments.c.id == assessment.id).values(updated_at=clock.now()))
    up = {o.host for o in facts.hosts_up}
    return Recorded(scan=rec, new=True, hosts_up=len(up), open_ports=len(facts.open_ports()), observations=len(obs),
                    outcomes=outcomes, technical=technical)


def _record_findings(conn: Connection, assessment: Assessment, rec: ScanRecord,
                     kept: Sequence[tuple[str, Any]], *, tables: Mapping[str, DataTable]) -> Recorded:
    """The findings of in-scope hosts, the tool's rules' outcomes, the technical results."""
    for start in range(0, len(kept), INSERT_CHUNK):  # in chunks: a 50 MB report's rows never all at once
        conn.execute(findings.insert(), [
            {"scan_id": rec.id, "host": host[:64], "hostname": f.hostname, "port": f.port, "protocol": f.protocol,
             "ref": f.ref, "title": f.title, "severity": f.severity, "score": f.score, "status": f.status,
             "cves": list(f.cves), "detail": dict(f.detail)} for host, f in kept[start:start + INSERT_CHUNK]])
    rows = load_results(conn, assessment.id)
    kinds = rules_for_tool(rec.tool)
    outcomes = _judge(conn, rec.id, rows, _finding_facts(conn, assessment, rec, tables), kinds)
    if rec.tool in VULN_TOOLS:  # a report may be older than others already imported: their ages change
        later = [s for s in list_scans(conn, assessment.id) if s.tool in VULN_TOOLS and s.id != rec.id
                 and s.when > rec.when]
        for s in later:
            _judge(conn, s.id, rows, _finding_facts(conn, assessment, s, tables), kinds & HISTORY_RULES,
                   replace=True)
    technical = update_technical_results(conn, assessment.id, rows)
    conn.execute(assessments.update().where(assessments.c.id == assessment.id).values(updated_at=clock.now()))
    return Recorded(scan=rec, new=True, hosts_up=len(rec.targets), findings=len(kept), outcomes=outcomes,
                    technical=technical)


def _parameters(assessment: Assessment) -> dict[str, Any]:
    return dict(assessment.snapshot.get("parameters") or {})


def _finding_facts(conn: Connection, assessment: Assessment, rec: ScanRecord,
                   tables: Mapping[str, DataTable]) -> FindingFacts:
    found = tuple(load_findings(conn, [rec.id]))
    history = vulnerability_history(conn, assessment.id, rec, found) if rec.tool in VULN_TOOLS else {}
    return FindingFacts(tool=rec.tool, when=rec.when, hosts=tuple(rec.targets), findings=found,
                        summary=dict(rec.summary or {}), tables=tables, parameters=_parameters(assessment),
                        history=history)


def vulnerability_history(conn: Connection, assessment_id: int, rec: ScanRecord,
                          current: Sequence[Finding]) -> dict[tuple[str, str], History]:
    """For each (host, vulnerability) of ``current``: the earliest report (OpenVAS or Nuclei, up to
    this one's time) that showed it, and the latest earlier report covering the host without it."""
    others = [s for s in list_scans(conn, assessment_id) if s.tool in VULN_TOOLS and s.when <= rec.when]
    keys_of: dict[int, set[tuple[str, str]]] = {s.id: set() for s in others}
    severities = ("low", "medium", "high", "critical")
    for s_id, found in findings_by_scan(conn, [s.id for s in others if s.id != rec.id]).items():
        keys_of[s_id] = {(f.host, f.vuln_key) for f in found if f.severity in severities}
    keys_of[rec.id] = {(f.host, f.vuln_key) for f in current}
    covers = {s.id: [t for t in (_as_target(x) for x in s.targets) if t is not None] for s in others}
    out: dict[tuple[str, str], History] = {}
    for key in keys_of[rec.id]:
        first = min((s.when for s in others if key in keys_of[s.id]), default=rec.when)
        host = _as_target(key[0])
        clean = [s.when for s in others if s.when < first and key not in keys_of[s.id]
                 and host is not None and within(host, covers[s.id])]
        out[key] = History(first_seen=first, clean_before=max(clean) if clean else None)
    return out


def _judge(conn: Connection, scan_id: int, rows: Sequence[ResultRow], facts: ScanFacts | FindingFacts,
           kinds: frozenset[str], *, replace: bool = False) -> list[OutcomeRecord]:
    """Judge every rule of the given types against one scan's facts and store the outcomes."""
    out: list[OutcomeRecord] = []
    for row in rows:
        for index, rule in enumerate(row.control.get("scan_rules") or []):
            rtype = str(rule.get("type", ""))
            if rtype not in kinds:
                continue
            decided: RuleResult = evaluate_rule(rtype, rule.get("args") or {}, facts)
            uncovered = {"ports": list(decided.missing_ports)} if decided.missing_ports else None
            if replace:
                conn.execute(delete(rule_outcomes).where(
                    rule_outcomes.c.scan_id == scan_id, rule_outcomes.c.control_id == row.control_id,
                    rule_outcomes.c.rule_index == index))
            conn.execute(rule_outcomes.insert().values(
                scan_id=scan_id, control_id=row.control_id, rule_index=index, rule_type=rtype,
                outcome=decided.outcome, message_vi=decided.vi, message_en=decided.en,
                observation_ids=list(decided.observation_ids), uncovered=uncovered))
            out.append(OutcomeRecord(scan_id, row.control_id, index, rtype, decided.outcome, decided.vi, decided.en,
                                     list(decided.observation_ids), uncovered))
    return out


# ------------------------------------------------------------------ technical results

def evidence_window(assessment: Assessment, now: datetime | None = None) -> tuple[datetime, int]:
    """(as of, max age in days): evidence counts when produced at most that many days before the
    assessment's end — its finalization, or now for a draft. The age is the profile's
    ``scan_evidence_max_age_days`` parameter (:data:`DEFAULT_MAX_AGE_DAYS` when it has none)."""
    as_of = assessment.finalized_at or now or clock.now()
    value = _parameters(assessment).get(MAX_AGE_PARAMETER)
    days = value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else DEFAULT_MAX_AGE_DAYS
    return as_of, days


def stale_scans(scan_list: Iterable[ScanRecord], as_of: datetime, max_age_days: int) -> frozenset[int]:
    """The ids of the scans too old to count: produced more than ``max_age_days`` before ``as_of``
    (:func:`evidence_window`)."""
    limit = as_of - timedelta(days=max_age_days)
    return frozenset(s.id for s in scan_list if s.when < limit)


#: statuses worth listing even at severity info
NOTABLE_STATUSES = ("failed", "warning")


def notable_findings(found: Iterable[Finding]) -> list[Finding]:
    """A tool's findings worth listing — above severity info, or a failed or warned check — worst
    first, then by host, port and reference."""
    notable = [f for f in found if f.severity != "info" or f.status in NOTABLE_STATUSES]
    return sorted(notable, key=lambda f: (-f.rank, f.host, f.port or 0, f.ref))


def scan_covers(scan_list: Sequence[ScanRecord]) -> list[ScanCover]:
    return [ScanCover(s.id, s.tool, tuple(s.targets), s.when, tuple((s.summary or {}).get("hosts_up") or ()))
            for s in scan_list]


def decisions(outcome_list: Sequence[OutcomeRecord]) -> list[Decision]:
    return [Decision(o.scan_id, o.control_id, o.rule_index, o.rule_type, o.outcome, o.message_vi, o.message_en,
                     tuple((o.uncovered or {}).get("ports") or ())) for o in outcome_list]


def update_technical_results(conn: Connection, assessment_id: int, rows: Sequence[ResultRow] | None = None, *,
                             as_of: datetime | None = None) -> dict[str, tuple[str | None, str | None]]:
    """Recompute ``technical_result``/``technical_detail`` of every control with scan rules (see
    :mod:`.coverage`) and return the controls whose technical result changed:
    ``{control: (before, after)}``. ``as_of`` is the assessment's end (default: its finalization,
    or now)."""
    assessment = load_assessment(conn, assessment_id)
    system = get_system(conn, assessment.system_id)
    result_rows = list(rows) if rows is not None else load_results(conn, assessment_id)
    scan_list = list_scans(conn, assessment_id)
    end, max_age = evidence_window(assessment, as_of)
    computed = technical_results(scan_covers(scan_list), decisions(load_outcomes(conn, [s.id for s in scan_list])),
                                 authorised=list(system.targets), as_of=end, max_age_days=max_age)
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
    coverage: dict[str, Any] = field(default_factory=dict)  # technical_detail["coverage"]

    @property
    def uncovered(self) -> list[dict[str, Any]]:
        return list(self.coverage.get("uncovered") or [])

    def to_dict(self) -> dict[str, Any]:
        return {"control_id": self.control_id, "title": self.title, "declared": self.declared,
                "technical": self.technical, "effective": self.effective, "conflict": self.conflict,
                "coverage": self.coverage, "outcomes": [o.to_dict() for o in self.outcomes]}


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
                                 eff, conflict, by_control.get(r.control_id, []),
                                 dict((r.technical_detail or {}).get("coverage") or {})))
    return out


def needs_tables(rows: Iterable[ResultRow]) -> bool:
    """Whether any control of the assessment has a rule that reads a catalog data table."""
    from secassess.catalog.scanrules import RULE_TABLE_KINDS

    return any(rule.get("type") in RULE_TABLE_KINDS and (rule.get("args") or {}).get("table")
               for r in rows for rule in r.control.get("scan_rules") or [])


def tables_for(assessment: Assessment, catalogs: Mapping[str, Any]) -> tuple[dict[str, DataTable], str | None]:
    """The catalog data tables of the edition the assessment was made against, and a warning
    when they are not available (the catalog is gone or changed since: its digest differs).
    Rules reading a missing table stay undecided rather than using another edition's data.
    Assessments keep the tables they need in their snapshot; older ones fall back to the catalog."""
    stored = assessment.snapshot.get("data_tables")
    if isinstance(stored, dict):
        from secassess.catalog.scanrules import DATA_TABLE_KINDS

        out: dict[str, Any] = {}
        for name, t in stored.items():
            model = DATA_TABLE_KINDS.get(str((t or {}).get("kind", "eol_versions")))
            if model is not None:
                out[name] = model.model_validate({"kind": "eol_versions", **t})
        return out, None
    catalog = catalogs.get(assessment.catalog_id)
    if catalog is None:
        return {}, msg("scan.service.catalog_was_not_found_rules", c=assessment.catalog_id)
    if catalog.digest != assessment.catalog_digest:
        return {}, msg("scan.service.catalog_changed_since_assessment_started", c=assessment.catalog_id)
    return dict(catalog.data_tables), None
