"""The one place that writes files atomically (a temporary file beside the target, then rename),
and the one size-checked read of a file a user names.

A failed command therefore never leaves a half-written report or export behind, and a file that
is missing, a folder, a device or larger than its limit is refused with one clear message
before anything is read.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from secassess.errors import InputError
from secassess.i18n import tr


def cannot_write(path: str | os.PathLike[str], exc: OSError) -> InputError:
    """The one message for an output file that cannot be written (no folder, no permission, disk full)."""
    return InputError(tr("không ghi được tệp: {e}", "cannot write the file: {e}", e=exc.strerror or exc), str(path))


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "wb", encoding: str | None = None,
                newline: str | None = None, perms: int = 0o644) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path``; on success rename it over ``path``, else delete it.
    Failing to create, write or rename the file is an :class:`InputError` naming ``path``."""
    target = Path(path)
    try:
        if target.is_dir():
            raise InputError(tr("đây là thư mục, không phải tệp", "this is a folder, not a file"), str(path))
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    # after the block every OSError is ours; inside it, one about no named file (fh.write on a full
    # disk) is ours too, while one naming another file comes from the caller's own I/O
    writing = False
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as fh:
            yield fh
            writing = True
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, perms)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and (writing or exc.filename in (None, tmp)):
            raise cannot_write(path, exc) from None
        raise


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, perms: int = 0o644) -> None:
    with atomic_open(path, "wb", perms=perms) as fh:
        fh.write(data)


def atomic_write_text(path: str | os.PathLike[str], text: str, perms: int = 0o644,
                      encoding: str = "utf-8") -> None:
    with atomic_open(path, "w", encoding=encoding, newline="", perms=perms) as fh:
        fh.write(text)


def _amount(n: int) -> str:
    if n < 1024 * 1024:
        return tr("{n} byte", "{n} bytes", n=n)
    return f"{n / 1048576:.1f}".removesuffix(".0") + " MB"


def too_large(size: int | None, max_bytes: int, *, what: str | None = None, setting: str | None = None) -> str:
    """Why a file over its limit is refused (``size`` None: found while reading, so not known);
    ``what`` names the kind of file ("tệp bằng chứng"), ``setting`` the secassess.yaml key of the limit."""
    limit = tr("giới hạn {m}", "limit {m}", m=_amount(max_bytes))
    if setting:
        limit += tr("; đổi giới hạn ở {k} trong secassess.yaml", "; change {k} in secassess.yaml", k=setting)
    detail = limit if size is None else f"{_amount(size)}, {limit}"
    return tr("{w} quá lớn ({d})", "{w} too large ({d})", w=what or tr("tệp", "file"), d=detail)


def check_file(path: str | os.PathLike[str], *, max_bytes: int, what: str | None = None,
               setting: str | None = None) -> int:
    """The size of the regular file ``path``; :class:`InputError` naming it if it is missing,
    unreadable, a folder or another non-regular file, or larger than ``max_bytes`` (``what`` and
    ``setting`` as for :func:`too_large`)."""
    shown = str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(tr("không tìm thấy {w}", "{w} not found", w=what or tr("tệp", "file")), shown) from None
    except OSError as exc:
        raise InputError(tr("không đọc được tệp: {e}", "cannot read file: {e}", e=exc.strerror or exc),
                         shown) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(tr("đây là thư mục, không phải tệp thông thường", "this is a folder, not a regular file"),
                         shown)
    if not stat.S_ISREG(st.st_mode):
        raise InputError(tr("không phải tệp thông thường", "not a regular file"), shown)
    if st.st_size > max_bytes:
        raise InputError(too_large(st.st_size, max_bytes, what=what, setting=setting), shown)
    return st.st_size


def read_bytes(path: str | os.PathLike[str], *, max_bytes: int, what: str | None = None,
               setting: str | None = None) -> bytes:
    """The content of a regular file of at most ``max_bytes`` (checked by :func:`check_file`
    before reading, and again while reading: a file that grows meanwhile is refused too)."""
    check_file(path, max_bytes=max_bytes, what=what, setting=setting)
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(tr("không đọc được tệp: {e}", "cannot read file: {e}", e=exc.strerror or exc),
                         str(path)) from None
    if len(data) > max_bytes:
        raise InputError(too_large(None, max_bytes, what=what, setting=setting), str(path))
    return data
