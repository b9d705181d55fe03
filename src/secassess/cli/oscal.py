"""``secassess oscal validate`` and ``secassess checklist import-oscal`` (the use cases are in
:mod:`secassess.app.catalogs`, with ``checklist export --format oscal``). The documents themselves
are made in :mod:`secassess.oscal`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from secassess.cli.common import App, done_id, emit_json, json_option, pass_app
from secassess.errors import InputError
from secassess.i18n import tr


@click.group(help=tr(
    "OSCAL (định dạng trao đổi của NIST, phiên bản 1.2.1): kiểm tra tài liệu theo lược đồ của NIST, không cần "
    "mạng. Xuất: “checklist export --format oscal”, “report system --format oscal”, “remediation export "
    "--format oscal”; nhập: “checklist import-oscal”. Xem docs/oscal.md.",
    "OSCAL (NIST's interchange format, version 1.2.1): check documents against NIST's schemas, offline. "
    "Export: “checklist export --format oscal”, “report system --format oscal”, “remediation export --format "
    "oscal”; import: “checklist import-oscal”. See docs/oscal.md."))
def oscal() -> None:
    pass


@oscal.command("validate", help=tr(
    "Kiểm tra một hoặc nhiều tệp OSCAL JSON (catalog, profile, assessment-results, "
    "plan-of-action-and-milestones) theo lược đồ JSON của NIST OSCAL 1.2.1 đi kèm secassess. Mã thoát 2 nếu có "
    "tệp không hợp lệ.",
    "Check one or more OSCAL JSON files (catalog, profile, assessment-results, plan-of-action-and-milestones) "
    "against the NIST OSCAL 1.2.1 JSON schemas shipped with secassess. Exit code 2 when a file is not valid."))
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
                click.echo(tr("{f}: hợp lệ ({m}, OSCAL {v})", "{f}: valid ({m}, OSCAL {v})", f=row["file"],
                              m=row["model"], v=OSCAL_VERSION))
                if row.get("oscal_version") not in (None, OSCAL_VERSION):
                    click.secho(tr("  lưu ý: tài liệu ghi oscal-version {d}; đã kiểm tra theo lược đồ {v}",
                                   "  note: the document says oscal-version {d}; checked against the {v} schema",
                                   d=row["oscal_version"], v=OSCAL_VERSION), fg="yellow")
            else:
                click.echo(tr("{f}: KHÔNG hợp lệ", "{f}: NOT valid", f=row["file"]))
                for p in row["problems"]:
                    click.echo(f"  - {p}")
    bad = sum(1 for r in rows if not r["valid"])
    if bad:
        raise InputError(tr("{n}/{t} tệp không hợp lệ theo lược đồ OSCAL {v}",
                            "{n} of {t} files do not validate against the OSCAL {v} schemas",
                            n=bad, t=len(rows), v=OSCAL_VERSION))


@click.command("import-oscal", help=tr(
    "Nhập một danh mục OSCAL (catalog JSON) và các hồ sơ OSCAL (profile) thành một thư mục bộ tiêu chí của "
    "secassess: THƯ_MỤC/<mã bộ tiêu chí>/ với catalog.yaml, domains/, data/ và profiles/. Thư mục chỉ xuất hiện "
    "khi đã kiểm tra hợp lệ. Đọc tài liệu có dạng secassess xuất ra (docs/oscal.md); không tải gì từ mạng.",
    "Import an OSCAL catalog (JSON) and OSCAL profiles as a secassess catalog folder: DIR/<catalog id>/ with "
    "catalog.yaml, domains/, data/ and profiles/. The folder appears only once it validates. Reads documents "
    "shaped as secassess writes them (docs/oscal.md); fetches nothing."))
@click.argument("catalog_file", metavar="CATALOG.json", type=click.Path(path_type=Path))
@click.option("--profile", "profiles", multiple=True, metavar="PROFILE.json", type=click.Path(path_type=Path),
              help=tr("Hồ sơ OSCAL của danh mục này (lặp lại được).", "An OSCAL profile of this catalog (repeatable)."))
@click.option("--out", "-o", "out", type=click.Path(path_type=Path, file_okay=False), default=Path("."),
              show_default=True, help=tr("Thư mục đặt thư mục bộ tiêu chí mới.", "Where the new catalog folder goes."))
@click.option("--catalog-id", help=tr("Mã cho bộ tiêu chí nhập vào (mặc định: mã ghi trong tài liệu).",
                                      "Id of the imported catalog (default: the one the document gives)."))
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
    click.echo(tr("Đã nhập bộ tiêu chí {c}: {d} nhóm, {n} yêu cầu; hồ sơ áp dụng: {p}.",
                  "Imported catalog {c}: {d} domains, {n} controls; profiles: {p}.", c=result.catalog_id,
                  d=result.domains, n=result.controls, p=", ".join(result.profiles) or "-"))
    if result.copied_texts:
        click.secho(tr("{n} đoạn văn bản chỉ có một ngôn ngữ đã được chép sang ngôn ngữ kia; hãy dịch lại.",
                       "{n} texts had one language only and were copied into the other; translate them.",
                       n=result.copied_texts), fg="yellow")
    click.echo(tr("Để dùng, thêm vào secassess.yaml: checklist_dirs: [{c}] và profile_dirs: [{p}] (mã không được "
                  "trùng bộ tiêu chí, hồ sơ đã có).",
                  "To use it, add to secassess.yaml: checklist_dirs: [{c}] and profile_dirs: [{p}] (ids must not "
                  "clash with existing catalogs and profiles).", c=result.folder,
                  p=result.folder / "profiles"))
    done_id(result.folder)
