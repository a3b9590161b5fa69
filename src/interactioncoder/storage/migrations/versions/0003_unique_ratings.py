"""one rating per coding x scale x segment: merge duplicates, then enforce it

Before schema 0003 two programs setting the same rating at the same moment (on a shared
PostgreSQL project) could leave two rows. This revision merges them deterministically:
of the rows of one coding x scale x segment it keeps the NEWEST BY ID (the one written
last) and deletes the others, logging how many it removed and keeping their content in
the audit trail (action ``merge_duplicate_ratings``). Then a unique index makes the
database refuse a second row; a rating of the whole session (no segment) counts as
segment 0, so it is unique too.

Codings (session x coder x role), coders, dyads, sessions and codebook versions were
unique from schema 0001 on.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 22:00:00
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

INDEX = "uq_ratings_coding_scale_segment"


def upgrade() -> None:
    bind = op.get_bind()
    # The newest row (highest id) of every coding x scale x segment survives.
    duplicates = bind.execute(
        sa.text(
            "SELECT r.id FROM ratings r WHERE r.id < ("
            " SELECT MAX(n.id) FROM ratings n"
            " WHERE n.coding_id = r.coding_id AND n.scale_id = r.scale_id"
            " AND COALESCE(n.segment_id, 0) = COALESCE(r.segment_id, 0))"
        )
    ).scalars()
    doomed = sorted(int(i) for i in duplicates)
    if doomed:
        _record_in_audit_trail(bind, doomed)
        log.warning(
            "schema 0003: removed %d duplicate rating row(s) (ids %s); "
            "the newest row by id of each coding x scale x segment was kept",
            len(doomed),
            ", ".join(map(str, doomed[:50])) + (" ..." if len(doomed) > 50 else ""),
        )
        for start in range(0, len(doomed), 500):
            chunk = doomed[start : start + 500]
            bind.execute(
                sa.text("DELETE FROM ratings WHERE id IN :ids").bindparams(
                    sa.bindparam("ids", expanding=True)
                ),
                {"ids": chunk},
            )
    op.create_index(
        INDEX,
        "ratings",
        ["coding_id", "scale_id", sa.text("coalesce(segment_id, 0)")],
        unique=True,
    )


def _record_in_audit_trail(bind: sa.Connection, doomed: list[int]) -> None:
    """Keep the removed rows' content in the audit trail, so nothing vanishes unsaid."""
    rows = bind.execute(
        sa.text(
            "SELECT id, coding_id, scale_id, segment_id, value FROM ratings WHERE id IN :ids"
        ).bindparams(sa.bindparam("ids", expanding=True)),
        {"ids": doomed},
    ).all()
    detail = {
        "reason": "duplicate ratings merged by schema 0003 (newest by id kept)",
        "removed": [
            {"id": r[0], "coding_id": r[1], "scale": r[2], "segment": r[3], "value": r[4]}
            for r in rows
        ],
    }
    bind.execute(
        sa.text(
            "INSERT INTO audit_log (at, coder_id, coding_id, action, detail) "
            "VALUES (:at, NULL, NULL, 'merge_duplicate_ratings', :detail)"
        ).bindparams(sa.bindparam("at", type_=sa.DateTime(timezone=True))),
        {"at": datetime.now(UTC), "detail": json.dumps(detail, sort_keys=True)},
    )


def downgrade() -> None:
    op.drop_index(INDEX, table_name="ratings")
