"""Remediation use cases (khắc phục): list, show, update, accept a risk, export the register.

Every one of them first reopens the items whose risk acceptance has expired (:func:`reopen_expired`):
an acceptance is valid through its end date, and the first remediation request after that date —
whoever makes it — puts the item back to work and records it in the item's history (an expiry is
the rules' doing, not a change of the person asking, so a viewer's listing does it too). The result
of each use case carries what was reopened, limited to what the actor may see, for the edge to say.

Authorisation: lists hold only the items of the actor's units; another unit's item is "not found";
updating needs the right to change the item's unit; accepting a risk is a province step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from secassess.app.actor import Actor, require_province
from secassess.app.registers import check_change, check_see, listing_scope, unit_of_system
from secassess.errors import InputError
from secassess.messages import msg

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy import Connection

    from secassess.remediation.service import ExpiredItem, HistoryEntry, ItemCounts, RemediationItem
    from secassess.workspace import Workspace


@dataclass(frozen=True)
class ItemQuery:
    """Which items: every filter given must match (None: no filter)."""

    unit_id: str | None = None
    system_id: str | None = None
    statuses: Sequence[str] | None = None
    severities: Sequence[str] | None = None
    overdue: bool = False
    #: the day "overdue" is measured at (default: today in Vietnam)
    as_of: date | None = None
    #: without ``statuses`` or ``overdue``, verified items are left out unless this is set
    include_verified: bool = True


@dataclass(frozen=True)
class ItemList:
    as_of: date
    items: list[RemediationItem]
    #: items reopened just now because their risk acceptance had expired (those the actor may see)
    reopened_expired: list[ExpiredItem] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(1 for i in self.items if i.overdue)


@dataclass(frozen=True)
class ItemDetail:
    item: RemediationItem
    history: list[HistoryEntry]
    #: the control's recommended remediation {"vi", "en"} as the assessment that found it kept it
    advice: dict[str, str]
    reopened_expired: list[ExpiredItem] = field(default_factory=list)


@dataclass(frozen=True)
class ItemChanged:
    """An item after one officer's change, and the history entry that records it."""

    item: RemediationItem
    change: HistoryEntry
    reopened_expired: list[ExpiredItem] = field(default_factory=list)


@dataclass(frozen=True)
class Exported:
    path: Path
    format: str
    count: int
    overdue: int
    reopened_expired: list[ExpiredItem] = field(default_factory=list)


# --------------------------------------------------------------------------- expiry


def reopen_expired(ws: Workspace, actor: Actor, *, today: date | None = None) -> list[ExpiredItem]:
    """Reopen every item whose risk acceptance ended before ``today``, taking the write lock only
    when there is something to do; returns those the actor may see. Every remediation use case
    starts with this."""
    from secassess.remediation.service import refresh

    expired = refresh(ws, actor=actor.name, today=today)
    if not expired or actor.province_wide:
        return expired
    with ws.read() as conn:
        return [e for e in expired if actor.can_see(unit_of_system(conn, e.system_id))]


# --------------------------------------------------------------------------- reading


def _statuses(query: ItemQuery) -> list[str] | None:
    """The statuses ``query`` asks for (None: every status)."""
    from secassess.remediation.rules import UNCLOSED

    statuses = list(query.statuses) if query.statuses is not None else None
    if statuses is None and not query.include_verified and not query.overdue:
        statuses = sorted(UNCLOSED)
    return statuses


def _select(ws: Workspace, actor: Actor, query: ItemQuery) -> tuple[date, list[RemediationItem]]:
    """The items of ``query`` (its unit and system already as stored) the actor may see."""
    from secassess import clock
    from secassess.remediation.service import list_items

    as_of = query.as_of or clock.today()
    statuses = _statuses(query)
    with ws.read() as conn:
        items = list_items(conn, system_id=query.system_id, unit_id=query.unit_id, unit_ids=actor.visible_units(),
                           statuses=statuses, severities=query.severities, overdue_only=query.overdue, as_of=as_of)
    return as_of, items


def _in_scope(ws: Workspace, actor: Actor, query: ItemQuery) -> ItemQuery:
    """The query with its unit and system as stored, checked before anything is written."""
    from dataclasses import replace

    with ws.read() as conn:
        unit_id, system_id = listing_scope(conn, actor, query.unit_id, query.system_id)
    return replace(query, unit_id=unit_id, system_id=system_id)


def list_items(ws: Workspace, actor: Actor, query: ItemQuery) -> ItemList:
    """The items matching ``query`` that the actor may see, ordered by system, then severity
    (critical first), due date and control."""
    query = _in_scope(ws, actor, query)
    expired = reopen_expired(ws, actor)
    as_of, items = _select(ws, actor, query)
    return ItemList(as_of, items, expired)


@dataclass(frozen=True)
class ItemsPage:
    """One page of the items matching a query, and the counts of all that match."""

    as_of: date
    items: list[RemediationItem]
    counts: ItemCounts
    page: int
    pages: int
    reopened_expired: list[ExpiredItem] = field(default_factory=list)


