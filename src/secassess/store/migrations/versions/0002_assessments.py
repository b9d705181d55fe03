"""Assessments, results, evidence blobs and attachments.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

import secassess.store.schema.base

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(length=128), nullable=False),
        sa.Column("stored_at", secassess.store.schema.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_blobs")),
    )
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("system_id", sa.String(length=64), nullable=False),
        sa.Column("profile_id", sa.String(length=64), nullable=False),
        sa.Column("catalog_id", sa.String(length=64), nullable=False),
        sa.Column("catalog_version", sa.String(length=32), nullable=False),
        sa.Column("catalog_digest", sa.String(length=64), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("assessor", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.String(length=16), server_default="draft", nullable=False),
        sa.Column("allow_incomplete", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("started_at", secassess.store.schema.base.UTCDateTime(), nullable=False),
        sa.Column("finalized_at", secassess.store.schema.base.UTCDateTime(), nullable=True),
        sa.Column("finalized_by", sa.Text(), nullable=True),
        sa.Column("updated_at", secassess.store.schema.base.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'finalized')", name=op.f("ck_assessments_status_known")
        ),
        sa.ForeignKeyConstraint(
            ["system_id"], ["systems.id"], name=op.f("fk_assessments_system_id_systems")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
    )
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessments_system_id"), ["system_id"], unique=False)

    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("control_id", sa.String(length=32), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("original_name", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("added_by", sa.Text(), nullable=False),
        sa.Column("added_at", secassess.store.schema.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_attachments_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sha256"], ["blobs.sha256"], name=op.f("fk_attachments_sha256_blobs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
        sa.UniqueConstraint(
            "assessment_id", "control_id", "sha256", "original_name", name="uq_attachment"
        ),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attachments_assessment_id"), ["assessment_id"], unique=False
        )

    op.create_table(
        "results",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("control_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("domain_id", sa.String(length=16), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("mandatory", sa.Boolean(), nullable=False),
        sa.Column("control", sa.JSON(), nullable=False),
        sa.Column("result", sa.String(length=16), server_default="not_assessed", nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("justification", sa.Text(), server_default="", nullable=False),
        sa.Column("answered_by", sa.Text(), nullable=True),
        sa.Column("answered_at", secassess.store.schema.base.UTCDateTime(), nullable=True),
        sa.Column("technical_result", sa.String(length=16), nullable=True),
        sa.Column("technical_detail", sa.JSON(), nullable=True),
        sa.CheckConstraint(
            "result IN ('pass', 'partial', 'fail', 'not_applicable', 'not_assessed')",
            name=op.f("ck_results_result_known"),
        ),
        sa.CheckConstraint(
            "technical_result IS NULL OR technical_result IN ('pass', 'fail')",
            name=op.f("ck_results_technical_result_known"),
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_results_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("assessment_id", "control_id", name=op.f("pk_results")),
    )


def downgrade() -> None:
    op.drop_table("results")
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachments_assessment_id"))

    op.drop_table("attachments")
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessments_system_id"))

    op.drop_table("assessments")
    op.drop_table("blobs")
