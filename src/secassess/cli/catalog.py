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
from secassess.i18n import tr

if TYPE_CHECKING:
    from secassess.catalog.loader import Catalog


@click.group(help=tr("Bộ tiêu chí (checklist): liệt kê, xem, kiểm tra, so sánh phiên bản, xuất.",
                     "Catalogs: list, show, validate, diff versions, export."))
def checklist() -> None:
    pass


@checklist.command("list", help=tr("Liệt kê các bộ tiêu chí.", "List the catalogs."))
@json_option
@pass_app
def checklist_list(app: App, as_json: bool) -> None:
    from secassess.app.catalogs import list_catalogs

    rows = [{"id": c.id, "version": c.version, "title": c.title[lang()],
             "domains": c.domains, "controls": c.controls, "path": str(c.path)} for c in list_catalogs(app.library())]
    if as_json:
        emit_json(rows)
        return
    echo_table([tr("Mã", "Id"), tr("Phiên bản", "Version"), tr("Nhóm", "Domains"), tr("Yêu cầu", "Controls"),
                tr("Tên", "Title")],
               [(r["id"], r["version"], r["domains"], r["controls"], r["title"]) for r in rows], max_col=80)


@checklist.command("show", help=tr(
    "Xem một bộ tiêu chí (mã bộ) hoặc một yêu cầu (mã yêu cầu, ví dụ QLRR-01).",
    "Show a catalog (catalog id) or one control (control id, e.g. QLRR-01)."))
@click.argument("ident")
@click.option("--catalog", "catalog_id", help=tr("Bộ tiêu chí chứa yêu cầu.", "Catalog holding the control."))
@click.option("--level", type=click.IntRange(1, 5), help=tr("Hiển thị tham số theo cấp độ này.",
                                                            "Render parameters for this level."))
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
    kind = tr("quản lý", "management") if control.kind == "management" else tr("kỹ thuật", "technical")
    methods = {"examine": tr("xem xét tài liệu", "examine"), "interview": tr("phỏng vấn", "interview"),
               "test": tr("kiểm tra thực tế", "test")}
    click.echo(tr("Nhóm: {d} — {t}", "Domain: {d} — {t}", d=domain.id, t=domain.title.get(lg)))
    click.echo(tr("Mức độ: {s} · Bắt buộc: {m} · Loại: {k} · Áp dụng từ cấp độ {l}",
                  "Severity: {s} · Mandatory: {m} · Kind: {k} · Applies from level {l}",
                  s=severity_label(control.severity), m=yes_no(control.mandatory), k=kind, l=control.level))
    click.echo(tr("Phương pháp: {m}", "Methods: {m}", m=", ".join(methods[m] for m in control.methods)))
    sections = [(tr("Yêu cầu", "Requirement"), control.statement), (tr("Câu hỏi", "Question"), control.question),
                (tr("Hướng dẫn đánh giá", "Assessor guidance"), control.guidance),
                (tr("Khuyến nghị khắc phục", "Remediation"), control.remediation)]
    for head, text in sections:
        click.echo()
        click.secho(head, bold=True)
        click.echo(_wrap(render(text.get(lg), values, lg)))
    if control.not_applicable:
        click.echo()
        click.secho(tr("Khi nào không áp dụng", "When it does not apply"), bold=True)
        click.echo(_wrap(control.not_applicable.get(lg)))
    click.echo()
    click.secho(tr("Bằng chứng điển hình", "Typical evidence"), bold=True)
    for e in control.evidence.get(lg):
        click.echo(f"  - {render(e, values, lg)}")
    used = sorted(control.placeholders())
    if used:
        click.echo()
        click.secho(tr("Tham số (theo cấp độ 1–5)", "Parameters (levels 1–5)"), bold=True)
        for n in used:
            p = cat.header.parameters[n]
            vals = " / ".join(format_value(p.values[x], lg) for x in cat.header.levels)
            unit = p.unit.get(lg) if p.unit else ""
            click.echo(f"  {n}: {p.title.get(lg)}: {vals} {unit}".rstrip())
    refs = control.references.model_dump(exclude_defaults=True)
    if refs:
        click.echo()
        click.secho(tr("Tham chiếu", "References"), bold=True)
        names = {"cis_v8": "CIS Controls v8", "iso27001_2022": "ISO/IEC 27001:2022", "nist_800_53": "NIST SP 800-53",
                 "legal": tr("Văn bản pháp luật", "Legal"), "other": tr("Khác", "Other")}
        from secassess.catalog.legal import format_citation

        for k, v in refs.items():
            if k == "legal":
                for cite in control.references.legal:
                    click.echo(f"  {names[k]}: {format_citation(cat.legal_register, cite, lg)}")
                continue
            click.echo(f"  {names[k]}: {', '.join(v)}")
    if control.scan_rules:
        click.echo()
        click.secho(tr("Quy tắc rà quét", "Scan rules"), bold=True)
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
    echo_table([tr("Nhóm", "Domain"), tr("Tên", "Title"), tr("Yêu cầu", "Controls"), tr("Bắt buộc", "Mandatory"),
                tr("Theo cấp độ 1–5", "By level 1–5")],
               [(d.id + (" *" if d.optional else ""), d.title.get(lg), len(d.controls),
                 sum(c.mandatory for c in d.controls),
                 " / ".join(str(sum(c.level == lv for c in d.controls)) for lv in cat.header.levels))
                for d in cat.domains], max_col=70)
    if any(d.optional for d in cat.domains):
        click.echo(tr("* nhóm tùy chọn, chỉ áp dụng khi hồ sơ áp dụng đưa vào",
                      "* optional domain, applies only where a profile includes it"))


