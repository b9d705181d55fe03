"""Remediation items (hạng mục khắc phục) and their history. One item per system and control, ever:
a control that fails again reopens its item instead of creating a second one.

``version`` is the optimistic lock: every change is ``UPDATE ... WHERE id = ? AND version = ?`` and
adds one, so two officers editing the same item cannot silently overwrite each other.
"""

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from secassess.store.schema.base import UTCDateTime, metadata

remediation_items = Table(
    "remediation_items", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("system_id", String(64), ForeignKey("systems.id"), nullable=False, index=True),
    Column("control_id", String(32), nullable=False),
    Column("title", JSON, nullable=False),  # control title {"vi":..,"en":..} when opened
    Column("severity", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    # the effective result that keeps the item open: fail or partial (latest assessment that found it)
    Column("result", String(16), nullable=False),
    Column("owner", Text, nullable=False, server_default=""),
    Column("due_date", Date, nullable=True),
    Column("opened_at", UTCDateTime, nullable=False),
    Column("opened_by_assessment_id", Integer, ForeignKey("assessments.id"), nullable=False),
    Column("last_assessment_id", Integer, ForeignKey("assessments.id"), nullable=False),
    Column("verified_by_assessment_id", Integer, ForeignKey("assessments.id"), nullable=True),
    Column("risk_approver", Text, nullable=True),
    Column("risk_reason", Text, nullable=True),
    Column("risk_until", Date, nullable=True),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("updated_at", UTCDateTime, nullable=False),
    UniqueConstraint("system_id", "control_id", name="uq_item_system_control"),
    CheckConstraint("status IN ('open', 'in_progress', 'resolved', 'verified', 'risk_accepted')",
                    name="status_known"),
    CheckConstraint("result IN ('fail', 'partial')", name="result_known"),
    CheckConstraint("version >= 1", name="version_positive"),
)

remediation_history = Table(
    "remediation_history", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item_id", Integer, ForeignKey("remediation_items.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", String(32), nullable=False),
    Column("changes", JSON, nullable=False),  # {"field": [old, new], ...}
    Column("note", Text, nullable=False, server_default=""),
    Column("attachment_sha256", String(64), ForeignKey("blobs.sha256"), nullable=True),
    Column("attachment_name", Text, nullable=True),  # the file name the officer attached
)
