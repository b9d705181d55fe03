"""docs/architecture.md, “All or nothing”: after any failed command the database is byte-for-byte what it was.

Each case runs a command that must fail against a workspace with units, systems, a draft and a
finalized assessment, and compares the bytes of ``secassess.db`` (after the previous successful
command closed it) with those after the failure.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.assessment.conftest import Started, add_system, start
from tests.conftest import run

pytestmark = pytest.mark.usefixtures("engine")  # SQLite and PostgreSQL


@pytest.fixture
def busy(started: Started, tmp_path: Path) -> tuple[Started, int]:
    """``started`` with some answers and evidence, plus a finalized assessment of another system."""
    (tmp_path / "ev.pdf").write_bytes(b"%PDF")
    f = tmp_path / "a.yaml"
    f.write_text("answers:\n  QLRR-01: {result: pass, evidence: [ev.pdf]}\n  QLRR-02: fail\n", encoding="utf-8")
    assert started.cli("assess", "answer", str(started.id), "--file", str(f)).exit_code == 0
    add_system(started.ws, "SYT-HSSK", 2)
    done = start(started.ws, "SYT-HSSK")
    assert started.cli("assess", "finalize", str(done), "--allow-incomplete", "--yes").exit_code == 0
    return started, done


def _files(tmp: Path, started: Started, done: int) -> dict[str, Path]:
    out: dict[str, Path] = {}
    bad_yaml = tmp / "bad.yaml"
    bad_yaml.write_text("answers:\n  QLRR-02: pass\n  MANG-02: {result: N/A}\n", encoding="utf-8")
    out["bad_yaml"] = bad_yaml
    late = tmp / "late.yaml"
    late.write_text("answers:\n  QLRR-02: pass\n  MANG-02: {result: pass, evidence: [missing.pdf]}\n",
                    encoding="utf-8")
    out["late"] = late
    xlsx = tmp / "other.xlsx"
    r = started.cli("assess", "questionnaire", str(done), "-o", str(xlsx))
    assert r.exit_code == 0
    wb = openpyxl.load_workbook(xlsx)
    ws = wb["Phiếu hỏi"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "QLRR-01":
            row[6].value = "Đạt"
    wb.save(xlsx)
    out["other_xlsx"] = xlsx
    inv = tmp / "inv.yaml"
    inv.write_text("units: [{id: NEW, name: Mới}]\nsystems:\n  - {id: N1, name: A, unit: NEW, level: 2}\n"
                   "  - {id: N2, name: B, unit: NEW, level: 6}\n", encoding="utf-8")
    out["inv"] = inv
    inv_csv = tmp / "inv.csv"
    inv_csv.write_text("id,name,unit,level\nN3,C,STP,2\nN4,D,GHOST,2\n", encoding="utf-8")
    out["inv_csv"] = inv_csv
    big = tmp / "big.bin"
    big.write_bytes(b"\0" * (1024 * 1024 + 1))
    out["big"] = big
    return out


CASES = [
    ("unit", "add", "STP", "Trùng"),
    ("system", "add", "S9", "--name", "X", "--unit", "STP", "--level", "3", "--target", "10.0.0.1 -sV"),
    ("system", "add", "STP-QLVB", "--name", "X", "--unit", "STP", "--level", "3"),
    ("system", "edit", "STP-QLVB", "--add-target", "-iL"),
    ("system", "edit", "STP-QLVB", "--level", "0"),
    ("system", "import", "{inv}"),
    ("system", "import", "{inv_csv}"),
    ("assess", "start", "GHOST"),
    ("assess", "start", "STP-QLVB", "--profile", "ghost"),
    ("assess", "answer", "{id}", "--file", "{bad_yaml}"),
    ("assess", "answer", "{id}", "--file", "{late}"),
    ("assess", "answer", "{id}", "--file", "{other_xlsx}"),
    ("assess", "answer", "{done}", "--file", "{bad_yaml}"),
    ("assess", "answer", "{done}", "--interactive"),
    ("assess", "answer", "999", "--file", "{bad_yaml}"),
    ("assess", "evidence", "{id}", "QLRR-01", "{big}"),
    ("assess", "evidence", "{done}", "QLRR-01", "{bad_yaml}"),
    ("assess", "evidence", "{id}", "ZZZ-01", "{bad_yaml}"),
    ("assess", "finalize", "{id}"),
    ("assess", "finalize", "{done}"),
    ("assess", "finalize", "{id}", "--allow-incomplete"),  # would finalize, but no --yes and no terminal
    ("assess", "score", "{id}", "--fail-under", "99"),
    ("assess", "score", "{id}", "--compare-with", "{id}"),
]


def test_database_is_byte_for_byte_unchanged_after_every_failed_command(busy: tuple[Started, int],
                                                                        tmp_path: Path) -> None:
    started, done = busy
    cfg = started.ws / "secassess.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("evidence_max_mb: 50", "evidence_max_mb: 1"),
                   encoding="utf-8")
    files = _files(tmp_path, started, done)
    values = {"id": str(started.id), "done": str(done), **{k: str(v) for k, v in files.items()}}
    for case in CASES:
        args = [a.format(**values) for a in case]
        before = started.db()
        r = run("-w", str(started.ws), *args, input="d")
        assert r.exit_code in (1, 2), (args, r.exit_code, r.output)
        assert "Traceback" not in r.output, (args, r.output)
        assert started.db() == before, args
        assert not (started.ws / "secassess.db-wal").exists() or \
            (started.ws / "secassess.db-wal").stat().st_size == 0, args


def test_a_failure_half_way_through_writing_rolls_back_everything(started: Started, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The answers are written control by control; if storing the second evidence file fails (a disk
    error, say), the first control's answer, blob row and attachment are rolled back too."""
    import secassess.evidence.store as store
    from secassess.errors import InputError

    (tmp_path / "one.pdf").write_bytes(b"1")
    (tmp_path / "two.pdf").write_bytes(b"2")
    f = tmp_path / "a.yaml"
    f.write_text("answers:\n  QLRR-01: {result: pass, evidence: [one.pdf]}\n"
                 "  QLRR-02: {result: fail, evidence: [two.pdf]}\n", encoding="utf-8")
    real = store.store_file
    calls: list[Path] = []

    def failing_second(conn: object, evidence_dir: Path, path: Path, **kw: object) -> object:
        calls.append(path)
        if len(calls) == 2:
            raise InputError("disk full (simulated)", str(path))
        return real(conn, evidence_dir, path, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "store_file", failing_second)
    before = started.db()
    r = started.cli("assess", "answer", str(started.id), "--file", str(f))
    assert r.exit_code == 2 and "disk full" in r.output and len(calls) == 2
    assert started.db() == before
