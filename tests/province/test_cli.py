"""``secassess report province`` as an officer runs it: default file name, progress on stderr, the
path on the last line; bad input exits 2 with one message, writes no file and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import dbstate
from tests.conftest import run
from tests.province.conftest import REPORT_NOW, Province

pytestmark = pytest.mark.usefixtures("engine")  # SQLite and PostgreSQL


def test_default_output_goes_to_the_workspace_reports_folder(province: Province) -> None:
    r = province.cli("report", "province", "--period", "10/2026", "--format", "json")
    out = province.ws / "reports" / "bao-cao-tinh-2026-10.json"
    assert r.output.strip().splitlines()[-1] == str(out) and out.is_file()
    assert "Đang tính" in r.stderr
    assert "5 hệ thống đang sử dụng, 2 được đánh giá trong 12 tháng; 3 hạng mục khắc phục quá hạn; 4 sự cố " \
           "trong kỳ (1 thông báo trễ, 1 quá hạn chưa gửi)" in r.stdout
    r = province.cli("report", "province", "--period", "2026-10", "--unit", "SYT", "--format", "xlsx")
    assert r.output.strip().splitlines()[-1].endswith("bao-cao-tinh-2026-10-SYT.xlsx")
    r = province.cli("report", "province", "--period", "2026-10", "--unit", "syt", "--format", "json")
    assert r.output.strip().splitlines()[-1].endswith("bao-cao-tinh-2026-10-SYT.json")  # the unit as stored


def test_a_period_not_yet_ended_is_measured_up_to_today(province: Province) -> None:
    data = province.report("--period", "2026-11", now="2026-11-05T10:00:00+07:00")
    assert data["current"]["measured"]["as_of"] == "2026-11-05"
    assert data["current"]["summary"]["ii4a"]["incidents_detected"]["incidents"] == [6]
    assert data["previous"]["measured"]["as_of"] == "2026-10-31"


@pytest.mark.parametrize(("args", "message"), [
    (("--period", "2026-13"), "--period"),
    (("--period", "2026/10"), "--period"),
    (("--period", "tháng mười"), "--period"),
    (("--period", "2026-12"), "chưa bắt đầu"),
    (("--period", "2026-10", "--as-of", "30/09/2026"), "trước khi kỳ 2026-10 bắt đầu"),
    (("--period", "2026-10", "--as-of", "06/11/2026"), "tương lai"),
    (("--period", "2026-10", "--as-of", "31/02/2026"), "--as-of"),
    (("--period", "2026-10", "--unit", "SYT", "--unit", "NOPE"), "“NOPE”"),
    (("--period", "2026-10", "-o", "bao-cao.doc"), "--format"),
    (("--period", "2026-10", "--format", "doc"), "doc"),
])
def test_bad_input_exits_2_and_writes_nothing(province: Province, args: tuple[str, ...], message: str) -> None:
    before = dbstate.state(province.ws)
    out = province.tmp / "out"
    out.mkdir()
    extra = () if "-o" in args else ("-o", str(out / "r.pdf"))
    r = run("-w", str(province.ws), "report", "province", *args, *extra, env={"SECASSESS_NOW": REPORT_NOW})
    assert r.exit_code == 2, r.output
    assert message in r.output and "Traceback" not in r.output
    assert list(out.iterdir()) == []
    assert not (province.ws / "reports" / "bao-cao-tinh-2026-10.pdf").exists()
    assert dbstate.state(province.ws) == before


def test_an_output_that_is_a_folder_is_refused(province: Province) -> None:
    r = run("-w", str(province.ws), "report", "province", "--period", "2026-10", "-o", str(province.tmp),
            env={"SECASSESS_NOW": REPORT_NOW})
    assert r.exit_code == 2 and "thư mục" in r.output


@pytest.mark.parametrize("name", ["a" * 300 + ".pdf", "/proc/secassess-province.pdf"])
def test_an_output_that_cannot_be_written_is_an_input_error(province: Province, name: str) -> None:
    r = run("-w", str(province.ws), "report", "province", "--period", "2026-10", "-o", str(province.tmp / name),
            env={"SECASSESS_NOW": REPORT_NOW})  # a name too long; no room in /proc
    assert r.exit_code == 2, r.output
    assert "không ghi được tệp" in r.output and "Traceback" not in r.output


def test_an_empty_workspace_gives_a_report_of_zeros(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    r = run("-w", str(workspace), "report", "province", "--period", "2026-10", "-o", str(out),
            env={"SECASSESS_NOW": REPORT_NOW})
    assert r.exit_code == 0, r.output
    assert out.read_bytes().startswith(b"%PDF")
