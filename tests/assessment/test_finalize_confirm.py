"""``assess finalize`` cannot be undone: it first says what it will do (unanswered controls,
remediation items by severity), then asks; ``--yes`` is for scripts. Without a terminal and
without ``--yes`` it refuses; "no" or Ctrl-C at the question change nothing (exit 130).

The questions are answered in a real pseudo-terminal (the command's stdin and stdout are a
terminal); Ctrl-C is the SIGINT a terminal sends, sent to the process directly (going through the
pseudo-terminal's line discipline as the controlling terminal makes the kernel's exit of a loaded
machine stall for seconds, which says nothing about secassess)."""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from secassess.i18n import severity_label
from tests.assessment.conftest import Started, results

PROMPT = b"[y/N]"


CTRL_C = b"\x03"


def _as_from_a_terminal() -> None:
    """In the child: Ctrl-C acts as it does for a command typed at a terminal. A suite started in the
    background by a non-interactive shell (``pytest … &``) inherits SIGINT ignored, and so would the
    command — which then never hears the Ctrl-C (the ctrl-c case hung in such runs)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _in_terminal(args: list[str], keys: bytes, timeout: float = 60) -> tuple[int, str]:
    """Run ``secassess ARGS`` in a new pseudo-terminal, type ``keys`` at the question (``CTRL_C``:
    interrupt it as a terminal does); exit code and output."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "secassess", *args], stdin=slave, stdout=slave, stderr=slave,
                            start_new_session=True, close_fds=True, preexec_fn=_as_from_a_terminal)
    os.close(slave)
    out, sent, deadline = b"", False, time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # the command ended and closed the terminal
                    break
                if not chunk:
                    break
                out += chunk
                if not sent and PROMPT in out:
                    if keys == CTRL_C:
                        proc.send_signal(signal.SIGINT)
                    else:
                        os.write(master, keys)
                    sent = True
            elif proc.poll() is not None:
                break
        rc = proc.wait(timeout=max(5.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        raise AssertionError(f"secassess did not end; it wrote: {out!r}") from None
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    return rc, out.decode("utf-8", "replace").replace("\r\n", "\n")


def _answer(s: Started, tmp_path: Path) -> None:
    """QLRR-01 fails, QLRR-02 partial, MANG-01 passes, MANG-02 left unanswered."""
    f = tmp_path / "a.yaml"
    f.write_text("answers:\n  QLRR-01: Không đạt\n  QLRR-02: Một phần\n  MANG-01: Đạt\n", encoding="utf-8")
    assert s.cli("assess", "answer", str(s.id), "--file", str(f)).exit_code == 0


def _status(s: Started) -> str:
    return str(json.loads(s.cli("assess", "show", str(s.id), "--json").output)["status"])


def test_without_a_terminal_it_refuses_unless_yes_and_changes_nothing(started: Started, tmp_path: Path) -> None:
    _answer(started, tmp_path)
    before = started.db()
    r = started.cli("assess", "finalize", str(started.id))
    assert r.exit_code == 2, r.output
    assert "--yes" in r.output and "không hoàn tác được" in r.output
    assert started.db() == before and _status(started) == "draft"
    r = started.cli("--lang", "en", "assess", "finalize", str(started.id))
    assert r.exit_code == 2 and "add --yes" in r.output and "cannot be undone" in r.output
    r = started.cli("assess", "finalize", str(started.id), "--yes")
    assert r.exit_code == 0, r.output
    assert _status(started) == "finalized" and "[y/N]" not in r.output


def test_the_real_problem_is_said_before_asking_for_yes(started: Started) -> None:
    before = started.db()
    r = started.cli("assess", "finalize", str(started.id))  # mandatory controls unanswered
    assert r.exit_code == 2 and "--allow-incomplete" in r.output and "--yes" not in r.output
    assert started.db() == before


@pytest.mark.parametrize("keys", [b"n\n", b"\n", CTRL_C], ids=["no", "enter (default no)", "ctrl-c"])
def test_declining_at_the_question_changes_nothing(started: Started, tmp_path: Path, keys: bytes) -> None:
    _answer(started, tmp_path)
    before = started.db()
    rc, out = _in_terminal([*started.args(), "assess", "finalize", str(started.id)], keys)
    assert rc == 130, out
    assert "Chốt đợt đánh giá số 1 (STP-QLVB) sẽ:" in out
    assert "1/4 yêu cầu áp dụng chưa trả lời (0 bắt buộc)" in out
    assert "mở 2 hạng mục khắc phục" in out
    assert "Traceback" not in out and "Đã chốt" not in out
    assert started.db() == before and _status(started) == "draft"


def test_yes_at_the_question_finalizes_and_the_preview_told_the_truth(started: Started, tmp_path: Path) -> None:
    _answer(started, tmp_path)
    rc, out = _in_terminal([*started.args(), "assess", "finalize", str(started.id)], b"y\n")
    assert rc == 0, out
    assert "Đã chốt đợt đánh giá số 1" in out and _status(started) == "finalized"
    items = json.loads(started.cli("remediation", "list", "--json").output)["items"]
    by_sev = Counter(i["severity"] for i in items)
    assert sum(by_sev.values()) == 2
    order = [s for s in ("critical", "high", "medium", "low") if by_sev[s]]
    expected = ", ".join(f"{by_sev[s]} {severity_label(s)}" for s in order)
    assert f"mở 2 hạng mục khắc phục ({expected})" in out
    assert {i["control_id"] for i in items} == {"QLRR-01", "QLRR-02"}
    assert results(started)["MANG-02"]["result"] == "not_assessed"
