"""Running a scanner: a small interface and its one implementation, nmap.

:class:`Scanner` is what the rest of secassess sees: ``version()``, ``top_ports()`` and
``run(request)`` returning the raw XML with timing. :class:`NmapScanner` drives the real
``nmap`` binary.

How python-nmap is used, and why not its ``PortScanner.scan()``: python-nmap finds and checks
the binary (``PortScanner`` runs ``nmap -V`` and reports its version). Its ``scan()`` however
shlex-splits the hosts string into arguments (so ``"127.0.0.1 --script=x"`` would become an
option), blocks without any handle on the process (no progress), and on timeout kills nmap
without reaping it, while an interrupt leaves nmap running. So the command line is built here
as a list — fixed profile flags, ports written by us from integers, ``--``, then targets that
passed :mod:`.scope` and are checked again below — and the process is ours to watch and stop.
The XML is read by :mod:`.xmlparse` (defusedxml), the same reader as for imports.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from secassess import clock
from secassess.errors import InputError
from secassess.i18n import tr
from secassess.messages import msg
from secassess.scan.profiles import (
    FALLBACK_PORTS,
    TOP_PORTS,
    ScanProfile,
    format_ports,
    parse_nmap_services,
)

INSTALL_HINT_VI = ("cài nmap rồi chạy lại: “sudo apt-get install nmap” (Debian/Ubuntu); trên Windows tải bộ cài "
                   "tại https://nmap.org/download")
INSTALL_HINT_EN = ("install nmap and try again: “sudo apt-get install nmap” (Debian/Ubuntu); on Windows get the "
                   "installer from https://nmap.org/download")

# What a target handed to nmap may look like, whatever the inventory's validator accepted:
# letters, digits, dots, colons (IPv6), one slash (CIDR) and inner hyphens. Never a leading
# "-", never whitespace, never a comma, quote or shell character.
SAFE_TARGET = re.compile(r"^[0-9A-Za-z:][0-9A-Za-z.:-]{0,252}(/[0-9]{1,3})?$")

Progress = Callable[[float, str, float | None], None]  # (elapsed seconds, nmap task, percent or None)


class ScannerMissing(InputError):
    """The scanner binary is not installed (exit 2, with the install command)."""


class ScanTimeout(InputError):
    """The scan ran past ``--timeout`` and was stopped."""


class ScanFailed(InputError):
    """The scanner stopped with an error."""


@dataclass(frozen=True)
class ScanRequest:
    """What to scan: targets already checked against the scope, TCP ports, a fixed profile."""

    targets: tuple[str, ...]
    ports: frozenset[int]
    profile: ScanProfile
    ipv6: bool = False
    timeout: float = 1800.0


@dataclass(frozen=True)
class RawScan:
    xml: bytes
    arguments: tuple[str, ...]  # the command line, program name first ("nmap", ...)
    started: datetime
    ended: datetime
    scanner_version: str
    warnings: tuple[str, ...] = ()


class Scanner(ABC):
    """A network scanner secassess can drive."""

    name: str = "scanner"

    @abstractmethod
    def version(self) -> str:
        """The scanner's version, recorded with each scan."""

    @abstractmethod
    def top_ports(self, count: int = TOP_PORTS) -> list[int]:
        """The ``count`` most common TCP ports by this scanner's own statistics."""

    @abstractmethod
    def command(self, request: ScanRequest) -> list[str]:
        """The exact command line ``run`` would start (for display and benchmarks)."""

    @abstractmethod
    def run(self, request: ScanRequest, progress: Progress | None = None) -> RawScan:
        """Scan, or raise :class:`ScanTimeout`/:class:`ScanFailed`. Leaves no process behind."""


def check_target_text(text: str) -> str:
    """Defence in depth: refuse anything that could be read as an option or a second argument."""
    if not SAFE_TARGET.match(text) or ".." in text:
        raise InputError(msg("scan.runner.target_has_characters_not_allowed", t=text[:80]), location="--target")
    return text


def find_nmap() -> str:
    """The nmap binary on PATH, or :class:`ScannerMissing` with the install command."""
    found = shutil.which("nmap")
    if not found:
        raise ScannerMissing(msg("scan.runner.nmap_program_was_not_found", h=tr(INSTALL_HINT_VI, INSTALL_HINT_EN)))
    return found


