"""What the provincial report is computed from — its read model: plain records, loaded once with a
few set-based queries (no query per system or per assessment), for the current and the previous
period together. Each kind is read by its own package's roll-up reader, so the report holds no SQL
of its own: :mod:`secassess.inventory.rollup` (units, systems), :mod:`secassess.assessment.rollup`
(finalized assessments, their scores), :mod:`secassess.remediation.rollup` (items and their recent
history), :mod:`secassess.incident.rollup` (incidents).

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

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from secassess.assessment.rollup import (
    AssessmentRec,
    Scored,
    finalized_between,
    last_finalized,
    score_many,
)
from secassess.incident.rollup import IncidentRec, incidents_since
from secassess.inventory.rollup import (
    SystemRec,
    UnitRec,
    systems_registered_before,
    units_registered_before,
)
from secassess.messages import msg
from secassess.remediation.rollup import ItemChange, ItemRec, changes_since, items_open_since
from secassess.reporting.province.period import Frame, day_start

__all__ = ["AssessmentRec", "IncidentRec", "ItemChange", "ItemRec", "ProvinceData", "SystemRec", "UnitRec",
           "latest_in_window", "load"]


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


#: scores of finalized assessments already computed, by (assessment id, finalization instant): a
#: finalized assessment is locked, so its score never changes (a long-running server keeps one per
#: database, see ``app/dashboard.py``)
ScoreMemo = dict[tuple[int, datetime], Scored]
MEMO_LIMIT = 200_000  # entries; emptied when full


def load(conn: Connection, frames: Sequence[Frame], unit_ids: Sequence[str] | None, lang: str | None = "vi",
         progress: Callable[[str], None] | None = None, memo: ScoreMemo | None = None) -> ProvinceData:
    """Load everything the figures of ``frames`` need (the current frame first); item titles in ``lang``
    (None: without titles, for figures only);
    the scores already in ``memo`` are not computed again (and the new ones are added to it)."""
    import time

    t0 = time.perf_counter()
    stats: dict[str, float] = {}
    cut = max(f.cutoff for f in frames)
    earliest_cut = min(f.cutoff for f in frames)
    earliest_window = day_start(min(f.window_start for f in frames))
    earliest_period = min(f.incident_start for f in frames)

    unit_recs = units_registered_before(conn, cut, unit_ids)
    system_recs = systems_registered_before(conn, cut, unit_ids)
    in_scope = {s.id for s in system_recs}
    meta = [m for m in finalized_between(conn, earliest_window, cut, unit_ids) if m.system_id in in_scope]
    # each system's latest finalization before the cutoff, of any age (to name when it was last assessed)
    last = {k: v for k, v in last_finalized(conn, cut, unit_ids).items() if k in in_scope}
    stats["meta_s"] = time.perf_counter() - t0

    wanted: dict[int, AssessmentRec] = {}
    for f in frames:
        for rec in latest_in_window(meta, f).values():
            wanted[rec.id] = rec
    if progress:
        progress(msg("reporting.province.data.scoring_assessments_count_finalized_13", n=len(wanted), m=len(meta)))
    if memo is None:
        scores, rows_read = score_many(conn, sorted(wanted))
    else:
        if len(memo) > MEMO_LIMIT:
            memo.clear()
        key = {i: (i, rec.finalized_at) for i, rec in wanted.items()}
        scores, rows_read = score_many(conn, sorted(i for i in wanted if key[i] not in memo))
        memo.update({key[i]: s for i, s in scores.items()})
        scores = {i: memo[key[i]] for i in wanted}
    stats["score_s"] = time.perf_counter() - t0 - stats["meta_s"]
    scored_meta = []
    for m in meta:
        s = scores.get(m.id)
        scored_meta.append(m if s is None else AssessmentRec(m.id, m.system_id, m.profile_id, m.catalog_id,
                                                             m.finalized_at, *s))

    items = items_open_since(conn, cut, earliest_cut, lang, unit_ids)
    changes = changes_since(conn, earliest_cut, unit_ids)
    incs = incidents_since(conn, cut, earliest_period, unit_ids)
    stats["rest_s"] = time.perf_counter() - t0 - stats["meta_s"] - stats["score_s"]
    return ProvinceData(unit_recs, system_recs, scored_meta, last, items, changes,
                        [x for x in incs if x.system_id in in_scope], len(wanted), rows_read, stats)


def stamp(conn: Connection) -> tuple[Any, ...]:
    """What changes whenever anything the figures are computed from changes — units and systems (every
    field read), finalizations, remediation items and their history, incidents — from each package's
    roll-up reader; drafts being answered do not change it. Figures computed for a frame while the stamp
    stays the same still hold, up to the next deadline that passes (:func:`next_change`)."""
    from secassess.assessment import rollup as assessment_rollup
    from secassess.incident import rollup as incident_rollup
    from secassess.inventory import rollup as inventory_rollup
    from secassess.remediation import rollup as remediation_rollup

    return (inventory_rollup.stamp(conn), assessment_rollup.stamp(conn), remediation_rollup.stamp(conn),
            incident_rollup.stamp(conn))
