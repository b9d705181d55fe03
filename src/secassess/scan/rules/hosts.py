"""Host audit rules: Lynis hardening, Wazuh SCA configuration checks."""

from __future__ import annotations

from fnmatch import fnmatchcase

from secassess.catalog.scanrules import HardeningIndexArgs, ScaChecksArgs
from secassess.scan.rules.common import RuleResult, failed, join_items
from secassess.scan.rules.findings import Finding, FindingFacts
from secassess.scan.rules.vulns import no_host


def hardening_index(args: HardeningIndexArgs, facts: FindingFacts) -> RuleResult:
    """Fails when Lynis's hardening index is below ``min_index`` or a warning named in ``warnings``
    (with ``any_warning``: any warning) was raised. Undecided when the report has no index."""
    if (r := no_host(facts)) is not None:
        return r
    host = ", ".join(facts.hosts)
    index = facts.summary.get("hardening_index")
    warnings = [f for f in facts.findings if f.status == "warning"]
    named = [f for f in warnings if args.any_warning or f.ref in args.warnings]
    vi: list[str] = []
    en: list[str] = []
    if isinstance(index, int) and index < args.min_index:
        vi.append(f"chỉ số an toàn (hardening index) của {host} là {index}, dưới mức tối thiểu {args.min_index}")
        en.append(f"the hardening index of {host} is {index}, below the minimum of {args.min_index}")
    for f in named:
        vi.append(f"cảnh báo {f.ref} trên {host}: {f.title}")
        en.append(f"warning {f.ref} on {host}: {f.title}")
    if vi:
        return failed(vi, en, (f.id for f in named))
    if not isinstance(index, int):
        return RuleResult("undecided", "Báo cáo Lynis không có chỉ số hardening_index nên chưa kết luận được.",
                          "The Lynis report has no hardening_index, so this cannot be decided.")
    group = str(facts.summary.get("test_group") or "")
    scope_vi = f" (chỉ chạy nhóm kiểm tra: {group})" if group and group != "all" else ""
    scope_en = f" (test groups run: {group})" if group and group != "all" else ""
    return RuleResult(
        "pass", f"Chỉ số an toàn của {host} là {index} (tối thiểu {args.min_index}), không có cảnh báo bị cấm"
                f"{scope_vi}.",
        f"The hardening index of {host} is {index} (minimum {args.min_index}), with no forbidden warning{scope_en}.")


def _selected(f: Finding, args: ScaChecksArgs) -> bool:
    if args.policy is not None and not fnmatchcase(str(f.detail.get("policy_id", "")), args.policy):
        return False
    if not args.checks and not args.compliance:
        return True
    if f.ref in args.checks:
        return True
    pairs = [str(c).partition(":")[::2] for c in f.detail.get("compliance") or []]
    for want in args.compliance:
        key, _, value = want.partition(":")
        for k, v in pairs:
            if _standard(k, key) and (not value or v == value or v.startswith(value + ".")):
                return True
    return False


def _standard(key: str, want: str) -> bool:
    """A compliance key names the wanted standard itself or a version of it: ``pci_dss`` matches
    ``pci_dss_v4.0``; ``cis`` (the CIS Benchmark) does not match ``cis_csc_v8`` (CIS Controls)."""
    return key == want or key.startswith(want + "_v")


def sca_checks(args: ScaChecksArgs, facts: FindingFacts) -> RuleResult:
    """Fails when more than ``max_failed`` selected checks failed. Undecided when a check named in
    ``checks`` is not in the file, or no selected check applied to the host."""
    if (r := no_host(facts)) is not None:
        return r
    host = ", ".join(facts.hosts)
    chosen = [f for f in facts.findings if _selected(f, args)]
    failed_checks = [f for f in chosen if f.status == "failed"]
    if len(failed_checks) > args.max_failed:
        items = [f"{f.ref} — {f.title.rstrip('.')}" for f in failed_checks]
        tail_vi = f" (tối đa cho phép {args.max_failed})" if args.max_failed else ""
        tail_en = f" (at most {args.max_failed} allowed)" if args.max_failed else ""
        return failed([f"{len(failed_checks)} kiểm tra cấu hình không đạt trên {host}: {join_items(items, 'vi')}"],
                      [f"{len(failed_checks)} configuration check(s) failed on {host}: {join_items(items, 'en')}"],
                      (f.id for f in failed_checks), tail_vi, tail_en)
    present = {f.ref for f in facts.findings}
    absent = [c for c in args.checks if c not in present]
    if absent:
        return RuleResult("undecided", f"Tệp không có kết quả của kiểm tra {', '.join(absent)} nên chưa kết luận được.",
                          f"The file has no result for check(s) {', '.join(absent)}, so this cannot be decided.")
    applied = [f for f in chosen if f.status in ("passed", "failed")]
    if not applied:
        return RuleResult("undecided", "Không có kiểm tra nào được chọn áp dụng cho máy này nên chưa kết luận được.",
                          "None of the selected checks applied to this host, so this cannot be decided.")
    passed = sum(1 for f in applied if f.status == "passed")
    na = len(chosen) - len(applied)
    return RuleResult("pass", f"{passed}/{len(applied)} kiểm tra cấu hình được chọn đạt trên {host} "
                              f"({na} không áp dụng).",
                      f"{passed} of {len(applied)} selected configuration checks passed on {host} "
                      f"({na} not applicable).")
