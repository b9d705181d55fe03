"""Every figure of the provincial report's JSON, pinned for two consecutive periods (2026-09 and
2026-10) of the hand-built province in conftest.py — systems assessed just inside and just outside
the 12-month window, an item resolved and a risk acceptance expired between the two as-of dates,
incidents notified on time, exactly at the deadline, late, and not at all."""

from __future__ import annotations

from typing import Any

import pytest

from tests.province.conftest import Province

pytestmark = pytest.mark.usefixtures("engine")  # SQLite and PostgreSQL

A1_SCORE = 100 * 5 / 11  # STP-QLVB: 3 (pass) + 2×½ (partial) + 0 (fail) + 1 (pass) of 11
A2_SCORE = 81.25  # SYT-HIS: 13 of 16
A3_SCORE = 68.75  # SYT-CSDL, important-system: 11 of 16
A4_SCORE = 84.375  # SYT-CSDL, national-database: 13.5 of 16

ITEM_SYSTEM = {1: "STP-QLVB", 2: "STP-QLVB", 3: "SYT-HIS", 4: "SYT-CSDL"}
INCIDENT_SYSTEM = {1: "STP-QLVB", 2: "SYT-HIS", 3: "SYT-CSDL", 4: "XLB-TTDT", 5: "STP-QLVB", 6: "XLB-NEW",
                   7: "STP-QLVB", 8: "SYT-HIS"}


def flat(node: Any, path: str = "") -> dict[str, Any]:
    """Every figure under ``node``: a count as the ids behind it (checking ``value`` and ``systems``
    against them), an average as (value, systems), a share as it is."""
    out: dict[str, Any] = {}
    if isinstance(node, dict) and "value" in node and ("systems" in node):
        if "items" in node:
            ids = node["items"]
            assert node["systems"] == sorted({ITEM_SYSTEM[i] for i in ids}), path
        elif "incidents" in node:
            ids = node["incidents"]
            assert node["systems"] == sorted({INCIDENT_SYSTEM[i] for i in ids}), path
        elif isinstance(node["value"], int):
            ids = node["systems"]
        else:
            return {path: (node["value"], node["systems"])}
        assert node["value"] == len(ids) and ids == sorted(ids), path
        return {path: ids}
    if isinstance(node, dict):
        for k, v in node.items():
            out.update(flat(v, f"{path}.{k}" if path else k))
        return out
    return {path: node}


def nothing(*names: str) -> dict[str, list[Any]]:
    return {n: [] for n in names}


CATEGORIES = ("malware", "intrusion", "ddos", "defacement", "data_leak", "phishing", "account", "vulnerability",
              "outage", "other")


