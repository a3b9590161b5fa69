"""The reliability computation the view runs in a worker thread (no widgets here).

The worker reads through its OWN repository on the same project (a second connection):
the main window's repository may be inside an ``atomic()`` block on the GUI thread at the
same moment, and a repository's transaction state is not meant to be shared by threads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from interactioncoder.exchange.reliability_data import ReliabilityData
from interactioncoder.reliability.analysis import AnalysisParams, ReliabilityReport
from interactioncoder.storage import ProjectRepository, open_project
from interactioncoder.storage.errors import StorageError
from interactioncoder.workflow.reliability import load_and_report


@dataclass(frozen=True)
class ComputeRequest:
    session_ids: tuple[int, ...] | None  # None: every session with the pair
    coder_ids: tuple[int, int] | None  # None: primary vs reliability coding of each session
    params: AnalysisParams


@dataclass(frozen=True)
class ComputeResult:
    request: ComputeRequest
    data: ReliabilityData
    report: ReliabilityReport


def _reader(repo: ProjectRepository) -> tuple[ProjectRepository, bool]:
    """(repository to read with, whether we opened it and must close it)."""
    try:
        return open_project(repo.location, upgrade=False), True
    except (StorageError, OSError, ValueError):
        return repo, False  # e.g. a URL this process cannot open twice: share, read-only use


def compute(
    repo: ProjectRepository,
    request: ComputeRequest,
    progress: Callable[[float, str], None],
) -> ComputeResult:
    """Load the paired codings and analyse them (ratings included); *progress* may raise."""
    reader, owned = _reader(repo)
    try:
        data, report = load_and_report(
            reader,
            request.session_ids,
            request.coder_ids,
            request.params,
            names="id",  # the view finds a result's session by its id
            progress=progress,
        )
    finally:
        if owned:
            reader.close()
    return ComputeResult(request, data, report)


def sessions_label(session_ids: Sequence[int] | None, data: ReliabilityData | None) -> str:
    if data is not None:
        n = len(data.sessions)
        return data.sessions[0].label if n == 1 else f"{n} sessions"
    return "all sessions" if session_ids is None else f"{len(session_ids)} session(s)"
