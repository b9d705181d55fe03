"""Assessment results and POA&M on the demo province (real workspace, real evidence files, a real
nmap XML import, remediation updates): both readers accept them, counts match what secassess
says, and every reference inside and across the documents resolves."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from secassess.oscal import NS
from tests.conftest import run
from tests.oscal.helpers import check_both_readers, load, ns_value, objects

REPORT_TIME = "2026-10-20T09:00:00+07:00"  # the demo scenario's report_time
ENV = {"SECASSESS_NOW": REPORT_TIME}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("oscal-demo") / "reports"
    r = run("demo", "--out", str(out))
    assert r.exit_code == 0, r.output
    return out


@pytest.fixture(scope="module")
def ws_path(demo: Path) -> Path:
    return demo / "demo-workspace"


@pytest.fixture(scope="module")
def reports(ws_path: Path) -> Iterator[dict[int, Any]]:
    """The report model of every demo assessment (what the OSCAL renderer is fed)."""
    import os

    from secassess.reporting.service import build_system_report
    from secassess.workspace import Workspace

    old = os.environ.get("SECASSESS_NOW")
    os.environ["SECASSESS_NOW"] = REPORT_TIME
    ws = Workspace.open(ws_path)
    try:
        yield {aid: build_system_report(ws, aid, "vi") for aid in range(1, 8)}
    finally:
        ws.close()
        if old is None:
            os.environ.pop("SECASSESS_NOW", None)
        else:
            os.environ["SECASSESS_NOW"] = old


def _ar(ws_path: Path, tmp_path: Path, aid: int, *extra: str) -> dict[str, Any]:
    out = tmp_path / f"ar-{aid}.json"
    r = run("-w", str(ws_path), "report", "system", str(aid), "--format", "oscal", "-o", str(out), *extra, env=ENV)
    assert r.exit_code == 0, r.output
    return load(out)


def _poam(ws_path: Path, tmp_path: Path, *args: str) -> dict[str, Any]:
    out = tmp_path / "poam.json"
    r = run("-w", str(ws_path), "remediation", "export", "--format", "oscal", "-o", str(out), *args, env=ENV)
    assert r.exit_code == 0, r.output
    assert r.output.strip().splitlines()[-1] == str(out)
    return load(out)


def test_the_demo_writes_the_oscal_documents_of_one_system(demo: Path, ws_path: Path, tmp_path: Path) -> None:
    files = sorted((demo / "oscal").iterdir())
    models = {check_both_readers(load(f)): f for f in files}
    assert set(models) == {"catalog", "profile", "assessment-results", "plan-of-action-and-milestones"}
    assert len(list(demo.glob("*.json"))) == 6  # the system reports' folder is unchanged
    # the command line, at the same moment, writes the same bytes as the demo did
    ar = models["assessment-results"]
    aid = int(ar.name.split("-danh-gia-")[1].split(".")[0])
    assert _ar(ws_path, tmp_path, aid) == load(ar)
    assert (tmp_path / f"ar-{aid}.json").read_bytes() == ar.read_bytes()


def _index(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {o["uuid"]: o for o in objects(doc) if isinstance(o.get("uuid"), str)}


def test_results_of_every_assessment_validate_and_count_right(reports: dict[int, Any]) -> None:
    from secassess.oscal.results import assessment_results

    for aid, report in reports.items():
        doc = assessment_results(report)
        check_both_readers(doc)
        result = doc["assessment-results"]["results"][0]
        findings, risks = result.get("findings", []), result.get("risks", [])
        controls = list(report.controls())
        assert len(findings) == report.summary.controls_assessed, aid  # a finding per assessed control
        assert len(risks) == len(report.findings) == sum(c.result in ("fail", "partial") for c in controls)
        methods = Counter(o["methods"][0] for o in result.get("observations", []))
        assert methods["INTERVIEW"] == sum(c.declared != "not_assessed" for c in controls)
        assert methods["EXAMINE"] == sum(e.kind == "attachment" for e in report.evidence)
        assert methods["TEST"] == len(report.scans)
        reviewed = result["reviewed-controls"]["control-selections"][0]["include-controls"]
        assert [x["control-id"] for x in reviewed] == [c.id for c in controls]
        by_id = {c.id: c for c in controls}
        for f in findings:
            c = by_id[ns_value(f, "control-id")]  # type: ignore[index]
            status = f["target"]["status"]
            assert (status["state"], status["reason"]) == {
                "pass": ("satisfied", "pass"), "partial": ("not-satisfied", "other"),
                "fail": ("not-satisfied", "fail")}[c.result]
            assert f["target"]["target-id"] == f"{c.id}_smt"  # the statement part of the OSCAL catalog
        assert (doc["assessment-results"]["metadata"]["version"] == "draft") == report.draft
        assert ("end" in result) == (not report.draft)


def test_every_reference_in_the_results_resolves(reports: dict[int, Any], ws_path: Path) -> None:
    from secassess.oscal.results import assessment_results

    report = reports[3]  # finalized, with a scan, evidence files and remediation items
    doc = assessment_results(report)
    ar = doc["assessment-results"]
    result = ar["results"][0]
    index = _index(doc)
    observations = {o["uuid"] for o in result["observations"]}
    risks = {r["uuid"] for r in result["risks"]}
    resources = {r["uuid"]: r for r in ar["back-matter"]["resources"]}
    parties = {p["uuid"] for p in ar["metadata"]["parties"]}
    local = result["local-definitions"]
    subjects = {c["uuid"] for c in local["components"]} | {i["uuid"] for i in local["inventory-items"]}
    tools = {c["uuid"] for c in local["assessment-assets"]["components"]}
    assert ar["import-ap"]["href"].removeprefix("#") in resources
    checked = Counter()
    for o in objects(result):
        for rel in o.get("related-observations", []):
            assert rel["observation-uuid"] in observations
            checked["observation"] += 1
        for rel in o.get("related-risks", []):
            assert rel["risk-uuid"] in risks
            checked["risk"] += 1
        for s in o.get("subjects", []):
            assert s["subject-uuid"] in subjects
            checked["subject"] += 1
        for origin in o.get("origins", []):
            for actor in origin["actors"]:
                assert actor["actor-uuid"] in (parties if actor["type"] == "party" else tools)
                checked["actor"] += 1
        for ev in o.get("relevant-evidence", []):
            res = resources[ev["href"].removeprefix("#")]
            link = res["rlinks"][0]
            digest = link["hashes"][0]["value"]
            stored = ws_path / link["href"]  # relative to the workspace
            assert hashlib.sha256(stored.read_bytes()).hexdigest() == digest
            checked["evidence"] += 1
    for rp in ar["metadata"]["responsible-parties"]:
        assert rp["role-id"] in {r["id"] for r in ar["metadata"]["roles"]}
        assert set(rp["party-uuids"]) <= parties
    assert checked["observation"] > 100 and checked["risk"] == len(risks) and checked["evidence"] >= 4
    assert checked["subject"] and checked["actor"]
    assert len(index) == len(set(index))  # no UUID used twice for different objects
    uuids = [o["uuid"] for o in objects(doc) if "uuid" in o]
    assert len(uuids) == len(set(uuids))
    for ts in (o.get("collected") for o in result["observations"]):
        assert ts.endswith("+00:00")


def test_the_risk_of_a_remediated_control_carries_the_plan(reports: dict[int, Any]) -> None:
    from secassess.oscal.results import assessment_results

    report = reports[3]
    risks = {ns_value(r, "control-id"): r for r in assessment_results(report)["assessment-results"]["results"][0]["risks"]}
    planned = [f for f in report.findings if f.plan is not None and f.plan.status == "in_progress"]
    assert planned
    f = planned[0]
    risk = risks[f.control_id]
    assert risk["status"] == "remediating"
    assert ns_value(risk, "remediation-item") == str(f.plan.item_id)
    plan = next(x for x in risk["remediations"] if x["lifecycle"] == "planned")
    milestone = plan["tasks"][0]
    assert milestone["type"] == "milestone"
    assert milestone["timing"]["on-date"]["date"].startswith(f.plan.due_date.isoformat())  # 23:59:59+07:00 is 16:59:59Z
    assert risk["deadline"] == milestone["timing"]["on-date"]["date"]


def test_results_are_written_in_the_report_language_with_the_same_ids(ws_path: Path, tmp_path: Path) -> None:
    vi = _ar(ws_path, tmp_path, 3)
    en = _ar(ws_path, tmp_path / "en", 3, "--lang", "en")
    assert vi["assessment-results"]["uuid"] != en["assessment-results"]["uuid"]
    ids = [o["uuid"] for o in objects(vi["assessment-results"]["results"]) if "uuid" in o]
    assert len(ids) > 300 and ids == [o["uuid"] for o in objects(en["assessment-results"]["results"]) if "uuid" in o]
    assert "Đạt" in json.dumps(vi, ensure_ascii=False) and "Questionnaire answer" in json.dumps(en)


def test_poam_of_a_system_lists_its_open_items_linked_to_the_assessments(
        ws_path: Path, tmp_path: Path) -> None:
    doc = _poam(ws_path, tmp_path, "--system", "vpub-cdvc")  # typed in another case: the system as stored
    check_both_readers(doc)
    poam = doc["plan-of-action-and-milestones"]
    listed = json.loads(run("-w", str(ws_path), "remediation", "list", "--system", "VPUB-CDVC", "--json",
                            env=ENV).output)
    assert len(poam["poam-items"]) == listed["count"] > 0  # a POA&M item per open item
    assert poam["system-id"]["id"] == "VPUB-CDVC"
    findings = {f["uuid"]: f for f in poam["findings"]}
    risks = {r["uuid"]: r for r in poam["risks"]}
    ars = {aid: _ar(ws_path, tmp_path / str(aid), aid)["assessment-results"]["results"][0] for aid in (1, 3)}
    ar_findings = {aid: {f["uuid"] for f in r["findings"]} for aid, r in ars.items()}
    ar_risks = {aid: {r["uuid"] for r in r.get("risks", [])} for aid, r in ars.items()}
    items = {i["id"]: i for i in listed["items"]}
    carried_over = 0
    for pi in poam["poam-items"]:
        item = items[int(ns_value(pi, "remediation-item"))]  # type: ignore[arg-type]
        related = [x["finding-uuid"] for x in pi["related-findings"]]
        assert related and all(u in findings for u in related)
        # the finding of the assessment that opened the item is the one in that assessment's results
        assert related[0] in ar_findings[item["opened_by_assessment_id"]]
        assert related[-1] in ar_findings[item["last_assessment_id"]]
        carried_over += len(related) == 2
        (risk_ref,) = pi["related-risks"]
        risk = risks[risk_ref["risk-uuid"]]
        assert risk_ref["risk-uuid"] in ar_risks[item["last_assessment_id"]]  # the same risk in the results
        for u in related:
            assert {"risk-uuid": risk["uuid"]} in findings[u]["related-risks"]
        assert ns_value(pi, "status") == item["status"]
        if item["due_date"]:
            assert ns_value(pi, "due-date") == item["due_date"]
            plan = next(x for x in risk["remediations"] if x["lifecycle"] in ("planned", "completed"))
            assert plan["tasks"][0]["timing"]["on-date"]["date"].startswith(item["due_date"])
        shown = json.loads(run("-w", str(ws_path), "remediation", "show", str(item["id"]), "--json", env=ENV).output)
        assert len(risk["risk-log"]["entries"]) == len(shown["history"])  # the whole history
    assert carried_over  # items opened in 2025 and confirmed in 2026 link both findings
    parties = {p["uuid"] for p in poam["metadata"]["parties"]}
    for o in objects(poam):
        for who in o.get("logged-by", []):
            assert who["party-uuid"] in parties


def test_poam_shows_an_accepted_risk(ws_path: Path, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(ws_path, ws)
    listed = json.loads(run("-w", str(ws), "remediation", "list", "--system", "STP-QLVB", "--json", env=ENV).output)
    item = listed["items"][0]
    r = run("-w", str(ws), "remediation", "accept-risk", str(item["id"]), "--approver", "Giám đốc Sở Tư pháp",
            "--reason", "Có biện pháp bù đắp: tách mạng", "--until", "31/03/2027", env=ENV)
    assert r.exit_code == 0, r.output
    poam = _poam(ws, tmp_path, "--system", "STP-QLVB")["plan-of-action-and-milestones"]
    check_both_readers({"plan-of-action-and-milestones": poam})
    risk = next(x for x in poam["risks"] if ns_value(x, "remediation-item") == str(item["id"]))
    assert risk["status"] == "deviation-approved"
    accepted = next(p for p in risk["props"] if p["ns"] == NS and p["name"] == "risk-accepted-until")
    assert accepted["value"] == "2027-03-31" and "tách mạng" in accepted["remarks"]
    assert ns_value(risk, "risk-approver") == "Giám đốc Sở Tư pháp"
    assert risk["risk-log"]["entries"][-1]["status-change"] == "deviation-approved"


def test_poam_of_a_unit_and_the_refusals(ws_path: Path, tmp_path: Path) -> None:
    doc = _poam(ws_path, tmp_path, "--unit", "VPUB")
    check_both_readers(doc)
    poam = doc["plan-of-action-and-milestones"]
    assert "system-id" not in poam and all(c["type"] == "system" for c in poam["local-definitions"]["components"])
    r = run("-w", str(ws_path), "remediation", "export", "--format", "oscal", "-o", str(tmp_path / "x.json"), env=ENV)
    assert r.exit_code == 2 and "--system" in r.output
    r = run("-w", str(ws_path), "remediation", "export", "--format", "oscal", "--system", "VPUB-CDVC", "--status",
            "risk_accepted", "-o", str(tmp_path / "y.json"), env=ENV)
    assert r.exit_code == 2 and "POA&M" in r.output
    assert not (tmp_path / "x.json").exists() and not (tmp_path / "y.json").exists()
