"""Assessments (đợt đánh giá), their results (kết quả) and attached evidence (bằng chứng).

An assessment refers to the snapshot of its resolved profile (``snapshot_ref``) and each result row
to its resolved control (``control_ref``), so scores and reports never depend on catalog files that
may change later. Both are content-addressed (``store/content.py``): stored once, by digest, shared
by every assessment that resolved to the same content, never changed afterwards. A province keeps
ten years of assessments of 2,000 systems: a result row holds only the answer and the columns that
queries filter or aggregate on (scoring many assessments at once reads nothing else).
"""

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from secassess.store.schema.base import UTCDateTime, metadata
from secassess.vocabulary import RESULTS

profile_snapshots = Table(
    "profile_snapshots", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("digest", String(64), nullable=False, unique=True),  # store.content.digest(content)
    # ResolvedProfile.to_dict() without the controls, plus the data tables its scan rules read
    Column("content", JSON, nullable=False),
)

resolved_controls = Table(
    "resolved_controls", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("digest", String(64), nullable=False, unique=True),  # store.content.digest(content)
    Column("content", JSON, nullable=False),  # ResolvedControl.to_dict(): texts rendered for the profile
)

assessments = Table(
    "assessments", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("system_id", String(64), ForeignKey("systems.id"), nullable=False, index=True),
    Column("profile_id", String(64), nullable=False),
    Column("catalog_id", String(64), nullable=False),
    Column("catalog_version", String(32), nullable=False),
    Column("catalog_digest", String(64), nullable=False),
    Column("level", Integer, nullable=False),
    Column("snapshot_ref", Integer, ForeignKey("profile_snapshots.id"), nullable=False),
    Column("assessor", Text, nullable=False, server_default=""),
    Column("status", String(16), nullable=False, server_default="draft"),
    Column("allow_incomplete", Boolean, nullable=False, server_default="0"),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finalized_at", UTCDateTime, nullable=True),
    Column("finalized_by", Text, nullable=True),
    Column("updated_at", UTCDateTime, nullable=False),
    CheckConstraint("status IN ('draft', 'finalized')", name="status_known"),
)

results = Table(
    "results", metadata,
    Column("assessment_id", Integer, ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True),
    Column("control_id", String(32), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("domain_id", String(16), nullable=False),
    Column("severity", String(16), nullable=False),
    Column("weight", Float, nullable=False),
    Column("mandatory", Boolean, nullable=False),
    Column("control_ref", Integer, ForeignKey("resolved_controls.id"), nullable=False),
    Column("result", String(16), nullable=False, server_default="not_assessed"),
    Column("note", Text, nullable=False, server_default=""),
    Column("justification", Text, nullable=False, server_default=""),
    Column("answered_by", Text, nullable=True),
    Column("answered_at", UTCDateTime, nullable=True),
    # worst decided outcome of the scan rules of this control (None: no scan decided it)
    Column("technical_result", String(16), nullable=True),
    Column("technical_detail", JSON, nullable=True),  # {"scan_id": .., "messages": [{"vi":..,"en":..}]}
    # the optimistic lock of the answer (result, note, justification): every change of it adds one, and a
    # change made from what the person saw (the web's questionnaire) is written only if it is still the
    # version they saw (assessment.service.save_answer_at). Migration 0008.
    Column("version", Integer, nullable=False, server_default="1"),
    CheckConstraint("result IN (" + ", ".join(f"'{r}'" for r in RESULTS) + ")",
                    name="result_known"),
    CheckConstraint("technical_result IS NULL OR technical_result IN ('pass', 'fail')",
                    name="technical_result_known"),
)

# Everything the scoring model reads from a result row, so that scoring many assessments at once (the
# provincial report) reads this index alone and never the rows. Created by migration 0005.
Index("ix_results_scoring", results.c.assessment_id, results.c.result, results.c.technical_result,
      results.c.weight, results.c.mandatory, results.c.severity, results.c.domain_id, results.c.control_id)

blobs = Table(
    "blobs", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("media_type", String(128), nullable=False),
    Column("stored_at", UTCDateTime, nullable=False),
)

attachments = Table(
    "attachments", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("assessment_id", Integer, ForeignKey("assessments.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("control_id", String(32), nullable=True),
    Column("sha256", String(64), ForeignKey("blobs.sha256"), nullable=False),
    Column("original_name", Text, nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Column("source", String(16), nullable=False),  # file | answers | scan
    Column("added_by", Text, nullable=False),
    Column("added_at", UTCDateTime, nullable=False),
    UniqueConstraint("assessment_id", "control_id", "sha256", "original_name", name="uq_attachment"),
)
