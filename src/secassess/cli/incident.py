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
from secassess.i18n import severity_label, tr

if TYPE_CHECKING:
    from collections.abc import Callable

    from secassess.incident.rules import DeadlineCheck
    from secassess.incident.service import Incident

TIME_HELP = tr("giờ Việt Nam, ví dụ “20/10/2026 14:30”, “2026-10-20 14:30” hoặc “now”",
               "Vietnam time, e.g. “2026-10-20 14:30”, “20/10/2026 14:30” or “now”")
CATEGORY_HELP = "malware, intrusion, ddos, defacement, data_leak, phishing, account, vulnerability, outage, other"


@click.group(help=tr(
    "Sổ theo dõi sự cố an toàn thông tin, an ninh mạng: ghi nhận, theo dõi xử lý, thời hạn thông báo ban đầu "
    "và báo cáo đầy đủ tới đơn vị chuyên trách của Bộ Công an (mặc định 24 giờ và 72 giờ sau khi phát hiện, "
    "cấu hình ở mục incidents: của secassess.yaml).",
    "Incident register: record incidents, follow their handling, and the deadlines for the initial "
    "notification and the full report to the Ministry of Public Security's specialised unit (24 h and 72 h "
    "after detection by default; see incidents: in secassess.yaml)."))
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
            text += tr(" {x}", " by {x}", x=describe_delay(d.late_by))
        return text + ")"
    if d.state == "overdue" and d.late_by is not None:
        return tr("{l} — hạn {d}, đã quá {x}", "{l} — due {d}, {x} ago", l=label.upper(),
                  d=clock.fmt_datetime(d.due_at), x=describe_delay(d.late_by))
    return tr("{l} (hạn {d})", "{l} (due {d})", l=label, d=clock.fmt_datetime(d.due_at))


def _time_options(f: Callable[..., Any], *, for_add: bool) -> Callable[..., Any]:
    clear = "" if for_add else tr("; “-” để xóa", "; “-” to remove")
    opts = [
        click.option("--detected-at", required=for_add, metavar=tr("THỜI_ĐIỂM", "TIME"),
                     help=tr("Thời điểm phát hiện sự cố ({h}).", "When the incident was detected ({h}).",
                             h=TIME_HELP)),
        click.option("--category", required=for_add, help=tr("Loại sự cố: {c}.", "Category: {c}.", c=CATEGORY_HELP)),
        click.option("--severity", required=for_add, help=tr("Mức độ: low, medium, high, critical (thấp, trung "
                                                             "bình, cao, nghiêm trọng).",
                                                             "Severity: low, medium, high, critical.")),
        click.option("--description", required=for_add, help=tr("Mô tả sự cố: hiện tượng, phạm vi ảnh hưởng.",
                                                                 "What happened and what it affected.")),
        click.option("--actions", help=tr("Các biện pháp đã thực hiện (thay toàn bộ nội dung cũ).",
                                          "Actions taken (replaces the whole text).")),
        click.option("--notified-at", metavar=tr("THỜI_ĐIỂM", "TIME"), help=tr(
            "Thời điểm thông báo ban đầu tới đơn vị chuyên trách của Bộ Công an{c}.",
            "When the initial notification was sent to the Ministry of Public Security's specialised unit{c}.",
            c=clear)),
        click.option("--full-report-at", metavar=tr("THỜI_ĐIỂM", "TIME"), help=tr(
            "Thời điểm gửi báo cáo đầy đủ{c}.", "When the full report was sent{c}.", c=clear)),
        click.option("--resolved-at", metavar=tr("THỜI_ĐIỂM", "TIME"), help=tr(
            "Thời điểm xử lý xong (sự cố chuyển sang “Đã xử lý xong”){c}.",
            "When the incident was resolved (it becomes resolved){c}.", c=clear)),
        click.option("--status", help=tr("Trạng thái: open (mới tiếp nhận), handling (đang xử lý), resolved (đã xử "
                                         "lý xong).", "Status: open, handling, resolved.")),
    ]
    for o in reversed(opts):
        f = o(f)
    return f


def _add_options(f: Callable[..., Any]) -> Callable[..., Any]:
    return _time_options(f, for_add=True)


def _update_options(f: Callable[..., Any]) -> Callable[..., Any]:
    return _time_options(f, for_add=False)


# --------------------------------------------------------------------------- add


@incident.command("add", help=tr(
    "Ghi nhận một sự cố. In mã sự cố ở dòng cuối. Cảnh báo nếu đã quá hạn thông báo.",
    "Record an incident. Prints its id on the last line. Warns when a notification deadline has passed."))
