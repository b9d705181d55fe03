"""``secassess oscal validate`` and ``secassess checklist import-oscal`` (the use cases are in
:mod:`secassess.app.catalogs`, with ``checklist export --format oscal``). The documents themselves
are made in :mod:`secassess.oscal`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from secassess.cli.common import App, done_id, emit_json, json_option, pass_app
from secassess.errors import InputError
from secassess.messages import msg


@click.group(help=msg("cli.oscal.oscal_nist_interchange_format_version"))
def oscal() -> None:
    pass


@oscal.command("validate", help=msg("cli.oscal.check_one_more_oscal_json"))
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@json_option
@pass_app
def oscal_validate(app: App, files: tuple[Path, ...], as_json: bool) -> None:
    from secassess.app.catalogs import validate_oscal
    from secassess.oscal import OSCAL_VERSION

    rows: list[dict[str, Any]] = []
    for c in validate_oscal(files, app.optional_ws()):
        row: dict[str, Any] = {"file": str(c.file), "model": c.model}
        if c.readable:
            row["oscal_version"] = c.oscal_version
        rows.append({**row, "valid": c.valid, "problems": c.problems})
    if as_json:
        emit_json({"schema_version": OSCAL_VERSION, "files": rows})
    else:
        for row in rows:
            if row["valid"]:
                click.echo(msg("cli.oscal.valid_oscal", f=row["file"], m=row["model"], v=OSCAL_VERSION))
                if row.get("oscal_version") not in (None, OSCAL_VERSION):
                    click.secho(msg("cli.oscal.note_document_says_oscal_version", d=row["oscal_version"], v=OSCAL_VERSION), fg="yellow")
            else:
                click.echo(msg("cli.oscal.not_valid", f=row["file"]))
                for p in row["problems"]:
                    click.echo(f"  - {p}")
    bad = sum(1 for r in rows if not r["valid"])
    if bad:
        raise InputError(msg("cli.oscal.files_do_not_validate_against", n=bad, t=len(rows), v=OSCAL_VERSION))


@click.command("import-oscal", help=msg("cli.oscal.import_oscal_catalog_json_oscal"))
@click.argument("catalog_file", metavar="CATALOG.json", type=click.Path(path_type=Path))
@click.option("--profile", "profiles", multiple=True, metavar="PROFILE.json", type=click.Path(path_type=Path),
              help=msg("cli.oscal.oscal_profile_catalog_repeatable"))
@click.option("--out", "-o", "out", type=click.Path(path_type=Path, file_okay=False), default=Path("."),
              show_default=True, help=msg("cli.oscal.where_new_catalog_folder_goes"))
@click.option("--catalog-id", help=msg("cli.oscal.id_imported_catalog_default_one"))
@json_option
@pass_app
def import_oscal(app: App, catalog_file: Path, profiles: tuple[Path, ...], out: Path, catalog_id: str | None,
                 as_json: bool) -> None:
    from secassess.app.catalogs import import_oscal as import_catalog

    result = import_catalog(catalog_file, profiles, out, catalog_id=catalog_id, ws=app.optional_ws())
    if as_json:
        emit_json({"folder": str(result.folder), "catalog": result.catalog_id, "domains": result.domains,
                   "controls": result.controls, "profiles": result.profiles, "copied_texts": result.copied_texts})
        return
    click.echo(msg("cli.oscal.imported_catalog_domains_controls_profiles", c=result.catalog_id, d=result.domains, n=result.controls, p=", ".join(result.profiles) or "-"))
    if result.copied_texts:
        click.secho(msg("cli.oscal.texts_had_one_language_only", n=result.copied_texts), fg="yellow")
    click.echo(msg("cli.oscal.use_add_secassess_yaml_checklist", c=result.folder, p=result.folder / "profiles"))
    done_id(result.folder)
