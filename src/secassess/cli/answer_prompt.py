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
from secassess.i18n import get_lang, severity_label
from secassess.messages import msg
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
    click.echo(msg("cli.answer_prompt.d_pass_m_partial_k"))


def _wrap(text: str, indent: str = "    ") -> str:
    return "\n".join(textwrap.fill(p, 96, initial_indent=indent, subsequent_indent=indent)
                     for p in text.splitlines() if p.strip())


def _show(row: ResultRow, i: int, n: int) -> None:
    lg = get_lang()
    flags = []
    if row.mandatory:
        flags.append(msg("cli.answer_prompt.mandatory"))
    flags.append(severity_label(row.severity))
    click.echo()
    click.secho(f"[{i}/{n}] {row.control_id} — {row.text('title', lg)}  ({', '.join(flags)})", bold=True)
    click.echo(msg("cli.answer_prompt.question"))
    click.echo(_wrap(row.text("question", lg)))
    guidance = row.text("guidance", lg)
    if guidance:
        click.echo(msg("cli.answer_prompt.guidance"))
        click.echo(_wrap(guidance))
    hints = row.evidence_hints(lg)
    if hints:
        click.echo(msg("cli.answer_prompt.typical_evidence"))
        for h in hints:
            click.echo(f"    - {h}")
    if row.answered or row.note:
        click.echo(msg("cli.answer_prompt.now", r=label(row.result, lg), n=f" — {row.note}" if row.note else ""))


def _key() -> str:
    """One key press, lower-cased; raises _Quit on Ctrl-C / Ctrl-D / end of input."""
    try:
        ch = click.getchar()
    except KeyboardInterrupt:
        raise _Quit(True) from None
    except EOFError:
        raise _Quit(False) from None
    except OSError:
        raise InputError(msg("cli.answer_prompt.interactive_answering_needs_terminal_use")) from None
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
        click.echo(msg("cli.answer_prompt.result_d_m_k_n"), nl=False)
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
            note = _line(msg("cli.answer_prompt.note"), note)
            continue
        if ch not in KEYS:
            _help()
            continue
        result = KEYS[ch]
        justification = ""
        if result in ("partial", "fail"):
            note = _line(msg("cli.answer_prompt.note_what_missing_enter_skip"), note)
        if result == "not_applicable":
            while not justification:
                justification = _line(msg("cli.answer_prompt.why_not_applicable_required"),
                                      row.justification)
        return result, note, justification


def run(ws: Workspace, actor: Actor, assessment_id: int, *, review_all: bool = False) -> Session:
    """Walk the controls at the prompt, saving each answer at once. Returns what happened."""
    from secassess.app.assessments import answer_control, open_for_answering, show

    rows = open_for_answering(ws, actor, assessment_id).results
    todo = rows if review_all else [r for r in rows if not r.answered]
    session = Session(remaining=len(todo))
    if not todo:
        click.echo(msg("cli.answer_prompt.every_control_assessment_answered_use", i=assessment_id))
        return session
    click.echo(msg("cli.answer_prompt.assessment_controls_answer_answers_saved", i=assessment_id, n=len(todo)))
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
            click.secho(msg("cli.answer_prompt.saved", r=label(result, get_lang())), fg="green")
    except _Quit as q:
        session.interrupted = q.interrupted
        click.echo()
    session.remaining = len(show(ws, actor, assessment_id).progress.unanswered)
    click.echo(msg("cli.answer_prompt.saved_answers_time_controls_still", s=len(session.saved), r=session.remaining, more=msg("cli.answer_prompt.run_command_again_continue")
                  if session.remaining else ""))
    return session