class NmapScanner(Scanner):
    """The real nmap, TCP connect scans only (no root needed)."""

    name = "nmap"

    def __init__(self, path: str | None = None) -> None:
        self.path = path or find_nmap()
        self._version: str | None = None

    def version(self) -> str:
        if self._version is None:
            import nmap

            try:
                scanner = nmap.PortScanner(nmap_search_path=(self.path,))
            except nmap.PortScannerError as exc:
                raise ScannerMissing(msg("scan.runner.cannot_run_nmap", p=self.path, e=str(exc).splitlines()[0][:200], h=tr(INSTALL_HINT_VI, INSTALL_HINT_EN))) from None
            self._version = ".".join(str(x) for x in scanner.nmap_version())
        return self._version

    def top_ports(self, count: int = TOP_PORTS) -> list[int]:
        for candidate in self._services_files():
            try:
                text = candidate.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            ports = parse_nmap_services(text, count)
            if ports:
                return ports
        return list(FALLBACK_PORTS)

    def _services_files(self) -> Iterator[Path]:
        env = os.environ.get("NMAPDIR")
        if env:
            yield Path(env) / "nmap-services"
        binary = Path(self.path).resolve()
        yield binary.parent.parent / "share" / "nmap" / "nmap-services"
        yield binary.parent / "nmap-services"  # Windows installs keep data beside nmap.exe
        yield Path("/usr/share/nmap/nmap-services")
        yield Path("/usr/local/share/nmap/nmap-services")

    def command(self, request: ScanRequest) -> list[str]:
        if not request.targets:
            raise InputError(msg("scan.runner.nothing_scan"))
        if not request.ports:
            raise InputError(msg("scan.runner.no_port_scan"), location="--ports")
        targets = [check_target_text(t) for t in request.targets]
        argv = [self.path, "-oX", "-", *request.profile.flags]
        if request.ipv6:
            argv.append("-6")
        argv += ["-p", format_ports(request.ports), "--", *targets]
        return argv

    def run(self, request: ScanRequest, progress: Progress | None = None) -> RawScan:
        argv = self.command(request)
        started = clock.now()
        t0 = time.monotonic()
        try:
            proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    start_new_session=os.name == "posix")
        except OSError as exc:
            raise ScannerMissing(msg("scan.runner.cannot_run_nmap", p=self.path, e=exc, h=tr(INSTALL_HINT_VI, INSTALL_HINT_EN))) from None
        out = _Collector(proc.stdout)
        err = _Collector(proc.stderr)
        try:
            with _terminate_on_sigterm():
                last_shown = -1.0
                while True:
                    try:
                        proc.wait(timeout=0.2)
                        break
                    except subprocess.TimeoutExpired:
                        pass
                    elapsed = time.monotonic() - t0
                    if elapsed > request.timeout:
                        _stop(proc)
                        raise ScanTimeout(msg("scan.runner.scan_ran_past_time_limit", s=f"{request.timeout:g}"), location="--timeout")
                    if progress is not None and elapsed - last_shown >= 1.0:
                        last_shown = elapsed
                        task, pct = out.last_progress()
                        progress(elapsed, task, pct)
        except BaseException:
            _stop(proc)
            raise
        finally:
            out.join()
            err.join()
        ended = clock.now()
        stderr = err.text()
        warnings = tuple(line.strip() for line in stderr.splitlines() if line.strip())
        if proc.returncode != 0:
            raise ScanFailed(msg("scan.runner.nmap_stopped_exit_code", c=proc.returncode, e=" / ".join(warnings[-3:]) or "-"))
        shown = ["nmap", *argv[1:]]
        return RawScan(xml=out.data(), arguments=tuple(shown), started=started, ended=ended,
                       scanner_version=self._version or "", warnings=warnings)


class _Collector:
    """Reads a pipe to the end in a thread (so neither pipe can fill up and block nmap)."""

    _PROGRESS = re.compile(rb'<taskprogress task="([^"]{0,80})"[^>]*?percent="([0-9.]+)"')

    def __init__(self, stream: IO[bytes] | None) -> None:
        self._chunks: list[bytes] = []
        self._lock = threading.Lock()
        self._tail = b""
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: IO[bytes] | None) -> None:
        if stream is None:
            return
        with stream:
            while True:
                chunk = stream.read1(65536) if hasattr(stream, "read1") else stream.read(65536)
                if not chunk:
                    break
                with self._lock:
                    self._chunks.append(chunk)
                    self._tail = (self._tail + chunk)[-4096:]

    def last_progress(self) -> tuple[str, float | None]:
        with self._lock:
            tail = self._tail
        found = self._PROGRESS.findall(tail)
        if not found:
            return "", None
        task, pct = found[-1]
        try:
            return task.decode("utf-8", "replace"), float(pct)
        except ValueError:
            return task.decode("utf-8", "replace"), None

    def join(self) -> None:
        self._thread.join(timeout=10)

    def data(self) -> bytes:
        with self._lock:
            return b"".join(self._chunks)

    def text(self) -> str:
        return self.data().decode("utf-8", "replace")


def _stop(proc: subprocess.Popen[Any]) -> None:
    """Stop nmap (and anything it started), then reap it: no process is left behind."""
    if proc.poll() is not None:
        return
    if os.name == "posix":
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGTERM)
    else:  # pragma: no cover - Windows
        proc.terminate()
    try:
        proc.wait(timeout=3)
    except subprocess.TimeoutExpired:
        if os.name == "posix":
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
        else:  # pragma: no cover
            proc.kill()
        proc.wait()


@contextlib.contextmanager
def _terminate_on_sigterm() -> Iterator[None]:
    """Turn SIGTERM into KeyboardInterrupt while nmap runs, so it is stopped before we exit."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
