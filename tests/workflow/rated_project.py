"""A small stored project with five double-coded AND double-rated sessions (no video files)."""

from __future__ import annotations

from pathlib import Path

from interactioncoder.storage import create_project
from tests.reliability.helpers import codebook
from tests.reliability.paired_project import add_paired_session

#: (primary, reliability) ratings of "sens" per session: close but not identical
SENS = ((5, 6), (7, 7), (3, 4), (8, 8), (2, 3))
WITHDRAWAL = ((1, 1), (3, 2), (0, 0), (4, 4), (2, 1))


def build_rated_project(path: Path) -> Path:
    repo = create_project(path, name="rated")
    try:
        version = repo.store_codebook(codebook())
        ann, bob = repo.add_coder("ann"), repo.add_coder("bob")
        dyad = repo.add_dyad("D01")
        for i, ((sa, sb), (wa, wb)) in enumerate(zip(SENS, WITHDRAWAL, strict=True)):
            _sid, primary, second = add_paired_session(repo, version.id, dyad, i, (ann, bob), 3 * i)
            repo.set_rating(primary.id, "sens", sa)
            repo.set_rating(second.id, "sens", sb)
            repo.set_rating(primary.id, "withdrawal", wa)
            repo.set_rating(second.id, "withdrawal", wb)
    finally:
        repo.close()
    return path
