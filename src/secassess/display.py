"""How numbers read in each language — the one place that formats them for people (the command
line, the reports, the spreadsheets): one decimal with a decimal comma in Vietnamese ("87,5",
"96,2%"), a point in English ("87.5", "96.2%"); whole numbers grouped by thousands ("1.234" / "1,234").
Rounding happens here and only here: half away from zero, on the exact value. Dates and times are
:mod:`secassess.clock`'s (``fmt_date``, ``fmt_datetime``: dd/mm/yyyy in both languages)."""

from __future__ import annotations

import math
from fractions import Fraction

from secassess.i18n import Lang


def as_fraction(value: Fraction | float | int) -> Fraction:
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"not a finite number: {value!r}")
        return Fraction(repr(value))  # the decimal the float stands for, not its binary tail
    return Fraction(value)


def round_half_up(value: Fraction | float | int, places: int = 1) -> Fraction:
    """``value`` rounded to ``places`` decimals, halves away from zero, exactly."""
    scaled = abs(as_fraction(value)) * 10**places
    units = math.floor(scaled + Fraction(1, 2))
    return Fraction(-units if value < 0 else units, 10**places)


def format_number(value: Fraction | float | int | None, lang: Lang, places: int = 1,
                  signed: bool = False) -> str:
    """One decimal by default; a decimal comma in Vietnamese ("87,5"), a point in English.

    ``None`` shows as "—". ``signed`` puts "+" before positive numbers (for changes).
    """
    if value is None:
        return "—"
    rounded = round_half_up(value, places)
    units = abs(rounded.numerator * 10**places // rounded.denominator)
    digits = str(units).rjust(places + 1, "0")
    text = digits if places == 0 else f"{digits[:-places]}{',' if lang == 'vi' else '.'}{digits[-places:]}"
    sign = "-" if rounded < 0 else "+" if signed and rounded > 0 else ""
    return sign + text


def format_percent(ratio: Fraction | float | None, lang: Lang, signed: bool = False) -> str:
    """A 0..1 ratio as a percentage with one decimal ("95,0%")."""
    if ratio is None:
        return "—"
    return format_number(as_fraction(ratio) * 100, lang, signed=signed) + "%"


def format_int(value: int, lang: Lang) -> str:
    """A whole number grouped by thousands: "12.345" in Vietnamese, "12,345" in English."""
    text = f"{value:,}"
    return text.replace(",", ".") if lang == "vi" else text
