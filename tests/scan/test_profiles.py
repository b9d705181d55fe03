"""Scan profiles and the port list: the only sources of nmap options."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from secassess.errors import InputError
from secassess.scan.profiles import (
    PROFILES,
    expand_ports,
    format_ports,
    parse_nmap_services,
    parse_ports,
    plan_ports,
)


def test_profiles_are_tcp_connect_scans_with_fixed_flags() -> None:
    assert PROFILES["quick"].flags[0] == "-sT"
    assert "-sV" not in PROFILES["quick"].flags
    assert "-sV" in PROFILES["standard"].flags
    tls = PROFILES["tls"].flags
    assert tls[tls.index("--script") + 1] == "ssl-enum-ciphers"
    for p in PROFILES.values():
        assert "-sS" not in p.flags and "-O" not in p.flags  # nothing that needs root


@pytest.mark.parametrize("text,expected", [
    ("80", {80}),
    ("80,443", {80, 443}),
    (" 22 , 8000-8002 ", {22, 8000, 8001, 8002}),
    ("1-3,2-4", {1, 2, 3, 4}),
    ("65535", {65535}),
])
def test_ports_parse_into_integers(text: str, expected: set[int]) -> None:
    assert parse_ports(text) == expected


@pytest.mark.parametrize("text", [
    "", "0", "65536", "80,", "10-5", "80 -sV", "-p 80", "80;id", "53/udp", "http", "1-", "-1",
    "80,443 --script=x", "1e3", "０８０",
])
def test_ports_refuse_anything_but_numbers_and_ranges(text: str) -> None:
    with pytest.raises(InputError) as exc:
        parse_ports(text)
    assert exc.value.location == "--ports"


def test_ports_are_written_back_by_us() -> None:
    assert format_ports({443, 22, 80, 81, 82}) == "22,80-82,443"
    assert format_ports(parse_ports(" 8000-8002 ,22")) == "22,8000-8002"


@given(st.sets(st.integers(1, 65535), min_size=1, max_size=200))
def test_format_and_expand_round_trip(ports: set[int]) -> None:
    text = format_ports(ports)
    assert expand_ports(text) == ports
    assert set(text) <= set("0123456789,-")


def test_default_ports_add_allowed_and_rule_ports_to_the_common_ones() -> None:
    got = plan_ports(None, [80, 443], ["8443/tcp", "53/udp"], ["23/tcp", "21/tcp"])
    assert got == {80, 443, 8443, 23, 21}
    assert plan_ports(frozenset({9000}), [80], ["443/tcp"], ["23/tcp"]) == {9000}


def test_top_ports_follow_nmap_frequencies() -> None:
    text = "# comment\nhttp\t80/tcp\t0.48\t# WWW\nssh\t22/tcp\t0.18\nrare\t999/tcp\t0.00001\n" \
           "domain\t53/udp\t0.21\nbad line\n"
    assert parse_nmap_services(text, 2) == [22, 80]
    assert parse_nmap_services(text, 10) == [22, 80, 999]
