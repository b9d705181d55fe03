"""``checklist import-oscal`` and ``oscal validate`` on broken and hostile files: exit code 2, one
clear message naming the file and place, nothing left behind. Also texts full of Markdown and
markup, a profile edited elsewhere, and a catalog without its translations."""

from __future__ import annotations

import copy
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from secassess.catalog.loader import load_catalog
from secassess.catalog.registry import load_library
from secassess.oscal import NS
from secassess.oscal.catalog import catalog_documents
from secassess.oscal.document import dumps
from tests.conftest import MINI, run
from tests.oscal.helpers import check_both_readers

NOW = datetime.fromisoformat("2026-10-20T09:00:00+07:00")


def _mini_docs(folder: Path = MINI) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    lib = load_library([folder / "checklists"], [folder / "profiles"], include_builtin=False)
    assert not lib.problems, lib.problems
    cat = next(iter(lib.catalogs.values()))
    docs = catalog_documents(cat, lib.profiles, "vi", NOW)
    return docs[0].doc, {w.name: w.doc for w in docs[1:]}


@pytest.fixture
def mini_oscal(tmp_path: Path) -> tuple[Path, list[Path]]:
    cat, profiles = _mini_docs()
    c = tmp_path / "cat.json"
    c.write_bytes(dumps(cat))
    ps = []
    for name, doc in profiles.items():
        (tmp_path / name).write_bytes(dumps(doc))
        ps.append(tmp_path / name)
    return c, ps


def _import(cat: Path, *profiles: Path, out: Path) -> Any:
    args = ["checklist", "import-oscal", str(cat), "-o", str(out)]
    for p in profiles:
        args += ["--profile", str(p)]
    return run(*args)


def _assert_refused(r: Any, out: Path, *words: str) -> None:
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output and r.output.startswith("Lỗi:"), r.output
    for w in words:
        assert w in r.output, r.output
    assert not out.exists()  # no folder, no temporary leftovers


def test_the_mini_catalog_round_trips(mini_oscal: tuple[Path, list[Path]], tmp_path: Path) -> None:
    cat, profiles = mini_oscal
    r = _import(cat, *profiles, out=tmp_path / "out")
    assert r.exit_code == 0, r.output


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b'{"catalog": "' + b"x" * (11 * 1024 * 1024) + b'"}')
    _assert_refused(_import(big, out=tmp_path / "out"), tmp_path / "out", "big.json", "input_max_mb")


@pytest.mark.parametrize(("content", "word"), [
    (b"[" * 100000 + b"]" * 100000, "100"),  # deep enough to break Python's recursion
    (b'{"catalog": ' + b'{"a": ' * 150 + b"1" + b"}" * 151, "100"),  # deeper than the limit
    (b'{"catalog": {}, "catalog": {}}', "catalog"),  # a duplicate key
    (b'{"catalog": NaN}', "NaN"),
    (b'{"catalog": ', "JSON"),
    (b"\xff\xfe{}", "UTF-8"),
    (b"[1, 2]", "JSON"),
])
def test_broken_json_is_refused_with_one_message(tmp_path: Path, content: bytes, word: str) -> None:
    f = tmp_path / "bad.json"
    f.write_bytes(content)
    r = _import(f, out=tmp_path / "out")
    _assert_refused(r, tmp_path / "out", "bad.json", word)
    assert len(r.output.strip().splitlines()) == 1


def _edited(tmp_path: Path, doc: dict[str, Any], name: str = "edited.json") -> Path:
    f = tmp_path / name
    f.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return f


def test_wrong_types_are_refused_at_their_json_path(tmp_path: Path) -> None:
    cat, _ = _mini_docs()
    bad = copy.deepcopy(cat)
    bad["catalog"]["groups"][0]["controls"][0]["title"] = 5
    r = _import(_edited(tmp_path, bad), out=tmp_path / "out")
    _assert_refused(r, tmp_path / "out", "catalog.groups[0].controls[0].title", "NIST")
    bad = copy.deepcopy(cat)
    bad["catalog"]["groups"][0]["id"] = "1 không hợp lệ"
    _assert_refused(_import(_edited(tmp_path, bad), out=tmp_path / "out"), tmp_path / "out", "groups[0].id")


