"""Motion energy per region (MEA, Ramseyer & Tschacher 2011) and optional optical flow.

Motion energy of frame *n* in a region is the share of the region's pixels whose grey
level changed by more than ``threshold`` since frame *n - 1*, after the frames were scaled
down to ``width`` pixels and lightly blurred (both remove camera noise and compression
flicker, which would otherwise count as movement). Frame 0 has no previous frame: 0.

The optional dense optical flow (Farnebäck) gives each region's mean displacement per
frame (dx, dy in downscaled pixels), e.g. to tell a lean *toward* the partner from one away.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np

from interactioncoder.core.regions import Region
from interactioncoder.signals.masks import region_mask

MIN_WIDTH, MAX_WIDTH = 16, 1920


@dataclass(frozen=True)
class MotionParams:
    """How frames are compared; stored with every result (a result is only valid for them)."""

    width: int = 160  # frames are scaled to this width (aspect kept) before differencing
    blur: int = 3  # Gaussian kernel size in pixels (odd); 1 = no blur
    threshold: int = 12  # grey-level change (of 255) that counts as movement
    flow: bool = False  # also compute Farnebäck optical flow per region

    def __post_init__(self) -> None:
        if not MIN_WIDTH <= self.width <= MAX_WIDTH:
            raise ValueError(f"width must be {MIN_WIDTH}-{MAX_WIDTH} pixels")
        if self.blur < 1 or self.blur % 2 == 0 or self.blur > 31:
            raise ValueError("blur must be an odd kernel size from 1 to 31")
        if not 0 <= self.threshold <= 254:
            raise ValueError("threshold must be a grey-level difference from 0 to 254")

    def key(self) -> str:
        """A stable text naming these parameters (results are stored under it)."""
        return f"mea-w{self.width}-b{self.blur}-t{self.threshold}-f{int(self.flow)}"


@dataclass(frozen=True)
class MotionEnergy:
    """Per frame (rows) and region (columns)."""

    regions: tuple[str, ...]
    energy: np.ndarray  # float32 (frames, regions), share of pixels moving, 0..1
    params: MotionParams
    flow_dx: np.ndarray | None = None  # float32 (frames, regions), mean px/frame
    flow_dy: np.ndarray | None = None

    @property
    def frame_count(self) -> int:
        return int(self.energy.shape[0])

    def column(self, region: str) -> np.ndarray:
        return self.energy[:, self.regions.index(region)]


@dataclass
class MotionMeter:
    """Feeds on grey frames one by one (already scaled to ``params.width``)."""

    regions: Sequence[Region]
    params: MotionParams
    _masks: list[np.ndarray] = field(default_factory=list, init=False)
    _sizes: np.ndarray = field(default_factory=lambda: np.zeros(0), init=False)
    _previous: np.ndarray | None = field(default=None, init=False)

    def feed(self, grey: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        """Energies of this frame (one per region) and, with flow, (dx, dy) per region."""
        if grey.ndim != 2 or grey.dtype != np.uint8:
            raise ValueError("frames must be 2-D uint8 grey pictures")
        if self.params.blur > 1:
            k = self.params.blur
            grey = cv2.GaussianBlur(grey, (k, k), 0)
        if not self._masks:
            h, w = grey.shape
            self._masks = [region_mask(r, w, h) for r in self.regions]
            self._sizes = np.array([m.sum() for m in self._masks], np.float64)
        previous, self._previous = self._previous, grey
        count = len(self._masks)
        if previous is None:
            return np.zeros(count, np.float32), (
                np.zeros((count, 2), np.float32) if self.params.flow else None
            )
        if previous.shape != grey.shape:
            raise ValueError("all frames must have the same size")
        moving = cv2.absdiff(grey, previous) > self.params.threshold
        energy = (
            np.array([np.count_nonzero(moving[m]) for m in self._masks], np.float64) / self._sizes
        )
        flow = self._flow(previous, grey) if self.params.flow else None
        return energy.astype(np.float32), flow

    def _flow(self, previous: np.ndarray, grey: np.ndarray) -> np.ndarray:
        field_ = cv2.calcOpticalFlowFarneback(
            previous,
            grey,
            None,  # type: ignore[call-overload]  # OpenCV's stubs want an array here
            0.5,
            3,
            15,
            3,
            5,
            1.2,
            0,
        )
        return np.array([field_[m].mean(axis=0) for m in self._masks], np.float32).reshape(
            len(self._masks), 2
        )


def motion_energy(
    frames: Iterable[np.ndarray],
    regions: Sequence[Region],
    params: MotionParams,
    frame_count: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> MotionEnergy:
    """Motion energy of a sequence of grey frames (scaled to ``params.width``).

    *progress* is called with the number of frames done (every 30 frames); it may raise
    to cancel. With *frame_count* the result is allocated once and more frames are refused.
    """
    if not regions:
        raise ValueError("give at least one region")
    names = tuple(r.name for r in regions)
    if len(set(names)) != len(names):
        raise ValueError("region names must be different")
    meter = MotionMeter(regions, params)
    energy_out = _Rows(len(names), frame_count)
    flow_out = _Rows(2 * len(names), frame_count) if params.flow else None
    for n, grey in enumerate(frames):
        energy, flow = meter.feed(grey)
        energy_out.append(energy)
        if flow_out is not None and flow is not None:
            flow_out.append(flow.reshape(-1))
        if progress is not None and n % 30 == 29:
            progress(n + 1)
    energy_arr = energy_out.result()
    if frame_count is not None and energy_arr.shape[0] != frame_count:
        raise ValueError(f"expected {frame_count} frames, got {energy_arr.shape[0]}")
    dx = dy = None
    if flow_out is not None:
        stacked = flow_out.result().reshape(-1, len(names), 2)
        dx, dy = stacked[..., 0], stacked[..., 1]
    return MotionEnergy(names, energy_arr, params, dx, dy)


class _Rows:
    """float32 rows, in one array when the count is known (memory does not grow per frame)."""

    def __init__(self, width: int, count: int | None) -> None:
        self._array = np.zeros((count or 1024, width), np.float32)
        self._n, self._fixed = 0, count is not None

    def append(self, row: np.ndarray) -> None:
        if self._n == self._array.shape[0]:
            if self._fixed:
                raise ValueError(f"more frames than the {self._n} expected")
            self._array = np.concatenate([self._array, np.zeros_like(self._array)])
        self._array[self._n] = row
        self._n += 1

    def result(self) -> np.ndarray:
        return self._array[: self._n].copy() if self._n < self._array.shape[0] else self._array


def toward_component(
    dx: np.ndarray, dy: np.ndarray, origin: tuple[float, float], target: tuple[float, float]
) -> np.ndarray:
    """The flow's component toward *target* from *origin* (positive: moving toward it).

    Points are in the same normalised picture coordinates as regions; the flow's pixel
    units are kept (only the direction is normalised).
    """
    vx, vy = target[0] - origin[0], target[1] - origin[1]
    length = float(np.hypot(vx, vy))
    if length == 0:
        raise ValueError("origin and target are the same point")
    return np.asarray((dx * vx + dy * vy) / length, np.float32)
