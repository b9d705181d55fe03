"""Units (đơn vị) and information systems (hệ thống thông tin)."""

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
)

from secassess.store.schema.base import UTCDateTime, metadata

units = Table(
    "units", metadata,
    Column("id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("contact", Text, nullable=False, server_default=""),
    Column("created_at", UTCDateTime, nullable=False),
)

systems = Table(
    "systems", metadata,
    Column("id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("unit_id", String(64), ForeignKey("units.id"), nullable=False, index=True),
    Column("level", Integer, nullable=False),
    Column("important", Boolean, nullable=False, server_default="0"),
    Column("national_database", Boolean, nullable=False, server_default="0"),
    Column("in_use", Boolean, nullable=False, server_default="1"),
    Column("description", Text, nullable=False, server_default=""),
    Column("owner", Text, nullable=False, server_default=""),
    Column("contact", Text, nullable=False, server_default=""),
    Column("hosting", Text, nullable=False, server_default=""),
    Column("level_dossier_approved", Date, nullable=True),
    Column("security_plan_approved", Date, nullable=True),
    Column("targets", JSON, nullable=False),  # authorised scan targets: IPs, CIDRs, hostnames
    Column("allowed_ports", JSON, nullable=False),  # declared allowed ports: ["443/tcp", ...]
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    CheckConstraint("level BETWEEN 1 AND 5", name="level_range"),
)
