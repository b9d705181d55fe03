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
from secassess.messages import msg

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


@click.group(help=msg("cli.scan.nmap_scans_system_authorised_targets"))
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
        text = msg("cli.scan.scanning", s=int(elapsed))
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


@scan.command("run", help=msg("cli.scan.scan_system_authorised_targets_nmap"))
@click.argument("assessment_id", type=int, metavar=msg("cli.scan.assessment"))
@click.option("--profile", type=click.Choice(PROFILE_NAMES), default="standard", show_default=True, help=msg("cli.scan.scan_profile_quick_open_ports"))
@click.option("--target", "targets", multiple=True, metavar="T", help=msg("cli.scan.scan_only_target_ip_cidr"))
@click.option("--ports", metavar="80,443,8000-8100", help=msg("cli.scan.scan_exactly_these_tcp_ports"))
@click.option("--timeout", type=click.IntRange(1, 86400), default=1800, show_default=True, metavar=msg("cli.scan.seconds"),
              help=msg("cli.scan.stop_nmap_after_many_seconds"))
@click.option("--dry-run", is_flag=True, help=msg("cli.scan.only_check_print_nmap_command"))
@json_option
@pass_app
def scan_run(app: App, assessment_id: int, profile: str, targets: tuple[str, ...], ports: str | None,
             timeout: int, dry_run: bool, as_json: bool) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.scans import ScanOptions, ScanPlanned, run_scan

    def starting(plan: ScanPlanned) -> None:
        if not as_json:
            click.echo(msg("cli.scan.scanning_profile_tcp_ports_most", t=", ".join(plan.targets), p=plan.profile, n=plan.ports, s=plan.timeout), err=True)

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
        click.echo(msg("cli.scan.command_not_run_dry_run"))
        click.echo(" ".join(["nmap", *done.plan.command[1:]]))


