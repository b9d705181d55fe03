"""The content use cases: catalogs and profiles listed and shown (ids in any case), content checked
without raising, a catalog exported; OSCAL files checked; an assessment's snapshot compared only by
those who may see it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from secassess.app import catalogs as uc
from secassess.catalog.registry import Library, load_library
from secassess.errors import InputError, NotFoundError
from tests.app.registers import STP_OFFICER, Registers, registers_fixture  # noqa: F401


@pytest.fixture
def lib(mini_builtin: Path) -> Library:
    return load_library()


def test_catalogs_and_controls_are_listed_and_shown(lib: Library) -> None:
    [cat] = uc.list_catalogs(lib)
    assert (cat.id, cat.version, cat.controls) == ("mini-2025", "1.0", len(lib.catalogs["mini-2025"].controls))
    assert cat.title["vi"] and cat.title["en"]
    shown = uc.show(lib, "qlrr-01", level=4)
    assert isinstance(shown, uc.ControlView)
    assert (shown.control.id, shown.domain.id, shown.level) == ("QLRR-01", "QLRR", 4)
    assert uc.show(lib, "mini-2025") is lib.catalogs["mini-2025"]
    with pytest.raises(InputError) as caught:
        uc.show(lib, "QLRR-1")
    assert "có phải “QLRR-01”" in str(caught.value)


def test_profiles_are_counted_and_resolved_by_an_id_in_any_case(lib: Library) -> None:
    rows = {p.id: p for p in uc.list_profiles(lib)}
    assert {"level-1", "level-3", "important-system"} <= set(rows)
    resolved = uc.show_profile(lib, "LEVEL-3")
    assert resolved.profile_id == "level-3"
    assert rows["level-3"].controls == len(resolved.controls)
    assert rows["level-3"].mandatory == sum(c.mandatory for c in resolved.controls)


def test_a_broken_catalog_is_reported_not_raised(mini_copy: Path) -> None:
    catalog = mini_copy / "checklists" / "mini-2025" / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("version:", "versio:", 1), encoding="utf-8")
    found = uc.validate_content([mini_copy / "checklists"])
    assert found.problems and any("catalog.yaml" in str(p) for p in found.problems)
    with pytest.raises(InputError):
        uc.validate_content([mini_copy / "nowhere"])


def test_a_catalog_exports_as_text_or_to_a_file(lib: Library, tmp_path: Path) -> None:
    done = uc.export_catalog(lib, None, "json", None)
    assert done.text is not None and json.loads(done.text)["id"] == "mini-2025" and not done.written
    out = tmp_path / "c.yaml"
    done = uc.export_catalog(lib, "mini-2025", "yaml", out)
    assert done.written == [out] and out.read_text(encoding="utf-8").startswith("id: mini-2025")
    written = uc.export_catalog(lib, None, "oscal", tmp_path / "oscal", lang="en").written
    checks = uc.validate_oscal(written)
    assert len(checks) > 1 and all(c.valid and c.readable for c in checks)


def test_an_unreadable_oscal_file_is_reported_as_such(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text("{not json", encoding="utf-8")
    [check] = uc.validate_oscal([bad])
    assert not check.valid and not check.readable and check.problems


def test_an_assessments_snapshot_is_compared_only_by_those_who_may_see_it(registers: Registers) -> None:
    with registers.ws.read() as conn:
        from sqlalchemy import select

        from secassess.store.schema.assessment import assessments
        syt = conn.execute(select(assessments.c.id).where(assessments.c.system_id == "SYT-HIS")).scalar_one()
    with pytest.raises(NotFoundError) as caught:
        uc.diff_assessment(registers.ws, STP_OFFICER, syt)
    assert str(caught.value) == f"không có đợt đánh giá “{syt}”"
