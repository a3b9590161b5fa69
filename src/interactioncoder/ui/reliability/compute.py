"""The reliability computation the view runs in a worker thread (no widgets here).

The worker reads through its OWN repository on the same project (a second connection):
the main window's repository may be inside an ``atomic()`` block on the GUI thread at the
same moment, and a repository's transaction state is not meant to be shared by threads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from interactioncoder.exchange.reliability_data import ReliabilityData, load_reliability_data
from interactioncoder.reliability.analysis import AnalysisParams, ReliabilityReport, analyse_codings
from interactioncoder.storage import open_project
from interactioncoder.storage.errors import StorageError


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


def _reader(repo: Any) -> tuple[Any, bool]:
    """(repository to read with, whether we opened it and must close it)."""
    try:
        return open_project(repo.location, upgrade=False), True
    except (StorageError, OSError, ValueError):
        return repo, False  # e.g. a URL this process cannot open twice: share, read-only use


def compute(
    repo: Any,
    request: ComputeRequest,
    progress: Callable[[float, str], None],
) -> ComputeResult:
    """Load the paired codings and analyse them; *progress* may raise to cancel."""
    reader, owned = _reader(repo)
    try:
        data = load_reliability_data(
            reader,
            request.session_ids,
            request.coder_ids,
            progress=lambda f, text: progress(0.7 * f, text),
        )
    finally:
        if owned:
            reader.close()
    progress(0.75, f"Computing agreement over {len(data.sessions)} session(s)")
    params = AnalysisParams(
        unit_seconds=request.params.unit_seconds,
        tolerance_s=request.params.tolerance_s,
        event=request.params.event,
        coder_pairs=(data.labels,),
        groups=request.params.groups,
        segments=request.params.segments,
    )
    report = analyse_codings(data.codebook, data.session_codings(), params)
    progress(1.0, "Done")
    return ComputeResult(request, data, report)


def sessions_label(session_ids: Sequence[int] | None, data: ReliabilityData | None) -> str:
    if data is not None:
        n = len(data.sessions)
        return data.sessions[0].label if n == 1 else f"{n} sessions"
    return "all sessions" if session_ids is None else f"{len(session_ids)} session(s)"