def summary_october() -> dict[str, Any]:
    return {
        "ii4a.systems_in_use": ["STP-QLVB", "SYT-CSDL", "SYT-HIS", "XLB-NEW", "XLB-TTDT"],
        "ii4a.level_dossier_approved": ["STP-QLVB", "SYT-CSDL", "SYT-HIS"],
        "ii4a.security_plan_approved": ["STP-QLVB", "SYT-CSDL"],
        "ii4a.assessed_12m": ["STP-QLVB", "SYT-CSDL"],  # A1 01/11/2025 00:30 is inside 01/11/2025–31/10/2026
        "ii4a.not_assessed_12m": ["SYT-HIS", "XLB-NEW", "XLB-TTDT"],  # A2 31/10/2025 23:30 is just outside
        "ii4a.incidents_detected": [3, 4, 5, 8],
        "ii4a.incidents_resolved": [5, 8],
        "ii4a.incidents_unresolved": [3, 4],
        "ii4a.earlier_incidents_resolved": [2],
        "ii4a.earlier_incidents_unresolved": [7],
        "ii4a.incidents_by_severity.critical": [3], "ii4a.incidents_by_severity.high": [],
        "ii4a.incidents_by_severity.medium": [4, 8], "ii4a.incidents_by_severity.low": [5],
        **{f"ii4a.incidents_by_category.{c}": [] for c in CATEGORIES},
        "ii4a.incidents_by_category.defacement": [4], "ii4a.incidents_by_category.data_leak": [3],
        "ii4a.incidents_by_category.phishing": [5], "ii4a.incidents_by_category.account": [8],
        "ii4b.in_scope": ["SYT-CSDL", "SYT-HIS"],
        "ii4b.national_databases": ["SYT-CSDL"],
        "ii4b.important_systems": ["SYT-HIS"],
        "ii4b.assessed_tcvn14423": ["SYT-CSDL"],  # A4 is national-database
        "ii4b.not_assessed_tcvn14423": ["SYT-HIS"],
        "ii4b.ratings.compliant": [], "ii4b.ratings.partial": ["SYT-CSDL"], "ii4b.ratings.non_compliant": [],
        "ii4b.average_score": (A4_SCORE, ["SYT-CSDL"]),
        "ii4b.open_critical_findings": [4],
        "ii4c.incidents": [3, 4, 5, 8],
        "ii4c.notification.on_time": [3],  # notified exactly 24 h after detection
        "ii4c.notification.late": [8],  # 31 h
        "ii4c.notification.overdue": [4],  # never notified
        "ii4c.notification.pending": [5],  # detected 31/10 20:00, due 01/11 20:00
        "ii4c.full_report.on_time": [8], "ii4c.full_report.late": [3], "ii4c.full_report.overdue": [4],
        "ii4c.full_report.pending": [5],
    }


def summary_september() -> dict[str, Any]:
    return {
        "ii4a.systems_in_use": ["STP-QLVB", "SYT-CSDL", "SYT-HIS", "XLB-TTDT"],  # XLB-NEW registered 10/10
        "ii4a.level_dossier_approved": ["STP-QLVB", "SYT-HIS"],  # SYT-CSDL's approved 05/10
        "ii4a.security_plan_approved": ["STP-QLVB", "SYT-CSDL"],
        "ii4a.assessed_12m": ["STP-QLVB", "SYT-CSDL", "SYT-HIS"],  # A2 inside 01/10/2025–30/09/2026
        "ii4a.not_assessed_12m": ["XLB-TTDT"],
        "ii4a.incidents_detected": [1, 2],
        "ii4a.incidents_resolved": [1],
        "ii4a.incidents_unresolved": [2],  # resolved 02/10, after the as-of date
        "ii4a.earlier_incidents_resolved": [],
        "ii4a.earlier_incidents_unresolved": [7],
        "ii4a.incidents_by_severity.critical": [2], "ii4a.incidents_by_severity.high": [1],
        "ii4a.incidents_by_severity.medium": [], "ii4a.incidents_by_severity.low": [],
        **{f"ii4a.incidents_by_category.{c}": [] for c in CATEGORIES},
        "ii4a.incidents_by_category.malware": [1], "ii4a.incidents_by_category.ddos": [2],
        "ii4b.in_scope": ["SYT-CSDL", "SYT-HIS"],
        "ii4b.national_databases": ["SYT-CSDL"],
        "ii4b.important_systems": ["SYT-HIS"],
        "ii4b.assessed_tcvn14423": ["SYT-HIS"],
        "ii4b.not_assessed_tcvn14423": ["SYT-CSDL"],  # A3 used important-system: not enough for a national DB
        "ii4b.ratings.compliant": [], "ii4b.ratings.partial": ["SYT-HIS"], "ii4b.ratings.non_compliant": [],
        "ii4b.average_score": (A2_SCORE, ["SYT-HIS"]),
        "ii4b.open_critical_findings": [4],
        "ii4c.incidents": [1, 2],
        "ii4c.notification.on_time": [1], "ii4c.notification.late": [],
        "ii4c.notification.overdue": [2],  # due 30/09 22:00, notified only on 01/10
        "ii4c.notification.pending": [],
        "ii4c.full_report.on_time": [1], "ii4c.full_report.late": [], "ii4c.full_report.overdue": [],
        "ii4c.full_report.pending": [2],
    }


