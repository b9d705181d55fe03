"""Where catalogs and profiles are found: the built-in folders, then the workspace's own.

Built-in content sits at the top of a source checkout (``checklists/``, ``profiles/``) and
inside the installed package (``secassess/_content/``) when installed from a wheel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from secassess.catalog.loader import (
    Catalog,
    ProfileFile,
    check_profiles,
    load_catalog,
    load_profile_file,
)
from secassess.catalog.paths import builtin_dirs, catalog_folders
from secassess.catalog.resolve import (
    EffectiveProfile,
    ResolvedProfile,
    merge_profile,
    resolve_profile,
)
from secassess.errors import InputError, Problem
from secassess.messages import msg


@dataclass
class Library:
    """All catalogs and profiles visible to a command, with any problems found loading them."""

    catalogs: dict[str, Catalog] = field(default_factory=dict)
    profiles: dict[str, ProfileFile] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # usable, but worth a look (superseded law cited)

    def raise_if_problems(self) -> None:
        if self.problems:
            raise InputError.from_problems(
                msg("catalog.registry.catalogs_profiles_have_problems_run", n=len(self.problems)), self.problems)

    def catalog(self, catalog_id: str) -> Catalog:
        try:
            return self.catalogs[catalog_id]
        except KeyError:
            raise InputError(msg("catalog.registry.no_catalog_available", c=catalog_id, k=", ".join(sorted(self.catalogs)) or "-")) from None

    def profile(self, profile_id: str) -> EffectiveProfile:
        if profile_id not in self.profiles:
            raise InputError(msg("catalog.registry.no_profile_available", p=profile_id, k=", ".join(sorted(self.profiles)) or "-"))
        return merge_profile(self.profiles, profile_id)

    def resolve(self, profile_id: str, system_level: int | None = None) -> ResolvedProfile:
        eff = self.profile(profile_id)
        return resolve_profile(self.catalog(eff.catalog), eff, system_level)


def load_library(extra_checklist_dirs: Sequence[Path] = (), extra_profile_dirs: Sequence[Path] = (),  # folders or single files
                 *, include_builtin: bool = True, builtin_profiles: bool = True) -> Library:
    """Load every catalog and profile from the built-in and extra folders, checking them all.

    ``builtin_profiles=False`` keeps the built-in catalogs (for references) but not the built-in
    profiles, to check a folder of profiles on its own."""
    lib = Library()
    cdirs, pdirs = list(extra_checklist_dirs), list(extra_profile_dirs)
    if include_builtin:
        bc, bp = builtin_dirs()
        cdirs.insert(0, bc)
        if builtin_profiles:
            pdirs.insert(0, bp)
    for base in cdirs:
        for folder in _catalog_folders(base, lib.problems):
            cat, problems = load_catalog(folder)
            lib.problems.extend(problems)
            if cat is None:
                continue
            lib.warnings.extend(cat.warnings)
            if cat.id in lib.catalogs:
                lib.problems.append(Problem(msg("catalog.registry.catalog_duplicates", c=cat.id, o=lib.catalogs[cat.id].path), str(folder)))
                continue
            lib.catalogs[cat.id] = cat
    for base in pdirs:
        if base.is_file():
            files = [base]
        elif base.is_dir():
            files = sorted(base.glob("*.yaml"))
        else:
            lib.problems.append(Problem(msg("catalog.registry.profile_folder_not_found"), str(base)))
            continue
        for f in files:
            pf = load_profile_file(f, lib.problems)
            if pf is None:
                continue
            if pf.profile.id in lib.profiles:
                lib.problems.append(Problem(msg("catalog.registry.profile_duplicates", p=pf.profile.id, o=lib.profiles[pf.profile.id].path), str(f)))
                continue
            lib.profiles[pf.profile.id] = pf
    lib.problems.extend(check_profiles(lib.profiles, lib.catalogs))
    return lib


def _catalog_folders(base: Path, problems: list[Problem]) -> list[Path]:
    if not base.is_dir():
        problems.append(Problem(msg("catalog.registry.catalog_folder_not_found"), str(base)))
        return []
    return catalog_folders(base, releases=False)
