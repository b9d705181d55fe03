"""Where catalog content lives on disk. Light on purpose (no pydantic): reports read a catalog
header without loading the whole catalog."""

from __future__ import annotations

from pathlib import Path

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
