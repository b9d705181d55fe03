"""What changed between two versions of a catalog, or between an assessment's snapshot and the
controls a re-assessment would ask today (``secassess checklist diff``). Pure: data in, data out.

Both comparisons reduce a control to the same plain form (texts, level, tags, severity,
mandatory, parameters, references, scan rules) and list, per control, what differs. A change
is classified in kinds: ``text`` (any text, the kind or the methods — the changelog says whether
the meaning changed or only the wording), ``level`` (level or tags: where it applies),
``parameter``, ``severity``, ``mandatory``, ``references`` and ``scan_rules``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from secassess.catalog.resolve import plain_value, render

if TYPE_CHECKING:
    from secassess.catalog.changelog import ChangelogVersion
    from secassess.catalog.loader import Catalog
    from secassess.catalog.models import CatalogHeader, Control
    from secassess.catalog.resolve import ResolvedProfile

TEXT_FIELDS = ("title", "statement", "question", "guidance", "remediation", "evidence", "not_applicable", "kind",
               "methods")
FIELD_KIND = {**{f: "text" for f in TEXT_FIELDS}, "level": "level", "tags": "level", "severity": "severity",
              "weight": "severity", "mandatory": "mandatory", "parameters": "parameter",
              "references": "references", "scan_rules": "scan_rules"}
KIND_ORDER = ("text", "level", "parameter", "severity", "mandatory", "references", "scan_rules")


@dataclass
class ControlChange:
    """One control that was added, removed or changed."""

    id: str
    domain: str
    status: str  # added | removed | changed
    title: dict[str, str]  # the newer title (the older one for a removed control)
    fields: list[str] = field(default_factory=list)  # the fields that differ
    kinds: list[str] = field(default_factory=list)  # their kinds (see module docstring)
    before: dict[str, Any] = field(default_factory=dict)  # old value of level/severity/mandatory/parameters
    after: dict[str, Any] = field(default_factory=dict)
    declared: list[str] = field(default_factory=list)  # what the changelog says (meaning, wording ...)
    note: dict[str, str] | None = None  # the changelog note

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "domain": self.domain, "status": self.status, "title": self.title,
                "fields": self.fields, "kinds": self.kinds, "before": self.before, "after": self.after,
                "changelog": self.declared, "note": self.note}


@dataclass
class ParameterChange:
    name: str
    title: dict[str, str]
    before: dict[int, Any] | None  # value per level; None when the parameter is new
    after: dict[int, Any] | None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title,
                "before": {str(k): v for k, v in self.before.items()} if self.before is not None else None,
                "after": {str(k): v for k, v in self.after.items()} if self.after is not None else None}


@dataclass
class CatalogDiff:
    """The differences between an older and a newer side."""

    mode: str  # "catalog" (two versions of a catalog) or "assessment" (a snapshot vs today)
    catalog_id: str
    old_version: str
    new_version: str
    old_label: str
    new_label: str
    controls: list[ControlChange] = field(default_factory=list)
    parameters: list[ParameterChange] = field(default_factory=list)
    summary: dict[str, str] | None = None  # the changelog summary of the newer version
    profile: str | None = None
    level: int | None = None

    def counts(self) -> dict[str, int]:
        """How many controls were added, removed and changed, and how many changed per kind."""
        out = {"added": 0, "removed": 0, "changed": 0}
        for c in self.controls:
            out[c.status] += 1
            for k in c.kinds:
                out[k] = out.get(k, 0) + 1
            for k in c.declared:
                if k in ("meaning", "wording"):
                    out[k] = out.get(k, 0) + 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"mode": self.mode, "catalog": self.catalog_id, "old_version": self.old_version,
                "new_version": self.new_version, "old": self.old_label, "new": self.new_label,
                "profile": self.profile, "level": self.level, "summary": self.summary, "counts": self.counts(),
                "parameters": [p.to_dict() for p in self.parameters],
                "controls": [c.to_dict() for c in self.controls]}


def raw_control(c: Control, header: CatalogHeader) -> dict[str, Any]:
    """A catalog control in the plain form compared by :func:`compare`: parameters as their values
    at every level from the control's own level up (lower levels never reach its text)."""
    return {
        "title": c.title.model_dump(), "statement": c.statement.model_dump(), "question": c.question.model_dump(),
        "guidance": c.guidance.model_dump(), "remediation": c.remediation.model_dump(),
        "evidence": c.evidence.model_dump(),
        "not_applicable": c.not_applicable.model_dump() if c.not_applicable else None,
        "kind": c.kind, "methods": list(c.methods), "level": c.level, "tags": sorted(c.tags),
        "severity": c.severity, "mandatory": c.mandatory,
        "parameters": {n: {lv: plain_value(header.parameters[n].values[lv]) for lv in header.levels if lv >= c.level}
                       for n in sorted(c.placeholders()) if n in header.parameters},
        "references": c.references.model_dump(mode="json", exclude_defaults=True),
        "scan_rules": [r.model_dump(mode="json") for r in c.scan_rules],
    }


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """The fields (of :data:`FIELD_KIND`) whose values differ; a field missing on one side counts
    as empty, so an old snapshot without ``not_applicable`` equals a control without one."""
    out = []
    for name in FIELD_KIND:
        a, b = old.get(name), new.get(name)
        if name == "parameters" and a and b and isinstance(a, dict) and isinstance(b, dict):
            # compare only the levels both sides know (a raised level is a level change)
            a = {n: _common(v, b.get(n)) for n, v in a.items()}
            b = {n: _common(v, old["parameters"].get(n)) for n, v in b.items()}
        if (a or None) != (b or None):
            out.append(name)
    return out


