"""``secassess.ids``: an id typed in another case is the id when that is unambiguous; otherwise the
refusal suggests the closest ids, or lists the few there are."""

from __future__ import annotations

import pytest

from secassess import ids
from secassess.errors import InputError
from secassess.i18n import set_lang


def test_exact_then_case_insensitive_when_unambiguous() -> None:
    known = ["STP-QLVB", "SYT-HIS", "stp-qlvb2"]
    assert ids.resolve("STP-QLVB", known, ids.SYSTEM) == "STP-QLVB"
    assert ids.resolve("stp-qlvb", known, ids.SYSTEM) == "STP-QLVB"
    assert ids.resolve(" syt-his ", known, ids.SYSTEM) == "SYT-HIS"
    assert ids.resolve("STP-QLVB2", known, ids.SYSTEM) == "stp-qlvb2"


def test_ids_differing_only_in_case_are_ambiguous_unless_typed_exactly() -> None:
    known = ["STP", "stp"]
    assert ids.resolve("stp", known, ids.UNIT) == "stp"
    with pytest.raises(InputError) as exc:
        ids.resolve("Stp", known, ids.UNIT)
    assert exc.value.message == ("“Stp” khớp với nhiều đơn vị khi không phân biệt chữ hoa, chữ thường: “STP”, “stp”; "
                                 "hãy gõ đúng mã")


def test_unknown_ids_get_the_closest_suggested() -> None:
    with pytest.raises(InputError) as exc:
        ids.resolve("stp-qlv", ["STP-QLVB", "SYT-HIS", "SKHCN-LGSP"], ids.SYSTEM)
    assert exc.value.message == "không có hệ thống “stp-qlv”; có phải “STP-QLVB”?"
    set_lang("en")
    with pytest.raises(InputError) as exc:
        ids.resolve("levl-3", ["level-1", "level-2", "level-3", "national-database"], ids.PROFILE,
                    location="--profile")
    assert str(exc.value) == "--profile: no profile “levl-3”; did you mean “level-3” or “level-2” or “level-1”?"


def test_with_nothing_close_a_few_ids_are_listed_and_many_are_pointed_to() -> None:
    with pytest.raises(InputError) as exc:
        ids.resolve("XYZ", ["STP", "SYT"], ids.UNIT, listing="secassess unit list")
    assert exc.value.message == "không có đơn vị “XYZ”; có: STP, SYT"
    many = [f"U{i:03d}" for i in range(50)]
    with pytest.raises(InputError) as exc:
        ids.resolve("XYZ", many, ids.UNIT, listing="secassess unit list")
    assert exc.value.message == "không có đơn vị “XYZ” (xem “secassess unit list”)"
