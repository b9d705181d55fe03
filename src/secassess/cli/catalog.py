"""``secassess checklist`` and ``secassess profile``: the content officers assess against. Each
command parses its options, calls one use case of :mod:`secassess.app.catalogs` and prints."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from secassess.cli.common import (
    App,
    done_id,
    echo_table,
    emit_json,
    json_option,
    lang,
    pass_app,
    severity_label,
    to_json,
    yes_no,
)
from secassess.errors import InputError
from secassess.messages import msg

if TYPE_CHECKING:
    from secassess.catalog.loader import Catalog


@click.group(help=msg("cli.catalog.catalogs_list_show_validate_diff"))
def checklist() -> None:
    pass


@checklist.command("list", help=msg("cli.catalog.list_catalogs"))
@json_option
@pass_app
def checklist_list(app: App, as_json: bool) -> None:
    from secassess.app.catalogs import list_catalogs

    rows = [{"id": c.id, "version": c.version, "title": c.title[lang()],
             "domains": c.domains, "controls": c.controls, "path": str(c.path)} for c in list_catalogs(app.library())]
    if as_json:
        emit_json(rows)
        return
    echo_table([msg("cli.catalog.id"), msg("cli.catalog.version"), msg("cli.catalog.domains"), msg("cli.catalog.controls"),
                msg("cli.catalog.title")],
               [(r["id"], r["version"], r["domains"], r["controls"], r["title"]) for r in rows], max_col=80)


@checklist.command("show", help=msg("cli.catalog.show_catalog_catalog_id_one"))
@click.argument("ident")
@click.option("--catalog", "catalog_id", help=msg("cli.catalog.catalog_holding_control"))
@click.option("--level", type=click.IntRange(1, 5), help=msg("cli.catalog.render_parameters_level"))
@json_option
@pass_app
def checklist_show(app: App, ident: str, catalog_id: str | None, level: int | None, as_json: bool) -> None:
    from secassess.app.catalogs import ControlView, show
    from secassess.catalog.resolve import format_value, render

    found = show(app.library(), ident, catalog_id=catalog_id, level=level)
    if not isinstance(found, ControlView):
        _show_catalog(found, as_json)
        return
    cat, control, domain, lv, values = found.catalog, found.control, found.domain, found.level, found.values
    if as_json:
        data: dict[str, Any] = control.model_dump(mode="json")
        data["domain"] = domain.id
        data["rendered"] = {k: {lg: render(t.get(lg), values, lg) for lg in ("vi", "en")}
                            for k, t in control.texts().items()}
        data["rendered_level"] = lv
        emit_json(data)
        return
    lg = lang()
    click.secho(f"{control.id} — {render(control.title.get(lg), values, lg)}", bold=True)
    kind = msg("cli.catalog.management") if control.kind == "management" else msg("cli.catalog.technical")
    methods = {"examine": msg("cli.catalog.examine"), "interview": msg("cli.catalog.interview"),
               "test": msg("cli.catalog.test")}
    click.echo(msg("cli.catalog.domain", d=domain.id, t=domain.title.get(lg)))
    click.echo(msg("cli.catalog.severity_mandatory_kind_applies_from", s=severity_label(control.severity), m=yes_no(control.mandatory), k=kind, l=control.level))
    click.echo(msg("cli.catalog.methods", m=", ".join(methods[m] for m in control.methods)))
    sections = [(msg("cli.catalog.requirement"), control.statement), (msg("cli.catalog.question"), control.question),
                (msg("cli.catalog.assessor_guidance"), control.guidance),
                (msg("cli.catalog.remediation"), control.remediation)]
    for head, text in sections:
        click.echo()
        click.secho(head, bold=True)
        click.echo(_wrap(render(text.get(lg), values, lg)))
    if control.not_applicable:
        click.echo()
        click.secho(msg("cli.catalog.when_does_not_apply"), bold=True)
        click.echo(_wrap(control.not_applicable.get(lg)))
    click.echo()
    click.secho(msg("cli.catalog.typical_evidence"), bold=True)
    for e in control.evidence.get(lg):
        click.echo(f"  - {render(e, values, lg)}")
    used = sorted(control.placeholders())
    if used:
        click.echo()
        click.secho(msg("cli.catalog.parameters_levels_1_5"), bold=True)
        for n in used:
            p = cat.header.parameters[n]
            vals = " / ".join(format_value(p.values[x], lg) for x in cat.header.levels)
            unit = p.unit.get(lg) if p.unit else ""
            click.echo(f"  {n}: {p.title.get(lg)}: {vals} {unit}".rstrip())
    refs = control.references.model_dump(exclude_defaults=True)
    if refs:
        click.echo()
        click.secho(msg("cli.catalog.references"), bold=True)
        names = {"cis_v8": "CIS Controls v8", "iso27001_2022": "ISO/IEC 27001:2022", "nist_800_53": "NIST SP 800-53",
                 "legal": msg("cli.catalog.legal"), "other": msg("cli.catalog.other")}
        from secassess.catalog.legal import format_citation

        for k, v in refs.items():
            if k == "legal":
                for cite in control.references.legal:
                    click.echo(f"  {names[k]}: {format_citation(cat.legal_register, cite, lg)}")
                continue
            click.echo(f"  {names[k]}: {', '.join(v)}")
    if control.scan_rules:
        click.echo()
        click.secho(msg("cli.catalog.scan_rules"), bold=True)
        for r in control.scan_rules:
            click.echo(f"  {r.type} {to_json(r.args) if r.args else ''}".rstrip())


def _wrap(text: str, width: int = 96) -> str:
    import textwrap

    return "\n".join(textwrap.fill(p, width, initial_indent="  ", subsequent_indent="  ")
                     for p in text.split("\n") if p.strip())


def _show_catalog(cat: Catalog, as_json: bool) -> None:
    lg = lang()
    if as_json:
        emit_json({"id": cat.id, "version": cat.version, "title": cat.header.title.model_dump(),
                   "digest": cat.digest, "domains": [
                       {"id": d.id, "title": d.title.model_dump(), "optional": d.optional,
                        "controls": [c.id for c in d.controls]} for d in cat.domains]})
        return
    click.secho(f"{cat.id} {cat.version} — {cat.header.title.get(lg)}", bold=True)
    click.echo(_wrap(cat.header.notice.get(lg)))
    click.echo()
    echo_table([msg("cli.catalog.domain_2"), msg("cli.catalog.title"), msg("cli.catalog.controls"), msg("cli.catalog.mandatory"),
                msg("cli.catalog.level_1_5")],
               [(d.id + (" *" if d.optional else ""), d.title.get(lg), len(d.controls),
                 sum(c.mandatory for c in d.controls),
                 " / ".join(str(sum(c.level == lv for c in d.controls)) for lv in cat.header.levels))
                for d in cat.domains], max_col=70)
    if any(d.optional for d in cat.domains):
        click.echo(msg("cli.catalog.optional_domain_applies_only_where"))


@checklist.command("validate", help=msg("cli.catalog.check_catalogs_profiles_report_every"))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@json_option
@pass_app
def checklist_validate(app: App, paths: tuple[Path, ...], as_json: bool) -> None:
    from secassess.app.catalogs import validate_content

    found = validate_content(paths, app.optional_ws() if not paths else None)
    if as_json:
        emit_json({"catalogs": found.catalogs, "controls": found.controls, "profiles": found.profiles,
                   "problems": [str(p) for p in found.problems], "warnings": [str(w) for w in found.warnings]})
    else:
        for problem in found.problems:
            click.echo(str(problem))
        for warning in found.warnings:
            click.echo(msg("cli.catalog.warning", w=warning))
    if found.problems:
        raise InputError(msg("cli.catalog.problems_catalogs_profiles", n=len(found.problems)))
    if not as_json:
        click.echo(msg("cli.catalog.valid_catalogs_controls_profiles", c=found.catalogs, k=found.controls, p=found.profiles))


@checklist.command("diff", help=msg("cli.catalog.list_changes_between_two_versions"))
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option("--catalog", "catalog_id", help=msg("cli.catalog.catalog_when_there_several"))
@click.option("--assessment", "assessment_id", type=int, help=msg("cli.catalog.compare_assessment_snapshot_current_catalog"))
@json_option
@pass_app
def checklist_diff(app: App, old: str | None, new: str | None, catalog_id: str | None, assessment_id: int | None,
                   as_json: bool) -> None:
    from secassess.app import catalogs
    from secassess.catalog.diff import describe

    if assessment_id is not None:
        if old or new:
            raise InputError(msg("cli.catalog.assessment_takes_no_old_new"))
        from secassess.app.actor import local_actor

        result = catalogs.diff_assessment(app.ws(), local_actor(), assessment_id)
    else:
        result = catalogs.diff(app.library(), old, new, catalog_id=catalog_id)
    if as_json:
        emit_json(result.to_dict())
        return
    for line in describe(result, lang()):
        click.echo(line)


@checklist.command("export", help=msg("cli.catalog.export_catalog_as_json_yaml"))
@click.argument("catalog_id", required=False)
@click.option("--format", "fmt", type=click.Choice(["json", "yaml", "oscal"]), default="json", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help=msg("cli.catalog.output_file_default_standard_output"))
@pass_app
def checklist_export(app: App, catalog_id: str | None, fmt: str, output: Path | None) -> None:
    from secassess.app.catalogs import export_catalog

    done = export_catalog(app.library(), catalog_id, fmt, output, lang=lang())
    if done.text is not None:
        click.echo(done.text, nl=False)
        return
    for f in done.written:
        click.echo(msg("cli.catalog.wrote", f=f))
    if fmt == "oscal":
        done_id(output)


def _register_import_oscal() -> None:
    """``checklist import-oscal`` lives with the other OSCAL commands (cli/oscal.py)."""
    from secassess.cli.oscal import import_oscal

    checklist.add_command(import_oscal)


_register_import_oscal()


@click.group(help=msg("cli.catalog.profiles_list_show_resolved_controls"))
def profile() -> None:
    pass


@profile.command("list", help=msg("cli.catalog.list_profiles"))
@json_option
@pass_app
def profile_list(app: App, as_json: bool) -> None:
    from dataclasses import asdict

    from secassess.app.catalogs import list_profiles

    rows = [{**asdict(p), "title": p.title[lang()]} for p in list_profiles(app.library())]
    if as_json:
        emit_json(rows)
        return
    echo_table([msg("cli.catalog.id"), msg("cli.catalog.level"), msg("cli.catalog.controls"), msg("cli.catalog.mandatory"),
                msg("cli.catalog.extends"), msg("cli.catalog.title")],
               [(r["id"], f"{r['level']}{'+' if r['level_follows_system'] else ''}", r["controls"], r["mandatory"],
                 r["extends"] or "", r["title"]) for r in rows], max_col=60)
    if any(r["level_follows_system"] for r in rows):
        click.echo(msg("cli.catalog.level_rises_system_level_when"))


@profile.command("show", help=msg("cli.catalog.show_resolved_controls_profile_parameters"))
@click.argument("profile_id")
@click.option("--level", type=click.IntRange(1, 5), help=msg("cli.catalog.system_level_profiles_follow"))
@json_option
@pass_app
def profile_show(app: App, profile_id: str, level: int | None, as_json: bool) -> None:
    from secassess.app.catalogs import show_profile

    resolved = show_profile(app.library(), profile_id, level)
    if as_json:
        emit_json(resolved.to_dict())
        return
    lg = lang()
    click.secho(f"{resolved.profile_id} — {resolved.profile_title[lg]}", bold=True)
    click.echo(msg("cli.catalog.catalog_level_controls_mandatory", c=resolved.catalog_id, v=resolved.catalog_version, l=resolved.level, n=len(resolved.controls), m=sum(c.mandatory for c in resolved.controls)))
    th = resolved.thresholds
    click.echo(msg("cli.catalog.rating_thresholds_compliant_partially_weights", a=f"{th['compliant']:g}", b=f"{th['partial']:g}", w=", ".join(f"{severity_label(k)} {v:g}" for k, v in resolved.weights.items())))
    click.echo()
    titles = {d.id: d.title[lg] for d in resolved.domains}
    current = None
    for c in resolved.controls:
        if c.domain != current:
            current = c.domain
            click.secho(f"{c.domain} — {titles[c.domain]}", bold=True)
        mark = "*" if c.mandatory else " "
        click.echo(f" {mark} {c.id:<8} [{severity_label(c.severity)}] {c.title[lg]}")
    click.echo()
    click.echo(msg("cli.catalog.mandatory_control"))
