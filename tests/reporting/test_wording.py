"""The report's wording file: both languages, the same placeholders, every key used exists."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from secassess.reporting import wording
from secassess.reporting.wording import Wording

SRC = Path(wording.__file__).resolve().parent


def test_every_text_has_both_languages_with_the_same_placeholders() -> None:
    for key in wording.all_keys():
        if key in ("months_en", "long_date"):  # English spells the month out; Vietnamese numbers it
            continue
        assert Wording("vi")(key) and Wording("en")(key), key
        assert wording.placeholders(key, "vi") == wording.placeholders(key, "en"), key


def test_every_key_the_renderers_use_exists() -> None:
    used: set[str] = set()
    for f in [*SRC.glob("*.py"), *(SRC / "templates").glob("*.j2")]:
        text = f.read_text(encoding="utf-8")
        used.update(re.findall(r"\bw\(\s*[\"']([a-z_0-9]+)[\"']", text))
        used.update(re.findall(r"\bself\(\s*[\"']([a-z_0-9]+)[\"']", text))
        for args in re.findall(r"heads\(([^)]*)\)", text):
            used.update(re.findall(r"\"([a-z_]+)\"", args))
    assert len(used) > 80
    prefixes = {k for k in used if k.endswith("_")}  # w('change_' ~ kind): some key must start so
    assert all(any(k.startswith(p) for k in wording.all_keys()) for p in prefixes), prefixes
    missing = sorted(used - prefixes - wording.all_keys())
    assert not missing, missing


@pytest.mark.parametrize(("d", "text"), [
    (date(2026, 2, 5), "Sông Lam, ngày 05 tháng 02 năm 2026"),  # zero before days 1-9 and months 1-2
    (date(2026, 10, 20), "Sông Lam, ngày 20 tháng 10 năm 2026"),
    (date(2026, 3, 9), "Sông Lam, ngày 09 tháng 3 năm 2026"),
])
def test_place_and_date_as_decree_30_writes_them(d: date, text: str) -> None:
    assert Wording("vi").place_date("Sông Lam", d) == text


def test_numbers_round_like_the_scoring_model() -> None:
    vi, en = Wording("vi"), Wording("en")
    assert vi.score(87.25) == "87,3" and en.score(87.25) == "87.3"
    assert vi.percent(0.935) == "93,5%"
    assert vi.delta(8.44) == "+8,4" and vi.delta(-2.0) == "−2,0" and vi.delta(0.01) == "±0,0"
    assert vi.score(None) == "–"
    assert vi.size(1234567) == "1.234.567 byte"


def test_system_names_are_not_doubled() -> None:
    vi = Wording("vi")
    assert vi.system_ref("Hệ thống quản lý văn bản") == "Hệ thống quản lý văn bản"
    assert vi.system_ref("Cơ sở dữ liệu đất đai") == "Cơ sở dữ liệu đất đai"
    assert vi.system_ref("Một cửa điện tử") == "hệ thống Một cửa điện tử"
