"""Remediation items (hạng mục khắc phục) in the database: opened, confirmed, verified and reopened
by finalized assessments; updated by officers with optimistic locking; every change kept in the
item's history (who, when, what changed old → new, note, attached evidence). Versions and history
rows are written through :mod:`secassess.register`, as for incidents.

The rules themselves (statuses, transitions, due dates, overdue, expiry) are in :mod:`.rules`.

For other parts of secassess:

- :func:`sync_with_assessment` — called by the finalize use case (``secassess.app.assessments``)
  inside its transaction.
- :func:`list_items` — read-only; plain :class:`RemediationItem` dataclasses (the system report
  uses ``list_items(conn, system_id=..., as_of=...)``).
- :func:`expire_risk_acceptances` — reopens items whose risk acceptance has expired; run it in a
  write transaction before listing (the remediation use cases do, through :func:`refresh`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, insert, select

from secassess import clock, register
from secassess.errors import ConflictError as ConflictError  # raised by update_item, accept_risk
from secassess.errors import InputError, NotFoundError, NothingToChange
from secassess.messages import msg
from secassess.remediation import rules
from secassess.remediation.present import describe_changes
from secassess.store.schema.assessment import assessments, resolved_controls, results
from secassess.store.schema.inventory import systems, units
from secassess.store.schema.remediation import remediation_history, remediation_items
from secassess.text import nfc
from secassess.vocabulary import SEVERITY_RANK

if TYPE_CHECKING:
    from secassess.workspace import Workspace

MAX_TEXT = 4000  # note, reason
MAX_NAME = 200  # owner, approver
ITEMS = register.Register(remediation_items, remediation_history, "item_id", ("hạng mục", "item"),
                          "remediation", describe_changes)


# --------------------------------------------------------------------------- plain data


@dataclass(frozen=True)
class RemediationItem:
    """One remediation item as of a date (``as_of``: what "overdue" is measured against)."""

    id: int
    system_id: str
    system_name: str
    unit_id: str
    unit_name: str
    control_id: str
    title: dict[str, str]  # control title when last found failing {"vi": .., "en": ..}
    severity: str
    status: str
    result: str  # fail | partial: the latest effective result that found it
    owner: str
    due_date: date | None
    opened_at: datetime
    opened_by_assessment_id: int
    last_assessment_id: int
    verified_by_assessment_id: int | None
    risk_approver: str | None
    risk_reason: str | None
    risk_until: date | None
    version: int
    updated_at: datetime
    last_note: str
    as_of: date
    overdue: bool
    days_overdue: int
    risk_expired: bool  # still risk_accepted in the database, but its end date is before as_of

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (dates ISO 8601); the shape of ``remediation list --json`` items."""
        d = asdict(self)
        for k in ("due_date", "risk_until", "as_of"):
            d[k] = d[k].isoformat() if d[k] else None
        for k in ("opened_at", "updated_at"):
            d[k] = clock.local(d[k]).isoformat()
        return d


@dataclass(frozen=True)
class HistoryEntry:
    """One change of an item: ``changes`` maps a field to ``[old, new]`` (dates as ISO text)."""

    id: int
    at: datetime
    actor: str
    action: str  # opened confirmed reopened verified updated commented risk_accepted risk_expired
    changes: dict[str, list[Any]]
    note: str
    attachment_sha256: str | None
    attachment_name: str | None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["at"] = clock.local(self.at).isoformat()
        return d


@dataclass
class SyncSummary:
    """What finalizing one assessment did to the system's items (lists of item ids)."""

    assessment_id: int
    opened: list[int] = field(default_factory=list)
    confirmed: list[int] = field(default_factory=list)
    reopened: list[int] = field(default_factory=list)
    verified: list[int] = field(default_factory=list)
    expired: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ExpiredItem:
    id: int
    system_id: str
    control_id: str
    risk_until: date


@dataclass(frozen=True)
class EvidenceFile:
    """A file an officer attaches to an update, stored in the workspace evidence store."""

    path: Path
    store_dir: Path
    max_bytes: int


