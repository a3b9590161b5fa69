"""Signal benchmark: motion energy on 1080p30 H.264 against pure decoding, and synchrony.

Motion energy (2 regions) is measured against the same file decoded with nothing else
done (the floor: no colour conversion, no scaling), in the same run; the target is at
least 3x real time. Synchrony: 20 min at 30 Hz, 4 s windows every 0.5 s, lags of ±2 s and
200 segment-shuffled surrogates (target <= 5 s), against a plain per-window
``np.corrcoef`` loop for one pass without surrogates.

Usage: ``python benchmarks/bench_signals.py [--seconds S]``. The load average is printed.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
os.environ.setdefault("INTERACTIONCODER_CACHE_DIR", str(CACHE / "index"))

from interactioncoder.core.regions import Region  # noqa: E402
from interactioncoder.media.decoder import Decoder  # noqa: E402
from interactioncoder.media.gray_frames import iter_grey_frames  # noqa: E402
from interactioncoder.media.source import VideoSource  # noqa: E402
from interactioncoder.media.synthetic import write_test_video  # noqa: E402
from interactioncoder.signals.motion import MotionParams, motion_energy  # noqa: E402
from interactioncoder.signals.synchrony import SynchronyParams, synchrony  # noqa: E402

REGIONS = [Region.rectangle("mother", 0, 0, 0.5, 1), Region.rectangle("infant", 0.5, 0, 1, 1)]


def _video(seconds: int) -> Path:
    path = CACHE / f"signals_1080p_{seconds}s.mp4"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        tmp = path.with_suffix(".tmp.mp4")
        write_test_video(
            tmp,
            seconds * 30,
            fps=30,
            width=1920,
            height=1080,
            pattern="texture",
            preset="veryfast",
            gop=250,
            bit_rate=20_000_000,
        )
        tmp.replace(path)
    return path


def _pure_decode(source: VideoSource) -> float:
    decoder = Decoder(source)
    t0 = time.perf_counter()
    count = sum(1 for _ in decoder.raw_frames(0, source.frame_count - 1))
    elapsed = time.perf_counter() - t0
    decoder.close()
    return count / elapsed


def _motion(source: VideoSource, flow: bool) -> float:
    params = MotionParams(flow=flow)
    t0 = time.perf_counter()
    result = motion_energy(
        iter_grey_frames(source, params.width), REGIONS, params, source.frame_count
    )
    elapsed = time.perf_counter() - t0
    assert result.energy.shape == (source.frame_count, 2)
    return source.frame_count / elapsed


def _plain_synchrony(x: np.ndarray, y: np.ndarray, window: int, step: int, lag: int) -> None:
    for s in range(lag, x.size - window - lag + 1, step):
        a = x[s : s + window]
        for k in range(-lag, lag + 1):
            np.corrcoef(a, y[s + k : s + k + window])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=20, help="length of the 1080p file")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    source = VideoSource(_video(args.seconds), cache_dir=CACHE / "index")
    decode_fps = _pure_decode(source)
    for flow in (False, True):
        fps = _motion(source, flow)
        print(
            f"motion energy{' + flow' if flow else ''}, 2 regions, 1080p30: {fps:6.1f} fps = "
            f"{fps / 30:4.1f}x real time; pure decoding {decode_fps:6.1f} fps "
            f"(ratio {fps / decode_fps:.2f})"
        )
    rng = np.random.default_rng(0)
    n = 20 * 60 * 30
    x = rng.normal(size=n)
    y = np.roll(x, 12) + rng.normal(size=n)
    params = SynchronyParams(window=120, step=15, max_lag=60, surrogates=200, seed=1)
    t0 = time.perf_counter()
    result = synchrony(x, y, params)
    ours = time.perf_counter() - t0
    one = SynchronyParams(window=120, step=15, max_lag=60)
    t0 = time.perf_counter()
    synchrony(x, y, one)
    ours_one = time.perf_counter() - t0
    t0 = time.perf_counter()
    _plain_synchrony(x, y, 120, 15, 60)
    plain_one = time.perf_counter() - t0
    print(
        f"synchrony 20 min x 30 Hz, 4 s windows / 0.5 s, ±2 s lags, 200 surrogates: "
        f"{ours:.2f} s (target <= 5 s); one pass {ours_one * 1000:.0f} ms vs plain "
        f"np.corrcoef loop {plain_one * 1000:.0f} ms ({plain_one / ours_one:.0f}x); "
        f"p = {result.test.p_value if result.test else float('nan'):.3f}"
    )


if __name__ == "__main__":
    main()
