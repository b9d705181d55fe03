"""Remediation items and history.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

import secassess.store.schema.base

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "remediation_items",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("system_id", sa.String(length=64), nullable=False),
        sa.Column("control_id", sa.String(length=32), nullable=False),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.Column("owner", sa.Text(), server_default="", nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("opened_at", secassess.store.schema.base.UTCDateTime(), nullable=False),
        sa.Column("opened_by_assessment_id", sa.Integer(), nullable=False),
        sa.Column("last_assessment_id", sa.Integer(), nullable=False),
        sa.Column("verified_by_assessment_id", sa.Integer(), nullable=True),
        sa.Column("risk_approver", sa.Text(), nullable=True),
        sa.Column("risk_reason", sa.Text(), nullable=True),
        sa.Column("risk_until", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", secassess.store.schema.base.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'in_progress', 'resolved', 'verified', 'risk_accepted')",
            name=op.f("ck_remediation_items_status_known"),
        ),
        sa.CheckConstraint(
            "result IN ('fail', 'partial')", name=op.f("ck_remediation_items_result_known")
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_remediation_items_version_positive")),
        sa.ForeignKeyConstraint(
            ["last_assessment_id"],
            ["assessments.id"],
            name=op.f("fk_remediation_items_last_assessment_id_assessments"),
        ),
        sa.ForeignKeyConstraint(
            ["opened_by_assessment_id"],
            ["assessments.id"],
            name=op.f("fk_remediation_items_opened_by_assessment_id_assessments"),
        ),
        sa.ForeignKeyConstraint(
            ["system_id"], ["systems.id"], name=op.f("fk_remediation_items_system_id_systems")
        ),
        sa.ForeignKeyConstraint(
            ["verified_by_assessment_id"],
            ["assessments.id"],
            name=op.f("fk_remediation_items_verified_by_assessment_id_assessments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remediation_items")),
        sa.UniqueConstraint("system_id", "control_id", name="uq_item_system_control"),
    )
    with op.batch_alter_table("remediation_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_remediation_items_system_id"), ["system_id"], unique=False
        )

    op.create_table(
        "remediation_history",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("at", secassess.store.schema.base.UTCDateTime(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("attachment_sha256", sa.String(length=64), nullable=True),
        sa.Column("attachment_name", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["attachment_sha256"],
            ["blobs.sha256"],
            name=op.f("fk_remediation_history_attachment_sha256_blobs"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["remediation_items.id"],
            name=op.f("fk_remediation_history_item_id_remediation_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remediation_history")),
    )
    with op.batch_alter_table("remediation_history", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_remediation_history_item_id"), ["item_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("remediation_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_remediation_history_item_id"))

    op.drop_table("remediation_history")
    with op.batch_alter_table("remediation_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_remediation_items_system_id"))

    op.drop_table("remediation_items")