# --------------------------------------------------------------------------- reading


def _item_query() -> Any:
    h = remediation_history
    last_note = (select(h.c.note).where(h.c.item_id == remediation_items.c.id, h.c.note != "")
                 .order_by(h.c.id.desc()).limit(1).correlate(remediation_items).scalar_subquery())
    return (select(remediation_items, systems.c.name.label("system_name"), systems.c.unit_id,
                   units.c.name.label("unit_name"), last_note.label("last_note"))
            .join(systems, systems.c.id == remediation_items.c.system_id)
            .join(units, units.c.id == systems.c.unit_id))


def _to_item(row: Any, as_of: date) -> RemediationItem:
    m = row._mapping
    return RemediationItem(
        id=m["id"], system_id=m["system_id"], system_name=m["system_name"], unit_id=m["unit_id"],
        unit_name=m["unit_name"], control_id=m["control_id"], title=dict(m["title"]),
        severity=m["severity"], status=m["status"], result=m["result"], owner=m["owner"],
        due_date=m["due_date"], opened_at=m["opened_at"],
        opened_by_assessment_id=m["opened_by_assessment_id"], last_assessment_id=m["last_assessment_id"],
        verified_by_assessment_id=m["verified_by_assessment_id"], risk_approver=m["risk_approver"],
        risk_reason=m["risk_reason"], risk_until=m["risk_until"], version=m["version"],
        updated_at=m["updated_at"], last_note=m["last_note"] or "", as_of=as_of,
        overdue=rules.is_overdue(m["status"], m["due_date"], as_of),
        days_overdue=rules.days_overdue(m["status"], m["due_date"], as_of),
        risk_expired=rules.risk_expired(m["status"], m["risk_until"], as_of),
    )


def parse_item_id(text: str | int) -> int:
    """An item id as typed: ``12`` or ``#12``."""
    return register.parse_id(text, ITEMS)


def get_item(conn: Connection, item_id: int, *, as_of: date | None = None) -> RemediationItem:
    """One item; InputError when there is none."""
    row = conn.execute(_item_query().where(remediation_items.c.id == item_id)).first()
    if row is None:
        raise item_not_found(item_id)
    return _to_item(row, as_of or clock.today())


def item_not_found(item_id: int) -> NotFoundError:
    """What is said of an item that does not exist (or that the one asking may not see)."""
    return NotFoundError(msg("remediation.service.no_remediation_item_see_secassess", i=item_id))


def _conditions(*, system_id: str | None, unit_id: str | None, unit_ids: Iterable[str] | None,
                statuses: Iterable[str] | None, severities: Iterable[str] | None, overdue_only: bool,
                as_of: date) -> list[Any]:
    """The WHERE conditions of the item filters (on the items joined with their systems)."""
    t = remediation_items
    conds: list[Any] = []
    if system_id is not None:
        conds.append(t.c.system_id == system_id)
    if unit_id is not None:
        conds.append(systems.c.unit_id == unit_id)
    if unit_ids is not None:
        conds.append(systems.c.unit_id.in_(sorted(unit_ids)))
    if statuses is not None:
        conds.append(t.c.status.in_(list(statuses)))
    if severities is not None:
        conds.append(t.c.severity.in_(list(severities)))
    if overdue_only:
        conds.append(and_(t.c.status.in_(sorted(rules.WORKING)), t.c.due_date < as_of))
    return conds


