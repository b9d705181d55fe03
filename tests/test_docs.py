"""The documents the code and the docs send a reader to exist in the repository."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CITING = [ROOT / "README.md", ROOT / "Makefile", *(ROOT / "docs").glob("*.md"), *(ROOT / "src").rglob("*.py"),
          *(ROOT / "src").rglob("*.j2"), *(ROOT / "tests").rglob("*.py"), *(ROOT / "bench").glob("*.py"),
          *(ROOT / "profiles").glob("*.yaml")]


def test_every_cited_doc_exists() -> None:
    missing = {}
    for path in CITING:
        for name in re.findall(r"\bdocs/([\w.-]+\.md)\b", path.read_text(encoding="utf-8")):
            if not (ROOT / "docs" / name).is_file():
                missing.setdefault(str(path.relative_to(ROOT)), []).append(name)
    assert not missing


def test_nothing_cites_a_brief_outside_the_repository() -> None:
    citing = [str(p.relative_to(ROOT)) for p in CITING if p != Path(__file__) and "PRODUCT.md" in p.read_text(encoding="utf-8")]
    assert not citing


def _doc_layers() -> list[frozenset[str]]:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## Layers", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if re.match(r"\| \d+", line)]
    return [frozenset(re.findall(r"`([\w]+)`", row.split("|")[2])) for row in rows]


def test_the_layers_in_the_architecture_doc_are_those_the_tests_enforce() -> None:
    from tests.test_architecture import LAYERS

    assert _doc_layers() == list(LAYERS)


def test_the_architecture_doc_names_every_package_and_module() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    layout = text.split("## Layout", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"^  ([\w]+)(?:/|\.py)", layout, re.MULTILINE))
    src = ROOT / "src" / "secassess"
    present = {p.name for p in src.iterdir() if p.is_dir() and any(p.glob("*.py"))}
    present |= {p.stem for p in src.glob("*.py") if not p.stem.startswith("__")}
    assert present - named == set()
    assert named == present
