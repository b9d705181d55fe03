"""The audit log (nhật ký kiểm toán): one row per change made through the use cases of the web server
and the account commands — who, with which role, when, from which address, what was done to which
record, and what changed (``{"field": [old, new]}`` or the facts of the action). Rows are only ever
added (migration 0008)."""

from sqlalchemy import JSON, Column, Integer, String, Table, Text

from secassess.store.schema.base import UTCDateTime, metadata

audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime, nullable=False, index=True),
    Column("actor", Text, nullable=False),
    Column("role", String(16), nullable=False, server_default=""),
    Column("address", String(64), nullable=False, server_default=""),  # "" at the command line
    Column("action", String(48), nullable=False),  # answer.save, evidence.add, review.submit, user.add …
    Column("target_kind", String(32), nullable=False, server_default=""),  # assessment, item, user …
    Column("target_id", String(64), nullable=False, server_default=""),
    Column("unit_id", String(64), nullable=True),  # the unit the record belongs to, when it has one
    Column("changes", JSON, nullable=False),
)
