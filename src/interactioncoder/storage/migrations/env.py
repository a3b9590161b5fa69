"""Alembic environment: runs on the connection the application hands in.

``render_as_batch`` lets SQLite alter tables (copy-and-move), and is a no-op for
PostgreSQL, so one set of revisions serves both.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from interactioncoder.storage.schema import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        # Developer use from the command line: `alembic -x url=sqlite:///x.icproj upgrade head`.
        url = context.get_x_argument(as_dictionary=True).get("url")
        if not url:
            raise SystemExit("pass -x url=DATABASE_URL")
        engine = create_engine(url)
        with engine.begin() as conn:
            context.configure(
                connection=conn, target_metadata=target_metadata, render_as_batch=True
            )
            context.run_migrations()
        return
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported")
run_migrations_online()
