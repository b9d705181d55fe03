"""The one place that knows the time. Vietnam keeps UTC+7 all year (no daylight saving).

Datetimes inside secassess are timezone-aware; the database stores them as UTC.
``SECASSESS_NOW`` (ISO 8601) fixes "now" for reproducible demos and tests.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta, timezone

LOCAL_TZ = timezone(timedelta(hours=7), "ICT")


def now() -> datetime:
    fixed = os.environ.get("SECASSESS_NOW")
    if fixed:
        value = datetime.fromisoformat(fixed)
        return value if value.tzinfo else value.replace(tzinfo=LOCAL_TZ)
    return datetime.now(LOCAL_TZ)


def today() -> date:
    """Today's date in Vietnam."""
    return now().astimezone(LOCAL_TZ).date()


def local(dt: datetime) -> datetime:
    return (dt if dt.tzinfo else dt.replace(tzinfo=UTC)).astimezone(LOCAL_TZ)


def parse_datetime(text: str) -> datetime:
    """Parse an ISO date or datetime typed by a user; naive values are Vietnam time."""
    value = datetime.fromisoformat(text.strip())
    return value if value.tzinfo else value.replace(tzinfo=LOCAL_TZ)


def fmt_datetime(dt: datetime | None) -> str:
    return local(dt).strftime("%d/%m/%Y %H:%M") if dt else ""


def fmt_date(d: date | datetime | None) -> str:
    if d is None:
        return ""
    if isinstance(d, datetime):
        d = local(d).date()
    return d.strftime("%d/%m/%Y")
