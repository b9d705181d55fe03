"""The rules of remediation (khắc phục), as pure functions: statuses, who may move an item from one
status to another, due dates, overdue, risk-acceptance expiry, and what a finalized assessment
does to an item. No database, no files, no clock: callers pass the dates.

Statuses (trạng thái)::

    open ──▶ in_progress ──▶ resolved ──▶ verified        (verified: only by a later finalized
      │           │             │                           assessment that passes the control)
      └───────────┴──▶ risk_accepted ──▶ open              (when the acceptance expires)

The full table is :data:`TRANSITIONS`; every change goes through :func:`check_transition`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final, Literal

from secassess.errors import InputError
from secassess.messages import msg
from secassess.register import label, parse_word, words
from secassess.register import parse_severity as parse_severity
from secassess.vocabulary import (
    FINDING_RESULTS,
    REMEDIATION_STATUS_LABELS,
    REMEDIATION_STATUSES,
    RemediationStatus,
)

Status = RemediationStatus
STATUSES: Final = REMEDIATION_STATUSES

# Statuses in which the work is still to be done: these can be overdue.
WORKING: Final[frozenset[str]] = frozenset({"open", "in_progress"})
# Statuses that are not closed (everything but verified): what the list shows by default.
UNCLOSED: Final[frozenset[str]] = frozenset({"open", "in_progress", "resolved", "risk_accepted"})

STATUS_LABELS: Final = REMEDIATION_STATUS_LABELS

Trigger = Literal["officer", "accept_risk", "assessment", "expiry"]
"""Who moves an item: an officer with ``remediation update``, ``remediation accept-risk``, a
finalized assessment, or the expiry of a risk acceptance."""

TRANSITIONS: Final[dict[tuple[str, str], frozenset[Trigger]]] = {
    ("open", "in_progress"): frozenset({"officer"}),
    ("open", "resolved"): frozenset({"officer"}),
    ("open", "risk_accepted"): frozenset({"accept_risk"}),
    ("open", "verified"): frozenset({"assessment"}),
    ("in_progress", "open"): frozenset({"officer"}),
    ("in_progress", "resolved"): frozenset({"officer"}),
    ("in_progress", "risk_accepted"): frozenset({"accept_risk"}),
    ("in_progress", "verified"): frozenset({"assessment"}),
    # a fix that did not work: the officer takes it back, or a later assessment still fails it
    ("resolved", "open"): frozenset({"officer", "assessment"}),
    ("resolved", "in_progress"): frozenset({"officer"}),
    ("resolved", "verified"): frozenset({"assessment"}),
    # only a later assessment that fails the control again reopens a verified item
    ("verified", "open"): frozenset({"assessment"}),
    ("risk_accepted", "open"): frozenset({"officer", "expiry"}),  # withdrawn, or expired
    ("risk_accepted", "in_progress"): frozenset({"officer"}),
    ("risk_accepted", "risk_accepted"): frozenset({"accept_risk"}),  # renewed or changed
    ("risk_accepted", "verified"): frozenset({"assessment"}),
}


def status_label(status: str) -> str:
    return label(STATUS_LABELS, status)


def allowed_targets(current: str, trigger: Trigger) -> list[str]:
    """The statuses ``trigger`` may move an item in ``current`` to, in the order of STATUSES."""
    return [to for to in STATUSES if trigger in TRANSITIONS.get((current, to), frozenset())]


def check_transition(item_id: int, current: str, new: str, trigger: Trigger) -> None:
    """Raise InputError (naming what is allowed instead) unless ``trigger`` may move ``current`` to ``new``."""
    if trigger in TRANSITIONS.get((current, new), frozenset()):
        return
    if current == new and trigger == "officer":
        raise InputError(msg("remediation.rules.item_already", s=status_label(current)), location=f"#{item_id}")
    allowed = allowed_targets(current, trigger)
    listed = ", ".join(f"{s} ({status_label(s)})" for s in allowed) if allowed else msg("remediation.rules.none")
    hints: list[str] = []
    if new == "verified":
        hints.append(msg("remediation.rules.only_later_finalized_assessment_passes"))
    if new == "risk_accepted" and trigger == "officer":
        hints.append(msg("remediation.rules.accept_risk_use_secassess_remediation"))
    if current == "verified":
        hints.append(msg("remediation.rules.verified_item_reopens_only_when"))
    refused = msg("remediation.rules.cannot_move_item_from_from", a=status_label(current), b=status_label(new), l=listed)
    if hints:
        refused += " (" + "; ".join(hints) + ")"
    raise InputError(refused, location=f"#{item_id}")


_STATUS_WORDS: Final[dict[str, str]] = words(STATUS_LABELS, {
    "inprogress": "in_progress", "dang xu ly": "in_progress", "da khac phuc": "resolved",
    "mo": "open", "mo lai": "open", "chua xu ly": "open", "da xac minh": "verified", "accepted": "risk_accepted",
})


def parse_status(text: str, option: str = "--status") -> str:
    """A status typed by a person: the code (``in_progress``) or its Vietnamese/English label,
    in any case, with or without diacritics."""
    return parse_word(text, _STATUS_WORDS, STATUSES, what=("trạng thái", "status"), option=option)


_VN_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


def parse_date(text: str, field: str) -> date:
    """A date typed by an officer: ``2025-12-31`` or the Vietnamese ``31/12/2025``."""
    m = _VN_DATE.match(text)
    try:
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(msg("remediation.rules.invalid_date_write_2025_12", t=text),
                         location=field) from None


def due_date(finalized_on: date, severity: str, due_days: Mapping[str, int] | None) -> date:
    """The due date (hạn khắc phục) of a finding: the finalization date (Vietnam time) plus the
    profile's days for its severity (the assessment snapshot's ``due_days``; docs/remediation.md defaults
    15 / 30 / 90 / 180 days for critical / high / medium / low)."""
    days = (due_days or {}).get(severity)
    if days is None:  # snapshots carry all four; this is for older or hand-made data
        from secassess.catalog.models import DEFAULT_DUE_DAYS

        days = DEFAULT_DUE_DAYS[severity]  # type: ignore[index]
    return finalized_on + timedelta(days=int(days))


def is_overdue(status: str, due: date | None, as_of: date) -> bool:
    """Overdue (quá hạn): the due date is before ``as_of`` and the work is not done, resolved or
    accepted as a risk."""
    return due is not None and status in WORKING and due < as_of


def days_overdue(status: str, due: date | None, as_of: date) -> int:
    return (as_of - due).days if due is not None and is_overdue(status, due, as_of) else 0


def risk_expired(status: str, until: date | None, today: date) -> bool:
    """A risk acceptance is valid through its ``until`` date and expires the day after."""
    return status == "risk_accepted" and until is not None and until < today


Action = Literal["open", "confirm", "reopen", "verify", "none"]


@dataclass(frozen=True)
class Effect:
    """What a finalized assessment does to the item of one control.

    ``action``: ``open`` a new item; ``confirm`` (still failing: keep it and note it);
    ``reopen`` (back to open); ``verify`` (the control now passes); ``none``.
    """

    action: Action
    new_status: str | None = None


def assessment_effect(item_status: str | None, result: str) -> Effect:
    """The effect of a finalized assessment whose effective result for a control is ``result``
    on the system's item for that control (``None``: there is none yet).

    not_applicable and not_assessed say nothing about the finding: the item stays as it is.
    """
    finding = result in FINDING_RESULTS
    if item_status is None:
        return Effect("open", "open") if finding else Effect("none")
    if result == "pass":
        return Effect("verify", "verified") if item_status != "verified" else Effect("none")
    if not finding:
        return Effect("none")
    if item_status in ("verified", "resolved"):
        return Effect("reopen", "open")
    return Effect("confirm")  # open, in_progress, risk_accepted (not expired): kept as it is
