"""The evidence store: content-addressed by SHA-256, written once and atomically, size-limited."""

from __future__ import annotations

import hashlib
import json
import stat
from pathlib import Path

import pytest
from sqlalchemy import func, select

from secassess.errors import InputError
from secassess.evidence.store import (
    attach,
    blob_path,
    list_attachments,
    read_blob,
    store_bytes,
    store_file,
)
from secassess.store.schema.assessment import attachments, blobs
from secassess.workspace import Workspace
from tests.assessment.conftest import Started

pytestmark = pytest.mark.usefixtures("engine")  # SQLite and PostgreSQL


def test_store_file_is_content_addressed_and_stored_once(started: Started, tmp_path: Path) -> None:
    a = tmp_path / "a.pdf"
    b = tmp_path / "copy-of-a.pdf"
    a.write_bytes(b"%PDF-1.4 quy che")
    b.write_bytes(b"%PDF-1.4 quy che")
    ws = Workspace.open(started.ws)
    with ws.write() as conn:
        blob = store_file(conn, ws.evidence_dir, a, max_bytes=1000)
        again = store_file(conn, ws.evidence_dir, b, max_bytes=1000)
        n_blobs = conn.execute(select(func.count()).select_from(blobs)).scalar()
    sha = hashlib.sha256(b"%PDF-1.4 quy che").hexdigest()
    assert blob == again and blob.sha256 == sha and blob.size == 16 and blob.media_type == "application/pdf"
    assert n_blobs == 1
    path = ws.evidence_dir / sha[:2] / sha[2:]
    assert path == blob_path(ws.evidence_dir, sha) and path.read_bytes() == b"%PDF-1.4 quy che"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_blob(ws.evidence_dir, sha) == b"%PDF-1.4 quy che"
    assert [p for p in ws.evidence_dir.rglob("*") if p.is_file()] == [path]  # no temporary file left
    ws.close()


def test_store_bytes_and_damaged_store_detected(started: Started) -> None:
    ws = Workspace.open(started.ws)
    with ws.write() as conn:
        blob = store_bytes(conn, ws.evidence_dir, b"<nmaprun/>", media_type="application/xml")
    assert blob.media_type == "application/xml" and blob.size == 10
    blob_path(ws.evidence_dir, blob.sha256).write_bytes(b"<tampered/>")
    with pytest.raises(InputError, match="đã bị thay đổi"):
        read_blob(ws.evidence_dir, blob.sha256)
    ws.close()


def test_oversize_missing_and_non_regular_files_are_refused(started: Started, tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * 2001)
    ws = Workspace.open(started.ws)
    with ws.write() as conn:
        with pytest.raises(InputError, match="quá lớn"):
            store_file(conn, ws.evidence_dir, big, max_bytes=2000)
        with pytest.raises(InputError, match="không tìm thấy"):
            store_file(conn, ws.evidence_dir, tmp_path / "none.pdf", max_bytes=2000)
        with pytest.raises(InputError, match="không phải tệp thông thường"):
            store_file(conn, ws.evidence_dir, tmp_path, max_bytes=2000)
    assert not [p for p in ws.evidence_dir.rglob("*") if p.is_file()]
    ws.close()


def test_attach_is_idempotent(started: Started) -> None:
    ws = Workspace.open(started.ws)
    with ws.write() as conn:
        blob = store_bytes(conn, ws.evidence_dir, b"data", media_type="text/plain")
        first = attach(conn, started.id, "QLRR-01", blob.sha256, "a.txt", "ghi chú", "file", "tester")
        second = attach(conn, started.id, "QLRR-01", blob.sha256, "a.txt", "khác", "file", "tester")
        other = attach(conn, started.id, "QLRR-02", blob.sha256, "a.txt", "", "file", "tester")
        whole = attach(conn, started.id, None, blob.sha256, "a.txt", "", "scan", "tester")
        whole2 = attach(conn, started.id, None, blob.sha256, "a.txt", "", "scan", "tester")
        n = conn.execute(select(func.count()).select_from(attachments)).scalar()
        listed = list_attachments(conn, started.id, "QLRR-01")
    ws.close()
    assert first == second and other != first and whole == whole2 and n == 3
    assert [(x.original_name, x.note, x.size, x.media_type) for x in listed] == [("a.txt", "ghi chú", 4, "text/plain")]


def test_evidence_command_deduplicates_and_prints_id_last(started: Started, tmp_path: Path) -> None:
    f = tmp_path / "Biên bản.pdf"
    f.write_bytes(b"%PDF bien ban")
    r = started.cli("assess", "evidence", str(started.id), "qlrr-01", str(f), "--note", "Bản ký")
    assert r.exit_code == 0, r.output
    first_id = r.output.splitlines()[-1]
    assert first_id.isdigit() and "SHA-256" in r.output and "application/pdf" in r.output
    r = started.cli("assess", "evidence", str(started.id), "QLRR-01", str(f))
    assert r.exit_code == 0 and r.output.splitlines()[-1] == first_id and "đã được đính kèm" in r.output
    g = tmp_path / "copy.pdf"
    g.write_bytes(b"%PDF bien ban")
    r = started.cli("assess", "evidence", str(started.id), "QLRR-02", str(g))
    assert r.exit_code == 0 and r.output.splitlines()[-1] != first_id
    files = [p for p in (started.ws / "evidence").rglob("*") if p.is_file()]
    assert len(files) == 1  # the same content is stored once
    data = json.loads(started.cli("assess", "show", str(started.id), "--json").output)
    att = data["attachments"]
    assert [(a["control_id"], a["original_name"], a["note"], a["added_by"], a["source"]) for a in att] == [
        ("QLRR-01", "Biên bản.pdf", "Bản ký", "tester", "file"), ("QLRR-02", "copy.pdf", "", "tester", "file")]
    assert att[0]["sha256"] == hashlib.sha256(b"%PDF bien ban").hexdigest() and att[0]["size"] == 13


def test_evidence_command_refuses_oversize_and_unknown_control(started: Started, tmp_path: Path) -> None:
    cfg = started.ws / "secassess.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("evidence_max_mb: 50", "evidence_max_mb: 1"),
                   encoding="utf-8")
    big = tmp_path / "big.bin"
    big.write_bytes(b"\0" * (1024 * 1024 + 1))
    small = tmp_path / "s.txt"
    small.write_text("x", encoding="utf-8")
    before = started.db()
    r = started.cli("assess", "evidence", str(started.id), "QLRR-01", str(big))
    assert r.exit_code == 2 and "quá lớn" in r.output and "evidence_max_mb" in r.output
    r = started.cli("assess", "evidence", str(started.id), "MANG-03", str(small))
    assert r.exit_code == 2 and "MANG-03" in r.output
    r = started.cli("assess", "evidence", str(started.id), "QLRR-01", str(tmp_path / "none.txt"))
    assert r.exit_code == 2 and "không tìm thấy" in r.output
    assert started.db() == before
    assert not [p for p in (started.ws / "evidence").rglob("*") if p.is_file()]