def page_items(ws: Workspace, actor: Actor, query: ItemQuery, *, page: int = 1, per_page: int = 200) -> ItemsPage:
    """Page ``page`` (``per_page`` items) of :func:`list_items` — the same items in the same order, cut in
    the database (a province has tens of thousands) — with how many match in all, overdue, by severity
    and by status."""
    from secassess import clock
    from secassess.remediation.service import page_items as cut

    query = _in_scope(ws, actor, query)
    expired = reopen_expired(ws, actor)
    as_of = query.as_of or clock.today()
    page = max(1, page)
    with ws.read() as conn:
        found, counts = cut(conn, unit_id=query.unit_id, system_id=query.system_id, unit_ids=actor.visible_units(),
                            statuses=_statuses(query), severities=query.severities, overdue_only=query.overdue,
                            as_of=as_of, limit=per_page, offset=(page - 1) * per_page)
    return ItemsPage(as_of, found, counts, page, max(1, -(-counts.total // per_page)), expired)


def show_item(ws: Workspace, actor: Actor, item_id: int) -> ItemDetail:
    """One item with its whole history (oldest first) and the control's recommended remediation."""
    from secassess.remediation.service import get_item, history, item_not_found, remediation_advice

    expired = reopen_expired(ws, actor)
    with ws.read() as conn:
        it = get_item(conn, item_id)
        check_see(actor, it.unit_id, lambda: item_not_found(item_id))
        return ItemDetail(it, history(conn, item_id), remediation_advice(conn, it), expired)


# --------------------------------------------------------------------------- changing


@dataclass(frozen=True)
class ItemUpdate:
    """What an officer asks to change (None: leave as is); ``evidence``: a file to attach."""

    status: str | None = None
    owner: str | None = None
    due: date | None = None
    note: str | None = None
    evidence: Path | None = None


@dataclass(frozen=True)
class RiskAcceptance:
    approver: str
    reason: str
    until: date
    note: str | None = None


def update_item(ws: Workspace, actor: Actor, item_id: int, change: ItemUpdate, *,
                expect_version: int | None = None) -> ItemChanged:
    """An officer's change of an item (status, owner, due date, note, evidence), made against the
    version the officer saw (``expect_version``) or else the one read before the write, so that a
    change someone else commits in between is a conflict rather than silently overwritten."""
    from secassess.remediation.service import EvidenceFile
    from secassess.remediation.service import update_item as update

    evidence = (EvidenceFile(change.evidence, ws.evidence_dir, ws.config.limits.evidence_max_mb * 1024 * 1024)
                if change.evidence is not None else None)
    return _change(ws, actor, item_id, expect_version, province_step=False, apply=lambda conn, version: update(
        conn, item_id, actor=actor.name, expect_version=version, status=change.status, owner=change.owner,
        due=change.due, note=change.note, evidence=evidence))


def accept_risk(ws: Workspace, actor: Actor, item_id: int, acceptance: RiskAcceptance, *,
                expect_version: int | None = None) -> ItemChanged:
    """Accept the risk of an item through a date (chấp nhận rủi ro), with who approved it and why; on
    an item already accepted this renews or changes the acceptance. A province step."""
    from secassess.remediation.service import accept_risk as accept

    return _change(ws, actor, item_id, expect_version, province_step=True, apply=lambda conn, version: accept(
        conn, item_id, actor=actor.name, expect_version=version, approver=acceptance.approver,
        reason=acceptance.reason, until=acceptance.until, note=acceptance.note))


def _change(ws: Workspace, actor: Actor, item_id: int, expect_version: int | None, *, province_step: bool,
            apply: Callable[[Connection, int | None], RemediationItem]) -> ItemChanged:
    """Expired acceptances reopened first, then ``apply`` in one write transaction, authorised on the
    item as it is in that transaction."""
    from secassess.register import version_to_expect
    from secassess.remediation.service import ITEMS, get_item, history, item_not_found

    expired = reopen_expired(ws, actor)
    version = version_to_expect(ws, ITEMS, item_id, expect_version)
    with ws.write() as conn:
        it = get_item(conn, item_id)
        check_change(actor, it.unit_id, lambda: item_not_found(item_id))
        if province_step:
            require_province(actor)
        after = apply(conn, version)
        last = history(conn, after.id)[-1]
    return ItemChanged(after, last, expired)


# --------------------------------------------------------------------------- export


def export_items(ws: Workspace, actor: Actor, query: ItemQuery, output: Path, fmt: str | None = None) -> Exported:
    """Write the register of the items matching ``query`` to ``output`` (the file appears whole or not
    at all): CSV, XLSX or JSON (every status by default), or — ``oscal`` — the OSCAL plan of action
    and milestones (POA&M) of one system or unit (the items not verified by default). ``fmt``:
    default from the file's extension."""
    from dataclasses import replace

    from secassess.remediation import export as exporters

    fmt = fmt or output.suffix.lower().lstrip(".")
    if fmt != "oscal" and fmt not in exporters.WRITERS:
        raise InputError(msg("app.remediation.unknown_format_use_format_csv"), str(output))
    if output.is_dir():
        raise InputError(msg("app.remediation.folder"), str(output))
    query = _in_scope(ws, actor, query)
    expired = reopen_expired(ws, actor)
    if fmt == "oscal":
        from secassess.oscal.poam import write_poam

        day, items = _select(ws, actor, replace(query, include_verified=False))
        n = write_poam(ws, output, items, as_of=day, unit_id=query.unit_id, system_id=query.system_id)
        return Exported(output, fmt, n, sum(1 for i in items if i.overdue), expired)
    day, items = _select(ws, actor, query)
    exporters.export(fmt, output, items, day)
    return Exported(output, fmt, len(items), sum(1 for i in items if i.overdue), expired)
