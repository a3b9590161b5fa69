"""Figures of coded sessions: ethograms and per-code duration/frequency bar charts.

Drawn with matplotlib's object API on an Agg canvas: no ``pyplot``, so no global figure
state, no GUI backend and nothing left open after a call (safe inside the Qt app and in
worker threads). Every function returns the image as bytes (PNG or SVG), writes it
atomically, or, with :func:`svg_inline`, gives SVG markup to paste into an HTML report.
SVG output is deterministic (fixed id salt, no date).

**Ethogram** of one session: time on the x axis (seconds), one band per coder, and in
each band one lane per code of that coder's codebook. States are bars in the code's
colour (a still-running state is hatched up to the session end), points are short
vertical ticks. Segments are shaded across all bands, in their segment type's colour,
and named at the top.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from interactioncoder.core.codebook import Codebook, CodeKind
from interactioncoder.exchange.atomic import atomic_write_bytes
from interactioncoder.exchange.project_data import CodingData, ProjectData, SessionData

FORMATS = ("png", "svg")
SEGMENT_FALLBACK_COLOR = "#888888"
HATCHES = ("", "//", "..", "xx")
_RC: Any = {"svg.hashsalt": "interactioncoder", "svg.fonttype": "path", "font.size": 8.0}


def _segment_color(codebooks: Sequence[Codebook], name: str) -> str:
    for codebook in codebooks:
        for segment_type in codebook.segments:
            if name in (segment_type.id, segment_type.name):
                return segment_type.color
    return SEGMENT_FALLBACK_COLOR


def _render(figure: Figure, fmt: str, dpi: float) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"figure format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": "interactioncoder"}
    with matplotlib.rc_context(_RC):
        figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata, bbox_inches="tight")
    return buffer.getvalue()


def _draw_coding(
    axes: Axes, coding: CodingData, session: SessionData, first_lane: float
) -> list[tuple[float, str]]:
    """Draw one coder's band; returns (y, label) of its lanes."""
    codebook = coding.codebook
    codes = codebook.codes()
    lanes = {code.id: first_lane + i for i, code in enumerate(codes)}
    ticks = [(lanes[c.id], f"{coding.coder.name}: {c.name}") for c in codes]
    by_code: dict[str, list[tuple[float, float]]] = {}
    running: dict[str, list[tuple[float, float]]] = {}
    points: dict[str, list[float]] = {}
    for e in coding.events:
        if e.code_id not in lanes:
            continue
        is_point = e.is_point or codebook.code(e.code_id).kind is CodeKind.POINT
        on_s = e.onset_ms / 1000.0
        if is_point:
            points.setdefault(e.code_id, []).append(on_s)
        elif e.offset_ms is None:
            running.setdefault(e.code_id, []).append((on_s, session.end_ms / 1000.0 - on_s))
        else:
            by_code.setdefault(e.code_id, []).append((on_s, (e.offset_ms - e.onset_ms) / 1000.0))
    for code in codes:
        y = lanes[code.id]
        if code.id in by_code:
            axes.broken_barh(by_code[code.id], (y - 0.35, 0.7), facecolors=code.color)
        if code.id in running:
            axes.broken_barh(
                running[code.id], (y - 0.35, 0.7), facecolors=code.color, alpha=0.5, hatch="//"
            )
        if code.id in points:
            axes.vlines(points[code.id], y - 0.4, y + 0.4, colors=code.color, linewidth=1.5)
    return ticks


def ethogram_figure(session: SessionData, width_in: float = 10.0) -> Figure:
    """The ethogram of one session (see the module docstring) as a matplotlib Figure."""
    lane_count = sum(len(c.codebook.codes()) for c in session.codings)
    height = max(1.6, 0.25 * lane_count + 1.0)
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(width_in, height))
        axes = figure.add_subplot()
    start_s, end_s = session.start_ms / 1000.0, session.end_ms / 1000.0
    codebooks = [c.codebook for c in session.codings]
    for segment_index, segment in enumerate(session.segments):
        color = _segment_color(codebooks, segment.name)
        # Alternate the shade so neighbouring segments of one colour stay apart.
        alpha = 0.12 if segment_index % 2 == 0 else 0.24
        axes.axvspan(
            segment.onset_ms / 1000.0, segment.offset_ms / 1000.0, color=color, alpha=alpha
        )
        axes.text(
            segment.onset_ms / 1000.0,
            1.0,
            f" {segment.name}",
            transform=axes.get_xaxis_transform(),
            va="bottom",
            ha="left",
            fontsize=7,
        )
    ticks: list[tuple[float, str]] = []
    lane = 0.0
    for i, coding in enumerate(session.codings):
        ticks.extend(_draw_coding(axes, coding, session, lane))
        lane += len(coding.codebook.codes())
        if i < len(session.codings) - 1:
            axes.axhline(lane - 0.5, color="#444444", linewidth=0.8)
    axes.set_yticks([y for y, _ in ticks], [label for _, label in ticks])
    axes.set_ylim(max(lane, 1.0) - 0.5, -0.5)  # first coder's first code on top
    axes.set_xlim(start_s, end_s if end_s > start_s else start_s + 1.0)
    axes.set_xlabel("time (s)")
    axes.set_title(f"{session.dyad.label} / {session.session.name}", loc="left", pad=12)
    return figure


