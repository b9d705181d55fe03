"""``secassess unit`` and ``secassess system``: the inventory of units and their information systems."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from secassess.cli.common import App, done_id, echo_table, emit_json, json_option, pass_app, yes_no
from secassess.i18n import tr

if TYPE_CHECKING:
    from secassess.app.inventory import SystemFields
    from secassess.inventory.service import System


@click.group(help=tr("Đơn vị (sở, ban, ngành, địa phương): thêm, liệt kê.",
                     "Units (departments, agencies, communes): add, list."))
def unit() -> None:
    pass


@unit.command("add", help=tr("Thêm một đơn vị. In mã đơn vị ở dòng cuối.",
                             "Add a unit. Prints the unit id on the last line."))
@click.argument("unit_id")
@click.argument("name")
@click.option("--contact", default="", help=tr("Đầu mối liên hệ (tên, điện thoại, thư điện tử).",
                                               "Contact point (name, phone, e-mail)."))
@pass_app
def unit_add(app: App, unit_id: str, name: str, contact: str) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.inventory import add_unit

    u = add_unit(app.ws(), local_actor(), unit_id, name, contact)
    click.echo(tr("Đã thêm đơn vị {u} — {n}", "Unit added: {u} — {n}", u=u.id, n=u.name))
    done_id(u.id)


@unit.command("list", help=tr("Liệt kê các đơn vị.", "List the units."))
@json_option
@pass_app
def unit_list(app: App, as_json: bool) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.inventory import list_units

    rows = [(e.unit, e.systems) for e in list_units(app.ws(), local_actor())]
    if as_json:
        emit_json([{**u.to_dict(), "systems": n} for u, n in rows])
        return
    if not rows:
        click.echo(tr("Chưa có đơn vị nào. Thêm bằng “secassess unit add MÃ TÊN”.",
                      "No units yet. Add one with “secassess unit add ID NAME”."))
        return
    echo_table([tr("Mã", "Id"), tr("Tên", "Name"), tr("Hệ thống", "Systems"), tr("Liên hệ", "Contact")],
               [(u.id, u.name, n, u.contact) for u, n in rows])


@click.group(help=tr("Hệ thống thông tin: thêm, nhập từ tệp, liệt kê, xem, sửa.",
                     "Information systems: add, import, list, show, edit."))
def system() -> None:
    pass


def _system_options(for_edit: bool) -> list[Any]:
    """Options shared by ``system add`` and ``system edit`` (flags become tri-state on edit)."""
    req = not for_edit
    opts = [
        click.option("--name", required=req, help=tr("Tên hệ thống.", "System name.")),
        click.option("--unit", "unit_id", required=req, help=tr("Mã đơn vị chủ quản.", "Owning unit id.")),
        click.option("--level", type=click.IntRange(1, 5), required=req, help=tr("Cấp độ 1–5.", "Level 1–5.")),
        click.option("--important/--not-important", default=None,
                     help=tr("Hệ thống thông tin quan trọng.", "An important information system.")),
        click.option("--national-database/--not-national-database", default=None,
                     help=tr("Cơ sở dữ liệu quốc gia, chuyên ngành.", "A national or specialised database.")),
        click.option("--in-use/--retired", default=None, help=tr("Đang sử dụng hay đã dừng.",
                                                                 "In use or retired.")),
        click.option("--description", help=tr("Mô tả.", "Description.")),
        click.option("--owner", help=tr("Bộ phận chủ quản, vận hành.", "Owning or operating office.")),
        click.option("--contact", help=tr("Đầu mối liên hệ.", "Contact point.")),
        click.option("--hosting", help=tr("Nơi đặt hệ thống (trung tâm dữ liệu, đám mây...).",
                                          "Where it is hosted (data centre, cloud...).")),
        click.option("--level-dossier-approved", metavar=tr("NGÀY", "DATE"),
                     help=tr("Ngày phê duyệt hồ sơ đề xuất cấp độ (2025-03-10 hoặc 10/03/2025; “-” để xóa).",
                             "Date the level dossier was approved (2025-03-10 or 10/03/2025; “-” clears).")),
        click.option("--security-plan-approved", metavar=tr("NGÀY", "DATE"),
                     help=tr("Ngày phê duyệt phương án bảo đảm ATTT.", "Date the security plan was approved.")),
    ]
    if for_edit:
        opts += [
            click.option("--add-target", "add_targets", multiple=True, metavar="T",
                         help=tr("Thêm mục tiêu rà quét được phép.", "Add an authorised scan target.")),
            click.option("--remove-target", "remove_targets", multiple=True, metavar="T",
                         help=tr("Bỏ một mục tiêu rà quét.", "Remove a scan target.")),
            click.option("--add-port", "add_ports", multiple=True, metavar="P",
                         help=tr("Thêm cổng được phép.", "Add an allowed port.")),
            click.option("--remove-port", "remove_ports", multiple=True, metavar="P",
                         help=tr("Bỏ một cổng.", "Remove an allowed port.")),
        ]
    else:
        opts += [
            click.option("--target", "targets", multiple=True, metavar="T", help=tr(
                "Mục tiêu rà quét được phép: địa chỉ IP, dải CIDR hoặc tên máy (lặp lại được).",
                "Authorised scan target: IP address, CIDR range or host name (repeatable).")),
            click.option("--port", "ports", multiple=True, metavar="P", help=tr(
                "Cổng/dịch vụ được phép: 443, 443/tcp, 53/udp (lặp lại được).",
                "Allowed port/service: 443, 443/tcp, 53/udp (repeatable).")),
        ]
    return opts


def _apply(opts: list[Any]) -> Any:
    def deco(f: Any) -> Any:
        for o in reversed(opts):
            f = o(f)
        return f
    return deco


def _fields(kw: dict[str, Any]) -> SystemFields:
    """The system's fields given as options (a date given as “-” clears it)."""
    from secassess.app.inventory import SystemFields

    dates = {k: "" if kw[k] is not None and kw[k].strip() == "-" else kw[k]
             for k in ("level_dossier_approved", "security_plan_approved")}
    return SystemFields(name=kw["name"], unit=kw["unit_id"], level=kw["level"], important=kw["important"],
                        national_database=kw["national_database"], in_use=kw["in_use"],
                        description=kw["description"], owner=kw["owner"], contact=kw["contact"],
                        hosting=kw["hosting"], **dates)


