"""testssl.sh rules: deprecated protocols, findings by severity, certificates."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime

from secassess.catalog.scanrules import TlsCertificatesArgs, TlsFindingsArgs, TlsProtocolsArgs
from secassess.scan.importers.interface import SEVERITY_RANK
from secassess.scan.rules.common import RuleResult, failed
from secassess.scan.rules.findings import Finding, FindingFacts
from secassess.scan.rules.vulns import SEVERITY_VI, no_host

# testssl.sh's protocol ids, oldest first, and how the rule arguments name them
PROTOCOLS = {"SSLv2": 0, "SSLv3": 1, "TLS1": 2, "TLS1_1": 3, "TLS1_2": 4, "TLS1_3": 5}
PROTOCOL_NAMES = {"SSLv2": "SSLv2", "SSLv3": "SSLv3", "TLS1": "TLSv1.0", "TLS1_1": "TLSv1.1", "TLS1_2": "TLSv1.2",
                  "TLS1_3": "TLSv1.3"}
MIN_VERSION = {"TLSv1.2": 4, "TLSv1.3": 5}
_RATED = ("LOW", "MEDIUM", "HIGH", "CRITICAL")


def base_id(f: Finding) -> str:
    """``cert_notAfter <cert#1>`` -> ``cert_notAfter`` (testssl.sh numbers the certificates of a
    server that has several)."""
    return f.ref.split(" ", 1)[0]


def _services(findings: Iterable[Finding]) -> list[str]:
    return sorted({f.where for f in findings})


def _scan_problem(facts: FindingFacts) -> RuleResult | None:
    fatal = [f for f in facts.findings if f.status == "FATAL"]
    if not fatal:
        return None
    return RuleResult("undecided", f"testssl.sh báo lỗi khi quét ({fatal[0].title}) nên chưa kết luận được.",
                      f"testssl.sh reported a scan problem ({fatal[0].title}), so this cannot be decided.",
                      (fatal[0].id,))


def tls_protocols(args: TlsProtocolsArgs, facts: FindingFacts) -> RuleResult:
    """Fails when a service offers SSLv2, SSLv3 or a TLS version older than ``min_version``.
    Undecided when testssl.sh did not check protocols (``-p``)."""
    if (r := no_host(facts)) is not None:
        return r
    floor = MIN_VERSION[args.min_version]
    checked = [f for f in facts.findings if f.ref in PROTOCOLS]
    old = [f for f in checked if PROTOCOLS[f.ref] < floor and f.title.lower().startswith("offered")]
    if old:
        by_where: dict[str, list[Finding]] = {}
        for f in old:
            by_where.setdefault(f.where, []).append(f)
        vi = [f"{w} cho phép {', '.join(PROTOCOL_NAMES[f.ref] for f in fs)}" for w, fs in by_where.items()]
        en = [f"{w} offers {', '.join(PROTOCOL_NAMES[f.ref] for f in fs)}" for w, fs in by_where.items()]
        return failed(vi, en, (f.id for f in old), f" (tối thiểu {args.min_version})",
                      f" (minimum {args.min_version})")
    if (r := _scan_problem(facts)) is not None:
        return r
    if not checked:
        return RuleResult("undecided", "testssl.sh không kiểm tra giao thức (chạy với -p hoặc mặc định).",
                          "testssl.sh did not check the protocols (run it with -p or its defaults).")
    where = ", ".join(_services(checked))
    return RuleResult("pass", f"Các dịch vụ TLS ({where}) chỉ cho phép {args.min_version} trở lên.",
                      f"The TLS services ({where}) offer only {args.min_version} or later.")


def _ignored(f: Finding, patterns: list[str]) -> bool:
    ident = base_id(f)
    return any(ident.startswith(p[:-1]) if p.endswith("*") else ident == p for p in patterns)


def tls_findings(args: TlsFindingsArgs, facts: FindingFacts) -> RuleResult:
    """Fails when testssl.sh rates a finding at or above ``min_severity`` (ids in ``ignore`` left
    out). Undecided when testssl.sh reported a scan problem and nothing failed."""
    if (r := no_host(facts)) is not None:
        return r
    floor = SEVERITY_RANK[args.min_severity]
    rated = [f for f in facts.findings if f.status in _RATED and not _ignored(f, args.ignore)]
    hits = sorted((f for f in rated if f.rank >= floor), key=lambda f: -f.rank)
    if hits:
        return failed([f"{f.where}: {base_id(f)} — {f.title} (mức {f.status})" for f in hits],
                      [f"{f.where}: {base_id(f)} — {f.title} ({f.status})" for f in hits], (f.id for f in hits))
    if (r := _scan_problem(facts)) is not None:
        return r
    where = ", ".join(_services(facts.findings))
    return RuleResult(
        "pass", f"testssl.sh không báo phát hiện nào mức {SEVERITY_VI[args.min_severity]} trở lên ({where}; "
                f"{len(rated)} phát hiện mức thấp hơn).",
        f"testssl.sh rates no finding {args.min_severity} or worse ({where}; {len(rated)} lower-rated finding(s)).")


_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}))?")


def _not_after(text: str) -> datetime | None:
    m = _DAY.match(text.strip())
    if not m:
        return None
    try:
        return datetime.fromisoformat(f"{m.group(1)}T{m.group(2) or '00:00'}").replace(tzinfo=UTC)
    except ValueError:
        return None


def tls_certificates(args: TlsCertificatesArgs, facts: FindingFacts) -> RuleResult:
    """Fails when a certificate has expired or expires within ``min_days_left`` days of the scan,
    or (``require_trusted``) its chain of trust failed. Undecided when testssl.sh did not look at
    the certificates (``-S`` or its defaults)."""
    if (r := no_host(facts)) is not None:
        return r
    expiry = [f for f in facts.findings if base_id(f) == "cert_notAfter"]
    trust = [f for f in facts.findings if base_id(f) == "cert_chain_of_trust"]
    vi: list[str] = []
    en: list[str] = []
    ids: list[int] = []
    when = facts.when
    for f in expiry:
        end = _not_after(f.title)
        if end is None or when is None:
            continue
        left = (end - when).total_seconds() / 86400
        if left < 0:
            vi.append(f"chứng thư số của {f.where} đã hết hạn ngày {end:%d/%m/%Y}")
            en.append(f"the certificate of {f.where} expired on {end:%d/%m/%Y}")
            ids.append(f.id)
        elif left < args.min_days_left:
            vi.append(f"chứng thư số của {f.where} hết hạn ngày {end:%d/%m/%Y}, còn {int(left)} ngày "
                      f"(cần gia hạn trước {args.min_days_left} ngày)")
            en.append(f"the certificate of {f.where} expires on {end:%d/%m/%Y}, {int(left)} days after the scan "
                      f"(renew {args.min_days_left} days ahead)")
            ids.append(f.id)
    if args.require_trusted:
        for f in trust:
            if not f.title.lower().startswith("passed"):
                vi.append(f"chuỗi tin cậy chứng thư số của {f.where} không hợp lệ: {f.title.rstrip('.')}")
                en.append(f"the certificate chain of {f.where} is not trusted: {f.title.rstrip('.')}")
                ids.append(f.id)
    if vi:
        return failed(vi, en, ids)
    if (r := _scan_problem(facts)) is not None:
        return r
    if not expiry or (args.require_trusted and not trust):
        return RuleResult("undecided", "testssl.sh không kiểm tra chứng thư số (chạy với -S hoặc mặc định).",
                          "testssl.sh did not check the certificates (run it with -S or its defaults).")
    where = ", ".join(_services(expiry))
    trusted_vi = ", chuỗi tin cậy hợp lệ" if args.require_trusted else ""
    trusted_en = ", trusted chain" if args.require_trusted else ""
    return RuleResult("pass", f"Chứng thư số của {where} còn hạn trên {args.min_days_left} ngày{trusted_vi}.",
                      f"The certificates of {where} are valid for more than {args.min_days_left} days{trusted_en}.")