def _common(values: Any, other: Any) -> Any:
    if isinstance(values, dict) and isinstance(other, dict):
        return {k: v for k, v in values.items() if k in other}
    return values


def _kinds(fields: Iterable[str]) -> list[str]:
    found = {FIELD_KIND[f] for f in fields}
    return [k for k in KIND_ORDER if k in found]


def _scalars(d: Mapping[str, Any]) -> dict[str, Any]:
    return {k: d.get(k) for k in ("level", "severity", "mandatory", "parameters")}


def _control_changes(old: list[tuple[str, str, dict[str, Any]]], new: list[tuple[str, str, dict[str, Any]]],
                     changelog: ChangelogVersion | None) -> list[ControlChange]:
    """``old`` and ``new``: (id, domain, plain control) in catalog order."""
    old_by = {cid: (dom, d) for cid, dom, d in old}
    new_ids = {cid for cid, _, _ in new}
    out: list[ControlChange] = []
    for cid, dom, d in new:
        entry = changelog.controls.get(cid) if changelog else None
        declared: list[str] = list(entry.changes) if entry else []
        note = entry.note.model_dump() if entry and entry.note else None
        if cid not in old_by:
            out.append(ControlChange(cid, dom, "added", d["title"], after=_scalars(d), declared=declared, note=note))
            continue
        fields = compare(old_by[cid][1], d)
        if fields:
            out.append(ControlChange(cid, dom, "changed", d["title"], fields=fields, kinds=_kinds(fields),
                                     before=_scalars(old_by[cid][1]), after=_scalars(d), declared=declared,
                                     note=note))
    for cid, dom, d in old:
        if cid not in new_ids:
            entry = changelog.controls.get(cid) if changelog else None
            out.append(ControlChange(cid, dom, "removed", d["title"], before=_scalars(d),
                                     declared=[str(k) for k in entry.changes] if entry else [],
                                     note=entry.note.model_dump() if entry and entry.note else None))
    return out


def _catalog_controls(cat: Catalog) -> list[tuple[str, str, dict[str, Any]]]:
    return [(c.id, d.id, raw_control(c, cat.header)) for d in cat.domains for c in d.controls]


def _rendered(cat: Catalog, control_id: str, text: Mapping[str, str]) -> dict[str, str]:
    """A title or note as read at the control's own level (``{critical_patch_days}`` -> ``14``)."""
    c = cat.controls.get(control_id)
    level = max(c.level if c else cat.header.levels[0], cat.header.levels[0])
    values = {n: p.values[level] for n, p in cat.header.parameters.items() if level in p.values}
    out = {}
    for lang, t in text.items():
        try:
            out[lang] = render(t, values, lang)
        except KeyError:  # a placeholder the catalog does not declare: show it as written
            out[lang] = t
    return out


def diff_catalogs(old: Catalog, new: Catalog, changelog: ChangelogVersion | None = None) -> CatalogDiff:
    """Two versions of a catalog: every control added, removed or changed, and every parameter
    whose values changed."""
    params: list[ParameterChange] = []
    for name in sorted(set(old.header.parameters) | set(new.header.parameters)):
        a, b = old.header.parameters.get(name), new.header.parameters.get(name)
        av = {lv: plain_value(v) for lv, v in a.values.items()} if a else None
        bv = {lv: plain_value(v) for lv, v in b.values.items()} if b else None
        if av != bv:
            params.append(ParameterChange(name, (b or a).title.model_dump(), av, bv))  # type: ignore[union-attr]
    changes = _control_changes(_catalog_controls(old), _catalog_controls(new), changelog)
    for ch in changes:
        side = old if ch.status == "removed" else new
        ch.title = _rendered(side, ch.id, ch.title)
        if ch.note:
            ch.note = _rendered(new, ch.id, ch.note)
    return CatalogDiff(
        mode="catalog", catalog_id=new.id, old_version=old.version, new_version=new.version,
        old_label=f"{old.id} {old.version}", new_label=f"{new.id} {new.version}",
        controls=changes, parameters=params, summary=changelog.summary.model_dump() if changelog else None)


