"""The scan use cases: import a file, show what scans saw (stale ones marked), run nmap with the edge's
callbacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from secassess.app import scans
from secassess.app.inventory import SystemFields, add_system
from secassess.errors import InputError
from tests.app.conftest import ADMIN, NMAP_SAMPLE, STP_OFFICER, Province
from tests.scan.conftest import needs_nmap


def test_import_is_recorded_once_and_shown(province: Province) -> None:
    ws, aid = province.ws, province.stp_assessment
    again = scans.import_scan(ws, STP_OFFICER, aid, NMAP_SAMPLE)
    assert not again.new and again.scan.id == province.stp_scan
    view = scans.show_scans(ws, STP_OFFICER, aid)
    assert [s.id for s in view.scans] == [province.stp_scan] and view.stale == frozenset()
    assert view.chosen is not None and view.chosen.ignored_hosts == ["203.0.113.50"]
    assert {o.host for o in view.hosts} == {"10.10.5.2", "10.10.5.3"}
    assert view.ports and all(o.state == "open" for o in view.ports)
    assert len(scans.show_scans(ws, STP_OFFICER, aid, all_ports=True).ports) == len(view.observations)
    assert [m.control_id for m in view.controls] == ["MANG-01"]
    with pytest.raises(InputError):
        scans.show_scans(ws, STP_OFFICER, aid, scan_id=province.syt_scan)  # another assessment's scan


def test_old_scans_are_marked_stale(province: Province, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECASSESS_NOW", "2027-06-01T09:00:00+07:00")
    view = scans.show_scans(province.ws, ADMIN, province.stp_assessment)
    assert view.stale == frozenset({province.stp_scan})
    assert view.max_age_days > 0


@needs_nmap
def test_run_scan_plans_then_scans_calling_back_the_edge(province: Province, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECASSESS_NOW")  # the run is dated now
    from secassess.app.assessments import start

    add_system(province.ws, ADMIN, "STP-LOCAL", SystemFields(name="Máy này", unit="STP", level=1),
               targets=["127.0.0.1"])
    aid = start(province.ws, ADMIN, "STP-LOCAL").assessment.id
    options = scans.ScanOptions(profile="quick", ports="1", timeout=120)
    dry = scans.run_scan(province.ws, ADMIN, aid, options, dry_run=True)
    assert dry.recorded is None and dry.plan.targets == ["127.0.0.1"] and dry.plan.ports == 1
    assert dry.plan.command[0].endswith("nmap") and "--" in dry.plan.command
    started: list[scans.ScanPlanned] = []
    done = scans.run_scan(province.ws, ADMIN, aid, options, on_start=started.append, progress=lambda *a: None)
    assert started == [done.plan]
    assert done.recorded is not None and done.recorded.new and done.recorded.scan.source == "run"
    assert [s.id for s in scans.show_scans(province.ws, ADMIN, aid).scans] == [done.recorded.scan.id]
