"""Content use cases (bộ tiêu chí, hồ sơ áp dụng): list, show, validate, compare and export catalogs;
list and show profiles; OSCAL import and validation.

Content is the same for everyone: these use cases take the :class:`~secassess.catalog.registry.Library`
the edge works with (the workspace's, or the built-in one where there is no workspace) and no actor —
except the comparison of an assessment's snapshot, which reads a workspace record and is authorised
like any other read of it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from secassess.errors import InputError, Problem
from secassess.messages import msg

if TYPE_CHECKING:
    from secassess.app.actor import Actor
    from secassess.catalog.diff import CatalogDiff
    from secassess.catalog.loader import Catalog
    from secassess.catalog.models import Control, Domain
    from secassess.catalog.registry import Library
    from secassess.catalog.resolve import ResolvedProfile
    from secassess.oscal.importer import Imported
    from secassess.workspace import Workspace


# --------------------------------------------------------------------------- catalogs


@dataclass(frozen=True)
class CatalogSummary:
    id: str
    version: str
    title: dict[str, str]
    domains: int
    controls: int
    path: Path


def list_catalogs(lib: Library) -> list[CatalogSummary]:
    """Every catalog of the library, in the order it was found (built-in first)."""
    return [CatalogSummary(c.id, c.version, c.header.title.model_dump(), len(c.domains), len(c.controls), c.path)
            for c in lib.catalogs.values()]


@dataclass(frozen=True)
class ControlView:
    """One control of a catalog, with the parameter values of ``level`` to render its texts with."""

    catalog: Catalog
    control: Control
    domain: Domain
    level: int
    values: dict[str, Any]


def show(lib: Library, ident: str, *, catalog_id: str | None = None, level: int | None = None
         ) -> Catalog | ControlView:
    """A catalog (``ident`` is a catalog id) or one control (a control id, in any case; of the
    catalog ``catalog_id`` when given), its parameters at ``level`` (default: the level the control
    applies from). :class:`InputError` suggesting the closest ids when there is neither."""
    from secassess import ids

    if ident in lib.catalogs:
        return lib.catalogs[ident]
    control_id = ident.upper()
    cats = [lib.catalog(catalog_id)] if catalog_id else list(lib.catalogs.values())
    for cat in cats:
        found = ids.match(control_id, cat.controls)
        if len(found) == 1:
            control = cat.controls[found[0]]
            lv = level or control.level
            return ControlView(cat, control, cat.domain(cat.control_domain[control.id]), lv,
                               {n: p.values[lv] for n, p in cat.header.parameters.items()})
    known = {*lib.catalogs, *(c for cat in cats for c in cat.controls)}
    raise InputError(msg("app.catalogs.no_control_catalog", c=control_id, h=ids.suggestion(control_id, known)))


@dataclass(frozen=True)
class ContentCheck:
    """What checking catalogs and profiles found (``problems``: errors; ``warnings``: usable)."""

    catalogs: int
    controls: int
    profiles: int
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def validate_content(paths: Sequence[Path] = (), ws: Workspace | None = None) -> ContentCheck:
    """Check catalog and profile folders (or single profile files) — ``paths``, else the built-in
    content and ``ws``'s own — and each catalog's changelog against the previous release kept in
    ``releases/``. Every problem is reported, with its file and line; none is raised."""
    from secassess.catalog.registry import load_library

    cdirs: list[Path] = []
    pdirs: list[Path] = []
    if ws is not None and not paths:
        cdirs += [ws.root / d for d in ws.config.checklist_dirs]
        pdirs += [ws.root / d for d in ws.config.profile_dirs]
    for p in paths:
        if not p.exists():
            raise InputError(msg("app.catalogs.not_found"), str(p))
        if p.is_dir() and ((p / "catalog.yaml").is_file() or any(p.glob("*/catalog.yaml"))):
            cdirs.append(p)
        else:
            pdirs.append(p)  # a profile folder or a single profile file
    # with paths: check those (built-in catalogs stay visible for references); without: everything
    lib = load_library(cdirs, pdirs, builtin_profiles=not any(p in pdirs for p in paths))
    problems, warnings = list(lib.problems), list(lib.warnings)
    for is_error, finding in _changelog_problems(lib):
        (problems if is_error else warnings).append(finding)
    return ContentCheck(len(lib.catalogs), sum(len(c.controls) for c in lib.catalogs.values()), len(lib.profiles),
                        problems, warnings)


def _changelog_problems(lib: Library) -> list[tuple[bool, Problem]]:
    """Each catalog's changelog against the previous release kept under ``releases/``:
    (is an error, problem) pairs."""
    from secassess.catalog.releases import check_against_previous
    from secassess.i18n import get_lang

    out: list[tuple[bool, Problem]] = []
    for cat in lib.catalogs.values():
        if cat.changelog is None or cat.header.changelog is None:
            continue
        try:
            findings = check_against_previous(cat)
        except InputError as exc:
            out.append((True, Problem(exc.message, str(cat.path))))
            continue
        out += [(f.error, Problem(f.text(get_lang()), str(cat.path / cat.header.changelog))) for f in findings]
    return out


def diff(lib: Library, old: str | None = None, new: str | None = None, *, catalog_id: str | None = None
         ) -> CatalogDiff:
    """What changed between two versions of a catalog (``old``, ``new``: a version such as 1.0.0,
    ``id@version``, a catalog id or a catalog folder; default: the previous version kept in
    ``releases/`` → the current one), with the changelog's entries in between."""
    from secassess.catalog.changelog import merged_since
    from secassess.catalog.diff import diff_catalogs

    base = _diff_catalog(lib, catalog_id, old, new)
    older = _diff_side(lib, base, old) if old else _previous(base)
    newer = _diff_side(lib, base, new) if new else base
    entry = merged_since(newer.changelog or base.changelog, older.version) if older.id == newer.id else None
    return diff_catalogs(older, newer, entry)


