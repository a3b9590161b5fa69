"""A synthetic two-person scene for the signal tests: a patch in region A ("mother", left
half) moves during known frames, and a patch in region B ("infant", right half) repeats
each movement a fixed number of frames later. Camera noise is added on every frame."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

from interactioncoder.core.regions import Region

WIDTH, HEIGHT = 160, 96
REGION_A = Region.rectangle("mother", 0.0, 0.0, 0.5, 1.0)
REGION_B = Region.rectangle("infant", 0.5, 0.0, 1.0, 1.0)


@dataclass(frozen=True)
class Scene:
    frames: list[np.ndarray]
    moving_a: np.ndarray  # bool per frame: patch A moved since the previous frame
    moving_b: np.ndarray


def _positions(moves: np.ndarray, start: int) -> np.ndarray:
    """x of a patch per frame: it steps 3 px on every frame whose flag is set."""
    return start + 3 * (np.cumsum(moves) % 12)


def two_person_scene(
    frame_count: int,
    bouts: list[tuple[int, int]],
    follow: int,
    noise_sd: float = 2.0,
    seed: int = 0,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> Scene:
    """*bouts*: (first, last) frames (inclusive) in which A moves; B moves *follow* later."""
    moving_a = np.zeros(frame_count, bool)
    for first, last in bouts:
        moving_a[first : last + 1] = True
    moving_b = np.zeros(frame_count, bool)
    moving_b[follow:] = moving_a[: frame_count - follow]
    xa = _positions(moving_a, width // 10)
    xb = _positions(moving_b, width // 2 + width // 10)
    rng = np.random.default_rng(seed)
    side = height // 4
    frames = []
    for n in range(frame_count):
        img = np.full((height, width), 100.0)
        img[height // 3 : height // 3 + side, xa[n] : xa[n] + side] = 220
        img[height // 2 : height // 2 + side, xb[n] : xb[n] + side] = 30
        img += rng.normal(0, noise_sd, img.shape)
        frames.append(np.clip(img, 0, 255).astype(np.uint8))
    return Scene(frames, moving_a, moving_b)


def write_scene_video(path: Path, scene: Scene, fps: int = 30, scale: int = 2) -> Path:
    """The scene as an H.264 MP4, *scale* times larger (the engine scales it back down)."""
    with av.open(str(path), mode="w") as container:
        stream = container.add_stream("libx264", rate=fps)
        height, width = scene.frames[0].shape
        stream.width, stream.height = width * scale, height * scale
        stream.pix_fmt = "yuv420p"
        stream.options = {"qp": "12", "preset": "ultrafast", "g": "30"}
        for grey in scene.frames:
            big = np.kron(grey, np.ones((scale, scale), np.uint8))
            rgb = np.repeat(big[..., None], 3, axis=2)
            for packet in stream.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path