@system.command("add", help=tr("Thêm một hệ thống thông tin. In mã hệ thống ở dòng cuối.",
                               "Add an information system. Prints its id on the last line."))
@click.argument("system_id")
@_apply(_system_options(for_edit=False))
@pass_app
def system_add(app: App, system_id: str, **kw: Any) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.inventory import add_system

    s = add_system(app.ws(), local_actor(), system_id, _fields(kw), targets=kw["targets"], ports=kw["ports"])
    click.echo(tr("Đã thêm hệ thống {s} — {n} (cấp độ {l})", "System added: {s} — {n} (level {l})",
                  s=s.id, n=s.name, l=s.level))
    done_id(s.id)


@system.command("edit", help=tr("Sửa thông tin một hệ thống (chỉ các trường được nêu).",
                                "Change a system (only the fields given)."))
@click.argument("system_id")
@_apply(_system_options(for_edit=True))
@json_option
@pass_app
def system_edit(app: App, system_id: str, as_json: bool, **kw: Any) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.inventory import edit_system

    done = edit_system(app.ws(), local_actor(), system_id, _fields(kw), add_targets=kw["add_targets"],
                       remove_targets=kw["remove_targets"], add_ports=kw["add_ports"],
                       remove_ports=kw["remove_ports"])
    s, diff = done.system, done.changed
    if as_json:
        emit_json({"system": s.to_dict(), "changed": diff})
        return
    if not diff:
        click.echo(tr("Không có gì thay đổi.", "Nothing changed."))
        return
    for k, (old, new) in diff.items():
        click.echo(f"{k}: {_fmt(old)} → {_fmt(new)}")
    click.echo(tr("Đã cập nhật hệ thống {s}.", "System {s} updated.", s=s.id))


