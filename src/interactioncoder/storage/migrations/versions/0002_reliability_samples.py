"""reliability samples: which sessions were drawn for double coding, for whom

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reliability_samples",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("coder_id", sa.Integer(), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("share", sa.Float(), nullable=False),
        sa.Column("stratify_by", sa.String(length=100), nullable=False),
        sa.Column("session_ids_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["coder_id"],
            ["coders.id"],
            name=op.f("fk_reliability_samples_coder_id_coders"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reliability_samples")),
    )
    with op.batch_alter_table("reliability_samples", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reliability_samples_coder_id"), ["coder_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("reliability_samples", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reliability_samples_coder_id"))
    op.drop_table("reliability_samples")
