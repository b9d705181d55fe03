"""How scans add up to a control's technical result: newest per target, recent evidence only, and
a pass only when every authorised target was covered (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from secassess.scan.coverage import Decision, ScanCover, technical_results

NOW = datetime(2025, 6, 10, tzinfo=UTC)


def scan(i: int, targets: list[str], *, days_ago: float = 0, tool: str = "nmap", up: tuple[str, ...] = ()) -> ScanCover:
    return ScanCover(i, tool, tuple(targets), NOW - timedelta(days=days_ago, seconds=-i), up)


def out(scan_id: int, control: str, outcome: str, index: int = 0, rule: str = "forbidden_services",
        ports: tuple[str, ...] = ()) -> Decision:
    return Decision(scan_id, control, index, rule, outcome, f"vi {scan_id}", f"en {scan_id}", ports)


def test_newer_scan_of_the_same_targets_replaces_the_older_outcome() -> None:
    got = technical_results([scan(1, ["10.0.0.0/28"]), scan(2, ["10.0.0.0/28"])],
                            [out(1, "C-1", "fail"), out(2, "C-1", "pass")])
    result, detail = got["C-1"]
    assert result == "pass"
    assert detail["scan_id"] == 2 and detail["scan_ids"] == [2]


def test_scan_of_one_address_does_not_clear_a_failure_seen_elsewhere() -> None:
    got = technical_results([scan(1, ["10.0.0.0/28"]), scan(2, ["10.0.0.5"])],
                            [out(1, "C-1", "fail"), out(2, "C-1", "pass")])
    result, detail = got["C-1"]
    assert result == "fail"
    assert detail["scan_ids"] == [1, 2]
    assert [m["outcome"] for m in detail["messages"]] == ["pass", "fail"]


def test_undecided_newer_scan_keeps_the_older_decision() -> None:
    got = technical_results([scan(1, ["10.0.0.5"]), scan(2, ["10.0.0.5"])],
                            [out(1, "C-1", "fail"), out(2, "C-1", "undecided")])
    assert got["C-1"][0] == "fail"


def test_never_decided_control_has_no_technical_result() -> None:
    got = technical_results([scan(1, ["10.0.0.5"])], [out(1, "C-1", "undecided")])
    assert got["C-1"][0] is None


def test_worst_rule_of_a_control_counts() -> None:
    got = technical_results([scan(1, ["10.0.0.5"])], [out(1, "C-1", "pass", 0), out(1, "C-1", "fail", 1)])
    assert got["C-1"][0] == "fail"


def test_pass_on_one_of_two_targets_is_undecided_and_names_the_other() -> None:
    got = technical_results([scan(1, ["10.0.0.5"])], [out(1, "C-1", "pass")],
                            authorised=["10.0.0.5", "10.0.0.6"])
    result, detail = got["C-1"]
    assert result is None
    assert [g["target"] for g in detail["coverage"]["uncovered"]] == ["10.0.0.6"]
    assert detail["coverage"]["complete"] is False
    assert "10.0.0.6" in detail["messages"][-1]["vi"] and "10.0.0.6" in detail["messages"][-1]["en"]


def test_two_scans_together_cover_both_targets() -> None:
    got = technical_results([scan(1, ["10.0.0.5"]), scan(2, ["10.0.0.6"])],
                            [out(1, "C-1", "pass"), out(2, "C-1", "pass")], authorised=["10.0.0.5", "10.0.0.6"])
    result, detail = got["C-1"]
    assert result == "pass" and detail["coverage"]["complete"] is True and detail["scan_ids"] == [1, 2]


def test_a_failure_on_one_target_fails_the_system_even_with_another_uncovered() -> None:
    got = technical_results([scan(1, ["10.0.0.5"])], [out(1, "C-1", "fail")], authorised=["10.0.0.5", "10.0.0.6"])
    assert got["C-1"][0] == "fail"


def test_unscanned_ports_are_named_for_the_target() -> None:
    got = technical_results([scan(1, ["10.0.0.5"]), scan(2, ["10.0.0.6"])],
                            [out(1, "C-1", "pass"), out(2, "C-1", "undecided", ports=("3389/tcp",))],
                            authorised=["10.0.0.5", "10.0.0.6"])
    [gap] = got["C-1"][1]["coverage"]["uncovered"]
    assert gap["target"] == "10.0.0.6" and gap["ports"] == ["3389/tcp"] and gap["tools"] == ["nmap"]


def test_evidence_older_than_the_limit_does_not_count() -> None:
    got = technical_results([scan(1, ["10.0.0.5"], days_ago=120)], [out(1, "C-1", "fail")],
                            authorised=["10.0.0.5"], as_of=NOW, max_age_days=90)
    result, detail = got["C-1"]
    assert result is None
    assert detail["coverage"]["stale_scan_ids"] == [1]
    assert any("90" in m["vi"] and m["rule_type"] == "age" for m in detail["messages"])
    fresh = technical_results([scan(1, ["10.0.0.5"], days_ago=89)], [out(1, "C-1", "fail")],
                              authorised=["10.0.0.5"], as_of=NOW, max_age_days=90)
    assert fresh["C-1"][0] == "fail"


def test_range_counts_as_covered_when_every_live_host_found_by_nmap_was_audited() -> None:
    network = scan(1, ["10.0.0.0/28"], up=("10.0.0.2", "10.0.0.3"))
    audits = [scan(2, ["10.0.0.2"], tool="lynis"), scan(3, ["10.0.0.3"], tool="lynis")]
    rule = "hardening_index"
    both = technical_results([network, *audits], [out(2, "C-9", "pass", rule=rule), out(3, "C-9", "pass", rule=rule)],
                             authorised=["10.0.0.0/28"])
    assert both["C-9"][0] == "pass"
    one = technical_results([network, audits[0]], [out(2, "C-9", "pass", rule=rule)], authorised=["10.0.0.0/28"])
    result, detail = one["C-9"]
    assert result is None
    [gap] = detail["coverage"]["uncovered"]
    assert gap["target"] == "10.0.0.0/28" and gap["hosts"] == ["10.0.0.3"] and gap["tools"] == ["lynis"]
    # without a network scan of the range, nobody knows which hosts live there
    blind = technical_results(audits, [out(2, "C-9", "pass", rule=rule), out(3, "C-9", "pass", rule=rule)],
                              authorised=["10.0.0.0/28"])
    assert blind["C-9"][0] is None