def _fmt(v: Any) -> str:
    from secassess.clock import fmt_date

    if isinstance(v, list):
        return ", ".join(map(str, v)) or "-"
    if isinstance(v, bool):
        return yes_no(v)
    if isinstance(v, date):
        return fmt_date(v)
    return "-" if v in (None, "") else str(v)


@system.command("import", help=tr(
    "Nhập nhiều đơn vị và hệ thống từ tệp YAML hoặc CSV. Kiểm tra mọi dòng trước; có dòng sai thì "
    "không ghi gì và liệt kê mọi dòng sai. Hệ thống đã có được cập nhật theo các trường trong tệp. "
    "In bản tóm tắt và số hệ thống mới ở dòng cuối (mọi mã: --json).",
    "Import many units and systems from a YAML or CSV file. Every row is checked first; if any is "
    "wrong nothing is written and every bad row is listed. Existing systems are updated with the "
    "fields the file gives. Prints a summary and the number of new systems on the last line "
    "(every id: --json)."))
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help=tr("Chỉ kiểm tra, không ghi.", "Check only, write nothing."))
@json_option
@pass_app
def system_import(app: App, file: Path, dry_run: bool, as_json: bool) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.inventory import import_inventory

    summary = import_inventory(app.ws(), local_actor(), file, dry_run=dry_run)
    if as_json:
        emit_json({**summary.to_dict(), "dry_run": dry_run})
        return
    # A summary, not every id: an inventory of thousands of systems would print a wall of text.
    click.echo(tr("Đơn vị: {a} mới, {b} cập nhật, {c} không đổi.", "Units: {a} new, {b} updated, {c} unchanged.",
                  a=len(summary.units_created), b=len(summary.units_updated), c=summary.units_unchanged))
    click.echo(tr("Hệ thống: {a} mới, {b} cập nhật, {c} không đổi.",
                  "Systems: {a} new, {b} updated, {c} unchanged.",
                  a=len(summary.systems_created), b=len(summary.systems_updated), c=summary.systems_unchanged))
    for label, ids in ((tr("Đơn vị mới", "New units"), summary.units_created),
                       (tr("Đơn vị được cập nhật", "Updated units"), summary.units_updated),
                       (tr("Hệ thống mới", "New systems"), summary.systems_created),
                       (tr("Hệ thống được cập nhật", "Updated systems"), summary.systems_updated)):
        if ids:
            click.echo(f"{label}: {_first_ids(ids)}")
    if dry_run:
        click.echo(tr("(Chạy thử: chưa ghi gì.)", "(Dry run: nothing written.)"))
    # No single id was created: the last line is the number of new systems (what a dry run would add).
    done_id(len(summary.systems_created))


IMPORT_IDS_SHOWN = 8


def _first_ids(ids: list[str]) -> str:
    """The first few ids and how many more there are."""
    shown = ", ".join(ids[:IMPORT_IDS_SHOWN])
    if len(ids) <= IMPORT_IDS_SHOWN:
        return shown
    return tr("{ids} và {n} mã khác (xem đủ bằng --json)", "{ids} and {n} more (all of them with --json)",
              ids=shown, n=len(ids) - IMPORT_IDS_SHOWN)


