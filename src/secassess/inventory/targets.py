"""The one validator of scan targets (mục tiêu rà quét) and ports (cổng dịch vụ).

Targets are what a system's owner authorised us to scan, and later what nmap is given.
python-nmap splits its host string into arguments, so a "target" such as
``"127.0.0.1 --script=x"`` or ``"-iL /etc/passwd"`` would become nmap options. Every target
therefore passes :func:`parse_target` and is one of exactly three things:

- an IP address (IPv4 or IPv6, no zone id): ``10.0.0.5``, ``2001:db8::1``;
- a CIDR network with no host bits set: ``10.10.5.0/28`` (``10.10.5.7/28`` is refused with a
  hint, because silently widening an authorisation is worse than asking);
- a strict RFC 1123 host name: letters, digits and hyphens in dot-separated labels of 1–63
  characters, no label starting or ending with a hyphen, at most 253 characters, a last label
  starting with a letter (so ``10.0.0.300`` or the nmap range ``10.0.0.1-5`` is not a name).

Anything else (whitespace, a leading ``-``, shell or nmap option characters, wildcards,
ranges such as ``10.0.0.1-5``) raises :class:`InputError`.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from secassess.errors import InputError
from secassess.messages import msg

TargetKind = Literal["ip", "network", "hostname"]

_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_ALLOWED_CHARS = re.compile(r"^[0-9A-Za-z.:/-]+$")
_MAX_HOSTNAME = 253

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Target:
    """One authorised target. ``value`` is normalised (compressed IPv6, lower-case names)."""

    kind: TargetKind
    value: str

    def __str__(self) -> str:
        return self.value

    def network(self) -> IPNetwork | None:
        """The address range this target covers (a single address is a /32 or /128)."""
        if self.kind == "hostname":
            return None
        return ipaddress.ip_network(self.value)

    def contains(self, other: Target) -> bool:
        """Whether ``other`` lies inside this target: CIDR containment for addresses and
        networks, exact equality for host names (a name never covers an address or vice versa)."""
        if self.kind == "hostname" or other.kind == "hostname":
            return self.kind == other.kind and self.value == other.value
        mine, theirs = self.network(), other.network()
        assert mine is not None and theirs is not None
        if mine.version != theirs.version:
            return False
        return theirs.subnet_of(mine)  # type: ignore[arg-type]

    @property
    def num_addresses(self) -> int:
        """How many addresses a scan of this target touches (1 for a host name)."""
        net = self.network()
        return 1 if net is None else net.num_addresses


def _bad(text: str, why: str) -> InputError:
    return InputError(msg("inventory.targets.invalid_scan_target", t=text, w=why))


def parse_target(text: str) -> Target:
    """Parse one target. Raises :class:`InputError` with a reason for anything else."""
    if not isinstance(text, str):
        raise _bad(str(text), msg("inventory.targets.must_text"))
    if text == "":
        raise _bad(text, msg("inventory.targets.empty"))
    if any(c.isspace() for c in text):
        raise _bad(text, msg("inventory.targets.must_not_contain_whitespace"))
    if text.startswith("-"):
        raise _bad(text, msg("inventory.targets.must_not_start"))
    if not _ALLOWED_CHARS.match(text):
        raise _bad(text, msg("inventory.targets.only_letters_digits_allowed_ip"))
    if "/" in text:
        return _parse_network(text)
    if ":" in text:
        try:
            return Target("ip", str(ipaddress.IPv6Address(text)))
        except ValueError:
            raise _bad(text, msg("inventory.targets.not_valid_ipv6_address")) from None
    if re.fullmatch(r"[0-9.]+", text):
        try:
            return Target("ip", str(ipaddress.IPv4Address(text)))
        except ValueError:
            raise _bad(text, msg("inventory.targets.not_valid_ipv4_address")) from None
    return Target("hostname", _parse_hostname(text))


def _parse_network(text: str) -> Target:
    addr, _, prefix = text.partition("/")
    if not prefix.isdigit() or not addr:
        raise _bad(text, msg("inventory.targets.cidr_range_address_prefix_e"))
    try:
        net = ipaddress.ip_network(text, strict=True)
    except ValueError as exc:
        try:
            loose = ipaddress.ip_network(text, strict=False)
        except ValueError:
            raise _bad(text, msg("inventory.targets.not_valid_cidr_range", e=exc)) from None
        raise _bad(text, msg("inventory.targets.host_bits_set_did_you", n=loose)) from None
    return Target("network", str(net))


def _parse_hostname(text: str) -> str:
    name = text.lower()
    if name.endswith("."):
        name = name[:-1]  # the root label of a fully qualified name
    if not name or len(name) > _MAX_HOSTNAME:
        raise _bad(text, msg("inventory.targets.host_name_longer_than_characters", n=_MAX_HOSTNAME))
    labels = name.split(".")
    for label in labels:
        if not _LABEL.match(label):
            raise _bad(text, msg("inventory.targets.label_host_name_must_1", l=label))
    if not labels[-1][0].isalpha():  # no numeric top-level label: keeps out nmap ranges like 10.0.0.1-5
        raise _bad(text, msg("inventory.targets.last_label_must_start_letter"))
    return name


def parse_targets(texts: Iterable[str]) -> list[Target]:
    """Parse several targets, dropping exact duplicates (order kept)."""
    out: list[Target] = []
    for t in texts:
        target = parse_target(t)
        if target not in out:
            out.append(target)
    return out


def within(target: Target, authorised: list[Target]) -> bool:
    """Whether ``target`` lies inside one of the ``authorised`` targets."""
    return any(a.contains(target) for a in authorised)


_PORT = re.compile(r"^([0-9]{1,5})(?:/(tcp|udp))?$")


def parse_port(text: str | int) -> str:
    """Normalise a port: ``443``, ``"443"``, ``"443/TCP"`` -> ``"443/tcp"``; ``"53/udp"`` stays.

    Raises :class:`InputError` for anything else (ranges, names, 0, above 65535).
    """
    if isinstance(text, bool):
        raise InputError(msg("inventory.targets.invalid_port", p=text))
    raw = str(text).strip().lower()
    m = _PORT.match(raw)
    if not m or not 1 <= int(m.group(1)) <= 65535:
        raise InputError(msg("inventory.targets.invalid_port_use_number_1", p=text))
    return f"{int(m.group(1))}/{m.group(2) or 'tcp'}"

