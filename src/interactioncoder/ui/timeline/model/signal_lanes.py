"""Signal lanes under the code rows: a value per master frame, or a lag x time heat map.

Qt-free. A ``SignalLane`` is one continuous signal on master frames (motion energy of a
region, sound energy), drawn as a line (min/max envelope per pixel column) or as a heat
strip. A ``SynchronyLane`` is a windowed cross-lagged correlation: a row per lag, a
column per window, drawn as a heat map of r (blue -1 .. white 0 .. red +1). ``SignalLanes``
holds them in order with the hidden ones, stacks them (``layout``) and finds the lane
under a y. Painting reduces the visible frames to one value pair per device-pixel column
(``column_minmax``), so a 20,000-frame signal costs as much as one screen width.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import Enum

import numpy as np

LINE_HEIGHT = 40.0
HEAT_HEIGHT = 18.0
SYNCHRONY_HEIGHT = 72.0
MAX_AREA_SHARE = 0.5  # lanes take at most this share of the widget's height


class LaneKind(Enum):
    LINE = "line"
    HEAT = "heat"


@dataclass(frozen=True, eq=False)
class SignalLane:
    """A signal on master frames (NaN where there is none, e.g. a camera not recording)."""

    name: str
    values: np.ndarray  # float32, one per master frame
    kind: LaneKind = LaneKind.LINE
    lo: float = 0.0
    hi: float = 1.0
    color: str = "#2a7ab0"

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", np.asarray(self.values, np.float32).ravel())
        if not self.hi > self.lo:
            raise ValueError(f"lane {self.name!r}: the range needs hi > lo")

    @property
    def height(self) -> float:
        return LINE_HEIGHT if self.kind is LaneKind.LINE else HEAT_HEIGHT

    def value_at(self, frame: int) -> float:
        if 0 <= frame < self.values.size:
            return float(self.values[frame])
        return math.nan


@dataclass(frozen=True, eq=False)
class SynchronyLane:
    """Windows starting at master frames ``starts`` (``window`` frames long); r per lag."""

    name: str
    starts: np.ndarray  # int, (windows,)
    window: int
    lags: np.ndarray  # int frames, (lags,); positive: the second region follows
    r: np.ndarray  # (windows, lags), NaN where undefined
    kind: LaneKind = LaneKind.HEAT
    top_label: str = "follows"  # what the top rows (largest lags) mean
    bottom_label: str = "leads"
    note: str = ""  # a summary for the tooltip (global synchrony, surrogate test)
    argb: np.ndarray = field(init=False, repr=False)  # the cells' colours, windows x lags

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts", np.asarray(self.starts, np.int64).ravel())
        object.__setattr__(self, "lags", np.asarray(self.lags, np.int64).ravel())
        r = np.asarray(self.r, np.float32)
        if r.shape != (self.starts.size, self.lags.size):
            raise ValueError(f"lane {self.name!r}: r must be windows x lags")
        object.__setattr__(self, "r", r)
        # colours once: a repaint only gathers them (windows x lags can be ~1M cells)
        object.__setattr__(self, "argb", diverging_argb(r))

    @property
    def height(self) -> float:
        return SYNCHRONY_HEIGHT

    def window_at(self, frame: float) -> int:
        """The window whose centre is nearest *frame* (-1 outside all windows)."""
        idx = self.windows_at(np.array([frame], np.float64))
        return int(idx[0])

    def windows_at(self, frames: np.ndarray) -> np.ndarray:
        if self.starts.size == 0:
            return np.full(frames.shape, -1, np.int64)
        centres = self.starts + self.window / 2
        i = np.clip(np.searchsorted(centres, frames), 1, max(1, centres.size - 1))
        if centres.size == 1:
            nearest = np.zeros(frames.shape, np.int64)
        else:
            left_closer = (frames - centres[i - 1]) < (centres[i] - frames)
            nearest = np.where(left_closer, i - 1, i)
        inside = (frames >= self.starts[0]) & (frames < self.starts[-1] + self.window)
        return np.where(inside, nearest, -1).astype(np.int64)


FILMSTRIP_HEIGHT = 52.0


@dataclass(eq=False)
class FilmstripLane:
    """Thumbnails of master frames (from the scrub proxy), filled in as they arrive."""

    name: str = "Filmstrip"
    aspect: float = 16 / 9  # width / height of a picture
    thumbs: dict[int, np.ndarray] = field(default_factory=dict)  # frame -> H x W x 3 uint8
    color: str = "#808080"

    @property
    def height(self) -> float:
        return FILMSTRIP_HEIGHT

    def slot_width(self) -> float:
        return max(8.0, (self.height - 4) * self.aspect)


Lane = SignalLane | SynchronyLane | FilmstripLane


def filmstrip_slots(
    first_frame: float, px_per_frame: float, width: float, slot: float, frame_count: int
) -> list[tuple[int, float]]:
    """(frame, x from the view's left) of each thumbnail slot: the frame under the
    middle of the slot, inside the video."""
    out: list[tuple[int, float]] = []
    if px_per_frame <= 0 or slot <= 0:
        return out
    for i in range(math.ceil(width / slot)):
        frame = math.floor(first_frame + (i + 0.5) * slot / px_per_frame)
        if 0 <= frame < frame_count:
            out.append((frame, i * slot))
    return out


def lane_tooltip(lane: Lane, frame: int) -> str:
    """What a lane shows at *frame*, in words."""
    if isinstance(lane, FilmstripLane):
        return f"{lane.name}: frame {frame}"
    if isinstance(lane, SignalLane):
        value = lane.value_at(frame)
        shown = "no signal" if math.isnan(value) else f"{value:.4g}"
        return f"{lane.name} at frame {frame}: {shown}"
    i = lane.window_at(frame)
    lines = [lane.name]
    if i < 0 or np.isnan(lane.r[i]).all():
        lines.append(f"frame {frame}: no window")
    else:
        best = int(np.nanargmax(lane.r[i]))
        start = int(lane.starts[i])
        lines.append(
            f"window frames {start}-{start + lane.window - 1}: peak r = {lane.r[i, best]:.2f} "
            f"at lag {int(lane.lags[best]):+d} frames"
        )
    if lane.note:
        lines.append(lane.note)
    return "\n".join(lines)


@dataclass
class SignalLanes:
    """The lanes in display order, which are hidden, and a version the painter keys on."""

    lanes: list[Lane] = field(default_factory=list)
    hidden: set[str] = field(default_factory=set)
    version: int = 0
    filmstrip: FilmstripLane | None = None  # kept apart: set_lanes leaves it in place

    def set_filmstrip(self, lane: FilmstripLane | None) -> None:
        self.filmstrip = lane
        self.version += 1

    def all(self) -> list[Lane]:
        """Every lane, hidden or not: the filmstrip first."""
        return ([self.filmstrip] if self.filmstrip is not None else []) + self.lanes

    def set_lanes(self, lanes: list[Lane]) -> None:
        names = [lane.name for lane in lanes]
        if len(set(names)) != len(names):
            raise ValueError("signal lane names must differ")
        self.lanes = list(lanes)
        self.hidden &= {lane.name for lane in self.all()}
        self.version += 1

    def set_hidden(self, name: str, hidden: bool) -> None:
        if hidden:
            self.hidden.add(name)
        else:
            self.hidden.discard(name)
        self.version += 1

    def visible(self) -> list[Lane]:
        return [lane for lane in self.all() if lane.name not in self.hidden]

    def height(self) -> float:
        return sum(lane.height for lane in self.visible())

    def area_height(self, widget_height: float) -> float:
        """The lanes area's height in a widget of *widget_height* (0 without lanes)."""
        return float(min(self.height(), math.floor(widget_height * MAX_AREA_SHARE)))

    def layout(self, top: float) -> list[tuple[Lane, float]]:
        """Visible lanes with their top y, stacked from *top*."""
        out: list[tuple[Lane, float]] = []
        y = top
        for lane in self.visible():
            out.append((lane, y))
            y += lane.height
        return out

    def lane_at(self, top: float, y: float) -> Lane | None:
        for lane, ly in self.layout(top):
            if ly <= y < ly + lane.height:
                return lane
        return None


def column_bounds(first_frame: float, px_per_frame: float, width_px: int) -> np.ndarray:
    """Frame at the left edge of each device-pixel column and one past the last."""
    cols = np.arange(width_px + 1, dtype=np.float64)
    return np.floor(first_frame + cols / px_per_frame).astype(np.int64)


def column_minmax(
    values: np.ndarray, first_frame: float, px_per_frame: float, width_px: int
) -> tuple[np.ndarray, np.ndarray]:
    """Min and max of the frames under each device-pixel column (NaN where none).

    Zoomed in (a frame wider than a column) each column gets the value of its frame;
    zoomed out, the extremes of all frames it covers, so a one-frame spike still shows.
    """
    lo = np.full(width_px, np.nan, np.float32)
    hi = np.full(width_px, np.nan, np.float32)
    n = values.size
    if n == 0 or width_px <= 0:
        return lo, hi
    bounds = column_bounds(first_frame, px_per_frame, width_px)
    start = bounds[:-1]
    ok = (start >= 0) & (start < n)
    if not ok.any():
        return lo, hi
    cols = np.flatnonzero(ok)
    starts = start[cols]
    end = int(min(n, max(int(bounds[cols[-1] + 1]), int(starts[-1]) + 1)))
    segment = values[:end]
    with np.errstate(invalid="ignore"):
        lo[cols] = np.fmin.reduceat(segment, starts)
        hi[cols] = np.fmax.reduceat(segment, starts)
    return lo, hi


def heat_argb(values: np.ndarray, lo: float, hi: float, rgb: tuple[int, int, int]) -> np.ndarray:
    """Values -> ARGB32 (premultiplied) from transparent (lo) to *rgb* (hi); NaN -> none."""
    t = np.clip((np.nan_to_num(values, nan=lo) - lo) / (hi - lo), 0.0, 1.0)
    t = np.where(np.isnan(values), 0.0, t)
    alpha = np.round(t * 255).astype(np.uint32)
    r, g, b = ((alpha * c) // 255 for c in rgb)
    return np.asarray((alpha << 24) | (r << 16) | (g << 8) | b, np.uint32)


def diverging_argb(r: np.ndarray) -> np.ndarray:
    """Correlations -> ARGB32: blue (-1), white (0), red (+1); NaN -> transparent."""
    x = np.clip(np.nan_to_num(r, nan=0.0), -1.0, 1.0)
    pos, neg = np.clip(x, 0, 1), np.clip(-x, 0, 1)
    # white to ColorBrewer's RdBu ends: (178, 24, 43) at +1, (33, 102, 172) at -1
    red = np.round(255 - 77 * pos - 222 * neg).astype(np.uint32)
    green = np.round(255 - 231 * pos - 153 * neg).astype(np.uint32)
    blue = np.round(255 - 212 * pos - 83 * neg).astype(np.uint32)
    argb = (np.uint32(255) << 24) | (red << 16) | (green << 8) | blue
    return np.where(np.isnan(r), np.uint32(0), argb).astype(np.uint32)


def synchrony_image(
    lane: SynchronyLane, first_frame: float, px_per_frame: float, width_px: int
) -> np.ndarray:
    """ARGB32 pixels (lags, width_px): the top row is the largest lag."""
    centres = first_frame + (np.arange(width_px) + 0.5) / px_per_frame
    windows = lane.windows_at(centres)
    out = np.zeros((lane.lags.size, width_px), np.uint32)
    have = windows >= 0
    if have.any():
        out[:, have] = lane.argb[windows[have]].T[::-1]  # (lags, columns), largest lag first
    return np.ascontiguousarray(out)
