"""``secassess user`` (accounts; a password never on the command line) and ``secassess serve`` as a real
process on a free loopback port, with one worker and with several."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import run
from tests.web.conftest import PASSWORD

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"), pytest.mark.usefixtures("engine")]


@pytest.fixture
def ws(workspace: Path) -> Path:
    r = run("-w", str(workspace), "unit", "add", "STP", "Sở Tư pháp")
    assert r.exit_code == 0, r.output
    return workspace


def test_user_add_list_disable_reset(ws: Path) -> None:
    env = {"SECASSESS_PASSWORD": PASSWORD}
    r = run("-w", str(ws), "user", "add", "Nguyen.A", "--role", "unit-officer", "--unit", "STP", "--name",
            "Nguyễn Văn A", env=env)
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[-1] == "nguyen.a"
    r = run("-w", str(ws), "user", "add", "tinh1", "--role", "officer", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert r.exit_code == 0, r.output
    assert PASSWORD not in r.output  # asked for, hidden, never echoed
    listed = json.loads(run("-w", str(ws), "user", "list", "--json").output)
    assert [(u["login"], u["role"], u["unit"]) for u in listed] == [("nguyen.a", "unit_officer", "STP"),
                                                                   ("tinh1", "officer", None)]
    assert run("-w", str(ws), "user", "disable", "tinh1").exit_code == 0
    assert "vô hiệu" in run("-w", str(ws), "user", "list").output
    assert run("-w", str(ws), "user", "enable", "tinh1").exit_code == 0
    r = run("-w", str(ws), "user", "reset-password", "tinh1", env={"SECASSESS_PASSWORD": "một mật khẩu mới dài"})
    assert r.exit_code == 0, r.output
    assert run("-w", str(ws), "user", "unlock", "tinh1").exit_code == 0
    from sqlalchemy import select

    from secassess.store.schema.audit import audit_log
    from secassess.workspace import Workspace

    w = Workspace.open(ws)
    with w.read() as conn:
        actions = [r[0] for r in conn.execute(select(audit_log.c.action).order_by(audit_log.c.id))]
    w.close()
    assert actions == ["user.add", "user.add", "user.disable", "user.enable", "user.reset_password", "user.unlock"]


@pytest.mark.parametrize("args, says", [
    (["user", "add", "ab", "--role", "boss"], "vai trò “boss” không hợp lệ"),
    (["user", "add", "a b", "--role", "viewer"], "tên đăng nhập “a b” không hợp lệ"),
    (["user", "add", "abc", "--role", "unit-officer"], "cần nêu đơn vị"),
    (["user", "add", "abc", "--role", "unit-officer", "--unit", "KHONGCO"], "không có đơn vị “KHONGCO”"),
    (["user", "add", "abc", "--role", "officer", "--unit", "STP"], "chỉ tài khoản cán bộ đơn vị"),
    (["user", "disable", "khongco"], "không có tài khoản “khongco”"),
    (["user", "reset-password", "khongco"], "không có tài khoản “khongco”"),
])
def test_user_commands_refuse_bad_input(ws: Path, args: list[str], says: str) -> None:
    from tests.dbstate import state

    before = state(ws)
    r = run("-w", str(ws), *args, env={"SECASSESS_PASSWORD": PASSWORD})
    assert r.exit_code == 2 and says in r.output, r.output
    assert "Traceback" not in r.output
    assert state(ws) == before


def test_a_password_is_never_an_argument(ws: Path) -> None:
    r = run("-w", str(ws), "user", "add", "abc", "--role", "viewer", "--password", PASSWORD)
    assert r.exit_code == 2 and "--password" in r.output


def test_mismatched_prompted_passwords_are_asked_again(ws: Path) -> None:
    r = run("-w", str(ws), "user", "add", "abc", "--role", "viewer",
            input=f"{PASSWORD}\nkhac {PASSWORD}\n{PASSWORD}\n{PASSWORD}\n")
    assert r.exit_code == 0, r.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(ws: Path, *extra: str) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    env = {**os.environ, "SECASSESS_WORKSPACE": str(ws)}
    proc = subprocess.Popen([sys.executable, "-m", "secassess", "serve", "--port", str(port), *extra],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return proc, port
        except OSError:
            time.sleep(0.2)
        if proc.poll() is not None:
            break
    _stop(proc)
    raise AssertionError(proc.stdout.read().decode() if proc.stdout else "server did not start")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _login(port: int, login: str) -> int:
    import http.cookiejar

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"http://127.0.0.1:{port}/login", timeout=10).read().decode()
    token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    data = urllib.parse.urlencode({"login": login, "password": PASSWORD, "csrf": token, "next": "/"}).encode()
    with opener.open(f"http://127.0.0.1:{port}/login", data=data, timeout=10) as r:
        return int(r.status) if "secassess_session" in {c.name for c in jar} else 0


@pytest.mark.slow
def test_serve_listens_on_loopback_and_answers(ws: Path) -> None:
    assert run("-w", str(ws), "user", "add", "tinh1", "--role", "officer",
               env={"SECASSESS_PASSWORD": PASSWORD}).exit_code == 0
    proc, port = _serve(ws)
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
            data = json.loads(r.read())
            assert data["status"] == "ok"
            assert data["database"]["engine"] == ("postgresql" if os.environ.get("SECASSESS_DATABASE") else "sqlite")
            assert r.headers["x-content-type-options"] == "nosniff" and "server" not in r.headers
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as r:
            assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
        assert _login(port, "tinh1") == 200
        listening = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True).stdout
        if listening.strip():  # ss is there: bound to loopback only
            assert [line.split()[3] for line in listening.splitlines()] == [f"127.0.0.1:{port}"]
    finally:
        _stop(proc)
    out = proc.stdout.read().decode() if proc.stdout else ""
    assert "Traceback" not in out


@pytest.mark.slow
def test_serve_with_several_workers_shares_sessions_through_the_database(ws: Path) -> None:
    assert run("-w", str(ws), "user", "add", "tinh1", "--role", "officer",
               env={"SECASSESS_PASSWORD": PASSWORD}).exit_code == 0
    proc, port = _serve(ws, "--workers", "2")
    try:
        for _ in range(3):
            assert _login(port, "tinh1") == 200
    finally:
        _stop(proc)
