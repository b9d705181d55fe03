"""Scans and imported scanner output (technical evidence), what they observed, and how the
catalog's rules judged it.

``scans`` holds one row per piece of technical evidence: an nmap run or import, or the file of
another tool (OpenVAS/Greenbone, Nuclei, testssl.sh, Lynis, Wazuh SCA). nmap's ports and
services are ``observations``; what the other tools report (vulnerabilities, TLS findings, audit
warnings, configuration checks) are ``findings``.
"""

from sqlalchemy import JSON, Column, Float, ForeignKey, Integer, String, Table, Text

from secassess.store.schema.base import UTCDateTime, metadata

scans = Table(
    "scans", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("assessment_id", Integer, ForeignKey("assessments.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("sha256", String(64), ForeignKey("blobs.sha256"), nullable=False),  # the raw file, as evidence
    Column("source", String(16), nullable=False),  # run | import
    Column("scan_profile", String(32), nullable=True),
    Column("scanner", String(64), nullable=False, server_default="nmap"),  # the tool: nmap, openvas, nuclei …
    Column("scanner_version", String(64), nullable=False, server_default=""),
    Column("arguments", Text, nullable=False, server_default=""),
    Column("targets", JSON, nullable=False),
    Column("ignored_hosts", JSON, nullable=False),  # hosts in imported XML outside the authorised scope
    Column("started_at", UTCDateTime, nullable=True),
    Column("ended_at", UTCDateTime, nullable=True),
    Column("created_by", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    # when the evidence was produced (the tool's own end/start time, or the date the officer gave);
    # evidence older than the profile's scan_evidence_max_age_days does not count (migration 0007)
    Column("evidence_at", UTCDateTime, nullable=True),
    # {"tcp": "1-1024,3389"}: the ports the scan looked at; NULL when the tool does not say
    Column("covered_ports", JSON, nullable=True),
    # what the tool reported about itself and the coverage: hosts up, declared targets, counts …
    Column("summary", JSON, nullable=True),
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
    # what the scan did not cover for this rule, e.g. {"ports": ["3389/tcp"]} (migration 0007)
    Column("uncovered", JSON, nullable=True),
)

findings = Table(
    "findings", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("host", String(64), nullable=False),  # address (or host name when the tool gives no address)
    Column("hostname", Text, nullable=False, server_default=""),
    Column("port", Integer, nullable=True),
    Column("protocol", String(8), nullable=True),
    Column("ref", String(200), nullable=False),  # NVT OID, template id, testssl id, Lynis test, SCA check id
    Column("title", Text, nullable=False, server_default=""),
    Column("severity", String(16), nullable=False),  # info | low | medium | high | critical
    Column("score", Float, nullable=True),  # CVSS or the tool's own score
    Column("status", String(32), nullable=False, server_default=""),  # e.g. passed/failed (SCA), warning (Lynis)
    Column("cves", JSON, nullable=False),
    Column("detail", JSON, nullable=False),
)
