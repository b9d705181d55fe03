"""Profile resolution: a pure function from catalog and profile to the controls that apply."""

from __future__ import annotations

import pytest

from secassess.catalog.registry import Library, load_library
from tests.conftest import MINI


@pytest.fixture(scope="module")
def lib() -> Library:
    lib = load_library([MINI / "checklists"], [MINI / "profiles"], include_builtin=False)
    assert lib.problems == []
    return lib


def ids(lib: Library, profile: str, level: int | None = None) -> list[str]:
    return [c.id for c in lib.resolve(profile, level).controls]


def test_levels_inherit_lower_levels(lib: Library) -> None:
    assert ids(lib, "level-1") == ["QLRR-01", "MANG-01"]
    assert ids(lib, "level-2") == ["QLRR-01", "QLRR-02", "MANG-01"]
    assert ids(lib, "level-3") == ["QLRR-01", "QLRR-02", "MANG-01", "MANG-02"]
    assert ids(lib, "level-5") == ["QLRR-01", "QLRR-02", "MANG-01", "MANG-02", "MANG-03"]


def test_optional_domain_only_where_the_profile_includes_it(lib: Library) -> None:
    assert "VLY-01" not in ids(lib, "level-5")
    assert "VLY-01" in ids(lib, "important-system")


def test_parameters_are_substituted_for_the_level(lib: Library) -> None:
    c2 = next(c for c in lib.resolve("level-2").controls if c.id == "QLRR-02")
    c5 = next(c for c in lib.resolve("level-5").controls if c.id == "QLRR-02")
    assert c2.title == {"vi": "Lưu nhật ký 1 tháng", "en": "Keep logs for 1 month"}
    assert c5.statement["vi"] == "Nhật ký được lưu ít nhất 12 tháng."
    assert c5.parameters == {"log_retention_months": 12}


def test_level_follows_system_when_higher(lib: Library) -> None:
    assert lib.resolve("important-system").level == 3
    assert lib.resolve("important-system", 2).level == 3
    at5 = lib.resolve("important-system", 5)
    assert at5.level == 5 and "MANG-03" in [c.id for c in at5.controls]
    assert lib.resolve("level-3", 5).level == 3  # plain level profiles do not follow


def test_profile_overrides_thresholds_due_days_and_mandatory(lib: Library) -> None:
    r = lib.resolve("important-system")
    assert r.thresholds == {"compliant": 95, "partial": 75}
    assert r.due_days == {"critical": 7, "high": 30, "medium": 90, "low": 180}
    mandatory = {c.id for c in r.controls if c.mandatory}
    assert mandatory == {"QLRR-01", "MANG-01", "MANG-02"}
    assert lib.resolve("level-3").thresholds == {"compliant": 90, "partial": 70}


def test_weights_come_from_severity(lib: Library) -> None:
    weights = {c.id: c.weight for c in lib.resolve("level-5").controls}
    assert weights == {"QLRR-01": 3, "QLRR-02": 2, "MANG-01": 5, "MANG-02": 1, "MANG-03": 3}


def test_include_exclude_and_parameter_override() -> None:
    from secassess.catalog.models import Profile
    from secassess.catalog.resolve import merge_profile, resolve_profile

    lib = load_library([MINI / "checklists"], [MINI / "profiles"], include_builtin=False)
    from secassess.catalog.loader import ProfileFile

    custom = Profile.model_validate({
        "id": "custom", "title": {"vi": "Tùy chỉnh", "en": "Custom"}, "description": {"vi": "x", "en": "x"},
        "extends": "level-2", "include": ["MANG-03"], "exclude": ["QLRR-01"],
        "parameters": {"log_retention_months": 24}, "weights": {"high": 4},
    })
    profiles = {**lib.profiles, "custom": ProfileFile(custom, MINI / "custom.yaml")}
    r = resolve_profile(lib.catalogs["mini-2025"], merge_profile(profiles, "custom"))
    assert [c.id for c in r.controls] == ["QLRR-02", "MANG-01", "MANG-03"]
    assert r.controls[0].title["vi"] == "Lưu nhật ký 24 tháng"
    assert r.controls[2].weight == 4


def test_literal_braces_and_value_formats() -> None:
    from secassess.catalog.models import LocalText
    from secassess.catalog.resolve import render

    values = {"n": 2.5, "flag": True, "name": LocalText(vi="hằng tháng", en="monthly")}
    assert render("{{n}} = {n}, {flag}, {name}", values, "vi") == "{n} = 2,5, có, hằng tháng"
    assert render("{{n}} = {n}, {flag}, {name}", values, "en") == "{n} = 2.5, yes, monthly"


def test_resolution_is_deterministic_and_serialisable(lib: Library) -> None:
    import json

    a = json.dumps(lib.resolve("important-system", 4).to_dict(), ensure_ascii=False, sort_keys=True)
    b = json.dumps(lib.resolve("important-system", 4).to_dict(), ensure_ascii=False, sort_keys=True)
    assert a == b
    assert json.loads(a)["catalog_digest"] == lib.catalogs["mini-2025"].digest


def test_control_pulled_in_above_the_profile_level_keeps_its_own_level_values() -> None:
    from secassess.catalog.loader import ProfileFile
    from secassess.catalog.models import Profile
    from secassess.catalog.resolve import merge_profile, resolve_profile

    lib = load_library([MINI / "checklists"], [MINI / "profiles"], include_builtin=False)
    # QLRR-02 (level 2, tag monitoring) pulled into a level-1 profile by its tag
    p = Profile.model_validate({"id": "t", "title": {"vi": "T", "en": "T"}, "description": {"vi": "T", "en": "T"},
                                "extends": "level-1", "include_tags": ["monitoring"]})
    profiles = {**lib.profiles, "t": ProfileFile(p, MINI / "t.yaml")}
    r = resolve_profile(lib.catalogs["mini-2025"], merge_profile(profiles, "t"))
    c = next(c for c in r.controls if c.id == "QLRR-02")
    assert c.title["vi"] == "Lưu nhật ký 1 tháng"  # level 2's value, not level 1's "0"
    assert r.parameters["log_retention_months"] == 0  # the profile's own level is still 1


def test_english_units_agree_with_the_number_one() -> None:
    from secassess.catalog.resolve import render

    assert render("every {n} months, {m} days", {"n": 1, "m": 11}, "en") == "every 1 month, 11 days"
    assert render("mỗi {n} tháng", {"n": 1}, "vi") == "mỗi 1 tháng"
