"""The demo's incidents and provincial report (data: ``province.yaml``): incidents recorded and
updated as ``secassess incident add``/``update`` do, each at its own moment, then the monthly
report of the province for a period written in every format, as ``secassess report province`` does."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from secassess.i18n import Lang
from secassess.messages import msg

if TYPE_CHECKING:
    from secassess.workspace import Workspace

DATA = Path(__file__).resolve().parent


def _load() -> dict[str, Any]:
    from secassess.yamlio import load_yaml

    data: dict[str, Any] = load_yaml(DATA / "province.yaml").data
    return data


def _time(value: Any) -> datetime | None:
    from secassess import clock

    return clock.parse_datetime(str(value)) if value is not None else None


def record_incidents(ws: Workspace, fixed_now: Callable[[str], Any], actor: str = "Đầu mối ATTT của đơn vị"
                     ) -> Iterator[str]:
    """Record and update the scenario's incidents; one line per incident saying how it stands."""
    from secassess.incident.rules import Deadlines, category_label, deadline_label
    from secassess.incident.service import Change, add_incident, update_incident

    deadlines = Deadlines.from_config(ws.config.incidents)
    for spec in _load()["incidents"]:
        detected = _time(spec["detected_at"])
        assert detected is not None
        with fixed_now(spec["recorded"]), ws.write() as conn:
            inc = add_incident(conn, system_id=spec["system"], detected_at=detected,
                               category=spec["category"], severity=spec["severity"], description=spec["description"],
                               actions_taken=spec.get("actions", ""), actor=actor, deadlines=deadlines)
        for u in spec.get("updates") or []:
            change = Change(notified_at=_time(u.get("notified_at")), full_report_at=_time(u.get("full_report_at")),
                            resolved_at=_time(u.get("resolved_at")), status=u.get("status"))
            with fixed_now(u["at"]), ws.write() as conn:
                inc = update_incident(conn, inc.id, change, actor=actor, expect_version=inc.version,
                                      note=u.get("note"), deadlines=deadlines)
        yield msg("demo_data.province.initial_notification_full_report_as", i=inc.id, s=inc.system_id, c=category_label(inc.category).lower(), n=deadline_label(inc.notification.state).lower(), f=deadline_label(inc.full_report.state).lower())


@dataclass
class ProvinceOutcome:
    period: str
    as_of: str
    summary: str
    files: list[Path] = field(default_factory=list)


def write_province_reports(ws: Workspace, out: Path, lang: Lang, fixed_now: Callable[[str], Any]
                           ) -> ProvinceOutcome:
    """The provincial report of the scenario's period, in every format, into ``out/<folder>``."""
    from secassess import clock
    from secassess.reporting.province import service
    from secassess.reporting.province.period import parse_period

    spec = _load()["province_report"]
    period = parse_period(str(spec["period"]))
    folder = out / spec["folder"]
    with fixed_now(spec["time"]):
        report = service.build(ws, service.Request(period), lang)
        cur = report.current
        a, c = cur.summary.ii4a, cur.summary.ii4c
        outcome = ProvinceOutcome(period.code, clock.fmt_date(cur.measured.as_of), msg("demo_data.province.systems_use_assessed_last_12", n=a.systems_in_use.value, e=a.assessed_12m.value, o=cur.total.overdue_items.value, i=c.incidents.value, ok=c.notification["on_time"].value, late=c.notification["late"].value, over=c.notification["overdue"].value))
        from secassess.reporting.formats import PROVINCE

        for fmt in PROVINCE.demo():
            target = folder / service.default_name(period, fmt.name)
            outcome.files.append(service.write(ws, report, fmt.name, target).path)
    return outcome
