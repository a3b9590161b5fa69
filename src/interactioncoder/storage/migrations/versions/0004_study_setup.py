"""study set-up: dyad study fields (arm and the PI's own), random blind codes per session

The PI passphrase (scrypt hash) and the "blind to condition" option are project_meta
keys (``pi_passphrase_scrypt``, ``blind_to_condition``); they need no table.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 21:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    study_fields = op.create_table(
        "study_fields",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_study_fields")),
        sa.UniqueConstraint("name", name=op.f("uq_study_fields_name")),
    )
    op.create_table(
        "dyad_field_values",
        sa.Column("dyad_id", sa.Integer(), nullable=False),
        sa.Column("field_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dyad_id"],
            ["dyads.id"],
            name=op.f("fk_dyad_field_values_dyad_id_dyads"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["field_id"],
            ["study_fields.id"],
            name=op.f("fk_dyad_field_values_field_id_study_fields"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("dyad_id", "field_id", name=op.f("pk_dyad_field_values")),
    )
    op.create_table(
        "session_blind_codes",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_session_blind_codes_session_id_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_session_blind_codes")),
        sa.UniqueConstraint("code", name=op.f("uq_session_blind_codes_code")),
    )
    # Every study has an arm (treatment / control); the PI adds further fields.
    # (no explicit id: PostgreSQL's sequence must hand out the next ones)
    op.bulk_insert(study_fields, [{"name": "arm", "position": 0}])


def downgrade() -> None:
    op.drop_table("session_blind_codes")
    op.drop_table("dyad_field_values")
    op.drop_table("study_fields")
