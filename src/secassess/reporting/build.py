"""Build the report model from data already loaded — a pure function, no database, no files.

:func:`build_report` takes a :class:`ReportData` (what :mod:`secassess.reporting.load` reads
from the workspace) and a language, and returns the :class:`~secassess.reporting.model.Report`
every renderer is fed. The wording of sentences comes from ``templates/wording.yaml``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from secassess import clock
from secassess.assessment.labels import ParameterLabel as ParameterMeta
from secassess.i18n import Lang
from secassess.reporting.model import (
    SCHEMA_ID,
    SCHEMA_VERSION,
    AssessmentInfo,
    Change,
    Conflict,
    ControlChange,
    ControlCoverage,
    ControlRef,
    ControlResult,
    CoverageGap,
    DomainChange,
    DomainResult,
    EvidenceItem,
    EvidenceSource,
    Finding,
    FindingInfo,
    Header,
    HostInfo,
    Issue,
    LegalCitation,
    Method,
    ParameterInfo,
    PortInfo,
    Reason,
    RemediationInfo,
    Report,
    ResultCode,
    RuleOutcome,
    ScanBrief,
    ScanInfo,
    ScoringMethod,
    Summary,
    SystemInfo,
    ToolDecision,
)
from secassess.reporting.wording import Wording
from secassess.text import nfc
from secassess.vocabulary import FINDING_RESULTS, SEVERITY_RANK

if TYPE_CHECKING:
    from secassess.assessment.service import Assessment, ResultRow
    from secassess.config import WorkspaceConfig
    from secassess.evidence.store import Attachment
    from secassess.inventory.service import System
    from secassess.remediation.service import RemediationItem
    from secassess.scan.rules import Finding as ToolFinding
    from secassess.scan.rules import Observation
    from secassess.scan.service import OutcomeRecord, ScanRecord
    from secassess.scoring import Comparison, RatingReason, ScoreReport



@dataclass(frozen=True)
class ReportData:
    """Everything a system report is made from, already read from the workspace."""

    config: WorkspaceConfig
    system: System
    unit_name: str
    assessment: Assessment
    rows: Sequence[ResultRow]
    score: ScoreReport
    today: date
    generated_at: datetime
    generator: str
    previous: Assessment | None = None
    previous_rows: Sequence[ResultRow] = ()
    comparison: Comparison | None = None
    scans: Sequence[ScanRecord] = ()
    observations: Mapping[int, Sequence[Observation]] = field(default_factory=dict)  # scan id -> observations
    outcomes: Sequence[OutcomeRecord] = ()
    attachments: Sequence[Attachment] = ()
    items: Sequence[RemediationItem] = ()
    catalog_title: Mapping[str, str] | None = None
    parameters: Mapping[str, ParameterMeta] = field(default_factory=dict)
    findings: Mapping[int, Sequence[ToolFinding]] = field(default_factory=dict)  # scan id -> tool findings
    evidence_max_age_days: int | None = None  # technical evidence older than this at evidence_as_of
    evidence_as_of: datetime | None = None  # does not count


def _t(dt: datetime | None) -> datetime | None:
    """Times in a report are Vietnam time (the database keeps UTC)."""
    return clock.local(dt) if dt is not None else None


def _pick(texts: Any, lang: Lang, default: str = "") -> str:
    if isinstance(texts, Mapping):
        return str(texts.get(lang) or texts.get("vi") or default)
    return str(texts) if texts else default


def _title(row: ResultRow, lang: Lang) -> str:
    return _pick(row.control.get("title"), lang, row.control_id)


def _param_display(value: Any, meta: ParameterMeta | None, w: Wording) -> str:
    if isinstance(value, bool):
        text = w.yes_no(value)
    elif isinstance(value, Mapping):
        text = _pick(value, w.lang)
    elif isinstance(value, float):
        text = w.weight(value)
    else:
        text = str(value)
    unit = _pick(meta.unit, w.lang) if meta is not None and meta.unit else ""
    return f"{text} {unit}" if unit and not isinstance(value, bool | Mapping) else text


def _reason(r: RatingReason, w: Wording) -> Reason:
    params = dict(r.params)
    shown: dict[str, Any] = {}
    for k, v in params.items():
        if k == "score":
            shown[k] = w.score(v)
        elif k == "threshold":
            shown[k] = w.weight(v)
        elif k == "coverage":
            shown[k] = w.percent(v)
        elif k == "controls":
            shown[k] = ", ".join(v)
        else:
            shown[k] = v
    jsonable = {k: list(v) if isinstance(v, tuple) else v for k, v in params.items()}
    return Reason(r.code, jsonable, w(f"reason_{r.code}", **shown))


def _messages(detail: Mapping[str, Any] | None, lang: Lang) -> list[str]:
    if not detail:
        return []
    return [nfc(_pick(m, lang)) for m in detail.get("messages") or [] if _pick(m, lang)]


def header_from_config(cfg: WorkspaceConfig, today: date) -> Header:
    """The letterhead and closing of a report dated ``today`` (the system and the provincial report)."""
    return Header(province=cfg.province, issuing_body_parent=cfg.issuing_body_parent,
                  issuing_body=cfg.issuing_body, place=cfg.place, date=today, signer_title=cfg.signer.title,
                  signer_name=cfg.signer.name, recipients=list(cfg.recipients), document_code=cfg.document_code,
                  signer_authority=cfg.signer.authority, filing=cfg.filing)


def _system(s: System, unit_name: str) -> SystemInfo:
    return SystemInfo(id=s.id, name=s.name, unit_id=s.unit_id, unit_name=unit_name, level=s.level,
                      important=s.important, national_database=s.national_database, in_use=s.in_use,
                      description=s.description, owner=s.owner, contact=s.contact, hosting=s.hosting,
                      level_dossier_approved=s.level_dossier_approved,
                      security_plan_approved=s.security_plan_approved, targets=list(s.targets),
                      allowed_ports=list(s.allowed_ports))


def _assessment(d: ReportData, w: Wording) -> AssessmentInfo:
    a, lang = d.assessment, w.lang
    snap = a.snapshot
    params = [ParameterInfo(name=name, title=_pick(d.parameters[name].title, lang) if name in d.parameters else name,
                            value=_pick(value, lang) if isinstance(value, Mapping) else value,
                            display=_param_display(value, d.parameters.get(name), w))
              for name, value in (snap.get("parameters") or {}).items()]
    from secassess.catalog.citations import legal_citations

    cited = [LegalCitation(type=c.type, type_label=c.type_label, number=c.number, title=nfc(c.title),
                           status=c.status, status_text=nfc(c.status_text), articles=[x for x, _ in c.articles],
                           controls=list(c.controls))
             for c in legal_citations(snap, lang, controls=[r.control for r in d.rows])]
    return AssessmentInfo(
        id=a.id, status="finalized" if a.status == "finalized" else "draft", catalog_id=a.catalog_id,
        catalog_title=_pick(d.catalog_title, lang, a.catalog_id), catalog_version=a.catalog_version,
        catalog_digest=a.catalog_digest, profile_id=a.profile_id, profile_title=a.profile_title(lang),
        level=a.level, assessor=a.assessor, started_at=clock.local(a.started_at), finalized_at=_t(a.finalized_at),
        finalized_by=a.finalized_by, parameters=params, legal_basis=cited)


SHOWN_FINDINGS = 50
_NOTABLE = ("failed", "warning")  # statuses worth listing even at severity info


def _stale(when: datetime | None, d: ReportData) -> bool:
    if when is None or d.evidence_as_of is None or d.evidence_max_age_days is None:
        return False
    return when < d.evidence_as_of - timedelta(days=d.evidence_max_age_days)


def _ports_text(ports: Mapping[str, str] | None) -> str:
    return ", ".join(f"{v}/{k}" for k, v in (ports or {}).items())


def _finding_infos(found: Sequence[ToolFinding]) -> list[FindingInfo]:
    notable = [f for f in found if f.severity != "info" or f.status in _NOTABLE]
    notable.sort(key=lambda f: (-f.rank, f.host, f.port or 0, f.ref))
    return [FindingInfo(host=f.host, port=f.port, ref=f.ref, title=nfc(f.title), severity=f.severity, status=f.status,
                        cves=list(f.cves), score=f.score) for f in notable[:SHOWN_FINDINGS]]


def _scan_info(sc: ScanRecord, obs: Sequence[Observation], outcomes: Sequence[OutcomeRecord], d: ReportData,
               lang: Lang) -> ScanInfo:
    from secassess.scan.coverage import TOOL_NAMES
    from secassess.scan.present import summary_text

    hosts: dict[str, HostInfo] = {}
    ports: dict[str, list[PortInfo]] = defaultdict(list)
    up: set[str] = set()
    for o in obs:
        hosts.setdefault(o.host, HostInfo(o.host, o.hostname))
        if o.port is not None:
            ports[o.host].append(PortInfo(o.port, o.protocol or "", o.state, o.service, o.product, o.version))
        elif o.state == "up":
            up.add(o.host)
    host_list = [HostInfo(h.address, h.hostname, sorted(ports[h.address], key=lambda p: (p.protocol, p.port or 0)))
                 for h in hosts.values() if h.address in up or ports[h.address]]
    open_ports = sum(1 for ps in ports.values() for p in ps if p.state == "open")
    found = d.findings.get(sc.id, ())
    return ScanInfo(
        id=sc.id, source=sc.source, scan_profile=sc.scan_profile, scanner=sc.scanner,
        scanner_version=sc.scanner_version, arguments=sc.arguments, targets=list(sc.targets),
        ignored_hosts=list(sc.ignored_hosts), started_at=_t(sc.started_at), ended_at=_t(sc.ended_at), sha256=sc.sha256,
        open_ports=open_ports, hosts=host_list,
        outcomes=[RuleOutcome(o.control_id, o.rule_type, cast(Any, o.outcome), nfc(o.message(lang)))
                  for o in outcomes if o.scan_id == sc.id],
        tool=sc.scanner, tool_label=TOOL_NAMES.get(sc.scanner, sc.scanner), evidence_at=_t(sc.when),
        stale=_stale(sc.when, d), covered_ports=_ports_text(sc.covered_ports),
        summary=summary_text(sc.scanner, sc.summary, lang), findings_total=len(found),
        findings=_finding_infos(found))


def _gaps(detail: Mapping[str, Any] | None, lang: Lang) -> list[CoverageGap]:
    from secassess.scan.coverage import gap_text

    out = []
    for g in ((detail or {}).get("coverage") or {}).get("uncovered") or []:
        out.append(CoverageGap(target=str(g.get("target", "")), reason=str(g.get("reason", "not_covered")),
                               text=nfc(gap_text(g, lang)), hosts=list(g.get("hosts") or []),
                               ports=list(g.get("ports") or []), tools=list(g.get("tools") or [])))
    return out


def _evidence_sources(d: ReportData, lang: Lang) -> list[EvidenceSource]:
    from secassess.scan.coverage import TOOL_NAMES
    from secassess.scan.present import summary_text

    names = {att.sha256: att.original_name for att in d.attachments if att.source == "scan"}
    counted = {r.control_id: set((r.technical_detail or {}).get("scan_ids") or []) for r in d.rows}
    out = []
    for sc in d.scans:
        decided = [ToolDecision(o.control_id, o.rule_type, cast(Any, o.outcome), sc.id in counted.get(o.control_id, ()))
                   for o in d.outcomes if o.scan_id == sc.id and o.outcome in ("pass", "fail")]
        out.append(EvidenceSource(
            scan_id=sc.id, tool=sc.scanner, tool_label=TOOL_NAMES.get(sc.scanner, sc.scanner), source=sc.source,
            file_name=names.get(sc.sha256, ""), sha256=sc.sha256, imported_at=clock.local(sc.created_at),
            evidence_at=_t(sc.when), stale=_stale(sc.when, d), targets=list(sc.targets),
            covered_ports=_ports_text(sc.covered_ports),
            declared_targets=list((sc.summary or {}).get("declared_targets") or []),
            ignored_hosts=list(sc.ignored_hosts), summary=summary_text(sc.scanner, sc.summary, lang),
            decided=decided))
    return out


@dataclass(frozen=True)
class IssueOptions:
    """What the officer issuing the report chose: the document number, and their own
    recommendations or conclusion (paragraphs) instead of the drafted ones."""

    number: str = ""
    recommendations: Sequence[str] | None = None
    conclusion: Sequence[str] | None = None


def issue(report: Report, options: IssueOptions | None, w: Wording) -> Issue:
    """The document's number, recommendations and conclusion: the officer's where given, else drafted."""
    from secassess.reporting import narrative

    o = options or IssueOptions()
    return Issue(number=nfc(o.number.strip()),
                 recommendations=[nfc(x) for x in o.recommendations] if o.recommendations
                 else narrative.recommendations(report, w),
                 recommendations_source="officer" if o.recommendations else "drafted",
                 conclusion=[nfc(x) for x in o.conclusion] if o.conclusion else narrative.conclusion(report, w),
                 conclusion_source="officer" if o.conclusion else "drafted")


def build_report(d: ReportData, lang: Lang, options: IssueOptions | None = None) -> Report:
    """The complete report of one assessment in ``lang`` (pure: same data, same report)."""
    w = Wording(lang)
    a, s = d.assessment, d.score
    by_id = {r.control_id: r for r in d.rows}
    outcome = {o.control_id: o for o in s.controls}
    domain_titles = {x["id"]: _pick(x.get("title"), lang, x["id"]) for x in a.snapshot.get("domains", [])}
    files_by_control: dict[str | None, list[str]] = defaultdict(list)
    for att in d.attachments:
        if att.source != "scan":
            files_by_control[att.control_id].append(att.original_name)

    def control(r: ResultRow) -> ControlResult:
        o = outcome[r.control_id]
        return ControlResult(
            id=r.control_id, domain=r.domain_id, title=_title(r, lang), severity=r.severity, weight=r.weight,
            mandatory=r.mandatory, result=o.effective, declared=cast(ResultCode, r.result),
            technical=cast(Any, r.technical_result), conflict=o.conflict, note=r.note,
            justification=r.justification, answered_by=r.answered_by, answered_at=_t(r.answered_at),
            evidence=list(files_by_control.get(r.control_id, [])),
            technical_messages=_messages(r.technical_detail, lang), uncovered=_gaps(r.technical_detail, lang))

    rows_by_domain: dict[str, list[ResultRow]] = defaultdict(list)
    for r in d.rows:
        rows_by_domain[r.domain_id].append(r)
    domains = [DomainResult(
        id=ds.domain, title=domain_titles.get(ds.domain, ds.domain), score=ds.score, coverage=ds.coverage,
        counts={str(k): v for k, v in ds.counts.items()}, controls_total=ds.controls_total, controls_applicable=ds.controls_applicable,
        controls_assessed=ds.controls_assessed, controls=[control(r) for r in rows_by_domain[ds.domain]])
        for ds in s.domains]

    def ref(cid: str) -> ControlRef:
        return ControlRef(cid, _title(by_id[cid], lang) if cid in by_id else cid)

    summary = Summary(
        score=s.score, coverage=s.coverage, rating=s.rating, reason=_reason(s.reason, w),
        gaps=[_reason(g, w) for g in s.gaps], counts={str(k): v for k, v in s.counts.items()}, controls_total=s.controls_total,
        controls_applicable=s.controls_applicable, controls_assessed=s.controls_assessed,
        mandatory_failed=[ref(c) for c in s.mandatory_failed],
        mandatory_unanswered=[ref(c) for c in s.mandatory_unanswered])

    conflicts = [Conflict(control_id=o.control_id, title=ref(o.control_id).title, mandatory=o.mandatory,
                          declared=o.declared, technical=o.technical, result=o.effective,
                          messages=_messages(by_id[o.control_id].technical_detail, lang))
                 for o in s.conflicts]

    scans = [_scan_info(sc, d.observations.get(sc.id, ()), d.outcomes, d, lang) for sc in d.scans]
    coverage_gaps = [ControlCoverage(control_id=c.id, title=c.title, technical=c.technical, result=c.result,
                                     gaps=c.uncovered)
                     for dom in domains for c in dom.controls if c.uncovered]

    items = {i.control_id: i for i in d.items if i.system_id == a.system_id}
    findings = []
    for r in d.rows:  # catalog order
        o = outcome[r.control_id]
        if o.effective not in FINDING_RESULTS:
            continue
        item = items.get(r.control_id)
        # an expired risk acceptance reads as open (the next remediation command reopens it): a report
        # only reads the workspace
        plan = (RemediationInfo(item_id=item.id, status="open" if item.risk_expired else item.status,
                                owner=item.owner, due_date=item.due_date, overdue=item.overdue)
                if item is not None else None)
        findings.append(Finding(control_id=r.control_id, domain=r.domain_id, title=_title(r, lang),
                                severity=r.severity, mandatory=r.mandatory, result=o.effective,
                                remediation=_pick(r.control.get("remediation"), lang), plan=plan))
    findings.sort(key=lambda f: SEVERITY_RANK.get(f.severity, len(SEVERITY_RANK)))  # worst first (stable)

    change = None
    if d.comparison is not None and d.previous is not None:
        cmp = d.comparison
        prev_titles = {x["id"]: _pick(x.get("title"), lang, x["id"]) for x in d.previous.snapshot.get("domains", [])}
        prev_rows = {r.control_id: r for r in d.previous_rows}

        def control_title(cid: str) -> str:
            r = by_id.get(cid) or prev_rows.get(cid)
            return _title(r, lang) if r is not None else cid

        change = Change(
            previous_assessment_id=d.previous.id, previous_finalized_at=_t(d.previous.finalized_at),
            previous_score=cmp.previous.score, previous_coverage=cmp.previous.coverage,
            previous_rating=cmp.previous.rating, score_delta=cmp.score_delta, coverage_delta=cmp.coverage_delta,
            rating_changed=cmp.rating_changed,
            domains=[DomainChange(x.domain, domain_titles.get(x.domain) or prev_titles.get(x.domain, x.domain),
                                  x.previous_score, x.current_score, x.score_delta) for x in cmp.domains],
            controls=[ControlChange(c.control_id, control_title(c.control_id), c.previous, c.current, c.kind)
                      for c in cmp.changes])

    snap = a.snapshot
    from secassess.scoring import CREDIT

    scoring = ScoringMethod(
        credits={k: float(v) for k, v in CREDIT.items()},
        weights={k: float(v) for k, v in (snap.get("weights") or {}).items()},
        thresholds=s.thresholds.to_dict(),
        due_days={k: int(v) for k, v in (snap.get("due_days") or {}).items()})

    evidence = [EvidenceItem(kind="scan" if att.source == "scan" else "attachment", control_id=att.control_id,
                             name=att.original_name, sha256=att.sha256, size=att.size, media_type=att.media_type,
                             added_at=_t(att.added_at)) for att in d.attachments]

    answered = sum(1 for r in d.rows if r.result != "not_assessed")
    method = Method(controls_total=len(d.rows), answered=answered,
                    documents=sum(1 for att in d.attachments if att.source != "scan"),
                    scans=[ScanBrief(sc.id, sc.source, sc.scanner, sc.scanner_version, _t(sc.started_at),
                                     list(sc.targets)) for sc in d.scans],
                    evidence_max_age_days=d.evidence_max_age_days, evidence_as_of=_t(d.evidence_as_of))
    draft = a.status != "finalized"
    report = Report(
        schema=SCHEMA_ID, schema_version=SCHEMA_VERSION, lang=lang, generator=d.generator,
        generated_at=clock.local(d.generated_at), draft=draft, title=w("title", system=w.system_ref(d.system.name)),
        header=header_from_config(d.config, d.today), system=_system(d.system, d.unit_name), assessment=_assessment(d, w),
        method=method, summary=summary, domains=domains, conflicts=conflicts, scans=scans, findings=findings,
        change=change, scoring=scoring, evidence=evidence, evidence_sources=_evidence_sources(d, lang),
        coverage_gaps=coverage_gaps)
    return replace(report, issue=issue(report, options, w))
