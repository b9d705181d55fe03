"""Accounts (tài khoản) of the web server, their sessions and the login attempts (migration 0008).

- ``users``: one row per person; ``role`` is one of ``vocabulary.ROLES``; a unit officer has a unit, no
  one else does. ``password_hash`` is an argon2id hash (``accounts.passwords``), never the password.
  ``must_change_password`` is set while the password is one an administrator chose. ``failed_logins`` counts the failures since the last success; ``locked_until`` is set when there were
  too many (``accounts.service``).
- ``web_sessions``: server-side sessions. ``id`` is the SHA-256 of the cookie's random token (the token
  itself is never stored, so a copy of the database opens no session); ``csrf_token`` is the session's
  anti-forgery token, sent back with every form and htmx request.
- ``login_attempts``: every attempt, successful or not, with the client's address: what throttles an
  address that tries many logins, and what the administrator reads after an attack.
"""

from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, Integer, String, Table, Text

from secassess.store.schema.base import UTCDateTime, metadata
from secassess.vocabulary import ROLES

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("login", String(64), nullable=False, unique=True),  # lower case
    Column("display_name", Text, nullable=False, server_default=""),
    Column("role", String(16), nullable=False),
    Column("unit_id", String(64), ForeignKey("units.id"), nullable=True, index=True),
    Column("password_hash", Text, nullable=False),
    Column("disabled", Boolean, nullable=False, server_default="0"),
    # set when an administrator chose the password (a new account, a reset): the person must choose their own
    # before doing anything else (OWASP ASVS 2.3.1)
    Column("must_change_password", Boolean, nullable=False, server_default="1"),
    Column("lang", String(2), nullable=True),  # vi | en; None: the workspace's language
    Column("failed_logins", Integer, nullable=False, server_default="0"),
    Column("locked_until", UTCDateTime, nullable=True),
    Column("password_changed_at", UTCDateTime, nullable=False),
    Column("last_login_at", UTCDateTime, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    CheckConstraint("role IN (" + ", ".join(f"'{r}'" for r in ROLES) + ")", name="role_known"),
    CheckConstraint("(role = 'unit_officer' AND unit_id IS NOT NULL) OR (role <> 'unit_officer' AND unit_id IS NULL)",
                    name="unit_iff_unit_officer"),
)

web_sessions = Table(
    "web_sessions", metadata,
    Column("id", String(64), primary_key=True),  # SHA-256 (hex) of the cookie's token
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("csrf_token", String(64), nullable=False),
    Column("address", String(64), nullable=False, server_default=""),
    Column("user_agent", Text, nullable=False, server_default=""),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_seen_at", UTCDateTime, nullable=False),
)

login_attempts = Table(
    "login_attempts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime, nullable=False, index=True),
    Column("login", String(64), nullable=False),  # as typed (bounded)
    Column("address", String(64), nullable=False, index=True),
    Column("success", Boolean, nullable=False),
    # ok | bad_password | unknown_login | disabled | locked | throttled
    Column("outcome", String(16), nullable=False),
)