def list_items(conn: Connection, *, system_id: str | None = None, unit_id: str | None = None,
               unit_ids: Iterable[str] | None = None, statuses: Iterable[str] | None = None,
               severities: Iterable[str] | None = None, overdue_only: bool = False,
               as_of: date | None = None) -> list[RemediationItem]:
    """Items matching every filter given (``unit_ids``: of any of these units), as of ``as_of``
    (default: today in Vietnam), ordered by system, then severity (critical first), due date and
    control. Read-only: it does not reopen expired risk acceptances (call
    :func:`expire_risk_acceptances` first when you can write; items still waiting for it have
    ``risk_expired`` set)."""
    as_of = as_of or clock.today()
    q = _item_query().where(*_conditions(system_id=system_id, unit_id=unit_id, unit_ids=unit_ids, statuses=statuses,
                                         severities=severities, overdue_only=overdue_only, as_of=as_of))
    items = [_to_item(r, as_of) for r in conn.execute(q)]
    items.sort(key=lambda i: (i.system_id, SEVERITY_RANK.get(i.severity, 9), i.due_date or date.max,
                              i.control_id))
    return items


@dataclass(frozen=True)
class ItemCounts:
    """How many items match a filter: in all, overdue, by severity and by status (codes with a count)."""

    total: int = 0
    overdue: int = 0
    by_severity: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)


def page_items(conn: Connection, *, unit_id: str | None = None, system_id: str | None = None,
               unit_ids: Iterable[str] | None = None, statuses: Iterable[str] | None = None,
               severities: Iterable[str] | None = None, overdue_only: bool = False, as_of: date | None = None,
               limit: int = 200, offset: int = 0) -> tuple[list[RemediationItem], ItemCounts]:
    """One page of :func:`list_items` (same filters, same order), sorted and cut in the database: a province
    has tens of thousands of items. Returns the page and the counts of every item that matches."""
    from sqlalchemy import case, func

    as_of = as_of or clock.today()
    t = remediation_items
    conds = _conditions(system_id=system_id, unit_id=unit_id, unit_ids=unit_ids, statuses=statuses,
                        severities=severities, overdue_only=overdue_only, as_of=as_of)
    late = case((and_(t.c.status.in_(sorted(rules.WORKING)), t.c.due_date < as_of), 1), else_=0)
    rows = conn.execute(select(t.c.severity, t.c.status, func.count(), func.sum(late))
                        .select_from(t.join(systems, systems.c.id == t.c.system_id))
                        .where(*conds).group_by(t.c.severity, t.c.status)).all()
    by_severity: dict[str, int] = {}
    by_status: dict[str, int] = {}
    for sev, status, n, _late in rows:
        by_severity[sev] = by_severity.get(sev, 0) + int(n)
        by_status[status] = by_status.get(status, 0) + int(n)
    counts = ItemCounts(sum(int(r[2]) for r in rows), sum(int(r[3] or 0) for r in rows), by_severity, by_status)
    rank = case({sev: i for sev, i in SEVERITY_RANK.items()}, value=t.c.severity, else_=len(SEVERITY_RANK))
    q = (_item_query().where(*conds)
         .order_by(t.c.system_id, rank, t.c.due_date.is_(None), t.c.due_date, t.c.control_id)
         .limit(limit).offset(offset))
    return [_to_item(r, as_of) for r in conn.execute(q)], counts


def remediation_advice(conn: Connection, item: RemediationItem) -> dict[str, str]:
    """The control's recommended remediation ``{"vi", "en"}`` as the assessment that last found the
    item recorded it (empty when it has none)."""
    control = conn.execute(select(resolved_controls.c.content)
                           .join(results, results.c.control_ref == resolved_controls.c.id)
                           .where(results.c.assessment_id == item.last_assessment_id,
                                  results.c.control_id == item.control_id)).scalar()
    return dict((control or {}).get("remediation") or {})


def history(conn: Connection, item_id: int) -> list[HistoryEntry]:
    """Every change of the item, oldest first."""
    h = remediation_history
    rows = conn.execute(select(h).where(h.c.item_id == item_id).order_by(h.c.id))
    return [HistoryEntry(id=r.id, at=r.at, actor=r.actor, action=r.action, changes=dict(r.changes),
                         note=r.note, attachment_sha256=r.attachment_sha256,
                         attachment_name=r.attachment_name) for r in rows]


# --------------------------------------------------------------------------- writing


