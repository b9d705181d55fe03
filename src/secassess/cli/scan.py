"""``secassess scan``: nmap scans of a system's authorised targets, import of scanner files (nmap,
OpenVAS/Greenbone, Nuclei, testssl.sh, Lynis, Wazuh SCA), what they showed and covered.

    secassess scan run ID [--profile quick|standard|tls] [--target T ...] [--ports P] [--timeout S]
    secassess scan import ID FILE [--tool T] [--target T ...] [--scanned-at DATE]
    secassess scan show ID [--scan N] [--all-ports]
"""

from __future__ import annotations

import sys
import threading
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
    from secassess.scan.plan import plan_run
    from secassess.scan.runner import NmapScanner

    ws = app.ws()
    scanner = NmapScanner()
    with ws.read() as conn:
        plan = plan_run(conn, assessment_id, scanner, profile=profile, targets=targets, ports=ports,
                        timeout=timeout, max_addresses=ws.config.limits.scan_max_addresses)
    if dry_run:
        if as_json:
            emit_json({"command": plan.command, "targets": list(plan.scope.texts), "ports": len(plan.request.ports),
                       "profile": plan.profile.name})
        else:
            click.echo(tr("Lệnh sẽ chạy (không quét vì có --dry-run):", "Command (not run, --dry-run):"))
            click.echo(" ".join(["nmap", *plan.command[1:]]))
        return
    if not as_json:
        click.echo(tr("Quét {t} — hồ sơ {p}, {n} cổng TCP, tối đa {s} giây…",
                      "Scanning {t} — profile {p}, {n} TCP ports, at most {s} s…",
                      t=", ".join(plan.scope.texts), p=plan.profile.name, n=len(plan.request.ports), s=timeout),
                   err=True)
    # While nmap runs, the rest is made ready in the background: the parser, the rules, the
    # catalog's data tables (loading the catalogs takes a moment) and nmap's version.
    prepared: dict[str, Any] = {}

    def prepare() -> None:
        try:
            import secassess.scan.service  # noqa: F401  (parser, rules, pydantic models)

            prepared["tables"] = _tables(app, plan.assessment, plan.rows)
            prepared["version"] = scanner.version()
        except BaseException as exc:  # re-raised in the main thread
            prepared["error"] = exc

    helper = threading.Thread(target=prepare, name="scan-prepare", daemon=True)
    helper.start()
    show, end = _progress_printer(as_json)
    try:
        raw = scanner.run(plan.request, show)
    finally:
        end()
        helper.join()
    if "error" in prepared:
        raise prepared["error"]
    tables, warning = prepared["tables"]
    from secassess.scan.service import record_run
    from secassess.workspace import actor

    with ws.write() as conn:
        rec = record_run(conn, ws.evidence_dir, plan, raw, actor(), tables)
    if warning:
        rec.warnings.append(warning)
    rec.warnings.extend(w for w in raw.warnings if not w.startswith("Stats:"))
    _report(rec, as_json)


