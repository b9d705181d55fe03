"""A secassess catalog as an OSCAL ``catalog``, and each of its profiles as an OSCAL ``profile``
that imports it (pure: loaded content in, JSON-ready documents out).

Catalog: domains are ``groups`` (description as an ``overview`` part), controls carry
``statement`` and ``guidance`` parts and secassess's ``question``, ``remediation`` and
``evidence`` parts; parameters are catalog ``params`` (placeholders become
``{{ insert: param, name }}``); severity, mandatory, kind, level, methods, tags, references and
scan rules are properties in :data:`secassess.oscal.NS`; data tables are back-matter resources
(base64). Profile: one import of the catalog with the controls that apply at the profile's level
(``with-ids``) and ``set-parameters`` with that level's values; the secassess rules behind the
selection (level, tags, includes, weights, thresholds, due days) are metadata properties, so that
:mod:`secassess.oscal.importer` gives the same profile back. See ``docs/oscal.md``.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from secassess.catalog.legal import citation_key
from secassess.oscal import NS
from secassess.oscal.common import metadata, number, prop, stable_uuid, text_props, translation
from secassess.oscal.markup import to_markdown

if TYPE_CHECKING:
    from secassess.catalog.loader import Catalog, ProfileFile
    from secassess.catalog.models import Control, Domain, LocalText, ParameterDef, ParamValue
    from secassess.catalog.resolve import EffectiveProfile

#: secassess reference kind <-> the ``class`` of a ``reference`` property
REFERENCE_CLASSES = {"cis_v8": "cis-v8", "iso27001_2022": "iso27001-2022", "nist_800_53": "nist-800-53",
                     "legal": "legal", "other": "other"}
#: the parts of a control that hold one of its texts: (secassess field, part name, id suffix, ns)
TEXT_PARTS: tuple[tuple[str, str, str, str | None], ...] = (
    ("statement", "statement", "smt", None),
    ("guidance", "guidance", "gdn", None),
    ("question", "question", "qst", NS),
    ("remediation", "remediation", "rem", NS),
)
SEVERITY_ORDER = ("low", "medium", "high", "critical")


@dataclass(frozen=True)
class Written:
    """One document and the file name it is written under."""

    name: str
    doc: dict[str, Any]


def catalog_file_name(catalog_id: str, lang: str) -> str:
    return f"{catalog_id}.catalog.{lang}.json"


def profile_file_name(profile_id: str, lang: str) -> str:
    return f"{profile_id}.profile.{lang}.json"


def _texts(t: LocalText) -> dict[str, str]:
    return {"vi": t.vi, "en": t.en}


def _value_text(value: ParamValue, lang: str) -> str:
    from secassess.catalog.models import LocalText

    if isinstance(value, LocalText):
        return value.get(lang)
    return json.dumps(value)


def _value_props(name: str, field: str, value: ParamValue, cls: str) -> list[dict[str, Any]]:
    """A parameter value: a ``name`` property (JSON: ``3``, ``1.5``, ``true``), or for a text value a
    ``text`` property per language for ``field``."""
    from secassess.catalog.models import LocalText

    if isinstance(value, LocalText):
        return text_props(field, _texts(value))
    return [prop(name, json.dumps(value), cls=cls)]


def _param(name: str, p: ParameterDef, levels: list[int], lang: str) -> dict[str, Any]:
    props = [prop("type", p.type), prop("stricter", p.stricter)]
    if isinstance(p.source, dict):
        props += [prop("source", p.source[lv], cls=f"level-{lv}") for lv in levels if lv in p.source]
    elif p.source is not None:
        props.append(prop("source", p.source))
    for lv in levels:
        props += _value_props("value", f"value level-{lv}", p.values[lv], f"level-{lv}")
    props += translation("label", _texts(p.title), lang)
    if p.unit is not None:
        props += text_props("unit", _texts(p.unit))
    if p.note is not None:
        props += translation("remarks", _texts(p.note), lang)
    out: dict[str, Any] = {"id": name, "props": props, "label": to_markdown(p.title.get(lang))}
    if p.note is not None:
        out["remarks"] = to_markdown(p.note.get(lang))
    return out


def _text_part(part_id: str, name: str, ns: str | None, texts: Mapping[str, str], lang: str,
               **extra: Any) -> dict[str, Any]:
    part: dict[str, Any] = {"id": part_id, "name": name}
    if ns:
        part["ns"] = ns
    part["props"] = translation("prose", texts, lang)
    part["prose"] = to_markdown(texts[lang])
    part.update(extra)
    return part


def _control(c: Control, lang: str) -> dict[str, Any]:
    props = [prop("severity", c.severity), prop("mandatory", c.mandatory), prop("kind", c.kind),
             prop("level", c.level)]
    props += [prop("method", m) for m in c.methods]
    props += [prop("tag", t) for t in c.tags]
    props += [prop("depends-on", d) for d in c.depends_on]
    refs = c.references.model_dump()
    for kind, cls in REFERENCE_CLASSES.items():
        props += [prop("reference", citation_key(r), cls=cls, where=f"{c.id}.references.{kind}") for r in refs[kind]]
    props += [prop("scan-rule", json.dumps(r.args, sort_keys=True, ensure_ascii=False, separators=(",", ":")),
                   cls=r.type) for r in c.scan_rules]
    props += translation("title", _texts(c.title), lang)
    texts = c.texts()
    parts = [_text_part(f"{c.id}_{suffix}", name, ns, _texts(texts[field]), lang)
             for field, name, suffix, ns in TEXT_PARTS]
    if c.not_applicable is not None:
        parts.append(_text_part(f"{c.id}_nap", "not-applicable", NS, _texts(c.not_applicable), lang))
    items = [_text_part(f"{c.id}_evd.{i}", "item", NS, {"vi": vi, "en": en}, lang)
             for i, (vi, en) in enumerate(zip(c.evidence.vi, c.evidence.en, strict=True), start=1)]
    parts.append({"id": f"{c.id}_evd", "name": "evidence", "ns": NS, "parts": items})
    return {"id": c.id, "title": to_markdown(c.title.get(lang)), "props": props, "parts": parts}


def _group(d: Domain, lang: str) -> dict[str, Any]:
    props = [prop("optional", True)] if d.optional else []
    props += translation("title", _texts(d.title), lang)
    return {"id": d.id, "class": "domain", "title": to_markdown(d.title.get(lang)), "props": props,
            "parts": [_text_part(f"{d.id}_ovw", "overview", None, _texts(d.description), lang)],
            "controls": [_control(c, lang) for c in d.controls]}


def catalog_document(cat: Catalog, lang: str, now: datetime) -> dict[str, Any]:
    """The OSCAL catalog of ``cat`` with ``lang`` as its language (the other language is kept in
    ``translation``/``text`` properties, ids are the same in both)."""
    h = cat.header
    props = [prop("catalog-id", h.id), prop("lang", lang)]
    props += [prop("level", lv) for lv in h.levels]
    props += translation("title", _texts(h.title), lang)
    props += translation("remarks", _texts(h.description), lang)
    props += text_props("notice", _texts(h.notice))
    for slug, title in h.tags.items():
        props += [prop("tag", slug, cls=lg, remarks=to_markdown(title.get(lg))) for lg in ("vi", "en")]
    for sev in SEVERITY_ORDER:
        if sev in h.severity_criteria:
            props += text_props(f"severity-criterion {sev}", _texts(h.severity_criteria[sev]))
    if h.decision_rule is not None:
        props += text_props("decision-rule", _texts(h.decision_rule))
    doc: dict[str, Any] = {
        "uuid": stable_uuid("catalog", h.id, h.version, lang),
        "metadata": metadata(to_markdown(h.title.get(lang)), now, h.version, props=props,
                             remarks=to_markdown(h.description.get(lang))),
    }
    if h.parameters:
        doc["params"] = [_param(n, p, list(h.levels), lang) for n, p in h.parameters.items()]
    doc["groups"] = [_group(d, lang) for d in cat.domains]
    resources = []
    for name, rel in h.data.items():
        data = (cat.path / rel).read_bytes()
        resources.append({
            "uuid": stable_uuid("catalog", h.id, h.version, "data", name), "title": name,
            "props": [prop("data-table", name), prop("path", rel)],
            "base64": {"filename": rel.rsplit("/", 1)[-1], "media-type": "application/yaml",
                       "value": base64.b64encode(data).decode("ascii")}})
    if h.changelog is not None:
        resources.append({
            "uuid": stable_uuid("catalog", h.id, h.version, "changelog"), "title": "changelog",
            "props": [prop("changelog", "changelog"), prop("path", h.changelog)],
            "base64": {"filename": h.changelog.rsplit("/", 1)[-1], "media-type": "application/yaml",
                       "value": base64.b64encode((cat.path / h.changelog).read_bytes()).decode("ascii")}})
    if resources:
        doc["back-matter"] = {"resources": resources}
    return {"catalog": doc}


def _effective_props(eff: EffectiveProfile, own_extends: str | None) -> list[dict[str, Any]]:
    props = [prop("profile-id", eff.id), prop("catalog-id", eff.catalog)]
    if own_extends:
        props.append(prop("extends", own_extends))
    props += [prop("level", eff.level), prop("level-follows-system", eff.level_follows_system)]
    for name, values in (("include-optional-domain", eff.include_optional_domains),
                         ("include-tag", eff.include_tags), ("include", eff.include),
                         ("exclude", eff.exclude), ("mandatory", eff.mandatory)):
        props += [prop(name, v) for v in sorted(values)]
    for name, value in sorted(eff.parameters.items()):
        props += _value_props("parameter", f"parameter {name}", value, name)
    props += [prop("weight", number(eff.weights[s]), cls=s) for s in SEVERITY_ORDER if s in eff.weights]
    props += [prop("threshold", number(eff.thresholds[k]), cls=k) for k in ("compliant", "partial")]
    props += [prop("due-days", eff.due_days[s], cls=s) for s in SEVERITY_ORDER if s in eff.due_days]
    return props


def profile_document(cat: Catalog, profiles: Mapping[str, ProfileFile], profile_id: str, lang: str,
                     now: datetime) -> dict[str, Any]:
    """The OSCAL profile ``profile_id``: imports the catalog file of the same language."""
    from secassess.catalog.resolve import merge_profile, resolve_profile

    eff = merge_profile(dict(profiles), profile_id)
    resolved = resolve_profile(cat, eff)
    parent = profiles[profile_id].profile.extends
    props = [*_effective_props(eff, parent), prop("lang", lang)]
    props += translation("title", _texts(eff.title), lang)
    props += translation("remarks", _texts(eff.description), lang)
    level_values = {n: p.values[resolved.level] for n, p in cat.header.parameters.items()}
    level_values.update(eff.parameters)
    set_params = [{"param-id": n, "values": [_value_text(v, lang)]} for n, v in level_values.items()]
    doc: dict[str, Any] = {
        "uuid": stable_uuid("profile", cat.id, cat.version, profile_id, lang),
        "metadata": metadata(to_markdown(eff.title.get(lang)), now, cat.version, props=props,
                             remarks=to_markdown(eff.description.get(lang))),
        "imports": [{"href": catalog_file_name(cat.id, lang),
                     "include-controls": [{"with-ids": [c.id for c in resolved.controls]}]}],
        "merge": {"as-is": True},
    }
    if set_params:
        doc["modify"] = {"set-parameters": set_params}
    return {"profile": doc}


def catalog_documents(cat: Catalog, profiles: Mapping[str, ProfileFile], lang: str, now: datetime) -> list[Written]:
    """The catalog and every profile of it, in ``lang``."""
    mine = {pid: pf for pid, pf in profiles.items() if _catalog_of(profiles, pid) == cat.id}
    out = [Written(catalog_file_name(cat.id, lang), catalog_document(cat, lang, now))]
    out += [Written(profile_file_name(pid, lang), profile_document(cat, mine, pid, lang, now)) for pid in mine]
    return out


def _catalog_of(profiles: Mapping[str, ProfileFile], pid: str) -> str | None:
    cur: str | None = pid
    while cur is not None and cur in profiles:
        p = profiles[cur].profile
        if p.catalog:
            return p.catalog
        cur = p.extends
    return None
