"""The system report model (mô hình báo cáo hệ thống): plain dataclasses, one language.

Every renderer (PDF, HTML, Markdown, JSON, CSV) is fed the same :class:`Report`, built by the
pure function :func:`secassess.reporting.build.build_report` from data already loaded. Machine
codes (``pass``, ``compliant``, ``open`` …) stay codes here; texts picked from the catalog and
the sentences the scoring model explains are already in the report's language.

The JSON renderer writes this model as it is; its schema is ``docs/report-json.md``
(:data:`SCHEMA_ID` version :data:`SCHEMA_VERSION`). Adding a field keeps the version; removing
or changing the meaning of one raises it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from secassess.vocabulary import Result

SCHEMA_ID = "secassess/system-report"
SCHEMA_VERSION = 1

ResultCode = Result


@dataclass(frozen=True)
class Header:
    """What heads and closes the document (from the workspace's ``secassess.yaml``)."""

    province: str
    issuing_body_parent: str
    issuing_body: str
    place: str
    date: date
    signer_title: str
    signer_name: str
    recipients: list[str] = field(default_factory=list)
    document_code: str = ""  # ký hiệu after "/BC-": "CAT-PA05"
    signer_authority: str = ""  # quyền hạn: "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN"; empty when signing in one's own right
    filing: str = "VT"  # "Lưu: VT, PA05": the archive and the drafting unit


@dataclass(frozen=True)
class SystemInfo:
    """The information system (hệ thống thông tin) assessed."""

    id: str
    name: str
    unit_id: str
    unit_name: str
    level: int
    important: bool
    national_database: bool
    in_use: bool
    description: str
    owner: str
    contact: str
    hosting: str
    level_dossier_approved: date | None
    security_plan_approved: date | None
    targets: list[str] = field(default_factory=list)
    allowed_ports: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ParameterInfo:
    """One parameter (tham số) as the profile set it: ``value`` is the raw value, ``display``
    how it reads in the report's language, with its unit."""

    name: str
    title: str
    value: bool | int | float | str
    display: str


@dataclass(frozen=True)
class AssessmentInfo:
    """The assessment (đợt đánh giá) and what it was made against."""

    id: int
    status: Literal["draft", "finalized"]
    catalog_id: str
    catalog_title: str
    catalog_version: str
    catalog_digest: str
    profile_id: str
    profile_title: str
    level: int
    assessor: str
    started_at: datetime
    finalized_at: datetime | None
    finalized_by: str | None
    parameters: list[ParameterInfo] = field(default_factory=list)
    legal_basis: list[LegalCitation] = field(default_factory=list)


@dataclass(frozen=True)
class LegalCitation:
    """A legal document or standard the assessment's catalog cites (văn bản được viện dẫn), as the
    catalog's register described it when the assessment started. ``status``: in_force |
    partly_amended | superseded | not_yet_in_force | unknown | unregistered (a free-text citation of
    a catalog without a register); ``status_text`` says it in words."""

    type: str | None
    type_label: str
    number: str | None
    title: str
    status: str
    status_text: str
    articles: list[str] = field(default_factory=list)
    controls: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ScanBrief:
    id: int
    source: str  # run | import
    scanner: str
    scanner_version: str
    started_at: datetime | None
    targets: list[str]


@dataclass(frozen=True)
class Method:
    """How the evidence was collected: questionnaire, documents examined, scans.
    ``evidence_max_age_days``: technical evidence produced longer than that before
    ``evidence_as_of`` (the assessment's end) does not count."""

    controls_total: int
    answered: int
    documents: int
    scans: list[ScanBrief] = field(default_factory=list)
    evidence_max_age_days: int | None = None
    evidence_as_of: datetime | None = None


@dataclass(frozen=True)
class ControlRef:
    id: str
    title: str


@dataclass(frozen=True)
class Reason:
    """One reason for the rating: the scoring model's code and values, and the sentence."""

    code: str
    params: dict[str, Any]
    text: str


@dataclass(frozen=True)
class Summary:
    score: float | None  # unrounded; rounded only for display
    coverage: float  # 0..1
    rating: Literal["compliant", "partial", "non_compliant"]
    reason: Reason
    gaps: list[Reason]
    counts: dict[str, int]
    controls_total: int
    controls_applicable: int
    controls_assessed: int
    mandatory_failed: list[ControlRef] = field(default_factory=list)
    mandatory_unanswered: list[ControlRef] = field(default_factory=list)


@dataclass(frozen=True)
class CoverageGap:
    """An authorised target a control's technical evidence did not cover. ``reason``:
    ``not_covered`` (no current evidence), ``undecided`` (checked, not decided), ``ports`` (ports
    not scanned), ``hosts`` (live hosts of a range not checked), ``range`` (a range whose live
    hosts are unknown). ``text`` says it in the report's language."""

    target: str
    reason: str
    text: str
    hosts: list[str] = field(default_factory=list)
    ports: list[str] = field(default_factory=list)
    tools: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ControlResult:
    """One control (yêu cầu) and its result. ``result`` is the one that counts; ``declared`` is
    the questionnaire's, ``technical`` the scan rules' (``None``: no rule decided)."""

    id: str
    domain: str
    title: str
    severity: str
    weight: float
    mandatory: bool
    result: ResultCode
    declared: ResultCode
    technical: Literal["pass", "fail"] | None
    conflict: bool
    note: str
    justification: str
    answered_by: str | None
    answered_at: datetime | None
    evidence: list[str] = field(default_factory=list)  # attached file names
    technical_messages: list[str] = field(default_factory=list)
    #: authorised targets the technical evidence did not cover for this control (a pass does not
    #: hold for the whole system while this is not empty)
    uncovered: list[CoverageGap] = field(default_factory=list)


@dataclass(frozen=True)
class DomainResult:
    """One domain (nhóm yêu cầu): its score and its controls. ``score`` is ``None`` when no
    control of the domain applies."""

    id: str
    title: str
    score: float | None
    coverage: float
    counts: dict[str, int]
    controls_total: int
    controls_applicable: int
    controls_assessed: int
    controls: list[ControlResult] = field(default_factory=list)


@dataclass(frozen=True)
class Conflict:
    """A control the questionnaire passed (or partly passed) but a scan rule failed."""

    control_id: str
    title: str
    mandatory: bool
    declared: ResultCode
    technical: Literal["pass", "fail"] | None
    result: ResultCode
    messages: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PortInfo:
    port: int | None
    protocol: str
    state: str
    service: str
    product: str
    version: str


@dataclass(frozen=True)
class HostInfo:
    address: str
    hostname: str
    ports: list[PortInfo] = field(default_factory=list)


@dataclass(frozen=True)
class RuleOutcome:
    control_id: str
    rule_type: str
    outcome: Literal["pass", "fail", "undecided"]
    message: str


@dataclass(frozen=True)
class FindingInfo:
    """One thing a scanner other than nmap reported (a vulnerability, TLS finding, audit warning,
    failed configuration check) on an in-scope host."""

    host: str
    port: int | None
    ref: str  # NVT OID, template id, testssl id, Lynis test, SCA check id
    title: str
    severity: str  # info | low | medium | high | critical
    status: str
    cves: list[str] = field(default_factory=list)
    score: float | None = None


@dataclass(frozen=True)
class ScanInfo:
    """One scan (lần rà quét) or imported scanner file: what it saw and how the catalog's rules
    judged it. nmap scans list ``hosts``; other tools list their most severe ``findings``."""

    id: int
    source: str
    scan_profile: str | None
    scanner: str
    scanner_version: str
    arguments: str
    targets: list[str]
    ignored_hosts: list[str]
    started_at: datetime | None
    ended_at: datetime | None
    sha256: str
    open_ports: int
    hosts: list[HostInfo] = field(default_factory=list)
    outcomes: list[RuleOutcome] = field(default_factory=list)
    tool: str = "nmap"  # nmap | openvas | nuclei | testssl | lynis | wazuh
    tool_label: str = "nmap"
    evidence_at: datetime | None = None  # when the evidence was produced
    stale: bool = False  # older than the profile allows: does not count
    covered_ports: str = ""  # "443/tcp", when the tool says which ports it tested
    summary: str = ""  # one line in the report's language (hardening index, checks passed …)
    findings_total: int = 0
    findings: list[FindingInfo] = field(default_factory=list)  # the most severe, at most 50


@dataclass(frozen=True)
class ToolDecision:
    """A control one evidence file decided: the rule, its outcome for that file, and whether the
    outcome counts in the control's technical result (recent enough, not replaced by a newer
    scan of the same targets)."""

    control_id: str
    rule_type: str
    outcome: Literal["pass", "fail"]
    counted: bool


@dataclass(frozen=True)
class EvidenceSource:
    """One piece of technical evidence, per tool: what was imported (file, SHA-256), when it was
    produced and imported, what it covered, and which controls it decided."""

    scan_id: int
    tool: str
    tool_label: str
    source: str  # run | import
    file_name: str
    sha256: str
    imported_at: datetime
    evidence_at: datetime | None
    stale: bool
    targets: list[str] = field(default_factory=list)  # authorised targets (or hosts) it covered
    covered_ports: str = ""
    declared_targets: list[str] = field(default_factory=list)  # said by the officer (--target)
    ignored_hosts: list[str] = field(default_factory=list)
    summary: str = ""
    decided: list[ToolDecision] = field(default_factory=list)


@dataclass(frozen=True)
class ControlCoverage:
    """A control with scan rules whose evidence did not cover every authorised target."""

    control_id: str
    title: str
    technical: Literal["pass", "fail"] | None
    result: ResultCode
    gaps: list[CoverageGap] = field(default_factory=list)


@dataclass(frozen=True)
class RemediationInfo:
    """The remediation item (hạng mục khắc phục) tracking a finding, as it stands today."""

    item_id: int
    status: str  # open | in_progress | resolved | verified | risk_accepted
    owner: str
    due_date: date | None
    overdue: bool


@dataclass(frozen=True)
class Finding:
    """A failed or partial control (phát hiện) and its remediation plan where known. Findings are
    listed by severity, worst first, then in catalog order."""

    control_id: str
    domain: str
    title: str
    severity: str
    mandatory: bool
    result: ResultCode
    remediation: str  # what to do, from the catalog
    plan: RemediationInfo | None = None


@dataclass(frozen=True)
class DomainChange:
    domain: str
    title: str
    previous_score: float | None
    current_score: float | None
    score_delta: float | None


@dataclass(frozen=True)
class ControlChange:
    control_id: str
    title: str
    previous: ResultCode | None
    current: ResultCode | None
    kind: Literal["improved", "regressed", "changed", "added", "removed"]


@dataclass(frozen=True)
class Change:
    """The change since the previous finalized assessment of the same system."""

    previous_assessment_id: int
    previous_finalized_at: datetime | None
    previous_score: float | None
    previous_coverage: float
    previous_rating: str
    score_delta: float | None
    coverage_delta: float
    rating_changed: bool
    domains: list[DomainChange] = field(default_factory=list)
    controls: list[ControlChange] = field(default_factory=list)


@dataclass(frozen=True)
class ScoringMethod:
    """The numbers the plain-words explanation of the scoring model is filled with."""

    credits: dict[str, float]
    weights: dict[str, float]
    thresholds: dict[str, float]
    due_days: dict[str, int]


@dataclass(frozen=True)
class EvidenceItem:
    """One file in the evidence manifest: an attachment or the raw XML of a scan."""

    kind: Literal["attachment", "scan"]
    control_id: str | None
    name: str
    sha256: str
    size: int | None
    media_type: str
    added_at: datetime | None


@dataclass(frozen=True)
class Issue:
    """What the officer issuing the document decides: its number (blank: written in by the office's
    clerk), and the recommendations and conclusion — drafted from the findings (``source``
    ``drafted``) unless the officer gave their own text (``officer``). Each text is a list of
    paragraphs; a paragraph starting with "- " is a bullet."""

    number: str = ""
    recommendations: list[str] = field(default_factory=list)
    recommendations_source: Literal["drafted", "officer"] = "drafted"
    conclusion: list[str] = field(default_factory=list)
    conclusion_source: Literal["drafted", "officer"] = "drafted"


@dataclass(frozen=True)
class Report:
    """A per-system report, complete: what every format renders."""

    schema: str
    schema_version: int
    lang: Literal["vi", "en"]
    generator: str
    generated_at: datetime
    draft: bool
    title: str
    header: Header
    system: SystemInfo
    assessment: AssessmentInfo
    method: Method
    summary: Summary
    domains: list[DomainResult]
    conflicts: list[Conflict]
    scans: list[ScanInfo]
    findings: list[Finding]
    change: Change | None
    scoring: ScoringMethod
    evidence: list[EvidenceItem]
    evidence_sources: list[EvidenceSource] = field(default_factory=list)
    coverage_gaps: list[ControlCoverage] = field(default_factory=list)
    issue: Issue = field(default_factory=lambda: Issue())

    def controls(self) -> Iterator[ControlResult]:
        """Every control, in catalog order."""
        for d in self.domains:
            yield from d.controls
