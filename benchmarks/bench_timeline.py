"""Timeline painting speed: 20,000 events over one hour at 30 fps, ~30 codes.

Renders the widget offscreen into a 1920x800 image at three zoom levels (whole session,
ten minutes, ten seconds) and compares with a naive painter measured in the same run: the
same rows and colours, but every event drawn as a rectangle with no culling and no pixel
merging. Also saves a screenshot of a realistic coding to benchmarks/.out/timeline.png.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_timeline.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
from PySide6.QtCore import QPoint, QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QPalette, QRegion
from PySide6.QtWidgets import QApplication, QWidget

from interactioncoder.core.codebook import (
    Code,
    Codebook,
    CodeGroup,
    CodeKind,
    Modifier,
    ModifierChoice,
    ModifierKind,
    SegmentType,
    Subject,
)
from interactioncoder.core.events import Event
from interactioncoder.core.project import Segment
from interactioncoder.core.timebase import Timebase
from interactioncoder.ui.timeline import TimelineWidget
from interactioncoder.ui.timeline.model.layout import TOP, RowKind

FPS = 30.0
FRAMES = int(3600 * FPS)
OUT = Path(__file__).parent / ".out"

_PALETTE = [
    "#e57373", "#64b5f6", "#81c784", "#ffb74d", "#ba68c8", "#4db6ac", "#f06292", "#9575cd",
    "#aed581", "#ffd54f", "#4fc3f7", "#a1887f", "#90a4ae", "#ff8a65", "#7986cb", "#dce775",
]  # fmt: skip


_WHERE = Modifier(
    "where",
    "Where",
    ModifierKind.CHOICE,
    tuple(ModifierChoice(c.lower(), c) for c in ("Face", "Hands", "Body", "Feet")),
)


def build_codebook() -> Codebook:
    m, i, d = "mother", "infant", "dyad"
    spec = [
        (m, "m_affect", "Maternal affect", True, ["Positive", "Neutral", "Flat", "Negative"]),
        (m, "m_touch", "Maternal touch", True, ["Affectionate", "Playful", "Care", "Intrusive"]),
        (m, "m_gaze", "Maternal gaze", True, ["At infant", "At object", "Away"]),
        (m, "m_voc", "Maternal vocalisation", False, ["*Speaks", "*Laughs", "*Sings"]),
        (i, "i_affect", "Infant affect", True, ["Positive", "Neutral", "Protest", "Distress"]),
        (i, "i_gaze", "Infant gaze", True, ["At mother", "At object", "Away"]),
        (i, "i_sig", "Infant signals", False, ["*Smile", "*Self-comfort", "*Arch back", "*Reach"]),
        (d, "d_sync", "Dyadic state", True, ["Matched", "Mismatched", "Repair"]),
        (d, "d_ev", "Dyadic events", False, ["*Disruption", "*Reunion bid"]),
    ]
    keys = iter("QWERTYUIOPASDFGHJKLZXCVBNM1234567890")
    colors = iter(_PALETTE * 3)
    groups = []
    for subject, gid, name, exclusive, codes in spec:
        members = []
        for label in codes:
            point = label.startswith("*")
            label = label.lstrip("*")
            cid = f"{gid}_{label.lower().replace(' ', '_').replace('-', '_')}"
            kind = CodeKind.POINT if point else CodeKind.STATE
            mods = (_WHERE,) if gid == "m_touch" else ()
            members.append(Code(cid, label, kind, next(keys), next(colors), modifiers=mods))
        groups.append(CodeGroup(gid, name, subject, exclusive, tuple(members)))
    return Codebook(
        id="demo",
        name="Face-to-face still-face",
        version="1",
        subjects=(
            Subject("mother", "Mother"),
            Subject("infant", "Infant"),
            Subject("dyad", "Dyad"),
        ),
        groups=tuple(groups),
        segments=(
            SegmentType("play", "Play", "#8bc34a"),
            SegmentType("still", "Still-face", "#90caf9"),
            SegmentType("reunion", "Reunion", "#ffcc80"),
        ),
    )


def build_events(cb: Codebook, frames: int, target: int, seed: int = 1) -> list[Event]:
    """States tile exclusive groups with short gaps; points scattered. About *target* events."""
    rng = np.random.default_rng(seed)
    tb_ms = 1000.0 / FPS
    events: list[Event] = []
    state_groups = [g for g in cb.groups if g.exclusive]
    point_codes = [c for g in cb.groups if not g.exclusive for c in g.codes]
    per_group = int(target * 0.8 / len(state_groups))
    mean_len = frames / per_group
    n = 0
    for g in state_groups:
        f = 0
        while f < frames - 2:
            length = max(1, int(rng.exponential(mean_len * 0.85)))
            gap = int(rng.exponential(mean_len * 0.15))
            end = min(frames - 1, f + length)
            code = g.codes[int(rng.integers(len(g.codes)))]
            events.append(Event(f"e{n}", code.id, f, f * tb_ms, end, end * tb_ms))
            n += 1
            f = end + gap
    points = target - n
    for _ in range(max(0, points)):
        code = point_codes[int(rng.integers(len(point_codes)))]
        f = int(rng.integers(frames))
        events.append(Event(f"e{n}", code.id, f, f * tb_ms, f, f * tb_ms))
        n += 1
    return events


def build_segments(frames: int) -> list[Segment]:
    third = frames // 3
    t = 1000.0 / FPS
    parts = [
        ("Play", 0, third),
        ("Still-face", third, 2 * third),
        ("Reunion", 2 * third, frames - 1),
    ]
    return [Segment(i, 1, name, a, a * t, b, b * t) for i, (name, a, b) in enumerate(parts, 1)]


def naive_render(w: TimelineWidget, img: QImage) -> None:
    """Baseline: every event of every row painted as a rectangle, nothing culled or merged."""
    p = QPainter(img)
    p.fillRect(QRectF(0, 0, img.width(), img.height()), w.palette().base())
    v = w.view
    for row in w.rows:
        if row.kind is not RowKind.CODE:
            continue
        y = TOP + row.y - w.state.v_offset
        color = QColor(row.color)
        for eid in w.row_events(row).ids:
            e = w.events[eid]
            x0 = v.frame_to_x(e.onset_frame)
            x1 = v.frame_to_x(e.offset_frame if e.offset_frame is not None else w.playhead)
            p.fillRect(QRectF(x0, y + 3, max(x1 - x0, 1.0), row.height - 6), color)
    p.end()


def timed(fn, repeats: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(0.95 * len(samples)))]


def run_benchmark(repeats: int) -> None:
    cb = build_codebook()
    events = build_events(cb, FRAMES, 20_000)
    w = TimelineWidget()
    w.resize(1920, 800)
    w.set_codebook(cb)
    w.set_timebase(Timebase.constant(FPS, FRAMES))
    w.set_events(events)
    w.set_segments(build_segments(FRAMES))
    w.set_playhead(FRAMES // 2)
    codes = sum(len(g.codes) for g in cb.groups)
    print(f"{len(events)} events, {codes} codes, {FRAMES} frames; image 1920x800; {repeats} runs")
    img = QImage(1920, 800, QImage.Format.Format_ARGB32_Premultiplied)
    levels = [
        ("whole hour", 0, FRAMES - 1),
        ("10 minutes", FRAMES // 2, FRAMES // 2 + int(600 * FPS)),
        ("10 seconds", FRAMES // 2, FRAMES // 2 + int(10 * FPS)),
    ]
    print(
        "full repaint = every cache dropped (zoom, scroll, new data); playback = playhead"
        " moved one frame (static layer cached)"
    )
    print(
        f"{'zoom':<12}{'full med':>10}{'p95':>9}{'playback':>10}{'p95':>9}"
        f"{'naive med':>11}{'p95':>9}{'full vs naive':>15}"
    )

    # The timeline itself, without its two scroll-bar children: they repaint only when
    # scrolled (the widget's repaints exclude them), so they are not part of a frame's cost.
    own = QWidget.RenderFlag.DrawWindowBackground

    def full() -> None:
        w.painter.drop_caches()
        w.render(img, QPoint(), QRegion(), own)

    def playback() -> None:
        w.set_playhead(w.playhead + 1)
        w.render(img, QPoint(), QRegion(), own)

    for name, a, b in levels:
        w.zoom_to(a, b)
        w.set_playhead(a + 10)
        full()  # warm-up
        scrollbars, _ = timed(lambda: w.render(img), 5)
        med, p95 = timed(full, repeats)
        pmed, pp95 = timed(playback, repeats)
        nmed, np95 = timed(lambda: naive_render(w, img), max(3, repeats // 3))
        print(
            f"{name:<12}{med:>8.2f}ms{p95:>7.2f}ms{pmed:>8.2f}ms{pp95:>7.2f}ms"
            f"{nmed:>9.2f}ms{np95:>7.2f}ms{nmed / med:>14.1f}x"
        )
    print(f"(render() with the scroll bars as well, last zoom: {scrollbars:.2f} ms median)")


def _dark_palette() -> QPalette:
    pal = QPalette()
    role = QPalette.ColorRole
    for r, c in [
        (role.Window, "#2b2d30"), (role.WindowText, "#dfe1e5"), (role.Base, "#1e1f22"),
        (role.AlternateBase, "#26282b"), (role.Text, "#dfe1e5"), (role.Button, "#3c3f41"),
        (role.ButtonText, "#dfe1e5"), (role.Mid, "#55585c"), (role.Highlight, "#3d8ee8"),
        (role.PlaceholderText, "#8c8f94"),
    ]:  # fmt: skip
        pal.setColor(r, QColor(c))
    return pal


def save_screenshots() -> list[Path]:
    """A realistic coding: 6 minutes, a running state, a second coder, a disagreement."""
    cb = build_codebook()
    frames = int(6 * 60 * FPS)
    events = build_events(cb, frames, 900, seed=3)
    other = build_events(cb, frames, 900, seed=4)
    w = TimelineWidget()
    w.resize(1500, 900)
    w.set_codebook(cb)
    w.set_timebase(Timebase.constant(FPS, frames))
    running = Event("run", "i_affect_protest", 3400, 3400 * 1000 / FPS)
    kept = [e for e in events if not (e.code_id.startswith("i_affect") and e.onset_frame >= 3300)]
    where = ["face", "hands", "body", "feet"]
    kept = [
        e.with_changes(modifiers={"where": where[i % 4]}) if e.code_id.startswith("m_touch") else e
        for i, e in enumerate(kept)
    ]
    kept = [
        e.with_changes(comment="check: partly off camera") if i % 17 == 0 and not e.is_point else e
        for i, e in enumerate(kept)
    ]
    w.set_events([*kept, running])
    w.set_comparison([("Coder B", other)])
    w.set_segments(build_segments(frames))
    w.toggle_collapsed("subject:dyad")
    w.zoom_to(2900, 3900)
    w.set_playhead(3520)
    w.set_highlight(3050, 3120)
    sel = [e.id for e in kept if e.code_id.startswith("m_affect") and 3000 < e.onset_frame < 3800]
    w.set_selection(sel[:1])
    OUT.mkdir(exist_ok=True)
    paths = [OUT / "timeline.png", OUT / "timeline_dark_whole.png", OUT / "timeline_deep.png"]
    w.grab().save(str(paths[0]))
    w.setPalette(_dark_palette())
    w.set_comparison([])
    w.zoom_to_fit()
    w.grab().save(str(paths[1]))
    w.setPalette(QPalette())
    w.zoom_to(3480, 3540)
    w.grab().save(str(paths[2]))
    return paths


def main() -> int:
    QApplication.instance() or QApplication(sys.argv[:1])
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    run_benchmark(repeats)
    for path in save_screenshots():
        print(f"screenshot: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
