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


def catalog_folders(base: Path) -> list[Path]:
    """A folder is either one catalog (it has catalog.yaml) or holds catalog folders."""
    if (base / CATALOG_FILE).is_file():
        return [base]
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.is_dir() and (p / CATALOG_FILE).is_file())
