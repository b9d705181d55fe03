"""The report use cases: reports only read — the database file is byte for byte as it was after
``report system`` and ``report province`` in every format, even with a risk acceptance expired and
not yet reopened — and who may issue which: a unit officer their own unit's systems' reports, the
province's monthly report only the province (admin, officer); a viewer reads systems' reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from secassess.app.actor import Actor
from secassess.app.reports import issue_province_report, issue_system_report
from secassess.errors import ForbiddenError, NotFoundError
from secassess.reporting.formats import PROVINCE, SYSTEM
from secassess.reporting.province.period import Period
from secassess.workspace import Workspace
from tests.app.registers import ADMIN, OFFICER, STP_OFFICER, VIEWER
from tests.province.conftest import REPORT_NOW, Province, build_province


@pytest.fixture
def province(mini_builtin_ws: Path, tmp_path: Path) -> Province:
    p = build_province(mini_builtin_ws, tmp_path)
    # accepted until 31/10, so expired by the report date (05/11) — and no remediation command since
    p.cli("remediation", "accept-risk", str(p.items[("SYT-HIS", "MANG-03")]), "--approver", "Giám đốc Sở Y tế",
          "--reason", "Chờ thay thiết bị", "--until", "31/10/2026", now="2026-10-25T09:00:00+07:00")
    return p


def test_reports_in_every_format_leave_the_database_byte_for_byte(province: Province, tmp_path: Path) -> None:
    db = province.ws / "secassess.db"
    before = db.read_bytes()
    out = tmp_path / "out"
    for fmt in SYSTEM.names:
        for key in ("A1", "A2"):
            province.cli("report", "system", str(province.assessments[key]), "--format", fmt, "-o",
                         str(out / f"{key}.{fmt}"))
    for fmt in PROVINCE.names:
        province.cli("report", "province", "--period", "2026-10", "--format", fmt, "-o", str(out / f"p.{fmt}"))
    assert len(list(out.iterdir())) == 2 * len(SYSTEM.names) + len(PROVINCE.names)
    assert db.read_bytes() == before
    wal = db.with_name(db.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    # the expired acceptance was read as it is, not reopened: the next remediation command does that
    r = province.cli("remediation", "list", "--system", "SYT-HIS")
    assert "Đã mở lại 1 hạng mục do hết hạn chấp nhận rủi ro" in r.output


@pytest.fixture
def ws(province: Province, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    monkeypatch.setenv("SECASSESS_NOW", REPORT_NOW)
    return Workspace.open(province.ws)


def test_a_unit_officer_issues_their_own_systems_reports_only(province: Province, ws: Workspace,
                                                              tmp_path: Path) -> None:
    stp, syt = province.assessments["A1"], province.assessments["A2"]
    done = issue_system_report(ws, STP_OFFICER, stp, "json", output=tmp_path / "stp.json")
    assert done.path.is_file() and done.size == done.path.stat().st_size and not done.draft
    with pytest.raises(NotFoundError) as caught:
        issue_system_report(ws, STP_OFFICER, syt, "json", output=tmp_path / "syt.json")
    assert str(caught.value) == f"không có đợt đánh giá “{syt}”"
    with pytest.raises(NotFoundError) as missing:
        issue_system_report(ws, STP_OFFICER, 999, "json", output=tmp_path / "syt.json")
    assert str(missing.value) == "không có đợt đánh giá “999”"  # the same words as another unit's
    with pytest.raises(ForbiddenError):
        issue_province_report(ws, STP_OFFICER, Period(2026, 10), "json", output=tmp_path / "p.json")
    assert not (tmp_path / "syt.json").exists() and not (tmp_path / "p.json").exists()


def test_a_viewer_reads_systems_reports_but_the_monthly_report_is_the_provinces(province: Province,
                                                                                ws: Workspace,
                                                                                tmp_path: Path) -> None:
    syt = province.assessments["A2"]
    done = issue_system_report(ws, VIEWER, syt, "json")  # default: the workspace's reports folder
    assert done.path == ws.reports_dir / f"SYT-HIS-danh-gia-{syt}.json" and done.missing_settings == []
    with pytest.raises(ForbiddenError):
        issue_province_report(ws, VIEWER, Period(2026, 10), "csv", output=tmp_path / "p.csv")


@pytest.mark.parametrize("actor", [ADMIN, OFFICER], ids=["admin", "officer"])
def test_the_province_issues_the_monthly_report(ws: Workspace, tmp_path: Path, actor: Actor) -> None:
    heard: list[str] = []
    done = issue_province_report(ws, actor, Period(2026, 10), "json", units=["syt"], progress=heard.append)
    assert done.path == ws.reports_dir / "bao-cao-tinh-2026-10-SYT.json"
    f = done.figures
    assert f is not None and (f.period, str(f.as_of), f.systems_in_use, f.incidents) == ("2026-10", "2026-10-31",
                                                                                          2, 2)
    assert heard and heard[-1].startswith("ghi tệp")
    docx = issue_province_report(ws, actor, Period(2026, 10), "docx", output=tmp_path / "p.docx")
    assert "issuing_body" in {k for k, _ in docx.missing_settings}