def ethogram(session: SessionData, fmt: str = "png", dpi: float = 120.0) -> bytes:
    """The ethogram of *session* as PNG or SVG bytes."""
    return _render(ethogram_figure(session), fmt, dpi)


def _code_stats(coding: CodingData, session: SessionData) -> dict[str, tuple[int, float]]:
    """Code id -> (count, total seconds, running states clipped at the session end)."""
    stats = {c.id: (0, 0.0) for c in coding.codebook.codes()}
    for e in coding.events:
        count, total = stats.get(e.code_id, (0, 0.0))
        offset = e.offset_ms if e.offset_ms is not None else session.end_ms
        stats[e.code_id] = (count + 1, total + max(0.0, offset - e.onset_ms) / 1000.0)
    return stats


def code_bar_figure(session: SessionData, measure: str = "duration") -> Figure:
    """Bars per code (grouped by coder): total duration in s, or number of events."""
    if measure not in ("duration", "count"):
        raise ValueError(f"bar chart measure must be 'duration' or 'count', not {measure!r}")
    codes: dict[str, tuple[str, str]] = {}
    for coding in session.codings:
        for code in coding.codebook.codes():
            if measure == "count" or code.kind is CodeKind.STATE:
                codes.setdefault(code.id, (code.name, code.color))
    coders = session.codings or ()
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(max(4.0, 0.6 * len(codes) * max(1, len(coders)) + 1.5), 3.2))
        axes = figure.add_subplot()
    width = 0.8 / max(1, len(coders))
    for j, coding in enumerate(coders):
        stats = _code_stats(coding, session)
        xs = [i + (j - (len(coders) - 1) / 2) * width for i in range(len(codes))]
        heights = [stats.get(cid, (0, 0.0))[1 if measure == "duration" else 0] for cid in codes]
        colors = [color for _, color in codes.values()]
        axes.bar(
            xs,
            heights,
            width=width * 0.95,
            color=colors,
            edgecolor="#333333",
            hatch=HATCHES[j % len(HATCHES)],
            label=coding.coder.name,
        )
    axes.set_xticks(
        range(len(codes)), [name for name, _ in codes.values()], rotation=30, ha="right"
    )
    axes.set_ylabel("total duration (s)" if measure == "duration" else "number of events")
    axes.set_title(f"{session.dyad.label} / {session.session.name}", loc="left")
    if len(coders) > 1:
        handles = [
            Patch(facecolor="white", edgecolor="#333333", hatch=HATCHES[j % len(HATCHES)])
            for j in range(len(coders))
        ]
        axes.legend(handles, [c.coder.name for c in coders], fontsize=7)
    return figure


def code_bars(
    session: SessionData, measure: str = "duration", fmt: str = "png", dpi: float = 120.0
) -> bytes:
    return _render(code_bar_figure(session, measure), fmt, dpi)


def svg_inline(figure: Figure) -> str:
    """SVG markup of *figure* without the XML prolog, to embed in an HTML page."""
    text = _render(figure, "svg", 72.0).decode("utf-8")
    start = text.find("<svg")
    if start < 0:
        raise RuntimeError("matplotlib produced no <svg> element")
    return text[start:]


def write_figure(figure_bytes: bytes, path: str | os.PathLike[str]) -> Path:
    """Write rendered figure bytes atomically."""
    target = Path(path)
    atomic_write_bytes(target, figure_bytes)
    return target


def write_session_plots(
    project: ProjectData, folder: str | os.PathLike[str], fmt: str = "png"
) -> list[Path]:
    """Ethogram and duration/count bars of every session into *folder*; paths written."""
    out = Path(folder)
    written = []
    for session in project.sessions:
        stem = f"{session.dyad.label}_{session.session.name}"
        stem = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in stem)
        written.append(write_figure(ethogram(session, fmt), out / f"{stem}_ethogram.{fmt}"))
        for measure in ("duration", "count"):
            data = code_bars(session, measure, fmt)
            written.append(write_figure(data, out / f"{stem}_{measure}.{fmt}"))
    return written