def test_a_profile_given_as_the_catalog_is_refused(mini_oscal: tuple[Path, list[Path]], tmp_path: Path) -> None:
    _, profiles = mini_oscal
    _assert_refused(_import(profiles[0], out=tmp_path / "out"), tmp_path / "out", "catalog")


@pytest.mark.parametrize("href", ["../../etc/passwd", "/etc/passwd", "https://example.com/cat.json",
                                  "sub/cat.json", "..", "file:cat.json", "a\\..\\b.json"])
def test_profile_hrefs_that_leave_the_folder_or_fetch_are_refused(
        mini_oscal: tuple[Path, list[Path]], tmp_path: Path, href: str) -> None:
    cat, profiles = mini_oscal
    doc = json.loads(profiles[0].read_text(encoding="utf-8"))
    doc["profile"]["imports"][0]["href"] = href
    r = _import(cat, _edited(tmp_path, doc, "p.json"), out=tmp_path / "out")
    _assert_refused(r, tmp_path / "out", "href", "p.json")


@pytest.mark.parametrize("path", ["../evil.yaml", "/etc/cron.d/x", "data/../../x.yaml", "domains/QLRR.yaml",
                                  "catalog.yaml"])
def test_data_table_paths_outside_the_folder_are_refused(tmp_path: Path, path: str) -> None:
    cat, _ = _mini_docs()
    resources = (cat["catalog"].get("back-matter") or {}).get("resources")
    if not resources:
        pytest.skip("the mini catalog has no data table")
    for p in resources[0]["props"]:
        if p["name"] == "path":
            p["value"] = path
    r = _import(_edited(tmp_path, cat), out=tmp_path / "out")
    _assert_refused(r, tmp_path / "out", "back-matter")
    assert not (tmp_path / "evil.yaml").exists() and not (tmp_path / "x.yaml").exists()


def test_a_control_without_a_required_part_is_refused_by_name(tmp_path: Path) -> None:
    cat, _ = _mini_docs()
    control = cat["catalog"]["groups"][0]["controls"][0]
    control["parts"] = [p for p in control["parts"] if p["name"] != "question"]
    r = _import(_edited(tmp_path, cat), out=tmp_path / "out")
    _assert_refused(r, tmp_path / "out", control["id"], "question")


def test_bad_values_are_refused_by_the_catalog_checks(tmp_path: Path) -> None:
    cat, _ = _mini_docs()
    control = cat["catalog"]["groups"][0]["controls"][0]
    for p in control["props"]:
        if p["name"] == "severity":
            p["value"] = "apocalyptic"
    r = _import(_edited(tmp_path, cat), out=tmp_path / "out")
    _assert_refused(r, tmp_path / "out", "severity")


def test_an_existing_folder_is_never_overwritten(mini_oscal: tuple[Path, list[Path]], tmp_path: Path) -> None:
    cat, _ = mini_oscal
    out = tmp_path / "out"
    assert _import(cat, out=out).exit_code == 0
    folder = next(out.iterdir())
    (folder / "catalog.yaml").write_text("mine", encoding="utf-8")
    r = _import(cat, out=out)
    assert r.exit_code == 2 and str(folder) in r.output
    assert (folder / "catalog.yaml").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in out.iterdir()) == [folder.name]