@checklist.command("validate", help=tr(
    "Kiểm tra bộ tiêu chí và hồ sơ áp dụng; báo mọi lỗi kèm tệp và dòng. Không có PATH: kiểm tra "
    "nội dung có sẵn và của không gian làm việc.",
    "Check catalogs and profiles and report every problem with file and line. Without PATH: the "
    "built-in content and the workspace's own."))
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
            click.echo(tr("Cảnh báo: {w}", "Warning: {w}", w=warning))
    if found.problems:
        raise InputError(tr("{n} lỗi trong bộ tiêu chí hoặc hồ sơ áp dụng", "{n} problems in catalogs or profiles",
                            n=len(found.problems)))
    if not as_json:
        click.echo(tr("Hợp lệ: {c} bộ tiêu chí, {k} yêu cầu, {p} hồ sơ áp dụng.",
                      "Valid: {c} catalogs, {k} controls, {p} profiles.",
                      c=found.catalogs, k=found.controls, p=found.profiles))


@checklist.command("diff", help=tr(
    "Liệt kê thay đổi giữa hai phiên bản của bộ tiêu chí (OLD, NEW: số phiên bản như 1.0.0, "
    "mã@phiên-bản hoặc thư mục bộ tiêu chí; mặc định: phiên bản trước → phiên bản hiện hành), hoặc giữa "
    "bản chụp của một đợt đánh giá và bộ tiêu chí hiện hành (--assessment).",
    "List the changes between two versions of a catalog (OLD, NEW: a version such as 1.0.0, id@version "
    "or a catalog folder; default: the previous version → the current one), or between an assessment's "
    "snapshot and the current catalog (--assessment)."))
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option("--catalog", "catalog_id", help=tr("Bộ tiêu chí (khi có nhiều bộ).", "The catalog (when there are several)."))
@click.option("--assessment", "assessment_id", type=int, help=tr(
    "Đối chiếu đợt đánh giá này (bản chụp lúc bắt đầu) với bộ tiêu chí hiện hành.",
    "Compare this assessment (its snapshot) with the current catalog."))
@json_option
@pass_app
def checklist_diff(app: App, old: str | None, new: str | None, catalog_id: str | None, assessment_id: int | None,
                   as_json: bool) -> None:
    from secassess.app import catalogs
    from secassess.catalog.diff import describe

    if assessment_id is not None:
        if old or new:
            raise InputError(tr("--assessment không dùng cùng OLD, NEW", "--assessment takes no OLD or NEW"))
        from secassess.app.actor import local_actor

        result = catalogs.diff_assessment(app.ws(), local_actor(), assessment_id)
    else:
        result = catalogs.diff(app.library(), old, new, catalog_id=catalog_id)
    if as_json:
        emit_json(result.to_dict())
        return
    for line in describe(result, lang()):
        click.echo(line)


