"""Signal lane painting speed: three motion lanes and a synchrony heat map of one hour.

One hour at 30 fps (108,000 frames per lane) and a synchrony lane of 4 s windows every
0.5 s with ±2 s lags (7,200 windows x 121 lags). The lanes are painted (full repaint:
every cache dropped) into a 1920x800 image at three zoom levels and compared with a naive
painter measured in the same run: every frame of every lane a polyline point, every
synchrony cell a rectangle, nothing culled or reduced.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_signal_lanes.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
from PySide6.QtCore import QPoint, QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QPolygonF, QRegion
from PySide6.QtWidgets import QApplication, QWidget

from interactioncoder.core.timebase import Timebase
from interactioncoder.ui.timeline import TimelineWidget
from interactioncoder.ui.timeline.model.signal_lanes import (
    LaneKind,
    SignalLane,
    SynchronyLane,
    diverging_argb,
)

FPS = 30.0
FRAMES = int(3600 * FPS)


def build_lanes() -> list[SignalLane | SynchronyLane]:
    rng = np.random.default_rng(7)
    lanes: list[SignalLane | SynchronyLane] = []
    for i, name in enumerate(["Mother:mother", "Infant:infant", "Infant:face"]):
        bursts = (rng.random(FRAMES) < 0.01).astype(np.float32)
        values = np.convolve(bursts, np.hanning(45), "same") * 0.05 + rng.random(FRAMES) * 0.002
        kind = LaneKind.HEAT if i == 2 else LaneKind.LINE
        lanes.append(SignalLane(name, values, kind, 0.0, float(values.max()), "#d84315"))
    window, step, lags = int(4 * FPS), int(0.5 * FPS), np.arange(-60, 61)
    starts = np.arange(0, FRAMES - window - 60, step)
    r = np.tanh(rng.normal(0, 0.6, (starts.size, lags.size))).astype(np.float32)
    lanes.append(SynchronyLane("synchrony", starts, window, lags, r))
    return lanes


def naive_render(w: TimelineWidget, img: QImage) -> None:
    """Baseline: every frame a polyline point, every synchrony cell a rectangle."""
    p = QPainter(img)
    p.fillRect(QRectF(0, 0, img.width(), img.height()), w.palette().base())
    v = w.view
    for lane, y in w.signal_lanes.layout(w.rows_bottom()):
        if isinstance(lane, SignalLane):
            h = lane.height - 4
            xs = v.x0 + (np.arange(lane.values.size) - v.first_frame) * v.px_per_frame
            ys = y + 2 + h * (1 - (lane.values - lane.lo) / (lane.hi - lane.lo))
            p.setPen(QColor(lane.color))
            p.drawPolyline(QPolygonF([QPointF(a, b) for a, b in zip(xs, ys, strict=True)]))
            continue
        cell_h = (lane.height - 4) / lane.lags.size
        colours = diverging_argb(lane.r)
        for i, start in enumerate(lane.starts):
            x = v.frame_to_x(start)
            wd = lane.window * v.px_per_frame
            for j in range(lane.lags.size):
                rect = QRectF(x, y + 2 + j * cell_h, wd, cell_h)
                p.fillRect(rect, QColor.fromRgba(int(colours[i, j])))
    p.end()


def timed(fn, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def run_benchmark(repeats: int) -> None:
    w = TimelineWidget()
    w.resize(1920, 800)
    w.set_timebase(Timebase.constant(FPS, FRAMES))
    lanes = build_lanes()
    w.set_signal_lanes(lanes)
    print(f"{len(lanes)} lanes of {FRAMES} frames; image 1920x800; {repeats} runs (median)")
    img = QImage(1920, 800, QImage.Format.Format_ARGB32_Premultiplied)
    own = QWidget.RenderFlag.DrawWindowBackground

    def full() -> None:
        w.painter.drop_caches()
        w.render(img, QPoint(), QRegion(), own)

    levels = [
        ("whole hour", 0, FRAMES - 1),
        ("10 minutes", FRAMES // 2, FRAMES // 2 + int(600 * FPS)),
        ("10 seconds", FRAMES // 2, FRAMES // 2 + int(10 * FPS)),
    ]
    print(f"{'zoom':<12}{'lanes':>10}{'naive':>11}{'ratio':>9}")
    for name, a, b in levels:
        w.zoom_to(a, b)
        full()
        med = timed(full, repeats)
        naive = timed(lambda: naive_render(w, img), max(2, repeats // 5))
        print(f"{name:<12}{med:>8.1f}ms{naive:>9.1f}ms{naive / med:>8.1f}x")


if __name__ == "__main__":
    app = QApplication.instance() or QApplication(sys.argv)
    run_benchmark(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
