"""pydantic's English messages become sentences in the officer's language."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from secassess.i18n import set_lang
from secassess.validation import explain


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid")
    level: int = Field(ge=1, le=5)
    approved: datetime.date | None = None
    important: bool = False
    lang: Literal["vi", "en"] = "vi"
    targets: list[str] = []


def messages(data: dict[str, object]) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        Row.model_validate(data)
    return [explain(e, str(e["loc"][0])) for e in exc.value.errors()]


def test_common_mistakes_read_in_vietnamese() -> None:
    assert messages({"level": "three"}) == ["“level” phải là một số nguyên"]
    assert messages({"level": 9}) == ["“level” phải ≤ 5"]
    assert messages({"level": 1, "approved": "10/2025"}) == ["“approved” phải là một ngày, ví dụ 2025-03-10"]
    assert messages({"level": 1, "important": "maybe"}) == ["“important” phải là true hoặc false"]
    assert messages({"level": 1, "lang": "fr"}) == ["“lang” phải là một trong: 'vi' or 'en'"]
    assert messages({"level": 1, "targets": "10.0.0.1"}) == ["“targets” phải là một danh sách"]
    assert messages({"level": 1, "colour": "red"}) == ["trường “colour” không được phép (gõ sai tên?)"]
    assert messages({}) == ["thiếu trường bắt buộc “level”"]


def test_and_in_english() -> None:
    set_lang("en")
    assert messages({"level": "three"}) == ["“level” must be a whole number"]


def test_the_format_characters_dropped_from_documents_are_unicodes_own() -> None:
    import sys
    import unicodedata

    from secassess.text import FORMAT_RANGES, printable

    listed = {c for a, b in FORMAT_RANGES for c in range(a, b + 1)}
    actual = {c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"}
    assert actual <= listed, sorted(actual - listed)[:10]  # a newer Unicode: add the new ones to FORMAT_RANGES
    assert printable("a\u200bb\u00adc\x07d\ufeffe\r\nf\x00g\ufffe") == "abc de\nf g"


def test_no_english_from_python_or_pydantic_reaches_a_vietnamese_message(workspace: Path, tmp_path: Path) -> None:
    """An impossible date in YAML and a name too long were told in English (Python's "month must be in
    1..12", pydantic's "Value should have at most 500 items")."""
    from tests.conftest import run

    bad = tmp_path / "bad.yaml"
    bad.write_text("units:\n  - {id: STP, name: X}\nsystems:\n  - {id: A, name: B, unit: STP, level: 1, "
                   "level_dossier_approved: 2025-13-40}\n", encoding="utf-8")
    r = run("-w", str(workspace), "system", "import", str(bad))
    assert r.exit_code == 2 and "ngày giờ không hợp lệ “2025-13-40”" in r.output and "must be" not in r.output
    run("-w", str(workspace), "unit", "add", "STP", "Sở Tư pháp")
    r = run("-w", str(workspace), "system", "add", "X", "--name", "a" * 600, "--unit", "STP", "--level", "1")
    assert r.exit_code == 2 and "“name” quá dài (tối đa 500 ký tự)" in r.output and "Value should" not in r.output