def diff_assessment(ws: Workspace, actor: Actor, assessment_id: int) -> CatalogDiff:
    """What changed between the catalog an assessment was started on (its snapshot) and the
    workspace's catalog now, for the same profile and level."""
    from secassess.app import visible
    from secassess.assessment.service import load_results
    from secassess.catalog.changelog import merged_since
    from secassess.catalog.diff import diff_snapshot

    with ws.read() as conn:
        a, _system = visible.assessment(conn, actor, assessment_id)
        rows = load_results(conn, assessment_id)
    lib = ws.library
    current = lib.resolve(a.profile_id, a.level)
    cat = lib.catalogs.get(a.catalog_id)
    return diff_snapshot(a.catalog_id, a.catalog_version, [r.control for r in rows], current,
                         merged_since(cat.changelog if cat else None, a.catalog_version))


def _diff_catalog(lib: Library, catalog_id: str | None, *specs: str | None) -> Catalog:
    """The catalog the versions belong to: ``catalog_id``, an id@version spec, or the only catalog."""
    for spec in specs:
        if spec and "@" in spec:
            catalog_id = catalog_id or spec.split("@", 1)[0]
        elif spec and spec in lib.catalogs:
            catalog_id = catalog_id or spec
    if catalog_id is None:
        if len(lib.catalogs) != 1:
            raise InputError(msg("app.catalogs.name_catalog_catalog_available", k=", ".join(sorted(lib.catalogs))))
        catalog_id = next(iter(lib.catalogs))
    return lib.catalog(catalog_id)


def _previous(cat: Catalog) -> Catalog:
    from secassess.catalog.releases import load_version, previous_version

    version = previous_version(cat)
    if version is None:
        raise InputError(msg("app.catalogs.catalog_keeps_no_version_before", c=cat.id, v=cat.version))
    return load_version(cat, version)


def _diff_side(lib: Library, base: Catalog, spec: str) -> Catalog:
    """One side of a comparison: a version, id@version, a catalog id, or a catalog folder."""
    from secassess.catalog.loader import load_catalog
    from secassess.catalog.releases import load_version

    path = Path(spec)
    if ("/" in spec or "\\" in spec or path.is_dir()) and "@" not in spec:
        if not (path / "catalog.yaml").is_file():
            raise InputError(msg("app.catalogs.not_catalog_folder_no_catalog"), spec)
        cat, problems = load_catalog(path)
        if cat is None or problems:
            raise InputError.from_problems(msg("app.catalogs.catalog_has_problems"), problems)
        return cat
    if "@" in spec:
        cid, version = spec.split("@", 1)
        return load_version(lib.catalog(cid), version)
    if spec in lib.catalogs:
        return lib.catalogs[spec]
    return load_version(base, spec)


#: the formats of ``checklist export``
EXPORT_FORMATS = ("json", "yaml", "oscal")


@dataclass(frozen=True)
class CatalogExport:
    """An exported catalog: ``text`` when no file was asked for (JSON, YAML), else the files written."""

    catalog_id: str
    format: str
    text: str | None = None
    written: list[Path] = field(default_factory=list)


