"""Figures of findings: a phase bar chart with per-dyad points, a forest plot of Yule's Q.

Drawn with matplotlib's object API on an Agg canvas (no ``pyplot``: no global state, no
GUI backend), like ``exchange/exporters/plots.py``; each function returns PNG or SVG
bytes (SVG deterministic: fixed id salt, no date).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from interactioncoder.analysis.phases import PhaseResult
from interactioncoder.analysis.window import WindowResult, WindowSpec

FORMATS = ("png", "svg")
_RC: Any = {"svg.hashsalt": "interactioncoder", "svg.fonttype": "path", "font.size": 8.0}
MEASURES = ("rate_per_min", "proportion", "mean_bout_s", "total_s", "frequency", "latency_s")


def _render(figure: Figure, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"figure format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": "interactioncoder"}
    with matplotlib.rc_context(_RC):
        figure.savefig(buffer, format=fmt, dpi=150, metadata=metadata, bbox_inches="tight")
    return buffer.getvalue()


def phase_bar_chart(
    result: PhaseResult, code_id: str, measure: str = "rate_per_min", fmt: str = "png"
) -> bytes:
    """One bar per phase (all sessions pooled), one dot per dyad on it."""
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}, not {measure!r}")
    rows = [r for r in result.rows if r.code_id == code_id]
    phases = list(dict.fromkeys(r.phase for r in rows))
    figure = Figure(figsize=(1.2 + 1.1 * len(phases), 3.0))
    axes = figure.add_subplot()
    for x, phase in enumerate(phases):
        pooled = [getattr(r, measure) for r in rows if r.phase == phase and r.level == "pooled"]
        if pooled and not math.isnan(pooled[0]):
            axes.bar(x, pooled[0], width=0.6, color="#9ecae1", edgecolor="#3182bd")
        dyads = [getattr(r, measure) for r in rows if r.phase == phase and r.level == "dyad"]
        dyads = [v for v in dyads if not math.isnan(v)]
        offsets = [(i - (len(dyads) - 1) / 2) * 0.05 for i in range(len(dyads))]
        axes.scatter([x + o for o in offsets], dyads, s=12, color="#08306b", zorder=3)
    axes.set_xticks(range(len(phases)), phases)
    axes.set_ylabel(measure.replace("_", " "))
    axes.set_title(f"{code_id}: bars all sessions, dots dyads")
    axes.spines[["top", "right"]].set_visible(False)
    return _render(figure, fmt)


def _q(odds: float) -> float:
    return (odds - 1) / (odds + 1) if math.isfinite(odds) else 1.0


def forest_plot(
    result: WindowResult, spec: WindowSpec, phases: Sequence[str], fmt: str = "png"
) -> bytes:
    """Per phase, Yule's Q per dyad with the odds ratio's CI mapped to Q; pooled: diamond."""
    figure = Figure(figsize=(2.0 + 2.6 * len(phases), 3.0))
    for n, phase in enumerate(phases):
        axes = figure.add_subplot(1, len(phases), n + 1)
        rows = [
            r
            for r in result.rows
            if r.spec == spec and r.phase == phase and r.level in ("dyad", "pooled") and r.table.n
        ]
        labels = []
        for y, r in enumerate(reversed(rows)):
            lo, hi = r.table.odds_ratio_ci
            q = r.table.yules_q
            pooled = r.level == "pooled"
            axes.plot([_q(lo), _q(hi)], [y, y], color="#444444", linewidth=1)
            marker = "D" if pooled else "s"
            axes.plot([q], [y], marker=marker, color="#c0392b" if pooled else "#222222")
            labels.append("all dyads" if pooled else r.key)
        axes.axvline(0, color="#999999", linewidth=0.8, linestyle="--")
        axes.set_yticks(range(len(labels)), labels if n == 0 else [""] * len(labels))
        axes.set_xlim(-1.05, 1.05)
        axes.set_xlabel("Yule's Q (95 % CI)")
        axes.set_title(phase)
        axes.spines[["top", "right"]].set_visible(False)
    figure.suptitle(spec.label, y=1.06)
    return _render(figure, fmt)
