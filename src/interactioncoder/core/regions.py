"""Named regions of interest on a camera's picture (e.g. "mother", "infant face").

Pure geometry (no image library): :mod:`interactioncoder.signals.masks` turns a region into
pixels. Points are normalised to the displayed picture (0..1 from the left/top edge), so a region
drawn on one size of a video fits every scaled copy of it. Two points are the opposite
corners of a rectangle; three or more are a polygon.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MAX_POINTS = 64
MAX_NAME = 80


class RegionError(ValueError):
    """A region that cannot be drawn (no name, a point off the picture, no area)."""


@dataclass(frozen=True)
class Region:
    name: str
    points: tuple[tuple[float, float], ...]

    def __post_init__(self) -> None:
        if not self.name.strip() or len(self.name) > MAX_NAME:
            raise RegionError(f"a region needs a name of 1-{MAX_NAME} characters")
        if not 2 <= len(self.points) <= MAX_POINTS:
            raise RegionError(f"region {self.name!r}: give 2 corners or 3-{MAX_POINTS} points")
        for x, y in self.points:
            if not (math.isfinite(x) and math.isfinite(y) and 0 <= x <= 1 and 0 <= y <= 1):
                raise RegionError(f"region {self.name!r}: point ({x}, {y}) is off the picture")
        if self.area() <= 0:
            raise RegionError(f"region {self.name!r} has no area")

    @classmethod
    def rectangle(cls, name: str, left: float, top: float, right: float, bottom: float) -> Region:
        return cls(name, ((left, top), (right, bottom)))

    @property
    def is_rectangle(self) -> bool:
        return len(self.points) == 2

    def polygon(self) -> tuple[tuple[float, float], ...]:
        """The outline as a polygon (a rectangle's four corners)."""
        if not self.is_rectangle:
            return self.points
        (x0, y0), (x1, y1) = self.points
        return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))

    def area(self) -> float:
        """Share of the picture covered (shoelace formula)."""
        pts = self.polygon()
        twice = sum(
            pts[i][0] * pts[(i + 1) % len(pts)][1] - pts[(i + 1) % len(pts)][0] * pts[i][1]
            for i in range(len(pts))
        )
        return abs(twice) / 2

    def centre(self) -> tuple[float, float]:
        pts = self.polygon()
        return (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
