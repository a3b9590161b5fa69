"""The project store: the only package that talks to the database (SQLAlchemy 2).

Use :func:`open_project` / :func:`create_project`; the returned
:class:`ProjectRepository` takes and returns ``interactioncoder.core`` objects.
"""

from interactioncoder.storage.repository import (
    PROJECT_SUFFIX,
    ProjectRepository,
    create_project,
    open_project,
)

__all__ = ["PROJECT_SUFFIX", "ProjectRepository", "create_project", "open_project"]