def figures(in_use: list[str], retired: list[str], levels: dict[str, list[str]], dossier: list[str],
            plan: list[str], assessed: list[str], not_assessed: list[str], share: float | None,
            average: tuple[float | None, list[str]], ratings: dict[str, list[str]], open_: dict[str, list[int]],
            overdue: list[int], incidents: list[int], mandatory_failed: list[str] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "systems_in_use": in_use, "systems_retired": retired,
        **{f"systems_by_level.{lv}": levels.get(lv, []) for lv in "12345"},
        "level_dossier_approved": dossier, "security_plan_approved": plan, "assessed_12m": assessed,
        "not_assessed_12m": not_assessed, "assessed_share": share, "average_score": average,
        **{f"ratings.{r}": ratings.get(r, []) for r in ("compliant", "partial", "non_compliant")},
        **{f"open_findings.{s}": open_.get(s, []) for s in ("critical", "high", "medium", "low")},
        "open_findings_total": sorted(i for ids in open_.values() for i in ids),
        "overdue_items": overdue, "incidents": incidents, "mandatory_failed": mandatory_failed or [],
    }
    return out


ZERO = figures([], [], {}, [], [], [], [], None, (None, []), {}, {}, [], [])


def totals_october() -> dict[str, Any]:
    return figures(["STP-QLVB", "SYT-CSDL", "SYT-HIS", "XLB-NEW", "XLB-TTDT"], ["STP-OLD"],
                   {"1": ["XLB-TTDT"], "2": ["XLB-NEW"], "3": ["STP-QLVB"], "4": ["SYT-CSDL", "SYT-HIS"]},
                   ["STP-QLVB", "SYT-CSDL", "SYT-HIS"], ["STP-QLVB", "SYT-CSDL"], ["STP-QLVB", "SYT-CSDL"],
                   ["SYT-HIS", "XLB-NEW", "XLB-TTDT"], 0.4, ((A1_SCORE + A4_SCORE) / 2, ["STP-QLVB", "SYT-CSDL"]),
                   {"partial": ["SYT-CSDL"], "non_compliant": ["STP-QLVB"]},
                   # #2 (STP MANG-01) resolved on 20/10; #1 (QLRR-02) reopened when its acceptance ended 15/10
                   {"critical": [4], "high": [3], "medium": [1]}, [1, 3, 4], [3, 4, 5, 8],
                   ["STP-QLVB"])  # A1 fails a mandatory control


def units_october() -> dict[str, dict[str, Any]]:
    return {
        "KHA": ZERO,
        "STP": figures(["STP-QLVB"], ["STP-OLD"], {"3": ["STP-QLVB"]}, ["STP-QLVB"], ["STP-QLVB"], ["STP-QLVB"], [],
                       1.0, (A1_SCORE, ["STP-QLVB"]), {"non_compliant": ["STP-QLVB"]}, {"medium": [1]}, [1], [5],
                       ["STP-QLVB"]),
        "SYT": figures(["SYT-CSDL", "SYT-HIS"], [], {"4": ["SYT-CSDL", "SYT-HIS"]}, ["SYT-CSDL", "SYT-HIS"],
                       ["SYT-CSDL"], ["SYT-CSDL"], ["SYT-HIS"], 0.5, (A4_SCORE, ["SYT-CSDL"]), {"partial": ["SYT-CSDL"]},
                       {"critical": [4], "high": [3]}, [3, 4], [3, 8]),
        "XLB": figures(["XLB-NEW", "XLB-TTDT"], [], {"1": ["XLB-TTDT"], "2": ["XLB-NEW"]}, [], [], [],
                       ["XLB-NEW", "XLB-TTDT"], 0.0, (None, []), {}, {}, [], [4]),
    }


