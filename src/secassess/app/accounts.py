"""Account use cases (tài khoản): add, list, disable, enable, unlock and reset the password of accounts
(the administrator: ``secassess user …`` and the web's account pages), log in and out, the session
behind every web request, a person's own password and language.

Login protection (OWASP ASVS V2.2): after :attr:`LoginPolicy.max_failures` wrong passwords in a row an
account is locked for :attr:`LoginPolicy.lock_minutes`; an address with
:attr:`LoginPolicy.address_failures` failures within :attr:`LoginPolicy.address_window_minutes` is
refused until the window has passed, whatever login it tries. The answer to a failed login never says
which of the login, the password or the lock was wrong, and takes as long for an unknown login as for a
known one (:func:`secassess.accounts.passwords.dummy_hash`). Passwords are checked outside the write
transaction: an argon2 hash takes a tenth of a second that other writers need not wait for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from secassess import clock
from secassess.accounts import passwords
from secassess.accounts import service as accounts
from secassess.accounts.service import Session, User
from secassess.app.actor import Actor, require_admin
from secassess.app.audit import record
from secassess.errors import InputError
from secassess.messages import msg
from secassess.text import nfc

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from secassess.workspace import Workspace


@dataclass(frozen=True)
class LoginPolicy:
    """How logins and sessions are protected (``secassess serve`` options)."""

    max_failures: int = 5
    lock_minutes: int = 15
    address_failures: int = 30
    address_window_minutes: int = 15
    idle_minutes: int = 30  # a session unused this long ends
    absolute_hours: int = 12  # and any session ends this long after login
    touch_seconds: int = 60  # how often a session's last use is written (not at every request)


def actor_of(user: User, address: str | None = None) -> Actor:
    """The :class:`Actor` a logged-in user acts as."""
    return Actor(user.login, user.role, user.unit_id, address)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- administration


def _check_role_unit(conn: Connection, role: str, unit: str | None) -> str | None:
    from secassess.inventory.service import unit_exists

    if role == "unit_officer":
        if not unit:
            raise InputError(msg("app.accounts.unit_officer_account_needs_unit"), location="--unit")
        if not unit_exists(conn, unit):
            raise InputError(msg("app.accounts.no_unit_see_secassess_unit", u=unit), location="--unit")
        return unit
    if unit:
        raise InputError(msg("app.accounts.only_unit_officer_account_unit"), location="--unit")
    return None


def _check_password(password: str, login: str) -> None:
    why = passwords.problem(password, login)
    if why:
        raise InputError(why, location=msg("app.accounts.password"))


def add_user(ws: Workspace, actor: Actor, login: str, role: str, password: str, *, unit: str | None = None,
             display_name: str = "") -> User:
    """Add an account (administrator). The password is the administrator's choice: the person chooses
    their own at the first login (``must_change_password``)."""
    require_admin(actor)
    name = accounts.parse_login(login)
    role = accounts.parse_role(role)
    shown_name = nfc(display_name or "").strip()
    if len(shown_name) > accounts.MAX_DISPLAY_NAME:
        raise InputError(msg("app.accounts.display_name_too_long"), location="--name")
    _check_password(password, name)
    hashed = passwords.hash_password(password)
    with ws.write() as conn:
        if accounts.find_user(conn, name) is not None:
            raise InputError(msg("app.accounts.account_exists_already", l=name), location="LOGIN")
        unit_id = _check_role_unit(conn, role, unit)
        user = accounts.insert_user(conn, login=name, role=role, unit_id=unit_id, password_hash=hashed,
                                    display_name=shown_name)
        record(conn, actor, "user.add", kind="user", target=name, unit=unit_id,
               changes={"role": [None, role], "unit": [None, unit_id], "display_name": [None, shown_name]})
    return user


def list_users(ws: Workspace, actor: Actor) -> list[User]:
    require_admin(actor)
    with ws.read() as conn:
        return accounts.list_users(conn)


def _admin_change(ws: Workspace, actor: Actor, login: str, action: str) -> User:
    require_admin(actor)
    name = login.strip().lower()
    with ws.write() as conn:
        user = accounts.get_user(conn, name)
        now = clock.now()
        if action == "user.disable":
            if user.disabled:
                raise InputError(msg("app.accounts.account_disabled_already", l=name))
            if user.role == "admin" and accounts.count_admins(conn) <= 1:
                raise InputError(msg("app.accounts.last_administrator_cannot_disabled"))
            accounts.update_user(conn, user.id, disabled=True)
            ended = accounts.close_sessions_of(conn, user.id)
            record(conn, actor, action, kind="user", target=name, unit=user.unit_id,
                   changes={"disabled": [False, True], "sessions_ended": ended})
        elif action == "user.enable":
            if not user.disabled:
                raise InputError(msg("app.accounts.account_active", l=name))
            accounts.update_user(conn, user.id, disabled=False, failed_logins=0, locked_until=None)
            record(conn, actor, action, kind="user", target=name, unit=user.unit_id, changes={"disabled": [True, False]})
        elif action == "user.unlock":
            accounts.update_user(conn, user.id, failed_logins=0, locked_until=None)
            record(conn, actor, action, kind="user", target=name, unit=user.unit_id,
                   changes={"locked_until": [clock.local(user.locked_until).isoformat() if user.locked(now) and
                                             user.locked_until else None, None]})
        found = accounts.user_by_id(conn, user.id)
    assert found is not None
    return found


def disable_user(ws: Workspace, actor: Actor, login: str) -> User:
    """Disable an account and end its sessions (administrator). The account and its history stay."""
    return _admin_change(ws, actor, login, "user.disable")


def enable_user(ws: Workspace, actor: Actor, login: str) -> User:
    return _admin_change(ws, actor, login, "user.enable")


def unlock_user(ws: Workspace, actor: Actor, login: str) -> User:
    """Lift a lock after failed logins (administrator)."""
    return _admin_change(ws, actor, login, "user.unlock")


def reset_password(ws: Workspace, actor: Actor, login: str, password: str) -> User:
    """Set a new password (administrator): lifts a lock and ends the account's sessions; the person
    chooses their own at the next login."""
    require_admin(actor)
    name = login.strip().lower()
    _check_password(password, name)
    hashed = passwords.hash_password(password)
    with ws.write() as conn:
        user = accounts.get_user(conn, name)
        accounts.update_user(conn, user.id, password_hash=hashed, password_changed_at=clock.now(), failed_logins=0,
                             locked_until=None, must_change_password=True)
        ended = accounts.close_sessions_of(conn, user.id)
        record(conn, actor, "user.reset_password", kind="user", target=name, unit=user.unit_id,
               changes={"password": ["***", "***"], "sessions_ended": ended})
        found = accounts.user_by_id(conn, user.id)
    assert found is not None
    return found


# --------------------------------------------------------------------------- one's own account


def change_password(ws: Workspace, user: User, session: Session, current: str, new: str, address: str) -> None:
    """A person changes their own password: the current one is asked again (ASVS 2.1.6); every other
    session of theirs ends."""
    with ws.read() as conn:
        stored = accounts.password_hash_of(conn, user.id)
    if not passwords.verify(stored, current):
        raise InputError(msg("app.accounts.current_password_wrong"),
                         location=msg("app.accounts.current_password"))
    if passwords.normalise(new) == passwords.normalise(current):
        raise InputError(msg("app.accounts.new_password_must_differ_from"),
                         location=msg("app.accounts.new_password"))
    _check_password(new, user.login)
    hashed = passwords.hash_password(new)
    with ws.write() as conn:
        accounts.update_user(conn, user.id, password_hash=hashed, password_changed_at=clock.now(),
                             must_change_password=False)
        ended = accounts.close_sessions_of(conn, user.id, keep=session.id)
        record(conn, actor_of(user, address), "account.password", kind="user", target=user.login, unit=user.unit_id,
               changes={"password": ["***", "***"], "other_sessions_ended": ended})


def set_language(ws: Workspace, user: User, lang: str, address: str) -> None:
    if lang not in ("vi", "en"):
        raise InputError(msg("app.accounts.unsupported_language"), location="lang")
    if user.lang == lang:
        return
    with ws.write() as conn:
        accounts.update_user(conn, user.id, lang=lang)
        record(conn, actor_of(user, address), "account.language", kind="user", target=user.login,
               unit=user.unit_id, changes={"lang": [user.lang, lang]})


# --------------------------------------------------------------------------- logging in


@dataclass(frozen=True)
class LoginResult:
    """A successful login (``token`` for the cookie, the new session and the user), or why not."""

    token: str | None = None
    session: Session | None = None
    user: User | None = None
    refused: str | None = None  # translated message

    @property
    def ok(self) -> bool:
        return self.token is not None


def _generic_refusal(policy: LoginPolicy) -> str:
    return msg("app.accounts.wrong_login_password_account_locked", m=policy.lock_minutes)


def login(ws: Workspace, policy: LoginPolicy, login_name: str, password: str, address: str,
          user_agent: str = "", *, previous_token: str | None = None) -> LoginResult:
    """Check a login and password and open a new session (the previous one, if any, is closed: the
    session id changes at login)."""
    typed = nfc(login_name or "").strip().lower()[:64]
    now = clock.now()
    with ws.read() as conn:
        throttled = accounts.failures_from(conn, address, now - timedelta(minutes=policy.address_window_minutes)) \
            >= policy.address_failures
        user = None if throttled else accounts.find_user(conn, typed)
        stored = accounts.password_hash_of(conn, user.id) if user is not None else None
    if throttled:
        with ws.write() as conn:
            accounts.record_attempt(conn, typed, address, "throttled")
        return LoginResult(refused=msg("app.accounts.too_many_failed_logins_from", m=policy.address_window_minutes))
    matches = passwords.verify(stored if stored is not None else passwords.dummy_hash(), password)
    rehash = passwords.hash_password(password) if matches and stored and passwords.needs_rehash(stored) else None
    with ws.write() as conn:
        if user is None:
            accounts.record_attempt(conn, typed, address, "unknown_login")
            return LoginResult(refused=_generic_refusal(policy))
        fresh = accounts.user_by_id(conn, user.id)  # as of now, inside the write lock
        if fresh is None or fresh.disabled:
            accounts.record_attempt(conn, typed, address, "disabled")
            return LoginResult(refused=_generic_refusal(policy))
        if fresh.locked(now):
            accounts.record_attempt(conn, typed, address, "locked")
            return LoginResult(refused=_generic_refusal(policy))
        if not matches:
            failures = fresh.failed_logins + 1
            values: dict[str, object] = {"failed_logins": failures}
            if failures >= policy.max_failures:
                values.update(locked_until=now + timedelta(minutes=policy.lock_minutes), failed_logins=0)
                record(conn, Actor(fresh.login, fresh.role, fresh.unit_id, address), "account.locked",  # type: ignore[arg-type]
                       kind="user", target=fresh.login, unit=fresh.unit_id,
                       changes={"failures": failures, "minutes": policy.lock_minutes})
            accounts.update_user(conn, fresh.id, **values)
            accounts.record_attempt(conn, typed, address, "bad_password")
            return LoginResult(refused=_generic_refusal(policy))
        values = {"failed_logins": 0, "locked_until": None, "last_login_at": now}
        if rehash:
            values["password_hash"] = rehash
        accounts.update_user(conn, fresh.id, **values)
        if previous_token:
            found = accounts.find_session(conn, previous_token)
            if found is not None:
                accounts.close_session(conn, found[0].id)
        token, session = accounts.open_session(conn, fresh.id, address, user_agent)
        accounts.record_attempt(conn, typed, address, "ok")
        record(conn, actor_of(fresh, address), "login", kind="user", target=fresh.login, unit=fresh.unit_id)
        accounts.purge_sessions(conn, idle_before=now - timedelta(minutes=policy.idle_minutes),
                                opened_before=now - timedelta(hours=policy.absolute_hours))
        user = accounts.user_by_id(conn, fresh.id)
    return LoginResult(token=token, session=session, user=user)


def current_session(ws: Workspace, policy: LoginPolicy, token: str | None, *, activity: bool = True
                    ) -> tuple[Session, User] | None:
    """The live session of a cookie's token and its user: None when there is none, it was idle too long
    or is too old, or the account is disabled (such a session is closed). Its last use is written at
    most every :attr:`LoginPolicy.touch_seconds`, and only for a person's ``activity`` — not for what a
    page asks by itself (an open questionnaire polling for others' changes must not keep it alive)."""
    if not token:
        return None
    now = clock.now()
    with ws.read() as conn:
        found = accounts.find_session(conn, token)
    if found is None:
        return None
    session, user = found
    expired = (session.last_seen_at < now - timedelta(minutes=policy.idle_minutes)
               or session.created_at < now - timedelta(hours=policy.absolute_hours) or user.disabled)
    if expired:
        with ws.write() as conn:
            accounts.close_session(conn, session.id)
        return None
    if activity and now - session.last_seen_at >= timedelta(seconds=policy.touch_seconds):
        with ws.write() as conn:
            accounts.touch_session(conn, session.id, now)
    return session, user


def logout(ws: Workspace, session: Session, user: User, address: str) -> None:
    with ws.write() as conn:
        accounts.close_session(conn, session.id)
        record(conn, actor_of(user, address), "logout", kind="user", target=user.login, unit=user.unit_id)


def last_attempts(ws: Workspace, actor: Actor, since: datetime | None = None) -> list[dict[str, object]]:
    """The latest login attempts (administrator)."""
    require_admin(actor)
    with ws.read() as conn:
        return accounts.attempts(conn, since=since)