def update_item(conn: Connection, item_id: int, *, actor: str, expect_version: int | None,
                status: str | None = None, owner: str | None = None, due: date | None = None,
                note: str | None = None, evidence: EvidenceFile | None = None) -> RemediationItem:
    """An officer's change (``remediation update``). Refuses transitions the rules do not allow,
    ``resolved`` without a note or evidence, and — when ``expect_version`` is given and the item has
    moved on since — raises ConflictError. One history row records the whole change."""
    item = get_item(conn, item_id)
    register.check_version(conn, ITEMS, item.id, item.version, expect_version)
    text = register.clean_text(note, "--note", MAX_TEXT)
    values: dict[str, Any] = {}
    if status is not None and status != item.status:
        rules.check_transition(item.id, item.status, status, "officer")
        values["status"] = status
        if item.status == "risk_accepted":  # the acceptance is withdrawn
            values.update(risk_approver=None, risk_reason=None, risk_until=None)
    if owner is not None:
        new_owner = register.clean_text(owner, "--owner", MAX_NAME, required=True)
        if new_owner != item.owner:
            values["owner"] = new_owner
    if due is not None and due != item.due_date:
        if item.status == "verified":
            raise InputError(msg("remediation.service.item_verified_there_no_due"),
                             location=f"#{item.id}")
        opened_on = clock.local(item.opened_at).date()
        if due < opened_on:
            raise InputError(msg("remediation.service.due_date_before_item_was", d=clock.fmt_date(due), o=clock.fmt_date(opened_on)), location="--due")
        values["due_date"] = due
    if status is not None and status == item.status and not values and not text and evidence is None:
        rules.check_transition(item.id, item.status, status, "officer")  # says "already ..."
    if values.get("status") == "resolved" and not text and evidence is None:
        raise InputError(msg("remediation.service.moving_needs_note_note_evidence", s=rules.status_label("resolved")), location=f"#{item.id}")
    if not values and not text and evidence is None:
        raise NothingToChange(msg("remediation.service.nothing_update_use_status_owner"),
                         location=f"#{item.id}")
    sha, name = _store_evidence(conn, evidence) if evidence is not None else (None, None)
    at = clock.now()
    old = {"status": item.status, "owner": item.owner, "due_date": item.due_date,
           "risk_approver": item.risk_approver, "risk_reason": item.risk_reason, "risk_until": item.risk_until}
    register.save(conn, ITEMS, item.id, item.version, values, at=at, actor=actor,
                  changed=register.changes(old, values), note=text, action="updated" if values else "commented",
                  attachment_sha256=sha, attachment_name=name)
    return get_item(conn, item.id)


def _store_evidence(conn: Connection, evidence: EvidenceFile) -> tuple[str, str]:
    from secassess.evidence.store import store_file

    blob = store_file(conn, evidence.store_dir, evidence.path, max_bytes=evidence.max_bytes)
    return blob.sha256, nfc(evidence.path.name)


def accept_risk(conn: Connection, item_id: int, *, actor: str, expect_version: int | None, approver: str,
                reason: str, until: date, note: str | None = None,
                today: date | None = None) -> RemediationItem:
    """Accept the risk (chấp nhận rủi ro) until ``until`` (inclusive): needs who approved it and why.
    On an item already accepted this renews or changes the acceptance."""
    item = get_item(conn, item_id)
    register.check_version(conn, ITEMS, item.id, item.version, expect_version)
    rules.check_transition(item.id, item.status, "risk_accepted", "accept_risk")
    who = register.clean_text(approver, "--approver", MAX_NAME, required=True)
    why = register.clean_text(reason, "--reason", MAX_TEXT, required=True)
    text = register.clean_text(note, "--note", MAX_TEXT)
    today = today or clock.today()
    if until < today:
        raise InputError(msg("remediation.service.acceptance_end_date_past_today", d=clock.fmt_date(until), t=clock.fmt_date(today)), location="--until")
    values = {"status": "risk_accepted", "risk_approver": who, "risk_reason": why, "risk_until": until}
    old = {"status": item.status, "risk_approver": item.risk_approver, "risk_reason": item.risk_reason,
           "risk_until": item.risk_until}
    changes = register.changes(old, values)
    if not changes:
        raise InputError(msg("remediation.service.risk_already_accepted_exactly_so"),
                         location=f"#{item.id}")
    at = clock.now()
    register.save(conn, ITEMS, item.id, item.version, values, at=at, actor=actor, changed=changes, note=text,
                  action="risk_accepted")
    return get_item(conn, item.id)


