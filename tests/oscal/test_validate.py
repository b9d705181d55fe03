"""The vendored NIST schemas are the ones documented, and the validator applies them faithfully:
Unicode property classes with the regex module, ``$`` as in ECMA-262, formats checked."""

from __future__ import annotations

import copy
import hashlib
import re
from pathlib import Path
from typing import Any

import pytest

from secassess.oscal import OSCAL_VERSION, validate

MINIMAL: dict[str, Any] = {"catalog": {
    "uuid": "5f8ac2a4-0d9e-5a4b-9a43-2c1e6a1b7c11",
    "metadata": {"title": "Bộ tiêu chí", "last-modified": "2026-10-20T02:00:00+00:00", "version": "1.0.0",
                 "oscal-version": OSCAL_VERSION},
    "groups": [{"id": "QLRR", "title": "Quản lý rủi ro", "controls": [
        {"id": "QLRR-01", "title": "Đánh giá rủi ro", "props": [{"name": "severity", "value": "high"}]}]}]}}


def _with(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(MINIMAL)
    target: Any = doc
    for p in path[:-1]:
        target = target[p]
    target[path[-1]] = value
    return doc


def test_the_vendored_schemas_are_the_documented_nist_files() -> None:
    readme = (validate.SCHEMA_DIR / "README.md").read_text(encoding="utf-8")
    for name in validate.MODELS.values():
        data = (validate.SCHEMA_DIR / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() in readme, name
        assert f"http://csrc.nist.gov/ns/oscal/{OSCAL_VERSION}/".encode() in data
    assert sorted(p.name for p in validate.SCHEMA_DIR.glob("*.json")) == sorted(validate.MODELS.values())


def test_python_re_cannot_read_the_schema_patterns_but_the_validator_does() -> None:
    with pytest.raises(re.error):
        re.compile(r"^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$")
    assert validate.problems(MINIMAL) == []
    assert validate.problems(_with(("catalog", "groups", 0, "id"), "Đạt_nhóm")) == []  # \p{L} takes Vietnamese
    bad = validate.problems(_with(("catalog", "groups", 0, "id"), "1QLRR"))
    assert bad and bad[0].location == "catalog.groups[0].id"


def test_dollar_means_the_end_of_the_string_as_in_ecma_262() -> None:
    assert validate.ecma_pattern(r"^\S(.*\S)?$") == r"^\S(.*\S)?\Z"
    assert validate.ecma_pattern(r"^[$a]\$x$") == r"^[$a]\$x\Z"
    # Python's $ would let a trailing newline through a one-line string; the schema does not
    doc = _with(("catalog", "groups", 0, "controls", 0, "props", 0, "value"), "high\n")
    assert re.search(r"^\S(.*\S)?$", "high\n")
    assert [p.location for p in validate.problems(doc)] == ["catalog.groups[0].controls[0].props[0].value"]


@pytest.mark.parametrize(("path", "value"), [
    (("catalog", "metadata", "last-modified"), "2026-10-20T02:00:00"),  # no offset
    (("catalog", "metadata", "last-modified"), "2026-02-29T02:00:00+00:00"),  # 2026 is not a leap year
    (("catalog", "uuid"), "5f8ac2a4-0d9e-1a4b-9a43-2c1e6a1b7c11"),  # version 1 UUIDs are not allowed
    (("catalog", "metadata", "title"), "two\nlines"),
    (("catalog", "groups", 0, "controls", 0, "props", 0, "ns"), "not a uri"),
    (("catalog", "metadata", "oscal-version"), " 1.2.1"),
])
def test_the_schema_is_applied_whole(path: tuple[Any, ...], value: str) -> None:
    assert validate.problems(_with(path, value))


def test_a_document_that_is_not_oscal_is_named_as_such(tmp_path: Path) -> None:
    assert validate.model_of({"catalog": {}, "profile": {}}) is None
    found = validate.problems({"something": {}})
    assert len(found) == 1 and "catalog" in found[0].message