def totals_september() -> dict[str, Any]:
    return figures(["STP-QLVB", "SYT-CSDL", "SYT-HIS", "XLB-TTDT"], ["STP-OLD"],
                   {"1": ["XLB-TTDT"], "3": ["STP-QLVB"], "4": ["SYT-CSDL", "SYT-HIS"]}, ["STP-QLVB", "SYT-HIS"],
                   ["STP-QLVB", "SYT-CSDL"], ["STP-QLVB", "SYT-CSDL", "SYT-HIS"], ["XLB-TTDT"], 0.75,
                   ((A1_SCORE + A2_SCORE + A3_SCORE) / 3, ["STP-QLVB", "SYT-CSDL", "SYT-HIS"]),
                   {"partial": ["SYT-HIS"], "non_compliant": ["STP-QLVB", "SYT-CSDL"]},
                   # #2 was in progress and overdue; #1's risk acceptance still ran (until 15/10)
                   {"critical": [2, 4], "high": [3]}, [2, 3, 4], [1, 2],
                   ["STP-QLVB", "SYT-CSDL"])  # A1, and A3 (the important-system profile) fail a mandatory control


def units_september() -> dict[str, dict[str, Any]]:
    return {
        "KHA": ZERO,
        "STP": figures(["STP-QLVB"], ["STP-OLD"], {"3": ["STP-QLVB"]}, ["STP-QLVB"], ["STP-QLVB"], ["STP-QLVB"], [],
                       1.0, (A1_SCORE, ["STP-QLVB"]), {"non_compliant": ["STP-QLVB"]}, {"critical": [2]}, [2], [1],
                       ["STP-QLVB"]),
        "SYT": figures(["SYT-CSDL", "SYT-HIS"], [], {"4": ["SYT-CSDL", "SYT-HIS"]}, ["SYT-HIS"], ["SYT-CSDL"],
                       ["SYT-CSDL", "SYT-HIS"], [], 1.0, ((A2_SCORE + A3_SCORE) / 2, ["SYT-CSDL", "SYT-HIS"]),
                       {"partial": ["SYT-HIS"], "non_compliant": ["SYT-CSDL"]}, {"critical": [4], "high": [3]},
                       [3, 4], [2], ["SYT-CSDL"]),
        "XLB": figures(["XLB-TTDT"], [], {"1": ["XLB-TTDT"]}, [], [], [], ["XLB-TTDT"], 0.0, (None, []), {}, {}, [],
                       []),
    }


def check_period(got: dict[str, Any], measured: dict[str, Any], summary: dict[str, Any], total: dict[str, Any],
                 units: dict[str, dict[str, Any]]) -> None:
    assert got["measured"] == measured
    assert flat(got["summary"]) == summary
    got_total = flat(got["total"])
    assert got_total.keys() == total.keys()
    for k, v in total.items():
        if isinstance(v, tuple) and v[0] is not None:
            assert got_total[k][0] == pytest.approx(v[0]) and got_total[k][1] == v[1], k
        else:
            assert got_total[k] == v, k
    assert [u["unit_id"] for u in got["units"]] == ["KHA", "STP", "SYT", "XLB"]
    for u in got["units"]:
        fu = flat(u["figures"])
        exp = units[u["unit_id"]]
        assert fu.keys() == exp.keys()
        for k, v in exp.items():
            if isinstance(v, tuple) and v[0] is not None:
                assert fu[k][0] == pytest.approx(v[0]) and fu[k][1] == v[1], (u["unit_id"], k)
            else:
                assert fu[k] == v, (u["unit_id"], k)


OCTOBER = {"period": "2026-10", "period_start": "2026-10-01", "period_end": "2026-10-31", "as_of": "2026-10-31",
           "window_start": "2025-11-01", "window_end": "2026-10-31", "incident_from": "2026-10-01T00:00:00+07:00",
           "incident_to": "2026-11-01T00:00:00+07:00"}
SEPTEMBER = {"period": "2026-09", "period_start": "2026-09-01", "period_end": "2026-09-30", "as_of": "2026-09-30",
             "window_start": "2025-10-01", "window_end": "2026-09-30", "incident_from": "2026-09-01T00:00:00+07:00",
             "incident_to": "2026-10-01T00:00:00+07:00"}


