"""Inventory: units and systems.

Revision ID: 0001
Revises: None
"""

import sqlalchemy as sa
from alembic import op

import secassess.store.schema.base

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "units",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("contact", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", secassess.store.schema.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_units")),
    )
    op.create_table(
        "systems",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("unit_id", sa.String(length=64), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("important", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("national_database", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("in_use", sa.Boolean(), server_default="1", nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("owner", sa.Text(), server_default="", nullable=False),
        sa.Column("contact", sa.Text(), server_default="", nullable=False),
        sa.Column("hosting", sa.Text(), server_default="", nullable=False),
        sa.Column("level_dossier_approved", sa.Date(), nullable=True),
        sa.Column("security_plan_approved", sa.Date(), nullable=True),
        sa.Column("targets", sa.JSON(), nullable=False),
        sa.Column("allowed_ports", sa.JSON(), nullable=False),
        sa.Column("created_at", secassess.store.schema.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", secassess.store.schema.base.UTCDateTime(), nullable=False),
        sa.CheckConstraint("level BETWEEN 1 AND 5", name=op.f("ck_systems_level_range")),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_systems_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_systems")),
    )
    with op.batch_alter_table("systems", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_systems_unit_id"), ["unit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("systems", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_systems_unit_id"))

    op.drop_table("systems")
    op.drop_table("units")