@checklist.command("export", help=tr("Xuất một bộ tiêu chí ra JSON hoặc YAML; oscal: danh mục và các hồ sơ áp dụng "
                                     "theo OSCAL vào thư mục -o (docs/oscal.md).", "Export a catalog as JSON or YAML; "
                                     "oscal: the catalog and its profiles as OSCAL into the -o folder (docs/oscal.md)."))
@click.argument("catalog_id", required=False)
@click.option("--format", "fmt", type=click.Choice(["json", "yaml", "oscal"]), default="json", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help=tr("Tệp kết quả (mặc định: màn hình).", "Output file (default: standard output)."))
@pass_app
def checklist_export(app: App, catalog_id: str | None, fmt: str, output: Path | None) -> None:
    from secassess.app.catalogs import export_catalog

    done = export_catalog(app.library(), catalog_id, fmt, output, lang=lang())
    if done.text is not None:
        click.echo(done.text, nl=False)
        return
    for f in done.written:
        click.echo(tr("Đã ghi {f}", "Wrote {f}", f=f))
    if fmt == "oscal":
        done_id(output)


def _register_import_oscal() -> None:
    """``checklist import-oscal`` lives with the other OSCAL commands (cli/oscal.py)."""
    from secassess.cli.oscal import import_oscal

    checklist.add_command(import_oscal)


_register_import_oscal()


@click.group(help=tr("Hồ sơ áp dụng: liệt kê, xem danh sách yêu cầu đã áp dụng.",
                     "Profiles: list, show the resolved controls."))
def profile() -> None:
    pass


@profile.command("list", help=tr("Liệt kê các hồ sơ áp dụng.", "List the profiles."))
@json_option
@pass_app
def profile_list(app: App, as_json: bool) -> None:
    from dataclasses import asdict

    from secassess.app.catalogs import list_profiles

    rows = [{**asdict(p), "title": p.title[lang()]} for p in list_profiles(app.library())]
    if as_json:
        emit_json(rows)
        return
    echo_table([tr("Mã", "Id"), tr("Cấp độ", "Level"), tr("Yêu cầu", "Controls"), tr("Bắt buộc", "Mandatory"),
                tr("Kế thừa", "Extends"), tr("Tên", "Title")],
               [(r["id"], f"{r['level']}{'+' if r['level_follows_system'] else ''}", r["controls"], r["mandatory"],
                 r["extends"] or "", r["title"]) for r in rows], max_col=60)
    if any(r["level_follows_system"] for r in rows):
        click.echo(tr("+ cấp độ được nâng theo cấp độ của hệ thống nếu cao hơn",
                      "+ the level rises to the system's level when that is higher"))


@profile.command("show", help=tr("Xem danh sách yêu cầu của một hồ sơ áp dụng, với tham số đã điền.",
                                 "Show the resolved controls of a profile, with parameters filled in."))
@click.argument("profile_id")
@click.option("--level", type=click.IntRange(1, 5), help=tr(
    "Cấp độ của hệ thống (cho hồ sơ nâng cấp độ theo hệ thống).", "System level (for profiles that follow it)."))
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
    click.echo(tr("Bộ tiêu chí {c} {v} · cấp độ {l} · {n} yêu cầu ({m} bắt buộc)",
                  "Catalog {c} {v} · level {l} · {n} controls ({m} mandatory)",
                  c=resolved.catalog_id, v=resolved.catalog_version, l=resolved.level, n=len(resolved.controls),
                  m=sum(c.mandatory for c in resolved.controls)))
    th = resolved.thresholds
    click.echo(tr("Ngưỡng xếp loại: Đạt ≥ {a}, Đạt một phần ≥ {b}; trọng số: {w}",
                  "Rating thresholds: compliant ≥ {a}, partially ≥ {b}; weights: {w}",
                  a=f"{th['compliant']:g}", b=f"{th['partial']:g}",
                  w=", ".join(f"{severity_label(k)} {v:g}" for k, v in resolved.weights.items())))
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
    click.echo(tr("* yêu cầu bắt buộc", "* mandatory control"))
