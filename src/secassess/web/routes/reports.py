"""The month's report page: pick a month (default: the previous one, Vietnam time), download the
provincial report of it (PDF, Word, XLSX), and see which units have not yet reported for it or still
have assessments in progress, to chase them before the 15th. A province step (admin, officer)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.responses import Response

from secassess import clock
from secassess.app import dashboard
from secassess.app.actor import require_province
from secassess.errors import NotFoundError
from secassess.messages import msg
from secassess.web.context import Ctx, logged_in
from secassess.web.render import page
from secassess.web.routes.assessments import download

router = APIRouter()

#: the provincial report formats offered for download from the page (the others stay the command line's)
PROVINCE_FORMATS = ("pdf", "docx", "xlsx")
MONTHS_OFFERED = 13  # this month and the twelve before it


@router.get("/reports/province")
def province_page(ctx: Annotated[Ctx, Depends(logged_in)], period: str = "") -> Response:
    from secassess.reporting.province.period import Period, parse_period

    require_province(ctx.actor)
    chosen = parse_period(period) if period.strip() else dashboard.default_period()
    today = clock.today()
    months = [Period(today.year, today.month)]
    while len(months) < MONTHS_OFFERED:
        months.append(months[-1].previous())
    if chosen not in months:
        months.append(chosen)
    month = dashboard.month_status(ctx.ws, ctx.actor, chosen)
    return page(ctx, "reports.html.j2", month=month, chosen=chosen, months=months, formats=PROVINCE_FORMATS,
                started=chosen.start <= today)


@router.get("/reports/province/{period}.{fmt}")
def province_report(ctx: Annotated[Ctx, Depends(logged_in)], period: str, fmt: str) -> Response:
    """The provincial report of ``period``, issued by the reports use case into a temporary folder and sent."""
    from secassess.app.reports import issue_province_report
    from secassess.reporting.formats import PROVINCE
    from secassess.reporting.province.period import parse_period

    if fmt not in PROVINCE_FORMATS:
        raise NotFoundError(msg("web.routes.reports.no_report_format", f=fmt))
    chosen = parse_period(period)
    form = PROVINCE.get(fmt)
    name = f"bao-cao-tinh-{chosen.code}{form.extension}"
    with tempfile.TemporaryDirectory(prefix="secassess-report-") as tmp:
        issued = issue_province_report(ctx.ws, ctx.actor, chosen, fmt, lang=ctx.lang, output=Path(tmp) / name)
        data = issued.path.read_bytes()
    return download(data, name, form.media_type)
