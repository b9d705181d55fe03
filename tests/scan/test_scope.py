"""Scope: what a scan may touch is decided before nmap starts."""

from __future__ import annotations

import pytest

from secassess.errors import InputError
from secassess.inventory.targets import parse_target
from secassess.scan.runner import check_target_text
from secassess.scan.scope import authorised_targets, host_in_scope, select_scope

AUTH = [parse_target(t) for t in ("10.10.5.0/28", "qlvb.stp.example.gov.vn", "127.0.0.1")]


@pytest.mark.parametrize("text", [
    "127.0.0.1 --script=x", "127.0.0.1 -oN /tmp/x", "-iL /etc/passwd", "-iL", "--script=x", " 127.0.0.1",
    "127.0.0.1\t", "127.0.0.1,10.10.5.1", "10.10.5.*", "10.10.5.1-5", "$(id)", "qlvb;id", "",
])
def test_option_like_or_spaced_targets_are_refused(text: str) -> None:
    with pytest.raises(InputError) as exc:
        select_scope([text], AUTH, 256)
    assert "nmap" in exc.value.message  # "scan refused; nmap was not started"


def test_target_outside_scope_is_refused_naming_the_scope() -> None:
    with pytest.raises(InputError) as exc:
        select_scope(["10.10.6.1"], AUTH, 256)
    assert "10.10.6.1" in str(exc.value) and "10.10.5.0/28" in str(exc.value)
    with pytest.raises(InputError):
        select_scope(["10.10.5.0/27"], AUTH, 256)  # wider than the authorised /28
    with pytest.raises(InputError):
        select_scope(["other.stp.example.gov.vn"], AUTH, 256)


def test_targets_inside_scope_are_kept_and_default_is_the_whole_scope() -> None:
    assert select_scope(["10.10.5.4", "10.10.5.8/30"], AUTH, 256).texts == ("10.10.5.4", "10.10.5.8/30")
    assert select_scope(["QLVB.stp.example.gov.vn"], AUTH, 256).texts == ("qlvb.stp.example.gov.vn",)
    assert select_scope([], AUTH, 256).texts == ("10.10.5.0/28", "qlvb.stp.example.gov.vn", "127.0.0.1")


def test_oversized_range_is_refused_with_a_smaller_example() -> None:
    wide = [parse_target("10.0.0.0/16")]
    with pytest.raises(InputError) as exc:
        select_scope([], wide, 256)
    assert "65536" in exc.value.message and "limits.scan_max_addresses" in exc.value.message
    assert "10.0.0.0/24" in exc.value.message
    assert select_scope(["10.0.3.0/24"], wide, 256).addresses == 256


def test_total_addresses_are_limited_too() -> None:
    two = [parse_target("10.0.0.0/25"), parse_target("10.0.1.0/25")]
    with pytest.raises(InputError, match="256"):
        select_scope([], two, 200)


def test_ipv4_and_ipv6_are_not_mixed() -> None:
    both = [parse_target("10.0.0.1"), parse_target("2001:db8::1")]
    with pytest.raises(InputError, match="IPv6"):
        select_scope([], both, 256)
    assert select_scope(["2001:db8::1"], both, 256).ipv6


def test_system_without_targets_cannot_be_scanned() -> None:
    with pytest.raises(InputError, match="--add-target"):
        authorised_targets("STP-QLVB", [])


def test_hosts_in_xml_are_matched_against_the_scope() -> None:
    assert host_in_scope("10.10.5.2", [], AUTH)
    assert not host_in_scope("203.0.113.50", [], AUTH)
    assert host_in_scope("198.51.100.7", [("qlvb.stp.example.gov.vn", "user")], AUTH)
    assert not host_in_scope("198.51.100.7", [("qlvb.stp.example.gov.vn", "PTR")], AUTH)  # reverse DNS proves nothing
    assert not host_in_scope("not an address", [], AUTH)


@pytest.mark.parametrize("text", ["-sV", "a b", "a,b", "10.0.0.1/24/1", "x;y", "a..b", "", "a" * 300])
def test_runner_checks_target_text_again(text: str) -> None:
    with pytest.raises(InputError):
        check_target_text(text)


@pytest.mark.parametrize("text", ["10.0.0.1", "10.0.0.0/24", "2001:db8::/64", "qlvb.stp.example.gov.vn"])
def test_runner_accepts_validated_targets(text: str) -> None:
    assert check_target_text(text) == text
