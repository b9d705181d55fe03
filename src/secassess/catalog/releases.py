"""Released versions of a catalog kept beside it, byte for byte (``<catalog>/releases/<version>/``).

A catalog's newer version never silently changes old assessments (each keeps its snapshot), but
an officer still needs to see what changed: ``checklist diff`` and the changelog check load the
older version from here. The folder of a release is an ordinary catalog folder.
"""

from __future__ import annotations

from pathlib import Path

from secassess.catalog.changelog import check_changelog
from secassess.catalog.legal import Finding
from secassess.catalog.loader import Catalog, load_catalog
from secassess.catalog.paths import CATALOG_FILE, RELEASES_DIR
from secassess.errors import InputError
from secassess.messages import msg


def release_versions(catalog: Catalog) -> dict[str, Path]:
    """The released versions kept under the catalog's ``releases/`` folder: version -> folder."""
    base = catalog.path / RELEASES_DIR
    if not base.is_dir():
        return {}
    return {p.name: p for p in sorted(base.iterdir(), key=lambda p: _key(p.name))
            if p.is_dir() and (p / CATALOG_FILE).is_file()}


def versions(catalog: Catalog) -> list[str]:
    """Every version of the catalog that can be loaded, oldest first, the current one last."""
    out = [v for v in release_versions(catalog) if v != catalog.version]
    return [*sorted(out, key=_key), catalog.version]


def load_version(catalog: Catalog, version: str) -> Catalog:
    """The catalog as it was released as ``version`` (the catalog itself for its own version).
    :class:`InputError` when that version is not kept or does not load cleanly."""
    if version == catalog.version:
        return catalog
    folder = release_versions(catalog).get(version)
    if folder is None:
        raise InputError(msg("catalog.releases.catalog_keeps_no_version_available", c=catalog.id, v=version, k=", ".join(versions(catalog))))
    old, problems = load_catalog(folder)
    if old is None or problems:
        raise InputError.from_problems(msg("catalog.releases.version_does_not_load", v=version, c=catalog.id), problems)
    if old.id != catalog.id or old.version != version:
        raise InputError(msg("catalog.releases.folder_holds_not", f=folder, i=old.id, w=old.version, c=catalog.id, v=version))
    return old


def previous_version(catalog: Catalog) -> str | None:
    """The version the current one follows: the changelog's ``previous``, else the newest release."""
    entry = catalog.changelog.version(catalog.version) if catalog.changelog else None
    if entry is not None and entry.previous:
        return entry.previous
    older = versions(catalog)[:-1]
    return older[-1] if older else None


def check_against_previous(catalog: Catalog) -> list[Finding]:
    """The changelog of the current version against the real differences from the previous
    release (when both are there). Empty when there is nothing to compare."""
    entry = catalog.changelog.version(catalog.version) if catalog.changelog else None
    if entry is None or entry.previous is None:
        return []
    if entry.previous not in release_versions(catalog):
        return [Finding(("versions", catalog.version, "previous"),
                        f"phiên bản trước {entry.previous} không được lưu trong {RELEASES_DIR}/, nên nhật ký thay "
                        "đổi chưa được đối chiếu", f"the previous version {entry.previous} is not kept under "
                        f"{RELEASES_DIR}/, so the changelog was not checked", error=False)]
    return check_changelog(load_version(catalog, entry.previous), catalog, entry)


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in version.split("."))