@pytest.fixture
def october(province: Province) -> dict[str, Any]:
    return province.report("--period", "2026-10")


def test_every_figure_of_october_and_of_its_previous_period(october: dict[str, Any]) -> None:
    r = october
    assert (r["schema"], r["schema_version"], r["lang"]) == ("secassess/province-report", 1, "vi")
    assert r["generated_at"] == "2026-11-05T10:00:00+07:00"
    assert r["title"] == "Tình hình, kết quả bảo đảm an toàn thông tin, an ninh mạng tháng 10/2026"
    assert r["addressee"] == "Kính gửi: Công an tỉnh."
    assert r["units_selected"] is None
    assert r["deadlines"] == {"initial_notification_hours": 24, "full_report_hours": 72}
    check_period(r["current"], OCTOBER, summary_october(), totals_october(), units_october())
    check_period(r["previous"], SEPTEMBER, summary_september(), totals_september(), units_september())


def test_the_previous_period_is_the_same_as_that_periods_own_report(province: Province,
                                                                     october: dict[str, Any]) -> None:
    september = province.report("--period", "2026-09")
    assert september["current"] == october["previous"]
    assert september["previous"]["measured"]["as_of"] == "2026-08-31"
    aug = flat(september["previous"]["summary"])
    # in August: incident 7 only; no system yet assessed by a TCVN 14423 profile within 12 months but SYT-HIS
    assert aug["ii4a.incidents_detected"] == [7] and aug["ii4c.notification.on_time"] == [7]
    assert aug["ii4b.assessed_tcvn14423"] == ["SYT-HIS"]


def test_a_unit_registered_this_period_is_not_in_the_previous_one(province: Province) -> None:
    province.cli("unit", "add", "MOI", "Sở mới thành lập", now="2026-10-05T08:00:00+07:00")
    october = province.report("--period", "2026-10")
    assert "MOI" in [u["unit_id"] for u in october["current"]["units"]]
    assert "MOI" not in [u["unit_id"] for u in october["previous"]["units"]]
    assert october["previous"] == province.report("--period", "2026-09")["current"]
    change = next(c for c in october["changes"] if c["scope"] == "MOI")
    assert change["previous"] is None


def test_changes_against_the_previous_period(october: dict[str, Any]) -> None:
    changes = {(c["scope"], c["figure"]): (c["previous"], c["current"], c["delta"]) for c in october["changes"]}
    prov = {f: v for (s, f), v in changes.items() if s == "province"}
    avg_now, avg_before = (A1_SCORE + A4_SCORE) / 2, (A1_SCORE + A2_SCORE + A3_SCORE) / 3
    expected: dict[str, tuple[Any, Any, Any]] = {
        "summary.ii4a.systems_in_use": (4, 5, 1), "summary.ii4a.level_dossier_approved": (2, 3, 1),
        "summary.ii4a.security_plan_approved": (2, 2, 0), "summary.ii4a.assessed_12m": (3, 2, -1),
        "summary.ii4a.not_assessed_12m": (1, 3, 2), "total.assessed_share": (0.75, 0.4, 0.4 - 0.75),
        "total.average_score": (avg_before, avg_now, avg_now - avg_before),
        "summary.ii4a.incidents_detected": (2, 4, 2), "summary.ii4a.incidents_resolved": (1, 2, 1),
        "summary.ii4a.incidents_unresolved": (1, 2, 1), "summary.ii4b.in_scope": (2, 2, 0),
        "summary.ii4b.assessed_tcvn14423": (1, 1, 0), "summary.ii4b.ratings.compliant": (0, 0, 0),
        "summary.ii4b.ratings.partial": (1, 1, 0), "summary.ii4b.ratings.non_compliant": (0, 0, 0),
        "summary.ii4b.average_score": (A2_SCORE, A4_SCORE, A4_SCORE - A2_SCORE),
        "summary.ii4b.open_critical_findings": (1, 1, 0), "summary.ii4c.notification.on_time": (1, 1, 0),
        "summary.ii4c.notification.late": (0, 1, 1), "summary.ii4c.notification.overdue": (1, 1, 0),
        "summary.ii4c.full_report.on_time": (1, 1, 0), "summary.ii4c.full_report.late": (0, 1, 1),
        "summary.ii4c.full_report.overdue": (0, 1, 1), "total.open_findings_total": (3, 3, 0),
        "total.overdue_items": (3, 3, 0),
    }
    assert list(prov) == list(expected)
    for k, v in expected.items():
        assert prov[k] == pytest.approx(v), k
    assert changes[("STP", "units.STP.overdue_items")] == (1, 1, 0)
    assert changes[("SYT", "units.SYT.assessed_share")] == (1.0, 0.5, -0.5)
    assert changes[("SYT", "units.SYT.average_score")] == pytest.approx((75.0, A4_SCORE, A4_SCORE - 75.0))
    assert changes[("XLB", "units.XLB.systems_in_use")] == (1, 2, 1)
    assert changes[("KHA", "units.KHA.assessed_share")] == (None, None, None)
    assert changes[("KHA", "units.KHA.incidents")] == (0, 0, 0)
    assert len([k for k in changes if k[0] != "province"]) == 4 * 7


