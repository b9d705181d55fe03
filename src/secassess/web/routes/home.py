"""The home page (the dashboard of the user's scope, then the assessments in it by where their
questionnaire is), the list of systems behind the dashboard's counts, and a system's page."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.responses import Response

from secassess.app import dashboard, overview
from secassess.errors import InputError
from secassess.messages import msg
from secassess.web.context import Ctx, logged_in
from secassess.web.render import page

router = APIRouter()

# the order of the home page's sections: what needs the user first
SECTIONS_UNIT = ("returned", "with_unit", "submitted", "accepted")
SECTIONS_PROVINCE = ("submitted", "accepted", "returned", "with_unit")
FINALIZED_SHOWN = 200  # the newest; a system's page lists all of its own


def parse_day(text: str, location: str = "as_of") -> date | None:
    """A date typed as YYYY-MM-DD (a date field's value); empty: none."""
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(msg("web.routes.home.invalid_date_write_year_month", t=text[:40]),
                         location=location) from None


@router.get("/")
def home(ctx: Annotated[Ctx, Depends(logged_in)], finalized: bool = False, as_of: str = "") -> Response:
    actor = ctx.actor
    board = dashboard.dashboard(ctx.ws, actor, as_of=parse_day(as_of))
    lines = overview.assessments(ctx.ws, actor, include_finalized=finalized, finalized_limit=FINALIZED_SHOWN)
    drafts = [x for x in lines if not x.assessment.finalized]
    order = SECTIONS_UNIT if actor.role == "unit_officer" else SECTIONS_PROVINCE
    sections = [(state, [x for x in drafts if x.state == state]) for state in order]
    done = [x for x in lines if x.assessment.finalized]
    return page(ctx, "home.html.j2", board=board, today=board.as_of == dashboard.resolve_day(None),
                sections=sections, finalized=done, show_finalized=finalized)


@router.get("/systems")
def system_list(ctx: Annotated[Ctx, Depends(logged_in)], level: int | None = None, flag: str = "",
                rating: str = "", unit: str = "", never_assessed: bool = False, stale: bool = False,
                not_assessed: bool = False, assessed: bool = False, mandatory_failed: bool = False,
                as_of: str = "") -> Response:
    filters = dashboard.SystemFilter(level=level, flag=flag or None, rating=rating or None, unit=unit or None,
                                     never_assessed=never_assessed, stale=stale, not_assessed=not_assessed,
                                     assessed=assessed, mandatory_failed=mandatory_failed)
    found = dashboard.system_list(ctx.ws, ctx.actor, filters, as_of=parse_day(as_of))
    return page(ctx, "systems.html.j2", view=found)


@router.get("/systems/{system_id}")
def system_page(ctx: Annotated[Ctx, Depends(logged_in)], system_id: str) -> Response:
    return page(ctx, "system.html.j2", view=overview.system_page(ctx.ws, ctx.actor, system_id))
