"""Properties of the shipped TCVN 14423:2025-style catalog and profiles (issue #3)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from secassess.catalog.loader import Catalog
from secassess.catalog.registry import Library, load_library

CATALOG = "tcvn14423-2025"
IDS_FILE = Path(__file__).parent / "tcvn14423-2025-ids.txt"
# number of safeguards in each CIS Controls v8 control, and the NIST SP 800-53 rev. 5 families
CIS_V8_SAFEGUARDS = {1: 5, 2: 7, 3: 14, 4: 12, 5: 6, 6: 8, 7: 7, 8: 12, 9: 7, 10: 7, 11: 5, 12: 8, 13: 11,
                     14: 9, 15: 7, 16: 14, 17: 9, 18: 5}
NIST_FAMILIES = {"AC", "AT", "AU", "CA", "CM", "CP", "IA", "IR", "MA", "MP", "PE", "PL", "PM", "PS", "PT", "RA",
                 "SA", "SC", "SI", "SR"}
VIETNAMESE = re.compile(r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", re.I)


@pytest.fixture(scope="module")
def lib() -> Library:
    return load_library()


@pytest.fixture(scope="module")
def cat(lib: Library) -> Catalog:
    return lib.catalogs[CATALOG]


def test_shipped_content_is_valid(lib: Library) -> None:
    assert [str(p) for p in lib.problems] == []


def test_at_least_150_controls_in_about_18_domains(cat: Catalog) -> None:
    assert len(cat.controls) >= 150
    assert len([d for d in cat.domains if not d.optional]) == 18
    assert [d.id for d in cat.domains if d.optional] == ["VLY"]


def test_every_domain_mixes_management_and_technical_controls(cat: Catalog) -> None:
    for d in cat.domains:
        kinds = {c.kind for c in d.controls}
        assert kinds == {"management", "technical"}, d.id


def test_every_text_is_written_in_both_languages(cat: Catalog) -> None:
    for c in cat.controls.values():
        for name, text in c.texts().items():
            assert VIETNAMESE.search(text.vi), f"{c.id}.{name}.vi has no Vietnamese letters"
            assert not VIETNAMESE.search(text.en.replace("Nghị định", "").replace("Luật", "")), \
                f"{c.id}.{name}.en looks Vietnamese"
            assert text.vi != text.en
        assert len(c.evidence.vi) == len(c.evidence.en) >= 1


def test_statements_are_distinct(cat: Catalog) -> None:
    statements = [c.statement.vi for c in cat.controls.values()]
    assert len(set(statements)) == len(statements)
    titles = [c.title.vi for c in cat.controls.values()]
    assert len(set(titles)) == len(titles)


def test_ids_are_stable(cat: Catalog) -> None:
    """Ids once shipped never disappear or change meaning. New ids are appended to the list."""
    shipped = IDS_FILE.read_text(encoding="utf-8").split()
    missing = [i for i in shipped if i not in cat.controls]
    assert missing == [], "control ids removed or renamed; never do that, add new ids instead"
    new = sorted(set(cat.controls) - set(shipped))
    assert new == [], f"add the new ids to {IDS_FILE.name}: {new}"


def test_ids_are_short_ascii_with_domain_code(cat: Catalog) -> None:
    for cid, domain in cat.control_domain.items():
        assert re.fullmatch(rf"{domain}-\d\d", cid), cid


def test_level_sets_are_nested(lib: Library) -> None:
    sets = [{c.id for c in lib.resolve(f"level-{n}").controls} for n in range(1, 6)]
    for lower, higher in itertools.pairwise(sets):
        assert lower < higher


def test_level_1_holds_the_basics_and_level_5_everything(lib: Library, cat: Catalog) -> None:
    level1 = lib.resolve("level-1").controls
    assert 50 <= len(level1) <= 70
    level5 = {c.id for c in lib.resolve("level-5").controls}
    not_optional = {c.id for d in cat.domains if not d.optional for c in d.controls}
    assert level5 == not_optional


def test_parameters_never_get_weaker_at_a_higher_level(cat: Catalog) -> None:
    for name, p in cat.header.parameters.items():
        values = [p.values[lv] for lv in cat.header.levels]
        pairs = list(itertools.pairwise(values))
        if p.stricter == "higher":
            assert all(a <= b for a, b in pairs), name  # type: ignore[operator]
        elif p.stricter == "lower":
            assert all(a >= b for a, b in pairs), name  # type: ignore[operator]
        elif p.stricter == "true":
            assert all(b or not a for a, b in pairs), name


def test_publicly_reported_parameters(cat: Catalog) -> None:
    params = cat.header.parameters
    assert [params["log_retention_months"].values[lv] for lv in range(1, 6)] == [0, 1, 3, 6, 12]
    assert [params["account_review_interval_months"].values[lv] for lv in range(1, 6)] == [12, 12, 6, 3, 1]
    assert params["backup_site_min_distance_km"].values[5] == 30
    assert params["min_network_zones"].values[2] == 5


def test_every_control_is_in_at_least_one_profile(lib: Library, cat: Catalog) -> None:
    covered: set[str] = set()
    for pid in lib.profiles:
        covered |= {c.id for c in lib.resolve(pid, 5).controls}
    assert set(cat.controls) == covered


def test_important_system_and_national_database_profiles_add_to_level_3(lib: Library, cat: Catalog) -> None:
    level3 = {c.id for c in lib.resolve("level-3").controls}
    important = {c.id for c in lib.resolve("important-system").controls}
    national = {c.id for c in lib.resolve("national-database").controls}
    assert level3 < important < national
    added = important - level3
    assert any(cat.control_domain[c] == "VLY" for c in added)
    tags = {t for c in added for t in cat.controls[c].tags}
    assert {"monitoring", "testing", "incident_response"} <= tags
    ndb_tags = {t for c in national - important for t in cat.controls[c].tags}
    assert {"ndc_sync", "access_logging"} <= ndb_tags
    # a level-5 important system gets everything of level 5 too
    assert {c.id for c in lib.resolve("level-5").controls} <= {c.id for c in lib.resolve("important-system", 5).controls}


def test_scan_rules_cover_the_exposures_officers_care_about(cat: Catalog) -> None:
    with_rules = [c for c in cat.controls.values() if c.scan_rules]
    assert len(with_rules) >= 8
    rules = [r for c in with_rules for r in c.scan_rules]
    types = {r.type for r in rules}
    assert types == {"forbidden_services", "http_without_tls", "weak_tls", "allowed_ports_only", "eol_versions",
                     "vulnerabilities_overdue", "known_exploited", "tls_protocols", "tls_findings", "tls_certificates",
                     "hardening_index", "sca_checks"}
    ports = {p for r in rules for p in r.args.get("ports", [])}
    for port in ("23/tcp", "21/tcp", "3389/tcp", "5900/tcp", "1433/tcp", "3306/tcp", "5432/tcp", "6379/tcp",
                 "27017/tcp", "9200/tcp", "445/tcp", "139/tcp"):
        assert port in ports, port


def test_mandatory_controls_are_a_minority_and_mostly_severe(cat: Catalog) -> None:
    mandatory = [c for c in cat.controls.values() if c.mandatory]
    assert 0.15 <= len(mandatory) / len(cat.controls) <= 0.45
    assert sum(c.severity in ("high", "critical") for c in mandatory) / len(mandatory) >= 0.8


def test_references_look_like_real_identifiers(cat: Catalog) -> None:
    referenced = [c for c in cat.controls.values() if c.references.cis_v8 or c.references.iso27001_2022]
    assert len(referenced) >= len(cat.controls) * 0.6
    for c in cat.controls.values():
        for ref in c.references.cis_v8:
            control, safeguard = map(int, ref.split("."))
            assert 1 <= control <= 18 and 1 <= safeguard <= CIS_V8_SAFEGUARDS[control], (c.id, ref)
        for ref in c.references.nist_800_53:
            assert ref[:2] in NIST_FAMILIES, (c.id, ref)
        for ref in c.references.iso27001_2022:
            theme, num = int(ref[2]), int(ref.split(".")[2])
            assert num <= {5: 37, 6: 8, 7: 14, 8: 34}[theme], (c.id, ref)


# --- catalog 1.1.0 (issue #13): the rules a senior auditor asked for ---------------------------

REQUIRED_NA = {"TDEM-02", "TDEM-03", "TDEM-04", "TDEM-08", "MANG-07", "MANG-09", "MANG-12", "NCC-05", "NCC-07",
               "BVDL-04", "BVDL-06", "BVDL-08", "BVDL-09", "BVDL-10", "BVDL-11", "BVDL-12", "BVDL-13", "KTXN-03",
               "KTXN-10", "MDOC-09", "TSPC-05", "TSPC-07", "TSPM-07"}
NEW_MEASURES = {"QLRR-11": 2, "QLRR-12": 1, "KTXN-09": 1, "KTXN-10": 5, "KTXN-11": 1, "BVDL-11": 1, "BVDL-12": 1,
                "BVDL-13": 1}


def test_version_and_the_edition_of_each_value_agree(cat: Catalog) -> None:
    h = cat.header
    assert h.version == "1.1.0" and cat.id == "tcvn14423-2025"
    assert "TCVN 14423:2025" in h.title.vi and "TCVN 14423:2025" in h.title.en
    assert "TCVN 14423:2025" in h.notice.vi and "TCVN 14423:2026" in h.notice.vi and "2026" in h.notice.en
    for name, p in h.parameters.items():
        sources = {p.source_at(lv) for lv in h.levels}
        assert None not in sources, name
        assert p.note is not None, name
        for lang in ("vi", "en"):
            note = p.note.get(lang)
            assert ("TCVN 14423:2026" in note) == ("tcvn-14423-2026" in sources), (name, lang)
            assert ("secassess" in note) == ("secassess" in sources), (name, lang)
            if "tcvn-14423-2026" in sources:
                assert ("chưa được kiểm chứng" if lang == "vi" else "not verified") in note, name


def test_the_severity_scale_has_four_levels_with_stated_criteria(cat: Catalog) -> None:
    crit = cat.header.severity_criteria
    assert set(crit) == {"low", "medium", "high", "critical"}
    for sev, text in crit.items():
        assert len(text.vi) > 80 and len(text.en) > 80, sev
    controls = list(cat.controls.values())
    for sev in ("low", "medium", "high", "critical"):
        share = sum(c.severity == sev for c in controls) / len(controls)
        assert share >= 0.05, f"{sev} is used by only {share:.0%} of the controls"
    for c in controls:
        if c.severity == "critical":
            assert c.mandatory, f"{c.id}: a critical control is always mandatory"
        if c.mandatory:
            assert c.severity in ("high", "critical"), c.id
    # exposures a scan can see from outside are critical
    for cid in ("CAUH-02", "MANG-02", "MANG-03", "MANG-04", "TKTC-01", "TKTC-02", "QLLH-03", "SLPH-07"):
        assert cat.controls[cid].severity == "critical", cid


def test_mandatory_flags_agree_between_siblings(cat: Catalog) -> None:
    for pair in (("TSPC-01", "TSPM-01"), ("SLPH-02", "SLPH-03"), ("MANG-02", "MANG-03"), ("BVDL-08", "BVDL-09"),
                 ("NHKY-06", "GSAT-05"), ("TKTC-01", "TKTC-02"), ("BVDL-11", "BVDL-13")):
        assert len({cat.controls[c].mandatory for c in pair}) == 1, pair


def test_controls_about_an_optional_component_have_a_not_applicable_path(cat: Catalog) -> None:
    required = REQUIRED_NA | {c.id for d in cat.domains if d.id in ("PTUD", "VLY") for c in d.controls}
    missing = sorted(cid for cid in required if cat.controls[cid].not_applicable is None)
    assert missing == []
    for c in cat.controls.values():
        if c.not_applicable:
            assert c.not_applicable.vi.startswith("Chọn Không áp dụng khi"), c.id
            assert c.not_applicable.en.startswith("Choose not applicable when"), c.id
        # the path lives in one place: the field, not scattered through the guidance
        assert "chọn Không áp dụng" not in c.guidance.vi and "choose Not applicable" not in c.guidance.en, c.id


def test_not_applicable_paths_reach_the_assessor(lib: Library) -> None:
    resolved = {c.id: c for c in lib.resolve("level-5").controls}
    c = resolved["TDEM-02"]
    assert c.not_applicable is not None and c.guidance["vi"].endswith(c.not_applicable["vi"])


def test_every_fail_criterion_is_decidable(cat: Catalog) -> None:
    both_negated = re.compile(r"Không đạt khi [^.]*\bkhông\b[^.]*\svà\s[^.]*\bkhông\b")
    for c in cat.controls.values():
        g = c.guidance.vi
        assert "Không đạt khi" in g and re.search(r"[Đđ]ạt một phần khi", g), c.id
        assert not both_negated.search(g), f"{c.id}: a fail criterion joined by “và” leaves cases undecided"
        for vague in ("nhóm nhỏ", "phần lớn", "đáng kể"):
            assert vague not in g, (c.id, vague)
    assert cat.header.decision_rule is not None and "Đạt một phần" in cat.header.decision_rule.vi


def test_intervals_are_defined_in_statements_and_questions(cat: Catalog) -> None:
    for c in cat.controls.values():
        for name in ("statement", "question"):
            text = getattr(c, name).vi
            for vague in ("định kỳ", "thường xuyên", "kịp thời", "nhóm nhỏ"):
                assert vague not in text, (c.id, name, vague)


def test_terms_follow_the_2025_cybersecurity_law(cat: Catalog) -> None:
    for c in cat.controls.values():
        for name, t in c.texts().items():
            # "an toàn thông tin" survives only where a document still in force uses it (old licences)
            rest = t.vi.replace("dịch vụ an toàn thông tin mạng cấp trước", "")
            assert "an toàn thông tin" not in rest, (c.id, name)
            assert "information security" not in t.en.replace("network information security service licence", ""), \
                (c.id, name)
    for d in cat.domains:
        assert "an toàn thông tin" not in d.title.vi + d.description.vi, d.id


def test_downtime_terms_are_used_correctly(cat: Catalog) -> None:
    for c in cat.controls.values():
        for t in c.texts().values():
            assert "tối đa chấp nhận được (RTO)" not in t.vi and "maximum tolerable downtime (RTO)" not in t.en, c.id
    qlrr08 = cat.controls["QLRR-08"]
    assert "MTD" in qlrr08.statement.vi and "RTO, phải ngắn hơn MTD" in qlrr08.statement.vi


def test_the_patch_clock_runs_from_publication(cat: Catalog) -> None:
    c = cat.controls["QLLH-03"]
    assert "không phụ thuộc vào thời điểm đơn vị phát hiện" in c.statement.vi
    assert "tính theo thời điểm muộn hơn" not in c.statement.vi
    assert {"critical_patch_days", "exploited_patch_days"} <= c.placeholders()
    params = cat.header.parameters
    for lv in cat.header.levels:
        exploited, critical = params["exploited_patch_days"].values[lv], params["critical_patch_days"].values[lv]
        assert exploited <= critical <= 14, lv  # type: ignore[operator]
    # the unit learns of published fixes from level 1 on, where the clock starts
    assert "QLLH-04" in c.depends_on and cat.controls["QLLH-04"].level == 1


def test_incidents_are_reported_above_a_threshold_within_24_and_72_hours(cat: Catalog) -> None:
    c = cat.controls["UPSC-03"]
    assert {"incident_initial_report_hours", "incident_report_hours"} <= c.placeholders()
    assert "Sự cố phải thông báo gồm tối thiểu" in c.statement.vi and "dưới ngưỡng" in c.statement.vi
    params = cat.header.parameters
    assert {params["incident_initial_report_hours"].values[lv] for lv in range(1, 6)} == {24}
    assert {params["incident_report_hours"].values[lv] for lv in range(1, 6)} == {72}
    assert {params["pd_breach_notice_hours"].values[lv] for lv in range(1, 6)} == {72}
    assert "BVDL-13" in c.statement.vi


def test_practice_tightens_parameters_that_used_to_be_fixed(cat: Catalog) -> None:
    params = cat.header.parameters
    for cid, name in (("VLY-06", "cctv_retention_days"), ("GSAT-05", "detection_tuning_interval_months"),
                      ("QLRR-10", "attack_surface_scan_interval_days"), ("CAUH-07", "config_check_interval_days"),
                      ("GSAT-06", "edr_retention_days"), ("VLY-08", "generator_fuel_hours"),
                      ("SLPH-07", "offline_backup_interval_days"), ("TKTC-06", "inactive_account_days")):
        assert name in cat.controls[cid].placeholders(), cid
        level = cat.controls[cid].level
        assert params[name].values[level] != params[name].values[5], f"{name} does not tighten above level {level}"


def test_a_control_never_applies_without_what_it_presupposes(lib: Library) -> None:
    for pid in lib.profiles:
        for level in range(1, 6):
            resolved = lib.resolve(pid, level)
            ids = {c.id for c in resolved.controls}
            cat = lib.catalogs[resolved.catalog_id]
            for c in resolved.controls:
                missing = [d for d in cat.controls[c.id].depends_on if d not in ids]
                assert missing == [], (pid, level, c.id, missing)


def test_the_new_measures_are_in_the_right_profiles(lib: Library, cat: Catalog) -> None:
    for cid, level in NEW_MEASURES.items():
        assert cat.controls[cid].level == level, cid
        assert cid in {c.id for c in lib.resolve(f"level-{level}").controls}, cid
        if level > 1:
            assert cid not in {c.id for c in lib.resolve(f"level-{level - 1}").controls}, cid
    important = {c.id: c for c in lib.resolve("important-system").controls}
    for cid in ("QLRR-11", "KTXN-09", "KTXN-10", "KTXN-11", "GSAT-08", "GSAT-07"):
        assert cid in important, cid
    assert important["GSAT-08"].mandatory  # no self-declared opt-out from monitoring


def test_an_important_system_cannot_pass_without_offline_backup_and_pam(lib: Library) -> None:
    for level in (3, 4, 5):
        resolved = {c.id: c for c in lib.resolve("important-system", level).controls}
        for cid in ("SLPH-07", "TKTC-10", "QLRR-11"):
            assert cid in resolved and resolved[cid].mandatory, (level, cid)
    # pulled in above the profile's own level, they keep the values of their own level
    at3 = {c.id: c for c in lib.resolve("important-system", 3).controls}
    assert at3["SLPH-07"].parameters == {"offline_backup_interval_days": 7}
    assert at3["TKTC-10"].parameters == {"log_retention_months": 6}


def test_the_national_database_floor_is_stated_and_its_data_controls_mandatory(lib: Library) -> None:
    eff = lib.profile("national-database")
    assert eff.level == 3 and eff.level_follows_system
    assert "cấp độ 3" in eff.description.vi and "level 3" in eff.description.en
    resolved = {c.id: c for c in lib.resolve("national-database").controls}
    for cid in ("BVDL-11", "BVDL-12", "BVDL-13", "NHKY-07", "NHKY-08", "SLPH-07", "TKTC-10"):
        assert resolved[cid].mandatory, cid
    assert {c.id for c in lib.resolve("important-system").controls} < set(resolved)
