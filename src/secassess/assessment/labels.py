"""The catalog's labels an assessment is reported with (nhãn): the catalog's title and the titles
and units of its parameters, in both languages.

An assessment keeps them in its snapshot when it starts (``service.profile_snapshot``), so later
catalog editions never change its report and no catalog file is read. Only assessments started
before snapshots kept labels (secassess 0.1 workspaces) fall back to the catalog's ``catalog.yaml``
on disk — the same version if it is still kept, else any version of that catalog.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from secassess.assessment.service import Assessment


@dataclass(frozen=True)
class ParameterLabel:
    title: Mapping[str, str]
    unit: Mapping[str, str] | None = None


@dataclass(frozen=True)
class CatalogLabels:
    title: Mapping[str, str] | None = None
    parameters: Mapping[str, ParameterLabel] = field(default_factory=dict)
    #: where they came from: the assessment's snapshot, a catalog file, or nowhere (none found)
    source: str = "snapshot"


def _parameters(raw: Any) -> dict[str, ParameterLabel]:
    out: dict[str, ParameterLabel] = {}
    for name, p in (raw if isinstance(raw, dict) else {}).items():
        if isinstance(p, dict) and isinstance(p.get("title"), dict):
            unit = p.get("unit") if isinstance(p.get("unit"), dict) else None
            out[str(name)] = ParameterLabel(title=p["title"], unit=unit)
    return out


def catalog_labels(a: Assessment, checklist_dirs: Sequence[Path] = ()) -> CatalogLabels:
    """The labels of ``a``: from its snapshot; for an assessment whose snapshot has none, from its
    catalog's header in the built-in folder or ``checklist_dirs`` (the workspace's own catalogs)."""
    if "catalog_title" in a.snapshot:
        title = a.snapshot["catalog_title"]
        return CatalogLabels(title if isinstance(title, dict) else None, _parameters(a.snapshot.get("parameter_meta")))
    from secassess.catalog.paths import find_catalog_header

    header = find_catalog_header(a.catalog_id, a.catalog_version, checklist_dirs)
    if header is None:
        return CatalogLabels(source="none")
    title = header.get("title")
    return CatalogLabels(title if isinstance(title, dict) else None, _parameters(header.get("parameters")), "catalog")
