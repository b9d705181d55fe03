"""Make a provincial report file: check the options, load the data once, compute, render, write
atomically — what ``secassess report province`` and ``secassess demo`` both call."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from secassess import __version__, clock
from secassess.errors import InputError
from secassess.i18n import Lang
from secassess.messages import msg
from secassess.reporting.formats import PROVINCE
from secassess.reporting.province.period import Frame, Period, resolve_as_of

if TYPE_CHECKING:
    from secassess.reporting.build import IssueOptions
    from secassess.reporting.province.model import ProvinceReport
    from secassess.reporting.sign import SignRequest
    from secassess.workspace import Workspace

def default_name(period: Period, fmt: str, units: Sequence[str] | None = None) -> str:
    """``bao-cao-tinh-2026-10.pdf`` (``…-STP-SYT`` when filtered)."""
    tail = ("-" + "-".join(units)) if units else ""
    return f"bao-cao-tinh-{period.code}{tail}{PROVINCE.get(fmt).extension}"


def check_units(ws: Workspace, units: Sequence[str] | None) -> list[str] | None:
    """The unit filter, each id checked (unknown: input error naming it); None: every unit."""
    if not units:
        return None
    from secassess.store.schema.inventory import units as units_table

    wanted = list(dict.fromkeys(u.strip() for u in units if u.strip()))
    with ws.read() as conn:
        known = {r[0] for r in conn.execute(select(units_table.c.id).where(units_table.c.id.in_(wanted)))}
    missing = [u for u in wanted if u not in known]
    if missing:
        raise InputError(msg("reporting.province.service.no_unit_see_secassess_unit", u=", ".join(f"“{m}”" for m in missing)), location="--unit")
    return wanted


@dataclass(frozen=True)
class Request:
    period: Period
    as_of: date | None = None
    units: Sequence[str] | None = None


def build(ws: Workspace, req: Request, lang: Lang, *, now: datetime | None = None,
          progress: Callable[[str], None] | None = None, options: IssueOptions | None = None) -> ProvinceReport:
    """The report of ``req`` in ``lang``, from the workspace as it is now; ``options``: the number
    and the officer's own recommendations (drafted from the figures otherwise)."""
    from secassess.incident.rules import Deadlines
    from secassess.reporting.build import header_from_config
    from secassess.reporting.province import data as province_data
    from secassess.reporting.province.compute import Texts, build_report
    from secassess.reporting.province.wording import ProvinceWording

    now = now or clock.now()
    today = clock.local(now).date()
    as_of = resolve_as_of(req.period, req.as_of, today)
    units = check_units(ws, req.units)
    frame = Frame(req.period, as_of)
    deadlines = Deadlines.from_config(ws.config.incidents)
    cfg = ws.config
    header = header_from_config(cfg, today)
    w = ProvinceWording(lang)

    def texts(f: Frame) -> Texts:
        pv = w.period_values(f.period.year, f.period.month)
        province, to = cfg.province.strip(), cfg.province_report_to.strip()
        addressee = (w("addressee_to", to=to) if to else w("addressee", province=province) if province
                     else w("addressee_default"))
        return Texts(title=w("title", **pv), addressee=addressee)

    with ws.read() as conn:
        loaded = province_data.load(conn, [frame, frame.previous()], units, lang, progress)
    report = build_report(loaded, frame, deadlines, header=header, lang=lang, texts=texts, generated_at=now,
                          generator=f"secassess {__version__}", units_selected=units)
    from dataclasses import replace

    from secassess.reporting.build import IssueOptions
    from secassess.reporting.model import Issue
    from secassess.reporting.province.present import recommendations

    o = options or IssueOptions()
    drafted = o.recommendations is None
    return replace(report, issue=Issue(
        number=o.number.strip(), recommendations=list(o.recommendations or recommendations(report, w)),
        recommendations_source="drafted" if drafted else "officer", conclusion=[]))


@dataclass(frozen=True)
class Written:
    path: Path
    format: str
    size: int
    signed: bool = False


def write(ws: Workspace, report: ProvinceReport, fmt: str, output: Path, *, font: str | None = None,
          sign: SignRequest | None = None) -> Written:
    """Render (and sign, when asked) and write one file; it appears whole or not at all."""
    from secassess.reporting.service import check_output, produce, renderer_options, write_file

    check_output(output)
    form = PROVINCE.get(fmt)
    options = renderer_options(ws, form, font)
    data = produce(form, options, report, sign, report.lang)
    write_file(output, data)
    return Written(output, fmt, len(data), sign is not None)
