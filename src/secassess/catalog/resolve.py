"""Profile resolution: a pure function from (catalog, profile chain) to the controls that apply.

No files, no database. The result carries everything an assessment needs to be scored and
reported later without the catalog: rendered texts in both languages, weights, mandatory flags,
parameter values, thresholds and due days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from secassess.catalog.legal import resolve_documents
from secassess.catalog.loader import Catalog, ProfileFile
from secassess.catalog.models import (
    DEFAULT_DUE_DAYS,
    DEFAULT_THRESHOLDS,
    DEFAULT_WEIGHTS,
    LegalCitation,
    LocalText,
    ParamValue,
    Profile,
    ScanRule,
    Severity,
)


@dataclass(frozen=True)
class EffectiveProfile:
    """A profile with its ``extends`` chain merged (child wins; lists are unions)."""

    id: str
    title: LocalText
    description: LocalText
    catalog: str
    level: int
    level_follows_system: bool
    chain: tuple[str, ...]
    include_optional_domains: frozenset[str]
    include_tags: frozenset[str]
    include: frozenset[str]
    exclude: frozenset[str]
    mandatory: frozenset[str]
    parameters: dict[str, ParamValue]
    weights: dict[Severity, float]
    thresholds: dict[str, float]
    due_days: dict[Severity, int]


def merge_profile(profiles: dict[str, ProfileFile], profile_id: str) -> EffectiveProfile:
    """Merge a profile with its ancestors. Assumes the profiles passed validation (no cycles)."""
    chain: list[Profile] = []
    cur: str | None = profile_id
    while cur is not None:
        p = profiles[cur].profile
        chain.append(p)
        cur = p.extends
    root_first = list(reversed(chain))
    catalog = level = follows = thresholds = None
    sets: dict[str, set[str]] = {k: set() for k in ("include_optional_domains", "include_tags", "include",
                                                    "exclude", "mandatory")}
    params: dict[str, ParamValue] = {}
    weights: dict[Severity, float] = dict(DEFAULT_WEIGHTS)
    due: dict[Severity, int] = dict(DEFAULT_DUE_DAYS)
    for p in root_first:
        catalog = p.catalog or catalog
        level = p.level if p.level is not None else level
        follows = p.level_follows_system if p.level_follows_system is not None else follows
        if p.thresholds is not None:
            thresholds = p.thresholds
        for k, s in sets.items():
            s.update(getattr(p, k))
        # a child's include wins over a parent's exclude and vice versa
        sets["exclude"].difference_update(p.include)
        sets["include"].difference_update(p.exclude)
        params.update(p.parameters)
        weights.update(p.weights)
        due.update(p.due_days)
    top = chain[0]
    assert catalog is not None and level is not None, "validated profiles always name both"
    return EffectiveProfile(
        id=top.id, title=top.title, description=top.description, catalog=catalog, level=level,
        level_follows_system=bool(follows), chain=tuple(p.id for p in chain),
        include_optional_domains=frozenset(sets["include_optional_domains"]),
        include_tags=frozenset(sets["include_tags"]), include=frozenset(sets["include"]),
        exclude=frozenset(sets["exclude"]), mandatory=frozenset(sets["mandatory"]),
        parameters=params, weights=weights,
        thresholds=thresholds.model_dump() if thresholds else dict(DEFAULT_THRESHOLDS),
        due_days=due,
    )


@dataclass(frozen=True)
class ResolvedControl:
    """One control as it applies under a profile: texts rendered with parameter values."""

    id: str
    domain: str
    title: dict[str, str]
    statement: dict[str, str]
    question: dict[str, str]
    guidance: dict[str, str]
    remediation: dict[str, str]
    evidence: dict[str, list[str]]
    severity: Severity
    weight: float
    mandatory: bool
    kind: str
    methods: tuple[str, ...]
    level: int
    tags: tuple[str, ...]
    parameters: dict[str, Any]
    scan_rules: tuple[ScanRule, ...]
    references: dict[str, list[Any]]  # legal: [{doc, article}] (register ids) or free text (old catalogs)
    not_applicable: dict[str, str] | None = None  # when it does not apply (also ends the guidance)

    def text(self, name: str, lang: str) -> str:
        value: dict[str, str] = getattr(self, name)
        return value[lang]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "domain": self.domain, "title": self.title, "statement": self.statement,
            "question": self.question, "guidance": self.guidance, "remediation": self.remediation,
            "evidence": self.evidence, "severity": self.severity, "weight": self.weight,
            "mandatory": self.mandatory, "kind": self.kind, "methods": list(self.methods),
            "level": self.level, "tags": list(self.tags), "parameters": self.parameters,
            "scan_rules": [r.model_dump() for r in self.scan_rules], "references": self.references,
            "not_applicable": self.not_applicable,
        }


@dataclass(frozen=True)
class ResolvedDomain:
    id: str
    title: dict[str, str]
    order: int


@dataclass(frozen=True)
class ResolvedProfile:
    """What an assessment is made against."""

    profile_id: str
    profile_title: dict[str, str]
    catalog_id: str
    catalog_version: str
    catalog_digest: str
    level: int
    parameters: dict[str, Any]
    weights: dict[Severity, float]
    thresholds: dict[str, float]
    due_days: dict[Severity, int]
    domains: tuple[ResolvedDomain, ...]
    controls: tuple[ResolvedControl, ...] = field(default_factory=tuple)
    # the register entries the controls cite, as they stood (see catalog.legal.resolve_documents)
    legal_documents: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "profile": self.profile_id, "profile_title": self.profile_title, "catalog": self.catalog_id,
            "catalog_version": self.catalog_version, "catalog_digest": self.catalog_digest,
            "level": self.level, "parameters": self.parameters, "weights": self.weights,
            "thresholds": self.thresholds, "due_days": self.due_days,
            "domains": [{"id": d.id, "title": d.title, "order": d.order} for d in self.domains],
            "controls": [c.to_dict() for c in self.controls],
            "legal_documents": self.legal_documents,
        }


_ESCAPED = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")


def format_value(value: ParamValue, lang: str) -> str:
    """How a parameter value reads inside a sentence."""
    if isinstance(value, LocalText):
        return value.get(lang)
    if isinstance(value, bool):
        return ("có" if value else "không") if lang == "vi" else ("yes" if value else "no")
    if isinstance(value, float):
        text = f"{value:g}"
        return text.replace(".", ",") if lang == "vi" else text
    return str(value)


def render(text: str, values: dict[str, ParamValue], lang: str) -> str:
    """Substitute ``{name}`` placeholders; ``{{`` and ``}}`` stand for literal braces."""

    def sub(m: re.Match[str]) -> str:
        if m.group(0) == "{{":
            return "{"
        if m.group(0) == "}}":
            return "}"
        return format_value(values[m.group(1)], lang)

    out = _ESCAPED.sub(sub, text)
    # English units follow the number: "every {n} months" must read "every 1 month" at n = 1
    return _ONE_PLURAL.sub(r"\1", out) if lang == "en" else out


_ONE_PLURAL = re.compile(r"\b(1 (?:minute|hour|day|week|month|year|attempt|zone|character|time))s\b")


def plain_value(value: ParamValue) -> Any:
    return value.model_dump() if isinstance(value, LocalText) else value


def resolve_profile(catalog: Catalog, profile: EffectiveProfile, system_level: int | None = None) -> ResolvedProfile:
    """The controls of ``catalog`` that apply under ``profile``, in catalog order.

    The level is the profile's; for profiles with ``level_follows_system`` a higher
    ``system_level`` raises it (an important system at level 5 gets the level-5 set).
    A control applies when its domain is not optional (or the profile includes that optional
    domain) and its level is at most the profile level or it carries an included tag; or when
    the profile includes it by id. Excluded ids never apply. Parameters take the values of the
    profile level, or of the control's own level when it is higher; profile overrides win.
    """
    level = profile.level
    if profile.level_follows_system and system_level is not None:
        level = max(level, system_level)
    def values_at(lv: int) -> dict[str, ParamValue]:
        vals: dict[str, ParamValue] = {name: p.values[lv] for name, p in catalog.header.parameters.items()}
        vals.update(profile.parameters)
        return vals

    by_level = {lv: values_at(lv) for lv in catalog.header.levels}
    values = by_level[level]
    controls: list[ResolvedControl] = []
    domains: list[ResolvedDomain] = []
    for order, domain in enumerate(catalog.domains, start=1):
        domain_open = not domain.optional or domain.id in profile.include_optional_domains
        picked = []
        for c in domain.controls:
            if c.id in profile.exclude:
                continue
            by_rule = domain_open and (c.level <= level or bool(profile.include_tags.intersection(c.tags)))
            if not (by_rule or c.id in profile.include):
                continue
            used = sorted(c.placeholders())
            # A control pulled in above the profile's level (by tag or id) keeps the values of its
            # own level: "a backup site 30 km away" must not read "0 km" in a level-3 profile.
            cvalues = by_level[max(level, c.level)]
            texts = {name: {lang: render(t.get(lang), cvalues, lang) for lang in ("vi", "en")}
                     for name, t in c.texts().items()}
            na = {lang: c.not_applicable.get(lang) for lang in ("vi", "en")} if c.not_applicable else None
            if na is not None:  # the assessor reads when the control does not apply where he reads how to judge it
                texts["guidance"] = {lang: f"{texts['guidance'][lang]} {na[lang]}" for lang in ("vi", "en")}
            picked.append(ResolvedControl(
                id=c.id, domain=domain.id, title=texts["title"], statement=texts["statement"],
                question=texts["question"], guidance=texts["guidance"], remediation=texts["remediation"],
                evidence={lang: [render(e, cvalues, lang) for e in c.evidence.get(lang)] for lang in ("vi", "en")},
                severity=c.severity, weight=profile.weights[c.severity],
                mandatory=c.mandatory or c.id in profile.mandatory, kind=c.kind, methods=tuple(c.methods),
                level=c.level, tags=tuple(c.tags), parameters={n: plain_value(cvalues[n]) for n in used},
                scan_rules=tuple(c.scan_rules),
                references=c.references.model_dump(mode="json", exclude_defaults=True, exclude_none=True),
                not_applicable=na,
            ))
        if picked:
            domains.append(ResolvedDomain(domain.id, domain.title.model_dump(), order))
            controls.extend(picked)
    cited = {c.id: [r for r in catalog.controls[c.id].references.legal if isinstance(r, LegalCitation)]
             for c in controls}
    return ResolvedProfile(
        profile_id=profile.id, profile_title=profile.title.model_dump(), catalog_id=catalog.id,
        catalog_version=catalog.version, catalog_digest=catalog.digest, level=level,
        parameters={n: plain_value(v) for n, v in values.items()}, weights=dict(profile.weights),
        thresholds=dict(profile.thresholds), due_days=dict(profile.due_days), domains=tuple(domains),
        controls=tuple(controls), legal_documents=resolve_documents(catalog.legal_register, cited),
    )
