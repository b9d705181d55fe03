"""The home page (the assessments in the user's scope, by where their questionnaire is) and a system's
page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.responses import Response

from secassess.app import overview
from secassess.web.context import Ctx, logged_in
from secassess.web.render import page

router = APIRouter()

# the order of the home page's sections: what needs the user first
SECTIONS_UNIT = ("returned", "with_unit", "submitted", "accepted")
SECTIONS_PROVINCE = ("submitted", "accepted", "returned", "with_unit")
FINALIZED_SHOWN = 200  # the newest; a system's page lists all of its own


@router.get("/")
def home(ctx: Annotated[Ctx, Depends(logged_in)], finalized: bool = False) -> Response:
    actor = ctx.actor
    lines = overview.assessments(ctx.ws, actor, include_finalized=finalized, finalized_limit=FINALIZED_SHOWN)
    drafts = [x for x in lines if not x.assessment.finalized]
    order = SECTIONS_UNIT if actor.role == "unit_officer" else SECTIONS_PROVINCE
    sections = [(state, [x for x in drafts if x.state == state]) for state in order]
    done = [x for x in lines if x.assessment.finalized]
    return page(ctx, "home.html.j2", sections=sections, finalized=done, show_finalized=finalized,
                systems=overview.systems(ctx.ws, actor))


@router.get("/systems/{system_id}")
def system_page(ctx: Annotated[Ctx, Depends(logged_in)], system_id: str) -> Response:
    return page(ctx, "system.html.j2", view=overview.system_page(ctx.ws, ctx.actor, system_id))
