"""The legal register (issue #13): its integrity, the citations controls make of it, the warnings
for superseded or unverified documents, and what reports get from an assessment's snapshot."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from secassess.catalog.citations import legal_citations
from secassess.catalog.legal import LegalRegister, check_register
from secassess.catalog.models import LegalCitation
from secassess.catalog.registry import Library, load_library
from tests.catalog.test_validation import edit, load
from tests.conftest import run

ROOT = Path(__file__).resolve().parents[2]
CATALOG = "tcvn14423-2025"

REGISTER = """\
kind: legal_register
documents:
  - id: luat-moi
    type: law
    number: 116/2025/QH15
    title: {vi: Luật An ninh mạng, en: Law on Cybersecurity}
    issuer: {vi: Quốc hội, en: National Assembly}
    issued: 2025-12-10
    in_force: 2026-07-01
    status: in_force
    replaces: [luat-cu]
    articles:
      "Điều 44": {vi: Hiệu lực thi hành, en: Entry into force}
    verification:
      - source: https://example.org/luat-moi
        title: Báo A
        kind: press
        checked: 2026-12-06
        confirms: {vi: Số hiệu và ngày hiệu lực, en: Number and date}
  - id: luat-cu
    type: law
    number: 86/2015/QH13
    title: {vi: Luật An toàn thông tin mạng, en: Law on Network Information Security}
    issuer: {vi: Quốc hội, en: National Assembly}
    status: superseded
    superseded_by: luat-moi
    superseded_on: 2026-07-01
    verification:
      - source: https://example.org/luat-cu
        title: Báo B
        kind: press
        checked: 2026-12-06
        confirms: {vi: Hết hiệu lực, en: No longer in force}
  - id: nd-bao-cao
    type: decree
    number: 331/2026/NĐ-CP
    title: {vi: Nghị định theo nguồn thứ cấp, en: Decree as reported}
    issuer: {vi: Chính phủ, en: Government}
    status: unknown
    verification:
      - source: một kho mã nguồn công khai
        title: Nguồn thứ cấp
        kind: secondary
        checked: 2026-12-06
        confirms: {vi: Số hiệu, en: Number}
