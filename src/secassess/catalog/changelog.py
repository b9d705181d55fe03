"""The per-control changelog of a catalog (nhật ký thay đổi) and its check against the release
it follows.

``changelog.yaml`` lists, for each version, every control that differs from the previous
release and how: ``added``; ``meaning`` (the requirement now asks something else) or ``wording``
(clearer text, same requirement); ``level`` (the level or tags, i.e. where it applies);
``parameter`` (a value it uses changed at some level); ``severity``; ``mandatory``;
``references``; ``scan_rules`` (optional: technical evidence only). :func:`check_changelog`
compares the declared kinds with the real differences, so the changelog cannot drift from the
content (``checklist validate`` runs it when the previous release is kept under ``releases/``).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from secassess.catalog.legal import Finding
from secassess.catalog.models import ControlId, LocalText, NonEmpty, _Strict

if TYPE_CHECKING:
    from secassess.catalog.loader import Catalog

ChangeKind = Literal["added", "removed", "meaning", "wording", "level", "parameter", "severity", "mandatory",
                     "references", "scan_rules"]
CHANGE_KINDS: tuple[str, ...] = ("added", "removed", "meaning", "wording", "level", "parameter", "severity",
                                 "mandatory", "references", "scan_rules")
CHANGE_LABELS: dict[str, tuple[str, str]] = {
    "added": ("thêm mới", "added"), "removed": ("bỏ", "removed"),
    "meaning": ("thay đổi nội dung yêu cầu", "meaning changed"),
    "wording": ("chỉ sửa câu chữ", "wording only"),
    "level": ("thay đổi cấp độ hoặc phạm vi áp dụng", "level or applicability changed"),
    "parameter": ("thay đổi tham số", "parameter changed"),
    "severity": ("thay đổi mức độ", "severity changed"), "mandatory": ("thay đổi tính bắt buộc", "mandatory changed"),
    "references": ("thay đổi tham chiếu, căn cứ pháp lý", "references changed"),
    "scan_rules": ("thay đổi quy tắc rà quét", "scan rules changed"),
}


class ChangelogEntry(_Strict):
    changes: list[ChangeKind] = Field(min_length=1)
    note: LocalText | None = None  # required for added and meaning


class ChangelogVersion(_Strict):
    version: NonEmpty
    previous: NonEmpty | None = None
    date: date
    summary: LocalText
    controls: dict[ControlId, ChangelogEntry] = Field(default_factory=dict)


class Changelog(_Strict):
    """``changelog.yaml`` of a catalog."""

    catalog: NonEmpty
    versions: list[ChangelogVersion] = Field(min_length=1)

    def version(self, version: str) -> ChangelogVersion | None:
        return next((v for v in self.versions if v.version == version), None)


def check_shape(changelog: Changelog, catalog_id: str, version: str, control_ids: set[str],
                previous_ids: set[str] | None = None) -> list[Finding]:
    """What can be checked without the previous release: the catalog, the current version
    present, notes where required, and ids that exist."""
    out: list[Finding] = []
    if changelog.catalog != catalog_id:
        out.append(Finding(("catalog",), f"nhật ký thay đổi của bộ tiêu chí “{changelog.catalog}”, không phải "
                           f"“{catalog_id}”", f"changelog of catalog “{changelog.catalog}”, not “{catalog_id}”"))
    for i, v in enumerate(changelog.versions):
        for cid, e in v.controls.items():
            loc = ("versions", i, "controls", cid)
            if ("added" in e.changes or "meaning" in e.changes) and e.note is None:
                out.append(Finding(loc, f"{cid}: thay đổi “added” hoặc “meaning” phải có ghi chú (note)",
                                   f"{cid}: an “added” or “meaning” change needs a note"))
            if "wording" in e.changes and "meaning" in e.changes:
                out.append(Finding(loc, f"{cid}: không thể vừa “wording” vừa “meaning”",
                                   f"{cid}: “wording” and “meaning” exclude each other"))
            if v.version == version and "removed" not in e.changes and cid not in control_ids:
                out.append(Finding(loc, f"{cid}: không có trong bộ tiêu chí", f"{cid}: not in the catalog"))
    if changelog.version(version) is None and previous_ids is not None:
        out.append(Finding(("versions",), f"nhật ký thay đổi không có phiên bản {version}",
                           f"the changelog has no entry for version {version}"))
    return out


def check_changelog(old: Catalog, new: Catalog, entry: ChangelogVersion) -> list[Finding]:
    """Every difference between the previous release and this version is declared, and nothing
    is declared that did not change."""
    from secassess.catalog.diff import diff_catalogs

    diff = diff_catalogs(old, new)
    out: list[Finding] = []
    changed = {c.id: c for c in diff.controls}
    for c in diff.controls:
        declared = set(entry.controls[c.id].changes) if c.id in entry.controls else set()
        loc = ("versions", entry.version, "controls", c.id)
        if not declared and set(c.kinds) <= {"scan_rules"} and c.status == "changed":
            continue  # technical evidence only: listing it is welcome, not required
        if not declared:
            out.append(Finding(loc, f"{c.id} thay đổi ({', '.join(sorted(c.kinds))}) nhưng không có trong nhật ký "
                               f"thay đổi {entry.version}", f"{c.id} changed ({', '.join(sorted(c.kinds))}) but is "
                               f"not in the {entry.version} changelog"))
            continue
        if c.status in ("added", "removed"):
            if declared != {c.status}:
                out.append(Finding(loc, f"{c.id}: yêu cầu {c.status} phải ghi đúng changes: [{c.status}]",
                                   f"{c.id}: a control that was {c.status} must declare changes: [{c.status}]"))
            continue
        required = set(c.kinds) - {"text", "scan_rules"}
        allowed = set(required) | ({"scan_rules"} & set(c.kinds))
        if "text" in c.kinds:
            allowed |= {"meaning", "wording"}
            if not declared & {"meaning", "wording"}:
                out.append(Finding(loc, f"{c.id}: nội dung chữ thay đổi, hãy ghi “meaning” hoặc “wording”",
                                   f"{c.id}: its text changed; declare “meaning” or “wording”"))
        missing = required - declared
        extra = declared - allowed
        if missing:
            out.append(Finding(loc, f"{c.id}: thiếu loại thay đổi {', '.join(sorted(missing))}",
                               f"{c.id}: undeclared change kinds {', '.join(sorted(missing))}"))
        if extra:
            out.append(Finding(loc, f"{c.id}: ghi {', '.join(sorted(extra))} nhưng không có thay đổi đó",
                               f"{c.id}: declares {', '.join(sorted(extra))} but nothing of that kind changed"))
    for cid in entry.controls:
        if cid not in changed:
            out.append(Finding(("versions", entry.version, "controls", cid),
                               f"{cid} có trong nhật ký thay đổi nhưng không khác phiên bản {old.version}",
                               f"{cid} is in the changelog but does not differ from version {old.version}"))
    return out


def merged_since(changelog: Changelog | None, version: str) -> ChangelogVersion | None:
    """The changes of every version after ``version`` (in the changelog's order) as one entry:
    for an assessment made on ``version``, what the versions since then changed. The latest
    note of a control wins; its kinds are the union."""
    if changelog is None:
        return None
    names = [v.version for v in changelog.versions]
    later = changelog.versions[names.index(version) + 1:] if version in names else [
        v for v in changelog.versions if v.previous is not None and _not_older(v.version, version)]
    if not later:
        return None
    controls: dict[str, ChangelogEntry] = {}
    for v in later:
        for cid, e in v.controls.items():
            old = controls.get(cid)
            kinds = list(dict.fromkeys([*(old.changes if old else []), *e.changes]))
            if "meaning" in kinds and "wording" in kinds:
                kinds.remove("wording")
            controls[cid] = ChangelogEntry(changes=kinds, note=e.note or (old.note if old else None))
    last = later[-1]
    return ChangelogVersion(version=last.version, previous=version, date=last.date, summary=last.summary,
                            controls=controls)


def _not_older(a: str, b: str) -> bool:
    def key(v: str) -> tuple[int, ...]:
        return tuple(int(p) if p.isdigit() else 0 for p in v.split("."))
    return key(a) > key(b)
