"""Scan targets and ports: the one validator the scanner relies on to stay inside its authorisation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from secassess.errors import InputError
from secassess.inventory.targets import Target, parse_port, parse_target, within


@pytest.mark.parametrize(("text", "kind", "value"), [
    ("10.0.0.5", "ip", "10.0.0.5"),
    ("2001:DB8:0:0::1", "ip", "2001:db8::1"),
    ("10.10.5.0/28", "network", "10.10.5.0/28"),
    ("2001:db8::/64", "network", "2001:db8::/64"),
    ("QLVB.STP.example.gov.vn", "hostname", "qlvb.stp.example.gov.vn"),
    ("qlvb.stp.example.gov.vn.", "hostname", "qlvb.stp.example.gov.vn"),
    ("localhost", "hostname", "localhost"),
    ("a-b.c1", "hostname", "a-b.c1"),
])
def test_valid_targets_are_normalised(text: str, kind: str, value: str) -> None:
    t = parse_target(text)
    assert (t.kind, t.value) == (kind, value)


@pytest.mark.parametrize("text", [
    "", " 10.0.0.1", "10.0.0.1 ", "127.0.0.1 --script=x", "-iL", "-sS", "--script=http-title",
    "10.0.0.1;id", "host$(id)", "a`b`", "a|b", "a&b", "*.example.vn", "10.0.0.1-5", "10.0.0.256",
    "10.0.0.300", "1.2.3", "01.2.3.4", "fe80::1%eth0", "-example.vn", "example-.vn", "ex_ample.vn",
    "a..b", "10.10.5.7/28", "10.0.0.0/33", "10.0.0.0/", "/24", "10.0.0.0/x", "a" * 64 + ".vn",
    ".".join(["abcdefgh"] * 30), "tên.vn", "example.123", "a\tb", "a\nb",
])
def test_invalid_targets_are_refused(text: str) -> None:
    with pytest.raises(InputError):
        parse_target(text)


def test_host_bits_set_suggests_the_network() -> None:
    with pytest.raises(InputError, match=r"10\.10\.5\.0/28"):
        parse_target("10.10.5.7/28")


def test_containment() -> None:
    net = parse_target("10.10.5.0/28")
    assert net.contains(parse_target("10.10.5.14"))
    assert not net.contains(parse_target("10.10.5.16"))
    assert net.contains(parse_target("10.10.5.8/29"))
    assert not net.contains(parse_target("10.10.5.0/27"))
    assert not net.contains(parse_target("2001:db8::1"))
    host = parse_target("qlvb.example.vn")
    assert host.contains(parse_target("QLVB.example.vn."))
    assert not host.contains(parse_target("www.qlvb.example.vn"))
    assert not net.contains(host) and not host.contains(parse_target("10.10.5.1"))
    ip = parse_target("10.0.0.1")
    assert ip.contains(parse_target("10.0.0.1")) and not ip.contains(parse_target("10.0.0.2"))
    assert within(parse_target("10.10.5.3"), [host, net]) and not within(parse_target("10.0.0.9"), [host, net])


@given(st.text(max_size=40))
def test_any_accepted_target_has_no_option_or_shell_characters(text: str) -> None:
    try:
        t = parse_target(text)
    except InputError:
        return
    assert isinstance(t, Target)
    assert not t.value.startswith("-")
    assert not any(c.isspace() for c in t.value)
    assert set(t.value) <= set("0123456789abcdefghijklmnopqrstuvwxyz.:-/")


@pytest.mark.parametrize(("text", "value"), [
    ("443", "443/tcp"), (443, "443/tcp"), ("443/tcp", "443/tcp"), ("443/TCP", "443/tcp"), ("53/udp", "53/udp"),
    (" 22 ", "22/tcp"), ("0080", "80/tcp"), ("65535/udp", "65535/udp"),
])
def test_ports_are_normalised(text: str | int, value: str) -> None:
    assert parse_port(text) == value


@pytest.mark.parametrize("text", ["0", "65536", "-1", "http", "80-90", "80/sctp", "80/", "", True, "1e3"])
def test_bad_ports_are_refused(text: str | int) -> None:
    with pytest.raises(InputError):
        parse_port(text)