def export_catalog(lib: Library, catalog_id: str | None, fmt: str, output: Path | None, *,
                   lang: str = "vi") -> CatalogExport:
    """A catalog (``catalog_id``, or the only one) as JSON or YAML — to ``output``, or as text — or,
    ``oscal``, the catalog and its profiles as OSCAL documents in ``lang`` into the folder
    ``output``, each validated before any file is written. Files appear whole or not at all."""
    if catalog_id is None:
        if len(lib.catalogs) != 1:
            raise InputError(msg("app.catalogs.name_catalog_available", k=", ".join(sorted(lib.catalogs))))
        catalog_id = next(iter(lib.catalogs))
    cat = lib.catalog(catalog_id)
    if fmt == "oscal":
        return CatalogExport(cat.id, fmt, written=_export_oscal(lib, cat, output, lang))
    data = {**cat.header.model_dump(mode="json", exclude_defaults=False), "digest": cat.digest,
            "domains": [d.model_dump(mode="json", exclude_defaults=True) for d in cat.domains]}
    if fmt == "json":
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        from secassess.yamlio import dump_yaml

        text = dump_yaml(data)
    if output is None:
        return CatalogExport(cat.id, fmt, text=text)
    from secassess.fsutil import atomic_write_text

    atomic_write_text(output, text)
    return CatalogExport(cat.id, fmt, written=[output])


def _export_oscal(lib: Library, cat: Catalog, output: Path | None, lang: str) -> list[Path]:
    from secassess import clock
    from secassess.fsutil import atomic_write_bytes
    from secassess.oscal import validate
    from secassess.oscal.catalog import catalog_documents
    from secassess.oscal.document import dumps

    if output is None:
        raise InputError(msg("app.catalogs.oscal_format_writes_several_files"), location="-o")
    if output.exists() and not output.is_dir():
        raise InputError(msg("app.catalogs.oscal_format_needs_folder"), str(output))
    docs = catalog_documents(cat, lib.profiles, lang, clock.now())
    for w in docs:
        validate.check(w.doc, str(output / w.name))
    for w in docs:
        atomic_write_bytes(output / w.name, dumps(w.doc))
    return [output / w.name for w in docs]


# --------------------------------------------------------------------------- profiles


@dataclass(frozen=True)
class ProfileSummary:
    id: str
    title: dict[str, str]
    catalog: str
    level: int
    level_follows_system: bool
    extends: str | None
    controls: int
    mandatory: int


def list_profiles(lib: Library) -> list[ProfileSummary]:
    """Every profile, with how many controls it applies (at its own level) and how many are mandatory."""
    rows = []
    for pid in lib.profiles:
        eff = lib.profile(pid)
        resolved = lib.resolve(pid)
        rows.append(ProfileSummary(pid, eff.title.model_dump(), eff.catalog, eff.level, eff.level_follows_system,
                                   lib.profiles[pid].profile.extends, len(resolved.controls),
                                   sum(c.mandatory for c in resolved.controls)))
    return rows


def show_profile(lib: Library, profile_id: str, level: int | None = None) -> ResolvedProfile:
    """The controls a profile applies (id in any case), parameters filled in for ``level`` (the
    system's level, for profiles that follow it)."""
    from secassess import ids

    return lib.resolve(ids.resolve(profile_id, lib.profiles, ids.PROFILE, listing="secassess profile list"), level)


# --------------------------------------------------------------------------- OSCAL


def _input_limit(ws: Workspace | None) -> int:
    from secassess.config import Limits

    mb = ws.config.limits.input_max_mb if ws is not None else Limits().input_max_mb
    return mb * 1024 * 1024


@dataclass(frozen=True)
class OscalCheck:
    """One file checked against NIST's OSCAL schemas."""

    file: Path
    model: str | None  # catalog, profile, assessment-results, plan-of-action-and-milestones
    oscal_version: str | None  # as the document says
    problems: list[str] = field(default_factory=list)
    readable: bool = True  # False: not read at all (too big, not JSON...), ``problems`` says why

    @property
    def valid(self) -> bool:
        return not self.problems


def validate_oscal(files: Sequence[Path], ws: Workspace | None = None) -> list[OscalCheck]:
    """Check each file against the NIST OSCAL JSON schemas shipped with secassess (offline); a file
    that cannot be read is reported as not valid, with why. Files are at most the workspace's input
    size limit."""
    from secassess.oscal import validate
    from secassess.oscal.document import read_document

    limit = _input_limit(ws)
    out: list[OscalCheck] = []
    for f in files:
        try:
            doc = read_document(f, limit)
        except InputError as exc:
            out.append(OscalCheck(f, None, None, [exc.message], readable=False))
            continue
        model = validate.model_of(doc)
        found = validate.problems(doc, model)
        version = (doc.get(model or "", {}) or {}).get("metadata", {}).get("oscal-version") if model else None
        out.append(OscalCheck(f, model, version, [f"{p.location}: {p.message}" for p in found]))
    return out


def import_oscal(catalog_file: Path, profiles: Sequence[Path], out: Path, *, catalog_id: str | None = None,
                 ws: Workspace | None = None) -> Imported:
    """Turn an OSCAL catalog and its profiles into a secassess catalog folder ``out/<catalog id>/``,
    which appears only once it validates."""
    from secassess.oscal.importer import import_catalog

    return import_catalog(catalog_file, profiles, out, max_bytes=_input_limit(ws), catalog_id=catalog_id)
