"""Signals of a session: motion energy per region, synchrony, voice — computed once, kept.

The rules the GUI lanes, the CLI and the exports share: which video a camera is, how a
result is keyed (video fingerprint + parameters + regions, so it is computed once and a
moved file keeps it), how a camera's frames map onto the master's (the frame on screen at
the same session time, as the player shows it), and how voice activity becomes a machine
coding that a coder can accept event by event.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from interactioncoder.core.project import Session, SessionVideo, Video
from interactioncoder.core.regions import Region
from interactioncoder.core.timebase import Timebase
from interactioncoder.media.gray_frames import iter_grey_frames
from interactioncoder.media.multicam import CameraTrack
from interactioncoder.media.source import VideoSource
from interactioncoder.signals.motion import MotionEnergy, MotionParams, motion_energy
from interactioncoder.signals.synchrony import Synchrony, SynchronyParams, synchrony
from interactioncoder.storage import ProjectRepository

MOTION = "motion"
Progress = Callable[[float, str], None]


class SignalError(ValueError):
    """A signal cannot be computed (no such camera or region, the video is missing)."""


@dataclass(frozen=True)
class SessionSynchrony:
    """Synchrony of two regions; window starts count from master frame ``first_frame``."""

    x: RegionRef
    y: RegionRef
    result: Synchrony
    fps: float
    first_frame: int

    def window_frames(self) -> np.ndarray:
        """Master frame of each window's start."""
        return self.result.starts + self.first_frame


@dataclass(frozen=True)
class RegionRef:
    """One region on one camera, e.g. ("Mother", "mother")."""

    camera: str
    region: str

    @classmethod
    def parse(cls, text: str) -> RegionRef:
        camera, sep, region = text.partition(":")
        if not sep or not camera or not region:
            raise SignalError(f"{text!r}: name a region as CAMERA:REGION")
        return cls(camera, region)

    def label(self) -> str:
        return f"{self.camera}:{self.region}"


def camera_link(session: Session, camera: str) -> SessionVideo:
    for link in session.videos:
        if link.camera == camera:
            return link
    known = ", ".join(repr(v.camera) for v in session.videos) or "none"
    raise SignalError(f"session {session.name!r} has no camera {camera!r} (cameras: {known})")


def motion_key(params: MotionParams, regions: tuple[Region, ...]) -> str:
    """Names a result: the parameters and the exact regions it was computed with."""
    shape = json.dumps([[r.name, [list(p) for p in r.points]] for r in regions])
    return f"{params.key()}-{hashlib.sha256(shape.encode()).hexdigest()[:16]}"


def _columns(result: MotionEnergy) -> tuple[tuple[str, ...], np.ndarray]:
    names = [f"energy:{r}" for r in result.regions]
    parts = [result.energy]
    if result.flow_dx is not None and result.flow_dy is not None:
        names += [f"dx:{r}" for r in result.regions] + [f"dy:{r}" for r in result.regions]
        parts += [result.flow_dx, result.flow_dy]
    return tuple(names), np.hstack(parts)


def _from_columns(
    regions: tuple[Region, ...], params: MotionParams, values: np.ndarray
) -> MotionEnergy:
    k = len(regions)
    dx = values[:, k : 2 * k] if params.flow else None
    dy = values[:, 2 * k : 3 * k] if params.flow else None
    return MotionEnergy(tuple(r.name for r in regions), values[:, :k], params, dx, dy)


def stored_motion_energy(
    repo: ProjectRepository, session_id: int, camera: str, params: MotionParams | None = None
) -> MotionEnergy | None:
    """The motion energy the project keeps for *camera* with these parameters and its
    current regions, or None (nothing is decoded: for showing lanes as a session opens)."""
    params = params or MotionParams()
    session = repo.get_session(session_id)
    regions = repo.list_regions(session_id).get(camera, ())
    if not regions:
        return None
    video = repo.get_video(camera_link(session, camera).video_id)
    stored = repo.load_signal(video.fingerprint, MOTION, motion_key(params, regions))
    return None if stored is None else _from_columns(regions, params, stored[1])


def motion_energy_for(
    repo: ProjectRepository,
    session_id: int,
    camera: str,
    params: MotionParams | None = None,
    *,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
    recompute: bool = False,
    cache_dir: Path | None = None,
) -> MotionEnergy:
    """Motion energy of every region of *camera*, per frame of that camera's video.

    Taken from the project when it was computed before with the same parameters and
    regions (for the same video file, wherever it now is); else computed and kept.
    """
    params = params or MotionParams()
    session = repo.get_session(session_id)
    link = camera_link(session, camera)
    regions = repo.list_regions(session_id).get(camera, ())
    if not regions:
        raise SignalError(
            f"session {session.name!r}, camera {camera!r}: draw a region first "
            "(e.g. 'mother', 'infant')"
        )
    stored = None if recompute else stored_motion_energy(repo, session_id, camera, params)
    if stored is not None:
        return stored
    video = repo.get_video(link.video_id)
    key = motion_key(params, regions)
    source = _open(video, cache_dir)
    total = max(source.frame_count, 1)

    def report(done: int) -> None:
        if progress is not None:
            progress(done / total, f"Motion energy of {camera}: frame {done:,} of {total:,}")

    result = motion_energy(
        iter_grey_frames(source, params.width, should_stop),
        regions,
        params,
        source.frame_count,
        progress=report,
    )
    names, values = _columns(result)
    repo.store_signal(video.fingerprint, MOTION, key, names, values)
    return result


