"""The evaluators of the rule types nmap decides (ports, services, versions, TLS by
``ssl-enum-ciphers``): one small pure function per type.

Each takes the rule's arguments and the facts of one nmap scan (observations, which ports were
scanned, whether services were detected, the system's declared allowed ports, the catalog's
data tables) and returns a :class:`RuleResult`: ``pass``, ``fail`` or ``undecided``, the
observations that decided it, and one sentence in Vietnamese and in English a reader can act
on ("Cổng 23/tcp (telnet) đang mở trên 10.0.0.5").

A rule is ``undecided`` — never ``pass`` — when the scan could not have seen a failure: no host
answered, a port the rule names was not scanned, service detection was off for a rule about
services or versions, or the TLS script did not run.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from secassess.catalog.scanrules import (
    AllowedPortsOnlyArgs,
    EolEntry,
    EolTable,
    EolVersionsArgs,
    ForbiddenServicesArgs,
    HttpWithoutTlsArgs,
    WeakTlsArgs,
)
from secassess.scan.profiles import TLS_SCRIPT
from secassess.scan.rules.common import (
    SHOWN,
    RuleResult,
    failed,
    join_items,
    ports_text,
)

# service names that say "nothing was recognised": the port number is all we know then
_UNRECOGNISED = frozenset({"", "unknown", "tcpwrapped"})


@dataclass(frozen=True)
class Observation:
    """What a scan saw (quan sát): one host (``port`` None: ``state`` is up/down) or one port."""

    id: int
    host: str
    port: int | None = None
    protocol: str | None = None
    state: str = "open"
    hostname: str = ""
    service: str = ""
    service_method: str = ""
    product: str = ""
    version: str = ""
    cpe: tuple[str, ...] = ()
    tunnel: str = ""
    scripts: Mapping[str, Any] = field(default_factory=dict)

    @property
    def portspec(self) -> str:
        return f"{self.port}/{self.protocol}"

    @property
    def detected(self) -> bool:
        """Service detection recognised the service (not a guess from the port number)."""
        return self.service_method == "probed" and self.service not in _UNRECOGNISED


@dataclass(frozen=True)
class ScanFacts:
    """Everything a rule may look at, for one scan, restricted to the authorised scope."""

    observations: tuple[Observation, ...]
    scanned: Mapping[str, frozenset[int]]  # protocol -> ports the scan covered
    service_detection: bool
    scripts_run: frozenset[str] = frozenset()
    allowed_ports: frozenset[str] = frozenset()  # "443/tcp"
    tables: Mapping[str, Any] = field(default_factory=dict)  # name -> data table (EolTable, CveTable)

    @property
    def hosts_up(self) -> list[Observation]:
        return [o for o in self.observations if o.port is None and o.state == "up"]

    def open_ports(self) -> list[Observation]:
        up = {o.host for o in self.hosts_up}
        return [o for o in self.observations if o.port is not None and o.state == "open" and o.host in up]

    def was_scanned(self, portspec: str) -> bool:
        num, _, proto = portspec.partition("/")
        return int(num) in self.scanned.get(proto or "tcp", frozenset())


# ---------------------------------------------------------------- wording helpers

def _where(o: Observation) -> str:
    return f"{o.host} ({o.hostname})" if o.hostname and o.hostname != o.host else o.host


def _svc(o: Observation) -> str:
    parts = [o.service] if o.service else []
    prod = " ".join(p for p in (o.product, o.version) if p)
    if prod:
        parts.append(prod)
    if o.tunnel:
        parts.append(o.tunnel)
    return f" ({', '.join(parts)})" if parts else ""


def _open_ports_failed(hits: Sequence[Observation], tail_vi: str = "", tail_en: str = "") -> RuleResult:
    return failed([f"cổng {o.portspec}{_svc(o)} đang mở trên {_where(o)}" for o in hits],
                   [f"port {o.portspec}{_svc(o)} is open on {_where(o)}" for o in hits],
                   (o.id for o in hits), tail_vi, tail_en)


def _no_host() -> RuleResult:
    return RuleResult("undecided",
                      "Không có máy nào trong phạm vi trả lời khi quét, nên chưa kết luận được.",
                      "No host in scope answered the scan, so this cannot be decided.")


def _hosts_count(facts: ScanFacts) -> int:
    return len({o.host for o in facts.hosts_up})


# ---------------------------------------------------------------- forbidden_services

def _is_listed_service(o: Observation, services: set[str]) -> bool:
    """Detection names the protocol, the product says what serves it: Elasticsearch on 9200 is
    service "http" with product "Elasticsearch REST API", and must count as elasticsearch."""
    if o.service in services:
        return True
    product = o.product.lower()
    return any(len(s) >= 4 and s in product for s in services)


def forbidden_services(args: ForbiddenServicesArgs, facts: ScanFacts) -> RuleResult:
    """Fails when a listed service (recognised by service detection, by its service name or its
    product name) or a listed port (when the service was not recognised) is open. With ``unless_allowed``, declared allowed ports are
    excused. Decided ``pass`` needs every listed port scanned, or service detection when the
    rule lists services only."""
    services, ports = set(args.services), set(args.ports)
    excused = facts.allowed_ports if args.unless_allowed else frozenset()
    hits: list[Observation] = []
    for o in facts.open_ports():
        if o.portspec in excused:
            continue
        if (o.detected and _is_listed_service(o, services)) or (not o.detected and o.portspec in ports):
            hits.append(o)
    if hits:
        return _open_ports_failed(hits)
    if not facts.hosts_up:
        return _no_host()
    needed = sorted(p for p in ports if p not in excused)
    missing = [p for p in needed if not facts.was_scanned(p)]
    named = ", ".join(sorted(services)) or ports_text(needed)
    if missing:
        return RuleResult(
            "undecided",
            f"Chưa quét cổng {ports_text(missing)} nên chưa kết luận được về {named}.",
            f"Port {ports_text(missing)} was not scanned, so {named} cannot be decided.", missing_ports=tuple(missing))
    if not needed and not facts.service_detection:
        return RuleResult(
            "undecided",
            f"Lần quét không nhận diện dịch vụ nên chưa biết có {named} hay không; cần rà quét lại có "
            "nhận diện dịch vụ.",
            f"The scan did not detect services, so it cannot tell whether {named} runs; a scan with "
            "service detection is needed.")
    n = _hosts_count(facts)
    how = (f"đã quét cổng {ports_text(needed)}" if needed else "đã nhận diện dịch vụ") + f" trên {n} máy"
    how_en = (f"ports {ports_text(needed)} scanned" if needed else "services detected") + f" on {n} host(s)"
    return RuleResult("pass", f"Không thấy {named} đang mở ({how}).",
                      f"No {named} found open ({how_en}).")


# ---------------------------------------------------------------- http_without_tls

def _is_http(o: Observation) -> bool:
    name = o.service
    return (name == "http" or name.startswith("http-")) and o.tunnel != "ssl"


def http_without_tls(args: HttpWithoutTlsArgs, facts: ScanFacts) -> RuleResult:
    """Fails when service detection finds a web service answering without TLS (on ``ports``
    when given). Undecided without service detection: a port number alone does not say HTTP."""
    limit = set(args.ports)
    hits = [o for o in facts.open_ports() if o.detected and _is_http(o) and (not limit or o.portspec in limit)]
    if hits:
        return failed([f"cổng {o.portspec}{_svc(o)} trên {_where(o)} phục vụ web bằng HTTP không mã hóa" for o in hits],
                       [f"port {o.portspec}{_svc(o)} on {_where(o)} serves the web over cleartext HTTP" for o in hits],
                       (o.id for o in hits))
    if not facts.hosts_up:
        return _no_host()
    if not facts.service_detection:
        return RuleResult(
            "undecided",
            "Lần quét không nhận diện dịch vụ nên chưa biết cổng nào là web; cần rà quét lại có nhận diện "
            "dịch vụ.",
            "The scan did not detect services, so it cannot tell which ports serve the web; a scan with "
            "service detection is needed.")
    missing = sorted(p for p in limit if not facts.was_scanned(p))
    if missing:
        return RuleResult("undecided", f"Chưa quét cổng {ports_text(missing)} nên chưa kết luận được.",
                          f"Port {ports_text(missing)} was not scanned, so this cannot be decided.",
                          missing_ports=tuple(missing))
    web = [o for o in facts.open_ports() if o.detected and o.service.startswith("http")]
    n = _hosts_count(facts)
    return RuleResult("pass",
                      f"Không có dịch vụ web nào dùng HTTP không mã hóa ({len(web)} dịch vụ web có TLS, {n} máy).",
                      f"No web service answers in cleartext HTTP ({len(web)} web service(s) with TLS, {n} host(s)).")


# ---------------------------------------------------------------- weak_tls

_PROTOCOL_RANK = {"SSLv2": 0, "SSLv3": 1, "TLSv1.0": 2, "TLSv1.1": 3, "TLSv1.2": 4, "TLSv1.3": 5}
_GRADES = "ABCDEF"


def _grade_rank(g: str) -> int:
    g = g.strip().upper()[:1]
    return _GRADES.index(g) if g and g in _GRADES else len(_GRADES)


def tls_summary(data: Any) -> tuple[list[str], str]:
    """(protocols offered, least cipher grade) from ssl-enum-ciphers' structured output."""
    if not isinstance(data, dict):
        return [], ""
    protocols = sorted((k for k in data if k in _PROTOCOL_RANK), key=_PROTOCOL_RANK.__getitem__)
    least = str(data.get("least strength", "") or "")
    if not least:
        grades = [str(c.get("strength", "")) for p in protocols
                  for c in (data[p].get("ciphers") or [] if isinstance(data[p], dict) else [])
                  if isinstance(c, dict)]
        least = max(grades, key=_grade_rank) if grades else ""
    return protocols, least


