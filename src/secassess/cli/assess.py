"""``secassess assess``: start an assessment, hand out questionnaires, take answers and evidence,
score, finalize."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from secassess.cli.common import App, done_id, echo_table, emit_json, json_option, lang, pass_app
from secassess.display import format_number, format_percent
from secassess.errors import GateFailed, InputError
from secassess.messages import msg

if TYPE_CHECKING:
    from secassess.app.assessments import Finalized


@click.group(help=msg("cli.assess.assessments_start_questionnaire_answer_evidence"))
def assess() -> None:
    pass


@assess.command("start", help=msg("cli.assess.start_assessment_system_without_profile"))
@click.argument("system_id")
@click.option("--profile", "profile_id", help=msg("cli.assess.profile"))
@click.option("--assessor", help=msg("cli.assess.assessor_default_current_user"))
@pass_app
def assess_start(app: App, system_id: str, profile_id: str | None, assessor: str | None) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.assessments import start

    done = start(app.ws(), local_actor(), system_id, profile_id=profile_id, assessor=assessor)
    a = done.assessment
    click.echo(msg("cli.assess.assessment_started_system_profile_catalog", i=a.id, s=a.system_id, p=a.profile_id, t=a.profile_title(lang()), c=a.catalog_id, v=a.catalog_version, l=a.level, n=done.controls, m=done.mandatory))
    if done.below_system_level:
        click.echo(msg("cli.assess.warning_profile_level_below_system", p=a.profile_id, a=a.level, b=done.system_level), err=True)
    click.echo(msg("cli.assess.next_secassess_assess_questionnaire_format", i=a.id))
    done_id(a.id)


@assess.command("list", help=msg("cli.assess.list_assessments_their_progress"))
@click.option("--system", "system_id", help=msg("cli.assess.only_system"))
@click.option("--status", metavar="STATUS", help=msg("cli.assess.filter_status_draft_finalized"))
@json_option
@pass_app
def assess_list(app: App, system_id: str | None, status: str | None, as_json: bool) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.assessments import list_assessments
    from secassess.clock import fmt_date
    from secassess.register import parse_assessment_status

    if status is not None:
        status = parse_assessment_status(status)
    rows = [(e.assessment, e.controls, e.answered, e.coverage, e.counts)
            for e in list_assessments(app.ws(), local_actor(), system_id=system_id, status=status)]
    if as_json:
        emit_json([{**a.to_dict(), "controls": total, "answered": answered, "coverage": cov,
                    "counts": c} for a, total, answered, cov, c in rows])
        return
    if not rows:
        click.echo(msg("cli.assess.no_assessments_yet_start_one"))
        return
    echo_table([msg("cli.assess.id"), msg("cli.assess.system"), msg("cli.assess.profile_2"), msg("cli.assess.status"),
                msg("cli.assess.started"), msg("cli.assess.answered"), msg("cli.assess.coverage")],
               [(a.id, a.system_id, a.profile_id, a.status_label(), fmt_date(a.started_at),
                 f"{answered}/{total}", format_percent(cov, lang())) for a, total, answered, cov, _c in rows])


@assess.command("show", help=msg("cli.assess.show_assessment_progress_counts_result"))
@click.argument("assessment_id", type=int)
@click.option("--all", "show_all", is_flag=True, help=msg("cli.assess.list_every_control_result"))
@json_option
@pass_app
def assess_show(app: App, assessment_id: int, show_all: bool, as_json: bool) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.assessments import show
    from secassess.assessment.results import RESULTS, label
    from secassess.clock import fmt_datetime

    view = show(app.ws(), local_actor(), assessment_id)
    a, rows, system, attachments, p = view.assessment, view.results, view.system, view.attachments, view.progress
    if as_json:
        emit_json({**a.to_dict(), "system_name": system.name, "progress": p.to_dict(),
                   "results": [r.to_dict() for r in rows], "attachments": [x.to_dict() for x in attachments]})
        return
    lg = lang()
    click.secho(msg("cli.assess.assessment", i=a.id, s=a.system_id, n=system.name), bold=True)
    click.echo(msg("cli.assess.profile_catalog_level", p=a.profile_id, t=a.profile_title(lg), c=a.catalog_id, v=a.catalog_version, l=a.level))
    click.echo(msg("cli.assess.assessor_started", a=a.assessor or "-", d=fmt_datetime(a.started_at)))
    if a.finalized:
        click.echo(msg("cli.assess.status_finalized", d=fmt_datetime(a.finalized_at), b=a.finalized_by or "-", x=msg("cli.assess.allowed_incomplete") if a.allow_incomplete else ""))
    else:
        click.echo(msg("cli.assess.status_draft"))
    click.echo(msg("cli.assess.answered_controls_coverage_evidence_files", a=p.answered, t=p.total, c=format_percent(p.coverage, lg), e=len(attachments)))
    click.echo("  " + " · ".join(f"{label(r, lg)}: {p.counts[r]}" for r in RESULTS))
    if p.mandatory_unanswered:
        click.secho(msg("cli.assess.mandatory_unanswered", n=len(p.mandatory_unanswered), c=", ".join(p.mandatory_unanswered)), fg="yellow")
    click.echo()
    if show_all:
        echo_table([msg("cli.assess.id"), msg("cli.assess.control"), msg("cli.assess.result"), msg("cli.assess.note")],
                   [(r.control_id + ("*" if r.mandatory else ""), r.text("title", lg), label(r.result, lg), r.note)
                    for r in rows], max_col=50)
        return
    todo = [r for r in rows if not r.answered]
    if not todo:
        click.echo(msg("cli.assess.every_control_answered"))
        return
    limit = 20
    click.echo(msg("cli.assess.unanswered", n=len(todo)))
    echo_table([msg("cli.assess.id"), msg("cli.assess.control")],
               [(r.control_id + ("*" if r.mandatory else ""), r.text("title", lg)) for r in todo[:limit]], max_col=80)
    if len(todo) > limit:
        click.echo(msg("cli.assess.more_see_all", n=len(todo) - limit))
    click.echo(msg("cli.assess.mandatory"))


@assess.command("questionnaire", help=msg("cli.assess.export_assessment_questionnaire_exactly_applicab"))
@click.argument("assessment_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["yaml", "xlsx"]), default=None,
              help=msg("cli.assess.format_default_from_file_name"))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help=msg("cli.assess.output_file"))
@click.option("--lang", "q_lang", type=click.Choice(["vi", "en"]), default=None,
              help=msg("cli.assess.language_questionnaire_default_current_one"))
@pass_app
def assess_questionnaire(app: App, assessment_id: int, fmt: str | None, output: Path, q_lang: str | None) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.assessments import export_questionnaire

    done = export_questionnaire(app.ws(), local_actor(), assessment_id, output, fmt=fmt, lang=q_lang or lang())
    click.echo(msg("cli.assess.questionnaire_written_controls_domains", f=done.path, n=done.controls, d=done.domains))


@assess.command("answer", help=msg("cli.assess.import_answers_from_yaml_excel"))
@click.argument("assessment_id", type=int)
@click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path),
              help=msg("cli.assess.answers_file_yaml_xlsx"))
@click.option("--interactive", "-i", is_flag=True, help=msg("cli.assess.answer_control_control_prompt"))
@click.option("--all", "review_all", is_flag=True, help=msg("cli.assess.interactive_walk_every_control_answered"))
@click.option("--dry-run", is_flag=True, help=msg("cli.assess.file_check_only"))
@json_option
@pass_app
def assess_answer(app: App, assessment_id: int, file: Path | None, interactive: bool, review_all: bool,
                  dry_run: bool, as_json: bool) -> None:
    from secassess.app.actor import local_actor

    if bool(file) == interactive:
        raise click.UsageError(msg("cli.assess.use_exactly_one_file_file"))
    if interactive:
        from secassess.cli.answer_prompt import run

        session = run(app.ws(), local_actor(), assessment_id, review_all=review_all)
        if session.interrupted:
            raise click.exceptions.Exit(130)
        return
    assert file is not None
    from secassess.app.assessments import import_answers

    done = import_answers(app.ws(), local_actor(), assessment_id, file, dry_run=dry_run,
                          on_notice=lambda text: click.echo(text, err=True))
    if done.summary is None:  # a dry run
        if as_json:
            emit_json({"dry_run": True, "answers": done.answers, "problems": []})
        else:
            click.echo(msg("cli.assess.file_valid_answers_dry_run", n=done.answers))
        return
    summary = done.summary
    if as_json:
        emit_json({"assessment_id": assessment_id, **summary.to_dict()})
        return
    if not summary.changed:
        click.echo(msg("cli.assess.no_change_answers_as_stored", n=summary.unchanged))
    else:
        click.echo(msg("cli.assess.updated_controls_unchanged_evidence_files", c=len(summary.changed), u=summary.unchanged, e=summary.evidence_added))
    if summary.notes_without_result:
        click.echo(msg("cli.assess.note_controls_have_note_but", n=len(summary.notes_without_result), c=", ".join(summary.notes_without_result)))


@assess.command("evidence", help=msg("cli.assess.attach_evidence_file_control_assessment"))
@click.argument("assessment_id", type=int)
@click.argument("control_id")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--note", default="", help=msg("cli.assess.note_about_file"))
@pass_app
def assess_evidence(app: App, assessment_id: int, control_id: str, file: Path, note: str) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.assessments import attach_evidence

    done = attach_evidence(app.ws(), local_actor(), assessment_id, control_id, file, note=note)
    new, cid, name, blob = done.new, done.control_id, done.name, done.blob
    if not new:
        click.echo(msg("cli.assess.file_already_attached_not_added", c=cid))
    else:
        click.echo(msg("cli.assess.attached_bytes_sha_256", f=name, c=cid, s=blob.size, t=blob.media_type, h=blob.sha256))
    done_id(done.attachment_id)


@assess.command("finalize", help=msg("cli.assess.finalize_assessment_read_only_afterwards"))
@click.argument("assessment_id", type=int)
@click.option("--allow-incomplete", is_flag=True, help=msg("cli.assess.allow_finalizing_mandatory_controls_unanswered"))
@click.option("--yes", "-y", "yes", is_flag=True, help=msg("cli.assess.finalize_without_asking_scripts"))
@pass_app
def assess_finalize(app: App, assessment_id: int, allow_incomplete: bool, yes: bool) -> None:
    import sys

    from secassess.app.actor import local_actor
    from secassess.app.assessments import finalize
    from secassess.clock import fmt_datetime

    ws, who = app.ws(), local_actor()
    if not yes:
        # what finalizing would do, by the very code that finalizes, rolled back
        preview = finalize(ws, who, assessment_id, allow_incomplete=allow_incomplete, preview=True)
        if not sys.stdin.isatty():
            raise InputError(msg("cli.assess.finalizing_assessment_cannot_undone_without", i=assessment_id), location="--yes")
        _echo_preview(preview)
        try:
            confirmed = click.confirm(msg("cli.assess.finalize_assessment_cannot_changed_afterwards", i=assessment_id), default=False)
        except click.Abort:  # Ctrl-C or the end of input at the question
            click.echo()
            confirmed = False
        if not confirmed:
            click.echo(msg("cli.assess.not_finalized_nothing_changed"), err=True)
            raise click.exceptions.Exit(130)
    done = finalize(ws, who, assessment_id, allow_incomplete=allow_incomplete)
    a, p, items = done.assessment, done.progress, done.remediation
    click.echo(msg("cli.assess.assessment_finalized_answered_controls", i=a.id, d=fmt_datetime(a.finalized_at), a=p.answered, t=p.total))
    click.echo(msg("cli.assess.remediation_items_opened_confirmed_still", o=len(items.opened), c=len(items.confirmed), r=len(items.reopened), v=len(items.verified), s=a.system_id))
    if a.allow_incomplete:
        click.secho(msg("cli.assess.finalized_mandatory_controls_unanswered_recorded", n=len(p.mandatory_unanswered), c=", ".join(p.mandatory_unanswered)), fg="yellow")


def _echo_preview(f: Finalized) -> None:
    from secassess.i18n import severity_label

    p, items = f.progress, f.remediation
    click.secho(msg("cli.assess.finalizing_assessment_will", i=f.assessment.id, s=f.assessment.system_id), bold=True)
    click.echo(msg("cli.assess.lock_controls_applicable_controls_unanswered", t=p.total, u=len(p.unanswered), n=p.applicable, m=len(p.mandatory_unanswered)))
    sev = ", ".join(f"{n} {severity_label(s)}" for s, n in f.opened_by_severity.items())
    n_open = len(items.opened) + len(items.reopened)
    click.echo(msg("cli.assess.open_remediation_items", n=n_open, s=f" ({sev})" if sev else "", r=msg("cli.assess.them_reopened", r=len(items.reopened))
                  if items.reopened else ""))
    if items.confirmed or items.verified:
        click.echo(msg("cli.assess.keep_items_still_open_verify", c=len(items.confirmed), v=len(items.verified)))


@assess.command("score", help=msg("cli.assess.score_assessment_default_model_pass"))
@click.argument("assessment_id", type=int)
@click.option("--fail-under", type=click.FloatRange(0, 100), help=msg("cli.assess.minimum_score"))
@click.option("--compare-with", "compare_with", type=int, help=msg("cli.assess.compare_finalized_assessment_same_system"))
@click.option("--compare-previous", is_flag=True, help=msg("cli.assess.compare_latest_earlier_finalized_assessment"))
@json_option
@pass_app
def assess_score(app: App, assessment_id: int, fail_under: float | None, compare_with: int | None,
                 compare_previous: bool, as_json: bool) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.assessments import score
    from secassess.scoring.present import render_comparison_text, render_text

    if compare_with is not None and compare_previous:
        raise click.UsageError(msg("cli.assess.use_only_one_compare_compare"))
    done = score(app.ws(), local_actor(), assessment_id, compare_with=compare_with, compare_previous=compare_previous)
    a, report, previous, comparison = done.assessment, done.report, done.previous, done.comparison
    lg = lang()
    titles: dict[str, Any] = {d["id"]: d["title"] for d in a.snapshot.get("domains", [])}
    if as_json:
        data: dict[str, Any] = {**report.to_dict(), "assessment_id": a.id, "system_id": a.system_id,
                                "status": a.status, "technical_coverage": done.technical_gaps}
        if comparison is not None and previous is not None:
            data["comparison"] = {**comparison.to_dict(), "previous_assessment_id": previous.id}
        emit_json(data)
    else:
        click.secho(msg("cli.assess.assessment_system", i=a.id, s=a.system_id, st=a.status_label()), bold=True)
        click.echo(render_text(report, lg, titles))
        _echo_coverage(done.technical_gaps)
        if comparison is not None and previous is not None:
            click.echo()
            click.echo(msg("cli.assess.previous_assessment", i=previous.id))
            click.echo(render_comparison_text(comparison, lg, titles))
    if fail_under is not None and done.below(fail_under):
        raise GateFailed(msg("cli.assess.score_below", s=format_number(report.score, lang()), n=format_number(fail_under, lang())))


def _echo_coverage(gaps: list[dict[str, Any]]) -> None:
    """Which controls' technical checks did not cover the whole system (see ``scan show``)."""
    if not gaps:
        return
    from secassess.scan.gaps import gap_text

    click.echo()
    click.echo(msg("cli.assess.technical_checks_not_covering_whole", n=len(gaps)))
    for g in gaps:
        parts = [gap_text(x, lang()) for x in g["uncovered"]]
        if g["stale_scan_ids"]:
            parts.append(msg("cli.assess.stale_evidence_not_counted_scan", i=", ".join(str(i) for i in g["stale_scan_ids"])))
        click.echo(f"  {g['control_id']}: " + "; ".join(parts))
