"""The legal register (sổ văn bản pháp luật) of a catalog, and the citations of it.

A catalog's ``data/legal-register.yaml`` (a data table of kind ``legal_register``) lists every
legal document and standard its controls cite: number, title, issuer, dates, whether it is in
force or superseded and by what, and where and when that was verified. Controls cite register
ids (``{doc: luat-anm-2025}``), optionally an article registered for that document.

Rules kept here, all pure:

- :func:`check_register` — the register's own integrity (ids, replacements both ways, dates,
  a verification for every document);
- :func:`check_citation` — one control's citation against the register (unknown id or article:
  a problem; superseded, unverified or unknown status: a warning);
- :func:`resolve_documents` — the cited documents as plain data, stored in an assessment's
  snapshot when it starts, so its report cites them as they stood then;
- :mod:`secassess.catalog.citations` — what a report prints, per document, from that snapshot.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pydantic import Field, model_validator

from secassess.catalog.citations import (
    TYPE_LABELS,
    pick,
    status_text,
)
from secassess.catalog.models import LegalCitation, LocalText, NonEmpty, Slug, _Strict
from secassess.messages import msg

DocType = Literal["law", "code", "decree", "resolution", "directive", "decision", "circular", "standard", "plan"]
DocStatus = Literal["in_force", "partly_amended", "superseded", "not_yet_in_force", "unknown"]
SourceKind = Literal["official", "legal_database", "press", "law_firm", "secondary"]
URL = re.compile(r"^https?://\S+$")

SOURCE_LABELS: dict[str, tuple[str, str]] = {
    "official": ("cổng thông tin chính thức", "official portal"),
    "legal_database": ("cơ sở dữ liệu văn bản pháp luật", "legal database"),
    "press": ("báo chí", "press"), "law_firm": ("công ty luật", "law firm"),
    "secondary": ("nguồn thứ cấp (kho mã nguồn công khai)", "secondary source (public repository)"),
}


class Verification(_Strict):
    """One check of a document against a public source: its address (a secondary source without
    one may describe where it was found instead)."""

    source: NonEmpty
    title: NonEmpty
    kind: SourceKind
    checked: date
    confirms: LocalText  # what this source confirmed (number, dates, status, an article ...)

    @model_validator(mode="after")
    def _address(self) -> Verification:
        if self.kind != "secondary" and not URL.match(self.source):
            raise ValueError(msg("catalog.legal.source_must_be_web_address"))
        return self


class LegalDocument(_Strict):
    """One document of the register."""

    id: Slug
    type: DocType
    number: NonEmpty  # "116/2025/QH15", "TCVN 14423:2025"
    title: LocalText
    issuer: LocalText
    issued: date | None = None
    in_force: date | None = None
    status: DocStatus
    superseded_by: Slug | None = None
    superseded_on: date | None = None
    replaces: list[Slug] = Field(default_factory=list)
    amended_by: list[Slug] = Field(default_factory=list)
    # articles a control may cite, each with what it is about (only articles we could check)
    articles: dict[NonEmpty, LocalText] = Field(default_factory=dict)
    verification: list[Verification] = Field(min_length=1)
    not_verified: LocalText | None = None  # what could not be verified

    @property
    def confirmed(self) -> bool:
        """Verified against at least one source other than a third-party compilation."""
        return any(v.kind != "secondary" for v in self.verification)

    @property
    def last_checked(self) -> date:
        return max(v.checked for v in self.verification)


class LegalRegister(_Strict):
    """``data/legal-register.yaml``."""

    kind: Literal["legal_register"]
    documents: list[LegalDocument] = Field(min_length=1)

    def get(self, doc_id: str) -> LegalDocument | None:
        return next((d for d in self.documents if d.id == doc_id), None)


@dataclass(frozen=True)
class Finding:
    """A problem (``error``) or a warning at a place given as a path of keys."""

    loc: tuple[Any, ...]
    vi: str
    en: str
    error: bool = True

    def text(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


def check_register(register: LegalRegister) -> list[Finding]:
    """The register's own integrity: unique ids and numbers, replacements recorded both ways,
    statuses that agree with their dates and links, and a dated verification for every document."""
    out: list[Finding] = []
    ids: dict[str, int] = {}
    numbers: dict[str, str] = {}
    for i, d in enumerate(register.documents):
        if d.id in ids:
            out.append(Finding(("documents", i, "id"), f"mã văn bản “{d.id}” bị trùng",
                               f"duplicate document id “{d.id}”"))
        ids.setdefault(d.id, i)
        if d.number in numbers:
            out.append(Finding(("documents", i, "number"), f"số hiệu “{d.number}” đã có ở “{numbers[d.number]}”",
                               f"number “{d.number}” already registered as “{numbers[d.number]}”"))
        numbers.setdefault(d.number, d.id)
    by_id = {d.id: d for d in register.documents}
    for i, d in enumerate(register.documents):
        at = ("documents", i)
        if d.issued and d.in_force and d.in_force < d.issued:
            out.append(Finding(at + ("in_force",), f"{d.id}: ngày có hiệu lực trước ngày ban hành",
                               f"{d.id}: in force before it was issued"))
        if d.status == "superseded":
            if d.superseded_by is None or d.superseded_on is None:
                out.append(Finding(at + ("status",), f"{d.id}: văn bản hết hiệu lực phải nêu superseded_by và "
                                   "superseded_on", f"{d.id}: a superseded document needs superseded_by and "
                                   "superseded_on"))
        elif d.superseded_by is not None:
            out.append(Finding(at + ("superseded_by",), f"{d.id}: có superseded_by nhưng trạng thái là “{d.status}”",
                               f"{d.id}: superseded_by given but status is “{d.status}”"))
        if d.status == "partly_amended" and not d.amended_by:
            out.append(Finding(at + ("amended_by",), f"{d.id}: văn bản sửa đổi một phần phải nêu amended_by",
                               f"{d.id}: a partly amended document needs amended_by"))
        for ref_field in ("replaces", "amended_by"):
            for j, other in enumerate(getattr(d, ref_field)):
                if other not in by_id:
                    out.append(Finding(at + (ref_field, j), f"{d.id}: “{other}” không có trong sổ",
                                       f"{d.id}: “{other}” is not in the register"))
        if d.superseded_by is not None:
            new = by_id.get(d.superseded_by)
            if new is None:
                out.append(Finding(at + ("superseded_by",), f"{d.id}: “{d.superseded_by}” không có trong sổ",
                                   f"{d.id}: “{d.superseded_by}” is not in the register"))
            elif d.id not in new.replaces:
                out.append(Finding(at + ("superseded_by",), f"{d.id}: “{new.id}” phải ghi replaces: [{d.id}]",
                                   f"{d.id}: “{new.id}” must list it in replaces"))
            elif new.in_force and d.superseded_on and d.superseded_on != new.in_force:
                out.append(Finding(at + ("superseded_on",), f"{d.id}: ngày hết hiệu lực khác ngày “{new.id}” có "
                                   "hiệu lực", f"{d.id}: superseded_on differs from the day “{new.id}” came into "
                                   "force"))
        for old in d.replaces:
            if old in by_id and by_id[old].superseded_by != d.id:
                out.append(Finding(at + ("replaces",), f"{d.id}: “{old}” phải ghi superseded_by: {d.id}",
                                   f"{d.id}: “{old}” must name it in superseded_by"))
    return out


def check_citation(register: LegalRegister | None, cite: LegalCitation | str) -> list[Finding]:
    """One citation of a control: a register id (and article) when the catalog has a register."""
    if register is None:
        if isinstance(cite, LegalCitation):
            return [Finding((), f"trích dẫn “{cite.doc}” cần sổ văn bản pháp luật (data table kind legal_register)",
                            f"citation “{cite.doc}” needs a legal register (data table of kind legal_register)")]
        return []
    if isinstance(cite, str):
        return [Finding((), f"“{cite}”: hãy trích dẫn mã văn bản trong sổ văn bản pháp luật ({{doc: …}})",
                        f"“{cite}”: cite a document id of the legal register ({{doc: …}})")]
    doc = register.get(cite.doc)
    if doc is None:
        return [Finding((), f"văn bản “{cite.doc}” không có trong sổ văn bản pháp luật",
                        f"document “{cite.doc}” is not in the legal register")]
    out: list[Finding] = []
    if cite.article is not None and cite.article not in doc.articles:
        out.append(Finding((), f"“{cite.article}” của {doc.number} chưa được ghi (và kiểm chứng) trong sổ",
                           f"“{cite.article}” of {doc.number} is not registered (nor verified) in the register"))
    if doc.status == "superseded":
        out.append(Finding((), f"{doc.number} đã hết hiệu lực từ {_d(doc.superseded_on)}; hãy trích dẫn văn bản thay "
                           f"thế ({doc.superseded_by})", f"{doc.number} is no longer in force since "
                           f"{_d(doc.superseded_on)}; cite its replacement ({doc.superseded_by})", error=False))
    elif doc.status == "unknown":
        out.append(Finding((), f"tình trạng hiệu lực của {doc.number} chưa xác định được",
                           f"the status of {doc.number} could not be established", error=False))
    if not doc.confirmed:
        out.append(Finding((), f"{doc.number} mới chỉ có nguồn thứ cấp, chưa được kiểm chứng",
                           f"{doc.number} is known only from secondary sources, not verified", error=False))
    return out


def _d(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else "?"


def resolve_documents(register: LegalRegister | None, cited: Mapping[str, list[LegalCitation]]) -> dict[str, Any]:
    """The register entries cited by ``cited`` (control id -> its citations) as plain data for a
    snapshot: ``{doc_id: {number, title, status, ..., articles, cited_by: {control: [articles]}}}``."""
    if register is None:
        return {}
    out: dict[str, Any] = {}
    for control_id, cites in cited.items():
        for cite in cites:
            doc = register.get(cite.doc)
            if doc is None:
                continue
            entry = out.get(doc.id)
            if entry is None:
                new = register.get(doc.superseded_by) if doc.superseded_by else None
                entry = out[doc.id] = {
                    "type": doc.type, "number": doc.number, "title": doc.title.model_dump(),
                    "issuer": doc.issuer.model_dump(), "issued": _iso(doc.issued), "in_force": _iso(doc.in_force),
                    "status": doc.status, "superseded_by": doc.superseded_by,
                    "superseded_by_number": new.number if new else None,
                    "superseded_on": _iso(doc.superseded_on), "verified": doc.confirmed,
                    "checked": doc.last_checked.isoformat(), "articles": {}, "cited_by": {},
                }
            articles = entry["cited_by"].setdefault(control_id, [])
            if cite.article is not None:
                if cite.article not in articles:
                    articles.append(cite.article)
                entry["articles"][cite.article] = doc.articles[cite.article].model_dump()
    return {k: out[k] for k in sorted(out)}


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def format_citation(register: LegalRegister | None, cite: LegalCitation | str, lang: str) -> str:
    """One citation in words for ``checklist show``: number, title, article, and its status."""
    if isinstance(cite, str) or register is None:
        return cite if isinstance(cite, str) else cite.doc
    doc = register.get(cite.doc)
    if doc is None:
        return cite.doc
    label = pick(TYPE_LABELS[doc.type], lang)
    text = f"{label} {doc.title.get(lang)} số {doc.number}" if lang == "vi" else \
        f"{label} {doc.number} ({doc.title.get(lang)})"
    if doc.type == "standard":
        text = f"{doc.number} {doc.title.get(lang)}"
    if cite.article:
        text += f", {cite.article}" if lang == "vi" else f", {article_en(cite.article)}"
    new = register.get(doc.superseded_by) if doc.superseded_by else None
    data = {"status": doc.status, "superseded_on": _iso(doc.superseded_on), "in_force": _iso(doc.in_force),
            "superseded_by_number": new.number if new else doc.superseded_by}
    return f"{text} — {status_text(data, lang)}"


KEY_SEPARATOR = " § "


def citation_key(cite: LegalCitation | str | Mapping[str, Any]) -> str:
    """A citation as one line (``luat-anm-2025`` or ``luat-anm-2025 § Điều 44``); free text as
    written. The inverse of :func:`citation_from_key` (interchange formats such as OSCAL)."""
    if isinstance(cite, str):
        return cite
    data = cite if isinstance(cite, Mapping) else cite.model_dump()
    return str(data["doc"]) + (f"{KEY_SEPARATOR}{data['article']}" if data.get("article") else "")


def citation_from_key(text: str) -> dict[str, str] | str:
    """``luat-anm-2025 § Điều 44`` -> ``{"doc": ..., "article": ...}``; anything that is not a
    register id (free text of an old catalog) stays a string."""
    doc, _, article = text.partition(KEY_SEPARATOR)
    if not _SLUG.match(doc):
        return text
    return {"doc": doc, "article": article} if article else {"doc": doc}


_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


def article_en(article: str) -> str:
    """``Điều 23, khoản 1`` in English words (``Article 23, clause 1``)."""
    return (article.replace("Điều", "Article").replace("khoản", "clause").replace("điểm", "point"))


__all__ = ["Finding", "LegalDocument", "LegalRegister", "Verification", "check_citation", "check_register",
           "format_citation", "resolve_documents"]
