"""Agreement on the codebook's rating scales, over all rated targets of the project.

A target is one session (session-scope scales) or one segment of a session (segment-scope
scales). For every scale: ICCs over the targets all coders rated; Krippendorff's alpha
(ordinal and interval) over all targets, missing ratings included; with two coders,
weighted kappa over the full scale and Pearson/Spearman; with more, Fleiss' kappa.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from interactioncoder.core.codebook import Codebook, RatingScale
from interactioncoder.core.project import Rating
from interactioncoder.reliability.kappa import KappaStats, Weighting
from interactioncoder.reliability.krippendorff import AlphaResult, Metric, krippendorff_alpha
from interactioncoder.reliability.ratings import (
    ICC,
    Correlations,
    FleissKappa,
    correlations,
    fleiss_kappa,
    icc_all,
    weighted_kappa,
)


@dataclass(frozen=True)
class SessionRatings:
    session_id: str
    ratings_by_coder: Mapping[str, Sequence[Rating]]


@dataclass(frozen=True)
class ScaleAgreement:
    scale_id: str
    scale_name: str
    minimum: int
    maximum: int
    coders: tuple[str, ...]
    targets: int  # rated by every coder
    icc: tuple[ICC, ...]
    alpha_ordinal: AlphaResult
    alpha_interval: AlphaResult
    exact_agreement: float  # share of complete targets where all coders gave the same value
    within_one: float  # ... where all values are at most one point apart
    kappa_linear: KappaStats | None = None  # two coders only
    kappa_quadratic: KappaStats | None = None
    correlations: Correlations | None = None
    fleiss: FleissKappa | None = None  # three or more coders
    note: str = ""


def _table(
    sessions: Sequence[SessionRatings], coders: Sequence[str], scale: RatingScale
) -> tuple[np.ndarray, list[str]]:
    """targets x coders ratings (NaN = not rated), for one scale."""
    rows: dict[tuple[str, int | None], list[float]] = {}
    problems: list[str] = []
    for s in sessions:
        for ci, coder in enumerate(coders):
            for r in s.ratings_by_coder.get(coder, ()):
                if r.scale_id != scale.id:
                    continue
                if not scale.minimum <= r.value <= scale.maximum:
                    problems.append(
                        f"session {s.session_id}, coder {coder}: {scale.id} = {r.value} "
                        f"is outside {scale.minimum}..{scale.maximum}; left out"
                    )
                    continue
                row = rows.setdefault((s.session_id, r.segment_id), [np.nan] * len(coders))
                row[ci] = float(r.value)
    table = np.array(list(rows.values()), dtype=float).reshape(len(rows), len(coders))
    return table, problems


def analyse_scale(
    scale: RatingScale, sessions: Sequence[SessionRatings], coders: Sequence[str]
) -> tuple[ScaleAgreement, list[str]]:
    table, problems = _table(sessions, coders, scale)
    complete = table[~np.isnan(table).any(axis=1)] if table.size else table
    values = list(range(scale.minimum, scale.maximum + 1))
    with np.errstate(all="ignore"):
        alpha_o = krippendorff_alpha(table.T, Metric.ORDINAL, values)
        alpha_i = krippendorff_alpha(table.T, Metric.INTERVAL, values)
    note = ""
    iccs: tuple[ICC, ...] = ()
    if len(complete) >= 2 and np.ptp(complete) > 0:
        with np.errstate(all="ignore"):
            iccs = icc_all(complete)
    else:
        note = "too few rated targets (or no variation) for ICCs"
    spread = np.ptp(complete, axis=1) if len(complete) else np.zeros(0)
    exact = float((spread == 0).mean()) if len(complete) else float("nan")
    within = float((spread <= 1).mean()) if len(complete) else float("nan")
    extra: dict[str, object] = {}
    if len(coders) == 2 and len(complete):
        a, b = complete[:, 0], complete[:, 1]
        extra["kappa_linear"] = weighted_kappa(a, b, scale.minimum, scale.maximum, Weighting.LINEAR)
        extra["kappa_quadratic"] = weighted_kappa(
            a, b, scale.minimum, scale.maximum, Weighting.QUADRATIC
        )
        extra["correlations"] = correlations(a, b)
    elif len(coders) > 2 and len(complete):
        extra["fleiss"] = fleiss_kappa(complete.astype(int))
    result = ScaleAgreement(
        scale_id=scale.id,
        scale_name=scale.name,
        minimum=scale.minimum,
        maximum=scale.maximum,
        coders=tuple(coders),
        targets=len(complete),
        icc=iccs,
        alpha_ordinal=alpha_o,
        alpha_interval=alpha_i,
        exact_agreement=exact,
        within_one=within,
        note=note,
        **extra,  # type: ignore[arg-type]
    )
    return result, problems


def analyse_ratings(
    codebook: Codebook,
    sessions: Sequence[SessionRatings],
    coders: Sequence[str] | None = None,
    scales: Sequence[str] | None = None,
) -> tuple[tuple[ScaleAgreement, ...], tuple[str, ...]]:
    """(agreement per scale, warnings) of the given coders' ratings (default: all coders)."""
    if coders is None:
        found: list[str] = []
        for s in sessions:
            found.extend(c for c in s.ratings_by_coder if c not in found)
        coders = found
    if len(coders) < 2:
        return (), ("ratings need at least two coders",)
    out: list[ScaleAgreement] = []
    warnings: list[str] = []
    for scale in codebook.scales:
        if scales is not None and scale.id not in scales:
            continue
        result, problems = analyse_scale(scale, sessions, coders)
        warnings.extend(problems)
        if result.targets == 0 and result.alpha_interval.units == 0:
            continue  # nobody rated this scale twice
        out.append(result)
    return tuple(out), tuple(warnings)
