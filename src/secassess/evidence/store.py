"""The evidence store (kho bằng chứng): files kept by content, under ``<workspace>/evidence/``.

A file with SHA-256 ``abcdef…`` lives at ``evidence/ab/cdef…``. It is written once, through
``fsutil.atomic_open`` (temporary file, then rename), so a crash never leaves half a file under
a real name; the same content attached twice is stored once. Each stored file has one ``blobs``
row (size, media type, when); each use of it has one ``attachments`` row (which assessment and
control, the original name, note, who and when).

The database row and the file are written in the caller's transaction order: the file first.
A transaction that then rolls back leaves at most an unreferenced file, which the next store of
the same content reuses.
"""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import Connection, select

from secassess import clock
from secassess.errors import InputError
from secassess.fsutil import atomic_open, check_file, too_large
from secassess.messages import msg
from secassess.store.schema.assessment import attachments, blobs

CHUNK = 1024 * 1024
DEFAULT_MEDIA_TYPE = "application/octet-stream"
EVIDENCE_LIMIT = "limits.evidence_max_mb"  # the secassess.yaml key of the size limit


@dataclass(frozen=True)
class Blob:
    """One stored content."""

    sha256: str
    size: int
    media_type: str


def blob_path(evidence_dir: Path, sha256: str) -> Path:
    """Where the content with this hash is (or would be) stored."""
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return evidence_dir / sha256[:2] / sha256[2:]


def guess_media_type(name: str) -> str:
    mt, _enc = mimetypes.guess_type(name, strict=False)
    return mt or DEFAULT_MEDIA_TYPE


def _evidence_kind() -> str:
    return msg("evidence.store.evidence_file")


def _grew_too_large(shown: str, max_bytes: int) -> InputError:
    """The file passed :func:`check_file` but grew past the limit while it was read."""
    return InputError(too_large(None, max_bytes, what=_evidence_kind(), setting=EVIDENCE_LIMIT), shown)


