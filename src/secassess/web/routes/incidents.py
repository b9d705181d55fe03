"""The incident register in the browser (sổ theo dõi sự cố): the list with its filters (``unit``, ``system``,
``status``, ``severity``, ``late=1``: a notification sent late or not sent past its deadline), recording
an incident, its page with the two notification deadlines counted down in Vietnam time and its history,
and an officer's update — all through the use cases of :mod:`secassess.app.incidents` (a unit officer
records and updates their own unit's incidents; a viewer reads).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query
from starlette.responses import RedirectResponse, Response

from secassess.app import incidents
from secassess.errors import (
    ConflictError,
    ForbiddenError,
    InputError,
    NotFoundError,
    NothingToChange,
)
from secassess.messages import msg
from secassess.web.context import Ctx, logged_in, query_flag
from secassess.web.render import page

router = APIRouter()

PAGE = 200  # incidents a page (a province records over a thousand a year)
Text = Annotated[str, Form(max_length=20000)]
Short = Annotated[str, Form(max_length=100)]


def _systems_to_change(ctx: Ctx) -> list[Any]:
    """The systems the user may record an incident on (a viewer: none)."""
    from secassess.app.inventory import list_systems

    actor = ctx.actor
    return [s for s in list_systems(ctx.ws, actor) if actor.can_change(s.unit_id)]


def _words() -> dict[str, Any]:
    """What the incident templates say with the register's own words (labels, countdowns, changes)."""
    from secassess.incident import rules
    from secassess.incident.present import describe_changes

    return {"inc_status": rules.status_label, "inc_category": rules.category_label, "countdown": rules.countdown,
            "deadline_label": rules.deadline_label, "describe": rules.describe_delay,
            "incident_changes": describe_changes, "categories": list(rules.CATEGORIES),
            "statuses": list(rules.STATUSES)}


def _may_record(ctx: Ctx) -> None:
    """Refuse a viewer (403) before reading what they sent: they record and change nothing."""
    from secassess.app.registers import check_role

    check_role(ctx.actor, ctx.actor.unit or "")


def _time(text: str, name: str, now: datetime) -> datetime | None:
    """A time from a ``datetime-local`` field (or typed: ``20/10/2026 14:30``), Vietnam time; empty: None."""
    from secassess.incident.rules import parse_time

    return parse_time(text, name, now) if text.strip() else None


