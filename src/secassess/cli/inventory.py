"""``secassess unit`` and ``secassess system``: the inventory of units and their information systems."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from secassess.cli.common import App, done_id, echo_table, emit_json, json_option, pass_app, yes_no
from secassess.messages import msg

if TYPE_CHECKING:
    from secassess.app.inventory import SystemFields
    from secassess.inventory.service import System


@click.group(help=msg("cli.inventory.units_departments_agencies_communes_add"))
def unit() -> None:
    pass


@unit.command("add", help=msg("cli.inventory.add_unit_prints_unit_id"))
@click.argument("unit_id")
@click.argument("name")
@click.option("--contact", default="", help=msg("cli.inventory.contact_point_name_phone_e"))
@pass_app
def unit_add(app: App, unit_id: str, name: str, contact: str) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.inventory import add_unit

    u = add_unit(app.ws(), local_actor(), unit_id, name, contact)
    click.echo(msg("cli.inventory.unit_added", u=u.id, n=u.name))
    done_id(u.id)


@unit.command("list", help=msg("cli.inventory.list_units"))
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
        click.echo(msg("cli.inventory.no_units_yet_add_one"))
        return
    echo_table([msg("cli.inventory.id"), msg("cli.inventory.name"), msg("cli.inventory.systems"), msg("cli.inventory.contact")],
               [(u.id, u.name, n, u.contact) for u, n in rows])


@click.group(help=msg("cli.inventory.information_systems_add_import_list"))
def system() -> None:
    pass


def _system_options(for_edit: bool) -> list[Any]:
    """Options shared by ``system add`` and ``system edit`` (flags become tri-state on edit)."""
    req = not for_edit
    opts = [
        click.option("--name", required=req, help=msg("cli.inventory.system_name")),
        click.option("--unit", "unit_id", required=req, help=msg("cli.inventory.owning_unit_id")),
        click.option("--level", type=click.IntRange(1, 5), required=req, help=msg("cli.inventory.level_1_5")),
        click.option("--important/--not-important", default=None,
                     help=msg("cli.inventory.important_information_system")),
        click.option("--national-database/--not-national-database", default=None,
                     help=msg("cli.inventory.national_specialised_database_2")),
        click.option("--in-use/--retired", default=None, help=msg("cli.inventory.use_retired")),
        click.option("--description", help=msg("cli.inventory.description_2")),
        click.option("--owner", help=msg("cli.inventory.owning_operating_office")),
        click.option("--contact", help=msg("cli.inventory.contact_point")),
        click.option("--hosting", help=msg("cli.inventory.where_hosted_data_centre_cloud")),
        click.option("--level-dossier-approved", metavar=msg("cli.inventory.date"),
                     help=msg("cli.inventory.date_level_dossier_was_approved")),
        click.option("--security-plan-approved", metavar=msg("cli.inventory.date"),
                     help=msg("cli.inventory.date_security_plan_was_approved")),
    ]
    if for_edit:
        opts += [
            click.option("--add-target", "add_targets", multiple=True, metavar="T",
                         help=msg("cli.inventory.add_authorised_scan_target")),
            click.option("--remove-target", "remove_targets", multiple=True, metavar="T",
                         help=msg("cli.inventory.remove_scan_target")),
            click.option("--add-port", "add_ports", multiple=True, metavar="P",
                         help=msg("cli.inventory.add_allowed_port")),
            click.option("--remove-port", "remove_ports", multiple=True, metavar="P",
                         help=msg("cli.inventory.remove_allowed_port")),
        ]
    else:
        opts += [
            click.option("--target", "targets", multiple=True, metavar="T", help=msg("cli.inventory.authorised_scan_target_ip_address")),
            click.option("--port", "ports", multiple=True, metavar="P", help=msg("cli.inventory.allowed_port_service_443_443")),
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


@system.command("add", help=msg("cli.inventory.add_information_system_prints_id"))
@click.argument("system_id")
@_apply(_system_options(for_edit=False))
@pass_app
def system_add(app: App, system_id: str, **kw: Any) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.inventory import add_system

    s = add_system(app.ws(), local_actor(), system_id, _fields(kw), targets=kw["targets"], ports=kw["ports"])
    click.echo(msg("cli.inventory.system_added_level", s=s.id, n=s.name, l=s.level))
    done_id(s.id)


@system.command("edit", help=msg("cli.inventory.change_system_only_fields_given"))
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
        click.echo(msg("cli.inventory.nothing_changed"))
        return
    for k, (old, new) in diff.items():
        click.echo(f"{k}: {_fmt(old)} → {_fmt(new)}")
    click.echo(msg("cli.inventory.system_updated", s=s.id))


def _fmt(v: Any) -> str:
    from secassess.clock import fmt_date

    if isinstance(v, list):
        return ", ".join(map(str, v)) or "-"
    if isinstance(v, bool):
        return yes_no(v)
    if isinstance(v, date):
        return fmt_date(v)
    return "-" if v in (None, "") else str(v)


@system.command("import", help=msg("cli.inventory.import_many_units_systems_from"))
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help=msg("cli.inventory.check_only_write_nothing"))
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
    click.echo(msg("cli.inventory.units_new_updated_unchanged", a=len(summary.units_created), b=len(summary.units_updated), c=summary.units_unchanged))
    click.echo(msg("cli.inventory.systems_new_updated_unchanged", a=len(summary.systems_created), b=len(summary.systems_updated), c=summary.systems_unchanged))
    for label, ids in ((msg("cli.inventory.new_units"), summary.units_created),
                       (msg("cli.inventory.updated_units"), summary.units_updated),
                       (msg("cli.inventory.new_systems"), summary.systems_created),
                       (msg("cli.inventory.updated_systems"), summary.systems_updated)):
        if ids:
            click.echo(f"{label}: {_first_ids(ids)}")
    if dry_run:
        click.echo(msg("cli.inventory.dry_run_nothing_written"))
    # No single id was created: the last line is the number of new systems (what a dry run would add).
    done_id(len(summary.systems_created))


IMPORT_IDS_SHOWN = 8


def _first_ids(ids: list[str]) -> str:
    """The first few ids and how many more there are."""
    shown = ", ".join(ids[:IMPORT_IDS_SHOWN])
    if len(ids) <= IMPORT_IDS_SHOWN:
        return shown
    return msg("cli.inventory.more_all_them_json", ids=shown, n=len(ids) - IMPORT_IDS_SHOWN)


@system.command("list", help=msg("cli.inventory.list_systems"))
@click.option("--unit", "unit_id", help=msg("cli.inventory.only_unit_systems"))
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
        click.echo(msg("cli.inventory.no_systems_yet_add_them"))
        return
    echo_table([msg("cli.inventory.id"), msg("cli.inventory.unit"), msg("cli.inventory.level"), msg("cli.inventory.kind"),
                msg("cli.inventory.name"), msg("cli.inventory.scan_targets")],
               [(s.id, s.unit_id, s.level, _kind(s), s.name, ", ".join(s.targets)) for s in rows], max_col=50)


def _kind(s: System) -> str:
    marks = []
    if s.national_database:
        marks.append(msg("cli.inventory.nat_db"))
    if s.important:
        marks.append(msg("cli.inventory.important"))
    if not s.in_use:
        marks.append(msg("cli.inventory.retired"))
    return ", ".join(marks)


@system.command("show", help=msg("cli.inventory.show_system_assessments"))
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
        (msg("cli.inventory.unit"), f"{u.id} — {u.name}"),
        (msg("cli.inventory.level"), str(s.level)),
        (msg("cli.inventory.important_system"), yes_no(s.important)),
        (msg("cli.inventory.national_specialised_database"), yes_no(s.national_database)),
        (msg("cli.inventory.use"), yes_no(s.in_use)),
        (msg("cli.inventory.description"), s.description),
        (msg("cli.inventory.owner"), s.owner),
        (msg("cli.inventory.contact"), s.contact),
        (msg("cli.inventory.hosting"), s.hosting),
        (msg("cli.inventory.level_dossier_approved"), fmt_date(s.level_dossier_approved) or "-"),
        (msg("cli.inventory.security_plan_approved"), fmt_date(s.security_plan_approved) or "-"),
        (msg("cli.inventory.authorised_scan_targets"), ", ".join(s.targets) or "-"),
        (msg("cli.inventory.allowed_ports_services"), ", ".join(s.allowed_ports) or "-"),
    ]
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        click.echo(f"  {k:<{width}}  {v or '-'}")
    click.echo()
    if not assessments:
        click.echo(msg("cli.inventory.no_assessment_yet_start_one", s=s.id))
        return
    click.secho(msg("cli.inventory.assessments"), bold=True)
    echo_table([msg("cli.inventory.id"), msg("cli.inventory.profile"), msg("cli.inventory.status"), msg("cli.inventory.started"),
                msg("cli.inventory.finalized")],
               [(a.id, a.profile_id, a.status_label(), fmt_datetime(a.started_at), fmt_datetime(a.finalized_at))
                for a in assessments])