def _hash_stream(fh: BinaryIO, max_bytes: int, shown: str) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    while chunk := fh.read(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise _grew_too_large(shown, max_bytes)
        h.update(chunk)
    return h.hexdigest(), size


def _record(conn: Connection, sha256: str, size: int, media_type: str) -> Blob:
    row = conn.execute(select(blobs).where(blobs.c.sha256 == sha256)).first()
    if row is not None:
        return Blob(sha256, int(row._mapping["size"]), str(row._mapping["media_type"]))
    conn.execute(blobs.insert().values(sha256=sha256, size=size, media_type=media_type, stored_at=clock.now()))
    return Blob(sha256, size, media_type)


def store_file(conn: Connection, evidence_dir: Path, path: Path, *, max_bytes: int,
               media_type: str | None = None) -> Blob:
    """Store the content of the regular file ``path`` (at most ``max_bytes``) and return its blob.

    Raises :class:`InputError` (naming the file) if it is missing, not a regular file, or too large.
    """
    shown = str(path)
    check_file(path, max_bytes=max_bytes, what=_evidence_kind(), setting=EVIDENCE_LIMIT)
    try:
        with open(path, "rb") as fh:
            sha, size = _hash_stream(fh, max_bytes, shown)
            target = blob_path(evidence_dir, sha)
            if not target.is_file():
                fh.seek(0)
                _copy_verified(fh, target, sha, max_bytes, shown)
    except OSError as exc:
        raise InputError(msg("evidence.store.cannot_read_store_file", e=exc.strerror or exc), shown) from None
    return _record(conn, sha, size, media_type or guess_media_type(path.name))


def _copy_verified(fh: BinaryIO, target: Path, sha: str, max_bytes: int, shown: str) -> None:
    """Copy ``fh`` to ``target`` atomically, checking the content did not change meanwhile."""
    h = hashlib.sha256()
    size = 0
    with atomic_open(target, "wb", perms=0o600) as out:
        while chunk := fh.read(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise _grew_too_large(shown, max_bytes)
            h.update(chunk)
            out.write(chunk)
        if h.hexdigest() != sha:
            raise InputError(msg("evidence.store.file_changed_while_was_being"), shown)
    _private_dir(target.parent)


def _private_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # e.g. a filesystem without permissions
        os.chmod(folder, 0o700)


def store_bytes(conn: Connection, evidence_dir: Path, data: bytes, *, media_type: str) -> Blob:
    """Store ``data`` (e.g. the XML of a scan) and return its blob."""
    sha = hashlib.sha256(data).hexdigest()
    target = blob_path(evidence_dir, sha)
    if not target.is_file():
        try:
            with atomic_open(target, "wb", perms=0o600) as out:
                out.write(data)
        except OSError as exc:
            raise InputError(msg("evidence.store.cannot_write_evidence_store", e=exc.strerror or exc), str(target.parent)) from None
        _private_dir(target.parent)
    return _record(conn, sha, len(data), media_type)


def read_blob(evidence_dir: Path, sha256: str) -> bytes:
    """The stored content, checked against its hash (a damaged store is reported, not trusted)."""
    path = blob_path(evidence_dir, sha256)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(msg("evidence.store.evidence_file_missing_from_store", h=sha256[:12]), str(path)) from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise InputError(msg("evidence.store.evidence_file_store_was_altered", h=sha256[:12]), str(path))
    return data


@dataclass(frozen=True)
class Attachment:
    id: int
    assessment_id: int
    control_id: str | None
    sha256: str
    original_name: str
    note: str
    source: str
    added_by: str
    added_at: Any
    size: int = 0
    media_type: str = DEFAULT_MEDIA_TYPE

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "assessment_id": self.assessment_id, "control_id": self.control_id,
                "sha256": self.sha256, "original_name": self.original_name, "note": self.note,
                "source": self.source, "added_by": self.added_by, "added_at": self.added_at,
                "size": self.size, "media_type": self.media_type}


def find_attachment(conn: Connection, assessment_id: int, control_id: str | None, sha256: str,
                    original_name: str) -> int | None:
    """The id of the same attachment if it is already there."""
    cond = [attachments.c.assessment_id == assessment_id, attachments.c.sha256 == sha256,
            attachments.c.original_name == original_name]
    cond.append(attachments.c.control_id.is_(None) if control_id is None else attachments.c.control_id == control_id)
    existing = conn.execute(select(attachments.c.id).where(*cond)).first()
    return None if existing is None else int(existing[0])


def add_attachment(conn: Connection, assessment_id: int, control_id: str | None, sha256: str, original_name: str,
                   note: str, source: str, actor: str) -> tuple[int, bool]:
    """Link a stored blob to an assessment (and control, or None for the whole assessment) and return
    the attachment id and whether it is new. Attaching the same content under the same name to the
    same control again returns the existing id and creates nothing. ``source`` is ``file``,
    ``answers`` or ``scan``."""
    existing = find_attachment(conn, assessment_id, control_id, sha256, original_name)
    if existing is not None:
        return existing, False
    res = conn.execute(attachments.insert().values(
        assessment_id=assessment_id, control_id=control_id, sha256=sha256, original_name=original_name,
        note=note, source=source, added_by=actor, added_at=clock.now()))
    assert res.inserted_primary_key is not None
    return int(res.inserted_primary_key[0]), True


def attach(conn: Connection, assessment_id: int, control_id: str | None, sha256: str, original_name: str,
           note: str, source: str, actor: str) -> int:
    """:func:`add_attachment`, for callers that need only the id."""
    return add_attachment(conn, assessment_id, control_id, sha256, original_name, note, source, actor)[0]


def list_attachments(conn: Connection, assessment_id: int, control_id: str | None = None) -> list[Attachment]:
    """Attachments of an assessment (optionally one control), oldest first."""
    q = (select(attachments, blobs.c.size, blobs.c.media_type)
         .join(blobs, blobs.c.sha256 == attachments.c.sha256)
         .where(attachments.c.assessment_id == assessment_id).order_by(attachments.c.id))
    if control_id is not None:
        q = q.where(attachments.c.control_id == control_id)
    out = []
    for r in conn.execute(q):
        m = r._mapping
        out.append(Attachment(id=m["id"], assessment_id=m["assessment_id"], control_id=m["control_id"],
                              sha256=m["sha256"], original_name=m["original_name"], note=m["note"],
                              source=m["source"], added_by=m["added_by"], added_at=m["added_at"],
                              size=int(m["size"]), media_type=str(m["media_type"])))
    return out


@dataclass(frozen=True)
class StoreStatus:
    """The evidence store against the database: how many stored contents the database knows, their
    size, and those whose file is not in the folder."""

    folder: Path
    files: int
    bytes: int
    missing: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"folder": str(self.folder), "files": self.files, "bytes": self.bytes, "missing": self.missing}


def store_status(conn: Connection, evidence_dir: Path) -> StoreStatus:
    """Which of the contents the database records are in ``evidence_dir`` (by name; not re-hashed)."""
    files = size = 0
    missing: list[str] = []
    for sha, n in conn.execute(select(blobs.c.sha256, blobs.c.size).order_by(blobs.c.sha256)):
        files += 1
        size += int(n)
        if not blob_path(evidence_dir, sha).is_file():
            missing.append(sha)
    return StoreStatus(evidence_dir, files, size, missing)


def get_attachment(conn: Connection, attachment_id: int) -> Attachment | None:
    """One attachment with its blob's size and media type; None when there is none."""
    q = (select(attachments, blobs.c.size, blobs.c.media_type)
         .join(blobs, blobs.c.sha256 == attachments.c.sha256).where(attachments.c.id == attachment_id))
    r = conn.execute(q).first()
    if r is None:
        return None
    m = r._mapping
    return Attachment(id=m["id"], assessment_id=m["assessment_id"], control_id=m["control_id"], sha256=m["sha256"],
                      original_name=m["original_name"], note=m["note"], source=m["source"], added_by=m["added_by"],
                      added_at=m["added_at"], size=int(m["size"]), media_type=str(m["media_type"]))
