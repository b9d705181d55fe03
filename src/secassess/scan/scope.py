"""Scope (phạm vi được phép quét): which targets a scan may touch, decided before nmap starts.

A system's authorised targets are IP addresses, CIDR ranges and host names recorded in the
inventory. A scan covers all of them, or the ``--target`` values the officer names, each of
which must lie inside one of them (CIDR containment; a host name only equals itself). Every
text goes through the inventory's single validator :func:`secassess.inventory.targets.parse_target`
and, for defence in depth, through :func:`secassess.scan.runner.check_target_text`.
Ranges larger than ``limits.scan_max_addresses`` are refused, as is a scan whose targets add up
to more than that.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from secassess.errors import InputError, Problem
from secassess.inventory.targets import Target, parse_target, parse_targets, within
from secassess.messages import msg
from secassess.scan.runner import check_target_text


@dataclass(frozen=True)
class Scope:
    """The targets one scan will cover."""

    targets: tuple[Target, ...]
    ipv6: bool

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(t.value for t in self.targets)

    @property
    def addresses(self) -> int:
        return sum(t.num_addresses for t in self.targets)


def authorised_targets(system_id: str, texts: Sequence[str]) -> list[Target]:
    """The system's authorised targets, parsed; refuses a system without any."""
    if not texts:
        raise InputError(msg("scan.scope.system_has_no_authorised_scan", s=system_id))
    return parse_targets(texts)


def _version(t: Target) -> int:
    net = t.network()
    return 4 if net is None else net.version


def select_scope(requested: Iterable[str], authorised: list[Target], max_addresses: int) -> Scope:
    """The targets to scan: the ``requested`` ones (each inside ``authorised``) or, when none are
    requested, all authorised ones. Raises :class:`InputError` listing every refused target."""
    wanted: list[Target] = []
    problems: list[Problem] = []
    for text in requested:
        try:
            target = parse_target(text)
            check_target_text(target.value)
        except InputError as exc:
            problems.append(Problem(exc.message, location="--target"))
            continue
        if not within(target, authorised):
            problems.append(Problem(msg("scan.scope.outside_system_authorised_scan_targets", t=target.value, a=", ".join(a.value for a in authorised)), location="--target"))
            continue
        if target not in wanted:
            wanted.append(target)
    if problems:
        raise InputError.from_problems(msg("scan.scope.scan_refused_nmap_was_not"),
                                       problems)
    targets = wanted or list(authorised)
    for t in targets:
        check_target_text(t.value)
        if t.num_addresses > max_addresses:
            raise InputError(msg("scan.scope.range_has_addresses_above_limit", t=t.value, n=t.num_addresses, m=max_addresses, e=_example_part(t, max_addresses)),
                location="--target")
    total = sum(t.num_addresses for t in targets)
    if total > max_addresses:
        raise InputError(msg("scan.scope.targets_add_up_addresses_above", n=total, m=max_addresses), location="--target")
    versions = {_version(t) for t in targets}
    if len(versions) > 1:
        raise InputError(msg("scan.scope.nmap_cannot_scan_ipv4_ipv6"), location="--target")
    return Scope(tuple(targets), ipv6=versions == {6})


def _example_part(t: Target, max_addresses: int) -> str:
    net = t.network()
    if net is None:
        return t.value
    prefix: int = net.max_prefixlen
    while prefix > net.prefixlen and 2 ** (net.max_prefixlen - prefix + 1) <= max_addresses:
        prefix -= 1
    return str(next(net.subnets(new_prefix=prefix)))


def host_in_scope(address: str, hostnames: Iterable[tuple[str, str]], authorised: list[Target]) -> bool:
    """Whether a host found in scan XML may be used: its address lies inside an authorised
    address or range, or the name it was scanned under (type ``user``) is an authorised name."""
    try:
        if within(parse_target(address), authorised):
            return True
    except InputError:
        pass
    for name, kind in hostnames:
        if kind != "user":
            continue
        try:
            if within(parse_target(name), authorised):
                return True
        except InputError:
            continue
    return False


# nmap options followed by a separate value (the value is never a target)
_VALUE_OPTIONS = frozenset({
    "-p", "-e", "-S", "-D", "-g", "-b", "-M", "-oX", "-oN", "-oG", "-oA", "-oS", "-oM", "-oH", "--script",
    "--script-args", "--script-args-file", "--top-ports", "--port-ratio", "--exclude-ports", "--source-port",
    "--max-retries", "--host-timeout", "--scan-delay", "--max-scan-delay", "--min-rate", "--max-rate",
    "--min-parallelism", "--max-parallelism", "--min-hostgroup", "--max-hostgroup", "--min-rtt-timeout",
    "--max-rtt-timeout", "--initial-rtt-timeout", "--dns-servers", "--data", "--data-string", "--data-length",
    "--ttl", "--spoof-mac", "--proxies", "--version-intensity", "--stats-every", "--datadir", "--servicedb",
    "--versiondb", "--resume", "--stylesheet", "--mtu", "--ip-options", "-sI", "--script-timeout", "--scanflags",
})
# options after which the command line no longer says which addresses were scanned
_UNCERTAIN = frozenset({"-iL", "-iR", "--exclude", "--excludefile", "--resume"})


def targets_from_args(tokens: Iterable[str], authorised: list[Target]) -> list[str]:
    """The authorised targets an imported nmap run was told to scan, read from its command line
    (``<nmaprun args="…">``): each authorised target inside a target argument, and each target
    argument inside the scope. Empty when the command line read targets from a file, excluded
    some, or resumed a run (what it covered is then not on the command line)."""
    items = list(tokens)
    if any(t in _UNCERTAIN or t.split("=", 1)[0] in _UNCERTAIN for t in items):
        return []
    found: list[str] = []
    skip = True  # the program name
    for tok in items:
        if skip:
            skip = False
            continue
        if tok.startswith("-"):
            skip = tok in _VALUE_OPTIONS
            continue
        try:
            given = parse_target(tok)
        except InputError:
            continue
        for a in authorised:
            if given.contains(a) and a.value not in found:
                found.append(a.value)
        if within(given, authorised) and given.value not in found:
            found.append(given.value)
    return found