def weak_tls(args: WeakTlsArgs, facts: ScanFacts) -> RuleResult:
    """Fails when a TLS service offers a protocol older than ``min_version`` or a cipher graded
    below ``min_grade`` by nmap's ssl-enum-ciphers. Undecided when the script did not run or
    found no TLS service."""
    tls = [o for o in facts.open_ports() if isinstance(o.scripts.get(TLS_SCRIPT), Mapping)
           and "data" in o.scripts[TLS_SCRIPT]]
    min_rank, min_grade = _PROTOCOL_RANK[args.min_version], _grade_rank(args.min_grade)
    hits: list[tuple[Observation, list[str], str]] = []
    for o in tls:
        protocols, least = tls_summary(o.scripts[TLS_SCRIPT]["data"])
        old = [p for p in protocols if _PROTOCOL_RANK[p] < min_rank]
        weak_grade = least if least and _grade_rank(least) > min_grade else ""
        if old or weak_grade:
            hits.append((o, old, weak_grade))
    if hits:
        vi, en = [], []
        for o, old, grade in hits:
            bits_vi, bits_en = [], []
            if old:
                bits_vi.append(f"cho phép {', '.join(old)} (tối thiểu {args.min_version})")
                bits_en.append(f"offers {', '.join(old)} (minimum {args.min_version})")
            if grade:
                bits_vi.append(f"có bộ mã hóa hạng {grade} (tối thiểu hạng {args.min_grade})")
                bits_en.append(f"has ciphers graded {grade} (minimum grade {args.min_grade})")
            vi.append(f"cổng {o.portspec} trên {_where(o)} " + " và ".join(bits_vi))
            en.append(f"port {o.portspec} on {_where(o)} " + " and ".join(bits_en))
        return failed(vi, en, (o.id for o, _a, _b in hits))
    if not facts.hosts_up:
        return _no_host()
    if not tls:
        if TLS_SCRIPT not in facts.scripts_run:
            return RuleResult(
                "undecided",
                "Lần quét không kiểm tra cấu hình TLS; cần rà quét lại có kiểm tra TLS.",
                "The scan did not check the TLS configuration; a scan with the TLS check is needed.")
        return RuleResult("undecided", "Không thấy dịch vụ TLS nào để đánh giá.",
                          "No TLS service was found to judge.")
    where = ", ".join(f"{o.portspec} trên {_where(o)}" for o in tls[:SHOWN])
    where_en = ", ".join(f"{o.portspec} on {_where(o)}" for o in tls[:SHOWN])
    return RuleResult(
        "pass",
        f"Các dịch vụ TLS ({where}) chỉ dùng {args.min_version} trở lên, bộ mã hóa từ hạng {args.min_grade}.",
        f"The TLS services ({where_en}) use only {args.min_version} or later, ciphers graded "
        f"{args.min_grade} or better.", tuple(o.id for o in tls))


