"""Shared checks for OSCAL tests: the schema, compliance-trestle as a second reader, and walking
documents for the objects that references must resolve to."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from secassess.oscal import NS, validate

TRESTLE = {
    "catalog": ("trestle.oscal.catalog", "Catalog"),
    "profile": ("trestle.oscal.profile", "Profile"),
    "assessment-results": ("trestle.oscal.assessment_results", "AssessmentResults"),
    "plan-of-action-and-milestones": ("trestle.oscal.poam", "PlanOfActionAndMilestones"),
}


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def check_both_readers(doc: dict[str, Any]) -> str:
    """The document validates against NIST's schema and loads in compliance-trestle; its model."""
    import importlib

    model = validate.model_of(doc)
    assert model is not None
    assert validate.problems(doc) == []
    module, cls = TRESTLE[model]
    loaded = getattr(importlib.import_module(module), cls).model_validate(doc[model])
    assert str(loaded.uuid) == doc[model]["uuid"]
    return model


def objects(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object inside ``value``, depth first."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            yield v
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)


def ns_value(obj: dict[str, Any], name: str) -> str | None:
    for p in obj.get("props") or ():
        if p.get("ns") == NS and p["name"] == name:
            return str(p["value"])
    return None
