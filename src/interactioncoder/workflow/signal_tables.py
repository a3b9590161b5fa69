"""Signals of a session as tidy tables (per master frame, per window, per phase)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from interactioncoder.core.timebase import Timebase
from interactioncoder.exchange.tables.signals import (
    column_name,
    frame_signal_table,
    phase_summary_table,
    synchrony_window_table,
)
from interactioncoder.signals.motion import MotionParams
from interactioncoder.storage import ProjectRepository
from interactioncoder.workflow.signals import (
    Progress,
    SessionSynchrony,
    SignalError,
    SynchronySettings,
    master_frame_map,
    motion_energy_for,
    on_master_frames,
    synchrony_for,
)


def master_timebase(repo: ProjectRepository, session_id: int) -> Timebase:
    timebase = repo.session_timebase(session_id)
    if timebase is None:
        raise SignalError(f"session {session_id} has no master video frame times")
    return timebase


def _times_ms(timebase: Timebase) -> np.ndarray:
    return np.array([timebase.frame_to_ms(f) for f in range(timebase.frame_count)])


def motion_table(
    repo: ProjectRepository,
    session_id: int,
    cameras: Sequence[str],
    params: MotionParams | None = None,
) -> pd.DataFrame:
    """Motion energy of every region of *cameras*, one row per master frame; a column
    ``motion_<camera>_<region>`` each (and flow ``dx_``/``dy_`` columns with flow)."""
    session = repo.get_session(session_id)
    columns: dict[str, np.ndarray] = {}
    for camera in cameras:
        result = motion_energy_for(repo, session_id, camera, params)
        frames = master_frame_map(repo, session_id, camera)
        for i, region in enumerate(result.regions):
            columns[column_name("motion", camera, region)] = on_master_frames(
                frames, result.energy[:, i]
            )
            if result.flow_dx is not None and result.flow_dy is not None:
                columns[column_name("dx", camera, region)] = on_master_frames(
                    frames, result.flow_dx[:, i]
                )
                columns[column_name("dy", camera, region)] = on_master_frames(
                    frames, result.flow_dy[:, i]
                )
    times = _times_ms(master_timebase(repo, session_id))
    return frame_signal_table(session_id, session.name, times, columns)


def synchrony_tables(
    repo: ProjectRepository,
    session_id: int,
    settings: SynchronySettings,
    params: MotionParams | None = None,
    progress: Progress | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, SessionSynchrony]:
    """(per-window table, per-phase summary, the synchrony itself). Phases are the
    session's segments (play / still-face / reunion ...) and the whole session."""
    sync = synchrony_for(repo, session_id, settings, params, progress)
    x, y = settings.x, settings.y
    session = repo.get_session(session_id)
    timebase = master_timebase(repo, session_id)
    times = _times_ms(timebase)
    result = sync.result
    windows = synchrony_window_table(
        session_id,
        session.name,
        sync.window_frames(),
        times,
        result.peak_r,
        result.peak_lag,
        sync.fps,
    )
    x_col, y_col = (
        column_name("motion", x.camera, x.region),
        column_name("motion", y.camera, y.region),
    )
    frames = motion_table(repo, session_id, sorted({x.camera, y.camera}), params)
    phases = [("session", 0, timebase.frame_count)] + [
        (s.name, s.onset_frame, s.offset_frame) for s in repo.list_segments(session_id)
    ]
    summary = phase_summary_table(session_id, session.name, phases, frames, [x_col, y_col], windows)
    return windows, summary, sync
