"""Where catalog content lives on disk. Light on purpose (no pydantic): reports read a catalog
header without loading the whole catalog."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

CATALOG_FILE = "catalog.yaml"


def builtin_dirs() -> tuple[Path, Path]:
    """(checklists, profiles) shipped with secassess: inside the installed package
    (``secassess/_content/``), or at the top of a source checkout."""
    pkg = Path(__file__).resolve().parent.parent
    bundled = pkg / "_content"
    if (bundled / "checklists").is_dir():
        return bundled / "checklists", bundled / "profiles"
    root = pkg.parent.parent  # src/secassess -> repository root
    return root / "checklists", root / "profiles"


RELEASES_DIR = "releases"  # <catalog>/releases/<version>/: released versions, byte for byte


def catalog_folders(base: Path, *, releases: bool = True) -> list[Path]:
    """A folder is either one catalog (it has catalog.yaml) or holds catalog folders.

    With ``releases`` (the default) the released versions kept under each catalog follow it, so a
    reader looking for a given id *and version* (the header of an old assessment's catalog) finds
    it; the registry asks without them, since a catalog id is loaded once, at its current version."""
    if (base / CATALOG_FILE).is_file():
        current = [base]
    elif base.is_dir():
        current = sorted(p for p in base.iterdir() if p.is_dir() and (p / CATALOG_FILE).is_file())
    else:
        return []
    if not releases:
        return current
    out: list[Path] = []
    for folder in current:
        out.append(folder)
        kept = folder / RELEASES_DIR
        if kept.is_dir():
            out += sorted(p for p in kept.iterdir() if p.is_dir() and (p / CATALOG_FILE).is_file())
    return out


def find_catalog_header(catalog_id: str, version: str, extra_dirs: Sequence[Path] = ()) -> dict[str, Any] | None:
    """The ``catalog.yaml`` of catalog ``catalog_id`` (title, parameters…), read alone — not the whole
    catalog — from the built-in folder and ``extra_dirs``, released versions included. The same
    version is preferred; any version with the same id is returned otherwise (None: no such catalog).
    A file that cannot be read is passed over."""
    from secassess.errors import InputError
    from secassess.yamlio import load_yaml

    found: list[dict[str, Any]] = []
    for base in (builtin_dirs()[0], *extra_dirs):
        for folder in catalog_folders(base):
            try:
                data = load_yaml(folder / CATALOG_FILE, max_bytes=2 * 1024 * 1024).data
            except InputError:
                continue
            if isinstance(data, dict) and data.get("id") == catalog_id:
                if str(data.get("version")) == version:
                    return data
                found.append(data)
    return found[0] if found else None