@click.option("--system", "system_id", required=True, help=tr("Mã hệ thống bị sự cố.", "The affected system's id."))
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
    click.echo(tr("Đã ghi nhận sự cố #{i} trên {s} ({c}, mức độ {v}), phát hiện lúc {d}.",
                  "Recorded incident #{i} on {s} ({c}, severity {v}), detected at {d}.", i=inc.id, s=inc.system_id,
                  c=rules.category_label(inc.category), v=severity_label(inc.severity),
                  d=clock.fmt_datetime(inc.detected_at)))
    _deadline_lines(inc)
    done_id(inc.id)


def _deadline_lines(inc: Incident) -> None:
    click.echo("  " + tr("Thông báo ban đầu: {t}", "Initial notification: {t}", t=_deadline_text(inc.notification)))
    click.echo("  " + tr("Báo cáo đầy đủ: {t}", "Full report: {t}", t=_deadline_text(inc.full_report)))
    if inc.overdue:
        click.secho(tr("Sự cố #{i} đã quá hạn thông báo tới đơn vị chuyên trách của Bộ Công an.",
                       "Incident #{i} is past a notification deadline to the Ministry's specialised unit.", i=inc.id),
                    fg="red", err=True)


# --------------------------------------------------------------------------- list


@incident.command("list", help=tr(
    "Liệt kê sự cố, mới nhất trước, với tình trạng thời hạn thông báo tính đến bây giờ.",
    "List incidents, newest first, with their notification deadlines as of now."))
@click.option("--unit", "unit_id", help=tr("Chỉ các hệ thống của đơn vị này.", "Only this unit's systems."))
@click.option("--system", "system_id", help=tr("Chỉ hệ thống này.", "Only this system."))
@click.option("--status", "statuses", multiple=True, metavar="STATUS",
              help=tr("Trạng thái (lặp lại hoặc cách nhau bằng dấu phẩy): open (mới tiếp nhận), handling (đang xử lý), resolved (đã xử lý xong).",
                      "Status (repeat, or separate with commas): open, handling, resolved."))
@click.option("--severity", "severities", multiple=True, metavar="SEVERITY",
              help=tr("Mức độ: low (thấp), medium (trung bình), high (cao), critical (nghiêm trọng).", "Severity: low, medium, high, critical."))
@click.option("--from", "date_from", metavar=tr("NGÀY", "DATE"),
              help=tr("Phát hiện từ ngày (tính cả ngày này), ví dụ 01/10/2026.",
                      "Detected on or after this date, e.g. 2026-10-01."))
@click.option("--to", "date_to", metavar=tr("NGÀY", "DATE"),
              help=tr("Phát hiện đến hết ngày này.", "Detected on or before this date."))
@click.option("--overdue", is_flag=True, help=tr("Chỉ sự cố quá hạn thông báo.",
                                                 "Only incidents past a notification deadline."))
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
        click.echo(tr("Không có sự cố nào phù hợp.", "No matching incidents."))
        return

    def short(d: DeadlineCheck) -> str:
        label = rules.deadline_label(d.state)
        if d.done_at is not None:
            return f"{clock.fmt_datetime(d.done_at)} ({label})"
        return label.upper() if d.state == "overdue" else label

    echo_table([tr("Mã", "Id"), tr("Hệ thống", "System"), tr("Phát hiện", "Detected"), tr("Loại", "Category"),
                tr("Mức độ", "Severity"), tr("Trạng thái", "Status"), tr("Thông báo ban đầu", "Initial notification"),
                tr("Báo cáo đầy đủ", "Full report"), tr("Xử lý xong", "Resolved")],
               [(f"#{i.id}" + (" !" if i.overdue else ""), i.system_id, clock.fmt_datetime(i.detected_at),
                 rules.category_label(i.category), severity_label(i.severity), rules.status_label(i.status),
                 short(i.notification), short(i.full_report), clock.fmt_datetime(i.resolved_at))
                for i in found], max_col=40)
    click.echo(tr("{n} sự cố; {o} quá hạn thông báo (đánh dấu !) tính đến {d}. Thời hạn: thông báo ban đầu {a} giờ, "
                  "báo cáo đầy đủ {b} giờ sau khi phát hiện.",
                  "{n} incident(s); {o} past a notification deadline (marked !) as of {d}. Deadlines: initial "
                  "notification {a} h, full report {b} h after detection.", n=len(found), o=n_over,
                  d=clock.fmt_datetime(now), a=deadlines.initial_notification_hours, b=deadlines.full_report_hours))