def diff_snapshot(catalog_id: str, version: str, old_controls: Iterable[Mapping[str, Any]], new: ResolvedProfile,
                  changelog: ChangelogVersion | None = None) -> CatalogDiff:
    """An assessment's resolved controls (its result rows' ``control`` dicts, in order) against the
    same profile resolved today: what a re-assessment would ask differently."""
    old = [(str(c["id"]), str(c.get("domain", "")), dict(c)) for c in old_controls]
    cur = [(c.id, c.domain, c.to_dict()) for c in new.controls]
    return CatalogDiff(
        mode="assessment", catalog_id=catalog_id, old_version=version, new_version=new.catalog_version,
        old_label=f"{catalog_id} {version}", new_label=f"{new.catalog_id} {new.catalog_version}",
        controls=_control_changes(old, cur, changelog if changelog and new.catalog_version != version else None),
        summary=changelog.summary.model_dump() if changelog and new.catalog_version != version else None,
        profile=new.profile_id, level=new.level)


# --- in words -----------------------------------------------------------------------------------

_SEV = {"low": ("thấp", "low"), "medium": ("trung bình", "medium"), "high": ("cao", "high"),
        "critical": ("nghiêm trọng", "critical")}
_KIND_WORDS = {"text": ("nội dung chữ", "text"), "level": ("cấp độ, phạm vi áp dụng", "level or applicability"),
               "parameter": ("tham số", "parameters"), "severity": ("mức độ", "severity"),
               "mandatory": ("tính bắt buộc", "mandatory flag"), "references": ("tham chiếu, căn cứ pháp lý",
                                                                                "references"),
               "scan_rules": ("quy tắc rà quét", "scan rules")}


