"""The catalog and profiles as OSCAL: both readers accept them, ids are the same in both languages,
every reference resolves, profiles select what secassess resolves, and export -> import -> export
gives the same documents."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from secassess.catalog.loader import load_catalog, load_profile_file
from secassess.catalog.registry import load_library
from secassess.oscal import NS
from secassess.oscal.catalog import catalog_documents
from secassess.oscal.document import dumps
from secassess.oscal.importer import import_catalog
from tests.conftest import run
from tests.oscal.helpers import check_both_readers, load, objects

NOW = "2026-10-20T09:00:00+07:00"
LIMIT = 50 * 1024 * 1024


@pytest.fixture(scope="module")
def library():  # type: ignore[no-untyped-def]
    lib = load_library()
    assert not lib.problems
    return lib


def _export(lib, lang: str, folder: Path) -> list[Path]:  # type: ignore[no-untyped-def]
    from datetime import datetime

    cat = lib.catalogs["tcvn14423-2025"]
    docs = catalog_documents(cat, lib.profiles, lang, datetime.fromisoformat(NOW))
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for w in docs:
        (folder / w.name).write_bytes(dumps(w.doc))
        out.append(folder / w.name)
    return out


@pytest.fixture(scope="module")
def exported(library, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:  # type: ignore[no-untyped-def]
    base = tmp_path_factory.mktemp("oscal-catalog")
    return {lang: _export(library, lang, base / lang) for lang in ("vi", "en")}


def test_catalog_and_every_profile_validate_and_load_in_trestle(exported: dict[str, list[Path]]) -> None:
    for lang, files in exported.items():
        models = [check_both_readers(load(f)) for f in files]
        assert models[0] == "catalog" and models[1:] == ["profile"] * 7, lang
        assert {f.name.split(".")[0] for f in files[1:]} == {
            "level-1", "level-2", "level-3", "level-4", "level-5", "important-system", "national-database"}


def _skeleton(value: object) -> object:
    """The document with its texts taken out: ids, names, classes, structure."""
    text_keys = {"title", "prose", "remarks", "label", "description", "last-modified"}
    if isinstance(value, dict):
        return {k: _skeleton(v) for k, v in value.items() if k not in text_keys and k != "uuid"}
    if isinstance(value, list):
        return [_skeleton(v) for v in value]
    return value


def _no_lang(value: object) -> str:
    text = json.dumps(value)
    for a, b in (('"vi"', '"L"'), ('"en"', '"L"'), (".vi.json", ".L.json"), (".en.json", ".L.json")):
        text = text.replace(a, b)
    return text


def test_both_languages_have_the_same_ids_and_structure(exported: dict[str, list[Path]]) -> None:
    for vi_file, en_file in zip(exported["vi"], exported["en"], strict=True):
        vi, en = load(vi_file), load(en_file)
        model = next(iter(vi))
        assert vi[model]["uuid"] != en[model]["uuid"]  # two documents
        ids_vi = [o["id"] for o in objects(vi) if "id" in o]
        assert ids_vi == [o["id"] for o in objects(en) if "id" in o]
        assert _no_lang(_skeleton(vi)) == _no_lang(_skeleton(en))
    cat_vi = load(exported["vi"][0])["catalog"]
    control = cat_vi["groups"][0]["controls"][0]
    assert control["title"] != load(exported["en"][0])["catalog"]["groups"][0]["controls"][0]["title"]
    langs = [p["value"] for p in cat_vi["metadata"]["props"] if p["name"] == "lang"]
    assert langs == ["vi"]


def test_catalog_carries_every_control_with_its_secassess_properties(library, exported) -> None:  # type: ignore[no-untyped-def]
    cat = library.catalogs["tcvn14423-2025"]
    doc = load(exported["vi"][0])["catalog"]
    assert [g["id"] for g in doc["groups"]] == cat.header.domains
    controls = {c["id"]: c for g in doc["groups"] for c in g["controls"]}
    assert list(controls) == [c.id for d in cat.domains for c in d.controls]  # catalog order
    c = cat.controls["TKTC-01"]
    props = {(p["name"], p.get("class")): p["value"] for p in controls["TKTC-01"]["props"] if p["ns"] == NS}
    assert props[("severity", None)] == c.severity and props[("mandatory", None)] == "true"
    assert props[("reference", "nist-800-53")] in c.references.nist_800_53
    parts = {p["name"]: p for p in controls["TKTC-01"]["parts"]}
    assert set(parts) == {"statement", "guidance", "question", "remediation", "evidence"}
    assert parts["statement"]["prose"] == c.statement.vi
    assert [p["prose"] for p in parts["evidence"]["parts"]] == c.evidence.vi
    with_rules = [x for x in cat.controls.values() if x.scan_rules]
    assert with_rules
    for x in with_rules:
        rules = [(p["class"], json.loads(p["value"])) for p in controls[x.id]["props"] if p["name"] == "scan-rule"]
        assert rules == [(r.type, r.args) for r in x.scan_rules]
    data = [r for r in doc["back-matter"]["resources"] if any(p["name"] == "data-table" for p in r["props"])]
    assert len(data) == len(cat.header.data)


def test_every_reference_inside_the_documents_resolves(exported: dict[str, list[Path]]) -> None:
    cat = load(exported["vi"][0])["catalog"]
    params = {p["id"] for p in cat["params"]}
    control_ids = {c["id"] for g in cat["groups"] for c in g["controls"]}
    inserted = set()
    for o in objects(cat):
        for key in ("prose", "title", "remarks"):
            if isinstance(o.get(key), str):
                inserted.update(re.findall(r"\{\{ insert: param, ([^ ]+) \}\}", o[key]))
    assert inserted and inserted <= params
    for f in exported["vi"][1:]:
        prof = load(f)["profile"]
        assert prof["imports"][0]["href"] == exported["vi"][0].name  # the catalog file beside it
        ids = prof["imports"][0]["include-controls"][0]["with-ids"]
        assert ids and set(ids) <= control_ids
        assert {sp["param-id"] for sp in prof["modify"]["set-parameters"]} == params


def test_profiles_select_what_secassess_resolves(library, exported) -> None:  # type: ignore[no-untyped-def]
    for f in exported["en"][1:]:
        prof = load(f)["profile"]
        pid = next(p["value"] for p in prof["metadata"]["props"] if p["name"] == "profile-id")
        resolved = library.resolve(pid)
        assert prof["imports"][0]["include-controls"][0]["with-ids"] == [c.id for c in resolved.controls]
        values = {sp["param-id"]: sp["values"][0] for sp in prof["modify"]["set-parameters"]}
        assert values == {k: json.dumps(v) for k, v in resolved.parameters.items()}


def test_timestamps_are_utc_with_offset_and_two_exports_are_identical(library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a = _export(library, "vi", tmp_path / "a")
    b = _export(library, "vi", tmp_path / "b")
    assert [f.read_bytes() for f in a] == [f.read_bytes() for f in b]
    assert load(a[0])["catalog"]["metadata"]["last-modified"] == "2026-10-20T02:00:00+00:00"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_export_import_export_is_exact(library, exported, lang: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    files = exported[lang]
    result = import_catalog(files[0], files[1:], tmp_path / "imported", max_bytes=LIMIT)
    assert result.copied_texts == 0 and len(result.profiles) == 7
    cat, problems = load_catalog(result.folder)
    assert problems == [] and cat is not None
    original = library.catalogs["tcvn14423-2025"]
    assert cat.header == original.header and cat.domains == original.domains
    assert cat.data_tables == original.data_tables
    found: list = []
    profiles = {p.stem: load_profile_file(p, found) for p in sorted((result.folder / "profiles").glob("*.yaml"))}
    assert found == []
    again = catalog_documents(cat, profiles, lang, datetime.fromisoformat(NOW))  # type: ignore[arg-type]
    assert [w.name for w in again] == [f.name for f in files]
    for w, f in zip(again, files, strict=True):
        assert dumps(w.doc) == f.read_bytes(), f.name
    from secassess.catalog.resolve import merge_profile, resolve_profile

    for pid in profiles:  # and the imported profiles apply exactly the same controls and values
        mine = resolve_profile(cat, merge_profile(profiles, pid), 5).to_dict()  # type: ignore[arg-type]
        theirs = library.resolve(pid, 5).to_dict()
        mine.pop("catalog_digest"), theirs.pop("catalog_digest")
        assert mine == theirs, pid


def test_checklist_export_oscal_writes_the_folder_and_validates(tmp_path: Path) -> None:
    r = run("--lang", "en", "checklist", "export", "tcvn14423-2025", "--format", "oscal", "-o", str(tmp_path / "o"))
    assert r.exit_code == 0, r.output
    assert r.output.strip().splitlines()[-1] == str(tmp_path / "o")
    files = sorted((tmp_path / "o").glob("*.json"))
    assert len(files) == 8 and all(f.name.endswith(".en.json") for f in files)
    v = run("--lang", "vi", "oscal", "validate", *map(str, files))
    assert v.exit_code == 0, v.output
    assert v.output.count("hợp lệ (") == 8


def test_checklist_export_oscal_needs_a_folder(tmp_path: Path) -> None:
    r = run("checklist", "export", "tcvn14423-2025", "--format", "oscal")
    assert r.exit_code == 2 and "-o" in r.output
    (tmp_path / "f").write_text("x")
    r = run("checklist", "export", "tcvn14423-2025", "--format", "oscal", "-o", str(tmp_path / "f"))
    assert r.exit_code == 2 and "Traceback" not in r.output


def test_import_oscal_cli_writes_a_folder_that_validates(exported, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = exported["vi"]
    args = ["checklist", "import-oscal", str(files[0]), "-o", str(tmp_path / "out"), "--catalog-id", "bo-nhap"]
    for f in files[1:3]:
        args += ["--profile", str(f)]
    r = run(*args)
    assert r.exit_code == 0, r.output
    folder = tmp_path / "out" / "bo-nhap"
    assert r.output.strip().splitlines()[-1] == str(folder)
    assert sorted(p.name for p in (folder / "profiles").iterdir()) == ["important-system.yaml", "level-1.yaml"]
    # important-system's parent (level-3) was not imported: it stands alone, selecting the same controls
    v = run("checklist", "validate", str(folder), str(folder / "profiles"))
    assert v.exit_code == 0, v.output
    cat, problems = load_catalog(folder)
    assert problems == [] and cat is not None and cat.id == "bo-nhap"
