"""The demo flow: a fictional province (tỉnh Sông Lam) taken through the whole of secassess.

Every step calls the same service functions as the commands (``system import``, ``assess
start``, ``assess answer``, ``scan import``, ``assess finalize``, ``remediation update``,
``report system``), each at a fixed moment (``SECASSESS_NOW``), so two runs give the same
database and the same reports. The scenario is data: ``scenario.yaml``, ``inventory.yaml``,
``secassess.yaml``, the answers files under ``answers/`` and the nmap sample under ``scans/``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from secassess.errors import InputError
from secassess.i18n import Lang
from secassess.messages import msg

if TYPE_CHECKING:
    from secassess.assessment.service import ResultRow
    from secassess.demo_data.province import ProvinceOutcome
    from secassess.workspace import Workspace

DATA = Path(__file__).resolve().parent
MARKER = ".secassess-demo"  # only a folder holding this file is ever deleted by the demo
RESULT_WORDS = {"pass": "Đạt", "partial": "Đạt một phần", "fail": "Không đạt"}

Say = Callable[[str], None]


@contextlib.contextmanager
def fixed_now(moment: str) -> Iterator[None]:
    """Run a step at a fixed moment, as ``SECASSESS_NOW`` does for any command."""
    old = os.environ.get("SECASSESS_NOW")
    os.environ["SECASSESS_NOW"] = moment
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SECASSESS_NOW", None)
        else:
            os.environ["SECASSESS_NOW"] = old


def _load(name: str) -> Any:
    from secassess.yamlio import load_yaml

    return load_yaml(DATA / name).data


@dataclass
class SystemOutcome:
    system_id: str
    name: str
    level: int
    assessment_id: int
    profile_id: str
    status: str
    score: float | None = None
    coverage: float = 0.0
    rating: str = ""
    findings: int = 0
    reports: list[Path] = field(default_factory=list)


@dataclass
class DemoResult:
    workspace: Path
    out: Path
    systems: list[SystemOutcome] = field(default_factory=list)
    answer_files: list[Path] = field(default_factory=list)
    province: ProvinceOutcome | None = None  # the provincial report (demo_data/province.py)
    oscal: list[Path] = field(default_factory=list)  # the OSCAL documents of one system

    @property
    def reports(self) -> list[Path]:
        return [p for s in self.systems for p in s.reports]


def _empty_workspace(ws_dir: Path) -> bool:
    """A workspace that holds nothing yet (no unit): what earlier versions of the demo left,
    without the marker. Anything that cannot be read counts as not empty."""
    import sqlite3

    from secassess.workspace import CONFIG_FILE, DB_FILE

    db = ws_dir / DB_FILE
    if not (ws_dir / CONFIG_FILE).is_file() or not db.is_file():
        return False
    try:
        with contextlib.closing(sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            return int(conn.execute("SELECT count(*) FROM units").fetchone()[0]) == 0
    except sqlite3.Error:
        return False


def prepare_folder(ws_dir: Path) -> None:
    """Remove an earlier demo workspace, and only that: a folder without the demo's marker
    (a real workspace, or anything else) is refused, never deleted — unless it is a workspace
    that holds nothing at all (no unit)."""
    if not ws_dir.exists():
        return
    if not ws_dir.is_dir() or not ((ws_dir / MARKER).is_file() or _empty_workspace(ws_dir)):
        raise InputError(msg("demo_data.flow.folder_exists_was_not_made"), str(ws_dir))
    shutil.rmtree(ws_dir)


def _first_lower(text: str) -> str:
    if len(text) > 1 and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _fill(system_id: str, round_key: str, row: ResultRow, fill: dict[str, float],
          mandatory_pass: bool) -> str | None:
    """A deterministic result for a control the hand-written answers do not cover (None: left
    unanswered): the same hash of (system, round, control) always gives the same answer."""
    if mandatory_pass and row.mandatory:
        return "pass"
    digest = hashlib.sha256(f"{system_id}|{round_key}|{row.control_id}".encode()).digest()
    u = int.from_bytes(digest[:4], "big") / 2**32
    edge = 0.0
    for result in ("pass", "partial", "fail", "unanswered"):
        edge += float(fill.get(result, 0.0))
        if u < edge:
            return None if result == "unanswered" else result
    return "pass"


def write_answers(folder: Path, system_id: str, assessment: Any, rows: list[ResultRow], handwritten: dict[str, Any],
                  round_key: str, fill: dict[str, float], mandatory_pass: bool, notes: dict[str, str]
                  ) -> tuple[Path, int, int]:
    """The full answers file of one assessment: the hand-written answers as they are, every other
    control answered by :func:`_fill` with a note made from the control's evidence hints.
    Returns (file, hand-written count, generated count)."""
    from secassess.yamlio import dump_yaml

    answers: dict[str, Any] = {}
    ids = {r.control_id for r in rows}
    hand = {k: v for k, v in (handwritten.get("answers") or {}).items() if k in ids}
    generated = 0
    for r in rows:
        if r.control_id in hand:
            answers[r.control_id] = hand[r.control_id]
            continue
        result = _fill(system_id, round_key, r, fill, mandatory_pass)
        if result is None:
            continue
        hints = r.evidence_hints("vi") or [r.text("title", "vi")]
        note = notes[result].format(first=hints[0], first_lower=_first_lower(hints[0]))
        answers[r.control_id] = {"result": RESULT_WORDS[result], "note": f"{notes['marker']} {note}"}
        generated += 1
    data = {"assessment": assessment.id, "system": system_id, "catalog": assessment.catalog_id,
            "catalog_version": assessment.catalog_version, "answers": answers}
    header = "".join(f"# {line}\n" for line in notes["header"].split("\n"))
    path = folder / "tra-loi-day-du.yaml"
    from secassess.fsutil import atomic_write_text

    atomic_write_text(path, header + dump_yaml(data))
    return path, len(hand), generated


class Demo:
    """One run of the scenario into ``out``."""

    def __init__(self, out: Path, lang: Lang, say: Say) -> None:
        self.out = out
        self.ws_dir = out / "demo-workspace"
        self.lang = lang
        self.say = say
        self.scenario: dict[str, Any] = _load("scenario.yaml")
        self.notes: dict[str, str] = self.scenario["generated_notes"]
        self.latest: dict[str, int] = {}
        self.assessor: dict[str, str] = {}

    # ------------------------------------------------------------------ steps

    def workspace(self) -> Workspace:
        from secassess.workspace import init_workspace

        prepare_folder(self.ws_dir)
        ws = init_workspace(self.ws_dir, (DATA / "secassess.yaml").read_text(encoding="utf-8"))
        (self.ws_dir / MARKER).write_text("secassess demo\n", encoding="utf-8")
        return ws

    def inventory(self, ws: Workspace) -> tuple[int, int]:
        from secassess.inventory.importer import apply_inventory, load_inventory

        inv = load_inventory(DATA / "inventory.yaml", max_bytes=ws.config.limits.input_max_mb * 1024 * 1024)
        with fixed_now("2026-09-25T08:00:00+07:00"), ws.write() as conn:
            apply_inventory(conn, inv)
        return len(inv.units), len(inv.systems)

    def assess(self, ws: Workspace, year: int, spec: dict[str, Any], result: DemoResult) -> str:
        """Start, answer, scan and finalize one system's assessment; a line saying what happened."""
        from secassess.assessment.answers import apply_answers, check_answers
        from secassess.assessment.questionnaire import read_answers
        from secassess.assessment.service import load_assessment, load_results, start_assessment

        system_id = spec["system"]
        max_evidence = ws.config.limits.evidence_max_mb * 1024 * 1024
        with fixed_now(spec["start"]), ws.write() as conn:
            aid = start_assessment(conn, ws.library, system_id, spec.get("profile"), spec["assessor"])
        self.latest[system_id] = aid
        self.assessor[system_id] = spec["assessor"]

        # the unit's answers: hand-written ones plus the rest filled in, written out for the reader
        source = DATA / "answers" / spec["answers"]
        folder = self.ws_dir / "phieu-tra-loi" / str(year) / system_id
        shutil.copytree(source.parent, folder, ignore=shutil.ignore_patterns("*.yaml"))
        with ws.read() as conn:
            a = load_assessment(conn, aid)
            rows = load_results(conn, aid)
        handwritten = _load(f"answers/{spec['answers']}")
        path, n_hand, n_gen = write_answers(folder, system_id, a, rows, handwritten, str(year),
                                            spec.get("fill") or {}, bool(spec.get("mandatory_pass")), self.notes)
        result.answer_files.append(path)
        af = read_answers(path, max_bytes=ws.config.limits.input_max_mb * 1024 * 1024)
        with fixed_now(spec["answered"]), ws.write() as conn:
            a = load_assessment(conn, aid)
            rows = load_results(conn, aid)
            answers = check_answers(a, rows, af, evidence_max_bytes=max_evidence)
            summary = apply_answers(conn, ws.evidence_dir, a, rows, answers, spec["assessor"],
                                    evidence_max_bytes=max_evidence)
        parts = [msg("demo_data.flow.assessment_profile_controls_answers_hand", i=aid, p=a.profile_id, n=len(rows), h=n_hand, g=n_gen, e=summary.evidence_added)]

        scan = spec.get("scan")
        if scan:
            parts.append(self.scan(ws, aid, scan))
        if spec.get("finalize"):
            parts.append(self.finalize(ws, aid, spec["finalize"], spec["assessor"]))
        else:
            parts.append(msg("demo_data.flow.left_as_draft_unit_still"))
        return "; ".join(parts)

    def scan(self, ws: Workspace, aid: int, scan: dict[str, Any]) -> str:
        from secassess.assessment.service import load_assessment
        from secassess.scan.service import import_scan, read_import_file, tables_for

        xml_path = DATA / "scans" / scan["file"]
        data = read_import_file(xml_path, ws.config.limits.evidence_max_mb * 1024 * 1024)
        with ws.read() as conn:
            a = load_assessment(conn, aid)
        tables, _warning = tables_for(a, ws.library.catalogs)
        with fixed_now(scan["at"]), ws.write() as conn:
            rec = import_scan(conn, ws.evidence_dir, aid, data, file_name=scan["file"], actor=self.assessor_of(aid),
                              tables=tables)
        failed = sorted({o.control_id for o in rec.outcomes if o.outcome == "fail"})
        return msg("demo_data.flow.imported_nmap_scan_hosts_scope", f=scan["file"], h=rec.hosts_up, p=rec.open_ports, x=len(rec.scan.ignored_hosts), ig=", ".join(rec.scan.ignored_hosts) or "-", c=", ".join(failed) or "-")

    def assessor_of(self, aid: int) -> str:
        for system_id, latest in self.latest.items():
            if latest == aid:
                return self.assessor[system_id]
        return "demo"

    def finalize(self, ws: Workspace, aid: int, moment: str, actor: str) -> str:
        from secassess import clock
        from secassess.app.actor import Actor
        from secassess.app.assessments import finalize

        with fixed_now(moment):
            done = finalize(ws, Actor(actor, "officer"), aid)  # opens the remediation items too
        a, sync = done.assessment, done.remediation
        return msg("demo_data.flow.finalized_new_remediation_items_kept", d=clock.fmt_date(a.finalized_at), o=len(sync.opened), c=len(sync.confirmed), r=len(sync.reopened), v=len(sync.verified))

    def remediation(self, ws: Workspace, update: dict[str, Any]) -> str:
        from secassess.remediation.rules import status_label
        from secassess.remediation.service import list_items, update_item

        with fixed_now(update["at"]), ws.write() as conn:
            items = [i for i in list_items(conn, system_id=update["system"]) if i.control_id == update["control"]]
            if not items:
                raise RuntimeError(f"demo scenario: no remediation item for {update['system']} {update['control']}")
            item = update_item(conn, items[0].id, actor=update.get("actor") or "Đầu mối ATTT của đơn vị",
                               expect_version=items[0].version, status=update.get("status"),
                               owner=update.get("owner"), note=update.get("note"))
        return f"{update['system']} {update['control']} (#{item.id}) → {status_label(item.status)}: {update.get('note', '')}"

    def reports(self, ws: Workspace, result: DemoResult) -> None:
        from secassess.reporting.formats import SYSTEM
        from secassess.reporting.load import default_output
        from secassess.reporting.service import (
            build_system_report,
            renderer_options,
            write_system_report,
        )

        renderer_options(ws, SYSTEM.get("pdf"), None)  # a missing font is found out before any report is written
        with fixed_now(self.scenario["report_time"]):
            for system_id, aid in self.latest.items():
                report = build_system_report(ws, aid, self.lang)
                s = report.summary
                outcome = SystemOutcome(system_id, report.system.name, report.system.level, aid,
                                        report.assessment.profile_id, report.assessment.status, s.score, s.coverage,
                                        s.rating, len(report.findings))
                for fmt in SYSTEM.demo():
                    target = self.out / default_output(ws, system_id, aid, fmt.extension).name
                    outcome.reports.append(write_system_report(ws, aid, fmt.name, target, self.lang, report=report).path)
                result.systems.append(outcome)

    def oscal(self, ws: Workspace, result: DemoResult, step: int) -> None:
        """The OSCAL documents of one system: the catalog and the profile it was assessed against,
        its latest assessment's results and its plan of action (POA&M), each validated."""
        from secassess.assessment.service import load_assessment
        from secassess.oscal.catalog import (
            catalog_document,
            catalog_file_name,
            profile_document,
            profile_file_name,
        )
        from secassess.oscal.document import write_document
        from secassess.oscal.poam import write_poam
        from secassess.remediation.rules import UNCLOSED
        from secassess.remediation.service import list_items
        from secassess.reporting.service import write_system_report

        system_id = self.scenario["oscal_system"]
        aid = self.latest[system_id]
        folder = self.out / "oscal"
        with fixed_now(self.scenario["report_time"]):
            from secassess import clock

            with ws.read() as conn:
                a = load_assessment(conn, aid)
                items = list_items(conn, system_id=system_id, statuses=sorted(UNCLOSED))
            lib = ws.library
            cat = lib.catalog(a.catalog_id)
            paths = [folder / catalog_file_name(cat.id, self.lang), folder / profile_file_name(a.profile_id, self.lang)]
            write_document(paths[0], catalog_document(cat, self.lang, clock.now()))
            write_document(paths[1], profile_document(cat, lib.profiles, a.profile_id, self.lang, clock.now()))
            paths.append(write_system_report(ws, aid, "oscal", folder / f"{system_id}-danh-gia-{aid}.oscal.json",
                                             self.lang).path)
            paths.append(folder / f"{system_id}-poam.oscal.json")
            write_poam(ws, paths[-1], items, as_of=clock.today(), unit_id=None, system_id=system_id)
        result.oscal = paths
        self.say(msg("demo_data.flow.step_write_oscal_documents_nist", n=step, s=system_id, p=a.profile_id, i=aid, k=len(items)))

    def province(self, ws: Workspace, result: DemoResult, step: int) -> None:
        from secassess.demo_data.province import write_province_reports

        result.province = write_province_reports(ws, self.out, self.lang, fixed_now)
        p = result.province
        self.say(msg("demo_data.flow.step_write_province_monthly_report", n=step, k=p.period, d=p.as_of, s=p.summary))

    # ------------------------------------------------------------------ whole

    def run(self) -> DemoResult:
        say = self.say
        result = DemoResult(self.ws_dir, self.out)
        ws = self.workspace()
        try:
            say(msg("demo_data.flow.step_1_create_workspace_sqlite", d=self.ws_dir))
            n_units, n_systems = self.inventory(ws)
            say(msg("demo_data.flow.step_2_import_units_information", u=n_units, s=n_systems))
            step = 3
            for rnd in self.scenario["rounds"]:
                say(msg("demo_data.flow.step_each_system_assessed_against", n=step, t=rnd["title"][self.lang]))
                for spec in rnd["systems"]:
                    say(f"  • {spec['system']}: " + self.assess(ws, int(rnd["year"]), spec, result))
                for update in rnd.get("remediation") or []:
                    say("  • " + msg("demo_data.flow.remediation_update") + self.remediation(ws, update))
                step += 1
            say(msg("demo_data.flow.step_record_security_incidents_register", n=step))
            from secassess.demo_data.province import record_incidents

            for line in record_incidents(ws, fixed_now):
                say(f"  • {line}")
            step += 1
            say(msg("demo_data.flow.step_score_write_reports_each", n=step))
            self.reports(ws, result)
            self.province(ws, result, step + 1)
            self.oscal(ws, result, step + 2)
        finally:
            ws.close()
        return result


def run_demo(out: Path, lang: Lang, say: Say) -> DemoResult:
    return Demo(out, lang, say).run()
