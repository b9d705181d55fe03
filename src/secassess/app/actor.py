"""Who acts (người thực hiện), and what they may see and change.

Roles (docs/security.md, V4): ``admin`` and ``officer`` see and change every unit; a ``unit_officer``
sees and changes only their own unit's systems, assessments, evidence and remediation items; a
``viewer`` reads. Authorisation lives here, in the use-case layer, so the command line and the web
enforce the same rules: a unit officer asking for another unit's record by id is told it does not
exist (the web answers 404), not that it is forbidden.
"""

from __future__ import annotations

from dataclasses import dataclass

from secassess.errors import ForbiddenError, NotFoundError
from secassess.messages import msg
from secassess.vocabulary import ROLES as ROLES
from secassess.vocabulary import Role as Role


@dataclass(frozen=True)
class Actor:
    """A person acting: ``name`` goes into history records; ``unit`` is set for a unit officer;
    ``address`` is where the request came from (the web's client address; None at the command line),
    for the audit log."""

    name: str
    role: Role = "admin"
    unit: str | None = None
    address: str | None = None

    @property
    def province_wide(self) -> bool:
        """Sees every unit (admin, officer, viewer)."""
        return self.role != "unit_officer"

    def can_see(self, unit_id: str) -> bool:
        return self.province_wide or unit_id == self.unit

    def can_change(self, unit_id: str) -> bool:
        return self.role in ("admin", "officer") or (self.role == "unit_officer" and unit_id == self.unit)

    def visible_units(self) -> frozenset[str] | None:
        """The units whose records this actor may list; ``None``: all of them."""
        return None if self.province_wide else frozenset({self.unit} if self.unit else ())


def local_actor() -> Actor:
    """The person at the command line of their own workspace: every right (the workspace is theirs)."""
    from secassess.workspace import actor

    return Actor(actor(), "admin")


def require_see(actor: Actor, unit_id: str, what: str, ident: object) -> None:
    """Refuse a record of another unit as if it did not exist."""
    if not actor.can_see(unit_id):
        raise NotFoundError(msg("app.actor.no", w=what, i=ident))


def require_change(actor: Actor, unit_id: str, what: str, ident: object) -> None:
    """Refuse a change the actor may not make (another unit's record: not found; a viewer: forbidden)."""
    require_see(actor, unit_id, what, ident)
    if not actor.can_change(unit_id):
        raise ForbiddenError(msg("app.actor.account_may_read_not_change"))


def require_province(actor: Actor) -> None:
    """The province's own steps (finalizing, accepting risks, issuing reports): admin and officer."""
    if actor.role not in ("admin", "officer"):
        raise ForbiddenError(msg("app.actor.only_province_officer_may_do"))


def require_admin(actor: Actor) -> None:
    """Accounts and the audit log: the administrator only."""
    if actor.role != "admin":
        raise ForbiddenError(msg("app.actor.only_administrator_may_do"))
