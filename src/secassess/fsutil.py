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
from secassess.messages import msg


def cannot_write(path: str | os.PathLike[str], exc: OSError) -> InputError:
    """The one message for an output file that cannot be written (no folder, no permission, disk full)."""
    return InputError(msg("fsutil.cannot_write_file", e=exc.strerror or exc), str(path))


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "wb", encoding: str | None = None,
                newline: str | None = None, perms: int = 0o644) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path``; on success rename it over ``path``, else delete it.
    Failing to create, write or rename the file is an :class:`InputError` naming ``path``."""
    target = Path(path)
    try:
        if target.is_dir():
            raise InputError(msg("fsutil.folder_not_file"), str(path))
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
        return msg("fsutil.bytes", n=n)
    return f"{n / 1048576:.1f}".removesuffix(".0") + " MB"


def too_large(size: int | None, max_bytes: int, *, what: str | None = None, setting: str | None = None) -> str:
    """Why a file over its limit is refused (``size`` None: found while reading, so not known);
    ``what`` names the kind of file ("tệp bằng chứng"), ``setting`` the secassess.yaml key of the limit."""
    limit = msg("fsutil.limit", m=_amount(max_bytes))
    if setting:
        limit += msg("fsutil.change_secassess_yaml", k=setting)
    detail = limit if size is None else f"{_amount(size)}, {limit}"
    return msg("fsutil.too_large", w=what or msg("fsutil.file"), d=detail)


def check_file(path: str | os.PathLike[str], *, max_bytes: int, what: str | None = None,
               setting: str | None = None) -> int:
    """The size of the regular file ``path``; :class:`InputError` naming it if it is missing,
    unreadable, a folder or another non-regular file, or larger than ``max_bytes`` (``what`` and
    ``setting`` as for :func:`too_large`)."""
    shown = str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(msg("fsutil.not_found", w=what or msg("fsutil.file")), shown) from None
    except OSError as exc:
        raise InputError(msg("fsutil.cannot_read_file", e=exc.strerror or exc),
                         shown) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(msg("fsutil.folder_not_regular_file"),
                         shown)
    if not stat.S_ISREG(st.st_mode):
        raise InputError(msg("fsutil.not_regular_file"), shown)
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
        raise InputError(msg("fsutil.cannot_read_file", e=exc.strerror or exc),
                         str(path)) from None
    if len(data) > max_bytes:
        raise InputError(too_large(None, max_bytes, what=what, setting=setting), str(path))
    return data


# --------------------------------------------------------------------------- what a file really is

#: what :func:`sniff` can tell a file is, by its content
KINDS = ("xlsx", "docx", "pptx", "ods", "odt", "odf", "zip", "pdf", "ole2", "text")

#: the extensions a file of each kind normally has
KIND_SUFFIXES: dict[str, tuple[str, ...]] = {
    "xlsx": (".xlsx", ".xlsm"), "docx": (".docx", ".docm"), "pptx": (".pptx",), "ods": (".ods",),
    "odt": (".odt",), "odf": (".odp", ".odg", ".odf"), "zip": (".zip",), "pdf": (".pdf",),
    "ole2": (".xls", ".doc", ".ppt"), "text": (".yaml", ".yml", ".csv", ".txt", ".json"),
}

_ODF_KINDS = {"application/vnd.oasis.opendocument.spreadsheet": "ods",
              "application/vnd.oasis.opendocument.text": "odt"}


def sniff(path: str | os.PathLike[str]) -> str:
    """What the file at ``path`` really is, by its content, whatever its name says (one of :data:`KINDS`):
    a zip is an Excel workbook when it holds ``xl/workbook.xml``, a Word document with
    ``word/document.xml``, a PowerPoint deck with ``ppt/presentation.xml``, an OpenDocument file when
    it holds a ``mimetype`` member, else a plain zip; ``%PDF`` is a PDF; ``D0 CF 11 E0`` is an old
    Office 97–2003 file (.xls, .doc); anything else is text. The caller has checked the file
    (:func:`check_file`)."""
    import zipfile

    shown = str(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise InputError(msg("fsutil.cannot_read_file", e=exc.strerror or exc),
                         shown) from None
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole2"
    if not head.startswith(b"PK\x03\x04"):
        return "text"
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "mimetype" in names and zf.getinfo("mimetype").file_size < 200:
                mimetype = zf.read("mimetype").decode("ascii", "replace").strip()
                return _ODF_KINDS.get(mimetype, "odf")
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        return "zip"
    for member, kind in (("xl/workbook.xml", "xlsx"), ("word/document.xml", "docx"),
                         ("ppt/presentation.xml", "pptx")):
        if member in names:
            return kind
    return "zip"


def kind_label(kind: str) -> str:
    """What a file of this kind is, for a message ("một bảng tính Excel (.xlsx)")."""
    labels = {
        "xlsx": ("một bảng tính Excel (.xlsx)", "an Excel workbook (.xlsx)"),
        "docx": ("một văn bản Word (.docx)", "a Word document (.docx)"),
        "pptx": ("một bản trình chiếu PowerPoint (.pptx)", "a PowerPoint presentation (.pptx)"),
        "ods": ("một bảng tính OpenDocument (.ods)", "an OpenDocument spreadsheet (.ods)"),
        "odt": ("một văn bản OpenDocument (.odt)", "an OpenDocument text (.odt)"),
        "odf": ("một tài liệu OpenDocument", "an OpenDocument file"),
        "zip": ("một tệp nén zip", "a zip archive"),
        "pdf": ("một tệp PDF", "a PDF file"),
        "ole2": ("một tệp Office 97–2003 (.xls hoặc .doc)", "an Office 97–2003 file (.xls or .doc)"),
        "text": ("một tệp văn bản thuần", "a plain text file"),
    }
    vi, en = labels.get(kind, (kind, kind))
    return tr(vi, en)


SPREADSHEETS = ("xlsx", "ods", "ole2")


def wrong_kind(path: str | os.PathLike[str], kind: str, expected: str, advice: str = "") -> InputError:
    """The one message for a file that is not what the command reads: what it really is (by
    :func:`sniff`), what is expected, and how to convert it (``expected`` and ``advice`` translated)."""
    return InputError(msg("fsutil.file_really_expected", k=kind_label(kind), x=expected, a=f"; {advice}" if advice else ""), str(path))


def mislabelled(path: str | os.PathLike[str], kind: str) -> str | None:
    """A notice when the file's name does not say what it really is (``None`` when it does)."""
    suffix = Path(path).suffix.lower()
    if suffix in KIND_SUFFIXES.get(kind, ()):
        return None
    return msg("fsutil.note_really_name_ends_read", f=Path(path).name, k=kind_label(kind), s=suffix or msg("fsutil.none"))