def test_named_lists_for_chasing(october: dict[str, Any]) -> None:
    assert october["units_not_assessed"] == [{"unit_id": "XLB", "unit_name": "UBND xã Lâm Bình", "systems_in_use": 2,
                                              "systems": ["XLB-NEW", "XLB-TTDT"]}]
    assert [(s["system_id"], s["last_assessment_id"], s["last_assessed_on"])
            for s in october["systems_not_assessed"]] == [("SYT-HIS", 2, "2025-10-31"), ("XLB-NEW", None, None),
                                                          ("XLB-TTDT", None, None)]
    assert [(i["item_id"], i["system_id"], i["control_id"], i["severity"], i["status"], i["due_date"],
             i["days_overdue"]) for i in october["overdue_items"]] == [
        (1, "STP-QLVB", "QLRR-02", "medium", "open", "2026-10-15", 16),  # the acceptance's end is its due date
        (4, "SYT-CSDL", "MANG-01", "critical", "open", "2026-03-08", 237),  # important-system: critical in 7 days
        (3, "SYT-HIS", "MANG-03", "high", "open", "2025-11-30", 335),
    ]
    assert october["overdue_items"][0]["title"] == "Lưu nhật ký 3 tháng"
    assert [i["item_id"] for i in october["open_critical_findings"]] == [4]


def test_incident_rows_say_how_each_was_notified_and_handled(october: dict[str, Any]) -> None:
    rows = {i["incident_id"]: i for i in october["incidents"]}
    assert [i["incident_id"] for i in october["incidents"]] == [7, 2, 8, 3, 4, 5]  # by detection time
    assert {k: (v["in_period"], v["resolved"], v["notification"], v["full_report"]) for k, v in rows.items()} == {
        7: (False, False, "on_time", "on_time"), 2: (False, True, "late", "late"),
        8: (True, True, "late", "on_time"), 3: (True, False, "on_time", "late"),
        4: (True, False, "overdue", "overdue"), 5: (True, True, "pending", "pending"),
    }
    assert rows[3]["notified_at"] == "2026-10-11T09:00:00+07:00"
    assert rows[3]["notification_due"] == "2026-10-11T09:00:00+07:00"
    assert rows[4]["notified_at"] is None and rows[4]["full_report_due"] == "2026-10-23T07:00:00+07:00"
    assert rows[5]["resolved_at"] == "2026-10-31T23:00:00+07:00"
    assert 6 not in rows  # detected on 02/11, after the period


