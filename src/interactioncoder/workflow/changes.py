"""What an operation changed in the project, so a front end knows which views to refresh.

An operation (an import, an export, a relink, a consensus…) returns or declares a
:class:`Changes`; the GUI reloads only the views it names, the CLI ignores it. Qt-free.

Usage::

    changes = Changes(events=True, codings=True)
    if (changes | other).events:
        reload_events()
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Changes:
    """Which kinds of stored data an operation changed (False: untouched)."""

    events: bool = False
    codings: bool = False
    sessions: bool = False
    ratings: bool = False
    project: bool = False  # coders, codebooks, videos: anything the project browser lists

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            **{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)}
        )

    @property
    def any(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    @classmethod
    def everything(cls) -> Changes:
        return cls(events=True, codings=True, sessions=True, ratings=True, project=True)


#: an operation that stores nothing (an export, a computation)
NOTHING = Changes()