# ---------------------------------------------------------------- allowed_ports_only

def allowed_ports_only(args: AllowedPortsOnlyArgs, facts: ScanFacts) -> RuleResult:
    """Fails when an open port is not among the system's declared allowed ports. Decided
    ``pass`` needs, for each protocol, a scan that looked beyond the allowed ports."""
    protocols = set(args.protocols)
    hits = [o for o in facts.open_ports() if o.protocol in protocols and o.portspec not in facts.allowed_ports]
    allowed = ports_text(sorted(facts.allowed_ports))
    allowed_vi, allowed_en = allowed or "không có", allowed or "none"
    if hits:
        return _open_ports_failed(hits, f" — ngoài danh sách cổng đã đăng ký ({allowed_vi})",
                                  f" — not among the declared allowed ports ({allowed_en})")
    if not facts.hosts_up:
        return _no_host()
    blind = []
    for proto in sorted(protocols):
        allowed_nums = {int(p.split("/")[0]) for p in facts.allowed_ports if p.endswith("/" + proto)}
        if not (facts.scanned.get(proto, frozenset()) - allowed_nums):
            blind.append(proto.upper())
    if blind:
        what = ", ".join(blind)
        return RuleResult(
            "undecided",
            f"Lần quét không xét cổng {what} nào ngoài các cổng đã đăng ký nên chưa kết luận được.",
            f"The scan looked at no {what} port outside the declared ones, so this cannot be decided.")
    count = sum(len(facts.scanned.get(p, frozenset())) for p in protocols)
    n = _hosts_count(facts)
    return RuleResult(
        "pass",
        f"Chỉ các cổng đã đăng ký đang mở (đã quét {count} cổng trên {n} máy; cổng đăng ký: {allowed_vi}).",
        f"Only declared ports are open ({count} ports scanned on {n} host(s); declared: {allowed_en}).")


