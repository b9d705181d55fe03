"""Pydantic models of the catalog and profile files (the format authors write).

Every field is documented in ``docs/catalog-format.md``. These models check the shape of one
file; rules that span files (duplicate ids, unknown domains, parameters, profile references,
cycles) live in :mod:`secassess.catalog.validate`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from secassess.messages import msg
from secassess.vocabulary import Severity

Kind = Literal["management", "technical"]
Method = Literal["examine", "interview", "test"]
Level = Annotated[int, Field(ge=1, le=5)]
LEVELS: tuple[int, ...] = (1, 2, 3, 4, 5)

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
ControlId = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,6}-[0-9]{2,3}$")]
DomainId = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,6}$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]{0,63}$")]
ParamName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]

# Default scoring and remediation values (docs/scoring.md, docs/remediation.md); a profile may override them.
DEFAULT_WEIGHTS: dict[Severity, float] = {"low": 1, "medium": 2, "high": 3, "critical": 5}
DEFAULT_THRESHOLDS: dict[str, float] = {"compliant": 90, "partial": 70}
DEFAULT_DUE_DAYS: dict[Severity, int] = {"critical": 15, "high": 30, "medium": 90, "low": 180}

PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)\}(?!\})")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalText(_Strict):
    """A text in both languages. Both are required and non-empty."""

    vi: NonEmpty
    en: NonEmpty

    def get(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


class LocalList(_Strict):
    """A list of short texts in both languages (e.g. typical evidence)."""

    vi: list[NonEmpty] = Field(min_length=1)
    en: list[NonEmpty] = Field(min_length=1)

    @model_validator(mode="after")
    def _same_length(self) -> LocalList:
        if len(self.vi) != len(self.en):
            raise ValueError(msg("catalog.models.vi_en_same_number_of_items"))
        return self

    def get(self, lang: str) -> list[str]:
        return self.vi if lang == "vi" else self.en


ParamValue = bool | int | float | LocalText


# Where a parameter value comes from: ``secassess`` (our own default) or the id of a document of
# the catalog's legal register (the standard edition whose reported values we use, a law).
SECASSESS_SOURCE = "secassess"
ParamSource = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]{0,63}$")]


class ParameterDef(_Strict):
    """A value that a control's text depends on and that tightens with the level."""

    title: LocalText
    unit: LocalText | None = None
    type: Literal["int", "number", "bool", "text"]
    # Which direction is stricter, so validators can check that a higher level is never weaker.
    stricter: Literal["higher", "lower", "true", "none"] = "none"
    values: dict[int, ParamValue]
    note: LocalText | None = None  # where the values come from (public report, or our own default)
    # The source of every value: one source for all levels, or one per level. Optional for
    # catalogs without a legal register; the built-in catalog states it for every parameter.
    source: ParamSource | dict[int, ParamSource] | None = None

    def source_at(self, level: int) -> str | None:
        if isinstance(self.source, dict):
            return self.source.get(level)
        return self.source

    @field_validator("values")
    @classmethod
    def _levels_known(cls, v: dict[int, ParamValue]) -> dict[int, ParamValue]:
        bad = sorted(k for k in v if k not in LEVELS)
        if bad:
            raise ValueError(msg("catalog.models.unknown_levels", b=", ".join(str(x) for x in bad)))
        return v

    @model_validator(mode="after")
    def _types_match(self) -> ParameterDef:
        for level, value in self.values.items():
            if not value_matches_type(value, self.type):
                raise ValueError(msg("catalog.models.value_not_of_type", l=level, t=self.type))
        return self


def value_matches_type(value: Any, type_: str) -> bool:
    if type_ == "bool":
        return isinstance(value, bool)
    if type_ == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if type_ == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, LocalText)


class ScanRule(_Strict):
    """A declarative rule that a network scan can decide. ``args`` is checked per ``type``
    by :mod:`secassess.catalog.scanrules`."""

    type: NonEmpty
    args: dict[str, Any] = Field(default_factory=dict)


CisId = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,2}\.[0-9]{1,2}$")]
IsoId = Annotated[str, StringConstraints(pattern=r"^A\.[5-8]\.[0-9]{1,2}$")]
NistId = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}-[0-9]{1,2}(\([0-9]{1,2}\))?$")]


class LegalCitation(_Strict):
    """A citation of a document of the catalog's legal register (``data/legal-register.yaml``),
    optionally of one of its articles as registered there (``Điều 44``)."""

    doc: Slug
    article: NonEmpty | None = None


