"""Synthetic test and demo videos whose pixels say which frame they are.

Every frame carries a *code bar* (:mod:`interactioncoder.media.code_bar`): the top ~30 %
of the picture is a grid of 2 x 8 big black/white blocks spelling the frame number in
binary (16 bits, most significant first). The blocks are an eighth of the width wide, so
the number survives heavy compression, MJPEG, scaling down to a thumbnail and chroma
subsampling. :func:`read_frame_number` reads it back, which lets tests assert that the
engine delivered exactly the frame asked for (forward, backward, random, VFR, B-frames,
rotated...).

The generator is deliberately small and fast (160 x 120 by default) and writes with PyAV
only, so tests never need a committed media file.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import cast

import av
import numpy as np

from interactioncoder.media.code_bar import (
    CODE_BITS,
    CODE_COLS,
    CODE_HEIGHT_FRACTION,
    CODE_ROWS,
    MAX_FRAME_NUMBER,
    code_blocks,
    draw_frame_number,
    read_frame_number,
)
from interactioncoder.media.synthetic_audio import AudioFeeder, SyntheticAudio
from interactioncoder.media.synthetic_scene import (
    SCENE_ANSWER_DELAY_S,
    SCENE_BOUT_EVERY_S,
    SCENE_STILL_FACE_S,
    in_still_face,
    infant_activity,
    mother_activity,
)

__all__ = [
    "CODE_BITS",
    "CODE_COLS",
    "CODE_HEIGHT_FRACTION",
    "CODE_ROWS",
    "MAX_FRAME_NUMBER",
    "SCENE_ANSWER_DELAY_S",
    "SCENE_BOUT_EVERY_S",
    "SCENE_CAMERAS",
    "SCENE_STILL_FACE_S",
    "SyntheticAudio",
    "WrittenVideo",
    "draw_frame_number",
    "in_still_face",
    "infant_activity",
    "mother_activity",
    "read_frame_number",
    "write_test_video",
]

# Scene cameras: (zoom, centre x, centre y as fractions of the picture).
SCENE_CAMERAS = {
    "wide": (1.0, 0.5, 0.5),
    "mother": (1.4, 0.34, 0.52),
    "infant": (1.8, 0.70, 0.60),
}

_VFR_TIME_BASE = Fraction(1, 90000)


@dataclass(frozen=True)
class WrittenVideo:
    """What :func:`write_test_video` wrote."""

    path: Path
    frame_times_ms: list[float]
    width: int
    height: int
    codec: str
    rotation: int = 0
    audio: SyntheticAudio | None = None
    gop: int = 12
    bframes: int = 0
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def frame_count(self) -> int:
        return len(self.frame_times_ms)


class _Painter:
    """Draws the picture below the code bar; fast numpy only."""

    def __init__(
        self,
        width: int,
        height: int,
        pattern: str,
        seed: int = 0,
        bar_fraction: float = CODE_HEIGHT_FRACTION,
        camera: str = "wide",
    ) -> None:
        self.width, self.height, self.pattern = width, height, pattern
        self.bar_fraction = bar_fraction
        self.yy, self.xx = np.mgrid[0:height, 0:width].astype(np.float32)
        self.bar_h = code_blocks(width, height, bar_fraction)[-1][1]
        if camera not in SCENE_CAMERAS:
            raise ValueError(f"unknown camera {camera!r}: use one of {', '.join(SCENE_CAMERAS)}")
        # The scene's cameras look at the same room: a wide shot, or a closer shot of one
        # figure (pixel grid mapped to room coordinates: zoom about a centre).
        zoom, cx, cy = SCENE_CAMERAS[camera]
        self.room_x = (self.xx - width / 2) / zoom + width * cx
        self.room_y = (self.yy - height / 2) / zoom + height * cy
        if pattern == "texture":
            rng = np.random.default_rng(seed)
            # A detailed texture that is costly to encode (realistic bit rates for benchmarks).
            small = rng.integers(0, 256, (height // 4 + 2, width // 4 + 2, 3), dtype=np.uint8)
            self.texture = np.repeat(np.repeat(small, 4, axis=0), 4, axis=1)[:height, :width]
        elif pattern not in ("blocks", "scene"):
            raise ValueError(f"unknown pattern {pattern!r}: use 'blocks', 'scene' or 'texture'")

    def paint(self, n: int, t_s: float) -> np.ndarray:
        w, h = self.width, self.height
        if self.pattern == "texture":
            shift = (n * 7) % w
            img = np.roll(self.texture, shift, axis=1).copy()
            img[..., 0] = (img[..., 0].astype(np.uint16) + n * 3).astype(np.uint8)
        elif self.pattern == "blocks":
            img = np.empty((h, w, 3), np.uint8)
            img[..., 0] = (self.xx * 255 / max(w - 1, 1)).astype(np.uint8)
            img[..., 1] = (n * 5) % 256
            img[..., 2] = (self.yy * 255 / max(h - 1, 1)).astype(np.uint8)
            side = max(h // 6, 2)
            x = int((n * 3) % max(w - side, 1))
            img[h - side - 1 : h - 1, x : x + side] = (255, 255, 0)
        else:
            img = self._scene(t_s)
        draw_frame_number(img, n, self.bar_fraction)
        return img

    def _scene(self, t_s: float) -> np.ndarray:
        """A pale room with a "mother" (large, warm) and an "infant" (small, light) figure."""
        w, h = self.width, self.height
        img = np.empty((h, w, 3), np.uint8)
        img[...] = (226, 232, 240)
        floor = self.room_y > h * 0.78
        img[floor] = (170, 150, 120)
        top = self.bar_h
        unit = min(w, h - top) / 10.0

        def ellipse(
            cx: float, cy: float, rx: float, ry: float, color: tuple[int, int, int]
        ) -> None:
            mask = ((self.room_x - cx) / rx) ** 2 + ((self.room_y - cy) / ry) ** 2 <= 1.0
            img[mask] = color

        # The mother leans towards the infant in bouts; the infant answers each bout with
        # an arm wave half a second later (what motion-energy lanes and synchrony show).
        # In the still-face phase the mother is still; the infant protests, then gives up.
        lean = unit * 0.9 * mother_activity(t_s)
        mx = w * 0.32 + unit * 0.15 * math.sin(t_s * 0.9) * (not in_still_face(t_s))
        ellipse(mx + lean * 0.5, top + (h - top) * 0.62, unit * 1.8, unit * 2.6, (190, 70, 90))
        ellipse(mx + lean, top + (h - top) * 0.28, unit * 1.0, unit * 1.1, (236, 196, 164))
        answer = infant_activity(t_s)
        ix = w * 0.7 - unit * 0.3 * answer
        iy = top + (h - top) * 0.66 + unit * 0.05 * math.sin(t_s * 3.1)
        ellipse(ix, iy, unit * 1.0, unit * 1.3, (90, 150, 210))
        ellipse(ix, iy - unit * 1.6, unit * 0.7, unit * 0.7, (240, 210, 180))
        arm = unit * 1.4 * answer * math.sin(t_s * 8.0)
        ellipse(ix + arm * 0.5, iy - unit * 0.6, unit * 1.3, unit * 0.25, (90, 150, 210))
        return img


def _fixed_quality(cc: av.codec.context.CodecContext, q: int) -> None:
    """Constant quantiser *q* (FFmpeg's -q:v): small files that still read back exactly."""
    cc.qscale = True
    cc.global_quality = q * 118  # FF_QP2LAMBDA


def _codec_setup(
    codec: str, container: av.container.OutputContainer, fps: Fraction, vfr: bool
) -> av.video.stream.VideoStream:
    if codec not in av.codecs_available:
        raise ValueError(f"codec {codec!r} is not available in this FFmpeg build")
    stream = container.add_stream(codec, rate=fps)
    if vfr:
        stream.codec_context.time_base = _VFR_TIME_BASE
        stream.time_base = _VFR_TIME_BASE
    return stream  # type: ignore[return-value]


def _check_arguments(
    frame_count: int, vfr_schedule: Sequence[float] | None, width: int, height: int
) -> None:
    if frame_count <= 0:
        raise ValueError("frame_count must be positive")
    if frame_count > MAX_FRAME_NUMBER + 1:
        raise ValueError(f"at most {MAX_FRAME_NUMBER + 1} frames can be numbered")
    if vfr_schedule is not None and len(vfr_schedule) < frame_count:
        raise ValueError("vfr_schedule needs one duration per frame")
    if width % 2 or height % 2:
        raise ValueError("width and height must be even (4:2:0 chroma)")


def _frame_times(
    frame_count: int, rate: Fraction, vfr_schedule: Sequence[float] | None
) -> tuple[list[float], float]:
    """Each frame's display time and the video's duration, in seconds."""
    if vfr_schedule is not None:
        starts = np.concatenate([[0.0], np.cumsum(np.asarray(vfr_schedule[:frame_count]))])
        return [float(x) for x in starts[:frame_count]], float(starts[frame_count])
    return [float(i / rate) for i in range(frame_count)], float(frame_count / rate)


def _configure_encoder(
    stream: av.video.stream.VideoStream,
    codec: str,
    gop: int,
    bframes: int,
    bit_rate: int | None,
    open_gop: bool,
    preset: str | None,
) -> None:
    """Keyframe spacing, B-frames and quality: small files whose code bars read back."""
    cc = stream.codec_context
    cc.gop_size = gop
    cc.max_b_frames = bframes
    if bit_rate:
        cc.bit_rate = bit_rate
    if codec == "mjpeg":
        stream.pix_fmt = "yuvj420p"
        _fixed_quality(cc, 3)
    else:
        stream.pix_fmt = "yuv420p"
    if codec == "libx264":
        params = f"keyint={gop}:min-keyint={gop}:scenecut=0:bframes={bframes}"
        if open_gop:  # keyframes that leading B-frames of the next GOP refer across
            params += ":open-gop=1"
        stream.options = {
            "preset": preset or ("ultrafast" if not bframes else "veryfast"),
            "x264-params": params,
        }
        if not bit_rate:
            stream.options["crf"] = "20"
    elif codec == "libx265":
        params = f"keyint={gop}:min-keyint={gop}:scenecut=0:bframes={bframes}:log-level=error"
        stream.options = {"preset": preset or "ultrafast", "x265-params": params}
    elif codec == "mpeg4" and not bit_rate:
        _fixed_quality(cc, 4)


def _set_rotation(stream: av.video.stream.VideoStream, rotation: int | None) -> None:
    if rotation:
        if rotation % 90:
            raise ValueError("rotation must be a multiple of 90 degrees")
        # FFmpeg stores counter-clockwise degrees; phones speak clockwise.
        stream.set_display_rotation(-(rotation % 360))


def _audio_feeder(
    container: av.container.OutputContainer,
    path: Path,
    audio: SyntheticAudio | None,
    duration_s: float,
) -> AudioFeeder | None:
    """An audio stream in *container* and what fills it (None without *audio*)."""
    if audio is None:
        return None
    audio_codec = "pcm_s16le" if path.suffix.lower() in (".avi", ".mkv", ".mov") else "aac"
    audio_stream = cast(
        "av.audio.stream.AudioStream",
        container.add_stream(audio_codec, rate=audio.sample_rate),
    )
    audio_stream.layout = "mono"
    return AudioFeeder(container, audio_stream, audio, duration_s)


def _write_frames(
    container: av.container.OutputContainer,
    stream: av.video.stream.VideoStream,
    painter: _Painter,
    scene_start_s: float,
    times_s: list[float],
    rate: Fraction,
    vfr: bool,
    feeder: AudioFeeder | None,
) -> None:
    """Encodes and muxes every picture (then the encoder's delayed frames)."""
    for n, t in enumerate(times_s):
        if feeder is not None:
            feeder.feed_until(t + 0.5)  # keep audio and video interleaved in the file
        picture = painter.paint(n, t + scene_start_s)
        frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
        if vfr:
            frame.pts = round(t / _VFR_TIME_BASE)
            frame.time_base = _VFR_TIME_BASE
        else:
            frame.pts = n
            frame.time_base = 1 / rate
        for packet in stream.encode(frame):
            container.mux(packet)
    for packet in stream.encode():
        container.mux(packet)


def write_test_video(
    path: str | Path,
    frame_count: int,
    fps: float = 30,
    width: int = 160,
    height: int = 120,
    *,
    codec: str = "libx264",
    gop: int = 12,
    bframes: int = 0,
    vfr_schedule: Sequence[float] | None = None,
    rotation: int | None = None,
    audio: SyntheticAudio | Sequence[float] | None = None,
    bit_rate: int | None = None,
    pattern: str = "blocks",
    seed: int = 0,
    open_gop: bool = False,
    preset: str | None = None,
    code_bar_fraction: float = CODE_HEIGHT_FRACTION,
    camera: str = "wide",
    scene_start_s: float = 0.0,
) -> WrittenVideo:
    """Write a video whose frame *n* shows the number *n* in its code bar.

    *vfr_schedule*: per-frame display durations in seconds (variable frame rate; needs a
    container with fine timestamps: .mp4, .mov, .mkv). *rotation*: clockwise display
    rotation stored as display-matrix metadata (pixels stay unrotated, as phones do).
    *audio*: a :class:`SyntheticAudio`, or a list of clap times in seconds.
    *open_gop* (libx264): non-IDR keyframes with leading B-frames, as many cameras write.
    *scene_start_s*: the scene's time at the video's first frame (a camera switched on
    later films a later moment of the same scene).
    *preset* (x264/x265): "ultrafast" (default, fast to write, no CABAC and no deblocking:
    also fast to decode) or e.g. "veryfast", whose streams cost what camera video costs.
    """
    path = Path(path)
    _check_arguments(frame_count, vfr_schedule, width, height)
    if isinstance(audio, Sequence):
        audio = SyntheticAudio(claps_s=tuple(float(a) for a in audio))
    rate = Fraction(fps).limit_denominator(1001)
    times_s, duration_s = _frame_times(frame_count, rate, vfr_schedule)

    painter = _Painter(width, height, pattern, seed, code_bar_fraction, camera)
    vfr = vfr_schedule is not None
    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), mode="w") as container:
        stream = _codec_setup(codec, container, rate, vfr)
        stream.width, stream.height = width, height
        _configure_encoder(stream, codec, gop, bframes, bit_rate, open_gop, preset)
        _set_rotation(stream, rotation)
        feeder = _audio_feeder(container, path, audio, duration_s)
        _write_frames(container, stream, painter, scene_start_s, times_s, rate, vfr, feeder)
        if feeder is not None:
            feeder.feed_until(duration_s + 1.0)
            feeder.flush()

    return WrittenVideo(
        path=path,
        frame_times_ms=[t * 1000.0 for t in times_s],
        width=width,
        height=height,
        codec=codec,
        rotation=(rotation or 0) % 360,
        audio=audio,
        gop=gop,
        bframes=bframes,
    )
