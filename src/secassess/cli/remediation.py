"""``secassess remediation``: list, show, update, accept-risk, export remediation items — each
command parses its options, calls one use case of :mod:`secassess.app.remediation` and prints.

Every command first reopens items whose risk acceptance has expired (the use cases do) and says so.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from secassess.cli.common import (
    App,
    echo_table,
    emit_json,
    json_option,
    lang,
    pass_app,
    severity_label,
)
from secassess.messages import msg

if TYPE_CHECKING:
    from collections.abc import Callable

    from secassess.app.remediation import ItemChanged, ItemQuery
    from secassess.remediation.service import ExpiredItem, RemediationItem

STATUS_HELP = "open, in_progress, resolved, verified, risk_accepted"


@click.group(help=msg("cli.remediation.remediation_tracking_each_failed_partial"))
def remediation() -> None:
    pass


# --------------------------------------------------------------------------- shared


def _expired_notice(expired: list[ExpiredItem], *, err: bool) -> None:
    if not expired:
        return
    from secassess.clock import fmt_date

    listed = ", ".join(f"#{e.id} {e.system_id}/{e.control_id} ({msg('cli.remediation.expired_after')} "
                       f"{fmt_date(e.risk_until)})" for e in expired)
    click.secho(msg("cli.remediation.reopened_item_whose_risk_acceptance", n=len(expired), l=listed),
                fg="yellow", err=err)


def _date(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    from secassess.remediation.rules import parse_date

    return parse_date(value, name)


def _filter_options(f: Callable[..., Any]) -> Callable[..., Any]:
    opts = [
        click.option("--unit", "unit_id", help=msg("cli.remediation.only_unit_systems")),
        click.option("--system", "system_id", help=msg("cli.remediation.only_system")),
        click.option("--status", "statuses", multiple=True, metavar="STATUS",
                     help=msg("cli.remediation.status_repeat_separate_commas", s=STATUS_HELP)),
        click.option("--severity", "severities", multiple=True, metavar="SEVERITY",
                     help=msg("cli.remediation.severity_low_medium_high_critical")),
        click.option("--overdue", is_flag=True, help=msg("cli.remediation.only_overdue_items")),
        click.option("--as-of", "as_of", metavar="DATE",
                     help=msg("cli.remediation.measure_overdue_as_date_default")),
    ]
    for o in reversed(opts):
        f = o(f)
    return f


def _query(unit_id: str | None, system_id: str | None, statuses: tuple[str, ...], severities: tuple[str, ...],
           overdue: bool, as_of: str | None, *, include_verified: bool = True) -> ItemQuery:
    """The filter options as a query (words read as codes, the date as a date)."""
    from secassess.app.remediation import ItemQuery
    from secassess.register import parse_severity, split_words
    from secassess.remediation.rules import parse_status

    return ItemQuery(unit_id=unit_id, system_id=system_id, statuses=split_words(statuses, parse_status),
                     severities=split_words(severities, parse_severity), overdue=overdue,
                     as_of=_date(as_of, "--as-of"), include_verified=include_verified)


# --------------------------------------------------------------------------- list


@remediation.command("list", help=msg("cli.remediation.list_remediation_items_default_those"))
@_filter_options
@click.option("--all", "show_all", is_flag=True, help=msg("cli.remediation.include_verified_items"))
@json_option
@pass_app
def remediation_list(app: App, unit_id: str | None, system_id: str | None, statuses: tuple[str, ...],
                     severities: tuple[str, ...], overdue: bool, as_of: str | None, show_all: bool,
                     as_json: bool) -> None:
    from secassess import clock
    from secassess.app.actor import local_actor
    from secassess.app.remediation import list_items
    from secassess.remediation.present import result_label
    from secassess.remediation.rules import status_label

    found = list_items(app.ws(), local_actor(), _query(unit_id, system_id, statuses, severities, overdue, as_of,
                                                       include_verified=show_all))
    day, items, expired, n_over = found.as_of, found.items, found.reopened_expired, found.overdue
    if as_json:
        emit_json({"as_of": day.isoformat(), "count": len(items), "overdue": n_over,
                   "reopened_expired": [{"id": e.id, "system_id": e.system_id, "control_id": e.control_id,
                                         "risk_until": e.risk_until.isoformat()} for e in expired],
                   "items": [i.to_dict() for i in items]})
        return
    _expired_notice(expired, err=False)
    if not items:
        click.echo(msg("cli.remediation.no_matching_remediation_items"))
        return
    lg = lang()

    def status_text(i: RemediationItem) -> str:
        s = status_label(i.status)
        if i.status == "risk_accepted" and i.risk_until:
            s += msg("cli.remediation.until", d=clock.fmt_date(i.risk_until))
            if i.risk_expired:
                s += msg("cli.remediation.expired_date")
        return s

    echo_table([msg("cli.remediation.id"), msg("cli.remediation.system"), msg("cli.remediation.control"), msg("cli.remediation.title"),
                msg("cli.remediation.severity"), msg("cli.remediation.result"), msg("cli.remediation.status"),
                msg("cli.remediation.owner"), msg("cli.remediation.due"), msg("cli.remediation.overdue")],
               [(f"#{i.id}", i.system_id, i.control_id, i.title.get(lg) or i.title.get("vi", ""),
                 severity_label(i.severity), result_label(i.result), status_text(i), i.owner,
                 clock.fmt_date(i.due_date),
                 msg("cli.remediation.days", n=i.days_overdue) if i.overdue else "")
                for i in items], max_col=48)
    click.echo(msg("cli.remediation.item_overdue_as", n=len(items), o=n_over, d=clock.fmt_date(day)))


# --------------------------------------------------------------------------- show


@remediation.command("show", help=msg("cli.remediation.show_one_item_full_history"))
@click.argument("item")
@json_option
@pass_app
def remediation_show(app: App, item: str, as_json: bool) -> None:
    from secassess import clock
    from secassess.app.actor import local_actor
    from secassess.app.remediation import show_item
    from secassess.remediation.present import action_label, describe_changes, result_label
    from secassess.remediation.rules import status_label
    from secassess.remediation.service import parse_item_id

    found = show_item(app.ws(), local_actor(), parse_item_id(item))
    it, hist, advice, expired = found.item, found.history, found.advice, found.reopened_expired
    if as_json:
        emit_json({**it.to_dict(), "remediation_advice": advice, "history": [h.to_dict() for h in hist]})
        return
    _expired_notice(expired, err=True)
    lg = lang()
    click.secho(f"#{it.id} — {it.system_id} / {it.control_id}: {it.title.get(lg) or it.title.get('vi', '')}",
                bold=True)
    due = clock.fmt_date(it.due_date) or "—"
    if it.overdue:
        due += msg("cli.remediation.days_overdue", n=it.days_overdue)
    lines = [
        (msg("cli.remediation.system"), f"{it.system_id} — {it.system_name}"),
        (msg("cli.remediation.unit"), f"{it.unit_id} — {it.unit_name}"),
        (msg("cli.remediation.status"), status_label(it.status)),
        (msg("cli.remediation.severity"), severity_label(it.severity)),
        (msg("cli.remediation.latest_result"), result_label(it.result)),
        (msg("cli.remediation.owner_2"), it.owner or "—"),
        (msg("cli.remediation.due_date"), due),
        (msg("cli.remediation.opened_assessment"),
         f"#{it.opened_by_assessment_id} ({clock.fmt_datetime(it.opened_at)})"),
        (msg("cli.remediation.latest_assessment"), f"#{it.last_assessment_id}"),
    ]
    if it.verified_by_assessment_id is not None:
        lines.append((msg("cli.remediation.verified_assessment"), f"#{it.verified_by_assessment_id}"))
    if it.status == "risk_accepted":
        lines += [(msg("cli.remediation.approved"), it.risk_approver or ""),
                  (msg("cli.remediation.reason"), it.risk_reason or ""),
                  (msg("cli.remediation.accepted_through"), clock.fmt_date(it.risk_until))]
    lines.append((msg("cli.remediation.version"),
                  msg("cli.remediation.pass_expect_version_when_updating", v=it.version)))
    width = max(len(k) for k, _ in lines)
    for k, v in lines:
        click.echo(f"  {k.ljust(width)}  {v}")
    text = advice.get(lg) or advice.get("vi")
    if text:
        click.echo()
        click.secho(msg("cli.remediation.recommended_remediation"), bold=True)
        click.echo(f"  {text}")
    click.echo()
    click.secho(msg("cli.remediation.history_changes", n=len(hist)), bold=True)
    for h in hist:
        click.echo(f"  {clock.fmt_datetime(h.at)} · {h.actor} · {action_label(h.action)}")
        what = describe_changes(h.changes)
        if what:
            click.echo(f"      {what}")
        if h.note:
            click.echo("      " + msg("cli.remediation.note", n=h.note))
        if h.attachment_sha256:
            click.echo("      " + msg("cli.remediation.evidence_sha_256", f=h.attachment_name or "", h=h.attachment_sha256[:16]))


# --------------------------------------------------------------------------- update, accept-risk


def _changed(done: ItemChanged, as_json: bool) -> None:
    """What an officer's change (update, accept-risk) printed: expired acceptances reopened first (on
    stderr), then what changed."""
    from secassess.remediation.present import describe_changes

    _expired_notice(done.reopened_expired, err=True)
    after, last = done.item, done.change
    if as_json:
        emit_json(after.to_dict())
        return
    what = describe_changes(last.changes) or msg("cli.remediation.note_added")
    if last.attachment_name:
        what += msg("cli.remediation.evidence", f=last.attachment_name)
    click.echo(msg("cli.remediation.updated_item_version", i=after.id, a=after.version - 1, b=after.version, w=what))


@remediation.command("update", help=msg("cli.remediation.update_item_status_owner_due"))
@click.argument("item")
@click.option("--status", help=msg("cli.remediation.new_status_open_progress_resolved"))
@click.option("--owner", help=msg("cli.remediation.owner_person_office"))
@click.option("--due", metavar="DATE", help=msg("cli.remediation.new_due_date"))
@click.option("--note", help=msg("cli.remediation.note_kept_history"))
@click.option("--evidence", type=click.Path(path_type=Path, dir_okay=False),
              help=msg("cli.remediation.evidence_file_attach"))
@click.option("--expect-version", type=click.IntRange(min=1), metavar="N",
              help=msg("cli.remediation.version_you_looked_remediation_show"))
@json_option
@pass_app
def remediation_update(app: App, item: str, status: str | None, owner: str | None, due: str | None,
                       note: str | None, evidence: Path | None, expect_version: int | None, as_json: bool) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.remediation import ItemUpdate, update_item
    from secassess.remediation.rules import parse_status
    from secassess.remediation.service import parse_item_id

    item_id = parse_item_id(item)
    change = ItemUpdate(status=parse_status(status) if status is not None else None, owner=owner,
                        due=_date(due, "--due"), note=note, evidence=evidence)
    _changed(update_item(app.ws(), local_actor(), item_id, change, expect_version=expect_version), as_json)


@remediation.command("accept-risk", help=msg("cli.remediation.accept_risk_item_through_date"))
@click.argument("item")
@click.option("--approver", required=True, help=msg("cli.remediation.who_approved_name_position"))
@click.option("--reason", required=True, help=msg("cli.remediation.why_what_compensates"))
@click.option("--until", required=True, metavar="DATE", help=msg("cli.remediation.accepted_through_date"))
@click.option("--note", help=msg("cli.remediation.additional_note"))
@click.option("--expect-version", type=click.IntRange(min=1), metavar="N",
              help=msg("cli.remediation.version_you_looked_refused_if"))
@json_option
@pass_app
def remediation_accept_risk(app: App, item: str, approver: str, reason: str, until: str, note: str | None,
                            expect_version: int | None, as_json: bool) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.remediation import RiskAcceptance, accept_risk
    from secassess.remediation.rules import parse_date
    from secassess.remediation.service import parse_item_id

    item_id = parse_item_id(item)
    acceptance = RiskAcceptance(approver=approver, reason=reason, until=parse_date(until, "--until"), note=note)
    _changed(accept_risk(app.ws(), local_actor(), item_id, acceptance, expect_version=expect_version), as_json)


# --------------------------------------------------------------------------- export


@remediation.command("export", help=msg("cli.remediation.export_remediation_register_as_csv"))
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json", "oscal"]),
              help=msg("cli.remediation.format_default_from_file_name"))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help=msg("cli.remediation.output_file"))
@_filter_options
@pass_app
def remediation_export(app: App, fmt: str | None, output: Path, unit_id: str | None, system_id: str | None,
                       statuses: tuple[str, ...], severities: tuple[str, ...], overdue: bool,
                       as_of: str | None) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.remediation import export_items

    query = _query(unit_id, system_id, statuses, severities, overdue, as_of)
    done = export_items(app.ws(), local_actor(), query, output, fmt)
    _expired_notice(done.reopened_expired, err=True)
    if done.format == "oscal":
        click.echo(msg("cli.remediation.exported_item_oscal_plan_action", n=done.count, f=output))
    else:
        click.echo(msg("cli.remediation.exported_item_overdue", n=done.count, o=done.overdue, f=output))
    click.echo(str(output))
