"""A private PostgreSQL cluster for the tests: Debian's ``postgresql`` server binaries, a data folder
in a new temporary folder, listening on a free port of 127.0.0.1 only (and a socket in that folder),
password authentication on TCP as a province's server would have it, stopped and removed at the end.

initdb refuses to run as root, so as root the server runs as the ``postgres`` user that Debian's
package creates (``runuser``), in a folder that user owns. Nothing of the machine's own clusters is
touched: the cluster is ours alone, and so is its port.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "postgres"
PASSWORD = "mật-khẩu thử/nghiệm"  # non-ASCII, with characters a URL must escape


def find_bindir() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``: the newest ``/usr/lib/postgresql/<ver>/bin`` (Debian),
    else ``pg_config --bindir``, else the PATH. None when the server is not installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False).stdout.strip()
        if out and (Path(out) / "initdb").is_file():
            return Path(out)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb and shutil.which("pg_ctl") else None


def missing_reason() -> str | None:
    """Why a private cluster cannot be started here, or None."""
    if find_bindir() is None:
        return ("PostgreSQL server binaries not found (initdb, pg_ctl): install Debian's 'postgresql' package "
                "(scripts/ensure-system-tools.sh does)")
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam(SUPERUSER)
        except KeyError:
            return "running as root but there is no 'postgres' user to run the server as (initdb refuses root)"
        if shutil.which("runuser") is None:
            return "running as root without 'runuser' to start the server as the 'postgres' user"
    return None


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    bindir: Path
    folder: Path
    port: int
    as_user: str | None  # run the server's programs as this user (we are root)

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def _cmd(self, *args: str) -> list[str]:
        return ["runuser", "-u", self.as_user, "--", *args] if self.as_user else list(args)

    def url(self, database: str, *, password: str | None = PASSWORD) -> str:
        """A ``postgresql+psycopg://`` URL of ``database``, with the superuser's password escaped."""
        from urllib.parse import quote

        auth = SUPERUSER if password is None else f"{SUPERUSER}:{quote(password, safe='')}"
        return f"postgresql+psycopg://{auth}@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        """Run one statement outside a transaction (CREATE/DROP DATABASE) as the superuser."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, password=PASSWORD,
                             dbname="postgres", autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def create_database(self, template: str = "template0") -> str:
        name = f"t_{uuid.uuid4().hex[:16]}"
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}" ENCODING \'UTF8\' LOCALE \'C\'')
        return name

    def drop_database(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        subprocess.run(self._cmd(str(self.bindir / "pg_ctl"), "stop", "-D", str(self.data), "-m", "immediate",
                                 "-w"), capture_output=True, check=False, timeout=60, cwd=self.folder)
        shutil.rmtree(self.folder, ignore_errors=True)


def start() -> Cluster:
    """initdb a new cluster in a new temporary folder and start it; the caller stops it."""
    bindir = find_bindir()
    assert bindir is not None, missing_reason()
    as_user = SUPERUSER if os.geteuid() == 0 else None
    folder = Path(tempfile.mkdtemp(prefix="secassess-pg-"))
    if as_user:
        import pwd

        pw = pwd.getpwnam(as_user)
        os.chown(folder, pw.pw_uid, pw.pw_gid)
    cluster = Cluster(bindir, folder, _free_port(), as_user)
    try:
        pwfile = folder / "pw"
        pwfile.write_text(PASSWORD + "\n", encoding="utf-8")
        if as_user:
            os.chown(pwfile, pw.pw_uid, pw.pw_gid)
        pwfile.chmod(0o600)
        r = subprocess.run(cluster._cmd(str(bindir / "initdb"), "-D", str(cluster.data), "-U", SUPERUSER,
                                        "--pwfile", str(pwfile), "--auth-local=trust", "--auth-host=scram-sha-256",
                                        "--encoding=UTF8", "--locale=C", "--no-sync"),
                           capture_output=True, text=True, check=False, timeout=300, cwd=folder)
        if r.returncode != 0:
            raise RuntimeError(f"initdb failed: {r.stderr[-2000:]}")
        pwfile.unlink()
        for attempt in range(3):
            # a test cluster: nothing needs to survive a crash, so no disk flushes
            options = (f"-c listen_addresses=127.0.0.1 -c port={cluster.port} -c unix_socket_directories={folder} "
                       "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100 "
                       "-c shared_buffers=64MB")
            r = subprocess.run(cluster._cmd(str(bindir / "pg_ctl"), "start", "-D", str(cluster.data), "-w",
                                            "-t", "60", "-l", str(folder / "server.log"), "-o", options),
                               capture_output=True, text=True, check=False, timeout=120, cwd=folder)
            if r.returncode == 0:
                break
            if attempt == 2:  # the port was taken between choosing it and starting: rare
                log = (folder / "server.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"PostgreSQL did not start: {r.stderr}\n{log}")
            cluster.port = _free_port()
            time.sleep(0.5)
    except BaseException:
        cluster.stop()
        raise
    return cluster


@contextlib.contextmanager
def running() -> Iterator[Cluster]:
    cluster = start()
    try:
        yield cluster
    finally:
        cluster.stop()
