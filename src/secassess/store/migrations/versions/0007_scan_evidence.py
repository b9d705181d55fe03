"""Evidence from other scanners (OpenVAS, Nuclei, testssl.sh, Lynis, Wazuh SCA) and scan coverage.

Self-contained: adds ``findings`` and four nullable columns (``scans.evidence_at``,
``scans.covered_ports``, ``scans.summary``, ``rule_outcomes.uncovered``); nothing else depends
on its number.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

import secassess.store.schema.base

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("scans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("evidence_at", secassess.store.schema.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("covered_ports", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("summary", sa.JSON(), nullable=True))

    with op.batch_alter_table("rule_outcomes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("uncovered", sa.JSON(), nullable=True))

    op.create_table(
        "findings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("scan_id", sa.Integer(), nullable=False),
        sa.Column("host", sa.String(length=64), nullable=False),
        sa.Column("hostname", sa.Text(), server_default="", nullable=False),
        sa.Column("port", sa.Integer(), nullable=True),
        sa.Column("protocol", sa.String(length=8), nullable=True),
        sa.Column("ref", sa.String(length=200), nullable=False),
        sa.Column("title", sa.Text(), server_default="", nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("status", sa.String(length=32), server_default="", nullable=False),
        sa.Column("cves", sa.JSON(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["scan_id"],
            ["scans.id"],
            name=op.f("fk_findings_scan_id_scans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_findings")),
    )
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_findings_scan_id"), ["scan_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_findings_scan_id"))

    op.drop_table("findings")
    with op.batch_alter_table("rule_outcomes", schema=None) as batch_op:
        batch_op.drop_column("uncovered")

    with op.batch_alter_table("scans", schema=None) as batch_op:
        batch_op.drop_column("summary")
        batch_op.drop_column("covered_ports")
        batch_op.drop_column("evidence_at")
