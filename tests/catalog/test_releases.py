"""Catalog versions (issue #13): the 1.0.0 content kept byte for byte, its changelog checked
against the real differences, ``checklist diff`` between versions and from an assessment's
snapshot, and an assessment started on 1.0.0 that still scores and reports exactly as before."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import secassess.catalog.paths as paths
import secassess.catalog.registry as registry
from secassess.catalog.changelog import check_changelog
from secassess.catalog.diff import diff_catalogs
from secassess.catalog.loader import Catalog, load_catalog
from secassess.catalog.paths import builtin_dirs, catalog_folders
from secassess.catalog.registry import load_library
from secassess.catalog.releases import check_against_previous, load_version, release_versions
from secassess.errors import InputError
from tests.conftest import run

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "checklists" / "tcvn14423-2025"
RELEASE_1_0_0 = CATALOG / "releases" / "1.0.0"
# the digest every assessment started before 1.1.0 recorded (secassess 47dd762, catalog 1.0.0)
DIGEST_1_0_0 = "dac90ec28d6e269d99347298891ffb6283e8ed74908096017fffab6cb452bd36"


@pytest.fixture(scope="module")
def current() -> Catalog:
    cat, problems = load_catalog(CATALOG)
    assert problems == [] and cat is not None
    return cat


def test_release_1_0_0_is_kept_byte_for_byte(current: Catalog) -> None:
    old, problems = load_catalog(RELEASE_1_0_0)
    assert problems == [] and old is not None
    assert (old.id, old.version, old.digest) == ("tcvn14423-2025", "1.0.0", DIGEST_1_0_0)
    assert len(old.controls) == 168
    assert release_versions(current) == {"1.0.0": RELEASE_1_0_0}
    assert load_version(current, "1.0.0").digest == DIGEST_1_0_0
    assert load_version(current, current.version) is current


def test_the_registry_loads_the_current_version_only() -> None:
    lib = load_library()
    assert [c.version for c in lib.catalogs.values()] == ["1.1.0"]
    # but a reader looking for an old version's header (reports) finds the kept release
    folders = catalog_folders(builtin_dirs()[0])
    assert RELEASE_1_0_0 in folders and folders.index(CATALOG) < folders.index(RELEASE_1_0_0)
    assert RELEASE_1_0_0 not in catalog_folders(builtin_dirs()[0], releases=False)


def test_an_unknown_version_is_an_input_error(current: Catalog) -> None:
    with pytest.raises(InputError, match=r"0\.9"):
        load_version(current, "0.9")


def test_the_changelog_declares_every_difference_and_nothing_else(current: Catalog) -> None:
    assert check_against_previous(current) == []
    entry = current.changelog.version("1.1.0")
    assert entry is not None and entry.previous == "1.0.0"
    diff = diff_catalogs(load_version(current, "1.0.0"), current, entry)
    added = {c.id for c in diff.controls if c.status == "added"}
    assert added == {"QLRR-11", "QLRR-12", "BVDL-11", "BVDL-12", "BVDL-13", "KTXN-09", "KTXN-10", "KTXN-11"}
    assert not [c for c in diff.controls if c.status == "removed"]
    for cid in added:
        assert entry.controls[cid].note is not None


def test_an_undeclared_change_or_a_false_claim_is_reported(current: Catalog) -> None:
    entry = current.changelog.version("1.1.0")
    old = load_version(current, "1.0.0")
    # drop the entry of a changed control and claim a change for one that did not change
    controls = dict(entry.controls)
    controls.pop("QLLH-03")
    controls["TSPC-01"] = controls["TSPC-03"]
    broken = entry.model_copy(update={"controls": controls})
    texts = [f.en for f in check_changelog(old, current, broken)]
    assert any("QLLH-03 changed" in t for t in texts), texts
    assert any("TSPC-01 is in the changelog but does not differ" in t for t in texts), texts
    # a meaning change declared as wording only is a different claim, still accepted, but a
    # severity change left out is not
    controls = dict(entry.controls)
    controls["TSPM-02"] = controls["TSPM-06"].model_copy(update={"changes": ["wording"]})
    texts = [f.en for f in check_changelog(old, current, entry.model_copy(update={"controls": controls}))]
    assert any("TSPM-02" in t and "severity" in t for t in texts), texts


def test_checklist_validate_runs_the_changelog_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "checklists" / "tcvn14423-2025"
    shutil.copytree(CATALOG, copy)
    shutil.copytree(ROOT / "profiles", tmp_path / "profiles")
    for module in (paths, registry):
        monkeypatch.setattr(module, "builtin_dirs", lambda: (tmp_path / "checklists", tmp_path / "profiles"))
    assert run("checklist", "validate").exit_code == 0
    domain = copy / "domains" / "TSPC.yaml"
    text = domain.read_text(encoding="utf-8")
    domain.write_text(text.replace("    severity: high\n", "    severity: low\n", 1), encoding="utf-8")
    r = run("checklist", "validate")
    assert r.exit_code == 2
    assert "TSPC-01" in r.output and "changelog.yaml" in r.output


def test_checklist_diff_lists_the_changes_in_vietnamese_and_english() -> None:
    r = run("checklist", "diff", "1.0.0", "1.1.0")
    assert r.exit_code == 0, r.output
    assert "phiên bản 1.0.0 → 1.1.0" in r.output
    assert "+ BVDL-13 Thông báo vi phạm bảo vệ dữ liệu cá nhân trong 72 giờ" in r.output
    assert "~ QLLH-03" in r.output and "đổi nội dung yêu cầu" in r.output
    assert "critical_patch_days" in r.output and "30 / 30 / 15 / 7 / 7 → 14 / 14 / 7 / 7 / 3" in r.output
    assert "{" not in r.output  # parameters are rendered, never shown as placeholders
    en = run("--lang", "en", "checklist", "diff", "1.0.0")
    assert en.exit_code == 0
    assert "version 1.0.0 → 1.1.0" in en.output and "meaning changed" in en.output
    assert "Wording only, same requirement:" in en.output
    assert run("--lang", "vi", "checklist", "diff").output == r.output  # default: previous version → current


def test_checklist_diff_json_is_complete() -> None:
    r = run("checklist", "diff", "tcvn14423-2025@1.0.0", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert (data["old_version"], data["new_version"], data["mode"]) == ("1.0.0", "1.1.0", "catalog")
    by_id = {c["id"]: c for c in data["controls"]}
    assert by_id["SLPH-07"]["before"]["severity"] == "high" and by_id["SLPH-07"]["after"]["severity"] == "critical"
    assert set(by_id["SLPH-07"]["changelog"]) >= {"meaning", "severity", "mandatory", "parameter"}
    assert by_id["QLLH-04"]["before"]["level"] == 2 and by_id["QLLH-04"]["after"]["level"] == 1
    assert data["counts"]["added"] == 8 and data["counts"]["removed"] == 0


def test_checklist_diff_refuses_what_it_cannot_compare(tmp_path: Path) -> None:
    r = run("checklist", "diff", "0.9")
    assert r.exit_code == 2 and "0.9" in r.output
    (tmp_path / "empty").mkdir()
    r = run("checklist", "diff", str(tmp_path / "empty"))
    assert r.exit_code == 2 and "catalog.yaml" in r.output
    r = run("checklist", "diff", "--assessment", "1", "1.0.0")
    assert r.exit_code == 2


def _content_1_0_0(tmp_path: Path) -> Path:
    """The built-in content as it was when 1.0.0 shipped: the kept release and the level
    profiles (unchanged since)."""
    old = tmp_path / "content-1.0.0"
    shutil.copytree(RELEASE_1_0_0, old / "checklists" / "tcvn14423-2025")
    (old / "profiles").mkdir()
    for n in range(1, 6):
        shutil.copy(ROOT / "profiles" / f"level-{n}.yaml", old / "profiles")
    return old


def test_an_assessment_started_on_1_0_0_scores_and_reports_as_before(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECASSESS_NOW", "2026-06-15T09:00:00+07:00")
    ws = tmp_path / "ws"
    w = ["-w", str(ws)]
    old = _content_1_0_0(tmp_path)
    with monkeypatch.context() as m:
        for module in (paths, registry):
            m.setattr(module, "builtin_dirs", lambda: (old / "checklists", old / "profiles"))
        assert run("init", str(ws)).exit_code == 0
        assert run(*w, "unit", "add", "STP", "Sở Tư pháp").exit_code == 0
        r = run(*w, "system", "add", "STP-QLVB", "--name", "Quản lý văn bản", "--unit", "STP", "--level", "3",
                "--target", "127.0.0.1")
        assert r.exit_code == 0, r.output
        r = run(*w, "assess", "start", "STP-QLVB")
        assert r.exit_code == 0, r.output
        aid = r.output.splitlines()[-1]
        shown = json.loads(run(*w, "assess", "show", aid, "--json").output)
        assert shown["catalog_version"] == "1.0.0"
        assert shown["catalog_digest"] == DIGEST_1_0_0
        ids = [x["control_id"] for x in shown["results"]]
        words = ["pass", "partial", "fail", "pass"]
        lines = ["answers:"]
        for i, cid in enumerate(ids):
            if i == 1:
                lines.append(f"  {cid}: {{result: not_applicable, justification: \"Không có thành phần này\"}}")
            else:
                lines.append(f"  {cid}: {{result: {words[i % 4]}, note: \"ghi chú {i}\"}}")
        answers = tmp_path / "answers.yaml"
        answers.write_text("\n".join(lines) + "\n", encoding="utf-8")
        r = run(*w, "assess", "answer", aid, "--file", str(answers))
        assert r.exit_code == 0, r.output
        assert run(*w, "assess", "finalize", aid, "--yes").exit_code == 0
        before_score = run(*w, "assess", "score", aid, "--json").output
        before = {fmt: run(*w, "report", "system", aid, "--format", fmt, "-o", str(tmp_path / f"v1.{fmt}"))
                  for fmt in ("json", "md", "csv")}
        assert all(r.exit_code == 0 for r in before.values())
    # the same workspace, now with catalog 1.1.0 built in
    assert load_library().catalogs["tcvn14423-2025"].version == "1.1.0"
    assert run(*w, "assess", "score", aid, "--json").output == before_score
    for fmt in ("json", "md", "csv"):
        r = run(*w, "report", "system", aid, "--format", fmt, "-o", str(tmp_path / f"v2.{fmt}"))
        assert r.exit_code == 0, r.output
        assert (tmp_path / f"v2.{fmt}").read_bytes() == (tmp_path / f"v1.{fmt}").read_bytes(), fmt
    report = json.loads((tmp_path / "v2.json").read_text(encoding="utf-8"))
    assert "1.0.0" in json.dumps(report["assessment"], ensure_ascii=False)
    # and what a re-assessment on 1.1.0 would ask differently
    r = run(*w, "checklist", "diff", "--assessment", aid)
    assert r.exit_code == 0, r.output
    assert "tcvn14423-2025 1.0.0" in r.output and "tcvn14423-2025 1.1.0" in r.output
    assert "+ QLRR-12" in r.output and "+ KTXN-11" in r.output  # new level-1 measures
    assert "~ QLLH-03" in r.output
    data = json.loads(run(*w, "checklist", "diff", "--assessment", aid, "--json").output)
    assert data["mode"] == "assessment" and data["profile"] == "level-3" and data["level"] == 3
    assert not [c for c in data["controls"] if c["id"] == "GSAT-08"]  # level 4: not asked at level 3


def test_a_change_of_scan_rules_alone_needs_no_changelog_entry(current: Catalog) -> None:
    from secassess.catalog.models import ScanRule

    entry = current.changelog.version("1.1.0")
    old = load_version(current, "1.0.0")
    control = current.controls["TSPC-01"]  # unchanged since 1.0.0
    rule = ScanRule(type="allowed_ports_only", args={})
    current.controls["TSPC-01"] = control.model_copy(update={"scan_rules": [rule]})
    domain = current.domain("TSPC")
    idx = [c.id for c in domain.controls].index("TSPC-01")
    domain.controls[idx] = current.controls["TSPC-01"]
    try:
        assert check_changelog(old, current, entry) == []
    finally:
        current.controls["TSPC-01"] = control
        domain.controls[idx] = control


def test_without_the_previous_release_the_changelog_is_not_checked_and_it_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "checklists" / "tcvn14423-2025"
    shutil.copytree(CATALOG, copy, ignore=shutil.ignore_patterns("releases"))
    shutil.copytree(ROOT / "profiles", tmp_path / "profiles")
    for module in (paths, registry):
        monkeypatch.setattr(module, "builtin_dirs", lambda: (tmp_path / "checklists", tmp_path / "profiles"))
    r = run("checklist", "validate")
    assert r.exit_code == 0, r.output
    assert "Cảnh báo:" in r.output and "nhật ký thay đổi chưa được đối chiếu" in r.output
