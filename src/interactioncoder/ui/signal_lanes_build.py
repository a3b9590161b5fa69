"""Signal results of a session -> timeline lanes (presentation only; the rules are in
:mod:`interactioncoder.workflow.signals`). Runs on a worker thread: no widgets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from interactioncoder.signals.motion import MotionParams
from interactioncoder.storage import ProjectRepository
from interactioncoder.ui.timeline.model.signal_lanes import (
    Lane,
    LaneKind,
    SignalLane,
    SynchronyLane,
)
from interactioncoder.workflow.signals import (
    RegionRef,
    SessionSynchrony,
    SynchronySettings,
    master_frame_map,
    motion_energy_for,
    on_master_frames,
    stored_motion_energy,
    synchrony_for,
)

Progress = Callable[[float, str], None]
LANE_COLORS = ("#d84315", "#1565c0", "#2e7d32", "#6a1b9a", "#00838f", "#ef6c00")


@dataclass(frozen=True)
class LaneResult:
    lanes: list[Lane]
    synchrony: SessionSynchrony | None = None

    def summary(self) -> str:
        if self.synchrony is None:
            return f"{len(self.lanes)} signal lanes"
        res = self.synchrony.result
        x_leads, y_leads, _ = res.shares()
        text = f"synchrony {res.global_synchrony:.3f}"
        if res.test is not None:
            text += f" (surrogates: p = {res.test.p_value:.3f}, d = {res.test.effect_size:.2f})"
        y, x = self.synchrony.y.region, self.synchrony.x.region
        return f"{text}; {y} follows in {x_leads:.0%} of windows, {x} in {y_leads:.0%}"


def robust_top(values: np.ndarray) -> float:
    """The top of a lane's scale: above nearly all values, so a rare spike (a camera's
    exposure jump) is cut at the top instead of flattening everything else."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return 1.0
    top = max(float(np.percentile(finite, 99.5)) * 1.25, float(np.median(finite)) * 2)
    if top <= 0:
        top = float(finite.max())
    return top if top > 0 else 1.0


def region_refs(repo: ProjectRepository, session_id: int) -> list[RegionRef]:
    return [
        RegionRef(camera, r.name)
        for camera, regions in repo.list_regions(session_id).items()
        for r in regions
    ]


def motion_lanes(
    repo: ProjectRepository,
    session_id: int,
    progress: Progress | None = None,
    stored_only: bool = False,
) -> list[Lane]:
    """A line lane of motion energy per region of every camera (on master frames).

    *stored_only*: only what the project already holds (no decoding; [] if anything is
    missing), for showing the lanes at once when a session opens.
    """
    params = MotionParams()
    lanes: list[Lane] = []
    for camera in repo.list_regions(session_id):
        if stored_only:
            kept = stored_motion_energy(repo, session_id, camera, params)
            if kept is None:
                return []
            result = kept
        else:
            result = motion_energy_for(repo, session_id, camera, params, progress=progress)
        frame_map = master_frame_map(repo, session_id, camera)
        for region in result.regions:
            values = on_master_frames(frame_map, result.column(region))
            top = robust_top(values)
            color = LANE_COLORS[len(lanes) % len(LANE_COLORS)]
            lanes.append(
                SignalLane(
                    f"{camera}:{region}",
                    values.astype(np.float32),
                    LaneKind.LINE,
                    0.0,
                    top,
                    color,
                )
            )
    return lanes


def synchrony_lane(s: SessionSynchrony, note: str = "") -> SynchronyLane:
    res = s.result
    lag_s = res.params.max_lag / s.fps
    return SynchronyLane(
        f"synchrony {s.x.region} · {s.y.region}",
        s.window_frames(),
        res.params.window,
        res.lags,
        res.r,
        top_label=f"▲ {s.y.region} follows ({lag_s:.3g} s)",
        bottom_label=f"▼ {s.x.region} follows",
        note=note,
    )


def build_lanes(
    repo: ProjectRepository,
    session_id: int,
    pair: SynchronySettings | None,
    progress: Progress | None = None,
) -> LaneResult:
    """Motion energy lanes for every region, then (with *pair*) their synchrony heat map."""
    lanes = motion_lanes(repo, session_id, progress)
    if pair is None:
        return LaneResult(lanes)
    if progress is not None:
        progress(0.99, f"Synchrony of {pair.x.label()} and {pair.y.label()}")
    sync = synchrony_for(repo, session_id, pair)
    note = LaneResult([], sync).summary()
    return LaneResult([*lanes, synchrony_lane(sync, note)], sync)
