"""Report use cases (báo cáo): issue the report of one system's assessment, and the province's monthly
report (section II.4 of the plan).

Reports only read the workspace: each is loaded in one read transaction through its read model
(:mod:`secassess.reporting.load` for a system, :mod:`secassess.reporting.province.data` for the
province) and the database is left byte for byte as it was (an expired risk acceptance reads as open
without being reopened). The file appears whole or not at all.

Authorisation: anyone who may see a system may issue its report (a unit officer their own unit's
systems'; another unit's assessment is "not found"); the provincial report is a province step
(admin, officer).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from secassess.app.actor import Actor, require_province
from secassess.i18n import Lang
from secassess.messages import msg

if TYPE_CHECKING:
    from secassess.reporting.build import IssueOptions
    from secassess.reporting.province.period import Period
    from secassess.reporting.sign import SignRequest
    from secassess.workspace import Workspace


@dataclass(frozen=True)
class IssuedReport:
    path: Path
    format: str
    size: int
    signed: bool = False
    #: a draft assessment's report, marked as such and not official
    draft: bool = False
    #: (key, what it is) of the settings an administrative document (PDF, Word) needs that are still
    #: empty: the report leaves blanks there; empty for the other formats
    missing_settings: list[tuple[str, str]] = field(default_factory=list)


def _missing_settings(ws: Workspace, document: bool) -> list[tuple[str, str]]:
    from secassess.config import missing_issuer_settings

    return missing_issuer_settings(ws.config) if document else []


def issue_system_report(ws: Workspace, actor: Actor, assessment_id: int, fmt: str, *, output: Path | None = None,
                        lang: Lang = "vi", font: str | None = None, options: IssueOptions | None = None,
                        sign: SignRequest | None = None) -> IssuedReport:
    """The report of one assessment in ``fmt`` (a name of ``reporting.formats.SYSTEM``), written to
    ``output`` (default: ``reports/<system>-danh-gia-<id><ext>`` in the workspace), signed when
    ``sign`` is given (PDF only)."""
    from secassess.app import visible
    from secassess.reporting.formats import SYSTEM
    from secassess.reporting.load import default_output
    from secassess.reporting.service import write_system_report

    form = SYSTEM.get(fmt)
    with ws.read() as conn:
        a, _system = visible.assessment(conn, actor, assessment_id)
    if output is None:
        output = default_output(ws, a.system_id, assessment_id, form.extension)
    written = write_system_report(ws, assessment_id, fmt, output, lang, font=font, options=options, sign=sign)
    return IssuedReport(written.path, fmt, written.size, written.signed, written.draft,
                        _missing_settings(ws, form.document))


@dataclass(frozen=True)
class ProvinceFigures:
    """The headline figures of a provincial report, as of the end of ``as_of``."""

    period: str
    as_of: date
    systems_in_use: int
    assessed_12m: int
    overdue_items: int
    incidents: int
    notified_late: int
    notification_overdue: int


@dataclass(frozen=True)
class IssuedProvinceReport(IssuedReport):
    figures: ProvinceFigures | None = None


def issue_province_report(ws: Workspace, actor: Actor, period: Period, fmt: str, *, as_of: date | None = None,
                          units: Sequence[str] = (), output: Path | None = None, lang: Lang = "vi",
                          font: str | None = None, options: IssueOptions | None = None,
                          sign: SignRequest | None = None,
                          progress: Callable[[str], None] | None = None) -> IssuedProvinceReport:
    """The province's monthly report of ``period`` in ``fmt`` (a name of
    ``reporting.formats.PROVINCE``), figures as of the end of ``as_of`` (default: the period's last
    day, or today while it lasts), of ``units`` only when given (ids in any case), written to
    ``output`` (default: ``reports/bao-cao-tinh-<period>[-<units>]<ext>``). ``progress`` hears what
    is being done. A province step."""
    from secassess.app import visible
    from secassess.reporting.formats import PROVINCE
    from secassess.reporting.province import service
    from secassess.reporting.service import check_output

    require_province(actor)
    form = PROVINCE.get(fmt)
    wanted: tuple[str, ...] = ()
    if units:  # ids as stored (another case accepted when unambiguous; the closest suggested otherwise)
        with ws.read() as conn:
            wanted = tuple(visible.unit_id(conn, actor, u.strip(), location="--unit") for u in units if u.strip())
    if output is None:
        output = ws.reports_dir / service.default_name(period, fmt, wanted)
    check_output(output)
    say = progress or (lambda _m: None)
    say(msg("app.reports.reading_data_previous_period", p=period.code))
    report = service.build(ws, service.Request(period, as_of, wanted or None), lang, progress=progress,
                           options=options)
    say(msg("app.reports.writing_file", f=fmt.upper()))
    written = service.write(ws, report, fmt, output, font=font, sign=sign)
    cur = report.current
    a, c = cur.summary.ii4a, cur.summary.ii4c
    figures = ProvinceFigures(period.code, cur.measured.as_of, a.systems_in_use.value, a.assessed_12m.value,
                              cur.total.overdue_items.value, c.incidents.value, c.notification["late"].value,
                              c.notification["overdue"].value)
    return IssuedProvinceReport(written.path, fmt, written.size, written.signed,
                                missing_settings=_missing_settings(ws, form.document), figures=figures)