def _tables(app: App, assessment: Any, rows: Any) -> tuple[dict[str, Any], str | None]:
    from secassess.errors import InputError
    from secassess.scan.service import needs_tables, tables_for

    if not needs_tables(rows):
        return {}, None
    try:
        lib = app.library()
    except InputError:
        return {}, tr("không nạp được bộ tiêu chí (chạy “secassess checklist validate”); các quy tắc cần bảng dữ "
                      "liệu sẽ chưa kết luận",
                      "the catalogs could not be loaded (run “secassess checklist validate”); rules needing "
                      "data tables stay undecided")
    return tables_for(assessment, lib.catalogs)


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
    from secassess.assessment.service import ensure_draft, load_assessment, load_results
    from secassess.scan.service import import_scan, parse_evidence, read_import_file
    from secassess.workspace import actor

    ws = app.ws()
    when = _scanned_at(scanned_at) if scanned_at is not None else None
    data = read_import_file(file, ws.config.limits.evidence_max_mb * 1024 * 1024)
    with ws.read() as conn:
        assessment = load_assessment(conn, assessment_id)
        ensure_draft(assessment)
        rows = load_results(conn, assessment_id)
    parsed = parse_evidence(data, file_name=str(file), tool=tool)  # read before taking the write lock
    tables, warning = _tables(app, assessment, rows)
    with ws.write() as conn:
        rec = import_scan(conn, ws.evidence_dir, assessment_id, data, file_name=str(file), actor=actor(),
                          tables=tables, parsed=parsed, targets=targets, scanned_at=when)
    if warning:
        rec.warnings.append(warning)
    _report(rec, as_json)


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
    from secassess.assessment.service import load_assessment, load_results
    from secassess.scan.service import (
        evidence_window,
        get_scan,
        list_scans,
        load_findings,
        load_observations,
        load_outcomes,
        merged_view,
    )

    with app.ws().read() as conn:
        assessment = load_assessment(conn, assessment_id)
        scan_list = list_scans(conn, assessment_id)
        chosen = get_scan(conn, assessment_id, scan_id) if scan_id is not None else (scan_list[-1] if scan_list else None)
        obs = load_observations(conn, [chosen.id]) if chosen else []
        found = load_findings(conn, [chosen.id]) if chosen else []
        all_outcomes = load_outcomes(conn, [s.id for s in scan_list])
        merged = merged_view(load_results(conn, assessment_id), all_outcomes)
    as_of, max_age = evidence_window(assessment)
    outcomes = [o for o in all_outcomes if chosen is not None and o.scan_id == chosen.id]
    hosts = [o for o in obs if o.port is None]
    ports = [o for o in obs if o.port is not None and (all_ports or o.state == "open")]
    if as_json:
        emit_json({
            "assessment_id": assessment.id, "system_id": assessment.system_id, "status": assessment.status,
            "evidence_max_age_days": max_age, "as_of": as_of,
            "scans": [{**s.to_dict(), "stale": _stale(s, as_of, max_age)} for s in scan_list],
            "scan_id": chosen.id if chosen else None,
            "hosts": [{"id": o.id, "host": o.host, "hostname": o.hostname, "state": o.state} for o in hosts],
            "observations": [{"id": o.id, "host": o.host, "hostname": o.hostname, "port": o.port,
                              "protocol": o.protocol, "state": o.state, "service": o.service,
                              "service_method": o.service_method, "product": o.product, "version": o.version,
                              "cpe": list(o.cpe), "tunnel": o.tunnel, "scripts": dict(o.scripts)}
                             for o in obs if o.port is not None],
            "findings": [{"id": f.id, "host": f.host, "hostname": f.hostname, "port": f.port, "protocol": f.protocol,
                          "ref": f.ref, "title": f.title, "severity": f.severity, "score": f.score,
                          "status": f.status, "cves": list(f.cves), "detail": dict(f.detail)} for f in found],
            "outcomes": [o.to_dict() for o in outcomes],
            "controls": [m.to_dict() for m in merged],
            "conflicts": [m.control_id for m in merged if m.conflict],
            "uncovered": {m.control_id: m.uncovered for m in merged if m.uncovered},
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
                 fmt_datetime(s.when) + (tr(" (quá hạn)", " (stale)") if _stale(s, as_of, max_age) else ""),
                 ", ".join(s.targets), len(s.ignored_hosts), s.sha256[:16] + "…") for s in scan_list])
    stale = [s for s in scan_list if _stale(s, as_of, max_age)]
    if stale:
        click.echo(tr("Bằng chứng quá {d} ngày không được tính: lần quét {i}.",
                      "Evidence older than {d} days does not count: scan(s) {i}.", d=max_age,
                      i=", ".join(str(s.id) for s in stale)))
    assert chosen is not None
    click.echo()
    if chosen.scanner == "nmap":
        click.secho(tr("Quan sát của lần quét số {i}", "Observations of scan {i}", i=chosen.id), bold=True)
        up = [h.host for h in hosts if h.state == "up"]
        click.echo(tr("{n} máy trả lời: {h}", "{n} host(s) up: {h}", n=len(up), h=", ".join(up) or "—"))
    else:
        click.secho(tr("Phát hiện của lần quét số {i} ({t})", "Findings of scan {i} ({t})", i=chosen.id,
                       t=_tool_label(chosen.scanner)), bold=True)
        click.echo(_summary_line(chosen))
    if chosen.ignored_hosts:
        click.echo(tr("Máy ngoài phạm vi bị bỏ qua: {h}", "Hosts outside the scope, ignored: {h}",
                      h=", ".join(chosen.ignored_hosts)))
    if chosen.scanner == "nmap":
        if ports:
            echo_table([tr("Máy", "Host"), tr("Cổng", "Port"), tr("Trạng thái", "State"), tr("Dịch vụ", "Service"),
                        tr("Sản phẩm", "Product"), tr("Đường hầm", "Tunnel"), "TLS"], [_obs_row(o) for o in ports])
        else:
            click.echo(tr("Không thấy cổng mở nào.", "No open port seen."))
    else:
        _findings_table(found)
    if outcomes:
        click.echo()
        click.secho(tr("Kết quả theo quy tắc (lần quét số {i})", "Rule outcomes (scan {i})", i=chosen.id), bold=True)
        _outcome_table(outcomes)
    if merged:
        click.echo()
        click.secho(tr("Đối chiếu với phiếu tự đánh giá (tất cả lần quét)", "Questionnaire and scans (all scans)"),
                    bold=True)
        echo_table([tr("Yêu cầu", "Control"), tr("Tự đánh giá", "Questionnaire"), tr("Rà quét", "Scan"),
                    tr("Kết quả tính điểm", "Counted"), tr("Mâu thuẫn", "Conflict"), tr("Chưa kiểm tra", "Not covered")],
                   [(m.control_id, result_label(m.declared), outcome_label(m.technical), result_label(m.effective),
                     tr("CÓ", "YES") if m.conflict else "", ", ".join(g["target"] for g in m.uncovered))
                    for m in merged])
        conflicts = [m for m in merged if m.conflict]
        if conflicts:
            click.echo()
            for m in conflicts:
                click.echo(tr("Mâu thuẫn: {c} tự đánh giá “{d}” nhưng rà quét cho kết quả “Không đạt”; kết quả "
                              "tính điểm là “Không đạt”.",
                              "Conflict: {c} was declared “{d}” but the scan failed it; it counts as “Fail”.",
                              c=m.control_id, d=result_label(m.declared)))
        gaps = [m for m in merged if m.uncovered]
        if gaps:
            click.echo()
            click.secho(tr("Phạm vi chưa được kiểm tra (kết quả “Đạt” chưa đứng vững cho toàn hệ thống)",
                           "Not covered (a pass does not hold for the whole system)"), bold=True)
            for m in gaps:
                click.echo(f"  {m.control_id}: " + uncovered_text(m.uncovered))


