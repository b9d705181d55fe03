"""What ``system import`` prints: a short summary whatever the file's size, the number of new systems
alone on the last line, and every id only in ``--json``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests import dbstate
from tests.conftest import run

pytestmark = pytest.mark.usefixtures("engine")  # SQLite and PostgreSQL

N_SYSTEMS = 300
N_UNITS = 12


def _inventory_csv(path: Path, n: int = N_SYSTEMS, rename: dict[int, str] | None = None) -> Path:
    rename = rename or {}
    lines = ["id,name,unit,unit_name,level"]
    lines += [f"HT-{i:04d},{rename.get(i, f'Hệ thống {i}')},U{i % N_UNITS:02d},Đơn vị {i % N_UNITS},{1 + i % 5}"
              for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _db(ws: Path) -> object:
    return dbstate.state(ws)


def test_large_import_prints_counts_and_first_ids_not_every_id(workspace: Path, tmp_path: Path) -> None:
    f = _inventory_csv(tmp_path / "inv.csv")
    r = run("-w", str(workspace), "system", "import", str(f))
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines == [
        f"Đơn vị: {N_UNITS} mới, 0 cập nhật, 0 không đổi.",
        f"Hệ thống: {N_SYSTEMS} mới, 0 cập nhật, 0 không đổi.",
        "Đơn vị mới: U00, U01, U02, U03, U04, U05, U06, U07 và 4 mã khác (xem đủ bằng --json)",
        "Hệ thống mới: HT-0000, HT-0001, HT-0002, HT-0003, HT-0004, HT-0005, HT-0006, HT-0007 "
        f"và {N_SYSTEMS - 8} mã khác (xem đủ bằng --json)",
        str(N_SYSTEMS),
    ]
    assert "HT-0008" not in r.output and len(r.output) < 600
    # everything was written, not only what was shown
    systems = json.loads(run("-w", str(workspace), "system", "list", "--json").output)
    assert len(systems) == N_SYSTEMS


def test_reimport_counts_updated_and_unchanged_per_kind_and_last_line_is_zero(workspace: Path,
                                                                               tmp_path: Path) -> None:
    f = _inventory_csv(tmp_path / "inv.csv")
    assert run("-w", str(workspace), "system", "import", str(f)).exit_code == 0
    _inventory_csv(f, n=N_SYSTEMS + 1, rename={7: "Tên mới", 9: "Tên khác"})
    r = run("-w", str(workspace), "system", "import", str(f))
    assert r.exit_code == 0, r.output
    assert r.output.splitlines() == [
        f"Đơn vị: 0 mới, 0 cập nhật, {N_UNITS} không đổi.",
        f"Hệ thống: 1 mới, 2 cập nhật, {N_SYSTEMS - 2} không đổi.",
        f"Hệ thống mới: HT-{N_SYSTEMS:04d}",
        "Hệ thống được cập nhật: HT-0007, HT-0009",
        "1",
    ]
    r = run("-w", str(workspace), "system", "import", str(f))
    assert r.output.splitlines()[-2:] == [f"Hệ thống: 0 mới, 0 cập nhật, {N_SYSTEMS + 1} không đổi.", "0"]


def test_json_lists_every_id_and_unchanged_per_kind(workspace: Path, tmp_path: Path) -> None:
    f = _inventory_csv(tmp_path / "inv.csv")
    first = json.loads(run("-w", str(workspace), "system", "import", str(f), "--json").output)
    assert first["systems_created"] == [f"HT-{i:04d}" for i in range(N_SYSTEMS)]
    assert first["units_created"] == [f"U{i:02d}" for i in range(N_UNITS)]
    again = json.loads(run("-w", str(workspace), "system", "import", str(f), "--json").output)
    assert (again["units_unchanged"], again["systems_unchanged"]) == (N_UNITS, N_SYSTEMS)
    assert again["unchanged"] == N_UNITS + N_SYSTEMS and again["systems_created"] == []


def test_dry_run_last_line_is_what_would_be_created_and_nothing_is_written(workspace: Path,
                                                                           tmp_path: Path) -> None:
    f = _inventory_csv(tmp_path / "inv.csv", n=3)
    before = _db(workspace)
    r = run("--lang", "en", "-w", str(workspace), "system", "import", str(f), "--dry-run")
    assert r.exit_code == 0, r.output
    assert r.output.splitlines() == [
        "Units: 3 new, 0 updated, 0 unchanged.",
        "Systems: 3 new, 0 updated, 0 unchanged.",
        "New units: U00, U01, U02",
        "New systems: HT-0000, HT-0001, HT-0002",
        "(Dry run: nothing written.)",
        "3",
    ]
    assert _db(workspace) == before


def test_english_summary_says_how_many_more(workspace: Path, tmp_path: Path) -> None:
    f = _inventory_csv(tmp_path / "inv.csv", n=10)
    r = run("--lang", "en", "-w", str(workspace), "system", "import", str(f))
    assert "New systems: HT-0000, HT-0001, HT-0002, HT-0003, HT-0004, HT-0005, HT-0006, HT-0007 and 2 more " \
           "(all of them with --json)" in r.output.splitlines()
    assert r.output.splitlines()[-1] == "10"
