"""Regions of interest as pixel masks (OpenCV fills polygons; rectangles are exact)."""

from __future__ import annotations

import math

import cv2
import numpy as np

from interactioncoder.core.regions import Region, RegionError


def region_mask(region: Region, width: int, height: int) -> np.ndarray:
    """Boolean mask (height x width) of the pixels whose centres lie inside."""
    if width <= 0 or height <= 0:
        raise RegionError("the picture has no pixels")
    if region.is_rectangle:
        return _rectangle_mask(region, width, height)
    canvas = np.zeros((height, width), np.uint8)
    # Pixel centres: a normalised x maps to x * width - 0.5 in pixel coordinates.
    outline = np.array(
        [[x * width - 0.5, y * height - 0.5] for x, y in region.polygon()], np.float64
    )
    shift = 4  # sub-pixel precision of fillPoly (1/16 pixel)
    cv2.fillPoly(canvas, [np.round(outline * (1 << shift)).astype(np.int32)], 1, shift=shift)
    mask = canvas.astype(bool)
    if not mask.any():
        raise RegionError(f"region {region.name!r} covers no pixel at {width}x{height}")
    return mask


def _rectangle_mask(region: Region, width: int, height: int) -> np.ndarray:
    """Pixels whose centres lie in [left, right) x [top, bottom): rectangles that tile
    the picture share no pixel."""
    (x0, y0), (x1, y1) = region.points
    left, right = sorted((x0, x1))
    top, bottom = sorted((y0, y1))

    def span(lo: float, hi: float, size: int) -> slice:
        return slice(math.ceil(lo * size - 0.5), math.ceil(hi * size - 0.5))

    mask = np.zeros((height, width), bool)
    mask[span(top, bottom, height), span(left, right, width)] = True
    if not mask.any():
        raise RegionError(f"region {region.name!r} covers no pixel at {width}x{height}")
    return mask
