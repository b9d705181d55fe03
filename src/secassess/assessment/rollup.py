"""Finalized assessments read for a province-wide roll-up (the provincial report): their metadata in
one set-based query (no JSON), each system's latest finalization, and the scores of many assessments
at once — their result rows read in chunks, ordered by assessment, with only the columns scoring
reads, and scored with :mod:`secassess.scoring` (the same model as ``assess score``), so result rows
never pile up in memory.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Connection, and_, func, select

from secassess.inventory.rollup import in_units
from secassess.store.schema.assessment import assessments, profile_snapshots, results

CHUNK = 500  # assessment ids per results query


@dataclass(frozen=True)
class AssessmentRec:
    """A finalized assessment; ``score``/``coverage``/``rating``/``mandatory_failed`` (the mandatory
    controls answered "fail") are filled only for the ones scored."""

    id: int
    system_id: str
    profile_id: str
    catalog_id: str
    finalized_at: datetime
    score: float | None = None
    coverage: float | None = None
    rating: str | None = None
    mandatory_failed: tuple[str, ...] | None = None


def _finalized_before(cutoff: datetime) -> ColumnElement[bool]:
    a = assessments
    return and_(a.c.status == "finalized", a.c.finalized_at.is_not(None), a.c.finalized_at < cutoff)


def finalized_between(conn: Connection, start: datetime, cutoff: datetime,
                      unit_ids: Sequence[str] | None = None) -> list[AssessmentRec]:
    """The assessments finalized in [``start``, ``cutoff``) (of the systems of ``unit_ids``), unscored."""
    a = assessments
    q = in_units(select(a.c.id, a.c.system_id, a.c.profile_id, a.c.catalog_id, a.c.finalized_at)
                 .where(_finalized_before(cutoff), a.c.finalized_at >= start), a.c.system_id, unit_ids)
    return [AssessmentRec(r.id, r.system_id, r.profile_id, r.catalog_id, r.finalized_at) for r in conn.execute(q)]


def last_finalized(conn: Connection, cutoff: datetime, unit_ids: Sequence[str] | None = None
                   ) -> dict[str, tuple[int, datetime]]:
    """Each system's latest finalization before ``cutoff``, of any age: system -> (assessment id,
    when); of two finalized at the same moment, the higher id."""
    a = assessments
    latest = in_units(select(a.c.system_id, func.max(a.c.finalized_at).label("at")).where(_finalized_before(cutoff))
                      .group_by(a.c.system_id), a.c.system_id, unit_ids).subquery()
    q = (select(a.c.system_id, func.max(a.c.id).label("id"), a.c.finalized_at)
         .join(latest, and_(latest.c.system_id == a.c.system_id, latest.c.at == a.c.finalized_at))
         .where(a.c.status == "finalized").group_by(a.c.system_id, a.c.finalized_at))
    return {r.system_id: (r.id, r.finalized_at) for r in conn.execute(q)}


def _chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[list[int]]:
    for i in range(0, len(ids), size):
        yield list(ids[i:i + size])


Scored = tuple[float | None, float, str, tuple[str, ...]]  # score, coverage, rating, mandatory controls failed


def score_many(conn: Connection, ids: Sequence[int]) -> tuple[dict[int, Scored], int]:
    """Score the assessments ``ids`` from their result rows (only the columns the model reads), one
    chunk of assessments at a time; returns {id: (score, coverage, rating, mandatory controls failed)}
    and the rows read."""
    from secassess.scoring import (
        ControlInput,
        Result,
        TechnicalResult,
        Thresholds,
        score_assessment,
    )

    out: dict[int, Scored] = {}
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
            out[aid] = (rep.score, rep.coverage, rep.rating, rep.mandatory_failed)

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
            out[aid] = (rep.score, rep.coverage, rep.rating, rep.mandatory_failed)
    return out, rows_read


def stamp(conn: Connection) -> tuple[Any, ...]:
    """What changes whenever an assessment is finalized (a finalized one never changes again)."""
    a = assessments
    row = conn.execute(select(func.count(), func.max(a.c.id), func.max(a.c.finalized_at))
                       .where(a.c.status == "finalized")).one()
    return ("finalized", *row)
