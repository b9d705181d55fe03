"""The fixed scan profiles and the port list: the only places nmap's options come from.

Nothing a user types is passed to nmap as text. A profile name picks one of the tuples below;
``--ports`` is parsed into integers and written back by :func:`format_ports`; targets are
checked by :mod:`.scope`. The flags are code, not a data file, on purpose: they decide what
reaches a process that can run scripts and write files, so changing them is a code review.

Profiles (all TCP connect scans, so no root is needed):

``quick``     ``-sT``: which ports are open.
``standard``  adds ``-sV``: which service and version answers on each open port.
``tls``       adds ``--script ssl-enum-ciphers``: protocol versions and cipher grades of every
              TLS service (the script's own port rule limits it to TLS ports).

Every profile also uses ``-n`` (no reverse DNS: faster, and no queries about the targets to
DNS servers outside the scope) and ``--stats-every 2s`` (progress lines in the XML stream,
shown to the officer while nmap runs).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from secassess.errors import InputError
from secassess.messages import msg


@dataclass(frozen=True)
class ScanProfile:
    """One fixed set of nmap flags (hồ sơ rà quét)."""

    name: str
    flags: tuple[str, ...]
    title_vi: str
    title_en: str
    service_detection: bool
    scripts: tuple[str, ...] = ()


COMMON_FLAGS: tuple[str, ...] = ("-n", "--stats-every", "2s")
TLS_SCRIPT = "ssl-enum-ciphers"  # nmap's script grading TLS protocols and ciphers (read by the weak_tls rule)

PROFILES: dict[str, ScanProfile] = {
    "quick": ScanProfile("quick", ("-sT", *COMMON_FLAGS),
                         "nhanh: chỉ xác định cổng mở", "quick: open ports only", False),
    "standard": ScanProfile("standard", ("-sT", "-sV", *COMMON_FLAGS),
                            "tiêu chuẩn: cổng mở, dịch vụ và phiên bản",
                            "standard: open ports, services and versions", True),
    "tls": ScanProfile("tls", ("-sT", "-sV", "--script", TLS_SCRIPT, *COMMON_FLAGS),
                       "tls: như tiêu chuẩn, thêm giao thức và bộ mã hóa TLS",
                       "tls: as standard, plus TLS protocols and ciphers", True, (TLS_SCRIPT,)),
}
DEFAULT_PROFILE = "standard"

TOP_PORTS = 1000  # how many of nmap's most common TCP ports a default scan covers

# Used only when nmap's own port frequency table (nmap-services) cannot be found: well-known
# ports of the services the catalog's rules talk about (remote administration, cleartext
# protocols, web, mail, databases, directory, file sharing).
FALLBACK_PORTS: tuple[int, ...] = (
    20, 21, 22, 23, 25, 53, 69, 80, 81, 110, 111, 135, 137, 139, 143, 161, 389, 443, 445, 465,
    512, 513, 514, 587, 636, 873, 993, 995, 1080, 1433, 1521, 2049, 2375, 3000, 3128, 3306, 3389,
    5000, 5432, 5900, 5985, 5986, 6379, 8000, 8008, 8080, 8081, 8443, 8888, 9000, 9090, 9200,
    9443, 11211, 27017,
)


def get_profile(name: str) -> ScanProfile:
    try:
        return PROFILES[name]
    except KeyError:
        raise InputError(msg("scan.profiles.no_scan_profile_available", p=name, k=", ".join(PROFILES))) from None


_ITEM = re.compile(r"^([0-9]{1,5})(?:-([0-9]{1,5}))?$")


def parse_ports(text: str) -> frozenset[int]:
    """Parse ``--ports``: TCP port numbers and ranges separated by commas (``80,443,8000-8100``).

    Anything else (letters, ``/udp``, options, empty items, 0 or >65535, reversed ranges) is
    refused. The result is a set of integers, written back for nmap by :func:`format_ports`, so
    the user's text itself never reaches nmap.
    """
    if len(text) > 2000:
        raise InputError(msg("scan.profiles.port_list_too_long"), location="--ports")
    ports: set[int] = set()
    for raw in text.split(","):
        item = raw.strip()
        m = _ITEM.match(item)
        if not m:
            raise InputError(msg("scan.profiles.not_tcp_port_port_range", i=item),
                             location="--ports")
        lo = int(m.group(1))
        hi = int(m.group(2)) if m.group(2) else lo
        if not (1 <= lo <= 65535 and 1 <= hi <= 65535) or hi < lo:
            raise InputError(msg("scan.profiles.port_range_not_valid_1", i=item),
                             location="--ports")
        ports.update(range(lo, hi + 1))
    return frozenset(ports)


def format_ports(ports: Iterable[int]) -> str:
    """``{22, 80, 81, 82, 443}`` -> ``"22,80-82,443"`` (what we hand to nmap's ``-p``)."""
    nums = sorted(set(ports))
    for n in nums:
        if not 1 <= n <= 65535:
            raise ValueError(f"port {n} out of range")
    out: list[str] = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        out.append(str(nums[i]) if i == j else f"{nums[i]}-{nums[j]}")
        i = j + 1
    return ",".join(out)


def expand_ports(spec: str) -> frozenset[int]:
    """The inverse of :func:`format_ports` for nmap's ``services="1,3-4,..."`` attribute."""
    ports: set[int] = set()
    for item in spec.split(","):
        item = item.strip()
        if not item:
            continue
        lo, _, hi = item.partition("-")
        a, b = int(lo), int(hi or lo)
        ports.update(range(a, b + 1))
    return frozenset(ports)


def tcp_ports_of(specs: Iterable[str]) -> set[int]:
    """The TCP port numbers among ``"443/tcp"``-style specs."""
    out: set[int] = set()
    for s in specs:
        num, _, proto = s.partition("/")
        if (proto or "tcp") == "tcp" and num.isdigit():
            out.add(int(num))
    return out


def plan_ports(explicit: frozenset[int] | None, top: Iterable[int], allowed: Iterable[str],
               rule_ports: Iterable[str]) -> frozenset[int]:
    """Which TCP ports a scan covers.

    With ``--ports`` exactly those. Otherwise nmap's most common ports plus the system's
    declared allowed ports plus every port named by the assessment's scan rules, so a rule
    about port 23 is never left undecided just because 23 is not in the common list.
    """
    if explicit is not None:
        return explicit
    return frozenset(set(top) | tcp_ports_of(allowed) | tcp_ports_of(rule_ports))


def parse_nmap_services(text: str, count: int = TOP_PORTS) -> list[int]:
    """The ``count`` most frequent TCP ports of an ``nmap-services`` file (what ``--top-ports`` uses)."""
    freq: dict[int, float] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) < 3 or not parts[1].endswith("/tcp"):
            continue
        try:
            port = int(parts[1].split("/")[0])
            f = float(parts[2])
        except ValueError:
            continue
        if 1 <= port <= 65535:
            freq[port] = max(f, freq.get(port, 0.0))
    ranked = sorted(freq, key=lambda p: (-freq[p], p))
    return sorted(ranked[:count])
