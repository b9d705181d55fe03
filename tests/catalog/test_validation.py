"""Each thing a catalog author can get wrong is reported, with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from secassess.catalog.registry import Library, load_library
from secassess.errors import Problem


def load(mini: Path) -> Library:
    return load_library([mini / "checklists"], [mini / "profiles"], include_builtin=False)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def only(problems: list[Problem], needle: str) -> Problem:
    found = [p for p in problems if needle in p.message]
    assert len(found) == 1, [str(p) for p in problems]
    return found[0]


@pytest.fixture
def cat(mini_copy: Path) -> Path:
    return mini_copy / "checklists" / "mini-2025"


def test_fixture_is_valid(mini_copy: Path) -> None:
    lib = load(mini_copy)
    assert lib.problems == []
    assert len(lib.catalogs["mini-2025"].controls) == 6
    assert set(lib.profiles) == {"level-1", "level-2", "level-3", "level-4", "level-5", "important-system"}


def test_duplicate_control_id(mini_copy: Path, cat: Path) -> None:
    edit(cat / "domains" / "QLRR.yaml", "  - id: QLRR-02", "  - id: QLRR-01")
    p = only(load(mini_copy).problems, "QLRR-01")
    assert p.file and p.file.endswith("QLRR.yaml")
    assert p.location == "dòng 17"
    assert "QLRR.yaml:5" in p.message  # where the first one is


def test_missing_english_text(mini_copy: Path, cat: Path) -> None:
    edit(cat / "domains" / "MANG.yaml", ", en: Scan the ports.}", "}")
    p = only(load(mini_copy).problems, "guidance.en")
    assert p.file and p.file.endswith("MANG.yaml")
    assert p.location == "dòng 9"


def test_empty_vietnamese_text(mini_copy: Path, cat: Path) -> None:
    edit(cat / "domains" / "MANG.yaml", "guidance: {vi: Rà quét cổng.", 'guidance: {vi: "  "')
    p = only(load(mini_copy).problems, "guidance.vi")
    assert "không được để trống" in p.message


def test_domain_not_declared_in_catalog(mini_copy: Path, cat: Path) -> None:
    (cat / "domains" / "XYZ.yaml").write_text(
        (cat / "domains" / "VLY.yaml").read_text(encoding="utf-8").replace("VLY", "XYZ"), encoding="utf-8")
    p = only(load(mini_copy).problems, "XYZ")
    assert p.file and p.file.endswith("XYZ.yaml") and p.location == "dòng 1"


def test_declared_domain_without_file(mini_copy: Path, cat: Path) -> None:
    (cat / "domains" / "VLY.yaml").unlink()
    p = only(load(mini_copy).problems, "domains/VLY.yaml")
    assert p.file and p.file.endswith("catalog.yaml")


def test_control_id_must_match_its_domain(mini_copy: Path, cat: Path) -> None:
    edit(cat / "domains" / "VLY.yaml", "id: VLY-01", "id: MANG-09")
    p = only(load(mini_copy).problems, "MANG-09")
    assert "VLY-" in p.message


def test_undeclared_parameter_in_text(mini_copy: Path, cat: Path) -> None:
    edit(cat / "domains" / "MANG.yaml", "Rà quét mỗi {scan_interval_months} tháng.", "Rà quét mỗi {scan_every} tháng.")
    p = only(load(mini_copy).problems, "{scan_every}")
    assert p.file and p.file.endswith("MANG.yaml") and p.location == "dòng 22"


def test_parameter_without_a_value_for_some_level(mini_copy: Path, cat: Path) -> None:
    edit(cat / "catalog.yaml", "values: {1: 12, 2: 12, 3: 6, 4: 6, 5: 3}", "values: {1: 12, 2: 12, 3: 6, 5: 3}")
    p = only(load(mini_copy).problems, "scan_interval_months")
    assert "4" in p.message and p.location == "dòng 19"


def test_unknown_level_on_a_parameter_and_a_control(mini_copy: Path, cat: Path) -> None:
    edit(cat / "catalog.yaml", "values: {1: 0, 2: 1, 3: 3, 4: 6, 5: 12}", "values: {1: 0, 2: 1, 3: 3, 4: 6, 5: 12, 7: 24}")
    edit(cat / "domains" / "VLY.yaml", "    level: 1", "    level: 6")
    problems = load(mini_copy).problems
    assert any("cấp độ không có: 7" in p.message and p.file and p.file.endswith("catalog.yaml") for p in problems)
    p = only(problems, "controls.0.level")
    assert p.location == "dòng 17"


def test_unknown_scan_rule_type(mini_copy: Path, cat: Path) -> None:
    edit(cat / "domains" / "MANG.yaml", "type: forbidden_services", "type: open_everything")
    p = only(load(mini_copy).problems, "open_everything")
    assert p.location == "dòng 18"
    assert "loại quy tắc rà quét không có “open_everything”" in p.message and "forbidden_services" in p.message


def test_bad_scan_rule_arguments(mini_copy: Path, cat: Path) -> None:
    edit(cat / "domains" / "MANG.yaml", "ports: [23/tcp, 21/tcp]", "ports: [23/tcp, 99999/tcp], colour: red")
    problems = load(mini_copy).problems
    assert any("99999" in p.message for p in problems)
    assert any("colour" in p.message for p in problems)
    said = [p.message for p in problems if "quy tắc rà quét forbidden_services" in p.message]
    assert len(said) == 2 and not any("scan rule" in m or "Extra inputs" in m for m in said), said


def test_scan_rule_naming_a_missing_data_table(mini_copy: Path, cat: Path) -> None:
    edit(cat / "domains" / "MANG.yaml", "table: eol-software", "table: eol-other")
    only(load(mini_copy).problems, "eol-other")


def test_undeclared_tag(mini_copy: Path, cat: Path) -> None:
    edit(cat / "domains" / "QLRR.yaml", "tags: [monitoring]", "tags: [monitoring, shiny]")
    only(load(mini_copy).problems, "shiny")


def test_profile_naming_a_missing_catalog(mini_copy: Path) -> None:
    edit(mini_copy / "profiles" / "level-1.yaml", "catalog: mini-2025", "catalog: maxi-2030")
    p = only(load(mini_copy).problems, "maxi-2030")
    assert p.file and p.file.endswith("level-1.yaml") and p.location == "dòng 4"


def test_profile_naming_a_missing_control(mini_copy: Path) -> None:
    edit(mini_copy / "profiles" / "important-system.yaml", "include_tags: [monitoring]",
         "include_tags: [monitoring]\ninclude: [MANG-77]")
    p = only(load(mini_copy).problems, "MANG-77")
    assert p.location == "dòng 8"


def test_profile_cycle(mini_copy: Path) -> None:
    edit(mini_copy / "profiles" / "level-1.yaml", "level: 1", "level: 1\nextends: important-system")
    edit(mini_copy / "profiles" / "level-3.yaml", "level: 3", "level: 3\nextends: level-1")
    problems = load(mini_copy).problems
    cycles = [p for p in problems if "vòng lặp" in p.message]
    assert cycles and all("→" in p.message for p in cycles)


def test_profile_extends_unknown_profile(mini_copy: Path) -> None:
    edit(mini_copy / "profiles" / "important-system.yaml", "extends: level-3", "extends: level-9")
    only(load(mini_copy).problems, "level-9")


def test_profile_parameter_unknown_or_wrong_type(mini_copy: Path) -> None:
    edit(mini_copy / "profiles" / "level-2.yaml", "level: 2",
         "level: 2\nparameters: {log_retention_months: true, colour: 3}")
    problems = load(mini_copy).problems
    assert any("colour" in p.message for p in problems)
    assert any("log_retention_months" in p.message and "int" in p.message for p in problems)


def test_broken_yaml_is_one_problem_among_others(mini_copy: Path, cat: Path) -> None:
    (cat / "domains" / "VLY.yaml").write_text("id: VLY\ncontrols: [\n", encoding="utf-8")
    edit(mini_copy / "profiles" / "level-1.yaml", "catalog: mini-2025", "catalog: nope")
    problems = load(mini_copy).problems
    assert any(p.file and p.file.endswith("VLY.yaml") and "YAML" in p.message for p in problems)
    assert any("nope" in p.message for p in problems)  # keeps going after the first problem


def test_alias_bomb_in_a_catalog_is_refused(mini_copy: Path, cat: Path) -> None:
    from tests.test_yamlio import billion_laughs

    (cat / "domains" / "VLY.yaml").write_text(billion_laughs(), encoding="utf-8")
    only(load(mini_copy).problems, "alias")


def test_unknown_field_is_named(mini_copy: Path, cat: Path) -> None:
    edit(cat / "domains" / "VLY.yaml", "    severity: medium", "    severity: medium\n    severtiy: high")
    p = only(load(mini_copy).problems, "severtiy")
    assert "không được phép" in p.message
