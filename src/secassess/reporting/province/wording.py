"""The provincial report's words: ``templates/province.yaml`` laid over the system report's wording
(national heading, place and date, signature, ratings, severities ... come from there), so that the
two documents read alike and each text lives in one place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from secassess.reporting.wording import Wording

PROVINCE_FILE = Path(__file__).resolve().parent / "templates" / "province.yaml"


@lru_cache(maxsize=1)
def _load() -> dict[str, dict[str, str]]:
    from secassess.yamlio import load_yaml

    data = load_yaml(PROVINCE_FILE).data
    if not isinstance(data, dict):  # pragma: no cover - our own file
        raise RuntimeError(f"{PROVINCE_FILE}: not a mapping")
    return {str(k): {"vi": str(v["vi"]), "en": str(v["en"])} for k, v in data.items()}


def own_keys() -> frozenset[str]:
    return frozenset(_load())


@dataclass(frozen=True)
class ProvinceWording(Wording):
    """A :class:`Wording` that looks in province.yaml first."""

    def __call__(self, key: str, /, **values: Any) -> str:
        own = _load().get(key)
        if own is None:
            return super().__call__(key, **values)
        text = own[self.lang]
        return text.format(**values) if values else text

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

    def share(self, value: float | None) -> str:
        return self.percent(value)

    def day(self, d: dt.date | None) -> str:
        return self.date(d)
