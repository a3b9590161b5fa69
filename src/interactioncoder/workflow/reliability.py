"""The one reliability report: the GUI view, the CLI and the HTML report all come from here.

Codings (time-unit and event kappa) and ratings (ICC, weighted kappa, alpha) are analysed
together, so every front end shows the same numbers for the same project and parameters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Literal

from interactioncoder.exchange.reliability_data import ReliabilityData, load_reliability_data
from interactioncoder.reliability.analysis import (
    AnalysisParams,
    ReliabilityReport,
    SessionCodings,
    analyse_codings,
)
from interactioncoder.reliability.rating_analysis import SessionRatings, analyse_ratings
from interactioncoder.storage import ProjectRepository

#: how sessions are named in the report: "DYAD/SESSION" (people) or the id (the GUI looks
#: sessions up by id)
SessionNames = Literal["label", "id"]


def _name(session_id: int, label: str, names: SessionNames) -> str:
    return label if names == "label" else str(session_id)


def reliability_report(
    data: ReliabilityData, params: AnalysisParams, *, names: SessionNames = "label"
) -> ReliabilityReport:
    """Analyse the paired sessions' codings AND ratings; the data's warnings come first."""
    a, b = data.labels
    codings = [
        SessionCodings(
            _name(s.session_id, s.label, names),
            s.timebase,
            {a: s.events_a, b: s.events_b},
            s.data.segments,
        )
        for s in data.sessions
    ]
    ratings = [
        SessionRatings(
            _name(s.session_id, s.label, names),
            {a: s.coding_a.ratings, b: s.coding_b.ratings},
        )
        for s in data.sessions
    ]
    params = replace(params, coder_pairs=((a, b),))
    rating_results, rating_warnings = analyse_ratings(data.codebook, ratings, coders=(a, b))
    report = analyse_codings(data.codebook, codings, params, rating_results)
    return replace(report, warnings=(*data.warnings, *rating_warnings, *report.warnings))


def load_and_report(
    repo: ProjectRepository,
    session_ids: tuple[int, ...] | list[int] | None,
    coder_ids: tuple[int, int] | None,
    params: AnalysisParams,
    *,
    names: SessionNames = "label",
    progress: Callable[[float, str], None] | None = None,
) -> tuple[ReliabilityData, ReliabilityReport]:
    """Load the paired codings (NoPairedSessionsError if none) and analyse them."""
    step = progress or (lambda _f, _t: None)
    data = load_reliability_data(
        repo, session_ids, coder_ids, progress=lambda f, text: step(0.7 * f, text)
    )
    step(0.75, f"Computing agreement over {len(data.sessions)} session(s)")
    report = reliability_report(data, params, names=names)
    step(1.0, "Done")
    return data, report
