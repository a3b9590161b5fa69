"""Adaptive ruler ticks (pure): frames at deep zoom, seconds and minutes zoomed out.

Ticks are placed at round *times* (the coder thinks in seconds) but positioned on the
frame axis through the master video's frame times, so with variable-frame-rate video a
second mark sits between the frames that straddle it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from interactioncoder.ui.timeline.model.layout import Viewport

FRAME_MODE_PX = 5.0  # from this frame width on, every frame boundary gets a tick
MIN_LABEL_PX = 90.0  # labelled ticks are at least this far apart
_TIME_STEPS_MS = (
    10, 20, 50, 100, 200, 500,
    1_000, 2_000, 5_000, 10_000, 15_000, 30_000,
    60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000,
)  # fmt: skip
_FRAME_STEPS = (1, 2, 5, 10, 15, 30, 60, 150, 300, 600)


@dataclass(frozen=True)
class Tick:
    x: float
    major: bool
    label: str = ""  # time (major ticks)
    frame_label: str = ""  # frame number (major ticks in frame mode)


def format_time(ms: float, step_ms: float = 1000.0, hours: bool = False) -> str:
    """``m:ss`` (or ``h:mm:ss``) with as many decimals as the tick step needs."""
    decimals = 0 if step_ms >= 1000 else (1 if step_ms >= 100 else (2 if step_ms >= 10 else 3))
    sign = "-" if ms < 0 else ""
    total = abs(ms) / 1000.0
    whole = math.floor(round(total, decimals))
    frac = round(total - whole, decimals) if decimals else 0.0
    h, rem = divmod(whole, 3600)
    m, s = divmod(rem, 60)
    sec = f"{s:02d}" if decimals == 0 else f"{s + frac:0{3 + decimals}.{decimals}f}"
    if hours or h:
        return f"{sign}{h}:{m:02d}:{sec}"
    return f"{sign}{m}:{sec}"


def times_to_frame_positions(
    times_ms: np.ndarray, frame_times: np.ndarray, end_ms: float
) -> np.ndarray:
    """Fractional frame positions of times (frame i + how far into its display time)."""
    idx = np.searchsorted(frame_times, times_ms, side="right") - 1
    idx = np.clip(idx, 0, len(frame_times) - 1)
    start = frame_times[idx]
    nxt = np.where(
        idx + 1 < len(frame_times), frame_times[np.minimum(idx + 1, len(frame_times) - 1)], end_ms
    )
    span = np.maximum(nxt - start, 1e-9)
    positions: np.ndarray = idx + np.clip((times_ms - start) / span, 0.0, 1.0)
    return positions


def ruler_ticks(view: Viewport, frame_times: np.ndarray | None, duration_ms: float) -> list[Tick]:
    """Ticks for the visible range; without frame times (no video yet) frame numbers only."""
    first, last = view.visible_frames()
    if last < first:
        return []
    if frame_times is None or len(frame_times) == 0:
        return _frame_number_ticks(view, first, last)
    hours = duration_ms >= 3_600_000
    if view.px_per_frame >= FRAME_MODE_PX:
        return _frame_ticks(view, frame_times, first, last, hours)
    return _time_ticks(view, frame_times, duration_ms, first, last, hours)


def _frame_ticks(
    view: Viewport, frame_times: np.ndarray, first: int, last: int, hours: bool
) -> list[Tick]:
    step = next((k for k in _FRAME_STEPS if k * view.px_per_frame >= MIN_LABEL_PX), 600)
    ticks = []
    for f in range(first, last + 1):
        x = view.frame_to_x(f)
        if f % step == 0:
            label = format_time(float(frame_times[f]), 1.0, hours)
            ticks.append(Tick(x, True, label, f"#{f}"))
        else:
            ticks.append(Tick(x, False))
    return ticks


def _time_ticks(
    view: Viewport,
    frame_times: np.ndarray,
    duration_ms: float,
    first: int,
    last: int,
    hours: bool,
) -> list[Tick]:
    n = len(frame_times)
    ms_per_frame = (duration_ms - float(frame_times[0])) / n if n else 40.0
    ms_per_px = ms_per_frame / view.px_per_frame
    step = next((s for s in _TIME_STEPS_MS if s / ms_per_px >= MIN_LABEL_PX), _TIME_STEPS_MS[-1])
    minor_div = 3 if str(step).startswith(("15", "3")) else (2 if str(step).startswith("2") else 5)
    minor = step / minor_div
    t0 = float(frame_times[first])
    t1 = float(frame_times[last]) + ms_per_frame
    k0, k1 = math.floor(t0 / minor), math.ceil(t1 / minor)
    times = np.arange(k0, k1 + 1, dtype=np.float64) * minor
    positions = times_to_frame_positions(times, frame_times, duration_ms)
    ticks = []
    for k, t, pos in zip(range(k0, k1 + 1), times, positions, strict=True):
        if t < frame_times[0] or t > duration_ms:
            continue
        x = view.frame_to_x(float(pos))
        major = k % minor_div == 0
        ticks.append(Tick(x, major, format_time(float(t), step, hours) if major else ""))
    return ticks


def _frame_number_ticks(view: Viewport, first: int, last: int) -> list[Tick]:
    steps = [k * m for m in (1, 10, 100, 1000, 10000, 100000) for k in (1, 2, 5)]
    step = next((k for k in steps if k * view.px_per_frame >= MIN_LABEL_PX), steps[-1])
    minor = step // 5 if step >= 5 else 1
    start = (first // minor) * minor
    return [
        Tick(view.frame_to_x(f), f % step == 0, "", f"#{f}" if f % step == 0 else "")
        for f in range(start, last + 1, minor)
    ]
