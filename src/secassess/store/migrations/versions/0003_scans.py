"""Scans, observations, rule outcomes.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

import secassess.store.schema.base

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scans",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("scan_profile", sa.String(length=32), nullable=True),
        sa.Column("scanner", sa.String(length=64), server_default="nmap", nullable=False),
        sa.Column("scanner_version", sa.String(length=64), server_default="", nullable=False),
        sa.Column("arguments", sa.Text(), server_default="", nullable=False),
        sa.Column("targets", sa.JSON(), nullable=False),
        sa.Column("ignored_hosts", sa.JSON(), nullable=False),
        sa.Column("started_at", secassess.store.schema.base.UTCDateTime(), nullable=True),
        sa.Column("ended_at", secassess.store.schema.base.UTCDateTime(), nullable=True),
        sa.Column("created_by", sa.Text(), nullable=False),
        sa.Column("created_at", secassess.store.schema.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_scans_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["sha256"], ["blobs.sha256"], name=op.f("fk_scans_sha256_blobs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scans")),
    )
    with op.batch_alter_table("scans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scans_assessment_id"), ["assessment_id"], unique=False)

    op.create_table(
        "observations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("scan_id", sa.Integer(), nullable=False),
        sa.Column("host", sa.String(length=64), nullable=False),
        sa.Column("hostname", sa.Text(), server_default="", nullable=False),
        sa.Column("port", sa.Integer(), nullable=True),
        sa.Column("protocol", sa.String(length=8), nullable=True),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("service", sa.Text(), server_default="", nullable=False),
        sa.Column("service_method", sa.String(length=16), server_default="", nullable=False),
        sa.Column("product", sa.Text(), server_default="", nullable=False),
        sa.Column("version", sa.Text(), server_default="", nullable=False),
        sa.Column("cpe", sa.JSON(), nullable=False),
        sa.Column("tunnel", sa.String(length=16), server_default="", nullable=False),
        sa.Column("scripts", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["scan_id"],
            ["scans.id"],
            name=op.f("fk_observations_scan_id_scans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_observations")),
    )
    with op.batch_alter_table("observations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_observations_scan_id"), ["scan_id"], unique=False)

    op.create_table(
        "rule_outcomes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("scan_id", sa.Integer(), nullable=False),
        sa.Column("control_id", sa.String(length=32), nullable=False),
        sa.Column("rule_index", sa.Integer(), nullable=False),
        sa.Column("rule_type", sa.String(length=32), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("message_vi", sa.Text(), nullable=False),
        sa.Column("message_en", sa.Text(), nullable=False),
        sa.Column("observation_ids", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["scan_id"],
            ["scans.id"],
            name=op.f("fk_rule_outcomes_scan_id_scans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_outcomes")),
    )
    with op.batch_alter_table("rule_outcomes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rule_outcomes_scan_id"), ["scan_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rule_outcomes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rule_outcomes_scan_id"))

    op.drop_table("rule_outcomes")
    with op.batch_alter_table("observations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_observations_scan_id"))

    op.drop_table("observations")
    with op.batch_alter_table("scans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scans_assessment_id"))

    op.drop_table("scans")
