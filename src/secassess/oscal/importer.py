"""An OSCAL catalog and its profiles back into a secassess catalog folder (``checklist import-oscal``).

Reads catalogs in the shape :mod:`secassess.oscal.catalog` writes (groups of controls with the
secassess parts and properties; ``docs/oscal.md``); a catalog without them is refused with a
message naming the object and what it lacks. A text whose other language is missing is copied
from the language present (and counted). Nothing is ever fetched: a profile's import ``href``
must be a plain file name or a ``#fragment``, and is applied to the catalog given.

The result is one folder ``OUT/<catalog-id>/`` (``catalog.yaml``, ``domains/``, ``data/``,
``profiles/``), built beside its final place and checked by the same loader as
``checklist validate`` before it is renamed into place: it appears whole and valid, or not at all.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from secassess.catalog.legal import citation_from_key
from secassess.errors import InputError, Problem
from secassess.messages import msg
from secassess.oscal import NS, validate
from secassess.oscal.catalog import REFERENCE_CLASSES, SEVERITY_ORDER, TEXT_PARTS
from secassess.oscal.common import LANGS
from secassess.oscal.document import read_document
from secassess.oscal.markup import from_markdown

_SAFE_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}\Z")
_REFERENCE_KINDS = {v: k for k, v in REFERENCE_CLASSES.items()}


@dataclass
class Imported:
    """What ``import_catalog`` wrote."""

    folder: Path
    catalog_id: str
    domains: int
    controls: int
    profiles: list[str] = field(default_factory=list)
    copied_texts: int = 0  # texts present in one language only, copied into the other


class _Reader:
    """Reads one OSCAL document, remembering its language and the texts it had to copy."""

    def __init__(self, doc: Mapping[str, Any], file: str) -> None:
        self.file = file
        meta = doc.get("metadata") or {}
        langs = [p["value"] for p in _ns(meta, "lang")]
        self.lang = langs[0] if langs and langs[0] in LANGS else "en"
        self.copied = 0

    def fail(self, where: str, message: str) -> InputError:
        return InputError(message, self.file, where)

    def pair(self, primary: str | None, other: dict[str, str], where: str, what: str) -> dict[str, str]:
        texts = dict(other)
        if primary is not None:
            texts[self.lang] = primary
        present = [texts[lg] for lg in LANGS if texts.get(lg)]
        if not present:
            raise self.fail(where, msg("oscal.importer.missing", w=what))
        for lg in LANGS:
            if not texts.get(lg):
                texts[lg] = present[0]
                self.copied += 1
        return {lg: texts[lg] for lg in LANGS}

    def home_text(self, obj: Mapping[str, Any], home: str, field_name: str, where: str,
                  what: str) -> dict[str, str]:
        """A text in its OSCAL place (``obj[home]``) plus its ``translation`` property."""
        primary = obj.get(home)
        other = {p.get("class", ""): from_markdown(p.get("remarks", "")) for p in _ns(obj, "translation")
                 if p.get("value") == field_name}
        return self.pair(from_markdown(primary) if isinstance(primary, str) else None, other, where, what)

    def homeless_text(self, obj: Mapping[str, Any], name: str, field_name: str, where: str,
                      what: str, *, required: bool = True) -> dict[str, str] | None:
        """A text kept only in ``name`` properties, one per language."""
        found = {p.get("class", ""): from_markdown(p.get("remarks", "")) for p in _ns(obj, name)
                 if p.get("value") == field_name}
        if not found and not required:
            return None
        return self.pair(None, found, where, what)


def _ns(obj: Mapping[str, Any], name: str) -> list[dict[str, Any]]:
    return [p for p in obj.get("props") or () if p.get("ns") == NS and p.get("name") == name]


def _one(r: _Reader, obj: Mapping[str, Any], name: str, where: str, *, default: str | None = None) -> str:
    values = [p["value"] for p in _ns(obj, name)]
    if not values:
        if default is not None:
            return default
        raise r.fail(where, msg("oscal.importer.property_ns_missing", n=name, s=NS))
    return str(values[0])


def _all(obj: Mapping[str, Any], name: str) -> list[str]:
    return [str(p["value"]) for p in _ns(obj, name)]


def _scalar(value: str) -> Any:
    """A property value as YAML should hold it: numbers and booleans typed, the rest as written
    (the catalog loader then says what is wrong with it)."""
    try:
        parsed = json.loads(value)
    except ValueError:
        return value
    return parsed if isinstance(parsed, bool | int | float) else value


def _json_value(r: _Reader, value: str, where: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        raise r.fail(where, msg("oscal.importer.not_json_value", v=value[:60])) from None


# --------------------------------------------------------------------------- catalog


def _param(r: _Reader, p: Mapping[str, Any], levels: list[int]) -> tuple[str, dict[str, Any]]:
    pid = str(p.get("id"))
    where = f"params[{pid}]"
    kind = _one(r, p, "type", where)
    out: dict[str, Any] = {"title": r.home_text(p, "label", "label", where, msg("oscal.importer.label"))}
    unit = r.homeless_text(p, "text", "unit", where, "unit", required=False)
    if unit:
        out["unit"] = unit
    out["type"] = kind
    out["stricter"] = _one(r, p, "stricter", where, default="none")
    sources = [(str(x.get("class", "")), str(x["value"])) for x in _ns(p, "source")]
    if len(sources) == 1 and not sources[0][0]:
        out["source"] = sources[0][1]
    elif sources:
        out["source"] = {_scalar(cls.removeprefix("level-")): value for cls, value in sources}
    values: dict[int, Any] = {}
    for lv in levels:
        if kind == "text":
            text = r.homeless_text(p, "text", f"value level-{lv}", where, f"value level-{lv}", required=False)
            if text:
                values[lv] = text
        else:
            found = [x["value"] for x in _ns(p, "value") if x.get("class") == f"level-{lv}"]
            if found:
                values[lv] = _json_value(r, found[0], where)
    out["values"] = values
    if "remarks" in p:
        out["note"] = r.home_text(p, "remarks", "remarks", where, "remarks")
    return pid, out


def _parts(obj: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {str(x.get("name")): x for x in obj.get("parts") or ()}


def _control(r: _Reader, c: Mapping[str, Any]) -> dict[str, Any]:
    cid = str(c.get("id"))
    where = f"controls[{cid}]"
    if c.get("controls"):
        raise r.fail(where, msg("oscal.importer.controls_nested_control_not_supported"))
    out: dict[str, Any] = {"id": cid, "title": r.home_text(c, "title", "title", where, msg("oscal.importer.title"))}
    parts = _parts(c)
    for field_name, part_name, _suffix, _ns_uri in TEXT_PARTS:
        part = parts.get(part_name)
        if part is None:
            raise r.fail(where, msg("oscal.importer.part_missing", p=part_name))
        out[field_name] = r.home_text(part, "prose", "prose", f"{where}.{part_name}", part_name)
    if "not-applicable" in parts:
        out["not_applicable"] = r.home_text(parts["not-applicable"], "prose", "prose", f"{where}.not-applicable",
                                            "not-applicable")
    items = (parts.get("evidence") or {}).get("parts") or []
    if not items:
        raise r.fail(where, msg("oscal.importer.evidence_part_typical_evidence_missing"))
    texts = [r.home_text(x, "prose", "prose", f"{where}.evidence", "evidence") for x in items]
    out["evidence"] = {lg: [t[lg] for t in texts] for lg in LANGS}
    out["severity"] = _one(r, c, "severity", where)
    out["mandatory"] = _scalar(_one(r, c, "mandatory", where))
    out["kind"] = _one(r, c, "kind", where)
    out["methods"] = _all(c, "method")
    out["level"] = _scalar(_one(r, c, "level", where))
    tags = _all(c, "tag")
    if tags:
        out["tags"] = tags
    depends = _all(c, "depends-on")
    if depends:
        out["depends_on"] = depends
    rules = []
    for p in _ns(c, "scan-rule"):
        args = _json_value(r, str(p["value"]), where)
        if not isinstance(args, dict):
            raise r.fail(where, msg("oscal.importer.scan_rule_arguments_must_json"))
        rules.append({"type": p.get("class", ""), "args": args} if args else {"type": p.get("class", "")})
    if rules:
        out["scan_rules"] = rules
    refs: dict[str, list[Any]] = {}
    for p in _ns(c, "reference"):
        kind = _REFERENCE_KINDS.get(str(p.get("class")))
        if kind is None:
            raise r.fail(where, msg("oscal.importer.unknown_reference_class", k=p.get("class")))
        value = str(p["value"])
        refs.setdefault(kind, []).append(citation_from_key(value) if kind == "legal" else value)
    if refs:
        out["references"] = {k: refs[k] for k in REFERENCE_CLASSES if k in refs}
    return out


def _group(r: _Reader, g: Mapping[str, Any]) -> dict[str, Any]:
    gid = str(g.get("id"))
    where = f"groups[{gid}]"
    if g.get("groups"):
        raise r.fail(where, msg("oscal.importer.groups_nested_group_not_supported"))
    overview = _parts(g).get("overview")
    if overview is None:
        raise r.fail(where, msg("oscal.importer.overview_part_description_missing"))
    out: dict[str, Any] = {"id": gid, "title": r.home_text(g, "title", "title", where, msg("oscal.importer.title")),
                           "description": r.home_text(overview, "prose", "prose", where, "overview")}
    if _all(g, "optional") == ["true"]:
        out["optional"] = True
    controls = g.get("controls") or []
    if not controls:
        raise r.fail(where, msg("oscal.importer.group_has_no_controls"))
    out["controls"] = [_control(r, c) for c in controls]
    return out


def _data_path(r: _Reader, rel: str, where: str) -> str:
    segments = rel.split("/")
    if (not all(_SAFE_SEGMENT.match(s) for s in segments) or ".." in segments or segments[0] in ("domains", "profiles")
            or rel == "catalog.yaml"):
        raise r.fail(where, msg("oscal.importer.unsafe_data_table_path_must", p=rel[:80]))
    return rel


def catalog_from_oscal(doc: Mapping[str, Any], file: str, catalog_id: str | None = None
                       ) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, bytes], _Reader]:
    """(catalog.yaml data, domain files' data, data tables by relative path, reader) of a valid
    OSCAL catalog document."""
    cat = doc["catalog"]
    r = _Reader(cat, file)
    meta = cat["metadata"]
    where = "catalog.metadata"
    cid = catalog_id or _one(r, meta, "catalog-id", where)
    levels = [_scalar(v) for v in _all(meta, "level")] or [1, 2, 3, 4, 5]
    if not all(isinstance(lv, int) for lv in levels):
        raise r.fail(where, msg("oscal.importer.levels_must_integers"))
    header: dict[str, Any] = {
        "id": cid, "version": meta["version"],
        "title": r.home_text(meta, "title", "title", where, msg("oscal.importer.title")),
        "description": r.home_text(meta, "remarks", "remarks", where, msg("oscal.importer.description_remarks")),
        "notice": r.homeless_text(meta, "text", "notice", where, msg("oscal.importer.notice")),
        "levels": levels,
    }
    params = dict(_param(r, p, levels) for p in cat.get("params") or ())
    if params:
        header["parameters"] = params
    tags: dict[str, dict[str, str]] = {}
    for p in _ns(meta, "tag"):
        tags.setdefault(str(p["value"]), {})[str(p.get("class"))] = from_markdown(p.get("remarks", ""))
    if tags:
        header["tags"] = {slug: r.pair(None, t, where, f"tag {slug}") for slug, t in tags.items()}
    criteria = {sev: r.homeless_text(meta, "text", f"severity-criterion {sev}", where, sev, required=False)
                for sev in SEVERITY_ORDER}
    if any(criteria.values()):
        header["severity_criteria"] = {k: v for k, v in criteria.items() if v}
    rule = r.homeless_text(meta, "text", "decision-rule", where, "decision-rule", required=False)
    if rule:
        header["decision_rule"] = rule
    if cat.get("controls"):
        raise r.fail("catalog.controls", msg("oscal.importer.controls_must_inside_groups"))
    groups = [_group(r, g) for g in cat.get("groups") or ()]
    if not groups:
        raise r.fail("catalog.groups", msg("oscal.importer.catalog_has_no_groups"))
    header["domains"] = [g["id"] for g in groups]
    data: dict[str, bytes] = {}
    names: dict[str, str] = {}
    for res in (cat.get("back-matter") or {}).get("resources") or ():
        tables = _all(res, "data-table")
        # the changelog is the history of the source catalog: not carried over to a renamed copy
        changelog = bool(_all(res, "changelog")) and cid == next(iter(_all(meta, "catalog-id")), cid)
        if not tables and not changelog:
            continue
        rwhere = f"back-matter.resources[{res.get('uuid')}]"
        rel = _data_path(r, _one(r, res, "path", rwhere), rwhere)
        try:
            data[rel] = base64.b64decode((res.get("base64") or {}).get("value", ""), validate=True)
        except (binascii.Error, ValueError):
            raise r.fail(rwhere, msg("oscal.importer.invalid_base64_content")) from None
        if changelog:
            header["changelog"] = rel
        else:
            names[tables[0]] = rel
    if names:
        header["data"] = names
    return header, groups, data, r


# --------------------------------------------------------------------------- profiles


def _safe_href(r: _Reader, href: str, where: str) -> None:
    """Only a plain file name or a fragment: nothing is ever fetched or opened from an href."""
    if href.startswith("#"):
        return
    if "/" in href or "\\" in href or ":" in href or not _SAFE_SEGMENT.match(href):
        raise r.fail(where, msg("oscal.importer.href_refused_only_file_name", h=href[:80]))


def profile_from_oscal(doc: Mapping[str, Any], file: str, catalog: Any, source_catalog_id: str,
                       imported: Iterable[str]) -> tuple[dict[str, Any], _Reader]:
    """The profile file data of a valid OSCAL profile document, made to select exactly the
    controls of its ``with-ids`` from ``catalog`` (a loaded :class:`~secassess.catalog.loader.Catalog`)."""
    from pydantic import ValidationError

    from secassess.catalog.loader import ProfileFile
    from secassess.catalog.models import LocalText, Profile, value_matches_type
    from secassess.catalog.resolve import merge_profile, resolve_profile

    prof = doc["profile"]
    r = _Reader(prof, file)
    meta = prof["metadata"]
    where = "profile.metadata"
    pid = _one(r, meta, "profile-id", where)
    named = _all(meta, "catalog-id")
    if named and named[0] != source_catalog_id:
        raise r.fail(where, msg("oscal.importer.profile_belongs_catalog_not", a=named[0], b=source_catalog_id))
    imports = prof.get("imports") or []
    if len(imports) != 1:
        raise r.fail("profile.imports", msg("oscal.importer.profile_must_import_exactly_one"))
    imp = imports[0]
    _safe_href(r, str(imp.get("href", "")), "profile.imports[0].href")
    chosen: list[str] = []
    if imp.get("include-all") is not None:
        chosen = list(catalog.controls)
    for sel in imp.get("include-controls") or ():
        if sel.get("matching"):
            raise r.fail("profile.imports[0].include-controls", msg("oscal.importer.selecting_controls_pattern_matching_not"))
        chosen += [str(x) for x in sel.get("with-ids") or ()]
    for sel in imp.get("exclude-controls") or ():
        dropped = {str(x) for x in sel.get("with-ids") or ()}
        chosen = [c for c in chosen if c not in dropped]
    unknown = [c for c in chosen if c not in catalog.controls]
    if unknown:
        raise r.fail("profile.imports[0]", msg("oscal.importer.controls_not_catalog", c=", ".join(unknown[:10])))
    wanted = set(chosen)
    header = catalog.header
    level_default = str(max((catalog.controls[c].level for c in wanted), default=1))
    level = _scalar(_one(r, meta, "level", where, default=level_default))
    params: dict[str, Any] = {}
    for name in sorted({str(p.get("class")) for p in _ns(meta, "parameter")}
                       | {str(p["value"]).removeprefix("parameter ") for p in _ns(meta, "text")
                          if str(p["value"]).startswith("parameter ")}):
        pdef = header.parameters.get(name)
        if pdef is not None and pdef.type == "text":
            params[name] = r.homeless_text(meta, "text", f"parameter {name}", where, f"parameter {name}")
        else:
            found = [p["value"] for p in _ns(meta, "parameter") if p.get("class") == name]
            params[name] = _json_value(r, str(found[0]), where) if found else None
    out: dict[str, Any] = {
        "id": pid,
        "title": r.home_text(meta, "title", "title", where, msg("oscal.importer.title")),
        "description": r.home_text(meta, "remarks", "remarks", where, msg("oscal.importer.description_remarks")),
        "catalog": catalog.id,
    }
    parent = _all(meta, "extends")
    if parent and parent[0] in set(imported):
        out["extends"] = parent[0]
    out["level"] = level
    out["level_follows_system"] = _scalar(_one(r, meta, "level-follows-system", where, default="false"))
    for key, name in (("include_optional_domains", "include-optional-domain"), ("include_tags", "include-tag"),
                      ("include", "include"), ("exclude", "exclude"), ("mandatory", "mandatory")):
        out[key] = _all(meta, name)
    out["parameters"] = params
    out["weights"] = {p.get("class"): _scalar(p["value"]) for p in _ns(meta, "weight")}
    thresholds = {p.get("class"): _scalar(p["value"]) for p in _ns(meta, "threshold")}
    if thresholds:
        out["thresholds"] = thresholds
    out["due_days"] = {p.get("class"): _scalar(p["value"]) for p in _ns(meta, "due-days")}

    # the with-ids list is the truth: where the rules above select otherwise, includes and
    # excludes say so (a profile edited in another tool keeps its edits)
    try:
        model = Profile.model_validate({k: v for k, v in out.items() if k != "extends"})
    except ValidationError as exc:
        raise r.fail(where, msg("oscal.importer.profile_not_valid", p=pid, e=str(exc).splitlines()[0])) from None
    eff = merge_profile({pid: ProfileFile(model, Path(file))}, pid)
    picked = {c.id for c in resolve_profile(catalog, eff).controls}
    include = (set(out["include"]) | (wanted - picked)) - (picked - wanted)
    exclude = (set(out["exclude"]) | (picked - wanted)) - (wanted - picked)
    out["include"], out["exclude"] = sorted(include), sorted(exclude)

    # set-parameters are the truth for the values at the profile's level
    values = {n: p.values.get(int(level)) for n, p in header.parameters.items()} if isinstance(level, int) else {}
    values.update({k: v for k, v in params.items() if v is not None})
    for sp in (prof.get("modify") or {}).get("set-parameters") or ():
        name = str(sp.get("param-id"))
        pdef = header.parameters.get(name)
        given = [str(v) for v in sp.get("values") or ()]
        if pdef is None or not given:
            continue
        current = values.get(name)
        shown = current.get(r.lang) if isinstance(current, LocalText) else (
            current.get(r.lang) if isinstance(current, dict) else json.dumps(current))
        if shown == given[0]:
            continue
        if pdef.type == "text":
            params[name] = r.pair(given[0], {}, where, name)
        else:
            value = _json_value(r, given[0], f"profile.modify.set-parameters[{name}]")
            if not value_matches_type(value, pdef.type):
                raise r.fail(f"profile.modify.set-parameters[{name}]", msg("oscal.importer.parameter_must_type", n=name, t=pdef.type))
            params[name] = value
    out["parameters"] = {k: v for k, v in sorted(params.items()) if v is not None}
    for key in ("include_optional_domains", "include_tags", "include", "exclude", "mandatory", "parameters",
                "weights", "due_days"):
        if not out[key]:
            del out[key]
    return out, r


# --------------------------------------------------------------------------- the folder


def _write_yaml(path: Path, data: Any) -> None:
    from secassess.yamlio import dump_yaml

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_yaml(data), encoding="utf-8")


def _relocated(problems: Iterable[Problem], temp: Path, final: Path) -> list[Problem]:
    return [Problem(p.message, p.file.replace(str(temp), str(final)) if p.file else p.file, p.location)
            for p in problems]


def import_catalog(catalog_file: Path, profile_files: Iterable[Path], out: Path, *, max_bytes: int,
                   catalog_id: str | None = None) -> Imported:
    """Turn ``catalog_file`` (and ``profile_files``) into ``out/<catalog-id>/``. Bad input of any
    kind is an :class:`InputError` and leaves nothing behind."""
    from secassess.catalog.loader import check_profiles, load_catalog, load_profile_file

    doc = read_document(catalog_file, max_bytes)
    if validate.model_of(doc) != "catalog":
        raise InputError(msg("oscal.importer.not_oscal_catalog"), str(catalog_file))
    validate.check(doc, str(catalog_file))
    header, domains, data, reader = catalog_from_oscal(doc, str(catalog_file), catalog_id)
    source_id = next(iter(_all(doc["catalog"]["metadata"], "catalog-id")), header["id"])
    profile_docs = []
    for pf in profile_files:
        pdoc = read_document(pf, max_bytes)
        if validate.model_of(pdoc) != "profile":
            raise InputError(msg("oscal.importer.not_oscal_profile"), str(pf))
        validate.check(pdoc, str(pf))
        profile_docs.append((pf, pdoc))

    final = out / str(header["id"])
    if final.exists():
        raise InputError(msg("oscal.importer.folder_exists_remove_choose_another"), str(final))
    created = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=f".{header['id']}.importing-", dir=out))
    except OSError as exc:
        raise InputError(msg("oscal.importer.cannot_create_folder", e=exc.strerror or exc),
                         str(out)) from None
    try:
        _write_yaml(temp / "catalog.yaml", header)
        for d in domains:
            _write_yaml(temp / "domains" / f"{d['id']}.yaml", d)
        for rel, content in data.items():
            target = temp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        cat, problems = load_catalog(temp)
        if problems or cat is None:
            raise InputError.from_problems(msg("oscal.importer.oscal_catalog_gives_catalog_does", f=catalog_file, n=len(problems)), _relocated(problems, temp, final))
        ids: list[str] = []
        copied = reader.copied
        pids = {str(v) for _pf, pdoc in profile_docs for v in _all(pdoc["profile"]["metadata"], "profile-id")}
        written = {}
        for pf, pdoc in profile_docs:
            data_p, preader = profile_from_oscal(pdoc, str(pf), cat, source_id, pids)
            if data_p["id"] in written:
                raise InputError(msg("oscal.importer.profile_given_twice", p=data_p["id"]), str(pf))
            path = temp / "profiles" / f"{data_p['id']}.yaml"
            _write_yaml(path, data_p)
            written[data_p["id"]] = path
            ids.append(data_p["id"])
            copied += preader.copied
        problems = []
        loaded = {}
        for pid, path in written.items():
            got = load_profile_file(path, problems)
            if got is not None:
                loaded[pid] = got
        problems += check_profiles(loaded, {cat.id: cat})
        if problems:
            raise InputError.from_problems(msg("oscal.importer.oscal_profiles_give_profiles_do", n=len(problems)), _relocated(problems, temp, final))
        try:
            temp.rename(final)
        except OSError as exc:
            raise InputError(msg("oscal.importer.cannot_write_folder", e=exc.strerror or exc),
                             str(final)) from None
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        if created:
            with contextlib.suppress(OSError):
                out.rmdir()  # only if nothing else appeared in it meanwhile
        raise
    return Imported(final, cat.id, len(cat.domains), len(cat.controls), ids, copied)