"""


@pytest.fixture(scope="module")
def lib() -> Library:
    return load_library()


@pytest.fixture(scope="module")
def register(lib: Library) -> LegalRegister:
    reg = lib.catalogs[CATALOG].legal_register
    assert reg is not None
    return reg


# --- the built-in register ------------------------------------------------------------------

def test_the_builtin_register_is_consistent(register: LegalRegister) -> None:
    assert check_register(register) == []
    for d in register.documents:
        assert d.verification, d.id
        for v in d.verification:
            assert v.checked <= date(2026, 12, 31), d.id
            assert v.kind == "secondary" or v.source.startswith(("http://", "https://")), d.id


def test_the_2026_framework_is_verified_and_the_old_laws_are_superseded(register: LegalRegister) -> None:
    law = {d.number: d for d in register.documents}
    for number, in_force in (("116/2025/QH15", date(2026, 7, 1)), ("91/2025/QH15", date(2026, 1, 1)),
                             ("356/2025/NĐ-CP", date(2026, 1, 1)), ("60/2024/QH15", date(2025, 7, 1))):
        assert law[number].status == "in_force" and law[number].in_force == in_force, number
        assert law[number].confirmed, f"{number} must be verified against a non-secondary source"
    for old, new, on in (("86/2015/QH13", "luat-anm-2025", date(2026, 7, 1)),
                         ("24/2018/QH14", "luat-anm-2025", date(2026, 7, 1)),
                         ("13/2023/NĐ-CP", "nd-356-2025", date(2026, 1, 1))):
        assert (law[old].status, law[old].superseded_by, law[old].superseded_on) == ("superseded", new, on), old
    assert law["14/CT-TTg"].confirmed
    # reported but not verified: kept in the register as such, never as confirmed
    for number in ("331/2026/NĐ-CP", "330/2026/NĐ-CP", "TCVN 14423:2026"):
        assert law[number].status == "unknown" and not law[number].confirmed, number


def test_every_citation_is_a_register_id_of_a_document_in_force(lib: Library, register: LegalRegister) -> None:
    cat = lib.catalogs[CATALOG]
    cited: set[str] = set()
    for c in cat.controls.values():
        for cite in c.references.legal:
            assert isinstance(cite, LegalCitation), (c.id, cite)
            doc = register.get(cite.doc)
            assert doc is not None and doc.status in ("in_force", "partly_amended") and doc.confirmed, (c.id, cite)
            cited.add(cite.doc)
    assert {"luat-anm-2025", "luat-bvdlcn-2025", "nd-356-2025", "luat-du-lieu-2024"} <= cited
    assert lib.warnings == []  # nothing superseded, unknown or unverified is cited


def test_no_control_text_presents_a_superseded_document_as_current(lib: Library) -> None:
    for c in lib.catalogs[CATALOG].controls.values():
        texts = [t.vi + t.en for t in c.texts().values()] + c.evidence.vi + c.evidence.en
        for old in ("13/2023", "86/2015", "24/2018", "85/2016", "12/2022", "108/2016", "05/2017", "29/2018"):
            assert not any(old in t for t in texts), (c.id, old)
        assert not c.references.other or not any("chưa kiểm chứng" in o for o in c.references.other), c.id


def test_the_personal_data_measures_cite_the_2025_law_and_its_decree(lib: Library) -> None:
    cat = lib.catalogs[CATALOG]
    for cid in ("BVDL-04", "BVDL-11", "BVDL-12", "BVDL-13"):
        docs = {c.doc for c in cat.controls[cid].references.legal if isinstance(c, LegalCitation)}
        assert {"luat-bvdlcn-2025", "nd-356-2025"} <= docs, cid
    for cid in ("QLRR-01", "QLRR-11", "QLRR-12", "KTXN-09", "KTXN-10", "KTXN-11", "GSAT-08", "UPSC-03"):
        assert any(isinstance(c, LegalCitation) and c.doc == "luat-anm-2025"
                   for c in cat.controls[cid].references.legal), cid


def test_docs_list_every_verification(register: LegalRegister) -> None:
    doc = (ROOT / "docs" / "catalog.md").read_text(encoding="utf-8")
    for d in register.documents:
        assert d.number in doc, d.number
        for v in d.verification:
            if v.kind != "secondary":
                assert v.source in doc, v.source
    assert "2026-12-06" in doc or "06/12/2026" in doc


def test_checklist_show_renders_citations_with_their_status() -> None:
    r = run("checklist", "show", "BVDL-13")
    assert r.exit_code == 0, r.output
    assert "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 — còn hiệu lực (từ 01/01/2026)" in r.output
    assert "Khi nào không áp dụng" in r.output


# --- the validator on a small catalog -----------------------------------------------------------

def _with_register(mini: Path) -> Path:
    cat = mini / "checklists" / "mini-2025"
    (cat / "data" / "legal.yaml").write_text(REGISTER, encoding="utf-8")
    edit(cat / "catalog.yaml", "  eol-software: data/eol.yaml", "  eol-software: data/eol.yaml\n  legal: data/legal.yaml")
    text = (cat / "catalog.yaml").read_text(encoding="utf-8")
    text = text.replace("    values: {1: 0, 2: 1, 3: 3, 4: 6, 5: 12}\n", "    values: {1: 0, 2: 1, 3: 3, 4: 6, 5: 12}\n"
                        "    source: secassess\n").replace("    values: {1: 12, 2: 12, 3: 6, 4: 6, 5: 3}\n",
                                                          "    values: {1: 12, 2: 12, 3: 6, 4: 6, 5: 3}\n"
                                                          "    source: {1: secassess, 2: secassess, 3: luat-moi, "
                                                          "4: luat-moi, 5: luat-moi}\n")
    (cat / "catalog.yaml").write_text(text, encoding="utf-8")
    return cat


def _cite(cat: Path, refs: str) -> None:
    edit(cat / "domains" / "QLRR.yaml", "    references: {cis_v8: [\"8.10\"], iso27001_2022: [A.8.15], nist_800_53: [AU-11]}",
         f"    references: {{cis_v8: [\"8.10\"], legal: {refs}}}")


def test_a_register_and_valid_citations_load_cleanly(mini_copy: Path) -> None:
    cat = _with_register(mini_copy)
    _cite(cat, '[{doc: luat-moi, article: "Điều 44"}]')
    lib = load(mini_copy)
    assert [str(p) for p in lib.problems] == [] and lib.warnings == []


@pytest.mark.parametrize(("refs", "needle"), [
    ("[{doc: khong-co}]", "“khong-co” is not in the legal register"),
    ('[{doc: luat-moi, article: "Điều 99"}]', "“Điều 99” of 116/2025/QH15 is not registered"),
    ('["Luật An ninh mạng 2025"]', "cite a document id of the legal register"),
])
def test_a_bad_citation_is_a_problem_at_its_line(mini_copy: Path, refs: str, needle: str) -> None:
    from secassess.i18n import set_lang

    cat = _with_register(mini_copy)
    _cite(cat, refs)
    set_lang("en")
    problems = load(mini_copy).problems
    found = [p for p in problems if needle in p.message]
    assert len(found) == 1, [str(p) for p in problems]
    assert found[0].file and found[0].file.endswith("QLRR.yaml") and found[0].location


def test_a_superseded_or_unverified_document_is_a_warning_not_an_error(mini_copy: Path) -> None:
    from secassess.i18n import set_lang

    cat = _with_register(mini_copy)
    _cite(cat, "[{doc: luat-cu}, {doc: nd-bao-cao}]")
    set_lang("en")
    lib = load(mini_copy)
    assert lib.problems == []
    texts = [w.message for w in lib.warnings]
    assert any("86/2015/QH13 is no longer in force since 01/07/2026; cite its replacement (luat-moi)" in t for t in texts)
    assert any("331/2026/NĐ-CP" in t and "status" in t for t in texts)
    assert any("331/2026/NĐ-CP is known only from secondary sources" in t for t in texts)
    set_lang("vi")
    r = run("checklist", "validate", str(mini_copy / "checklists"))
    assert r.exit_code == 0, r.output
    assert "Cảnh báo:" in r.output and "đã hết hiệu lực" in r.output


@pytest.mark.parametrize(("old", "new", "needle"), [
    ("    superseded_by: luat-moi\n", "", "a superseded document needs superseded_by"),
    ("    replaces: [luat-cu]\n", "", "“luat-moi” must list it in replaces"),
    ("    superseded_on: 2026-07-01\n", "    superseded_on: 2026-06-30\n", "superseded_on differs"),
    ("    issued: 2025-12-10\n", "    issued: 2026-12-10\n", "in force before it was issued"),
    ("    number: 86/2015/QH13\n", "    number: 116/2025/QH15\n", "already registered"),
    ("      - source: https://example.org/luat-cu\n", "      - source: Báo B trên giấy\n", "web address"),
])
def test_register_integrity_problems(mini_copy: Path, old: str, new: str, needle: str) -> None:
    from secassess.i18n import set_lang

    cat = _with_register(mini_copy)
    edit(cat / "data" / "legal.yaml", old, new)
    set_lang("en")
    problems = load(mini_copy).problems
    assert any(needle in p.message for p in problems), [str(p) for p in problems]
    assert all(p.file for p in problems)


def test_parameter_sources_are_checked(mini_copy: Path) -> None:
    from secassess.i18n import set_lang

    set_lang("en")
    cat = _with_register(mini_copy)
    edit(cat / "catalog.yaml", "    source: secassess\n", "    source: tcvn-khong-co\n")
    assert any("source “tcvn-khong-co”" in p.message for p in load(mini_copy).problems)
    edit(cat / "catalog.yaml", "    source: tcvn-khong-co\n", "")
    assert any("must state where its values come from" in p.message for p in load(mini_copy).problems)


def test_a_parameter_weaker_at_a_higher_level_is_a_problem(mini_copy: Path) -> None:
    from secassess.i18n import set_lang

    set_lang("en")
    cat = mini_copy / "checklists" / "mini-2025"
    edit(cat / "catalog.yaml", "    values: {1: 12, 2: 12, 3: 6, 4: 6, 5: 3}", "    values: {1: 12, 2: 12, 3: 6, 4: 9, 5: 3}")
    assert any("weaker than at level 3" in p.message for p in load(mini_copy).problems)


def test_a_control_cannot_presuppose_a_higher_level_one(mini_copy: Path) -> None:
    from secassess.i18n import set_lang

    set_lang("en")
    cat = mini_copy / "checklists" / "mini-2025"
    edit(cat / "domains" / "QLRR.yaml", "    methods: [examine, interview]\n    level: 1\n",
         "    methods: [examine, interview]\n    level: 1\n    depends_on: [QLRR-02]\n")
    problems = load(mini_copy).problems
    assert any("QLRR-01 (level 1) presupposes QLRR-02, which applies only from level 2" in p.message
               for p in problems), [str(p) for p in problems]


# --- what reports get ------------------------------------------------------------------------

def test_legal_citations_come_from_the_snapshot(mini_copy: Path) -> None:
    cat = _with_register(mini_copy)
    _cite(cat, '[{doc: luat-moi, article: "Điều 44"}, {doc: luat-cu}]')
    lib = load(mini_copy)
    snapshot = lib.resolve("level-5").to_dict()
    snapshot.pop("controls")
    vi = legal_citations(snapshot, "vi")
    assert [(c.number, c.status) for c in vi] == [("116/2025/QH15", "in_force"), ("86/2015/QH13", "superseded")]
    assert vi[0].status_text == "còn hiệu lực (từ 01/07/2026)" and vi[0].articles == [("Điều 44", "Hiệu lực thi hành")]
    assert vi[0].controls == ["QLRR-02"] and vi[0].verified
    assert vi[1].status_text == "hết hiệu lực từ 01/07/2026, thay bằng 116/2025/QH15"
    en = legal_citations(snapshot, "en")
    assert en[1].status_text == "no longer in force since 01/07/2026, replaced by 116/2025/QH15"
    assert en[0].to_dict()["articles"] == [{"article": "Điều 44", "about": "Entry into force"}]
    # the documents travel with the snapshot, not with today's register
    assert re.search(r'"legal_documents"', str(snapshot).replace("'", '"'))


def test_a_snapshot_without_a_register_lists_its_free_text_citations() -> None:
    controls = [{"id": "BVDL-04", "references": {"legal": ["Nghị định 13/2023/NĐ-CP"]}},
                {"id": "NHKY-07", "references": {"legal": ["Nghị định 13/2023/NĐ-CP"]}}]
    out = legal_citations({}, "vi", controls)
    assert len(out) == 1 and out[0].status == "unregistered" and out[0].controls == ["BVDL-04", "NHKY-07"]
    assert legal_citations({}, "vi") == []


def test_an_assessment_keeps_the_cited_documents_in_its_snapshot(workspace: Path) -> None:
    from secassess.assessment.service import load_assessment
    from secassess.workspace import Workspace

    w = ["-w", str(workspace)]
    assert run(*w, "unit", "add", "STP", "Sở Tư pháp").exit_code == 0
    assert run(*w, "system", "add", "STP-CSDL", "--name", "CSDL", "--unit", "STP", "--level", "3",
               "--national-database", "--target", "127.0.0.1").exit_code == 0
    r = run(*w, "assess", "start", "STP-CSDL")
    assert r.exit_code == 0, r.output
    ws = Workspace.open(workspace)
    try:
        with ws.read() as conn:
            a = load_assessment(conn, int(r.output.splitlines()[-1]))
    finally:
        ws.close()
    cited = {c.number: c for c in legal_citations(a.snapshot, "vi")}
    assert {"116/2025/QH15", "91/2025/QH15", "356/2025/NĐ-CP", "60/2024/QH15"} <= set(cited)
    assert cited["91/2025/QH15"].status_text == "còn hiệu lực (từ 01/01/2026)"
    assert "BVDL-13" in cited["91/2025/QH15"].controls and cited["91/2025/QH15"].verified
    assert all(c.status in ("in_force", "partly_amended") for c in cited.values())
