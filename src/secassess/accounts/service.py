"""Users, sessions and login attempts in the database. Every function takes an open connection (the
caller owns the transaction) and checks nothing about who asks: that is ``secassess.app.accounts``.

Sessions are server-side: the browser holds a random token (256 bits) and the database only its
SHA-256, with the session's CSRF token, when it was opened and last used, and from where.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, select, update

from secassess import clock
from secassess.errors import InputError, NotFoundError
from secassess.messages import msg
from secassess.store.schema.accounts import login_attempts, users, web_sessions
from secassess.text import nfc
from secassess.vocabulary import ROLES

LOGIN = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")
MAX_DISPLAY_NAME = 200


@dataclass(frozen=True)
class User:
    id: int
    login: str
    display_name: str
    role: str
    unit_id: str | None
    disabled: bool
    must_change_password: bool
    lang: str | None
    failed_logins: int
    locked_until: datetime | None
    password_changed_at: datetime
    last_login_at: datetime | None
    created_at: datetime

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "login": self.login, "display_name": self.display_name, "role": self.role,
                "unit": self.unit_id, "disabled": self.disabled, "must_change_password": self.must_change_password,
                "lang": self.lang,
                "locked_until": clock.local(self.locked_until).isoformat() if self.locked_until else None,
                "last_login_at": clock.local(self.last_login_at).isoformat() if self.last_login_at else None,
                "created_at": clock.local(self.created_at).isoformat()}


def _user(row: Any) -> User:
    m = row._mapping
    return User(id=m["id"], login=m["login"], display_name=m["display_name"], role=m["role"], unit_id=m["unit_id"],
                disabled=bool(m["disabled"]), must_change_password=bool(m["must_change_password"]), lang=m["lang"],
                failed_logins=int(m["failed_logins"]),
                locked_until=m["locked_until"], password_changed_at=m["password_changed_at"],
                last_login_at=m["last_login_at"], created_at=m["created_at"])


# --------------------------------------------------------------------------- users


def parse_login(text: str) -> str:
    """A login name as typed: trimmed, lower case; letters a–z, digits and ``. _ @ -``, 2–64 characters."""
    login = nfc(text or "").strip().lower()
    if not LOGIN.match(login):
        raise InputError(msg("accounts.service.invalid_login_2_64_characters", t=text),
                         location="LOGIN")
    return login


def parse_role(text: str) -> str:
    """A role as typed: ``admin``, ``officer``, ``unit-officer`` (or ``unit_officer``), ``viewer``."""
    role = (text or "").strip().lower().replace("-", "_")
    if role not in ROLES:
        raise InputError(msg("accounts.service.unknown_role_use_admin_officer", t=text), location="--role")
    return role


def find_user(conn: Connection, login: str) -> User | None:
    row = conn.execute(select(users).where(users.c.login == login.strip().lower())).first()
    return None if row is None else _user(row)


def get_user(conn: Connection, login: str) -> User:
    found = find_user(conn, login)
    if found is None:
        raise NotFoundError(msg("accounts.service.no_account_see_secassess_user", l=login))
    return found


def user_by_id(conn: Connection, user_id: int) -> User | None:
    row = conn.execute(select(users).where(users.c.id == user_id)).first()
    return None if row is None else _user(row)


def list_users(conn: Connection) -> list[User]:
    return [_user(r) for r in conn.execute(select(users).order_by(users.c.login))]


def count_admins(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(users)
                            .where(users.c.role == "admin", users.c.disabled.is_(False))).scalar() or 0)


def insert_user(conn: Connection, *, login: str, role: str, unit_id: str | None, password_hash: str,
                display_name: str = "") -> User:
    """Add an account (the caller checked the login is free, the role and unit, and the password)."""
    now = clock.now()
    res = conn.execute(users.insert().values(
        login=login, role=role, unit_id=unit_id, password_hash=password_hash, display_name=display_name,
        disabled=False, must_change_password=True, failed_logins=0, password_changed_at=now, created_at=now, updated_at=now))
    assert res.inserted_primary_key is not None
    found = user_by_id(conn, int(res.inserted_primary_key[0]))
    assert found is not None
    return found


def update_user(conn: Connection, user_id: int, **values: Any) -> None:
    conn.execute(update(users).where(users.c.id == user_id).values(**values, updated_at=clock.now()))


def password_hash_of(conn: Connection, user_id: int) -> str:
    return str(conn.execute(select(users.c.password_hash).where(users.c.id == user_id)).scalar())


# --------------------------------------------------------------------------- sessions


def token_id(token: str) -> str:
    """What the database keeps of a session token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Session:
    id: str  # token_id(token)
    user_id: int
    csrf_token: str
    address: str
    created_at: datetime
    last_seen_at: datetime