@scan.command("import", help=msg("cli.scan.import_scanner_output_from_unit"))
@click.argument("assessment_id", type=int, metavar=msg("cli.scan.assessment"))
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False), metavar=msg("cli.scan.file"))
@click.option("--tool", type=click.Choice(TOOL_NAMES), help=msg("cli.scan.tool_wrote_file_default_detected"))
@click.option("--target", "targets", multiple=True, metavar="T", help=msg("cli.scan.authorised_target_file_about_when"))
@click.option("--scanned-at", metavar=msg("cli.scan.yyyy_mm_dd"), help=msg("cli.scan.day_tool_ran_files_do"))
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
        raise InputError(msg("cli.scan.not_valid_date_yyyy_mm", t=text[:40]),
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
        click.echo(msg("cli.scan.file_was_already_imported_into", i=s.id))
        done_id(s.id)
        return
    how = msg("cli.scan.run") if s.source == "run" else msg("cli.scan.import")
    click.echo(msg("cli.scan.scan", i=s.id, h=how, t=_tool_label(s.scanner), v=s.scanner_version or "", p=f", {s.scan_profile}" if s.scan_profile else ""))
    click.echo(msg("cli.scan.file_stored_as_evidence_sha", h=s.sha256))
    click.echo(msg("cli.scan.scanned", d=fmt_datetime(s.when)))
    ports = ", ".join(f"{v}/{k}" for k, v in (s.covered_ports or {}).items())
    click.echo(msg("cli.scan.covered_2", t=", ".join(s.targets) or "—", p=msg("cli.scan.ports", p=ports) if ports and s.scanner != "nmap" else ""))
    if s.scanner == "nmap":
        click.echo(msg("cli.scan.host_up_open_port", u=rec.hosts_up, o=rec.open_ports))
    else:
        click.echo(_summary_line(s))
    if s.ignored_hosts:
        click.echo(msg("cli.scan.ignored_host_outside_authorised_targets", n=len(s.ignored_hosts), h=", ".join(s.ignored_hosts)))
    if rec.outcomes:
        click.echo()
        click.secho(msg("cli.scan.scan_rule_outcomes"), bold=True)
        _outcome_table(rec.outcomes)
    if rec.technical:
        click.echo()
        for control, (before, after) in rec.technical.items():
            click.echo(msg("cli.scan.technical_result", c=control, b=outcome_label(before), a=outcome_label(after)))
    for w in rec.warnings:
        click.echo(msg("cli.scan.note", w=w), err=True)
    click.echo(msg("cli.scan.compare_questionnaire_see_what_was", a=s.assessment_id))
    done_id(s.id)


def _outcome_table(outcomes: list[OutcomeRecord]) -> None:
    echo_table([msg("cli.scan.control"), msg("cli.scan.rule"), msg("cli.scan.outcome"), msg("cli.scan.detail")],
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


@scan.command("show", help=msg("cli.scan.show_assessment_scans_imported_files"))
@click.argument("assessment_id", type=int, metavar=msg("cli.scan.assessment"))
@click.option("--scan", "scan_id", type=int, help=msg("cli.scan.which_scan_default_latest"))
@click.option("--all-ports", is_flag=True, help=msg("cli.scan.also_show_closed_filtered_ports"))
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
    click.secho(msg("cli.scan.assessment_system", i=assessment.id, s=assessment.system_id, st=assessment.status_label()), bold=True)
    if not scan_list:
        click.echo(msg("cli.scan.no_scans_yet_scan_secassess", i=assessment.id))
        return
    from secassess.clock import fmt_datetime

    click.echo()
    echo_table([msg("cli.scan.scan_2"), msg("cli.scan.tool"), msg("cli.scan.source"), msg("cli.scan.scanned_2"),
                msg("cli.scan.covered"), msg("cli.scan.ignored"), "SHA-256"],
               [(s.id, _tool_label(s.scanner) + (f" ({s.scan_profile})" if s.scan_profile else ""),
                 msg("cli.scan.run") if s.source == "run" else msg("cli.scan.import"),
                 fmt_datetime(s.when) + (msg("cli.scan.stale") if s.id in view.stale else ""),
                 ", ".join(s.targets), len(s.ignored_hosts), s.sha256[:16] + "…") for s in scan_list])
    stale = [s for s in scan_list if s.id in view.stale]
    if stale:
        click.echo(msg("cli.scan.evidence_older_than_days_does", d=view.max_age_days, i=", ".join(str(s.id) for s in stale)))
    assert chosen is not None
    click.echo()
    if chosen.scanner == "nmap":
        click.secho(msg("cli.scan.observations_scan", i=chosen.id), bold=True)
        up = [h.host for h in view.hosts if h.state == "up"]
        click.echo(msg("cli.scan.host_up", n=len(up), h=", ".join(up) or "—"))
    else:
        click.secho(msg("cli.scan.findings_scan", i=chosen.id, t=_tool_label(chosen.scanner)), bold=True)
        click.echo(_summary_line(chosen))
    if chosen.ignored_hosts:
        click.echo(msg("cli.scan.hosts_outside_scope_ignored", h=", ".join(chosen.ignored_hosts)))
    if chosen.scanner == "nmap":
        if view.ports:
            echo_table([msg("cli.scan.host"), msg("cli.scan.port"), msg("cli.scan.state"), msg("cli.scan.service"),
                        msg("cli.scan.product"), msg("cli.scan.tunnel"), "TLS"], [_obs_row(o) for o in view.ports])
        else:
            click.echo(msg("cli.scan.no_open_port_seen"))
    else:
        _findings_table(view.notable_findings)
    if view.outcomes:
        click.echo()
        click.secho(msg("cli.scan.rule_outcomes_scan", i=chosen.id), bold=True)
        _outcome_table(view.outcomes)
    if merged:
        click.echo()
        click.secho(msg("cli.scan.questionnaire_scans_all_scans"),
                    bold=True)
        echo_table([msg("cli.scan.control"), msg("cli.scan.questionnaire"), msg("cli.scan.scan_3"),
                    msg("cli.scan.counted"), msg("cli.scan.conflict"), msg("cli.scan.not_covered")],
                   [(m.control_id, result_label(m.declared), outcome_label(m.technical), result_label(m.effective),
                     msg("cli.scan.yes") if m.conflict else "", ", ".join(g["target"] for g in m.uncovered))
                    for m in merged])
        conflicts = view.conflicts
        if conflicts:
            click.echo()
            for m in conflicts:
                click.echo(msg("cli.scan.conflict_was_declared_but_scan", c=m.control_id, d=result_label(m.declared)))
        gaps = view.not_covered
        if gaps:
            click.echo()
            click.secho(msg("cli.scan.not_covered_pass_does_not"), bold=True)
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
        click.echo(msg("cli.scan.no_finding_note"))
        return
    shown = notable[:SHOWN_FINDINGS]
    echo_table([msg("cli.scan.host"), msg("cli.scan.port"), msg("cli.scan.id"), msg("cli.scan.severity"), msg("cli.scan.finding")],
               [(f.host, f.port or "", ", ".join(f.cves) or f.ref, severity_word(f.severity, lang())
                 + (f" ({f.status})" if f.status and f.status not in ("LOW", "MEDIUM", "HIGH", "CRITICAL") else ""),
                 f.title) for f in shown], max_col=70)
    if len(notable) > len(shown):
        click.echo(msg("cli.scan.more_see_all_json", n=len(notable) - len(shown)))