@router.get("/incidents")
def incident_list(ctx: Annotated[Ctx, Depends(logged_in)], unit: str = "", system: str = "",
                  status: Annotated[list[str], Query()] = [],  # noqa: B006
                  severity: Annotated[list[str], Query()] = [],  # noqa: B006
                  late: str = "", overdue: str = "", detected_from: str = "", detected_to: str = "",
                  page_no: Annotated[int, Query(alias="page", ge=1, le=100000)] = 1) -> Response:
    from secassess.app.inventory import list_units
    from secassess.incident.rules import parse_status
    from secassess.register import parse_severity, split_words
    from secassess.remediation.rules import parse_date

    actor = ctx.actor
    status = [w for w in status if w.strip()]
    severity = [w for w in severity if w.strip()]
    query = incidents.IncidentQuery(
        unit_id=unit.strip() or None, system_id=system.strip() or None,
        statuses=split_words(status, lambda w: parse_status(w, "status")),
        severities=split_words(severity, lambda w: parse_severity(w, "severity")),
        late=query_flag(late), overdue=query_flag(overdue),
        initial_late=late.strip().lower() == "initial",
        detected_from=parse_date(detected_from.strip(), "detected_from") if detected_from.strip() else None,
        detected_to=parse_date(detected_to.strip(), "detected_to") if detected_to.strip() else None)
    found = incidents.list_incidents(ctx.ws, actor, query)
    f = {"unit": unit.strip(), "system": system.strip(), "status": status, "severity": severity,
         "late": query.late, "initial_late": query.initial_late, "overdue": query.overdue,
         "detected_from": detected_from.strip(), "detected_to": detected_to.strip()}
    kept = urlencode([(k, v) for k, v in [("unit", f["unit"]), ("system", f["system"])] if v]
                     + [("status", w) for w in status] + [("severity", w) for w in severity]
                     + [("late", "1")] * query.late + [("late", "initial")] * query.initial_late
                     + [("overdue", "1")] * query.overdue
                     + [(k, f[k]) for k in ("detected_from", "detected_to") if f[k]])
    pages = max(1, -(-len(found.incidents) // PAGE))
    return page(ctx, "incidents.html.j2", view=found, units=list_units(ctx.ws, actor) if actor.province_wide else [],
                f=f, shown=found.incidents[(page_no - 1) * PAGE:page_no * PAGE], page_no=page_no, pages=pages,
                query=kept,
                can_add=actor.role != "viewer", open_count=sum(1 for i in found.incidents if i.status != "resolved"),
                **_words())


def _form_page(ctx: Ctx, form: dict[str, str], *, status: int = 200, error: str | None = None) -> Response:
    from secassess import clock
    from secassess.app.actor import require_change

    systems = _systems_to_change(ctx)
    if not systems:  # a viewer (or a unit officer whose unit has no system): nothing to record on
        require_change(ctx.actor, ctx.actor.unit or "", msg("web.routes.incidents.unit"), ctx.actor.unit or "-")
    return page(ctx, "incident_new.html.j2", status=status, systems=systems, form=form, error=error,
                now=clock.now().strftime("%Y-%m-%dT%H:%M"), **_words())


@router.get("/incidents/new")
def incident_form(ctx: Annotated[Ctx, Depends(logged_in)], system: str = "") -> Response:
    return _form_page(ctx, {"system": system})


@router.post("/incidents/new")
def incident_add(ctx: Annotated[Ctx, Depends(logged_in)], system: Short = "", category: Short = "",
                 severity: Short = "", description: Text = "", actions_taken: Text = "", detected_at: Short = "",
                 notified_at: Short = "", full_report_at: Short = "", resolved_at: Short = "") -> Response:
    from secassess import clock
    from secassess.incident.rules import parse_category
    from secassess.register import parse_severity

    form = {"system": system, "category": category, "severity": severity, "description": description,
            "actions_taken": actions_taken, "detected_at": detected_at, "notified_at": notified_at,
            "full_report_at": full_report_at, "resolved_at": resolved_at}
    _may_record(ctx)
    now = clock.now()
    try:
        if not system.strip():
            raise InputError(msg("web.routes.incidents.choose_system"), location="system")
        if not detected_at.strip():
            raise InputError(msg("web.routes.incidents.detection_time_needed"),
                             location="detected_at")
        new = incidents.NewIncident(
            system_id=system.strip(), detected_at=_time(detected_at, "detected_at", now) or now,
            category=parse_category(category, "category"), severity=parse_severity(severity, "severity"),
            description=description, actions_taken=actions_taken,
            notified_at=_time(notified_at, "notified_at", now), full_report_at=_time(full_report_at,
                                                                                     "full_report_at", now),
            resolved_at=_time(resolved_at, "resolved_at", now))
        added = incidents.add_incident(ctx.ws, ctx.actor, new)
    except InputError as exc:
        if isinstance(exc, NotFoundError | ForbiddenError):
            raise
        return _form_page(ctx, form, status=422, error=str(exc))
    return RedirectResponse(f"/incidents/{added.id}?done=added", status_code=303)


def _incident_page(ctx: Ctx, incident_id: int, *, done: str = "", error: str | None = None, status: int = 200,
                   form: dict[str, str] | None = None) -> Response:
    from secassess.incident.rules import TRANSITIONS

    view = incidents.show_incident(ctx.ws, ctx.actor, incident_id)
    can_change = ctx.actor.can_change(view.incident.unit_id)
    targets = sorted(TRANSITIONS.get(view.incident.status, ())) if can_change else []
    return page(ctx, "incident.html.j2", status=status, view=view, can_change=can_change, targets=targets,
                done=done, error=error, form=form or {}, **_words())


@router.get("/incidents/{incident_id}")
def incident_page(ctx: Annotated[Ctx, Depends(logged_in)], incident_id: int, done: str = "") -> Response:
    return _incident_page(ctx, incident_id, done=done)


@router.post("/incidents/{incident_id}")
def incident_update(ctx: Annotated[Ctx, Depends(logged_in)], incident_id: int, version: Annotated[int, Form(ge=0)],
                    status: Short = "", category: Short = "", severity: Short = "", notified_at: Short = "",
                    full_report_at: Short = "", resolved_at: Short = "", add_action: Text = "",
                    note: Text = "") -> Response:
    from secassess import clock
    from secassess.incident.rules import parse_category, parse_status
    from secassess.incident.service import Change
    from secassess.register import parse_severity

    form = {"status": status, "category": category, "severity": severity, "notified_at": notified_at,
            "full_report_at": full_report_at, "resolved_at": resolved_at, "add_action": add_action, "note": note}
    if ctx.actor.role == "viewer":  # another unit's incident is not found first (a viewer sees every unit)
        _may_record(ctx)
    now = clock.now()
    try:
        change = Change(status=parse_status(status, "status") if status.strip() else None,
                        category=parse_category(category, "category") if category.strip() else None,
                        severity=parse_severity(severity, "severity") if severity.strip() else None,
                        notified_at=_time(notified_at, "notified_at", now),
                        full_report_at=_time(full_report_at, "full_report_at", now),
                        resolved_at=_time(resolved_at, "resolved_at", now),
                        add_action=add_action if add_action.strip() else None)
        incidents.update_incident(ctx.ws, ctx.actor, incident_id, change, note=note or None, expect_version=version)
    except ConflictError:
        return _incident_page(ctx, incident_id, status=409, form=form, error=msg("web.routes.incidents.someone_else_has_just_changed"))
    except NothingToChange:
        return _incident_page(ctx, incident_id, status=422, form=form,
                              error=msg("web.routes.incidents.nothing_to_change"))
    except InputError as exc:
        if isinstance(exc, NotFoundError | ForbiddenError):
            raise
        return _incident_page(ctx, incident_id, status=422, form=form, error=str(exc))
    return RedirectResponse(f"/incidents/{incident_id}?done=updated", status_code=303)