@system.command("list", help=tr("Liệt kê các hệ thống.", "List the systems."))
@click.option("--unit", "unit_id", help=tr("Chỉ hệ thống của đơn vị này.", "Only this unit's systems."))
@json_option
@pass_app
def system_list(app: App, unit_id: str | None, as_json: bool) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.inventory import list_systems

    rows = list_systems(app.ws(), local_actor(), unit_id)
    if as_json:
        emit_json([s.to_dict() for s in rows])
        return
    if not rows:
        click.echo(tr("Chưa có hệ thống nào. Thêm bằng “secassess system add” hoặc “secassess system import”.",
                      "No systems yet. Add them with “secassess system add” or “secassess system import”."))
        return
    echo_table([tr("Mã", "Id"), tr("Đơn vị", "Unit"), tr("Cấp độ", "Level"), tr("Loại", "Kind"),
                tr("Tên", "Name"), tr("Mục tiêu rà quét", "Scan targets")],
               [(s.id, s.unit_id, s.level, _kind(s), s.name, ", ".join(s.targets)) for s in rows], max_col=50)


def _kind(s: System) -> str:
    marks = []
    if s.national_database:
        marks.append(tr("CSDL QG", "nat. DB"))
    if s.important:
        marks.append(tr("quan trọng", "important"))
    if not s.in_use:
        marks.append(tr("đã dừng", "retired"))
    return ", ".join(marks)


@system.command("show", help=tr("Xem một hệ thống và các đợt đánh giá của nó.",
                                "Show a system and its assessments."))
@click.argument("system_id")
@json_option
@pass_app
def system_show(app: App, system_id: str, as_json: bool) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.inventory import show_system
    from secassess.clock import fmt_date, fmt_datetime

    view = show_system(app.ws(), local_actor(), system_id)
    s, u, assessments = view.system, view.unit, view.assessments
    if as_json:
        emit_json({**s.to_dict(), "unit_name": u.name,
                   "assessments": [{"id": a.id, "profile_id": a.profile_id, "status": a.status,
                                    "started_at": a.started_at, "finalized_at": a.finalized_at}
                                   for a in assessments]})
        return
    click.secho(f"{s.id} — {s.name}", bold=True)
    rows = [
        (tr("Đơn vị", "Unit"), f"{u.id} — {u.name}"),
        (tr("Cấp độ", "Level"), str(s.level)),
        (tr("Hệ thống quan trọng", "Important system"), yes_no(s.important)),
        (tr("CSDL quốc gia, chuyên ngành", "National/specialised database"), yes_no(s.national_database)),
        (tr("Đang sử dụng", "In use"), yes_no(s.in_use)),
        (tr("Mô tả", "Description"), s.description),
        (tr("Chủ quản", "Owner"), s.owner),
        (tr("Liên hệ", "Contact"), s.contact),
        (tr("Nơi đặt", "Hosting"), s.hosting),
        (tr("Phê duyệt hồ sơ cấp độ", "Level dossier approved"), fmt_date(s.level_dossier_approved) or "-"),
        (tr("Phê duyệt phương án ATTT", "Security plan approved"), fmt_date(s.security_plan_approved) or "-"),
        (tr("Mục tiêu rà quét được phép", "Authorised scan targets"), ", ".join(s.targets) or "-"),
        (tr("Cổng/dịch vụ được phép", "Allowed ports/services"), ", ".join(s.allowed_ports) or "-"),
    ]
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        click.echo(f"  {k:<{width}}  {v or '-'}")
    click.echo()
    if not assessments:
        click.echo(tr("Chưa có đợt đánh giá nào (tạo bằng “secassess assess start {s}”).",
                      "No assessment yet (start one with “secassess assess start {s}”).", s=s.id))
        return
    click.secho(tr("Các đợt đánh giá", "Assessments"), bold=True)
    echo_table([tr("Mã", "Id"), tr("Hồ sơ", "Profile"), tr("Trạng thái", "Status"), tr("Bắt đầu", "Started"),
                tr("Chốt", "Finalized")],
               [(a.id, a.profile_id, a.status_label(), fmt_datetime(a.started_at), fmt_datetime(a.finalized_at))
                for a in assessments])
