"""The code bar: a frame number written into a picture's pixels, and read back.

The top ~30 % of the picture is a grid of 2 x 8 big black/white blocks spelling the
number in binary (16 bits, most significant first). The blocks are an eighth of the
width wide, so the number survives heavy compression, MJPEG, scaling down to a thumbnail
and chroma subsampling. :mod:`interactioncoder.media.synthetic` paints it on every frame
of its test videos.
"""

from __future__ import annotations

import numpy as np

CODE_ROWS = 2
CODE_COLS = 8
CODE_BITS = CODE_ROWS * CODE_COLS
CODE_HEIGHT_FRACTION = 0.3
MAX_FRAME_NUMBER = (1 << CODE_BITS) - 1


def code_blocks(
    width: int, height: int, fraction: float = CODE_HEIGHT_FRACTION
) -> list[tuple[int, int, int, int]]:
    """(y0, y1, x0, x1) of each code block, most significant bit first."""
    bar_h = max(CODE_ROWS * 4, round(height * fraction))
    blocks = []
    for r in range(CODE_ROWS):
        y0, y1 = r * bar_h // CODE_ROWS, (r + 1) * bar_h // CODE_ROWS
        for c in range(CODE_COLS):
            x0, x1 = c * width // CODE_COLS, (c + 1) * width // CODE_COLS
            blocks.append((y0, y1, x0, x1))
    return blocks


def draw_frame_number(rgb: np.ndarray, number: int, fraction: float = CODE_HEIGHT_FRACTION) -> None:
    """Paint the code bar for *number* into the top of *rgb* (H x W x 3 uint8), in place.

    *fraction* is the bar's share of the picture height: tests keep the robust default,
    the demo videos use a slim bar so the scene stays in view.
    """
    if not 0 <= number <= MAX_FRAME_NUMBER:
        raise ValueError(f"frame number {number} does not fit in {CODE_BITS} bits")
    height, width = rgb.shape[:2]
    for bit, (y0, y1, x0, x1) in enumerate(code_blocks(width, height, fraction)):
        on = (number >> (CODE_BITS - 1 - bit)) & 1
        rgb[y0:y1, x0:x1] = 255 if on else 0


def read_frame_number(
    rgb: np.ndarray, rotation: int = 0, fraction: float = CODE_HEIGHT_FRACTION
) -> int:
    """The frame number painted by :func:`draw_frame_number`.

    *rotation* is the clockwise display rotation that was applied to the picture (as in
    ``VideoInfo.rotation``); it is undone first so the code bar is on top again.
    """
    img = np.asarray(rgb)
    if rotation % 360:
        img = np.rot90(img, k=(rotation % 360) // 90)
    height, width = img.shape[:2]
    gray = img.astype(np.float32).mean(axis=2) if img.ndim == 3 else img.astype(np.float32)
    number = 0
    for y0, y1, x0, x1 in code_blocks(width, height, fraction):
        # Sample the block's centre only: edges blur under compression and scaling.
        qy, qx = max((y1 - y0) // 4, 0), max((x1 - x0) // 4, 0)
        patch = gray[y0 + qy : y1 - qy or None, x0 + qx : x1 - qx or None]
        number = (number << 1) | int(patch.mean() >= 128)
    return number