# ---------------------------------------------------------------- eol_versions

_VERSION = re.compile(r"^\s*v?([0-9]+(?:\.[0-9]+)*)")


def version_tuple(text: str) -> tuple[int, ...] | None:
    """The leading dotted number of a version string (``"7.4p1"`` -> (7, 4)); None if there is none."""
    m = _VERSION.match(text)
    return tuple(int(x) for x in m.group(1).split(".")) if m else None


def version_below(version: tuple[int, ...], floor: tuple[int, ...]) -> bool:
    n = max(len(version), len(floor))
    return version + (0,) * (n - len(version)) < floor + (0,) * (n - len(floor))


def _product_name(o: Observation) -> str:
    """The product as the data table names it. nmap reports a MariaDB server as product "MySQL" with a
    version like "5.5.5-10.6.12-MariaDB": that is MariaDB 10.6, not an old MySQL."""
    if "mariadb" in o.version.lower():
        return "MariaDB"
    return o.product


def eol_versions(args: EolVersionsArgs, facts: ScanFacts) -> RuleResult:
    """Fails when a detected product (matched with the table's ``product`` regular expression,
    whole name, case-insensitive) has a version below the table's ``below``. Undecided without
    service detection, without the table, or when a listed product's version is unknown."""
    table = facts.tables.get(args.table)
    if not isinstance(table, EolTable):
        return RuleResult(
            "undecided",
            f"Không có bảng dữ liệu “{args.table}” của bộ tiêu chí nên chưa kết luận được.",
            f"The catalog's data table “{args.table}” is not available, so this cannot be decided.")
    hits: list[tuple[Observation, EolEntry]] = []
    unknown: list[Observation] = []
    products = 0
    for o in facts.open_ports():
        if not o.product:
            continue
        products += 1
        product = _product_name(o)
        entry = next((e for e in table.entries if re.fullmatch(e.product, product, re.IGNORECASE)), None)
        if entry is None:
            continue
        ver = version_tuple(o.version)
        if ver is None:
            unknown.append(o)
        elif version_below(ver, version_tuple(entry.below) or ()):
            hits.append((o, entry))
    if hits:
        vi, en = [], []
        for o, e in hits:
            nv, ne = e.note.get("vi", ""), e.note.get("en", "")
            vi.append(f"{o.product} {o.version} trên {_where(o)} cổng {o.portspec} đã hết hỗ trợ "
                      f"(cần từ {e.below})" + (f": {nv}" if nv else ""))
            en.append(f"{o.product} {o.version} on {_where(o)} port {o.portspec} is out of support "
                      f"(needs {e.below} or later)" + (f": {ne}" if ne else ""))
        return failed(vi, en, (o.id for o, _e in hits))
    if not facts.hosts_up:
        return _no_host()
    if not facts.service_detection:
        return RuleResult(
            "undecided",
            "Lần quét không nhận diện phiên bản phần mềm; quét lại với --profile standard.",
            "The scan did not detect software versions; scan again with --profile standard.")
    if unknown:
        vi_items = [f"{o.product} trên {_where(o)} cổng {o.portspec}" for o in unknown]
        return RuleResult(
            "undecided",
            "Không xác định được phiên bản của " + join_items(vi_items, "vi") + ".",
            "The version of " + join_items([f"{o.product} on {_where(o)} port {o.portspec}" for o in unknown], "en")
            + " could not be determined.", tuple(o.id for o in unknown))
    return RuleResult(
        "pass",
        f"Không thấy phần mềm hết hỗ trợ trong {products} dịch vụ đã nhận diện được sản phẩm.",
        f"No out-of-support software among {products} service(s) whose product was identified.")
