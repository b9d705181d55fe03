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
from secassess.i18n import tr

if TYPE_CHECKING:
    from collections.abc import Callable

    from secassess.app.remediation import ItemChanged, ItemQuery
    from secassess.remediation.service import ExpiredItem, RemediationItem

STATUS_HELP = "open, in_progress, resolved, verified, risk_accepted"


@click.group(help=tr(
    "Theo dõi khắc phục: mỗi yêu cầu Không đạt hoặc Đạt một phần của một đợt đánh giá đã chốt là một "
    "hạng mục, có người phụ trách, hạn, trạng thái và lịch sử thay đổi.",
    "Remediation tracking: each failed or partial control of a finalized assessment is an item with an "
    "owner, a due date, a status and a history of changes."))
def remediation() -> None:
    pass


# --------------------------------------------------------------------------- shared


def _expired_notice(expired: list[ExpiredItem], *, err: bool) -> None:
    if not expired:
        return
    from secassess.clock import fmt_date

    listed = ", ".join(f"#{e.id} {e.system_id}/{e.control_id} ({tr('hết hạn sau', 'expired after')} "
                       f"{fmt_date(e.risk_until)})" for e in expired)
    click.secho(tr("Đã mở lại {n} hạng mục do hết hạn chấp nhận rủi ro: {l}",
                   "Reopened {n} item(s) whose risk acceptance expired: {l}", n=len(expired), l=listed),
                fg="yellow", err=err)


