"""Incidents and history; an index on results for scoring many assessments at once.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

import secassess.store.schema.base

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("system_id", sa.String(length=64), nullable=False),
        sa.Column("detected_at", secassess.store.schema.base.UTCDateTime(), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("actions_taken", sa.Text(), server_default="", nullable=False),
        sa.Column("notified_at", secassess.store.schema.base.UTCDateTime(), nullable=True),
        sa.Column("full_report_at", secassess.store.schema.base.UTCDateTime(), nullable=True),
        sa.Column("resolved_at", secassess.store.schema.base.UTCDateTime(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("created_by", sa.Text(), nullable=False),
        sa.Column("created_at", secassess.store.schema.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", secassess.store.schema.base.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'handling', 'resolved')", name=op.f("ck_incidents_status_known")
        ),
        sa.CheckConstraint(
            "severity IN ('low', 'medium', 'high', 'critical')", name=op.f("ck_incidents_severity_known")
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_incidents_version_positive")),
        sa.ForeignKeyConstraint(
            ["system_id"], ["systems.id"], name=op.f("fk_incidents_system_id_systems")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
    )
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incidents_system_id"), ["system_id"], unique=False)

    op.create_table(
        "incident_history",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("at", secassess.store.schema.base.UTCDateTime(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_incident_history_incident_id_incidents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_history")),
    )
    with op.batch_alter_table("incident_history", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incident_history_incident_id"), ["incident_id"], unique=False
        )


    # everything the scoring model reads from a result row (store/schema/assessment.py): the provincial
    # report scores every system's assessment from this index without reading the stored control texts
    with op.batch_alter_table("results", schema=None) as batch_op:
        batch_op.create_index(
            "ix_results_scoring",
            ["assessment_id", "result", "technical_result", "weight", "mandatory", "severity", "domain_id",
             "control_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("results", schema=None) as batch_op:
        batch_op.drop_index("ix_results_scoring")

    with op.batch_alter_table("incident_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_history_incident_id"))

    op.drop_table("incident_history")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incidents_system_id"))

    op.drop_table("incidents")