# --------------------------------------------------------------------------- show


@incident.command("show", help=tr("Xem một sự cố, thời hạn thông báo và toàn bộ lịch sử thay đổi.",
                                  "Show one incident, its deadlines and its full history."))
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
        (tr("Hệ thống", "System"), f"{inc.system_id} — {inc.system_name}"),
        (tr("Đơn vị", "Unit"), f"{inc.unit_id} — {inc.unit_name}"),
        (tr("Phát hiện lúc", "Detected at"), clock.fmt_datetime(inc.detected_at)),
        (tr("Loại sự cố", "Category"), rules.category_label(inc.category)),
        (tr("Mức độ", "Severity"), severity_label(inc.severity)),
        (tr("Trạng thái", "Status"), rules.status_label(inc.status)),
        (tr("Thông báo ban đầu", "Initial notification"), _deadline_text(inc.notification)),
        (tr("Báo cáo đầy đủ", "Full report"), _deadline_text(inc.full_report)),
        (tr("Xử lý xong lúc", "Resolved at"), clock.fmt_datetime(inc.resolved_at) or "—"),
        (tr("Ghi nhận bởi", "Recorded by"), f"{inc.created_by} ({clock.fmt_datetime(inc.created_at)})"),
        (tr("Phiên bản", "Version"), tr("{v} (khi cập nhật có thể ghi --expect-version {v})",
                                        "{v} (pass --expect-version {v} when updating)", v=inc.version)),
    ]
    width = max(len(k) for k, _ in lines)
    for k, v in lines:
        click.echo(f"  {k.ljust(width)}  {v}")
    for title, text in ((tr("Mô tả", "Description"), inc.description),
                        (tr("Biện pháp đã thực hiện", "Actions taken"), inc.actions_taken)):
        click.echo()
        click.secho(title, bold=True)
        for line in (text or "—").split("\n"):
            click.echo(f"  {line}")
    if inc.overdue:
        click.echo()
        click.secho(tr("Quá hạn thông báo tới đơn vị chuyên trách của Bộ Công an.",
                       "Past a notification deadline to the Ministry's specialised unit."), fg="red")
    click.echo()
    click.secho(tr("Lịch sử ({n} thay đổi)", "History ({n} changes)", n=len(hist)), bold=True)
    for h in hist:
        what = tr("Ghi nhận sự cố", "Recorded") if h.created else describe_changes(h.changes)
        click.echo(f"  {clock.fmt_datetime(h.at)} · {h.actor} · {what}")
        if h.note:
            click.echo("      " + tr("Ghi chú: {n}", "Note: {n}", n=h.note))


# --------------------------------------------------------------------------- update


@incident.command("update", help=tr(
    "Cập nhật một sự cố: trạng thái, thời điểm thông báo, báo cáo đầy đủ, xử lý xong, biện pháp đã thực hiện... "
    "Ghi “-” để xóa một thời điểm ghi nhầm. Nếu người khác đã sửa sự cố trong lúc đó, lệnh từ chối và không lưu "
    "gì.",
    "Update an incident: status, notification, full report and resolution times, actions taken... Write “-” "
    "to remove a time entered by mistake. If someone else changed the incident meanwhile, the command refuses "
    "and saves nothing."))
@click.argument("incident_ref", metavar="INCIDENT")
@click.option("--system", "system_id", help=tr("Sửa hệ thống bị sự cố.", "Correct the affected system."))
@_update_options
@click.option("--add-action", help=tr("Thêm một dòng vào biện pháp đã thực hiện (ghi kèm thời điểm).",
                                      "Append a line (with the time) to the actions taken."))
@click.option("--note", help=tr("Ghi chú (ghi vào lịch sử).", "Note (kept in the history)."))
@click.option("--expect-version", type=click.IntRange(min=1), metavar="N",
              help=tr("Phiên bản anh/chị đã xem (incident show); từ chối nếu sự cố đã đổi.",
                      "The version you looked at (incident show); refused if the incident changed since."))
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
    what = describe_changes(last.changes) or tr("thêm ghi chú", "note added")
    click.echo(tr("Đã cập nhật sự cố #{i} (phiên bản {a} → {b}): {w}", "Updated incident #{i} (version {a} → {b}): {w}",
                  i=after.id, a=after.version - 1, b=after.version, w=what))
    _deadline_lines(after)