def _open(video: Video, cache_dir: Path | None) -> VideoSource:
    if not Path(video.path).is_file():
        raise SignalError(f"{video.path}: the video is missing; relink it first")
    return VideoSource(video.path, cache_dir=cache_dir)


def _track(repo: ProjectRepository, link: SessionVideo) -> CameraTrack:
    video = repo.get_video(link.video_id)
    timebase = repo.video_timebase(link.video_id)
    if timebase is None:
        timebase = Timebase.constant(video.nominal_fps, video.frame_count)
    return CameraTrack(link.camera, timebase, link.offset_ms)


def master_frame_map(repo: ProjectRepository, session_id: int, camera: str) -> np.ndarray:
    """For every master frame, the frame of *camera* on screen at the same session time
    (-1 where that camera is not recording)."""
    session = repo.get_session(session_id)
    master = session.master
    if master is None:
        raise SignalError(f"session {session.name!r} has no video")
    master_track = _track(repo, master)
    link = camera_link(session, camera)
    if link == master:
        return np.arange(master_track.timebase.frame_count, dtype=np.int64)
    return camera_frames_at(master_track, _track(repo, link))


def camera_frames_at(master: CameraTrack, track: CameraTrack) -> np.ndarray:
    """:meth:`MultiCamSession.camera_frame` for every master frame at once (numpy): the
    frame of *track* on screen at each master frame's session time, -1 where it is not
    recording. Reopening a session maps an hour of frames in milliseconds."""
    master_times = np.asarray(master.timebase.frame_times_ms, dtype=np.float64)
    times = np.asarray(track.timebase.frame_times_ms, dtype=np.float64)
    t = master_times + master.offset_ms - track.offset_ms
    frames = np.searchsorted(times, t + 1e-6, side="right") - 1
    frames = np.clip(frames, 0, times.size - 1)
    off = (t < track.timebase.start_ms - 1e-6) | (t >= track.timebase.duration_ms)
    return np.where(off, -1, frames).astype(np.int64)


def on_master_frames(frame_map: np.ndarray, values: np.ndarray) -> np.ndarray:
    """A per-camera-frame signal resampled onto master frames (NaN where not recording)."""
    out = np.full(frame_map.size, np.nan, np.float64)
    ok = (frame_map >= 0) & (frame_map < values.size)
    out[ok] = values[frame_map[ok]]
    return out


def region_signal(
    repo: ProjectRepository,
    session_id: int,
    ref: RegionRef,
    params: MotionParams | None = None,
    progress: Progress | None = None,
) -> np.ndarray:
    """Motion energy of one region, on master frames."""
    result = motion_energy_for(repo, session_id, ref.camera, params, progress=progress)
    if ref.region not in result.regions:
        raise SignalError(
            f"camera {ref.camera!r} has no region {ref.region!r} "
            f"(regions: {', '.join(result.regions)})"
        )
    return on_master_frames(
        master_frame_map(repo, session_id, ref.camera), result.column(ref.region)
    )


@dataclass(frozen=True)
class SynchronySettings:
    """Which two regions, and the windows, lags and surrogates of their synchrony (in
    seconds; they become samples at the master's frame rate)."""

    x: RegionRef
    y: RegionRef
    window_s: float = 4.0
    step_s: float = 0.5
    max_lag_s: float = 2.0
    surrogates: int = 200
    seed: int = 0


def synchrony_for(
    repo: ProjectRepository,
    session_id: int,
    settings: SynchronySettings,
    params: MotionParams | None = None,
    progress: Progress | None = None,
) -> SessionSynchrony:
    """Windowed cross-lagged correlation of two regions' motion energy on master frames
    (seconds become samples at the master's frame rate). Frames where either camera is
    not recording are left out at the ends (and refused inside)."""
    x, y = settings.x, settings.y
    a = region_signal(repo, session_id, x, params, progress)
    b = region_signal(repo, session_id, y, params, progress)
    both = ~(np.isnan(a) | np.isnan(b))
    if not both.any():
        raise SignalError("the two cameras never record at the same time")
    first, last = np.flatnonzero(both)[[0, -1]]
    if not both[first : last + 1].all():
        raise SignalError("a camera stops recording in the middle; synchronise the cameras")
    fps = _master_fps(repo, session_id)
    sync_params = SynchronyParams(
        window=max(3, round(settings.window_s * fps)),
        step=max(1, round(settings.step_s * fps)),
        max_lag=round(settings.max_lag_s * fps),
        surrogates=settings.surrogates,
        seed=settings.seed,
    )
    result = synchrony(a[first : last + 1], b[first : last + 1], sync_params)
    return SessionSynchrony(x, y, result, fps, int(first))


def _master_fps(repo: ProjectRepository, session_id: int) -> float:
    timebase = repo.session_timebase(session_id)
    if timebase is None:
        session = repo.get_session(session_id)
        master = session.master
        assert master is not None
        return repo.get_video(master.video_id).nominal_fps
    return timebase.nominal_fps()