def expired_risk_items(conn: Connection, today: date | None = None) -> list[ExpiredItem]:
    """Items whose risk acceptance ended before ``today`` and that are still marked accepted."""
    t = remediation_items
    rows = conn.execute(select(t.c.id, t.c.system_id, t.c.control_id, t.c.risk_until)
                        .where(and_(t.c.status == "risk_accepted", t.c.risk_until < (today or clock.today())))
                        .order_by(t.c.id))
    return [ExpiredItem(r.id, r.system_id, r.control_id, r.risk_until) for r in rows]


def expire_risk_acceptances(conn: Connection, *, actor: str, today: date | None = None) -> list[ExpiredItem]:
    """Reopen every item whose risk acceptance has expired (valid through its end date, expired the
    day after). The due date becomes the end of the acceptance if that is later, so the item shows
    as overdue from then on. Returns what was reopened."""
    today = today or clock.today()
    expired = expired_risk_items(conn, today)
    if not expired:
        return []
    at = clock.now()
    for e in expired:
        item = get_item(conn, e.id)
        values: dict[str, Any] = {"status": "open", "risk_approver": None, "risk_reason": None,
                                  "risk_until": None}
        if item.due_date is None or item.due_date < e.risk_until:
            values["due_date"] = e.risk_until
        old = {"status": item.status, "risk_approver": item.risk_approver, "risk_reason": item.risk_reason,
               "risk_until": item.risk_until, "due_date": item.due_date}
        rules.check_transition(item.id, item.status, "open", "expiry")
        register.save(conn, ITEMS, item.id, item.version, values, at=at, actor=actor,
                      changed=register.changes(old, values), action="risk_expired")
    return expired


def refresh(ws: Workspace, *, actor: str, today: date | None = None) -> list[ExpiredItem]:
    """Reopen expired risk acceptances, taking the write lock only when there is something to do.
    Every ``remediation`` command runs this first."""
    with ws.read() as conn:
        if not expired_risk_items(conn, today):
            return []
    with ws.write() as conn:
        return expire_risk_acceptances(conn, actor=actor, today=today)


# --------------------------------------------------------------------------- finalization


