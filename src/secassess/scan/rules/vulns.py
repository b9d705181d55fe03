"""Vulnerability scanner rules (OpenVAS, Nuclei): overdue vulnerabilities, known-exploited CVEs."""

from __future__ import annotations

from secassess.catalog.scanrules import CveTable, KnownExploitedArgs, VulnerabilitiesOverdueArgs
from secassess.clock import fmt_date
from secassess.scan.importers.interface import SEVERITY_RANK
from secassess.scan.rules.common import RuleResult, failed, join_items
from secassess.scan.rules.findings import Finding, FindingFacts

SEVERITY_VI = {"low": "thấp", "medium": "trung bình", "high": "cao", "critical": "nghiêm trọng"}


def no_host(facts: FindingFacts) -> RuleResult | None:
    """Undecided when the file covered no host in scope (nothing could have been seen)."""
    if facts.hosts:
        return None
    return RuleResult("undecided", "Tệp không có máy nào trong phạm vi nên chưa kết luận được.",
                      "The file covers no host in scope, so this cannot be decided.")


def vulnerabilities_overdue(args: VulnerabilitiesOverdueArgs, facts: FindingFacts) -> RuleResult:
    """Fails when a vulnerability at or above ``min_severity`` is still reported and was first
    reported more than the allowed days before this report. A finding seen for fewer days than
    that, with no earlier report of its host that did not show it, is of unknown age: the rule is
    then undecided, never a pass."""
    if (r := no_host(facts)) is not None:
        return r
    days = args.max_age_days
    if days is None:
        value = facts.parameters.get(args.max_age_parameter or "")
        days = value if isinstance(value, int) and not isinstance(value, bool) else None
    if days is None or facts.when is None:
        return RuleResult("undecided", f"Đợt đánh giá không có giá trị tham số “{args.max_age_parameter}”.",
                          f"The assessment has no value for the parameter “{args.max_age_parameter}”.")
    floor = SEVERITY_RANK[args.min_severity]
    sev_vi, sev_en = SEVERITY_VI[args.min_severity], args.min_severity
    overdue: list[tuple[Finding, int]] = []
    unknown: list[Finding] = []
    recent = 0
    for f in facts.findings:
        if f.rank < floor or not f.qod_at_least(args.min_qod):
            continue
        h = facts.history.get((f.host, f.vuln_key))
        first = h.first_seen if h is not None else facts.when
        age = (facts.when - first).days
        if age > days:
            overdue.append((f, age))
        elif h is not None and h.clean_before is not None and (facts.when - h.clean_before).days <= days:
            recent += 1
        else:
            unknown.append(f)
    if overdue:
        vi = [f"{f.label()} trên {f.where} còn tồn tại sau {age} ngày (phát hiện lần đầu "
              f"{fmt_date((facts.history[(f.host, f.vuln_key)]).first_seen)})" for f, age in overdue]
        en = [f"{f.label()} on {f.where} still open after {age} days (first seen "
              f"{fmt_date((facts.history[(f.host, f.vuln_key)]).first_seen)})" for f, age in overdue]
        return failed(vi, en, (f.id for f, _a in overdue), f" — quá hạn khắc phục {days} ngày",
                      f" — beyond the {days}-day remediation deadline")
    if unknown:
        items = [f"{f.label()} trên {f.where}" for f in unknown]
        items_en = [f"{f.label()} on {f.where}" for f in unknown]
        return RuleResult(
            "undecided",
            f"Có {len(unknown)} lỗ hổng mức {sev_vi} trở lên mới thấy trong báo cáo này hoặc gần đây "
            f"({join_items(items, 'vi')}); không có báo cáo trước đó của máy này cho biết chúng xuất hiện từ "
            f"khi nào, nên chưa biết đã quá {days} ngày hay chưa. Nhập thêm báo cáo rà quét trước đó.",
            f"{len(unknown)} {sev_en} or worse vulnerabilities are seen only in this or recent reports "
            f"({join_items(items_en, 'en')}); no earlier report of these hosts shows when they appeared, so whether "
            f"they are older than {days} days is unknown. Import an earlier scan report.",
            tuple(f.id for f in unknown))
    n = len(facts.hosts)
    tail_vi = f"; {recent} lỗ hổng mới xuất hiện, còn trong hạn" if recent else ""
    tail_en = f"; {recent} recent one(s) still within the deadline" if recent else ""
    return RuleResult("pass",
                      f"Không có lỗ hổng mức {sev_vi} trở lên tồn tại quá {days} ngày ({n} máy){tail_vi}.",
                      f"No {sev_en} or worse vulnerability open for more than {days} days ({n} host(s)){tail_en}.")


def known_exploited(args: KnownExploitedArgs, facts: FindingFacts) -> RuleResult:
    """Fails when a reported vulnerability has a CVE in the catalog's known-exploited table, a
    Nuclei ``kev`` tag, or a score of at least ``min_cvss``. Undecided when the table is named but
    not available and nothing else failed."""
    if (r := no_host(facts)) is not None:
        return r
    table = facts.tables.get(args.table) if args.table else None
    listed = table.ids() if isinstance(table, CveTable) else frozenset()
    hits: list[tuple[Finding, str, str]] = []
    for f in facts.findings:
        if not f.qod_at_least(args.min_qod):
            continue
        known = [c for c in f.cves if c in listed]
        if known or (args.kev_tag and f.detail.get("kev")):
            hits.append((f, "bị khai thác trong thực tế", "known to be exploited"))
        elif args.min_cvss is not None and f.score is not None and f.score >= args.min_cvss:
            hits.append((f, f"điểm CVSS {f.score:g}", f"CVSS {f.score:g}"))
    if hits:
        return failed([f"{f.label()} trên {f.where} chưa được vá ({why})" for f, why, _ in hits],
                      [f"{f.label()} on {f.where} is not patched ({why})" for f, _, why in hits],
                      (f.id for f, _a, _b in hits))
    if args.table and not isinstance(table, CveTable):
        return RuleResult(
            "undecided",
            f"Không có bảng dữ liệu “{args.table}” của bộ tiêu chí nên chưa kết luận được.",
            f"The catalog's data table “{args.table}” is not available, so this cannot be decided.")
    what_vi = [f"lỗ hổng đang bị khai thác ({len(listed)} CVE trong danh mục)"] if args.table else []
    what_en = [f"known-exploited vulnerability ({len(listed)} CVEs listed)"] if args.table else []
    if args.min_cvss is not None:
        what_vi.append(f"lỗ hổng điểm CVSS từ {args.min_cvss:g}")
        what_en.append(f"vulnerability scored {args.min_cvss:g} or more")
    if args.kev_tag and not args.table:
        what_vi.append("mẫu Nuclei gắn nhãn kev")
        what_en.append("Nuclei template tagged kev")
    n = len(facts.hosts)
    return RuleResult("pass", f"Không thấy {' hay '.join(what_vi)} trên {n} máy.",
                      f"No {' or '.join(what_en)} found on {n} host(s).")