class References(_Strict):
    """Cross-references to public documents. Leave a reference out rather than guess.

    ``legal`` cites register ids; a plain text citation is accepted only in a catalog without a
    legal register (catalog 1.0.0 and workspace catalogs written before registers existed)."""

    cis_v8: list[CisId] = Field(default_factory=list)
    iso27001_2022: list[IsoId] = Field(default_factory=list)
    nist_800_53: list[NistId] = Field(default_factory=list)
    legal: list[LegalCitation | NonEmpty] = Field(default_factory=list)
    other: list[NonEmpty] = Field(default_factory=list)


class Control(_Strict):
    """One checkable requirement (yêu cầu)."""

    id: ControlId
    title: LocalText
    statement: LocalText
    question: LocalText
    guidance: LocalText
    remediation: LocalText
    evidence: LocalList
    severity: Severity
    mandatory: bool
    kind: Kind
    methods: list[Method] = Field(min_length=1)
    level: Level
    tags: list[Slug] = Field(default_factory=list)
    scan_rules: list[ScanRule] = Field(default_factory=list)
    references: References = Field(default_factory=References)
    # When the control does not apply (the system lacks the component it is about): the
    # sentence the assessor reads, ending in what to write as the justification.
    not_applicable: LocalText | None = None
    # Controls whose capability this one presupposes (e.g. tuning SIEM rules needs a SIEM):
    # they must apply from the same level or lower.
    depends_on: list[ControlId] = Field(default_factory=list)

    def texts(self) -> dict[str, LocalText]:
        """The texts that may contain ``{parameter}`` placeholders."""
        return {"title": self.title, "statement": self.statement, "question": self.question,
                "guidance": self.guidance, "remediation": self.remediation}

    def placeholders(self) -> set[str]:
        found: set[str] = set()
        for t in self.texts().values():
            found.update(PLACEHOLDER.findall(t.vi))
            found.update(PLACEHOLDER.findall(t.en))
        for lst in (self.evidence.vi, self.evidence.en):
            for item in lst:
                found.update(PLACEHOLDER.findall(item))
        return found


class Domain(_Strict):
    """One topic group (nhóm yêu cầu): one file ``domains/<ID>.yaml``."""

    id: DomainId
    title: LocalText
    description: LocalText
    optional: bool = False  # an optional domain applies only where a profile includes it
    controls: list[Control] = Field(min_length=1)


class CatalogHeader(_Strict):
    """``catalog.yaml``: identity, levels, parameters, tags, and the ordered list of domains."""

    id: Slug
    version: NonEmpty
    title: LocalText
    description: LocalText
    notice: LocalText  # how the catalog was written; that it is not the standard's text
    levels: list[Level] = Field(default_factory=lambda: list(LEVELS))
    parameters: dict[ParamName, ParameterDef] = Field(default_factory=dict)
    tags: dict[Slug, LocalText] = Field(default_factory=dict)
    domains: list[DomainId] = Field(min_length=1)
    data: dict[Slug, NonEmpty] = Field(default_factory=dict)  # name -> file of a data table
    # What the four severities mean, so that every control's severity can be argued from them.
    severity_criteria: dict[Severity, LocalText] = Field(default_factory=dict)
    # How an assessor decides between pass, partial and fail when a guidance text leaves a case open.
    decision_rule: LocalText | None = None
    changelog: NonEmpty | None = None  # file of the per-control changelog, inside the catalog folder


class Thresholds(_Strict):
    compliant: float = Field(default=DEFAULT_THRESHOLDS["compliant"], ge=0, le=100)
    partial: float = Field(default=DEFAULT_THRESHOLDS["partial"], ge=0, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> Thresholds:
        if self.partial > self.compliant:
            raise ValueError(msg("catalog.models.partial_not_above_compliant"))
        return self


class Profile(_Strict):
    """A profile (hồ sơ áp dụng): which controls of a catalog apply, with which parameters.

    Fields left out are inherited from ``extends``; list fields are added to the parent's.
    """

    id: Slug
    title: LocalText
    description: LocalText
    catalog: Slug | None = None
    extends: Slug | None = None
    level: Level | None = None
    level_follows_system: bool | None = None
    include_optional_domains: list[DomainId] = Field(default_factory=list)
    include_tags: list[Slug] = Field(default_factory=list)
    include: list[ControlId] = Field(default_factory=list)
    exclude: list[ControlId] = Field(default_factory=list)
    mandatory: list[ControlId] = Field(default_factory=list)
    parameters: dict[ParamName, ParamValue] = Field(default_factory=dict)
    weights: dict[Severity, float] = Field(default_factory=dict)
    thresholds: Thresholds | None = None
    due_days: dict[Severity, Annotated[int, Field(ge=1, le=3650)]] = Field(default_factory=dict)

    @field_validator("weights")
    @classmethod
    def _positive(cls, v: dict[str, float]) -> dict[str, float]:
        for k, w in v.items():
            if w <= 0:
                raise ValueError(msg("catalog.models.weight_must_be_positive", k=k))
        return v
