"""The review of a questionnaire between a unit and the province (duyệt phiếu hỏi, migration 0008).

``review_events``: one row per step (``vocabulary.REVIEW_ACTIONS``: submitted by the unit, returned to
it, accepted by the province), with who, when and a note (why it was returned). The latest step is where
the questionnaire is; finalizing is the assessment's own record (``assessments.finalized_at``).
``review_comments``: what the reviewer (or the unit, in reply) says about one control, or about the
whole questionnaire when ``control_id`` is NULL.
"""

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, String, Table, Text

from secassess.store.schema.base import UTCDateTime, metadata
from secassess.vocabulary import REVIEW_ACTIONS

review_events = Table(
    "review_events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("assessment_id", Integer, ForeignKey("assessments.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("action", String(16), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", Text, nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    CheckConstraint("action IN (" + ", ".join(f"'{a}'" for a in REVIEW_ACTIONS) + ")", name="action_known"),
)

review_comments = Table(
    "review_comments", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("assessment_id", Integer, ForeignKey("assessments.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("control_id", String(32), nullable=True),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", Text, nullable=False),
    Column("role", String(16), nullable=False, server_default=""),
    Column("text", Text, nullable=False),
)
