"""The legal documents an assessment cites, as a report prints them — read from the assessment's
snapshot (written by :func:`secassess.catalog.legal.resolve_documents` when it started), so a
report cites each document as it stood then. Plain data and no pydantic: reports import this without
the catalog's file models."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# order of document types in a list of citations (laws first)
TYPE_ORDER: tuple[str, ...] = ("law", "code", "resolution", "decree", "directive", "decision", "circular",
                               "standard", "plan")
TYPE_LABELS: dict[str, tuple[str, str]] = {
    "law": ("Luật", "Law"), "code": ("Bộ luật", "Code"), "decree": ("Nghị định", "Decree"),
    "resolution": ("Nghị quyết", "Resolution"), "directive": ("Chỉ thị", "Directive"),
    "decision": ("Quyết định", "Decision"), "circular": ("Thông tư", "Circular"),
    "standard": ("Tiêu chuẩn quốc gia", "National standard"), "plan": ("Kế hoạch", "Plan"),
}
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "in_force": ("còn hiệu lực", "in force"),
    "partly_amended": ("còn hiệu lực, đã được sửa đổi một phần", "in force, partly amended"),
    "superseded": ("hết hiệu lực", "no longer in force"),
    "not_yet_in_force": ("chưa có hiệu lực", "not yet in force"),
    "unknown": ("chưa xác định được tình trạng hiệu lực", "status not established"),
}

@dataclass(frozen=True)
class CitedDocument:
    """One legal document as a report cites it (văn bản được viện dẫn)."""

    id: str | None  # None for a free-text citation of an old catalog
    type: str | None
    type_label: str
    number: str | None
    title: str
    issuer: str
    status: str  # in_force | partly_amended | superseded | not_yet_in_force | unknown | unregistered
    status_text: str  # "còn hiệu lực", "hết hiệu lực từ 01/07/2026, thay bằng 116/2025/QH15" ...
    in_force: str | None  # ISO date
    verified: bool
    checked: str | None  # ISO date of the last verification
    articles: list[tuple[str, str]] = field(default_factory=list)  # (article, what it is about)
    controls: list[str] = field(default_factory=list)  # the controls citing it

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "type_label": self.type_label, "number": self.number,
                "title": self.title, "issuer": self.issuer, "status": self.status, "status_text": self.status_text,
                "in_force": self.in_force, "verified": self.verified, "checked": self.checked,
                "articles": [{"article": a, "about": t} for a, t in self.articles], "controls": list(self.controls)}


def legal_citations(snapshot: Mapping[str, Any], lang: str,
                    controls: Iterable[Mapping[str, Any]] | None = None) -> list[CitedDocument]:
    """The legal documents an assessment cites, one entry per document, laws first.

    Reads ``snapshot["legal_documents"]`` (written by :func:`resolve_documents` when the assessment
    started). An assessment started on a catalog without a register (1.0.0) has none: give its
    result rows' ``control`` dicts as ``controls`` to list their free-text citations instead."""
    docs: Mapping[str, Any] = snapshot.get("legal_documents") or {}
    out: list[CitedDocument] = []
    for doc_id, d in docs.items():
        articles = sorted({a for arts in (d.get("cited_by") or {}).values() for a in arts}, key=article_key)
        out.append(CitedDocument(
            id=doc_id, type=d.get("type"), type_label=pick(TYPE_LABELS.get(d.get("type") or "", ("", "")), lang),
            number=d.get("number"), title=pick(d.get("title"), lang), issuer=pick(d.get("issuer"), lang),
            status=str(d.get("status")), status_text=status_text(d, lang), in_force=d.get("in_force"),
            verified=bool(d.get("verified")), checked=d.get("checked"),
            articles=[(a, pick((d.get("articles") or {}).get(a), lang)) for a in articles],
            controls=sorted(d.get("cited_by") or {})))
    out.sort(key=lambda c: (TYPE_ORDER.index(c.type) if c.type in TYPE_ORDER else len(TYPE_ORDER), c.number or ""))
    if docs or controls is None:
        return out
    free: dict[str, list[str]] = {}
    for c in controls:
        for text in ((c.get("references") or {}).get("legal") or []):
            if isinstance(text, str):
                free.setdefault(text, []).append(str(c.get("id")))
    return [CitedDocument(id=None, type=None, type_label="", number=None, title=text, issuer="",
                          status="unregistered", status_text=t(lang, "chưa đối chiếu với sổ văn bản",
                                                                "not checked against a register"),
                          in_force=None, verified=False, checked=None, controls=sorted(set(ids)))
            for text, ids in sorted(free.items())]


def status_text(d: Mapping[str, Any], lang: str) -> str:
    """A document's status in words, e.g. "hết hiệu lực từ 01/07/2026, thay bằng 116/2025/QH15"."""
    status = str(d.get("status"))
    label = pick(STATUS_LABELS.get(status, (status, status)), lang)
    if status == "superseded":
        when = iso_to_vn(d.get("superseded_on"))
        by = d.get("superseded_by_number") or d.get("superseded_by") or "?"
        return t(lang, f"{label} từ {when}, thay bằng {by}", f"{label} since {when}, replaced by {by}")
    if status in ("in_force", "partly_amended") and d.get("in_force"):
        when = iso_to_vn(d.get("in_force"))
        return t(lang, f"{label} (từ {when})", f"{label} (since {when})")
    if status == "not_yet_in_force" and d.get("in_force"):
        when = iso_to_vn(d.get("in_force"))
        return t(lang, f"{label} (hiệu lực từ {when})", f"{label} (in force from {when})")
    return label


def iso_to_vn(value: Any) -> str:
    if not value:
        return "?"
    y, m, d = str(value).split("-")
    return f"{d}/{m}/{y}"


def article_key(article: str) -> tuple[int, str]:
    digits = "".join(ch for ch in article if ch.isdigit())
    return (int(digits) if digits else 0, article)


def pick(value: Any, lang: str) -> str:
    if isinstance(value, tuple):
        return str(value[0] if lang == "vi" else value[1])
    if isinstance(value, Mapping):
        return str(value.get(lang) or value.get("vi") or "")
    return "" if value is None else str(value)


def t(lang: str, vi: str, en: str) -> str:
    return vi if lang == "vi" else en
