"""Network scans (technical evidence), what they observed, and how the catalog's rules judged it."""

from sqlalchemy import JSON, Column, ForeignKey, Integer, String, Table, Text

from secassess.store.schema.base import UTCDateTime, metadata

scans = Table(
    "scans", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("assessment_id", Integer, ForeignKey("assessments.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("sha256", String(64), ForeignKey("blobs.sha256"), nullable=False),  # the raw nmap XML
    Column("source", String(16), nullable=False),  # run | import
    Column("scan_profile", String(32), nullable=True),
    Column("scanner", String(64), nullable=False, server_default="nmap"),
    Column("scanner_version", String(64), nullable=False, server_default=""),
    Column("arguments", Text, nullable=False, server_default=""),
    Column("targets", JSON, nullable=False),
    Column("ignored_hosts", JSON, nullable=False),  # hosts in imported XML outside the authorised scope
    Column("started_at", UTCDateTime, nullable=True),
    Column("ended_at", UTCDateTime, nullable=True),
    Column("created_by", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

observations = Table(
    "observations", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("host", String(64), nullable=False),
    Column("hostname", Text, nullable=False, server_default=""),
    Column("port", Integer, nullable=True),
    Column("protocol", String(8), nullable=True),
    Column("state", String(32), nullable=False),
    Column("service", Text, nullable=False, server_default=""),
    Column("service_method", String(16), nullable=False, server_default=""),  # probed (-sV) | table (port guess)
    Column("product", Text, nullable=False, server_default=""),
    Column("version", Text, nullable=False, server_default=""),
    Column("cpe", JSON, nullable=False),
    Column("tunnel", String(16), nullable=False, server_default=""),
    Column("scripts", JSON, nullable=False),  # e.g. ssl-enum-ciphers findings
)

rule_outcomes = Table(
    "rule_outcomes", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("control_id", String(32), nullable=False),
    Column("rule_index", Integer, nullable=False),
    Column("rule_type", String(32), nullable=False),
    Column("outcome", String(16), nullable=False),  # pass | fail | undecided
    Column("message_vi", Text, nullable=False),
    Column("message_en", Text, nullable=False),
    Column("observation_ids", JSON, nullable=False),
)
