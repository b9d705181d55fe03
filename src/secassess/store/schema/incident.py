"""Security incidents (sự cố) on systems, for sections II.4.a and II.4.c of the provincial plan.

``version`` is the optimistic lock, as for remediation items: every change is
``UPDATE ... WHERE id = ? AND version = ?`` and adds one. ``incident_history.changes`` holds
``{"field": [old, new]}`` (times as ISO 8601 text); the row that records the creation has every
field with ``old`` null.
"""

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, Integer, String, Table, Text

from secassess.store.schema.base import UTCDateTime, metadata

incidents = Table(
    "incidents", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("system_id", String(64), ForeignKey("systems.id"), nullable=False, index=True),
    Column("detected_at", UTCDateTime, nullable=False),
    Column("category", String(64), nullable=False),
    Column("severity", String(16), nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("actions_taken", Text, nullable=False, server_default=""),
    Column("notified_at", UTCDateTime, nullable=True),  # initial notification to the Ministry's unit
    Column("full_report_at", UTCDateTime, nullable=True),
    Column("resolved_at", UTCDateTime, nullable=True),
    Column("status", String(16), nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("created_by", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    CheckConstraint("status IN ('open', 'handling', 'resolved')", name="status_known"),
    CheckConstraint("severity IN ('low', 'medium', 'high', 'critical')", name="severity_known"),
    CheckConstraint("version >= 1", name="version_positive"),
)

incident_history = Table(
    "incident_history", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", Integer, ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", Text, nullable=False),
    Column("changes", JSON, nullable=False),
    Column("note", Text, nullable=False, server_default=""),
)
