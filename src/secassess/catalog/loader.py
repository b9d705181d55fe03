"""Load catalog folders and profile files, collecting *every* problem with file and line.

A catalog folder is ``<catalog-id>/catalog.yaml`` plus ``domains/<DOMAIN>.yaml`` per domain
and optional ``data/*.yaml`` tables. Profiles are ``*.yaml`` files in a profiles folder.
Cross-file rules (duplicates, parameters, references between profiles and catalogs) are
checked here too, so that ``checklist validate`` and every command see the same verdict.
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from secassess import validation
from secassess.catalog.changelog import Changelog, check_shape
from secassess.catalog.legal import Finding, LegalRegister, check_citation, check_register
from secassess.catalog.models import (
    PLACEHOLDER,
    SECASSESS_SOURCE,
    CatalogHeader,
    Control,
    Domain,
    ParameterDef,
    Profile,
    value_matches_type,
)
from secassess.catalog.paths import CATALOG_FILE
from secassess.catalog.scanrules import DATA_TABLE_KINDS, RULE_TABLE_KINDS, RULE_TYPES, check_rule
from secassess.errors import InputError, Problem
from secassess.i18n import get_lang
from secassess.messages import msg
from secassess.yamlio import YamlDoc, load_yaml

MAX_CONTENT_BYTES = 2 * 1024 * 1024  # one catalog or profile file
# data tables a catalog may carry: the scan rules' tables and the legal register
TABLE_KINDS: dict[str, type[BaseModel]] = {**DATA_TABLE_KINDS, "legal_register": LegalRegister}


@dataclass
class Catalog:
    """A loaded catalog: header, domains in order, and lookups."""

    header: CatalogHeader
    domains: list[Domain]
    path: Path
    digest: str  # SHA-256 over the catalog's files, recorded with each assessment
    data_tables: dict[str, Any] = field(default_factory=dict)
    controls: dict[str, Control] = field(default_factory=dict)
    control_domain: dict[str, str] = field(default_factory=dict)
    changelog: Changelog | None = None
    warnings: list[Problem] = field(default_factory=list)  # e.g. a superseded law cited

    @property
    def legal_register(self) -> LegalRegister | None:
        return next((t for t in self.data_tables.values() if isinstance(t, LegalRegister)), None)

    @property
    def id(self) -> str:
        return self.header.id

    @property
    def version(self) -> str:
        return self.header.version

    def domain(self, domain_id: str) -> Domain:
        return next(d for d in self.domains if d.id == domain_id)


@dataclass
class ProfileFile:
    profile: Profile
    path: Path


def _pydantic_problems(exc: ValidationError, doc: YamlDoc, prefix: tuple[Any, ...] = ()) -> list[Problem]:
    out = []
    for err in exc.errors():
        loc = prefix + tuple(err["loc"])
        # pydantic adds the union member name to the loc for union fields; drop it for lookup
        shown = ".".join(str(p) for p in loc if not (isinstance(p, str) and "[" in p)) or "(root)"
        out.append(doc.problem(loc, _explain(err, shown)))
    return out


def _explain(err: Any, field_path: str) -> str:
    if err["type"] == "extra_forbidden" and " " in str(err["loc"][-1]):
        return msg("catalog.loader.text_comma_inside_must_quoted", f=".".join(str(p) for p in err["loc"][:-1]))
    return validation.explain(err, field_path)


def _load(path: Path, problems: list[Problem]) -> YamlDoc | None:
    try:
        return load_yaml(path, max_bytes=MAX_CONTENT_BYTES)
    except InputError as exc:
        problems.extend(exc.problems or [Problem(exc.message, exc.file, exc.location)])
        return None


def _validate(model: type[BaseModel], doc: YamlDoc, problems: list[Problem]) -> Any:
    if not isinstance(doc.data, dict):
        problems.append(Problem(msg("catalog.loader.file_must_yaml_mapping_key"), doc.file, doc.where(())))
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(_pydantic_problems(exc, doc))
        return None


def load_catalog(folder: Path) -> tuple[Catalog | None, list[Problem]]:
    """Load and check one catalog folder. Returns the catalog (None if unusable) and problems."""
    problems: list[Problem] = []
    head_path = folder / CATALOG_FILE
    if not head_path.is_file():
        return None, [Problem(msg("catalog.loader.no_catalog_folder", f=CATALOG_FILE), str(folder))]
    hasher = hashlib.sha256()
    head_doc = _load(head_path, problems)
    if head_doc is None:
        return None, problems
    hasher.update(head_path.read_bytes())
    header: CatalogHeader | None = _validate(CatalogHeader, head_doc, problems)
    domain_dir = folder / "domains"
    files = sorted(domain_dir.glob("*.yaml")) if domain_dir.is_dir() else []
    if header is None:
        # still check the shape of every domain file, so the author sees every problem at once
        for f in files:
            doc = _load(f, problems)
            if doc is not None:
                _validate(Domain, doc, problems)
        return None, problems

    # parameters: a value for every level of the catalog
    for name, pdef in header.parameters.items():
        missing = [lv for lv in header.levels if lv not in pdef.values]
        if missing:
            problems.append(head_doc.problem(("parameters", name, "values"), msg("catalog.loader.parameter_has_no_value_level", p=name, l=", ".join(map(str, missing)))))
        extra = [lv for lv in pdef.values if lv not in header.levels]
        if extra:
            problems.append(head_doc.problem(("parameters", name, "values"), msg("catalog.loader.parameter_has_values_undeclared_level", p=name, l=", ".join(map(str, extra)))))
        weaker = weaker_level(pdef, header.levels)
        if weaker is not None:
            problems.append(head_doc.problem(("parameters", name, "values"), msg("catalog.loader.parameter_value_level_weaker_than", p=name, l=weaker[1], k=weaker[0], s=pdef.stricter)))
    seen_domains: set[str] = set()
    for i, d in enumerate(header.domains):
        if d in seen_domains:
            problems.append(head_doc.problem(("domains", i), msg("catalog.loader.domain_listed_twice", d=d)))
        seen_domains.add(d)

    # data tables
    tables: dict[str, Any] = {}
    for name, rel in header.data.items():
        tpath = _inside(folder, rel)
        if tpath is None or not tpath.is_file():
            problems.append(head_doc.problem(("data", name), msg("catalog.loader.data_table_not_found_inside", f=rel)))
            continue
        tdoc = _load(tpath, problems)
        if tdoc is None:
            continue
        hasher.update(tpath.read_bytes())
        kind = tdoc.data.get("kind") if isinstance(tdoc.data, dict) else None
        model = TABLE_KINDS.get(str(kind))
        if model is None:
            problems.append(tdoc.problem(("kind",), msg("catalog.loader.unknown_data_table_kind", k=kind)))
            continue
        table = _validate(model, tdoc, problems)
        if isinstance(table, LegalRegister):
            if any(isinstance(t, LegalRegister) for t in tables.values()):
                problems.append(tdoc.problem(("kind",), msg("catalog.loader.catalog_has_one_legal_register")))
                continue
            problems.extend(_found(tdoc, f) for f in check_register(table))
        if table is not None:
            tables[name] = table
    register = next((t for t in tables.values() if isinstance(t, LegalRegister)), None)
    problems.extend(_check_sources(header, register, head_doc))

    # domains
    warnings: list[Problem] = []
    by_id: dict[str, Domain] = {}
    control_where: dict[str, str] = {}
    catalog_controls: dict[str, Control] = {}
    control_domain: dict[str, str] = {}
    for f in files:
        doc = _load(f, problems)
        if doc is None:
            continue
        hasher.update(f.name.encode() + b"\0" + f.read_bytes())
        domain: Domain | None = _validate(Domain, doc, problems)
        if domain is None:
            continue
        if domain.id != f.stem:
            problems.append(doc.problem(("id",), msg("catalog.loader.domain_id_differs_from_file", d=domain.id, f=f.name)))
        if domain.id not in header.domains:
            problems.append(doc.problem(("id",), msg("catalog.loader.unknown_domain_not_listed", d=domain.id, c=CATALOG_FILE)))
            continue
        if domain.id in by_id:
            problems.append(doc.problem(("id",), msg("catalog.loader.domain_defined_twice", d=domain.id)))
            continue
        by_id[domain.id] = domain
        for i, c in enumerate(domain.controls):
            loc = ("controls", i)
            where = f"{f.name}:{doc.line(loc)}"
            if c.id in control_where:
                problems.append(doc.problem(loc + ("id",), msg("catalog.loader.duplicate_control_id_also", c=c.id, w=control_where[c.id])))
                continue
            control_where[c.id] = where
            catalog_controls[c.id] = c
            control_domain[c.id] = domain.id
            problems.extend(_check_control(c, domain, header, tables, doc, loc))
            for j, cite in enumerate(c.references.legal):
                for finding in check_citation(register, cite):
                    (problems if finding.error else warnings).append(
                        doc.problem(loc + ("references", "legal", j), f"{c.id}: {finding.text(get_lang())}"))
    problems.extend(_check_dependencies(catalog_controls, control_where))
    for i, d in enumerate(header.domains):
        if d not in by_id and not any(p.file and Path(p.file).stem == d for p in problems):
            problems.append(head_doc.problem(("domains", i), msg("catalog.loader.no_file_domains_yaml_domain", d=d)))
    domains = [by_id[d] for d in header.domains if d in by_id]
    changelog = _load_changelog(folder, header, set(catalog_controls), problems, hasher)
    catalog = Catalog(header, domains, folder, hasher.hexdigest(), tables, catalog_controls, control_domain,
                      changelog, warnings)
    return catalog, problems


def _found(doc: YamlDoc, f: Finding) -> Problem:
    return doc.problem(f.loc, f.text(get_lang()))


def weaker_level(pdef: ParameterDef, levels: list[int]) -> tuple[int, int] | None:
    """The first pair (lower level, higher level) where the higher level's value is weaker than the
    lower one's, given the parameter's ``stricter`` direction; None when it never weakens."""
    known = [lv for lv in sorted(levels) if lv in pdef.values]
    for a, b in itertools.pairwise(known):
        va, vb = pdef.values[a], pdef.values[b]
        if pdef.stricter == "higher" and isinstance(va, int | float) and isinstance(vb, int | float) and vb < va:
            return a, b
        if pdef.stricter == "lower" and isinstance(va, int | float) and isinstance(vb, int | float) and vb > va:
            return a, b
        if pdef.stricter == "true" and va is True and vb is not True:
            return a, b
    return None


def _check_sources(header: CatalogHeader, register: LegalRegister | None, doc: YamlDoc) -> list[Problem]:
    """Each parameter's ``source`` is ``secassess`` or a document of the register (a standard whose
    reported values we use, a law that sets a deadline); with a register, every parameter states
    one for every level."""
    out: list[Problem] = []
    for name, pdef in header.parameters.items():
        loc = ("parameters", name, "source")
        if pdef.source is None:
            if register is not None:
                out.append(doc.problem(loc, msg("catalog.loader.parameter_must_state_where_values", p=name)))
            continue
        sources = pdef.source.values() if isinstance(pdef.source, dict) else [pdef.source]
        if isinstance(pdef.source, dict):
            missing = [lv for lv in header.levels if lv not in pdef.source]
            if missing:
                out.append(doc.problem(loc, msg("catalog.loader.parameter_no_source_level", p=name, l=", ".join(map(str, missing)))))
        for src in sources:
            if src == SECASSESS_SOURCE:
                continue
            if register is None or register.get(src) is None:
                out.append(doc.problem(loc, msg("catalog.loader.parameter_source_neither_secassess_nor", p=name, s=src)))
    return out


def _check_dependencies(controls: dict[str, Control], where: dict[str, str]) -> list[Problem]:
    out: list[Problem] = []
    for cid, c in controls.items():
        for dep in c.depends_on:
            d = controls.get(dep)
            if d is None or dep == cid:
                out.append(Problem(msg("catalog.loader.depends_not_another_control_catalog", c=cid, d=dep),
                                   where[cid]))
            elif d.level > c.level:
                out.append(Problem(msg("catalog.loader.level_presupposes_which_applies_only", c=cid, l=c.level, d=dep, k=d.level), where[cid]))
    return out


def _load_changelog(folder: Path, header: CatalogHeader, control_ids: set[str], problems: list[Problem],
                    hasher: Any) -> Changelog | None:
    if header.changelog is None:
        return None
    path = _inside(folder, header.changelog)
    if path is None or not path.is_file():
        problems.append(Problem(msg("catalog.loader.changelog_not_found_inside_catalog", f=header.changelog),
                                str(folder / CATALOG_FILE)))
        return None
    doc = _load(path, problems)
    if doc is None:
        return None
    hasher.update(path.read_bytes())
    log: Changelog | None = _validate(Changelog, doc, problems)
    if log is not None:
        problems.extend(_found(doc, f) for f in check_shape(log, header.id, header.version, control_ids,
                                                            previous_ids=set()))
    return log


def _inside(folder: Path, rel: str) -> Path | None:
    """Resolve ``rel`` under ``folder``; None if it would leave the folder."""
    try:
        p = (folder / rel).resolve()
        p.relative_to(folder.resolve())
    except (ValueError, OSError):
        return None
    return p


def _check_control(c: Control, domain: Domain, header: CatalogHeader, tables: dict[str, Any],
                   doc: YamlDoc, loc: tuple[Any, ...]) -> list[Problem]:
    out: list[Problem] = []
    if not c.id.startswith(domain.id + "-"):
        out.append(doc.problem(loc + ("id",), msg("catalog.loader.control_id_must_start_domain", c=c.id, d=domain.id)))
    if c.level not in header.levels:
        out.append(doc.problem(loc + ("level",), msg("catalog.loader.unknown_level", l=c.level)))
    for field_name, text in c.texts().items():
        for lang in ("vi", "en"):
            for name in PLACEHOLDER.findall(text.get(lang)):
                if name not in header.parameters:
                    out.append(doc.problem(loc + (field_name, lang), msg("catalog.loader.parameter_not_declared", p=name, c=c.id, f=field_name, l=lang, cf=CATALOG_FILE)))
    for lang in ("vi", "en"):
        for j, item in enumerate(c.evidence.get(lang)):
            for name in PLACEHOLDER.findall(item):
                if name not in header.parameters:
                    out.append(doc.problem(loc + ("evidence", lang, j), msg("catalog.loader.parameter_not_declared_2", p=name)))
    for t in c.tags:
        if t not in header.tags:
            out.append(doc.problem(loc + ("tags",), msg("catalog.loader.tag_not_declared", t=t, cf=CATALOG_FILE)))
    for j, rule in enumerate(c.scan_rules):
        rloc = loc + ("scan_rules", j)
        for said in check_rule(rule.type, rule.args):
            out.append(doc.problem(rloc, f"{c.id}: {said}"))
        if rule.type in RULE_TYPES and not check_rule(rule.type, rule.args):
            kind = RULE_TABLE_KINDS.get(rule.type)
            if kind is not None and rule.args.get("table") is not None:
                table = tables.get(str(rule.args.get("table")))
                if getattr(table, "kind", None) != kind:
                    out.append(doc.problem(rloc, msg("catalog.loader.data_table_missing_not_table", c=c.id, t=rule.args.get("table"), k=kind)))
            param = rule.args.get("max_age_parameter")
            if param is not None and (param not in header.parameters or header.parameters[param].type != "int"):
                out.append(doc.problem(rloc, msg("catalog.loader.parameter_not_declared_as_int", c=c.id, p=param, cf=CATALOG_FILE)))
    return out


def load_profile_file(path: Path, problems: list[Problem]) -> ProfileFile | None:
    doc = _load(path, problems)
    if doc is None:
        return None
    prof: Profile | None = _validate(Profile, doc, problems)
    if prof is None:
        return None
    if prof.id != path.stem:
        problems.append(doc.problem(("id",), msg("catalog.loader.profile_id_differs_from_file", p=prof.id, f=path.name)))
    return ProfileFile(prof, path)


def check_profiles(profiles: dict[str, ProfileFile], catalogs: dict[str, Catalog]) -> list[Problem]:
    """Cross-check profiles against each other (extends, cycles) and against their catalogs."""
    problems: list[Problem] = []

    def at(pf: ProfileFile, loc: tuple[Any, ...], said: str) -> Problem:
        # a second, cheap parse only for files that have problems, to find the line
        try:
            doc = load_yaml(pf.path, max_bytes=MAX_CONTENT_BYTES)
            return doc.problem(loc, said)
        except InputError:
            return Problem(said, str(pf.path))

    for pid, pf in profiles.items():
        p = pf.profile
        # extends chain and cycles
        chain = [pid]
        cur = p
        cycle = False
        while cur.extends:
            if cur.extends not in profiles:
                problems.append(at(profiles[chain[-1]], ("extends",), msg("catalog.loader.profile_extends_unknown_profile", p=chain[-1], e=cur.extends)))
                break
            if cur.extends in chain:
                problems.append(at(pf, ("extends",), msg("catalog.loader.profile_inheritance_cycle", c=" → ".join([*chain, cur.extends]))))
                cycle = True
                break
            chain.append(cur.extends)
            cur = profiles[cur.extends].profile
        if cycle:
            continue
        chain_profiles = [profiles[c].profile for c in chain if c in profiles]
        cat_id = next((x.catalog for x in chain_profiles if x.catalog), None)
        if cat_id is None:
            problems.append(at(pf, ("catalog",), msg("catalog.loader.profile_names_no_catalog", p=pid)))
            continue
        other = {x.catalog for x in chain_profiles if x.catalog} - {cat_id}
        if other:
            problems.append(at(pf, ("catalog",), msg("catalog.loader.profile_extends_profile_another_catalog", p=pid)))
        if next((x.level for x in chain_profiles if x.level is not None), None) is None:
            problems.append(at(pf, ("level",), msg("catalog.loader.profile_names_no_level", p=pid)))
        cat = catalogs.get(cat_id)
        if cat is None:
            problems.append(at(pf, ("catalog",), msg("catalog.loader.profile_names_missing_catalog", p=pid, c=cat_id)))
            continue
        if p.level is not None and p.level not in cat.header.levels:
            problems.append(at(pf, ("level",), msg("catalog.loader.unknown_level", l=p.level)))
        for fld in ("include", "exclude", "mandatory"):
            for i, cid in enumerate(getattr(p, fld)):
                if cid not in cat.controls:
                    problems.append(at(pf, (fld, i), msg("catalog.loader.control_not_catalog", c=cid, k=cat.id)))
        for i, d in enumerate(p.include_optional_domains):
            if d not in cat.header.domains:
                problems.append(at(pf, ("include_optional_domains", i), msg("catalog.loader.unknown_domain", d=d)))
        for i, t in enumerate(p.include_tags):
            if t not in cat.header.tags:
                problems.append(at(pf, ("include_tags", i), msg("catalog.loader.unknown_tag", t=t)))
        for name, value in p.parameters.items():
            pdef = cat.header.parameters.get(name)
            if pdef is None:
                problems.append(at(pf, ("parameters", name), msg("catalog.loader.unknown_parameter", n=name)))
            elif not value_matches_type(value, pdef.type):
                problems.append(at(pf, ("parameters", name), msg("catalog.loader.parameter_must_type", n=name, t=pdef.type)))
    return problems