def _date(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    from secassess.remediation.rules import parse_date

    return parse_date(value, name)


def _filter_options(f: Callable[..., Any]) -> Callable[..., Any]:
    opts = [
        click.option("--unit", "unit_id", help=tr("Chỉ các hệ thống của đơn vị này.", "Only this unit's systems.")),
        click.option("--system", "system_id", help=tr("Chỉ hệ thống này.", "Only this system.")),
        click.option("--status", "statuses", multiple=True, metavar="STATUS",
                     help=tr("Trạng thái (lặp lại hoặc cách nhau bằng dấu phẩy): {s}, hoặc tên tiếng Việt.",
                             "Status (repeat, or separate with commas): {s}.", s=STATUS_HELP)),
        click.option("--severity", "severities", multiple=True, metavar="SEVERITY",
                     help=tr("Mức độ: low (thấp), medium (trung bình), high (cao), critical (nghiêm trọng).", "Severity: low, medium, high, critical.")),
        click.option("--overdue", is_flag=True, help=tr("Chỉ các hạng mục quá hạn.", "Only overdue items.")),
        click.option("--as-of", "as_of", metavar="DATE",
                     help=tr("Tính quá hạn đến ngày này (mặc định hôm nay), ví dụ 31/12/2025.",
                             "Measure overdue as of this date (default today), e.g. 2025-12-31.")),
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


@remediation.command("list", help=tr(
    "Liệt kê các hạng mục khắc phục (mặc định: chưa xác minh; --all để xem cả hạng mục đã xác minh).",
    "List remediation items (by default those not verified; --all includes verified ones)."))
@_filter_options
@click.option("--all", "show_all", is_flag=True, help=tr("Gồm cả hạng mục đã xác minh.",
                                                         "Include verified items."))
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
        click.echo(tr("Không có hạng mục khắc phục nào phù hợp.", "No matching remediation items."))
        return
    lg = lang()

    def status_text(i: RemediationItem) -> str:
        s = status_label(i.status)
        if i.status == "risk_accepted" and i.risk_until:
            s += tr(" (đến {d})", " (until {d})", d=clock.fmt_date(i.risk_until))
            if i.risk_expired:
                s += tr(" — hết hạn trước ngày xem", " — expired by this date")
        return s

    echo_table([tr("Mã", "Id"), tr("Hệ thống", "System"), tr("Yêu cầu", "Control"), tr("Nội dung", "Title"),
                tr("Mức độ", "Severity"), tr("Kết quả", "Result"), tr("Trạng thái", "Status"),
                tr("Phụ trách", "Owner"), tr("Hạn", "Due"), tr("Quá hạn", "Overdue")],
               [(f"#{i.id}", i.system_id, i.control_id, i.title.get(lg) or i.title.get("vi", ""),
                 severity_label(i.severity), result_label(i.result), status_text(i), i.owner,
                 clock.fmt_date(i.due_date),
                 tr("{n} ngày", "{n} days", n=i.days_overdue) if i.overdue else "")
                for i in items], max_col=48)
    click.echo(tr("{n} hạng mục; {o} quá hạn tính đến {d}.", "{n} item(s); {o} overdue as of {d}.",
                  n=len(items), o=n_over, d=clock.fmt_date(day)))


# --------------------------------------------------------------------------- show


@remediation.command("show", help=tr("Xem một hạng mục và toàn bộ lịch sử thay đổi.",
                                     "Show one item with its full history."))
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
        due += tr(" (quá hạn {n} ngày)", " ({n} days overdue)", n=it.days_overdue)
    lines = [
        (tr("Hệ thống", "System"), f"{it.system_id} — {it.system_name}"),
        (tr("Đơn vị", "Unit"), f"{it.unit_id} — {it.unit_name}"),
        (tr("Trạng thái", "Status"), status_label(it.status)),
        (tr("Mức độ", "Severity"), severity_label(it.severity)),
        (tr("Kết quả gần nhất", "Latest result"), result_label(it.result)),
        (tr("Người phụ trách", "Owner"), it.owner or "—"),
        (tr("Hạn khắc phục", "Due date"), due),
        (tr("Mở từ đợt đánh giá", "Opened by assessment"),
         f"#{it.opened_by_assessment_id} ({clock.fmt_datetime(it.opened_at)})"),
        (tr("Đợt đánh giá gần nhất", "Latest assessment"), f"#{it.last_assessment_id}"),
    ]
    if it.verified_by_assessment_id is not None:
        lines.append((tr("Xác minh bởi đợt đánh giá", "Verified by assessment"), f"#{it.verified_by_assessment_id}"))
    if it.status == "risk_accepted":
        lines += [(tr("Người phê duyệt", "Approved by"), it.risk_approver or ""),
                  (tr("Lý do chấp nhận rủi ro", "Reason"), it.risk_reason or ""),
                  (tr("Chấp nhận đến hết ngày", "Accepted through"), clock.fmt_date(it.risk_until))]
    lines.append((tr("Phiên bản", "Version"),
                  tr("{v} (khi cập nhật có thể ghi --expect-version {v})",
                     "{v} (pass --expect-version {v} when updating)", v=it.version)))
    width = max(len(k) for k, _ in lines)
    for k, v in lines:
        click.echo(f"  {k.ljust(width)}  {v}")
    text = advice.get(lg) or advice.get("vi")
    if text:
        click.echo()
        click.secho(tr("Khuyến nghị khắc phục", "Recommended remediation"), bold=True)
        click.echo(f"  {text}")
    click.echo()
    click.secho(tr("Lịch sử ({n} thay đổi)", "History ({n} changes)", n=len(hist)), bold=True)
    for h in hist:
        click.echo(f"  {clock.fmt_datetime(h.at)} · {h.actor} · {action_label(h.action)}")
        what = describe_changes(h.changes)
        if what:
            click.echo(f"      {what}")
        if h.note:
            click.echo("      " + tr("Ghi chú: {n}", "Note: {n}", n=h.note))
        if h.attachment_sha256:
            click.echo("      " + tr("Bằng chứng: {f} (SHA-256 {h})", "Evidence: {f} (SHA-256 {h})",
                                     f=h.attachment_name or "", h=h.attachment_sha256[:16]))


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
    what = describe_changes(last.changes) or tr("thêm ghi chú", "note added")
    if last.attachment_name:
        what += tr("; bằng chứng: {f}", "; evidence: {f}", f=last.attachment_name)
    click.echo(tr("Đã cập nhật hạng mục #{i} (phiên bản {a} → {b}): {w}",
                  "Updated item #{i} (version {a} → {b}): {w}", i=after.id, a=after.version - 1,
                  b=after.version, w=what))


@remediation.command("update", help=tr(
    "Cập nhật một hạng mục: trạng thái, người phụ trách, hạn, ghi chú, bằng chứng. Chuyển sang resolved cần "
    "--note hoặc --evidence. Nếu người khác đã sửa hạng mục trong lúc đó, lệnh từ chối và không lưu gì.",
    "Update an item: status, owner, due date, note, evidence. Moving to resolved needs --note or "
    "--evidence. If someone else changed the item meanwhile, the command refuses and saves nothing."))
@click.argument("item")
@click.option("--status", help=tr("Trạng thái mới: open, in_progress, resolved (hoặc tên tiếng Việt).",
                                  "New status: open, in_progress, resolved."))
@click.option("--owner", help=tr("Người (bộ phận) phụ trách.", "Owner (person or office)."))
@click.option("--due", metavar="DATE", help=tr("Hạn khắc phục mới, ví dụ 31/12/2025.", "New due date."))
@click.option("--note", help=tr("Ghi chú (ghi vào lịch sử).", "Note (kept in the history)."))
@click.option("--evidence", type=click.Path(path_type=Path, dir_okay=False),
              help=tr("Tệp bằng chứng đính kèm.", "Evidence file to attach."))
@click.option("--expect-version", type=click.IntRange(min=1), metavar="N",
              help=tr("Phiên bản anh/chị đã xem (remediation show); từ chối nếu hạng mục đã đổi.",
                      "The version you looked at (remediation show); refused if the item changed since."))
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


@remediation.command("accept-risk", help=tr(
    "Chấp nhận rủi ro cho một hạng mục đến hết một ngày: cần người phê duyệt và lý do. Hết hạn, hạng mục tự "
    "mở lại.",
    "Accept the risk of an item through a date: needs an approver and a reason. When it expires the item "
    "reopens."))
@click.argument("item")
@click.option("--approver", required=True, help=tr("Người phê duyệt (họ tên, chức vụ).",
                                                   "Who approved it (name, position)."))
@click.option("--reason", required=True, help=tr("Lý do chấp nhận rủi ro, biện pháp bù đắp.",
                                                 "Why, and what compensates."))
@click.option("--until", required=True, metavar="DATE", help=tr("Chấp nhận đến hết ngày, ví dụ 31/12/2025.",
                                                                "Accepted through this date."))
@click.option("--note", help=tr("Ghi chú thêm.", "Additional note."))
@click.option("--expect-version", type=click.IntRange(min=1), metavar="N",
              help=tr("Phiên bản anh/chị đã xem; từ chối nếu hạng mục đã đổi.",
                      "The version you looked at; refused if the item changed since."))
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


@remediation.command("export", help=tr(
    "Xuất sổ theo dõi khắc phục ra CSV (UTF-8, mở được bằng Excel), XLSX hoặc JSON. Mặc định xuất mọi "
    "hạng mục, kể cả đã xác minh; lọc như lệnh list.",
    "Export the remediation register as CSV (UTF-8, opens in Excel), XLSX or JSON. All items by default, "
    "verified ones included; filter as with list."))
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json", "oscal"]),
              help=tr("Định dạng (mặc định theo đuôi tệp); oscal: kế hoạch khắc phục POA&M của OSCAL cho --system "
                      "hoặc --unit, mặc định các hạng mục chưa xác minh.", "Format (default: from the file name); "
                      "oscal: an OSCAL POA&M for --system or --unit, by default the items not verified."))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help=tr("Tệp kết quả.", "Output file."))
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
        click.echo(tr("Đã xuất {n} hạng mục vào kế hoạch khắc phục OSCAL (POA&M) {f}",
                      "Exported {n} item(s) to the OSCAL plan of action and milestones {f}", n=done.count, f=output))
    else:
        click.echo(tr("Đã xuất {n} hạng mục ({o} quá hạn) ra {f}", "Exported {n} item(s) ({o} overdue) to {f}",
                      n=done.count, o=done.overdue, f=output))
    click.echo(str(output))
