"""``secassess scan``: nmap scans of a system's authorised targets, import of scanner files (nmap,
OpenVAS/Greenbone, Nuclei, testssl.sh, Lynis, Wazuh SCA), what they showed and covered.

    secassess scan run ID [--profile quick|standard|tls] [--target T ...] [--ports P] [--timeout S]
    secassess scan import ID FILE [--tool T] [--target T ...] [--scanned-at DATE]
    secassess scan show ID [--scan N] [--all-ports]
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from secassess.cli.common import App, done_id, echo_table, emit_json, json_option, lang, pass_app
from secassess.i18n import tr

if TYPE_CHECKING:
    from secassess.scan.rules import Observation
    from secassess.scan.runner import Progress
    from secassess.scan.service import OutcomeRecord, Recorded

PROFILE_NAMES = ("quick", "standard", "tls")  # the keys of scan.profiles.PROFILES (kept light here)
TOOL_NAMES = ("nmap", "openvas", "nuclei", "testssl", "lynis", "wazuh")  # scan.importers.TOOLS

OUTCOME_LABELS = {"pass": ("Đạt", "Pass"), "fail": ("Không đạt", "Fail"),
                  "undecided": ("Chưa kết luận", "Undecided")}


def outcome_label(outcome: str | None) -> str:
    if outcome is None:
        return "—"
    vi, en = OUTCOME_LABELS.get(outcome, (outcome, outcome))
    return tr(vi, en)


def result_label(result: str | None) -> str:
    if result is None:
        return "—"
    from secassess.assessment.results import label

    return label(result, lang())


@click.group(help=tr(
    "Rà quét bằng nmap trong phạm vi được phép của hệ thống, nhập kết quả của các công cụ rà quét (nmap, "
    "OpenVAS/Greenbone, Nuclei, testssl.sh, Lynis, Wazuh SCA), xem quan sát, phạm vi đã kiểm tra và kết quả theo "
    "quy tắc.",
    "nmap scans of a system's authorised targets, import of scanner output (nmap, OpenVAS/Greenbone, Nuclei, "
    "testssl.sh, Lynis, Wazuh SCA), observations, what was covered and rule outcomes."))
def scan() -> None:
    pass


def _progress_printer(quiet: bool) -> tuple[Progress | None, Callable[[], None]]:
    """A progress callback writing to stderr (a live line on a terminal, a line every 10 s
    otherwise) and a function that ends the live line."""
    if quiet:
        return None, lambda: None
    stream = sys.stderr
    live = stream.isatty()
    state: dict[str, float] = {"last": 0.0, "drawn": 0.0}

    def show(elapsed: float, task: str, percent: float | None) -> None:
        text = tr("Đang quét… {s} giây", "Scanning… {s} s", s=int(elapsed))
        if task:
            text += f" — {task}" + (f" {percent:.0f}%" if percent is not None else "")
        if live:
            stream.write("\r" + text.ljust(70))
            stream.flush()
            state["drawn"] = 1.0
        elif elapsed - state["last"] >= 10:
            state["last"] = elapsed
            click.echo(text, err=True)

    def end() -> None:
        if state["drawn"]:
            stream.write("\n")
            stream.flush()

    return show, end


@scan.command("run", help=tr(
    "Quét các mục tiêu được phép của hệ thống bằng nmap (quét kết nối TCP, không cần quyền root), lưu kết quả "
    "làm bằng chứng và đối chiếu với các quy tắc rà quét. In mã lần quét ở dòng cuối.",
    "Scan the system's authorised targets with nmap (TCP connect scan, no root needed), store the results as "
    "evidence and judge the scan rules. Prints the scan id on the last line."))
@click.argument("assessment_id", type=int, metavar=tr("MÃ_ĐỢT", "ASSESSMENT"))
@click.option("--profile", type=click.Choice(PROFILE_NAMES), default="standard", show_default=True, help=tr(
    "Hồ sơ rà quét: quick (chỉ cổng mở), standard (thêm dịch vụ và phiên bản), tls (thêm kiểm tra TLS).",
    "Scan profile: quick (open ports), standard (adds services and versions), tls (adds TLS checks)."))
@click.option("--target", "targets", multiple=True, metavar="T", help=tr(
    "Chỉ quét mục tiêu này (IP, dải CIDR hoặc tên máy nằm trong phạm vi được phép; lặp lại được). Mặc định: "
    "tất cả mục tiêu được phép của hệ thống.",
    "Scan only this target (an IP, CIDR range or host name inside the authorised scope; repeatable). Default: "
    "all of the system's authorised targets."))
@click.option("--ports", metavar="80,443,8000-8100", help=tr(
    "Chỉ quét các cổng TCP này. Mặc định: 1000 cổng phổ biến nhất của nmap, các cổng được phép của hệ thống và "
    "các cổng mà quy tắc rà quét nêu.",
    "Scan exactly these TCP ports. Default: nmap's 1000 most common ports, the system's allowed ports and the "
    "ports named by the scan rules."))
@click.option("--timeout", type=click.IntRange(1, 86400), default=1800, show_default=True, metavar=tr("GIÂY", "SECONDS"),
              help=tr("Dừng nmap nếu quét lâu hơn số giây này.", "Stop nmap after this many seconds."))
@click.option("--dry-run", is_flag=True, help=tr("Chỉ kiểm tra và in lệnh nmap sẽ chạy, không quét.",
                                                 "Only check and print the nmap command, do not scan."))
@json_option
@pass_app
def scan_run(app: App, assessment_id: int, profile: str, targets: tuple[str, ...], ports: str | None,
             timeout: int, dry_run: bool, as_json: bool) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.scans import ScanOptions, ScanPlanned, run_scan

    def starting(plan: ScanPlanned) -> None:
        if not as_json:
            click.echo(tr("Quét {t} — hồ sơ {p}, {n} cổng TCP, tối đa {s} giây…",
                          "Scanning {t} — profile {p}, {n} TCP ports, at most {s} s…",
                          t=", ".join(plan.targets), p=plan.profile, n=plan.ports, s=plan.timeout), err=True)

    show, end = _progress_printer(as_json or dry_run)
    try:
        done = run_scan(app.ws(), local_actor(), assessment_id, ScanOptions(profile, targets, ports, timeout),
                        dry_run=dry_run, on_start=starting, progress=show)
    finally:
        end()
    if done.recorded is not None:
        _report(done.recorded, as_json)
    elif as_json:
        emit_json({"command": done.plan.command, "targets": done.plan.targets, "ports": done.plan.ports,
                   "profile": done.plan.profile})
    else:
        click.echo(tr("Lệnh sẽ chạy (không quét vì có --dry-run):", "Command (not run, --dry-run):"))
        click.echo(" ".join(["nmap", *done.plan.command[1:]]))


@scan.command("import", help=tr(
    "Nhập kết quả của công cụ rà quét do đơn vị tự chạy: XML của nmap (nmap -oX), báo cáo XML của "
    "OpenVAS/Greenbone, JSONL của Nuclei, JSON của testssl.sh, report.dat của Lynis, kết quả SCA của Wazuh (phản "
    "hồi API). Định dạng được tự nhận ra. Máy nằm ngoài phạm vi được phép của hệ thống bị liệt kê và bỏ qua. In mã "
    "lần quét ở dòng cuối.",
    "Import a scanner's output from a unit's own run: nmap XML (nmap -oX), an OpenVAS/Greenbone XML report, "
    "Nuclei JSONL, testssl.sh JSON, a Lynis report.dat, Wazuh SCA results (API responses). The format is detected. "
    "Hosts outside the system's authorised targets are listed and ignored. Prints the scan id on the last line."))
@click.argument("assessment_id", type=int, metavar=tr("MÃ_ĐỢT", "ASSESSMENT"))
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False), metavar=tr("TỆP", "FILE"))
@click.option("--tool", type=click.Choice(TOOL_NAMES), help=tr(
    "Công cụ đã tạo ra tệp (mặc định: tự nhận ra từ nội dung).",
    "The tool that wrote the file (default: detected from its content)."))
@click.option("--target", "targets", multiple=True, metavar="T", help=tr(
    "Mục tiêu được phép mà tệp nói đến, khi tệp không tự ghi: máy được kiểm tra (Lynis, Wazuh) hoặc các mục tiêu "
    "đã quét kể cả không có phát hiện (Nuclei). Lặp lại được.",
    "The authorised target the file is about when it does not say: the audited machine (Lynis, Wazuh), or the "
    "targets scanned, including those without findings (Nuclei). Repeatable."))
@click.option("--scanned-at", metavar=tr("NĂM-THÁNG-NGÀY", "YYYY-MM-DD"), help=tr(
    "Ngày chạy công cụ, cho tệp không ghi thời điểm (JSON phẳng của testssl.sh, SCA của Wazuh thiếu /sca/AGENT).",
    "The day the tool ran, for files that do not say (testssl.sh flat JSON, Wazuh SCA without /sca/AGENT)."))
@json_option
@pass_app
def scan_import(app: App, assessment_id: int, file: Path, tool: str | None, targets: tuple[str, ...],
                scanned_at: str | None, as_json: bool) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.scans import import_scan

    ws = app.ws()
    when = _scanned_at(scanned_at) if scanned_at is not None else None
    _report(import_scan(ws, local_actor(), assessment_id, file, tool=tool, targets=targets, scanned_at=when), as_json)


def _scanned_at(text: str) -> Any:
    from datetime import datetime

    from secassess.clock import parse_datetime
    from secassess.errors import InputError

    try:
        value: datetime = parse_datetime(text)
    except ValueError:
        raise InputError(tr("“{t}” không phải ngày hợp lệ (NĂM-THÁNG-NGÀY, ví dụ 2026-10-01)",
                            "“{t}” is not a valid date (YYYY-MM-DD, e.g. 2026-10-01)", t=text[:40]),
                         location="--scanned-at") from None
    return value


def _tool_label(tool: str) -> str:
    from secassess.scan.importers import IMPORTERS

    return IMPORTERS[tool].label if tool in IMPORTERS else tool


def _summary_line(s: Any) -> str:
    """What a non-nmap file showed, in one line."""
    from secassess.scan.present import summary_text

    return summary_text(s.scanner, s.summary, lang())


def _report(rec: Recorded, as_json: bool) -> None:
    if as_json:
        emit_json(rec.to_dict())
        return
    from secassess.clock import fmt_datetime

    s = rec.scan
    if not rec.new:
        click.echo(tr("Tệp này đã được nhập vào đợt đánh giá trước đây (lần quét số {i}); không ghi thêm.",
                      "This file was already imported into the assessment (scan {i}); nothing new recorded.",
                      i=s.id))
        done_id(s.id)
        return
    how = tr("chạy", "run") if s.source == "run" else tr("nhập", "import")
    click.echo(tr("Lần quét số {i} ({h}) — {t} {v}{p}", "Scan {i} ({h}) — {t} {v}{p}", i=s.id, h=how,
                  t=_tool_label(s.scanner), v=s.scanner_version or "", p=f", {s.scan_profile}" if s.scan_profile else ""))
    click.echo(tr("Tệp lưu trong kho bằng chứng: SHA-256 {h}", "File stored as evidence: SHA-256 {h}", h=s.sha256))
    click.echo(tr("Thời điểm quét: {d}", "Scanned at: {d}", d=fmt_datetime(s.when)))
    ports = ", ".join(f"{v}/{k}" for k, v in (s.covered_ports or {}).items())
    click.echo(tr("Đã kiểm tra: {t}{p}", "Covered: {t}{p}", t=", ".join(s.targets) or "—",
                  p=tr(" (cổng {p})", " (ports {p})", p=ports) if ports and s.scanner != "nmap" else ""))
    if s.scanner == "nmap":
        click.echo(tr("{u} máy trả lời · {o} cổng mở", "{u} host(s) up · {o} open port(s)", u=rec.hosts_up,
                      o=rec.open_ports))
    else:
        click.echo(_summary_line(s))
    if s.ignored_hosts:
        click.echo(tr("Bỏ qua {n} máy ngoài phạm vi được phép (không dùng làm bằng chứng): {h}",
                      "Ignored {n} host(s) outside the authorised targets (not used as evidence): {h}",
                      n=len(s.ignored_hosts), h=", ".join(s.ignored_hosts)))
    if rec.outcomes:
        click.echo()
        click.secho(tr("Kết quả theo quy tắc rà quét", "Scan rule outcomes"), bold=True)
        _outcome_table(rec.outcomes)
    if rec.technical:
        click.echo()
        for control, (before, after) in rec.technical.items():
            click.echo(tr("Kết quả kỹ thuật của {c}: {b} → {a}", "Technical result of {c}: {b} → {a}",
                          c=control, b=outcome_label(before), a=outcome_label(after)))
    for w in rec.warnings:
        click.echo(tr("Lưu ý: {w}", "Note: {w}", w=w), err=True)
    click.echo(tr("Xem đối chiếu với phiếu tự đánh giá và phạm vi đã kiểm tra: secassess scan show {a}",
                  "Compare with the questionnaire and see what was covered: secassess scan show {a}",
                  a=s.assessment_id))
    done_id(s.id)


def _outcome_table(outcomes: list[OutcomeRecord]) -> None:
    echo_table([tr("Yêu cầu", "Control"), tr("Quy tắc", "Rule"), tr("Kết quả", "Outcome"), tr("Chi tiết", "Detail")],
               [(o.control_id, o.rule_type, outcome_label(o.outcome), o.message(lang())) for o in outcomes],
               max_col=110)


def _obs_row(o: Observation) -> tuple[Any, ...]:
    from secassess.scan.profiles import TLS_SCRIPT
    from secassess.scan.rules import tls_summary

    tls = ""
    data = (o.scripts.get(TLS_SCRIPT) or {}).get("data") if isinstance(o.scripts, dict) else None
    if data:
        protocols, least = tls_summary(data)
        tls = " ".join(protocols) + (f" ({least})" if least else "")
    return (o.host + (f" ({o.hostname})" if o.hostname and o.hostname != o.host else ""), o.portspec, o.state,
            o.service, " ".join(x for x in (o.product, o.version) if x), o.tunnel, tls)


@scan.command("show", help=tr(
    "Xem các lần quét và tệp đã nhập của một đợt đánh giá: quan sát (cổng, dịch vụ, phiên bản) hoặc phát hiện của "
    "công cụ, kết quả theo quy tắc, phạm vi đã và chưa kiểm tra, và đối chiếu với phiếu tự đánh giá (kết quả kỹ "
    "thuật xấu hơn thì được tính; mâu thuẫn được ghi nhận).",
    "Show an assessment's scans and imported files: observations (ports, services, versions) or the tool's "
    "findings, rule outcomes, what was and was not covered, and the comparison with the questionnaire (the worse "
    "technical result counts; conflicts are recorded)."))
@click.argument("assessment_id", type=int, metavar=tr("MÃ_ĐỢT", "ASSESSMENT"))
@click.option("--scan", "scan_id", type=int, help=tr("Lần quét cần xem (mặc định: lần gần nhất).",
                                                     "Which scan (default: the latest)."))
@click.option("--all-ports", is_flag=True, help=tr("Hiện cả cổng đóng và bị lọc mà nmap liệt kê.",
                                                   "Also show closed and filtered ports nmap listed."))
@json_option
@pass_app
def scan_show(app: App, assessment_id: int, scan_id: int | None, all_ports: bool, as_json: bool) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.scans import show_scans

    view = show_scans(app.ws(), local_actor(), assessment_id, scan_id=scan_id, all_ports=all_ports)
    assessment, scan_list, chosen, merged = view.assessment, view.scans, view.chosen, view.controls
    if as_json:
        emit_json({
            "assessment_id": assessment.id, "system_id": assessment.system_id, "status": assessment.status,
            "evidence_max_age_days": view.max_age_days, "as_of": view.as_of,
            "scans": [{**s.to_dict(), "stale": s.id in view.stale} for s in scan_list],
            "scan_id": chosen.id if chosen else None,
            "hosts": [{"id": o.id, "host": o.host, "hostname": o.hostname, "state": o.state} for o in view.hosts],
            "observations": [{"id": o.id, "host": o.host, "hostname": o.hostname, "port": o.port,
                              "protocol": o.protocol, "state": o.state, "service": o.service,
                              "service_method": o.service_method, "product": o.product, "version": o.version,
                              "cpe": list(o.cpe), "tunnel": o.tunnel, "scripts": dict(o.scripts)}
                             for o in view.observations],
            "findings": [{"id": f.id, "host": f.host, "hostname": f.hostname, "port": f.port, "protocol": f.protocol,
                          "ref": f.ref, "title": f.title, "severity": f.severity, "score": f.score,
                          "status": f.status, "cves": list(f.cves), "detail": dict(f.detail)} for f in view.findings],
            "outcomes": [o.to_dict() for o in view.outcomes],
            "controls": [m.to_dict() for m in merged],
            "conflicts": [m.control_id for m in view.conflicts],
            "uncovered": {m.control_id: m.uncovered for m in view.not_covered},
        })
        return
    click.secho(tr("Đợt đánh giá số {i} — hệ thống {s} ({st})", "Assessment {i} — system {s} ({st})",
                   i=assessment.id, s=assessment.system_id, st=assessment.status_label()), bold=True)
    if not scan_list:
        click.echo(tr("Chưa có lần quét nào. Quét bằng “secassess scan run {i}” hoặc nhập kết quả bằng "
                      "“secassess scan import {i} TỆP”.",
                      "No scans yet. Scan with “secassess scan run {i}” or import results with "
                      "“secassess scan import {i} FILE”.", i=assessment.id))
        return
    from secassess.clock import fmt_datetime

    click.echo()
    echo_table([tr("Lần quét", "Scan"), tr("Công cụ", "Tool"), tr("Nguồn", "Source"), tr("Thời điểm quét", "Scanned"),
                tr("Đã kiểm tra", "Covered"), tr("Bỏ qua", "Ignored"), "SHA-256"],
               [(s.id, _tool_label(s.scanner) + (f" ({s.scan_profile})" if s.scan_profile else ""),
                 tr("chạy", "run") if s.source == "run" else tr("nhập", "import"),
                 fmt_datetime(s.when) + (tr(" (quá hạn)", " (stale)") if s.id in view.stale else ""),
                 ", ".join(s.targets), len(s.ignored_hosts), s.sha256[:16] + "…") for s in scan_list])
    stale = [s for s in scan_list if s.id in view.stale]
    if stale:
        click.echo(tr("Bằng chứng quá {d} ngày không được tính: lần quét {i}.",
                      "Evidence older than {d} days does not count: scan(s) {i}.", d=view.max_age_days,
                      i=", ".join(str(s.id) for s in stale)))
    assert chosen is not None
    click.echo()
    if chosen.scanner == "nmap":
        click.secho(tr("Quan sát của lần quét số {i}", "Observations of scan {i}", i=chosen.id), bold=True)
        up = [h.host for h in view.hosts if h.state == "up"]
        click.echo(tr("{n} máy trả lời: {h}", "{n} host(s) up: {h}", n=len(up), h=", ".join(up) or "—"))
    else:
        click.secho(tr("Phát hiện của lần quét số {i} ({t})", "Findings of scan {i} ({t})", i=chosen.id,
                       t=_tool_label(chosen.scanner)), bold=True)
        click.echo(_summary_line(chosen))
    if chosen.ignored_hosts:
        click.echo(tr("Máy ngoài phạm vi bị bỏ qua: {h}", "Hosts outside the scope, ignored: {h}",
                      h=", ".join(chosen.ignored_hosts)))
    if chosen.scanner == "nmap":
        if view.ports:
            echo_table([tr("Máy", "Host"), tr("Cổng", "Port"), tr("Trạng thái", "State"), tr("Dịch vụ", "Service"),
                        tr("Sản phẩm", "Product"), tr("Đường hầm", "Tunnel"), "TLS"], [_obs_row(o) for o in view.ports])
        else:
            click.echo(tr("Không thấy cổng mở nào.", "No open port seen."))
    else:
        _findings_table(view.notable_findings)
    if view.outcomes:
        click.echo()
        click.secho(tr("Kết quả theo quy tắc (lần quét số {i})", "Rule outcomes (scan {i})", i=chosen.id), bold=True)
        _outcome_table(view.outcomes)
    if merged:
        click.echo()
        click.secho(tr("Đối chiếu với phiếu tự đánh giá (tất cả lần quét)", "Questionnaire and scans (all scans)"),
                    bold=True)
        echo_table([tr("Yêu cầu", "Control"), tr("Tự đánh giá", "Questionnaire"), tr("Rà quét", "Scan"),
                    tr("Kết quả tính điểm", "Counted"), tr("Mâu thuẫn", "Conflict"), tr("Chưa kiểm tra", "Not covered")],
                   [(m.control_id, result_label(m.declared), outcome_label(m.technical), result_label(m.effective),
                     tr("CÓ", "YES") if m.conflict else "", ", ".join(g["target"] for g in m.uncovered))
                    for m in merged])
        conflicts = view.conflicts
        if conflicts:
            click.echo()
            for m in conflicts:
                click.echo(tr("Mâu thuẫn: {c} tự đánh giá “{d}” nhưng rà quét cho kết quả “Không đạt”; kết quả "
                              "tính điểm là “Không đạt”.",
                              "Conflict: {c} was declared “{d}” but the scan failed it; it counts as “Fail”.",
                              c=m.control_id, d=result_label(m.declared)))
        gaps = view.not_covered
        if gaps:
            click.echo()
            click.secho(tr("Phạm vi chưa được kiểm tra (kết quả “Đạt” chưa đứng vững cho toàn hệ thống)",
                           "Not covered (a pass does not hold for the whole system)"), bold=True)
            for m in gaps:
                click.echo(f"  {m.control_id}: " + uncovered_text(m.uncovered))


def uncovered_text(gaps: list[dict[str, Any]]) -> str:
    """``10.0.0.6 (…); 10.0.0.0/28 (hosts …)`` in the current language."""
    from secassess.scan.gaps import gap_text

    return "; ".join(gap_text(g, lang()) for g in gaps)


SHOWN_FINDINGS = 25


def _findings_table(notable: list[Any]) -> None:
    from secassess.scan.present import severity_word

    if not notable:
        click.echo(tr("Không có phát hiện nào đáng kể.", "No finding of note."))
        return
    shown = notable[:SHOWN_FINDINGS]
    echo_table([tr("Máy", "Host"), tr("Cổng", "Port"), tr("Mã", "Id"), tr("Mức", "Severity"), tr("Nội dung", "Finding")],
               [(f.host, f.port or "", ", ".join(f.cves) or f.ref, severity_word(f.severity, lang())
                 + (f" ({f.status})" if f.status and f.status not in ("LOW", "MEDIUM", "HIGH", "CRITICAL") else ""),
                 f.title) for f in shown], max_col=70)
    if len(notable) > len(shown):
        click.echo(tr("… và {n} phát hiện khác (xem đủ bằng --json).", "… and {n} more (see all with --json).",
                      n=len(notable) - len(shown)))
