"""Errors of the project store, each with a message a user can act on."""

from __future__ import annotations


class StorageError(Exception):
    """Base class: something about the project store went wrong."""


class NotAProjectError(StorageError):
    """The file is not an interactioncoder project (another SQLite file, or not SQLite)."""


class NewerSchemaError(StorageError):
    """The project was written by a newer interactioncoder; opening it could damage it."""


class OldSchemaError(StorageError):
    """The project uses an older schema and was opened without permission to upgrade."""


class ProjectInUseError(StorageError):
    """Another program holds the project's write lock for longer than the busy timeout."""


class ConflictError(StorageError):
    """An edit was based on data that has changed meanwhile (e.g. edited elsewhere)."""


class NotFoundError(StorageError):
    """A record the caller named does not exist."""


class ConstraintError(StorageError):
    """A consistency rule was broken (duplicate name, wrong reference, ...)."""