def _stale(s: Any, as_of: Any, max_age: int) -> bool:
    from datetime import timedelta

    return bool(s.when < as_of - timedelta(days=max_age))


def uncovered_text(gaps: list[dict[str, Any]]) -> str:
    """``10.0.0.6 (…); 10.0.0.0/28 (hosts …)`` in the current language."""
    from secassess.scan.coverage import gap_text

    return "; ".join(gap_text(g, lang()) for g in gaps)


SHOWN_FINDINGS = 25


def _findings_table(found: list[Any]) -> None:
    from secassess.scan.present import severity_word

    rank = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}
    interesting = [f for f in found if f.severity != "info" or f.status in ("failed", "warning")]
    if not interesting:
        click.echo(tr("Không có phát hiện nào đáng kể.", "No finding of note."))
        return
    shown = sorted(interesting, key=lambda f: (rank.get(f.severity, 5), f.host, f.port or 0))[:SHOWN_FINDINGS]
    echo_table([tr("Máy", "Host"), tr("Cổng", "Port"), tr("Mã", "Id"), tr("Mức", "Severity"), tr("Nội dung", "Finding")],
               [(f.host, f.port or "", ", ".join(f.cves) or f.ref, severity_word(f.severity, lang())
                 + (f" ({f.status})" if f.status and f.status not in ("LOW", "MEDIUM", "HIGH", "CRITICAL") else ""),
                 f.title) for f in shown], max_col=70)
    if len(interesting) > len(shown):
        click.echo(tr("… và {n} phát hiện khác (xem đủ bằng --json).", "… and {n} more (see all with --json).",
                      n=len(interesting) - len(shown)))
