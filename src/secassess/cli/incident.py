"""``secassess incident``: the incident register (sổ theo dõi sự cố) — add, list, show, update.

Times are typed in Vietnam time (``20/10/2026 14:30``, ``2026-10-20 14:30`` or ``now``). The deadlines
for the initial notification and the full report to the Ministry of Public Security's specialised unit
come from ``incidents:`` in secassess.yaml (24 h and 72 h after detection by default).

Each command parses its options, calls one use case of :mod:`secassess.app.incidents` and prints.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import click

from secassess.cli.common import App, done_id, echo_table, emit_json, json_option, pass_app
from secassess.i18n import severity_label
from secassess.messages import msg

if TYPE_CHECKING:
    from collections.abc import Callable

    from secassess.incident.rules import DeadlineCheck
    from secassess.incident.service import Incident

TIME_HELP = msg("cli.incident.vietnam_time_e_g_2026")
CATEGORY_HELP = "malware, intrusion, ddos, defacement, data_leak, phishing, account, vulnerability, outage, other"


@click.group(help=msg("cli.incident.incident_register_record_incidents_follow"))
def incident() -> None:
    pass


# --------------------------------------------------------------------------- shared


def _time(value: str | None, option: str, now: datetime) -> datetime | None:
    if value is None:
        return None
    from secassess.incident.rules import parse_time

    return parse_time(value, option, now)


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    from secassess.remediation.rules import parse_date

    return parse_date(value, option)


def _deadline_text(d: DeadlineCheck) -> str:
    from secassess import clock
    from secassess.incident.rules import deadline_label, describe_delay

    label = deadline_label(d.state)
    if d.state in ("on_time", "late") and d.done_at is not None:
        text = f"{clock.fmt_datetime(d.done_at)} ({label}"
        if d.state == "late" and d.late_by is not None:
            text += msg("cli.incident.text", x=describe_delay(d.late_by))
        return text + ")"
    if d.state == "overdue" and d.late_by is not None:
        return msg("cli.incident.due_ago", l=label.upper(), d=clock.fmt_datetime(d.due_at), x=describe_delay(d.late_by))
    return msg("cli.incident.due", l=label, d=clock.fmt_datetime(d.due_at))


def _time_options(f: Callable[..., Any], *, for_add: bool) -> Callable[..., Any]:
    clear = "" if for_add else msg("cli.incident.remove")
    opts = [
        click.option("--detected-at", required=for_add, metavar=msg("cli.incident.time"),
                     help=msg("cli.incident.when_incident_was_detected", h=TIME_HELP)),
        click.option("--category", required=for_add, help=msg("cli.incident.category_3", c=CATEGORY_HELP)),
        click.option("--severity", required=for_add, help=msg("cli.incident.severity_low_medium_high_critical_2")),
        click.option("--description", required=for_add, help=msg("cli.incident.what_happened_what_affected")),
        click.option("--actions", help=msg("cli.incident.actions_taken_replaces_whole_text")),
        click.option("--notified-at", metavar=msg("cli.incident.time"), help=msg("cli.incident.when_initial_notification_was_sent", c=clear)),
        click.option("--full-report-at", metavar=msg("cli.incident.time"), help=msg("cli.incident.when_full_report_was_sent", c=clear)),
        click.option("--resolved-at", metavar=msg("cli.incident.time"), help=msg("cli.incident.when_incident_was_resolved_becomes", c=clear)),
        click.option("--status", help=msg("cli.incident.status_open_handling_resolved")),
    ]
    for o in reversed(opts):
        f = o(f)
    return f


def _add_options(f: Callable[..., Any]) -> Callable[..., Any]:
    return _time_options(f, for_add=True)


def _update_options(f: Callable[..., Any]) -> Callable[..., Any]:
    return _time_options(f, for_add=False)


# --------------------------------------------------------------------------- add


@incident.command("add", help=msg("cli.incident.record_incident_prints_id_last"))
@click.option("--system", "system_id", required=True, help=msg("cli.incident.affected_system_id"))
@_add_options
@pass_app
def incident_add(app: App, system_id: str, detected_at: str, category: str, severity: str, description: str,
                 actions: str | None, notified_at: str | None, full_report_at: str | None, resolved_at: str | None,
                 status: str | None) -> None:
    from secassess import clock
    from secassess.app.actor import local_actor
    from secassess.app.incidents import NewIncident, add_incident
    from secassess.incident import rules

    now = clock.now()
    times = {"detected_at": _time(detected_at, "--detected-at", now), "notified_at": _time(notified_at,
             "--notified-at", now), "full_report_at": _time(full_report_at, "--full-report-at", now),
             "resolved_at": _time(resolved_at, "--resolved-at", now)}
    detected = times["detected_at"]
    assert detected is not None
    new = NewIncident(system_id=system_id, detected_at=detected, category=rules.parse_category(category),
                      severity=rules.parse_severity(severity), description=description, actions_taken=actions or "",
                      notified_at=times["notified_at"], full_report_at=times["full_report_at"],
                      resolved_at=times["resolved_at"],
                      status=rules.parse_status(status) if status is not None else None)
    inc = add_incident(app.ws(), local_actor(), new)
    click.echo(msg("cli.incident.recorded_incident_severity_detected", i=inc.id, s=inc.system_id, c=rules.category_label(inc.category), v=severity_label(inc.severity), d=clock.fmt_datetime(inc.detected_at)))
    _deadline_lines(inc)
    done_id(inc.id)


def _deadline_lines(inc: Incident) -> None:
    click.echo("  " + msg("cli.incident.initial_notification", t=_deadline_text(inc.notification)))
    click.echo("  " + msg("cli.incident.full_report", t=_deadline_text(inc.full_report)))
    if inc.overdue:
        click.secho(msg("cli.incident.incident_past_notification_deadline_ministry", i=inc.id),
                    fg="red", err=True)


# --------------------------------------------------------------------------- list


@incident.command("list", help=msg("cli.incident.list_incidents_newest_first_their"))
@click.option("--unit", "unit_id", help=msg("cli.incident.only_unit_systems"))
@click.option("--system", "system_id", help=msg("cli.incident.only_system"))
@click.option("--status", "statuses", multiple=True, metavar="STATUS",
              help=msg("cli.incident.status_repeat_separate_commas_open"))
@click.option("--severity", "severities", multiple=True, metavar="SEVERITY",
              help=msg("cli.incident.severity_low_medium_high_critical"))
@click.option("--from", "date_from", metavar=msg("cli.incident.date"),
              help=msg("cli.incident.detected_after_date_e_g"))
@click.option("--to", "date_to", metavar=msg("cli.incident.date"),
              help=msg("cli.incident.detected_before_date"))
@click.option("--overdue", is_flag=True, help=msg("cli.incident.only_incidents_past_notification_deadline"))
@json_option
@pass_app
def incident_list(app: App, unit_id: str | None, system_id: str | None, statuses: tuple[str, ...],
                  severities: tuple[str, ...], date_from: str | None, date_to: str | None, overdue: bool,
                  as_json: bool) -> None:
    from secassess import clock
    from secassess.app.actor import local_actor
    from secassess.app.incidents import IncidentQuery, list_incidents
    from secassess.incident import rules
    from secassess.register import split_words

    query = IncidentQuery(unit_id=unit_id, system_id=system_id, statuses=split_words(statuses, rules.parse_status),
                          severities=split_words(severities, rules.parse_severity),
                          detected_from=_date(date_from, "--from"), detected_to=_date(date_to, "--to"),
                          overdue=overdue)
    listing = list_incidents(app.ws(), local_actor(), query)
    found, deadlines, now, n_over = listing.incidents, listing.deadlines, listing.as_of, listing.overdue
    if as_json:
        emit_json({"as_of": now.isoformat(), "count": len(found), "overdue": n_over,
                   "deadlines": {"initial_notification_hours": deadlines.initial_notification_hours,
                                 "full_report_hours": deadlines.full_report_hours},
                   "incidents": [i.to_dict() for i in found]})
        return
    if not found:
        click.echo(msg("cli.incident.no_matching_incidents"))
        return

    def short(d: DeadlineCheck) -> str:
        label = rules.deadline_label(d.state)
        if d.done_at is not None:
            return f"{clock.fmt_datetime(d.done_at)} ({label})"
        return label.upper() if d.state == "overdue" else label

    echo_table([msg("cli.incident.id"), msg("cli.incident.system"), msg("cli.incident.detected"), msg("cli.incident.category"),
                msg("cli.incident.severity"), msg("cli.incident.status"), msg("cli.incident.initial_notification_2"),
                msg("cli.incident.full_report_2"), msg("cli.incident.resolved")],
               [(f"#{i.id}" + (" !" if i.overdue else ""), i.system_id, clock.fmt_datetime(i.detected_at),
                 rules.category_label(i.category), severity_label(i.severity), rules.status_label(i.status),
                 short(i.notification), short(i.full_report), clock.fmt_datetime(i.resolved_at))
                for i in found], max_col=40)
    click.echo(msg("cli.incident.incident_past_notification_deadline_marked", n=len(found), o=n_over, d=clock.fmt_datetime(now), a=deadlines.initial_notification_hours, b=deadlines.full_report_hours))


# --------------------------------------------------------------------------- show


@incident.command("show", help=msg("cli.incident.show_one_incident_deadlines_full"))
@click.argument("incident_ref", metavar="INCIDENT")
@json_option
@pass_app
def incident_show(app: App, incident_ref: str, as_json: bool) -> None:
    from secassess import clock
    from secassess.app.actor import local_actor
    from secassess.app.incidents import show_incident
    from secassess.incident import rules
    from secassess.incident.present import describe_changes
    from secassess.incident.service import parse_incident_id

    found = show_incident(app.ws(), local_actor(), parse_incident_id(incident_ref))
    inc, hist = found.incident, found.history
    if as_json:
        emit_json({**inc.to_dict(), "history": [h.to_dict() for h in hist]})
        return
    click.secho(f"#{inc.id} — {inc.system_id}: {rules.category_label(inc.category)}", bold=True)
    lines = [
        (msg("cli.incident.system"), f"{inc.system_id} — {inc.system_name}"),
        (msg("cli.incident.unit"), f"{inc.unit_id} — {inc.unit_name}"),
        (msg("cli.incident.detected_2"), clock.fmt_datetime(inc.detected_at)),
        (msg("cli.incident.category_2"), rules.category_label(inc.category)),
        (msg("cli.incident.severity"), severity_label(inc.severity)),
        (msg("cli.incident.status"), rules.status_label(inc.status)),
        (msg("cli.incident.initial_notification_2"), _deadline_text(inc.notification)),
        (msg("cli.incident.full_report_2"), _deadline_text(inc.full_report)),
        (msg("cli.incident.resolved_2"), clock.fmt_datetime(inc.resolved_at) or "—"),
        (msg("cli.incident.recorded"), f"{inc.created_by} ({clock.fmt_datetime(inc.created_at)})"),
        (msg("cli.incident.version"), msg("cli.incident.pass_expect_version_when_updating", v=inc.version)),
    ]
    width = max(len(k) for k, _ in lines)
    for k, v in lines:
        click.echo(f"  {k.ljust(width)}  {v}")
    for title, text in ((msg("cli.incident.description"), inc.description),
                        (msg("cli.incident.actions_taken"), inc.actions_taken)):
        click.echo()
        click.secho(title, bold=True)
        for line in (text or "—").split("\n"):
            click.echo(f"  {line}")
    if inc.overdue:
        click.echo()
        click.secho(msg("cli.incident.past_notification_deadline_ministry_specialised"), fg="red")
    click.echo()
    click.secho(msg("cli.incident.history_changes", n=len(hist)), bold=True)
    for h in hist:
        what = msg("cli.incident.recorded_2") if h.created else describe_changes(h.changes)
        click.echo(f"  {clock.fmt_datetime(h.at)} · {h.actor} · {what}")
        if h.note:
            click.echo("      " + msg("cli.incident.note", n=h.note))


# --------------------------------------------------------------------------- update


@incident.command("update", help=msg("cli.incident.update_incident_status_notification_full"))
@click.argument("incident_ref", metavar="INCIDENT")
@click.option("--system", "system_id", help=msg("cli.incident.correct_affected_system"))
@_update_options
@click.option("--add-action", help=msg("cli.incident.append_line_time_actions_taken"))
@click.option("--note", help=msg("cli.incident.note_kept_history"))
@click.option("--expect-version", type=click.IntRange(min=1), metavar="N",
              help=msg("cli.incident.version_you_looked_incident_show"))
@json_option
@pass_app
def incident_update(app: App, incident_ref: str, system_id: str | None, detected_at: str | None,
                    category: str | None, severity: str | None, description: str | None, actions: str | None,
                    notified_at: str | None, full_report_at: str | None, resolved_at: str | None,
                    status: str | None, add_action: str | None, note: str | None, expect_version: int | None,
                    as_json: bool) -> None:
    from secassess import clock
    from secassess.app.actor import local_actor
    from secassess.app.incidents import update_incident
    from secassess.incident import rules
    from secassess.incident.present import describe_changes
    from secassess.incident.service import Change, parse_incident_id

    incident_id = parse_incident_id(incident_ref)
    now = clock.now()
    clear: list[str] = []
    given: dict[str, datetime | None] = {}
    for name, value, option in (("detected_at", detected_at, "--detected-at"), ("notified_at", notified_at,
                                "--notified-at"), ("full_report_at", full_report_at, "--full-report-at"),
                                ("resolved_at", resolved_at, "--resolved-at")):
        if value is not None and value.strip() == rules.CLEAR:
            clear.append(name)
            given[name] = None
        else:
            given[name] = _time(value, option, now)
    change = Change(
        system_id=system_id, detected_at=given["detected_at"],
        category=rules.parse_category(category) if category is not None else None,
        severity=rules.parse_severity(severity) if severity is not None else None, description=description,
        actions_taken=actions, add_action=add_action, notified_at=given["notified_at"],
        full_report_at=given["full_report_at"], resolved_at=given["resolved_at"],
        status=rules.parse_status(status) if status is not None else None, clear=tuple(clear))
    done = update_incident(app.ws(), local_actor(), incident_id, change, note=note, expect_version=expect_version)
    after, last = done.incident, done.change
    if as_json:
        emit_json(after.to_dict())
        return
    what = describe_changes(last.changes) or msg("cli.incident.note_added")
    click.echo(msg("cli.incident.updated_incident_version", i=after.id, a=after.version - 1, b=after.version, w=what))
    _deadline_lines(after)
