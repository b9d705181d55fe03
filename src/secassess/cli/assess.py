"""``secassess assess``: start an assessment, hand out questionnaires, take answers and evidence,
score, finalize."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from secassess.cli.common import App, done_id, echo_table, emit_json, json_option, lang, pass_app
from secassess.display import format_number, format_percent
from secassess.errors import GateFailed, InputError
from secassess.i18n import tr

if TYPE_CHECKING:
    from secassess.app.assessments import Finalized


@click.group(help=tr("Đợt đánh giá: tạo, phiếu hỏi, trả lời, bằng chứng, chấm điểm, chốt.",
                     "Assessments: start, questionnaire, answer, evidence, score, finalize."))
def assess() -> None:
    pass


@assess.command("start", help=tr(
    "Tạo đợt đánh giá mới cho một hệ thống. Không nêu --profile thì dùng hồ sơ theo hệ thống: "
    "national-database (CSDL quốc gia), important-system (hệ thống quan trọng) hoặc level-N. In mã đợt "
    "đánh giá ở dòng cuối.",
    "Start an assessment of a system. Without --profile the system decides: national-database, "
    "important-system or level-N. Prints the new id on the last line."))
@click.argument("system_id")
@click.option("--profile", "profile_id", help=tr("Hồ sơ áp dụng.", "Profile."))
@click.option("--assessor", help=tr("Cán bộ đánh giá (mặc định: người dùng hiện tại).",
                                    "Assessor (default: the current user)."))
@pass_app
def assess_start(app: App, system_id: str, profile_id: str | None, assessor: str | None) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.assessments import start

    done = start(app.ws(), local_actor(), system_id, profile_id=profile_id, assessor=assessor)
    a = done.assessment
    click.echo(tr("Đã tạo đợt đánh giá số {i}: hệ thống {s}, hồ sơ {p} ({t}), bộ tiêu chí {c} {v}, cấp độ {l}, "
                  "{n} yêu cầu ({m} bắt buộc).",
                  "Assessment {i} started: system {s}, profile {p} ({t}), catalog {c} {v}, level {l}, "
                  "{n} controls ({m} mandatory).",
                  i=a.id, s=a.system_id, p=a.profile_id, t=a.profile_title(lang()), c=a.catalog_id,
                  v=a.catalog_version, l=a.level, n=done.controls, m=done.mandatory))
    if done.below_system_level:
        click.echo(tr("Cảnh báo: hồ sơ {p} ở cấp độ {a}, thấp hơn cấp độ {b} của hệ thống.",
                      "Warning: profile {p} is at level {a}, below the system's level {b}.",
                      p=a.profile_id, a=a.level, b=done.system_level), err=True)
    click.echo(tr("Tiếp theo: secassess assess questionnaire {i} --format xlsx -o phieu-hoi.xlsx",
                  "Next: secassess assess questionnaire {i} --format xlsx -o questionnaire.xlsx", i=a.id))
    done_id(a.id)


@assess.command("list", help=tr("Liệt kê các đợt đánh giá và tiến độ.", "List assessments and their progress."))
@click.option("--system", "system_id", help=tr("Chỉ các đợt đánh giá của hệ thống này.", "Only this system's."))
@click.option("--status", metavar="STATUS", help=tr(
    "Lọc theo trạng thái: draft (đang làm, bản nháp) hoặc finalized (đã chốt).",
    "Filter by status: draft or finalized."))
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
        click.echo(tr("Chưa có đợt đánh giá nào (tạo bằng “secassess assess start HỆ_THỐNG”).",
                      "No assessments yet (start one with “secassess assess start SYSTEM”)."))
        return
    echo_table([tr("Mã", "Id"), tr("Hệ thống", "System"), tr("Hồ sơ", "Profile"), tr("Trạng thái", "Status"),
                tr("Bắt đầu", "Started"), tr("Đã trả lời", "Answered"), tr("Bao phủ", "Coverage")],
               [(a.id, a.system_id, a.profile_id, a.status_label(), fmt_date(a.started_at),
                 f"{answered}/{total}", format_percent(cov, lang())) for a, total, answered, cov, _c in rows])


@assess.command("show", help=tr("Xem một đợt đánh giá: tiến độ, số lượng theo kết quả, yêu cầu chưa trả lời.",
                                "Show an assessment: progress, counts by result, what is unanswered."))
@click.argument("assessment_id", type=int)
@click.option("--all", "show_all", is_flag=True, help=tr("Liệt kê mọi yêu cầu kèm kết quả.",
                                                         "List every control with its result."))
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
    click.secho(tr("Đợt đánh giá số {i} — {s} ({n})", "Assessment {i} — {s} ({n})", i=a.id, s=a.system_id,
                   n=system.name), bold=True)
    click.echo(tr("  Hồ sơ: {p} — {t} · bộ tiêu chí {c} {v} · cấp độ {l}",
                  "  Profile: {p} — {t} · catalog {c} {v} · level {l}", p=a.profile_id, t=a.profile_title(lg),
                  c=a.catalog_id, v=a.catalog_version, l=a.level))
    click.echo(tr("  Cán bộ đánh giá: {a} · bắt đầu {d}", "  Assessor: {a} · started {d}", a=a.assessor or "-",
                  d=fmt_datetime(a.started_at)))
    if a.finalized:
        click.echo(tr("  Trạng thái: đã chốt lúc {d} bởi {b}{x}", "  Status: finalized on {d} by {b}{x}",
                      d=fmt_datetime(a.finalized_at), b=a.finalized_by or "-",
                      x=tr(" (cho phép chưa đầy đủ)", " (allowed incomplete)") if a.allow_incomplete else ""))
    else:
        click.echo(tr("  Trạng thái: đang làm (bản nháp)", "  Status: draft"))
    click.echo(tr("  Đã trả lời {a}/{t} yêu cầu · độ bao phủ {c} · {e} tệp bằng chứng",
                  "  Answered {a}/{t} controls · coverage {c} · {e} evidence files",
                  a=p.answered, t=p.total, c=format_percent(p.coverage, lg), e=len(attachments)))
    click.echo("  " + " · ".join(f"{label(r, lg)}: {p.counts[r]}" for r in RESULTS))
    if p.mandatory_unanswered:
        click.secho(tr("  Bắt buộc chưa trả lời ({n}): {c}", "  Mandatory unanswered ({n}): {c}",
                       n=len(p.mandatory_unanswered), c=", ".join(p.mandatory_unanswered)), fg="yellow")
    click.echo()
    if show_all:
        echo_table([tr("Mã", "Id"), tr("Yêu cầu", "Control"), tr("Kết quả", "Result"), tr("Ghi chú", "Note")],
                   [(r.control_id + ("*" if r.mandatory else ""), r.text("title", lg), label(r.result, lg), r.note)
                    for r in rows], max_col=50)
        return
    todo = [r for r in rows if not r.answered]
    if not todo:
        click.echo(tr("Mọi yêu cầu đã được trả lời.", "Every control is answered."))
        return
    limit = 20
    click.echo(tr("Chưa trả lời ({n}):", "Unanswered ({n}):", n=len(todo)))
    echo_table([tr("Mã", "Id"), tr("Yêu cầu", "Control")],
               [(r.control_id + ("*" if r.mandatory else ""), r.text("title", lg)) for r in todo[:limit]], max_col=80)
    if len(todo) > limit:
        click.echo(tr("… và {n} yêu cầu khác (xem --all)", "… and {n} more (see --all)", n=len(todo) - limit))
    click.echo(tr("* bắt buộc", "* mandatory"))


@assess.command("questionnaire", help=tr(
    "Xuất phiếu hỏi của đợt đánh giá (đúng các yêu cầu áp dụng, theo nhóm, kèm câu trả lời đã có) ra "
    "YAML hoặc Excel.",
    "Export the assessment's questionnaire (exactly its applicable controls, by domain, with the "
    "answers so far) as YAML or Excel."))
@click.argument("assessment_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["yaml", "xlsx"]), default=None,
              help=tr("Định dạng (mặc định theo phần mở rộng của tệp).", "Format (default: from the file name)."))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help=tr("Tệp kết quả.", "Output file."))
@click.option("--lang", "q_lang", type=click.Choice(["vi", "en"]), default=None,
              help=tr("Ngôn ngữ của phiếu hỏi (mặc định: ngôn ngữ hiện tại).",
                      "Language of the questionnaire (default: the current one)."))
@pass_app
def assess_questionnaire(app: App, assessment_id: int, fmt: str | None, output: Path, q_lang: str | None) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.assessments import export_questionnaire

    done = export_questionnaire(app.ws(), local_actor(), assessment_id, output, fmt=fmt, lang=q_lang or lang())
    click.echo(tr("Đã ghi phiếu hỏi {f}: {n} yêu cầu trong {d} nhóm.",
                  "Questionnaire written to {f}: {n} controls in {d} domains.",
                  f=done.path, n=done.controls, d=done.domains))


@assess.command("answer", help=tr(
    "Nhập câu trả lời từ tệp YAML hoặc Excel (--file), hoặc trả lời trực tiếp (--interactive). Nhập từ tệp: "
    "kiểm tra toàn bộ trước, có lỗi thì không ghi gì và báo mọi lỗi kèm vị trí.",
    "Import answers from a YAML or Excel file (--file), or answer at the prompt (--interactive). From a "
    "file: everything is checked first; on any problem nothing is written and every problem is listed "
    "with its place."))
@click.argument("assessment_id", type=int)
@click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path),
              help=tr("Tệp trả lời (.yaml hoặc .xlsx).", "Answers file (.yaml or .xlsx)."))
@click.option("--interactive", "-i", is_flag=True, help=tr("Trả lời từng yêu cầu tại dòng lệnh.",
                                                           "Answer control by control at the prompt."))
@click.option("--all", "review_all", is_flag=True, help=tr("(--interactive) đi qua mọi yêu cầu, kể cả yêu cầu đã trả lời.",
                                                           "(--interactive) walk every control, answered or not."))
@click.option("--dry-run", is_flag=True, help=tr("(--file) chỉ kiểm tra, không ghi.", "(--file) check only."))
@json_option
@pass_app
def assess_answer(app: App, assessment_id: int, file: Path | None, interactive: bool, review_all: bool,
                  dry_run: bool, as_json: bool) -> None:
    from secassess.app.actor import local_actor

    if bool(file) == interactive:
        raise click.UsageError(tr("dùng đúng một trong --file TỆP hoặc --interactive",
                                  "use exactly one of --file FILE or --interactive"))
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
            click.echo(tr("Tệp hợp lệ: {n} câu trả lời. (Chạy thử: chưa ghi gì.)",
                          "The file is valid: {n} answers. (Dry run: nothing written.)", n=done.answers))
        return
    summary = done.summary
    if as_json:
        emit_json({"assessment_id": assessment_id, **summary.to_dict()})
        return
    if not summary.changed:
        click.echo(tr("Không có gì thay đổi ({n} câu trả lời giống hệt nội dung đã lưu).",
                      "No change ({n} answers are as stored).", n=summary.unchanged))
    else:
        click.echo(tr("Đã cập nhật {c} yêu cầu, {u} không đổi, thêm {e} tệp bằng chứng.",
                      "Updated {c} controls, {u} unchanged, {e} evidence files added.",
                      c=len(summary.changed), u=summary.unchanged, e=summary.evidence_added))
    if summary.notes_without_result:
        click.echo(tr("Lưu ý: {n} yêu cầu có ghi chú nhưng chưa chọn kết quả: {c}",
                      "Note: {n} controls have a note but no result yet: {c}",
                      n=len(summary.notes_without_result), c=", ".join(summary.notes_without_result)))


@assess.command("evidence", help=tr(
    "Đính kèm một tệp bằng chứng cho một yêu cầu của đợt đánh giá (lưu theo mã băm SHA-256; cùng nội dung chỉ "
    "lưu một lần). In mã đính kèm ở dòng cuối.",
    "Attach an evidence file to a control of an assessment (stored by SHA-256; the same content is stored "
    "once). Prints the attachment id on the last line."))
@click.argument("assessment_id", type=int)
@click.argument("control_id")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--note", default="", help=tr("Ghi chú về tệp.", "A note about the file."))
@pass_app
def assess_evidence(app: App, assessment_id: int, control_id: str, file: Path, note: str) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.assessments import attach_evidence

    done = attach_evidence(app.ws(), local_actor(), assessment_id, control_id, file, note=note)
    new, cid, name, blob = done.new, done.control_id, done.name, done.blob
    if not new:
        click.echo(tr("Tệp này đã được đính kèm cho {c} (không thêm lần nữa).",
                      "This file is already attached to {c} (not added again).", c=cid))
    else:
        click.echo(tr("Đã đính kèm {f} cho {c}: {s} byte, {t}, SHA-256 {h}",
                      "Attached {f} to {c}: {s} bytes, {t}, SHA-256 {h}", f=name, c=cid, s=blob.size,
                      t=blob.media_type, h=blob.sha256))
    done_id(done.attachment_id)


@assess.command("finalize", help=tr(
    "Chốt đợt đánh giá (sau đó không sửa được; không hoàn tác được). Trước khi chốt, lệnh cho biết còn bao nhiêu "
    "yêu cầu chưa trả lời và sẽ mở bao nhiêu hạng mục khắc phục theo mức độ, rồi hỏi xác nhận; --yes bỏ qua câu "
    "hỏi (bắt buộc khi chạy trong tập lệnh, không có cửa sổ dòng lệnh). Trả lời “không” hoặc Ctrl-C: không thay "
    "đổi gì, mã thoát 130. Từ chối khi còn yêu cầu bắt buộc chưa trả lời, trừ khi dùng --allow-incomplete "
    "(được ghi lại).",
    "Finalize the assessment (read-only afterwards; it cannot be undone). First says how many controls are "
    "unanswered and how many remediation items will be opened, by severity, then asks for confirmation; --yes "
    "skips the question (required in scripts, without a terminal). Answering “no” or Ctrl-C changes nothing, "
    "exit code 130. Refused while mandatory controls are unanswered unless --allow-incomplete is given "
    "(it is recorded)."))
@click.argument("assessment_id", type=int)
@click.option("--allow-incomplete", is_flag=True, help=tr("Cho phép chốt khi còn yêu cầu bắt buộc chưa trả lời.",
                                                          "Allow finalizing with mandatory controls unanswered."))
@click.option("--yes", "-y", "yes", is_flag=True, help=tr("Chốt ngay, không hỏi xác nhận (cho tập lệnh).",
                                                          "Finalize without asking (for scripts)."))
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
            raise InputError(tr(
                "chốt đợt đánh giá số {i} không hoàn tác được và lệnh không chạy trong cửa sổ dòng lệnh nên không hỏi "
                "xác nhận được; thêm --yes để chốt",
                "finalizing assessment {i} cannot be undone, and without a terminal there is no one to confirm it; "
                "add --yes to finalize", i=assessment_id), location="--yes")
        _echo_preview(preview)
        try:
            confirmed = click.confirm(tr("Chốt đợt đánh giá số {i}? Sau khi chốt không sửa được nữa.",
                                         "Finalize assessment {i}? It cannot be changed afterwards.",
                                         i=assessment_id), default=False)
        except click.Abort:  # Ctrl-C or the end of input at the question
            click.echo()
            confirmed = False
        if not confirmed:
            click.echo(tr("Chưa chốt; không có gì thay đổi.", "Not finalized; nothing changed."), err=True)
            raise click.exceptions.Exit(130)
    done = finalize(ws, who, assessment_id, allow_incomplete=allow_incomplete)
    a, p, items = done.assessment, done.progress, done.remediation
    click.echo(tr("Đã chốt đợt đánh giá số {i} lúc {d}. Đã trả lời {a}/{t} yêu cầu.",
                  "Assessment {i} finalized on {d}. Answered {a}/{t} controls.",
                  i=a.id, d=fmt_datetime(a.finalized_at), a=p.answered, t=p.total))
    click.echo(tr("Hạng mục khắc phục: {o} mở mới, {c} vẫn còn tồn tại, {r} mở lại, {v} đã xác nhận khắc phục "
                  "(xem: secassess remediation list --system {s}).",
                  "Remediation: {o} items opened, {c} confirmed still open, {r} reopened, {v} verified "
                  "(see: secassess remediation list --system {s}).",
                  o=len(items.opened), c=len(items.confirmed), r=len(items.reopened), v=len(items.verified),
                  s=a.system_id))
    if a.allow_incomplete:
        click.secho(tr("Chốt khi còn {n} yêu cầu bắt buộc chưa trả lời: {c} (đã ghi lại).",
                       "Finalized with {n} mandatory controls unanswered: {c} (recorded).",
                       n=len(p.mandatory_unanswered), c=", ".join(p.mandatory_unanswered)), fg="yellow")


def _echo_preview(f: Finalized) -> None:
    from secassess.i18n import severity_label

    p, items = f.progress, f.remediation
    click.secho(tr("Chốt đợt đánh giá số {i} ({s}) sẽ:", "Finalizing assessment {i} ({s}) will:",
                   i=f.assessment.id, s=f.assessment.system_id), bold=True)
    click.echo(tr("  - khóa {t} yêu cầu; {u}/{n} yêu cầu áp dụng chưa trả lời ({m} bắt buộc)",
                  "  - lock {t} controls; {u} of {n} applicable controls are unanswered ({m} mandatory)",
                  t=p.total, u=len(p.unanswered), n=p.applicable, m=len(p.mandatory_unanswered)))
    sev = ", ".join(f"{n} {severity_label(s)}" for s, n in f.opened_by_severity.items())
    n_open = len(items.opened) + len(items.reopened)
    click.echo(tr("  - mở {n} hạng mục khắc phục{s}{r}", "  - open {n} remediation items{s}{r}", n=n_open,
                  s=f" ({sev})" if sev else "",
                  r=tr(", trong đó {r} mở lại", ", {r} of them reopened", r=len(items.reopened))
                  if items.reopened else ""))
    if items.confirmed or items.verified:
        click.echo(tr("  - giữ {c} hạng mục còn tồn tại, xác nhận đã khắc phục {v}",
                      "  - keep {c} items still open, verify {v} as fixed",
                      c=len(items.confirmed), v=len(items.verified)))


@assess.command("score", help=tr(
    "Chấm điểm đợt đánh giá (mô hình mặc định: Đạt 1, Đạt một phần 0,5; trọng số theo mức độ). "
    "--fail-under N: mã thoát 1 khi điểm dưới N.",
    "Score the assessment (default model: pass 1, partial 0.5; weights by severity). "
    "--fail-under N: exit code 1 when the score is below N."))
@click.argument("assessment_id", type=int)
@click.option("--fail-under", type=click.FloatRange(0, 100), help=tr("Ngưỡng điểm tối thiểu.", "Minimum score."))
@click.option("--compare-with", "compare_with", type=int, help=tr(
    "So sánh với một đợt đánh giá đã chốt của cùng hệ thống.", "Compare with a finalized assessment of the same "
    "system."))
@click.option("--compare-previous", is_flag=True, help=tr(
    "So sánh với đợt đánh giá đã chốt gần nhất trước đó của cùng hệ thống.",
    "Compare with the latest earlier finalized assessment of the same system."))
@json_option
@pass_app
def assess_score(app: App, assessment_id: int, fail_under: float | None, compare_with: int | None,
                 compare_previous: bool, as_json: bool) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.assessments import score
    from secassess.scoring.present import render_comparison_text, render_text

    if compare_with is not None and compare_previous:
        raise click.UsageError(tr("chỉ dùng một trong --compare-with hoặc --compare-previous",
                                  "use only one of --compare-with or --compare-previous"))
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
        click.secho(tr("Đợt đánh giá số {i} — hệ thống {s} ({st})", "Assessment {i} — system {s} ({st})",
                       i=a.id, s=a.system_id, st=a.status_label()), bold=True)
        click.echo(render_text(report, lg, titles))
        _echo_coverage(done.technical_gaps)
        if comparison is not None and previous is not None:
            click.echo()
            click.echo(tr("(đợt đánh giá trước: số {i})", "(previous assessment: {i})", i=previous.id))
            click.echo(render_comparison_text(comparison, lg, titles))
    if fail_under is not None and done.below(fail_under):
        raise GateFailed(tr("điểm {s} thấp hơn ngưỡng {n}", "score {s} is below {n}",
                            s=format_number(report.score, lang()), n=format_number(fail_under, lang())))


def _echo_coverage(gaps: list[dict[str, Any]]) -> None:
    """Which controls' technical checks did not cover the whole system (see ``scan show``)."""
    if not gaps:
        return
    from secassess.scan.gaps import gap_text

    click.echo()
    click.echo(tr("Kiểm tra kỹ thuật chưa bao phủ toàn hệ thống ({n}) — kết quả “Đạt” của rà quét không được tính "
                  "cho các đối tượng chưa kiểm tra:",
                  "Technical checks not covering the whole system ({n}) — a scan pass does not count for what "
                  "was not covered:", n=len(gaps)))
    for g in gaps:
        parts = [gap_text(x, lang()) for x in g["uncovered"]]
        if g["stale_scan_ids"]:
            parts.append(tr("bằng chứng quá hạn không tính: lần quét {i}", "stale evidence not counted: scan(s) {i}",
                            i=", ".join(str(i) for i in g["stale_scan_ids"])))
        click.echo(f"  {g['control_id']}: " + "; ".join(parts))
