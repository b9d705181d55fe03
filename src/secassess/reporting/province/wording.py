"""The provincial report's words: ``templates/province.yaml`` laid over the system report's wording
(national heading, place and date, signature, ratings, severities ... come from there), so that the
two documents read alike and each text lives in one place."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from secassess.reporting.wording import Wording, load_texts

PROVINCE_FILE = Path(__file__).resolve().parent / "templates" / "province.yaml"


def _load() -> dict[str, dict[str, str]]:
    return load_texts(PROVINCE_FILE)


@dataclass(frozen=True)
class ProvinceWording(Wording):
    """A :class:`Wording` that looks in province.yaml first."""

    def _text(self, key: str) -> str:
        own = _load().get(key)
        return own[self.lang] if own is not None else super()._text(key)

    def lines(self, key: str, /, **values: Any) -> list[str]:
        """A text made of several lines separated by ``|``."""
        return self(key, **values).split("|")

    def month_name(self, month: int) -> str:
        return self("months_en").split()[month - 1] if self.lang == "en" else str(month)

    def period_values(self, year: int, month: int) -> dict[str, Any]:
        """{month}, {month_name}, {year} for a period's sentences ("10", "October", 2026)."""
        return {"month": f"{month:02d}", "month_name": self.month_name(month), "year": year}

    def notify(self, state: str) -> str:
        return self(f"notify_{state}")

    def category(self, code: str) -> str:
        return self(f"category_{code}") if f"category_{code}" in _load() else code

    def rating_short(self, code: str | None) -> str:
        return self(f"rating_short_{code}") if code else self("dash")
