"""What the provincial report is computed from: plain records, loaded once with a few set-based
queries (no query per system or per assessment), for the current and the previous period together.

Only what the figures need is read:

- units and systems of the selected units, registered before the current cutoff;
- metadata (no JSON) of the assessments finalized in the earliest 12-month window up to the cutoff,
  and the latest finalization before that window per system (to name when a system was last assessed);
- the results of only the assessments that count (the latest finalized one in each window, per system:
  about one per system), read in chunks ordered by assessment and scored at once with
  :mod:`secassess.scoring`, so result rows never pile up in memory;
- remediation items that can be open at either date (not those verified before the previous cutoff
  and untouched since) and the history rows written after the previous cutoff (to roll items back);
- incidents detected before the cutoff that fall in either period or were still unresolved at the
  start of the previous one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Connection, and_, func, or_, select

from secassess.i18n import tr
from secassess.reporting.province.period import Frame, day_start
from secassess.store.schema.assessment import assessments, profile_snapshots, results
from secassess.store.schema.incident import incidents
from secassess.store.schema.inventory import systems, units
from secassess.store.schema.remediation import remediation_history, remediation_items

CHUNK = 500  # assessment ids per results query


@dataclass(frozen=True)
class UnitRec:
    id: str
    name: str
    created_at: datetime


@dataclass(frozen=True)
class SystemRec:
    id: str
    name: str
    unit_id: str
    level: int
    important: bool
    national_database: bool
    in_use: bool
    level_dossier_approved: date | None
    security_plan_approved: date | None
    created_at: datetime


@dataclass(frozen=True)
class AssessmentRec:
    """A finalized assessment; ``score``/``coverage``/``rating`` are filled only for the ones that count."""

    id: int
    system_id: str
    profile_id: str
    catalog_id: str
    finalized_at: datetime
    score: float | None = None
    coverage: float | None = None
    rating: str | None = None


@dataclass(frozen=True)
class ItemRec:
    """A remediation item as it is now (``at`` dates are rolled back by the computation)."""

    id: int
    system_id: str
    control_id: str
    title: str  # in the report's language
    severity: str
    status: str
    owner: str
    due_date: date | None
    risk_until: date | None
    opened_at: datetime


@dataclass(frozen=True)
class ItemChange:
    """One history row of an item written after the previous cutoff: ``changes`` {field: [old, new]}."""

    id: int
    item_id: int
    at: datetime
    changes: dict[str, Any]


@dataclass(frozen=True)
class IncidentRec:
    id: int
    system_id: str
    detected_at: datetime
    category: str
    severity: str
    status: str
    notified_at: datetime | None
    full_report_at: datetime | None
    resolved_at: datetime | None


@dataclass
class ProvinceData:
    units: list[UnitRec]
    systems: list[SystemRec]
    assessments: list[AssessmentRec]  # finalized, in the union of the two 12-month windows
    last_finalized: dict[str, tuple[int, datetime]]  # system -> latest finalization before the cutoff
    items: list[ItemRec]
    item_changes: list[ItemChange]
    incidents: list[IncidentRec]
    scored: int = 0  # how many assessments were scored
    result_rows: int = 0  # how many result rows were read
    stats: dict[str, float] = field(default_factory=dict)


# --------------------------------------------------------------------------- picking what counts


def latest_in_window(meta: Iterable[AssessmentRec], frame: Frame) -> dict[str, AssessmentRec]:
    """Per system, the assessment that counts as of ``frame``: the latest finalized one whose
    finalization (Vietnam date) falls in the 12-month window (ties: the higher id)."""
    lo, hi = day_start(frame.window_start), frame.cutoff
    best: dict[str, AssessmentRec] = {}
    for a in meta:
        if lo <= a.finalized_at < hi:
            cur = best.get(a.system_id)
            if cur is None or (a.finalized_at, a.id) > (cur.finalized_at, cur.id):
                best[a.system_id] = a
    return best


# --------------------------------------------------------------------------- loading


def _chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[list[int]]:
    for i in range(0, len(ids), size):
        yield list(ids[i:i + size])


def load(conn: Connection, frames: Sequence[Frame], unit_ids: Sequence[str] | None, lang: str = "vi",
         progress: Callable[[str], None] | None = None) -> ProvinceData:
    """Load everything the figures of ``frames`` need (the current frame first); item titles in ``lang``."""
    import time

    t0 = time.perf_counter()
    stats: dict[str, float] = {}
    cut = max(f.cutoff for f in frames)
    earliest_cut = min(f.cutoff for f in frames)
    earliest_window = day_start(min(f.window_start for f in frames))
    earliest_period = min(f.incident_start for f in frames)

    uq = select(units.c.id, units.c.name, units.c.created_at).where(units.c.created_at < cut).order_by(units.c.id)
    sq = select(systems.c.id, systems.c.name, systems.c.unit_id, systems.c.level, systems.c.important,
                systems.c.national_database, systems.c.in_use, systems.c.level_dossier_approved,
                systems.c.security_plan_approved, systems.c.created_at).where(systems.c.created_at < cut)
    if unit_ids is not None:
        uq = uq.where(units.c.id.in_(list(unit_ids)))
        sq = sq.where(systems.c.unit_id.in_(list(unit_ids)))
    unit_recs = [UnitRec(r.id, r.name, r.created_at) for r in conn.execute(uq)]
    system_recs = [SystemRec(r.id, r.name, r.unit_id, r.level, bool(r.important), bool(r.national_database),
                             bool(r.in_use), r.level_dossier_approved, r.security_plan_approved, r.created_at)
                   for r in conn.execute(sq.order_by(systems.c.id))]
    in_scope = {s.id for s in system_recs}
    unit_filter = systems.c.unit_id.in_(list(unit_ids)) if unit_ids is not None else None

    def scoped(q: Any, system_col: Any) -> Any:
        if unit_filter is None:
            return q
        return q.where(system_col.in_(select(systems.c.id).where(unit_filter)))

    a = assessments
    finalized = and_(a.c.status == "finalized", a.c.finalized_at.is_not(None), a.c.finalized_at < cut)
    meta_q = scoped(select(a.c.id, a.c.system_id, a.c.profile_id, a.c.catalog_id, a.c.finalized_at)
                    .where(finalized, a.c.finalized_at >= earliest_window), a.c.system_id)
    meta = [AssessmentRec(r.id, r.system_id, r.profile_id, r.catalog_id, r.finalized_at)
            for r in conn.execute(meta_q) if r.system_id in in_scope]
    # each system's latest finalization before the cutoff, of any age (to name when it was last assessed)
    latest = scoped(select(a.c.system_id, func.max(a.c.finalized_at).label("at")).where(finalized)
                    .group_by(a.c.system_id), a.c.system_id).subquery()
    last_q = (select(a.c.system_id, func.max(a.c.id).label("id"), a.c.finalized_at)
              .join(latest, and_(latest.c.system_id == a.c.system_id, latest.c.at == a.c.finalized_at))
              .where(a.c.status == "finalized").group_by(a.c.system_id, a.c.finalized_at))
    last_finalized = {r.system_id: (r.id, r.finalized_at) for r in conn.execute(last_q) if r.system_id in in_scope}
    stats["meta_s"] = time.perf_counter() - t0

    wanted: dict[int, AssessmentRec] = {}
    for f in frames:
        for rec in latest_in_window(meta, f).values():
            wanted[rec.id] = rec
    if progress:
        progress(tr("chấm điểm {n} đợt đánh giá được tính (trong {m} đợt đã chốt của 13 tháng)",
                    "scoring the {n} assessments that count (of {m} finalized in 13 months)",
                    n=len(wanted), m=len(meta)))
    scores, rows_read = _score(conn, sorted(wanted))
    stats["score_s"] = time.perf_counter() - t0 - stats["meta_s"]
    scored_meta = []
    for m in meta:
        s = scores.get(m.id)
        scored_meta.append(m if s is None else AssessmentRec(m.id, m.system_id, m.profile_id, m.catalog_id,
                                                             m.finalized_at, *s))

    t = remediation_items
    # the title in the report's language, picked by the database (no JSON parsed per item here)
    title = func.coalesce(t.c.title[lang].as_string(), t.c.title["vi"].as_string(), t.c.control_id)
    item_q = scoped(select(t.c.id, t.c.system_id, t.c.control_id, title.label("title"), t.c.severity, t.c.status,
                           t.c.owner,
                           t.c.due_date, t.c.risk_until, t.c.opened_at)
                    .where(t.c.opened_at < cut, or_(t.c.status != "verified", t.c.updated_at >= earliest_cut)),
                    t.c.system_id)
    items = [ItemRec(r.id, r.system_id, r.control_id, r.title, r.severity, r.status, r.owner,
                     r.due_date, r.risk_until, r.opened_at) for r in conn.execute(item_q)]
    h = remediation_history
    hist_q = scoped(select(h.c.id, h.c.item_id, h.c.at, h.c.changes).join(t, t.c.id == h.c.item_id)
                    .where(h.c.at >= earliest_cut), t.c.system_id)
    changes = [ItemChange(r.id, r.item_id, r.at, dict(r.changes or {})) for r in conn.execute(hist_q)]

    i = incidents
    inc_q = scoped(select(i.c.id, i.c.system_id, i.c.detected_at, i.c.category, i.c.severity, i.c.status,
                          i.c.notified_at, i.c.full_report_at, i.c.resolved_at)
                   .where(i.c.detected_at < cut,
                          or_(i.c.detected_at >= earliest_period, i.c.resolved_at.is_(None),
                              i.c.resolved_at >= earliest_period)), i.c.system_id)
    incs = [IncidentRec(r.id, r.system_id, r.detected_at, r.category, r.severity, r.status, r.notified_at,
                        r.full_report_at, r.resolved_at) for r in conn.execute(inc_q)]
    stats["rest_s"] = time.perf_counter() - t0 - stats["meta_s"] - stats["score_s"]
    return ProvinceData(unit_recs, system_recs, scored_meta, last_finalized, items, changes,
                        [x for x in incs if x.system_id in in_scope], len(wanted), rows_read, stats)


def _score(conn: Connection, ids: list[int]) -> tuple[dict[int, tuple[float | None, float, str]], int]:
    """Score the assessments ``ids`` from their result rows (only the columns the model reads), one
    chunk of assessments at a time; returns {id: (score, coverage, rating)} and the rows read."""
    from secassess.scoring import (
        ControlInput,
        Result,
        TechnicalResult,
        Thresholds,
        score_assessment,
    )

    out: dict[int, tuple[float | None, float, str]] = {}
    rows_read = 0
    a, r, ps = assessments, results, profile_snapshots
    # what scoring takes from a snapshot (thresholds, domain order), once per distinct snapshot: the
    # assessments of a province share a handful of them
    rules: dict[int, tuple[Thresholds, list[str]]] = {}
    for chunk in _chunks(ids):
        refs = {row.id: row.snapshot_ref for row in conn.execute(
            select(a.c.id, a.c.snapshot_ref).where(a.c.id.in_(chunk)))}
        new = sorted(set(refs.values()) - set(rules))
        for ref, snap in conn.execute(select(ps.c.id, ps.c.content).where(ps.c.id.in_(new))):
            snap = snap or {}
            order = [d["id"] for d in sorted(snap.get("domains", []), key=lambda d: d.get("order", 0))]
            rules[ref] = (Thresholds.from_mapping(snap.get("thresholds")), order)
        # the model reads neither the justification nor the control's texts: they are not loaded
        q = (select(r.c.assessment_id, r.c.control_id, r.c.domain_id, r.c.severity, r.c.weight, r.c.mandatory,
                    r.c.result, r.c.technical_result)
             .where(r.c.assessment_id.in_(chunk)).order_by(r.c.assessment_id))
        current: int | None = None
        controls: list[ControlInput] = []

        def finish(aid: int, controls: list[ControlInput], refs: dict[int, int] = refs) -> None:
            thresholds, order = rules.get(refs.get(aid, -1), (Thresholds(), []))
            rep = score_assessment(controls, thresholds, order)
            out[aid] = (rep.score, rep.coverage, rep.rating)

        for row in conn.execute(q):
            rows_read += 1
            if row[0] != current:
                if current is not None:
                    finish(current, controls)
                current, controls = row[0], []
            controls.append(ControlInput(row[1], row[2], row[3], float(row[4]), bool(row[5]),
                                         cast("Result", row[6]), cast("TechnicalResult | None", row[7])))
        if current is not None:
            finish(current, controls)
    for aid in ids:  # an assessment without any result row: nothing applies
        if aid not in out:
            rep = score_assessment([], Thresholds(), [])
            out[aid] = (rep.score, rep.coverage, rep.rating)
    return out, rows_read