def sync_with_assessment(conn: Connection, assessment_id: int, *, actor: str) -> SyncSummary:
    """Bring the system's items in line with a just-finalized assessment (call it inside the
    finalize transaction, after the assessment is marked finalized).

    Per control, by its effective result (technical evidence wins when worse):
    fail/partial with no item → a new item (severity from the control, due date = finalization date
    + the snapshot's due_days[severity], owner = the system's owner, title = the control's title);
    fail/partial with an item → confirmed (kept; resolved or verified items reopen); pass → verified,
    recording this assessment; not_applicable / not_assessed → the item is left as it is.
    Expired risk acceptances are reopened first. Running it twice for one assessment changes nothing
    and returns the same summary (read back from the history, see :func:`assessment_summary`).
    """
    from secassess.assessment.service import load_assessment, load_results
    from secassess.scoring import effective_result

    a = load_assessment(conn, assessment_id)
    if a.status != "finalized" or a.finalized_at is None:
        raise ValueError(f"assessment {assessment_id} is not finalized")
    finalized_on = clock.local(a.finalized_at).date()
    due_days: Mapping[str, int] = a.snapshot.get("due_days") or {}
    expired = [e.id for e in expire_risk_acceptances(conn, actor=actor, today=finalized_on)]
    owner = conn.execute(select(systems.c.owner).where(systems.c.id == a.system_id)).scalar() or ""
    existing = {r.control_id: r for r in conn.execute(
        select(remediation_items).where(remediation_items.c.system_id == a.system_id))}
    at = clock.now()
    for r in load_results(conn, assessment_id):
        eff = effective_result(r.result, r.technical_result)[0]  # type: ignore[arg-type]
        item = existing.get(r.control_id)
        if item is not None and item.last_assessment_id == assessment_id:
            continue  # already applied
        effect = rules.assessment_effect(item.status if item is not None else None, eff)
        title = dict(r.control.get("title") or {"vi": r.control_id, "en": r.control_id})
        found = {"severity": r.severity, "title": title, "result": eff, "last_assessment_id": assessment_id}
        if effect.action == "open":
            due = rules.due_date(finalized_on, r.severity, due_days)
            res = conn.execute(insert(remediation_items).values(
                system_id=a.system_id, control_id=r.control_id, title=title, severity=r.severity,
                status="open", result=eff, owner=owner, due_date=due, opened_at=at,
                opened_by_assessment_id=assessment_id, last_assessment_id=assessment_id, version=1,
                updated_at=at))
            assert res.inserted_primary_key is not None
            new_id = int(res.inserted_primary_key[0])
            register.record(conn, ITEMS, new_id, at=at, actor=actor, action="opened", changed={
                "status": [None, "open"], "result": [None, eff], "severity": [None, r.severity],
                "owner": [None, owner], "due_date": [None, due.isoformat()],
                "assessment_id": [None, assessment_id]})
            continue
        if item is None or effect.action == "none":
            continue
        old = {k: getattr(item, k) for k in ("status", "severity", "title", "result", "last_assessment_id",
                                             "due_date", "verified_by_assessment_id", "risk_approver",
                                             "risk_reason", "risk_until")}
        if effect.action == "verify":
            values = {"status": "verified", "verified_by_assessment_id": assessment_id,
                      "last_assessment_id": assessment_id, "risk_approver": None, "risk_reason": None,
                      "risk_until": None}
        elif effect.action == "reopen":
            values = {**found, "status": "open", "verified_by_assessment_id": None,
                      "due_date": rules.due_date(finalized_on, r.severity, due_days)}
        else:  # confirm: still failing, kept as it is
            values = dict(found)
        if effect.new_status is not None:
            rules.check_transition(item.id, item.status, effect.new_status, "assessment")
        changes = register.changes(old, values)
        changes.pop("title", None)  # the full title is on the item; a wording change is not news
        changes.pop("last_assessment_id", None)  # said once, as assessment_id
        changes["assessment_id"] = [item.last_assessment_id, assessment_id]
        register.save(conn, ITEMS, item.id, item.version, values, at=at, actor=actor, changed=changes,
                      action={"verify": "verified", "reopen": "reopened", "confirm": "confirmed"}[effect.action])
    summary = assessment_summary(conn, assessment_id)
    summary.expired = expired
    return summary


def assessment_summary(conn: Connection, assessment_id: int) -> SyncSummary:
    """What finalizing ``assessment_id`` did to the items, read back from their history (the same
    answer however many times it is asked; ``expired`` is left empty)."""
    h, t = remediation_history, remediation_items
    system_id = conn.execute(select(assessments.c.system_id).where(assessments.c.id == assessment_id)).scalar()
    summary = SyncSummary(assessment_id)
    lists = {"opened": summary.opened, "confirmed": summary.confirmed, "reopened": summary.reopened,
             "verified": summary.verified}
    rows = conn.execute(select(h.c.item_id, h.c.action, h.c.changes).join(t, t.c.id == h.c.item_id)
                        .where(t.c.system_id == system_id, h.c.action.in_(list(lists))).order_by(h.c.id))
    for r in rows:
        pair = (r.changes or {}).get("assessment_id")
        if isinstance(pair, list) and len(pair) == 2 and pair[1] == assessment_id:
            lists[r.action].append(r.item_id)
    return summary
