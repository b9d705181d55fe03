"""The provincial report model (báo cáo tháng của tỉnh, mục II.4): plain dataclasses, one language.

Every renderer (PDF, HTML, CSV, XLSX, JSON) is fed the same :class:`ProvinceReport`, computed by the
pure :func:`secassess.reporting.province.compute.build_report`. Codes stay codes; labels are the
renderers' business (``templates/province.yaml``).

Every count carries the ids behind it: ``systems`` (system ids), and ``items`` (remediation item ids)
or ``incidents`` (incident ids) where it counts those, so any figure can be traced back.

The JSON renderer writes this model as it is; its schema is ``docs/province-report.md``
(:data:`SCHEMA_ID` version :data:`SCHEMA_VERSION`). Adding a field keeps the version; removing or
changing the meaning of one raises it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from secassess.reporting.model import Header, Issue

SCHEMA_ID = "secassess/province-report"
SCHEMA_VERSION = 1

LEVELS = ("1", "2", "3", "4", "5")
NOTIFY_STATES = ("on_time", "late", "overdue", "pending")


@dataclass(frozen=True)
class SystemCount:
    """How many systems, and which."""

    value: int
    systems: list[str]


@dataclass(frozen=True)
class ItemCount:
    """How many remediation items, which, and on which systems."""

    value: int
    items: list[int]
    systems: list[str]


@dataclass(frozen=True)
class IncidentCount:
    """How many incidents, which, and on which systems."""

    value: int
    incidents: list[int]
    systems: list[str]


@dataclass(frozen=True)
class Average:
    """The mean of the systems' scores (0–100, unrounded); ``None`` when no system has one."""

    value: float | None
    systems: list[str]


@dataclass(frozen=True)
class Figures:
    """The figures of one scope (the province, or one unit) as of one date."""

    systems_in_use: SystemCount
    systems_retired: SystemCount
    systems_by_level: dict[str, SystemCount]
    level_dossier_approved: SystemCount
    security_plan_approved: SystemCount
    assessed_12m: SystemCount
    not_assessed_12m: SystemCount
    assessed_share: float | None  # assessed_12m / systems_in_use, 0..1
    average_score: Average
    ratings: dict[str, SystemCount]
    open_findings: dict[str, ItemCount]
    open_findings_total: ItemCount
    overdue_items: ItemCount
    incidents: IncidentCount
    mandatory_failed: SystemCount  # the assessment that counts failed at least one mandatory control


@dataclass(frozen=True)
class TaskA:
    """II.4.a — security plans, appraisal, assessment and monitoring, incident response."""

    systems_in_use: SystemCount
    level_dossier_approved: SystemCount
    security_plan_approved: SystemCount
    assessed_12m: SystemCount
    not_assessed_12m: SystemCount
    incidents_detected: IncidentCount
    incidents_resolved: IncidentCount
    incidents_unresolved: IncidentCount
    earlier_incidents_resolved: IncidentCount
    earlier_incidents_unresolved: IncidentCount
    incidents_by_severity: dict[str, IncidentCount]
    incidents_by_category: dict[str, IncidentCount]


@dataclass(frozen=True)
class TaskB:
    """II.4.b — national and specialised databases and important systems against TCVN 14423."""

    in_scope: SystemCount
    national_databases: SystemCount
    important_systems: SystemCount
    assessed_tcvn14423: SystemCount
    not_assessed_tcvn14423: SystemCount
    ratings: dict[str, SystemCount]
    average_score: Average
    open_critical_findings: ItemCount


@dataclass(frozen=True)
class TaskC:
    """II.4.c — incidents notified to the Ministry of Public Security's specialised unit."""

    incidents: IncidentCount
    notification: dict[str, IncidentCount]
    full_report: dict[str, IncidentCount]


@dataclass(frozen=True)
class Summary:
    ii4a: TaskA
    ii4b: TaskB
    ii4c: TaskC


@dataclass(frozen=True)
class UnitFigures:
    unit_id: str
    unit_name: str
    figures: Figures


@dataclass(frozen=True)
class Measured:
    """The dates a set of figures was measured on (see docs/province-report.md)."""

    period: str  # YYYY-MM
    period_start: date
    period_end: date
    as_of: date
    window_start: date  # 12-month window, inclusive
    window_end: date
    incident_from: datetime  # incident window [from, to)
    incident_to: datetime


@dataclass(frozen=True)
class PeriodFigures:
    measured: Measured
    summary: Summary
    total: Figures
    units: list[UnitFigures]


@dataclass(frozen=True)
class Change:
    """One figure now and in the previous period (``delta`` = current − previous; ``None`` when either
    side has no value)."""

    scope: str  # "province" or a unit id
    figure: str  # a dotted path into PeriodFigures (summary…, total…) or units.<unit id>.<figure>
    previous: int | float | None
    current: int | float | None
    delta: int | float | None


@dataclass(frozen=True)
class UnitRef:
    unit_id: str
    unit_name: str
    systems_in_use: int
    systems: list[str]


@dataclass(frozen=True)
class SystemRef:
    system_id: str
    name: str
    unit_id: str
    unit_name: str
    level: int
    important: bool
    national_database: bool
    last_assessment_id: int | None
    last_assessed_on: date | None


@dataclass(frozen=True)
class ItemRef:
    item_id: int
    system_id: str
    system_name: str
    unit_id: str
    control_id: str
    title: str
    severity: str
    status: str  # as of the as-of date
    owner: str
    due_date: date | None
    days_overdue: int


@dataclass(frozen=True)
class IncidentRow:
    """An incident of the period, or an earlier one still open, as of the as-of date."""

    incident_id: int
    system_id: str
    system_name: str
    unit_id: str
    detected_at: datetime
    category: str
    severity: str
    in_period: bool
    resolved: bool  # resolved by the as-of date
    resolved_at: datetime | None
    notified_at: datetime | None
    notification: str  # on_time | late | overdue | pending
    notification_due: datetime
    full_report_at: datetime | None
    full_report: str
    full_report_due: datetime


@dataclass(frozen=True)
class SystemRow:
    """One system in use, for the annex."""

    system_id: str
    name: str
    unit_id: str
    unit_name: str
    level: int
    important: bool
    national_database: bool
    level_dossier_approved: date | None
    security_plan_approved: date | None
    assessed_12m: bool
    assessment_id: int | None  # the assessment that counts (latest finalized in the 12-month window)
    assessed_on: date | None
    profile_id: str | None
    tcvn14423: bool  # the assessment that counts used the TCVN 14423 profile required of the system
    score: float | None
    coverage: float | None
    rating: str | None
    last_assessment_id: int | None  # latest finalized assessment of any age
    last_assessed_on: date | None
    open_findings: dict[str, int]
    overdue_items: int
    incidents: int


@dataclass(frozen=True)
class DeadlineHours:
    """The notification deadlines in force (hours after detection, from secassess.yaml)."""

    initial_notification_hours: int
    full_report_hours: int


@dataclass(frozen=True)
class ProvinceReport:
    schema: str
    schema_version: int
    lang: str
    generator: str
    generated_at: datetime
    title: str
    addressee: str
    header: Header
    units_selected: list[str] | None  # None: every unit
    deadlines: DeadlineHours
    current: PeriodFigures
    previous: PeriodFigures
    changes: list[Change]
    units_not_assessed: list[UnitRef]
    systems_not_assessed: list[SystemRef]
    overdue_items: list[ItemRef]
    open_critical_findings: list[ItemRef]
    incidents: list[IncidentRow]
    annex: list[SystemRow]
    issue: Issue = field(default_factory=Issue)  # number and recommendations (no conclusion)
