"""Small servers the scan tests start on 127.0.0.1 (random high ports), for the real nmap."""

from __future__ import annotations

import contextlib
import http.server
import socket
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

FTP_BANNER = b"220 ProFTPD 1.3.5 Server (ProFTPD Default Installation) [127.0.0.1]\r\n"


def _listener() -> socket.socket:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(64)
    return s


@contextlib.contextmanager
def _serving(serve: Callable[[socket.socket, threading.Event], None]) -> Iterator[int]:
    """Accept connections on a random port, each served by ``serve(conn, stop)`` in its own thread;
    yields the port. On exit the listener and every accepted connection are closed."""
    sock = _listener()
    stop = threading.Event()
    conns: list[socket.socket] = []

    def accept() -> None:
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                c, _ = sock.accept()
            except TimeoutError:
                continue
            except OSError:
                break
            conns.append(c)
            threading.Thread(target=serve, args=(c, stop), daemon=True).start()

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    try:
        yield sock.getsockname()[1]
    finally:
        stop.set()
        t.join(2)
        sock.close()
        for c in conns:
            with contextlib.suppress(OSError):
                c.close()


@contextlib.contextmanager
def tcp_server(handler: str) -> Iterator[int]:
    """A TCP server on a random port. ``handler``: ``ftp`` greets like ProFTPD and answers every
    command with 500; ``close`` closes each connection at once; ``silent`` accepts and never
    speaks (makes nmap's service detection wait)."""

    def serve(c: socket.socket, stop: threading.Event) -> None:
        try:
            if handler == "ftp":
                c.sendall(FTP_BANNER)
                c.settimeout(5)
                while not stop.is_set():
                    data = c.recv(1024)
                    if not data:
                        break
                    c.sendall(b"500 Unknown command\r\n")
            elif handler == "silent":
                c.settimeout(60)
                while not stop.is_set() and c.recv(1024):
                    pass
        except OSError:
            pass
        finally:
            c.close()

    with _serving(serve) as port:
        yield port


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def handle(self) -> None:
        with contextlib.suppress(OSError):
            super().handle()


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # nmap's probes reset connections on purpose


@contextlib.contextmanager
def http_server(root: Path) -> Iterator[int]:
    root.mkdir(parents=True, exist_ok=True)
    (root / "index.html").write_text("<h1>test</h1>", encoding="utf-8")

    def handler(*args: object, **kw: object) -> _QuietHandler:
        return _QuietHandler(*args, directory=str(root), **kw)  # type: ignore[arg-type]

    srv = _QuietServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        yield srv.server_address[1]
    finally:
        srv.shutdown()
        srv.server_close()


def make_cert(folder: Path) -> tuple[Path, Path]:
    """A throw-away self-signed certificate made with the openssl command."""
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "2", "-subj", "/CN=localhost"], check=True, capture_output=True)
    return key, cert


def make_ca_signed_cert(folder: Path, days: int = 400) -> tuple[Path, Path, Path]:
    """A throw-away certificate authority and a server certificate it signed for 127.0.0.1 and
    localhost (made with the openssl command): ``(key, cert, ca_cert)``. A TLS tester given the
    CA (testssl.sh ``--add-ca``) finds the chain trusted."""
    folder.mkdir(parents=True, exist_ok=True)
    ca_key, ca, key, csr, cert, ext = (folder / n for n in ("ca.key", "ca.pem", "key.pem", "srv.csr", "cert.pem",
                                                              "ext.cnf"))
    ext.write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                   "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n", encoding="utf-8")
    for cmd in (
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(ca_key), "-out", str(ca),
         "-days", str(days + 1), "-subj", "/CN=secassess test CA", "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
        ["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(csr), "-subj",
         "/CN=localhost"],
        ["openssl", "x509", "-req", "-in", str(csr), "-CA", str(ca), "-CAkey", str(ca_key), "-CAcreateserial",
         "-out", str(cert), "-days", str(days), "-extfile", str(ext)],
    ):
        subprocess.run(cmd, check=True, capture_output=True)
    return key, cert, ca


@contextlib.contextmanager
def tls_server(key: Path, cert: Path, weak: bool) -> Iterator[int]:
    """A TLS server answering one HTTP line; ``weak`` also offers TLS 1.0/1.1 and anonymous ciphers."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(str(cert), str(key))
    if weak:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            ctx.minimum_version = ssl.TLSVersion.TLSv1
        ctx.set_ciphers("ALL:@SECLEVEL=0")
    else:
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2

    def serve(c: socket.socket, _stop: threading.Event) -> None:
        try:
            c.settimeout(5)
            t = ctx.wrap_socket(c, server_side=True)
            t.recv(100)
            t.sendall(b"HTTP/1.0 200 OK\r\n\r\nhi")
            t.close()
        except (OSError, ssl.SSLError):
            c.close()

    with _serving(serve) as port:
        yield port
