"""A small province built by hand through the real commands, each step at a fixed moment
(SECASSESS_NOW), for the provincial report tests. The story (periods 2026-09 and 2026-10):

units STP, SYT, XLB (systems) and KHA (none), all registered 02/01/2025.

systems
  STP-QLVB  level 3, dossier 10/03/2025, plan 01/06/2025
            A1 level-3 finalized 01/11/2025 00:30 (just INSIDE the 12 months ending 31/10/2026):
            QLRR-01 pass, QLRR-02 partial, MANG-01 fail, MANG-02 pass -> 5/11 = 45.45, non_compliant
            items: MANG-01 critical due 16/11/2025: in_progress 10/09/2026, resolved 20/10/2026;
                   QLRR-02 medium due 30/01/2026: risk accepted 05/09/2026 until 15/10/2026, reopened
                   (expired) by the remediation command of 20/10/2026 with due 15/10/2026
  STP-OLD   level 2, retired
  SYT-HIS   level 4, important, dossier 01/05/2025, no plan
            A2 important-system finalized 31/10/2025 23:30 (just OUTSIDE the 12 months ending
            31/10/2026, inside those ending 30/09/2026): all pass but MANG-03 fail -> 13/16 = 81.25,
            partial; item MANG-03 high due 30/11/2025, open
  SYT-CSDL  level 4, national database, dossier 05/10/2026, plan 01/01/2026
            A3 important-system finalized 01/03/2026: all pass but MANG-01 fail -> 68.75, non_compliant
               item MANG-01 critical due 08/03/2026 (profile: critical 7 days), open
            A4 national-database finalized 15/10/2026: all pass but MANG-01 partial -> 84.375, partial
  XLB-TTDT  level 1, never assessed
  XLB-NEW   level 2, registered 10/10/2026, never assessed

incidents (24 h / 72 h)
  #1 STP-QLVB 20/09 08:00 malware high: notified 20/09 10:00, full 22/09 09:00, resolved 25/09 17:00
  #2 SYT-HIS 29/09 22:00 ddos critical: notified 01/10 08:00 (late), full 03/10 20:00 (late),
     resolved 02/10 12:00
  #3 SYT-CSDL 10/10 09:00 data_leak critical: notified 11/10 09:00 (exactly 24 h), full 13/10 10:00
     (late 1 h), still handled
  #4 XLB-TTDT 20/10 07:00 defacement medium: never notified
  #5 STP-QLVB 31/10 20:00 phishing low: not notified (not yet due on 31/10), resolved 31/10 23:00
  #6 XLB-NEW 02/11 08:00 outage low: after the period
  #7 STP-QLVB 15/08 10:00 intrusion high: notified 15/08 12:00, full 17/08 10:00, still handled
  #8 SYT-HIS 05/10 08:00 account medium: notified 06/10 15:00 (late 7 h), full 07/10 08:00, resolved
     07/10 18:00
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.conftest import run

REPORT_NOW = "2026-11-05T10:00:00+07:00"


@dataclass
class Province:
    ws: Path
    tmp: Path
    assessments: dict[str, int]
    items: dict[tuple[str, str], int]

    def cli(self, *args: str, now: str = REPORT_NOW, user: str = "tester", ok: bool = True) -> Result:
        r = run("-w", str(self.ws), *args, env={"SECASSESS_NOW": now, "SECASSESS_USER": user})
        if ok:
            assert r.exit_code == 0, r.output
        return r

    def report(self, *args: str, now: str = REPORT_NOW) -> dict[str, Any]:
        out = self.tmp / "r.json"
        self.cli("report", "province", *args, "--format", "json", "-o", str(out), now=now)
        data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        return data


def _assess(p: Province, key: str, system: str, answers: dict[str, str], now: str, profile: str | None = None
            ) -> None:
    start = ["assess", "start", system] + (["--profile", profile] if profile else [])
    aid = int(p.cli(*start, now=now).output.strip().splitlines()[-1])
    f = p.tmp / f"answers-{aid}.yaml"
    f.write_text("answers:\n" + "".join(f"  {c}: {r}\n" for c, r in answers.items()), encoding="utf-8")
    p.cli("assess", "answer", str(aid), "--file", str(f), now=now)
    p.cli("assess", "finalize", str(aid), "--yes", now=now, user="can-bo-danh-gia")
    p.assessments[key] = aid


ALL_PASS = {"QLRR-01": "pass", "QLRR-02": "pass", "MANG-01": "pass", "MANG-02": "pass", "MANG-03": "pass",
            "VLY-01": "pass"}


def build_province(ws: Path, tmp: Path) -> Province:
    p = Province(ws, tmp, {}, {})
    t0 = "2025-01-02T08:00:00+07:00"
    for uid, name in (("STP", "Sở Tư pháp"), ("SYT", "Sở Y tế"), ("XLB", "UBND xã Lâm Bình"),
                      ("KHA", "Sở Khoa học và Công nghệ")):
        p.cli("unit", "add", uid, name, now=t0)
    systems = [
        ("STP-QLVB", "Hệ thống quản lý văn bản", "STP", "3", ["--level-dossier-approved", "10/03/2025",
                                                            "--security-plan-approved", "01/06/2025"], t0),
        ("STP-OLD", "Cổng thông tin cũ", "STP", "2", ["--retired"], t0),
        ("SYT-HIS", "Hệ thống thông tin bệnh viện", "SYT", "4", ["--important", "--level-dossier-approved",
                                                                "01/05/2025"], t0),
        ("SYT-CSDL", "Cơ sở dữ liệu y tế", "SYT", "4", ["--national-database", "--level-dossier-approved",
                                                        "05/10/2026", "--security-plan-approved", "01/01/2026"], t0),
        ("XLB-TTDT", "Trang thông tin điện tử xã", "XLB", "1", [], t0),
        ("XLB-NEW", "Phần mềm một cửa", "XLB", "2", [], "2026-10-10T09:00:00+07:00"),
    ]
    for sid, name, unit, level, extra, when in systems:
        p.cli("system", "add", sid, "--name", name, "--unit", unit, "--level", level, *extra, now=when)

    _assess(p, "A1", "STP-QLVB", {"QLRR-01": "pass", "QLRR-02": "partial", "MANG-01": "fail", "MANG-02": "pass"},
            "2025-11-01T00:30:00+07:00")
    _assess(p, "A2", "SYT-HIS", {**ALL_PASS, "MANG-03": "fail"}, "2025-10-31T23:30:00+07:00")
    _assess(p, "A3", "SYT-CSDL", {**ALL_PASS, "MANG-01": "fail"}, "2026-03-01T10:00:00+07:00",
            profile="important-system")
    items = json.loads(p.cli("remediation", "list", "--all", "--json", now="2026-03-01T11:00:00+07:00").output)
    p.items = {(i["system_id"], i["control_id"]): i["id"] for i in items["items"]}
    mang01, qlrr02 = p.items[("STP-QLVB", "MANG-01")], p.items[("STP-QLVB", "QLRR-02")]
    p.cli("remediation", "accept-risk", str(qlrr02), "--approver", "Giám đốc Sở Tư pháp", "--reason",
          "Chờ nâng cấp phần mềm", "--until", "15/10/2026", now="2026-09-05T09:00:00+07:00")
    p.cli("remediation", "update", str(mang01), "--status", "in_progress", now="2026-09-10T09:00:00+07:00")
    _assess(p, "A4", "SYT-CSDL", {**ALL_PASS, "MANG-01": "partial"}, "2026-10-15T14:00:00+07:00")
    p.cli("remediation", "update", str(mang01), "--status", "resolved", "--note", "Đã bật xác thực đa yếu tố",
          now="2026-10-20T09:00:00+07:00")

    def incident(system: str, detected: str, category: str, severity: str, now: str, *extra: str) -> None:
        p.cli("incident", "add", "--system", system, "--detected-at", detected, "--category", category,
              "--severity", severity, "--description", f"Sự cố {category} trên {system}", *extra, now=now)

    incident("STP-QLVB", "20/09/2026 08:00", "malware", "high", "2026-09-25T18:00:00+07:00",
             "--notified-at", "20/09/2026 10:00", "--full-report-at", "22/09/2026 09:00",
             "--resolved-at", "25/09/2026 17:00")
    incident("SYT-HIS", "29/09/2026 22:00", "ddos", "critical", "2026-09-29T23:00:00+07:00")
    p.cli("incident", "update", "2", "--status", "handling", "--notified-at", "01/10/2026 08:00",
          now="2026-10-01T08:05:00+07:00")
    p.cli("incident", "update", "2", "--resolved-at", "02/10/2026 12:00", "--full-report-at", "03/10/2026 20:00",
          now="2026-10-03T20:05:00+07:00")
    incident("SYT-CSDL", "10/10/2026 09:00", "data_leak", "critical", "2026-10-13T11:00:00+07:00",
             "--notified-at", "11/10/2026 09:00", "--full-report-at", "13/10/2026 10:00", "--status", "handling")
    incident("XLB-TTDT", "20/10/2026 07:00", "defacement", "medium", "2026-10-20T08:00:00+07:00")
    incident("STP-QLVB", "31/10/2026 20:00", "phishing", "low", "2026-10-31T23:10:00+07:00",
             "--resolved-at", "31/10/2026 23:00")
    incident("XLB-NEW", "02/11/2026 08:00", "outage", "low", "2026-11-02T09:00:00+07:00")
    incident("STP-QLVB", "15/08/2026 10:00", "intrusion", "high", "2026-11-03T09:00:00+07:00",
             "--notified-at", "15/08/2026 12:00", "--full-report-at", "17/08/2026 10:00", "--status", "handling")
    incident("SYT-HIS", "05/10/2026 08:00", "account", "medium", "2026-11-03T09:30:00+07:00",
             "--notified-at", "06/10/2026 15:00", "--full-report-at", "07/10/2026 08:00",
             "--resolved-at", "07/10/2026 18:00")
    return p


@pytest.fixture
def province(mini_builtin_ws: Path, tmp_path: Path) -> Province:
    return build_province(mini_builtin_ws, tmp_path)