def test_annex_rows(october: dict[str, Any]) -> None:
    annex = {s["system_id"]: s for s in october["annex"]}
    assert list(annex) == ["STP-QLVB", "SYT-CSDL", "SYT-HIS", "XLB-NEW", "XLB-TTDT"]  # in use only, by unit
    q = annex["STP-QLVB"]
    assert (q["assessment_id"], q["assessed_on"], q["profile_id"], q["tcvn14423"], q["rating"]) == (
        1, "2025-11-01", "level-3", False, "non_compliant")
    assert q["score"] == pytest.approx(A1_SCORE) and q["coverage"] == 1.0
    assert (q["open_findings"], q["overdue_items"], q["incidents"]) == (
        {"critical": 0, "high": 0, "medium": 1, "low": 0}, 1, 1)
    d = annex["SYT-CSDL"]
    assert (d["assessment_id"], d["profile_id"], d["tcvn14423"], d["score"], d["rating"]) == (
        4, "national-database", True, A4_SCORE, "partial")
    assert (d["level_dossier_approved"], d["security_plan_approved"], d["incidents"]) == ("2026-10-05", "2026-01-01", 1)
    h = annex["SYT-HIS"]
    assert (h["assessed_12m"], h["assessment_id"], h["score"], h["last_assessment_id"], h["last_assessed_on"]) == (
        False, None, None, 2, "2025-10-31")
    assert (h["important"], h["national_database"], h["security_plan_approved"]) == (True, False, None)
    n = annex["XLB-NEW"]
    assert (n["assessed_12m"], n["last_assessment_id"], n["open_findings"]["critical"], n["incidents"]) == (
        False, None, 0, 0)


def test_as_of_inside_the_period_counts_what_was_true_then(province: Province) -> None:
    r = province.report("--period", "2026-10", "--as-of", "14/10/2026")
    cur = r["current"]
    assert cur["measured"]["as_of"] == "2026-10-14"
    assert cur["measured"]["incident_to"] == "2026-10-15T00:00:00+07:00"
    s = flat(cur["summary"])
    # A4 was finalized on 15/10: SYT-CSDL still counts A3 (important-system, not enough for a national DB);
    # the 12 months ending 14/10/2026 begin on 15/10/2025, so SYT-HIS's A2 (31/10/2025) still counts
    assert s["ii4b.assessed_tcvn14423"] == ["SYT-HIS"] and s["ii4b.not_assessed_tcvn14423"] == ["SYT-CSDL"]
    assert cur["measured"]["window_start"] == "2025-10-15"
    assert s["ii4a.incidents_detected"] == [3, 8]
    # incident 3's full report was sent on 13/10 10:00, late; incident 8 had been notified late
    assert (s["ii4c.full_report.late"], s["ii4c.notification.late"]) == ([3], [8])
    t = flat(cur["total"])
    # on 14/10 #1's risk acceptance still ran (until 15/10) and #2 was in progress
    assert t["open_findings_total"] == [2, 3, 4] and t["overdue_items"] == [2, 3, 4]
    assert r["previous"]["measured"]["as_of"] == "2026-09-30"


def test_unit_filter_keeps_only_those_units(province: Province) -> None:
    r = province.report("--period", "2026-10", "--unit", "SYT", "--unit", "KHA")
    assert r["units_selected"] == ["SYT", "KHA"]
    assert [u["unit_id"] for u in r["current"]["units"]] == ["KHA", "SYT"]
    s = flat(r["current"]["summary"])
    assert s["ii4a.systems_in_use"] == ["SYT-CSDL", "SYT-HIS"]
    assert s["ii4a.incidents_detected"] == [3, 8] and s["ii4a.earlier_incidents_resolved"] == [2]
    assert [a["system_id"] for a in r["annex"]] == ["SYT-CSDL", "SYT-HIS"]
    assert [i["item_id"] for i in r["overdue_items"]] == [4, 3]
    assert r["units_not_assessed"] == []


def test_english_report_keeps_codes_and_translates_words(province: Province) -> None:
    r = province.report("--period", "2026-10", "--lang", "en")
    assert r["lang"] == "en"
    assert r["title"] == "Information security and cybersecurity: situation and results, October 2026"
    assert r["overdue_items"][0]["title"] == "Keep logs for 3 months"
    assert r["overdue_items"][0]["severity"] == "medium"
