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
