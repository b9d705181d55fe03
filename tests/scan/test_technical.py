"""How scans add up to a control's technical result (pure)."""

from __future__ import annotations

from datetime import UTC, datetime

from secassess.evidence.scan.service import OutcomeRecord, ScanRecord, technical_results

NOW = datetime(2025, 6, 10, tzinfo=UTC)


def scan(i: int, targets: list[str]) -> ScanRecord:
    return ScanRecord(i, 1, "0" * 64, "run", "standard", "nmap", "7.93", "", targets, [], NOW, NOW, "t", NOW)


def out(scan_id: int, control: str, outcome: str, index: int = 0) -> OutcomeRecord:
    return OutcomeRecord(scan_id, control, index, "forbidden_services", outcome, f"vi {scan_id}", f"en {scan_id}", [])


def test_newer_scan_of_the_same_targets_replaces_the_older_outcome() -> None:
    got = technical_results([scan(1, ["10.0.0.0/28"]), scan(2, ["10.0.0.0/28"])],
                            [out(1, "C-1", "fail"), out(2, "C-1", "pass")])
    result, detail = got["C-1"]
    assert result == "pass"
    assert detail is not None and detail["scan_id"] == 2 and detail["scan_ids"] == [2]


def test_scan_of_one_address_does_not_clear_a_failure_seen_elsewhere() -> None:
    got = technical_results([scan(1, ["10.0.0.0/28"]), scan(2, ["10.0.0.5"])],
                            [out(1, "C-1", "fail"), out(2, "C-1", "pass")])
    result, detail = got["C-1"]
    assert result == "fail"
    assert detail is not None and detail["scan_ids"] == [1, 2]
    assert [m["outcome"] for m in detail["messages"]] == ["pass", "fail"]


def test_undecided_newer_scan_keeps_the_older_decision() -> None:
    got = technical_results([scan(1, ["10.0.0.5"]), scan(2, ["10.0.0.5"])],
                            [out(1, "C-1", "fail"), out(2, "C-1", "undecided")])
    assert got["C-1"][0] == "fail"


def test_never_decided_control_has_no_technical_result() -> None:
    got = technical_results([scan(1, ["10.0.0.5"])], [out(1, "C-1", "undecided")])
    assert "C-1" not in got


def test_worst_rule_of_a_control_counts() -> None:
    got = technical_results([scan(1, ["10.0.0.5"])], [out(1, "C-1", "pass", 0), out(1, "C-1", "fail", 1)])
    assert got["C-1"][0] == "fail"
