"""Reporting periods and the dates every figure of the provincial report is measured on — pure.

- A **period** (kỳ báo cáo) is one calendar month, typed ``2026-10`` (or ``10/2026``).
- The **as-of date** D (số liệu tính đến ngày) is the last day of the period; a period that has not
  ended yet is measured up to today; ``--as-of`` may name another day, not before the period starts
  and not after today.
- Everything "as of D" means: up to the end of D in Vietnam time, i.e. before the **cutoff**
  instant D+1 00:00 (UTC+7), exclusive.
- The **12-month window** of D is the 12 calendar months ending on D, both ends inclusive:
  from D − 12 months + 1 day to D (D = 31/10/2026 → 01/11/2025 … 31/10/2026).
- The **incident window** of a period is from its first day 00:00 to its cutoff (the end of the
  period, or of D when D comes earlier).
- The **previous period** is the month before, measured as of its own last day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from secassess.clock import LOCAL_TZ
from secassess.errors import InputError
from secassess.messages import msg

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_VN = re.compile(r"^\s*(\d{1,2})[/.](\d{4})\s*$")


@dataclass(frozen=True, order=True)
class Period:
    """One calendar month."""

    year: int
    month: int

    @property
    def code(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def start(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def end(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def previous(self) -> Period:
        return Period(self.year - 1, 12) if self.month == 1 else Period(self.year, self.month - 1)


def parse_period(text: str) -> Period:
    """``2026-10`` or ``10/2026``; anything else is an input error naming ``--period``."""
    m = _ISO.match(text) or _VN.match(text)
    if m is not None:
        year, month = (int(m.group(1)), int(m.group(2))) if _ISO.match(text) else (int(m.group(2)), int(m.group(1)))
        if 1 <= month <= 12 and 2000 <= year <= 2999:
            return Period(year, month)
    raise InputError(msg("reporting.province.period.invalid_period_write_year_month", t=text),
                     location="--period")


def resolve_as_of(period: Period, as_of: date | None, today: date) -> date:
    """The as-of date of a report of ``period`` made ``today`` (see the module's rules)."""
    if period.start > today:
        raise InputError(msg("reporting.province.period.period_has_not_begun_today", p=period.code, t=today.strftime("%d/%m/%Y")), location="--period")
    if as_of is None:
        return min(period.end, today)
    if as_of < period.start:
        raise InputError(msg("reporting.province.period.as_date_before_period_begins", d=as_of.strftime("%d/%m/%Y"), p=period.code, s=period.start.strftime("%d/%m/%Y")),
                         location="--as-of")
    if as_of > today:
        raise InputError(msg("reporting.province.period.as_date_future_today", d=as_of.strftime("%d/%m/%Y"), t=today.strftime("%d/%m/%Y")), location="--as-of")
    return as_of


def months_before(d: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the last day of that month when it is shorter)."""
    index = d.year * 12 + d.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def window_start(as_of: date) -> date:
    """First day of the 12-month window ending on ``as_of`` (inclusive)."""
    return months_before(as_of, 12) + timedelta(days=1)


def day_start(d: date) -> datetime:
    """00:00 of ``d`` in Vietnam time."""
    return datetime(d.year, d.month, d.day, tzinfo=LOCAL_TZ)


def cutoff(d: date) -> datetime:
    """The instant that ends day ``d`` in Vietnam time (exclusive): 00:00 the next day."""
    return day_start(d + timedelta(days=1))


@dataclass(frozen=True)
class Frame:
    """The dates one set of figures is measured on."""

    period: Period
    as_of: date

    @property
    def cutoff(self) -> datetime:
        return cutoff(self.as_of)

    @property
    def window_start(self) -> date:
        return window_start(self.as_of)

    @property
    def incident_start(self) -> datetime:
        return day_start(self.period.start)

    @property
    def incident_end(self) -> datetime:
        """Exclusive end of the incident window."""
        return cutoff(min(self.period.end, self.as_of))

    def previous(self) -> Frame:
        prev = self.period.previous()
        return Frame(prev, prev.end)