def open_session(conn: Connection, user_id: int, address: str, user_agent: str) -> tuple[str, Session]:
    """A new session for the user; returns the token for the cookie (kept nowhere else) and the session."""
    token = secrets.token_urlsafe(32)
    now = clock.now()
    session = Session(token_id(token), user_id, secrets.token_urlsafe(32), address[:64], now, now)
    conn.execute(web_sessions.insert().values(id=session.id, user_id=user_id, csrf_token=session.csrf_token,
                                              address=session.address, user_agent=user_agent[:300],
                                              created_at=now, last_seen_at=now))
    return token, session


def find_session(conn: Connection, token: str) -> tuple[Session, User] | None:
    """The session of a cookie's token, with its user."""
    if not token or len(token) > 200:
        return None
    s = web_sessions
    row = conn.execute(select(s, users).join(users, users.c.id == s.c.user_id)
                       .where(s.c.id == token_id(token))).first()
    if row is None:
        return None
    m = row._mapping
    session = Session(m[s.c.id], m[s.c.user_id], m[s.c.csrf_token], m[s.c.address], m[s.c.created_at],
                      m[s.c.last_seen_at])
    user = User(id=m[users.c.id], login=m[users.c.login], display_name=m[users.c.display_name], role=m[users.c.role],
                unit_id=m[users.c.unit_id], disabled=bool(m[users.c.disabled]),
                must_change_password=bool(m[users.c.must_change_password]), lang=m[users.c.lang],
                failed_logins=int(m[users.c.failed_logins]), locked_until=m[users.c.locked_until],
                password_changed_at=m[users.c.password_changed_at], last_login_at=m[users.c.last_login_at],
                created_at=m[users.c.created_at])
    return session, user


def touch_session(conn: Connection, session_id: str, at: datetime) -> None:
    conn.execute(update(web_sessions).where(web_sessions.c.id == session_id).values(last_seen_at=at))


def close_session(conn: Connection, session_id: str) -> None:
    conn.execute(delete(web_sessions).where(web_sessions.c.id == session_id))


def close_sessions_of(conn: Connection, user_id: int, *, keep: str | None = None) -> int:
    """End every session of a user (but ``keep``); returns how many."""
    q = delete(web_sessions).where(web_sessions.c.user_id == user_id)
    if keep is not None:
        q = q.where(web_sessions.c.id != keep)
    return int(conn.execute(q).rowcount or 0)


def purge_sessions(conn: Connection, *, idle_before: datetime, opened_before: datetime) -> int:
    """Remove sessions unused since ``idle_before`` or opened before ``opened_before``."""
    res = conn.execute(delete(web_sessions).where((web_sessions.c.last_seen_at < idle_before)
                                                  | (web_sessions.c.created_at < opened_before)))
    return int(res.rowcount or 0)


# --------------------------------------------------------------------------- login attempts


def record_attempt(conn: Connection, login: str, address: str, outcome: str) -> None:
    conn.execute(login_attempts.insert().values(at=clock.now(), login=login[:64], address=address[:64],
                                                success=outcome == "ok", outcome=outcome))


def failures_from(conn: Connection, address: str, since: datetime) -> int:
    """Failed attempts from one address since a moment."""
    t = login_attempts
    return int(conn.execute(select(func.count()).select_from(t).where(
        t.c.address == address[:64], t.c.at >= since, t.c.success.is_(False))).scalar() or 0)


def attempts(conn: Connection, *, since: datetime | None = None, limit: int = 200) -> list[dict[str, Any]]:
    t = login_attempts
    q = select(t).order_by(t.c.id.desc()).limit(limit)
    if since is not None:
        q = q.where(t.c.at >= since)
    return [dict(r._mapping) for r in conn.execute(q)]


def purge_attempts(conn: Connection, before: datetime) -> int:
    return int(conn.execute(delete(login_attempts).where(login_attempts.c.at < before)).rowcount or 0)

