"""Answering at the prompt (trả lời trực tiếp): one key per answer, saved as you go.

Walks the unanswered controls of a draft assessment (or all of them with ``review_all``) in
catalog order, showing the question, guidance and typical evidence. Keys:

    d  Đạt (pass)                 m  Đạt một phần (partial: asks a note)
    k  Không đạt (fail: asks a note)   n  Không áp dụng (asks the reason, required)
    c  Chưa đánh giá (reset)      g  write a note first
    b or s  skip (bỏ qua)         q  quit (thoát)            ?  help

Each answer is saved in its own transaction as soon as it is given (the use case
:func:`secassess.app.assessments.answer_control`), so quitting at any point — ``q``, Ctrl-C,
Ctrl-D/end of input — keeps every answer already given; running again resumes with what is still
unanswered. The loop itself is the command line's: it reads the terminal.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import click

from secassess.assessment.results import Result, label
from secassess.errors import InputError
from secassess.i18n import get_lang, severity_label, tr
from secassess.text import user_text

if TYPE_CHECKING:
    from secassess.app.actor import Actor
    from secassess.assessment.service import ResultRow
    from secassess.workspace import Workspace

KEYS: dict[str, Result] = {"d": "pass", "m": "partial", "k": "fail", "n": "not_applicable", "c": "not_assessed"}
SKIP = ("b", "s")
QUIT = ("q",)


@dataclass
class Session:
    saved: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    interrupted: bool = False
    remaining: int = 0


class _Quit(Exception):
    def __init__(self, interrupted: bool) -> None:
        super().__init__()
        self.interrupted = interrupted


def _help() -> None:
    click.echo(tr(
        "  d = Đạt · m = Đạt một phần · k = Không đạt · n = Không áp dụng (ghi lý do) · c = Chưa đánh giá\n"
        "  g = ghi chú trước khi chọn · b hoặc s = bỏ qua · q = thoát (đã lưu những gì đã trả lời) · ? = trợ giúp",
        "  d = pass · m = partial · k = fail · n = not applicable (give a reason) · c = not assessed\n"
        "  g = write a note first · b or s = skip · q = quit (answers given are saved) · ? = help"))


def _wrap(text: str, indent: str = "    ") -> str:
    return "\n".join(textwrap.fill(p, 96, initial_indent=indent, subsequent_indent=indent)
                     for p in text.splitlines() if p.strip())


def _show(row: ResultRow, i: int, n: int) -> None:
    lg = get_lang()
    flags = []
    if row.mandatory:
        flags.append(tr("bắt buộc", "mandatory"))
    flags.append(severity_label(row.severity))
    click.echo()
    click.secho(f"[{i}/{n}] {row.control_id} — {row.text('title', lg)}  ({', '.join(flags)})", bold=True)
    click.echo(tr("  Câu hỏi:", "  Question:"))
    click.echo(_wrap(row.text("question", lg)))
    guidance = row.text("guidance", lg)
    if guidance:
        click.echo(tr("  Hướng dẫn:", "  Guidance:"))
        click.echo(_wrap(guidance))
    hints = row.evidence_hints(lg)
    if hints:
        click.echo(tr("  Bằng chứng điển hình:", "  Typical evidence:"))
        for h in hints:
            click.echo(f"    - {h}")
    if row.answered or row.note:
        click.echo(tr("  Hiện tại: {r}{n}", "  Now: {r}{n}", r=label(row.result, lg),
                      n=f" — {row.note}" if row.note else ""))


def _key() -> str:
    """One key press, lower-cased; raises _Quit on Ctrl-C / Ctrl-D / end of input."""
    try:
        ch = click.getchar()
    except KeyboardInterrupt:
        raise _Quit(True) from None
    except EOFError:
        raise _Quit(False) from None
    except OSError:
        raise InputError(tr("trả lời trực tiếp cần một cửa sổ dòng lệnh (terminal); hãy dùng --file",
                            "interactive answering needs a terminal; use --file instead")) from None
    if ch == "\x03":
        raise _Quit(True)
    if ch in ("", "\x04", "\x1a"):
        raise _Quit(False)
    return ch.lower()


def _line(prompt: str, default: str = "") -> str:
    try:
        value = click.prompt(prompt, default=default, show_default=bool(default))
    except click.Abort:
        raise _Quit(True) from None
    return user_text(str(value)).strip()


def _ask(row: ResultRow) -> tuple[Result, str, str] | None:
    """Ask until an answer (result, note, justification) or a skip (None)."""
    note = row.note
    while True:
        click.echo(tr("  Kết quả [d/m/k/n/c, g = ghi chú, b = bỏ qua, q = thoát, ? = trợ giúp]: ",
                      "  Result [d/m/k/n/c, g = note, b = skip, q = quit, ? = help]: "), nl=False)
        ch = _key()
        if ch in ("\r", "\n", " ", "\t"):
            click.echo()
            continue
        click.echo()
        if ch in QUIT:
            raise _Quit(False)
        if ch in SKIP:
            return None
        if ch == "g":
            note = _line(tr("  Ghi chú", "  Note"), note)
            continue
        if ch not in KEYS:
            _help()
            continue
        result = KEYS[ch]
        justification = ""
        if result in ("partial", "fail"):
            note = _line(tr("  Ghi chú (thiếu gì? Enter để bỏ qua)", "  Note (what is missing? Enter to skip)"), note)
        if result == "not_applicable":
            while not justification:
                justification = _line(tr("  Lý do không áp dụng (bắt buộc)", "  Why not applicable (required)"),
                                      row.justification)
        return result, note, justification


def run(ws: Workspace, actor: Actor, assessment_id: int, *, review_all: bool = False) -> Session:
    """Walk the controls at the prompt, saving each answer at once. Returns what happened."""
    from secassess.app.assessments import answer_control, open_for_answering, show

    rows = open_for_answering(ws, actor, assessment_id).results
    todo = rows if review_all else [r for r in rows if not r.answered]
    session = Session(remaining=len(todo))
    if not todo:
        click.echo(tr("Mọi yêu cầu của đợt đánh giá số {i} đã có câu trả lời (dùng --all để xem lại).",
                      "Every control of assessment {i} is answered (use --all to review).", i=assessment_id))
        return session
    click.echo(tr("Đợt đánh giá số {i}: {n} yêu cầu cần trả lời. Câu trả lời được lưu ngay; thoát lúc nào cũng được.",
                  "Assessment {i}: {n} controls to answer. Answers are saved at once; quit at any time.",
                  i=assessment_id, n=len(todo)))
    _help()
    try:
        for i, row in enumerate(todo, start=1):
            _show(row, i, len(todo))
            answer = _ask(row)
            if answer is None:
                session.skipped.append(row.control_id)
                continue
            result, note, justification = answer
            answer_control(ws, actor, assessment_id, row.control_id, result, note, justification)
            session.saved.append(row.control_id)
            click.secho(tr("  ✓ Đã lưu: {r}", "  ✓ Saved: {r}", r=label(result, get_lang())), fg="green")
    except _Quit as q:
        session.interrupted = q.interrupted
        click.echo()
    session.remaining = len(show(ws, actor, assessment_id).progress.unanswered)
    click.echo(tr("Đã lưu {s} câu trả lời trong lần này; còn {r} yêu cầu chưa trả lời.{more}",
                  "Saved {s} answers this time; {r} controls are still unanswered.{more}",
                  s=len(session.saved), r=session.remaining,
                  more=tr(" Chạy lại lệnh để tiếp tục.", " Run the command again to continue.")
                  if session.remaining else ""))
    return session