def test_texts_with_markdown_and_markup_round_trip_exactly(mini_copy: Path, tmp_path: Path) -> None:
    domain = next((mini_copy / "checklists").glob("*/domains/*.yaml"))
    nasty = "<b>A&B</b> *đậm* _nghiêng_ [liên kết](x) `mã` \\\\ # {{ngoặc}} {{ insert: param, x }}"
    import yaml

    from secassess.yamlio import load_yaml

    data = load_yaml(domain).data
    data["controls"][0]["title"] = {"vi": "Tiêu đề " + nasty, "en": "Title " + nasty}
    data["controls"][0]["guidance"]["en"] = "Line one.\n\nLine two with trailing: " + nasty
    domain.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    cat_doc, _ = _mini_docs(mini_copy)
    check_both_readers(cat_doc)
    first = tmp_path / "cat.json"
    first.write_bytes(dumps(cat_doc))
    r = _import(first, out=tmp_path / "out")
    assert r.exit_code == 0, r.output
    folder = next((tmp_path / "out").iterdir())
    cat, problems = load_catalog(folder)
    assert problems == [] and cat is not None
    c = cat.domains[0].controls[0]
    assert c.title.vi == "Tiêu đề " + nasty and c.guidance.en.startswith("Line one.\n\nLine two")
    again = catalog_documents(cat, {}, "vi", NOW)[0].doc
    assert dumps(again) == first.read_bytes()


def test_a_profile_edited_in_another_tool_keeps_its_edit(mini_oscal: tuple[Path, list[Path]], tmp_path: Path) -> None:
    cat, profiles = mini_oscal
    level3 = next(p for p in profiles if p.name.startswith("level-3."))
    doc = json.loads(level3.read_text(encoding="utf-8"))
    ids = doc["profile"]["imports"][0]["include-controls"][0]["with-ids"]
    dropped = ids.pop(0)
    name = doc["profile"]["modify"]["set-parameters"][0]["param-id"]
    doc["profile"]["modify"]["set-parameters"][0]["values"] = ["97"]
    r = _import(cat, _edited(tmp_path, doc, "p.json"), out=tmp_path / "out")
    assert r.exit_code == 0, r.output
    folder = next((tmp_path / "out").iterdir())
    lib = load_library([folder], [folder / "profiles"], include_builtin=False)
    assert not lib.problems
    resolved = lib.resolve("level-3")
    assert [c.id for c in resolved.controls] == ids and dropped not in ids
    assert resolved.parameters[name] == 97


def test_a_catalog_without_translations_gets_both_languages(tmp_path: Path) -> None:
    cat, _ = _mini_docs()
    for o in _objects(cat):
        if "props" in o:
            o["props"] = [p for p in o["props"] if not (p.get("ns") == NS and p["name"] == "translation")]
            if not o["props"]:
                del o["props"]
    r = run("--lang", "en", "checklist", "import-oscal", str(_edited(tmp_path, cat)), "-o", str(tmp_path / "out"))
    assert r.exit_code == 0, r.output
    assert "copied into the other" in r.output
    folder = next((tmp_path / "out").iterdir())
    loaded, problems = load_catalog(folder)
    assert problems == [] and loaded is not None
    c = loaded.domains[0].controls[0]
    assert c.title.en == c.title.vi


def _objects(value: Any) -> list[dict[str, Any]]:
    from tests.oscal.helpers import objects

    return list(objects(value))


def test_oscal_validate_reports_every_file(mini_oscal: tuple[Path, list[Path]], tmp_path: Path) -> None:
    cat, _ = mini_oscal
    doc = json.loads(cat.read_text(encoding="utf-8"))
    doc["catalog"]["metadata"]["last-modified"] = "2026-02-30T00:00:00+00:00"  # no such day
    bad = _edited(tmp_path, doc, "bad.json")
    junk = tmp_path / "junk.json"
    junk.write_text('{"not-oscal": {}}', encoding="utf-8")
    r = run("oscal", "validate", str(cat), str(bad), str(junk), "--json")
    assert r.exit_code == 2
    data = json.loads(r.output[: r.output.rindex("}") + 1])
    rows = {Path(f["file"]).name: f for f in data["files"]}
    assert rows["cat.json"]["valid"] and rows["cat.json"]["model"] == "catalog"
    assert not rows["bad.json"]["valid"] and "catalog.metadata.last-modified" in rows["bad.json"]["problems"][0]
    assert not rows["junk.json"]["valid"] and rows["junk.json"]["model"] is None
    assert "2/3" in r.output
