"""Time units of a session and the per-unit codes of one coder.

A unit is one frame of the master video (default) or a fixed duration in seconds. With
second units each frame belongs to the unit in which it starts being shown; a unit that
no frame starts in (a long frame of a variable-frame-rate video) is left out, as there is
nothing a coder could have seen differently in it.

Variables:
- the STATE codes of a mutually exclusive group are ONE variable whose categories are
  ``NONE`` plus those codes (in codebook order); category 0 is ``NONE``;
- every other code (a state of a non-exclusive group, or any point code) is a variable of
  its own: 0 absent, 1 present. Points stay separate even in an exclusive group, because a
  point never conflicts with a state (the editing rules say the same).

How a unit gets its category:
- frame units: a state covers frames onset..offset-1 (a running state to the end), a point
  its onset frame. In an exclusive group, states should not overlap; if they do, the state
  that starts later wins the frames it covers.
- second units: the category shown for the longest time in the unit (frame display
  durations), a tie going to a code rather than ``NONE`` and then to the earlier code; a
  present/absent code is present when it covers at least half the unit. A point event
  always marks the unit that contains it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from numpy.typing import NDArray

from interactioncoder.core.codebook import CodeGroup, CodeKind
from interactioncoder.core.events import Event
from interactioncoder.core.timebase import Timebase

NONE = "(none)"
IntArray = NDArray[np.int64]


class UnitGrid:
    """The units of one session (or one segment of it)."""

    def __init__(
        self,
        timebase: Timebase,
        unit_seconds: float | None = None,
        first_frame: int = 0,
        end_frame: int | None = None,
    ) -> None:
        if unit_seconds is not None and unit_seconds <= 0:
            raise ValueError(f"the time unit must be positive, not {unit_seconds} s")
        n_frames = timebase.frame_count
        end = n_frames if end_frame is None else min(end_frame, n_frames)
        first = max(0, first_frame)
        if end <= first:
            raise ValueError(f"frame range {first}..{end} is empty")
        times = np.asarray(timebase.frame_times_ms, dtype=float)
        ends = np.append(times[1:], timebase.duration_ms)
        self.timebase = timebase
        self.unit_seconds = unit_seconds
        self.first_frame = first
        self.end_frame = end
        self.frame_times_ms = times[first:end]
        self.frame_durations_ms = (ends - times)[first:end]
        if unit_seconds is None:
            self.unit_of_frame: IntArray = np.arange(end - first, dtype=np.int64)
        else:
            raw = np.floor((self.frame_times_ms - self.frame_times_ms[0]) / (unit_seconds * 1000))
            # Units in which no frame starts are dropped (np.unique renumbers densely).
            _, inverse = np.unique(raw.astype(np.int64), return_inverse=True)
            self.unit_of_frame = inverse.astype(np.int64)
        self.n_units = int(self.unit_of_frame[-1]) + 1
        starts = np.flatnonzero(np.diff(self.unit_of_frame, prepend=-1))
        # First frame (absolute) of each unit, and the first frame after it.
        self.unit_start_frame: IntArray = (starts + first).astype(np.int64)
        self.unit_end_frame: IntArray = np.append(starts[1:] + first, end).astype(np.int64)
        self.unit_start_ms = self.frame_times_ms[starts]
        self.unit_end_ms = np.append(self.unit_start_ms[1:], ends[end - 1])
        self._bounds: dict[float, tuple[IntArray, IntArray]] = {}

    def window_bounds(self, tolerance_ms: float) -> tuple[IntArray, IntArray]:
        """Per unit, the half-open range of units starting within ±tolerance (memoised)."""
        cached = self._bounds.get(tolerance_ms)
        if cached is None:
            t = self.unit_start_ms
            lo = np.searchsorted(t, t - tolerance_ms - 1e-6, side="left").astype(np.int64)
            hi = np.searchsorted(t, t + tolerance_ms + 1e-6, side="right").astype(np.int64)
            cached = self._bounds[tolerance_ms] = (lo, hi)
        return cached

    @property
    def unit_label(self) -> str:
        return "frame" if self.unit_seconds is None else f"{self.unit_seconds:g} s"

    def _span(self, e: Event) -> tuple[int, int] | None:
        """The frames (relative, half-open) an event covers inside this grid."""
        if e.offset_frame is None:
            start, stop = e.onset_frame, self.end_frame
        elif e.offset_frame == e.onset_frame:
            start, stop = e.onset_frame, e.onset_frame + 1
        else:
            start, stop = e.onset_frame, e.offset_frame
        start, stop = max(start, self.first_frame), min(stop, self.end_frame)
        if stop <= start:
            return None
        return start - self.first_frame, stop - self.first_frame

    # -- per-frame values --------------------------------------------------------------
    def exclusive_frames(self, events: Iterable[Event], code_ids: Sequence[str]) -> IntArray:
        """Category (0 = none, i+1 = code_ids[i]) of every frame; later onsets win."""
        index = {c: i + 1 for i, c in enumerate(code_ids)}
        out = np.zeros(self.end_frame - self.first_frame, dtype=np.int64)
        chosen = sorted((e for e in events if e.code_id in index), key=lambda e: e.onset_frame)
        for e in chosen:
            span = self._span(e)
            if span is not None:
                out[span[0] : span[1]] = index[e.code_id]
        return out

    def presence_frames(self, events: Iterable[Event], code_id: str) -> NDArray[np.bool_]:
        n = self.end_frame - self.first_frame
        delta = np.zeros(n + 1, dtype=np.int64)
        for e in events:
            if e.code_id != code_id:
                continue
            span = self._span(e)
            if span is not None:
                delta[span[0]] += 1
                delta[span[1]] -= 1
        return np.cumsum(delta[:-1]) > 0

    # -- per-unit values ----------------------------------------------------------------
    def point_units(self, events: Iterable[Event], code_id: str) -> IntArray:
        frames = [
            e.onset_frame - self.first_frame
            for e in events
            if e.code_id == code_id
            and e.is_point
            and self.first_frame <= e.onset_frame < self.end_frame
        ]
        return np.unique(self.unit_of_frame[np.asarray(frames, dtype=np.int64)])

    def exclusive_units(
        self, events: Sequence[Event], code_ids: Sequence[str], point_ids: Sequence[str] = ()
    ) -> IntArray:
        frames = self.exclusive_frames(events, code_ids)
        if self.unit_seconds is None:
            return frames
        k = len(code_ids) + 1
        share = np.bincount(
            self.unit_of_frame * k + frames,
            weights=self.frame_durations_ms,
            minlength=self.n_units * k,
        ).reshape(self.n_units, k)
        # Ties: a code beats "none" (nudge none down), earlier codes beat later (argmax).
        share = share - np.array([1e-9] + [0.0] * (k - 1))
        units: IntArray = np.argmax(share, axis=1).astype(np.int64)
        index = {c: i + 1 for i, c in enumerate(code_ids)}
        for pid in point_ids:
            units[self.point_units(events, pid)] = index[pid]
        return units

    def presence_units(self, events: Sequence[Event], code_id: str, is_point: bool) -> IntArray:
        if self.unit_seconds is None:
            return self.presence_frames(events, code_id).astype(np.int64)
        if is_point:
            out = np.zeros(self.n_units, dtype=np.int64)
            out[self.point_units(events, code_id)] = 1
            return out
        frames = self.presence_frames(events, code_id)
        covered = np.bincount(
            self.unit_of_frame, weights=self.frame_durations_ms * frames, minlength=self.n_units
        )
        total = np.bincount(
            self.unit_of_frame, weights=self.frame_durations_ms, minlength=self.n_units
        )
        return (covered >= 0.5 * total - 1e-9).astype(np.int64)


def _exclusive_states(group: CodeGroup) -> list[str]:
    if not group.exclusive:
        return []
    return [c.id for c in group.codes if c.kind is CodeKind.STATE]


def group_variables(group: CodeGroup) -> list[tuple[str, tuple[str, ...], bool]]:
    """(variable id, category labels, is the exclusive-group variable) of a group."""
    states = _exclusive_states(group)
    out = [(group.id, (NONE, *states), True)] if states else []
    out += [(c.id, (NONE, c.id), False) for c in group.codes if c.id not in states]
    return out


def variable_units(
    grid: UnitGrid, group: CodeGroup, events: Sequence[Event]
) -> dict[str, IntArray]:
    """The unit sequence of every variable of *group* for one coder."""
    states = _exclusive_states(group)
    out = {group.id: grid.exclusive_units(events, states)} if states else {}
    for c in group.codes:
        if c.id not in states:
            out[c.id] = grid.presence_units(events, c.id, c.kind is CodeKind.POINT)
    return out