def _w(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "vi" else pair[1]


def _value(v: Any, lang: str) -> str:
    if isinstance(v, bool):
        return ("có" if v else "không") if lang == "vi" else ("yes" if v else "no")
    if isinstance(v, dict) and "vi" in v:
        return str(v.get(lang) or v["vi"])
    if isinstance(v, float):
        return f"{v:g}".replace(".", ",") if lang == "vi" else f"{v:g}"
    return str(v)


def _levels(values: Mapping[Any, Any] | None, lang: str) -> str:
    if values is None:
        return "—"
    return " / ".join(_value(values[k], lang) for k in sorted(values, key=int))


def describe(diff: CatalogDiff, lang: str) -> list[str]:
    """The diff as lines an officer reads, in ``lang``: counts, parameters, then the controls
    added, changed in substance, changed in wording only, and removed."""
    vi = lang == "vi"
    out: list[str] = []
    if diff.mode == "assessment":
        out.append(f"Đối chiếu {diff.old_label} (đợt đánh giá, hồ sơ {diff.profile}, cấp độ {diff.level}) với "
                   f"{diff.new_label}: những gì một lần đánh giá lại sẽ hỏi khác" if vi else
                   f"{diff.old_label} (the assessment, profile {diff.profile}, level {diff.level}) against "
                   f"{diff.new_label}: what a re-assessment will ask differently")
    else:
        out.append(f"So sánh bộ tiêu chí {diff.catalog_id}: phiên bản {diff.old_version} → {diff.new_version}" if vi
                   else f"Catalog {diff.catalog_id}: version {diff.old_version} → {diff.new_version}")
    if diff.summary:
        out.append(_value(diff.summary, lang))
    n = diff.counts()
    parts = [(("thêm mới", "added"), n["added"]), (("bỏ", "removed"), n["removed"]),
             (("thay đổi", "changed"), n["changed"]), (("trong đó đổi nội dung yêu cầu", "of which meaning"),
                                                      n.get("meaning", 0)),
             (("chỉ sửa câu chữ", "wording only"), n.get("wording", 0))]
    parts += [(_KIND_WORDS[k], n[k]) for k in KIND_ORDER if n.get(k) and k != "text"]
    out.append(" · ".join(f"{_w(label, lang)}: {count}" for label, count in parts))
    if not diff.controls and not diff.parameters:
        out.append("Không có khác biệt." if vi else "No differences.")
        return out
    if diff.parameters:
        out += ["", "Tham số thay đổi (giá trị theo cấp độ 1 / 2 / 3 / 4 / 5):" if vi else
                "Parameters changed (values for levels 1 / 2 / 3 / 4 / 5):"]
        for p in diff.parameters:
            out.append(f"  {p.name} — {_value(p.title, lang)}: {_levels(p.before, lang)} → {_levels(p.after, lang)}")
    added = [c for c in diff.controls if c.status == "added"]
    removed = [c for c in diff.controls if c.status == "removed"]
    changed = [c for c in diff.controls if c.status == "changed"]
    wording = [c for c in changed if set(c.kinds) <= {"text", "scan_rules"} and "meaning" not in c.declared
               and c.declared]
    substantive = [c for c in changed if c not in wording]
    if added:
        out += ["", ("Yêu cầu mới sẽ được hỏi:" if diff.mode == "assessment" else "Yêu cầu thêm mới:") if vi else
                ("New controls a re-assessment will ask:" if diff.mode == "assessment" else "Controls added:")]
        for c in added:
            out.append(f"  + {c.id} {_value(c.title, lang)} ({_facts(c.after, lang)})")
            if c.note:
                out.append(f"      {_value(c.note, lang)}")
    if substantive:
        out += ["", "Yêu cầu thay đổi:" if vi else "Controls changed:"]
        for c in substantive:
            text_word = (("đổi nội dung yêu cầu", "meaning changed") if "meaning" in c.declared else
                         ("sửa câu chữ", "wording") if "wording" in c.declared else _KIND_WORDS["text"])
            kinds = [_w(text_word if k == "text" else _KIND_WORDS[k], lang) for k in c.kinds]
            out.append(f"  ~ {c.id} {_value(c.title, lang)} [{'; '.join(kinds)}]")
            facts = _changed_facts(c, lang)
            if facts:
                out.append(f"      {facts}")
            if c.note:
                out.append(f"      {_value(c.note, lang)}")
    if wording:
        out += ["", "Chỉ sửa câu chữ, không đổi yêu cầu:" if vi else "Wording only, same requirement:",
                "  " + ", ".join(c.id for c in wording)]
    if removed:
        out += ["", ("Yêu cầu không còn hỏi:" if diff.mode == "assessment" else "Yêu cầu bị bỏ:") if vi else
                ("Controls no longer asked:" if diff.mode == "assessment" else "Controls removed:")]
        for c in removed:
            out.append(f"  - {c.id} {_value(c.title, lang)}")
    return out


def _facts(d: Mapping[str, Any], lang: str) -> str:
    vi = lang == "vi"
    sev = _w(_SEV.get(str(d.get("severity")), (str(d.get("severity")),) * 2), lang)
    parts = [f"cấp độ {d.get('level')}" if vi else f"level {d.get('level')}", sev]
    if d.get("mandatory"):
        parts.append("bắt buộc" if vi else "mandatory")
    return ", ".join(parts)


def _changed_facts(c: ControlChange, lang: str) -> str:
    vi = lang == "vi"
    out = []
    a, b = c.before, c.after
    if a.get("level") != b.get("level"):
        out.append(f"cấp độ {a.get('level')} → {b.get('level')}" if vi else f"level {a.get('level')} → {b.get('level')}")
    if a.get("severity") != b.get("severity"):
        sa = _w(_SEV.get(str(a.get("severity")), ("?", "?")), lang)
        sb = _w(_SEV.get(str(b.get("severity")), ("?", "?")), lang)
        out.append(f"mức độ {sa} → {sb}" if vi else f"severity {sa} → {sb}")
    if a.get("mandatory") != b.get("mandatory"):
        out.append(f"bắt buộc: {_value(bool(a.get('mandatory')), lang)} → {_value(bool(b.get('mandatory')), lang)}"
                   if vi else f"mandatory: {_value(bool(a.get('mandatory')), lang)} → "
                   f"{_value(bool(b.get('mandatory')), lang)}")
    pa, pb = a.get("parameters") or {}, b.get("parameters") or {}
    for name in sorted(set(pa) | set(pb)):
        va, vb = pa.get(name), pb.get(name)
        if va != vb:
            fa = _levels(va, lang) if isinstance(va, dict) and "vi" not in va else _value(va, lang) if va is not None \
                else "—"
            fb = _levels(vb, lang) if isinstance(vb, dict) and "vi" not in vb else _value(vb, lang) if vb is not None \
                else "—"
            out.append(f"{name}: {fa} → {fb}")
    return "; ".join(out)
