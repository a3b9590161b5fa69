"""Media engine benchmark against a naive OpenCV baseline measured in the same run.

Generates (PyAV, cached in benchmarks/.cache) a 1080p30 ~20 Mbps H.264 file with a GOP of
250 frames, a 720p VFR file (30 fps then 15 fps) and, for the playback test, two 720p
cameras. Every frame's pixels carry its number, so exactness is checked, not assumed.

Measures, for the engine (``FrameServer`` / ``Decoder``) and for OpenCV's
``cv2.VideoCapture`` + ``CAP_PROP_POS_FRAMES``:

* sequential decode rate (frames converted to RGB/BGR),
* forward step (next frame) median,
* backward step median/p95: 1 s after pausing, 100 consecutive back-steps (OpenCV: fewer,
  each is a full seek), issued at key auto-repeat pace (25 Hz) and as fast as possible,
* random seek median/p95 and exactness over 50 targets, on the CFR and the VFR file,
* playback: delivered fps over a period for one 1080p file and for two 720p cameras,
  with the largest inter-camera drift;
* the scrub proxy (``--proxy-only`` runs just this): time to make it (wall and CPU, as a
  multiple of real time) and its size against the original's; then, target by target
  and alternating, a random jump with the proxy (time to the first shown frame, which is
  the proxy's, and to the exact frame), the same jump with today's engine (no proxy) and
  with naive OpenCV.

Usage: ``python benchmarks/bench_media.py [--quick] [--playback-seconds S]``.
The machine's load average is printed: other processes share the CPU.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import threading
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
os.environ.setdefault("INTERACTIONCODER_CACHE_DIR", str(CACHE / "index"))

from interactioncoder.media.clock import PlaybackClock  # noqa: E402
from interactioncoder.media.decoder import DecodedFrame, Decoder  # noqa: E402
from interactioncoder.media.frame_server import FrameServer  # noqa: E402
from interactioncoder.media.multicam import CameraTrack, MultiCamSession  # noqa: E402
from interactioncoder.media.proxy import ProxyReader, make_proxy, verify_proxy  # noqa: E402
from interactioncoder.media.source import VideoSource  # noqa: E402
from interactioncoder.media.synthetic import read_frame_number, write_test_video  # noqa: E402

BACK_STEPS = 100
RANDOM_TARGETS = 50
KEY_REPEAT_S = 0.04
PRESET = os.environ.get("BENCH_X264_PRESET", "veryfast")


def _video(name: str, **kwargs: object) -> Path:
    stem, dot, ext = name.rpartition(".")
    path = CACHE / f"{stem}_{PRESET}{dot}{ext}"
    if not path.exists():
        t0 = time.perf_counter()
        tmp = path.with_suffix(".tmp" + path.suffix)
        # "veryfast" keeps CABAC and deblocking: decoding costs what camera H.264 costs
        # (x264's "ultrafast" streams decode several times faster).
        write_test_video(tmp, pattern="texture", preset=PRESET, **kwargs)  # type: ignore[arg-type]
        tmp.replace(path)
        print(f"  generated {name} in {time.perf_counter() - t0:.1f} s")
    return path


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def med_p95(times: list[float]) -> str:
    return f"median {ms(statistics.median(times))} p95 {ms(pct(times, 95))}"


class Waiter:
    """Collects frames delivered by a FrameServer's worker thread."""

    def __init__(self) -> None:
        self.frames: dict[int, DecodedFrame] = {}
        self.cond = threading.Condition()

    def __call__(self, frame: DecodedFrame) -> None:
        with self.cond:
            self.frames[frame.index] = frame
            self.cond.notify_all()

    def get(self, server: FrameServer, index: int) -> tuple[DecodedFrame, float]:
        t0 = time.perf_counter()
        frame = server.request(index)
        if frame is None:
            with self.cond:
                while index not in self.frames:
                    self.cond.wait(30)
                frame = self.frames.pop(index)
        return frame, time.perf_counter() - t0


# -- engine -----------------------------------------------------------------------------


def engine_sequential(path: Path, count: int, size: tuple[int, int] | None) -> float:
    decoder = Decoder(VideoSource(path), size)
    t0 = time.perf_counter()
    n = sum(1 for _ in decoder.frames(0, count - 1))
    rate = n / (time.perf_counter() - t0)
    decoder.close()
    return rate


def engine_steps(path: Path, size: tuple[int, int] | None, start: int, pace: float) -> dict:
    source = VideoSource(path)
    waiter = Waiter()
    server = FrameServer(source, display_size=size, listener=waiter)
    try:
        waiter.get(server, start)
        forward = []
        for n in range(start + 1, start + 31):
            frame, dt = waiter.get(server, n)
            assert read_frame_number(frame.image) == n
            forward.append(dt)
            if pace:
                time.sleep(pace)
        here = start + 30
        time.sleep(1.0)  # the user paused
        back, wrong = [], 0
        for n in range(here - 1, here - 1 - BACK_STEPS, -1):
            frame, dt = waiter.get(server, n)
            wrong += read_frame_number(frame.image) != n
            back.append(dt)
            if pace:
                time.sleep(pace)
        return {"forward": forward, "back": back, "wrong": wrong}
    finally:
        server.close()


def engine_forward_uncached(path: Path, start: int) -> list[float]:
    """Forward steps with prefetch off: the decode-bound cost of one step (next frame
    decoded + converted on the worker thread + handed over)."""
    waiter = Waiter()
    server = FrameServer(VideoSource(path), listener=waiter, prefetch=False)
    try:
        waiter.get(server, start)
        times = []
        for n in range(start + 1, start + 41):
            frame, dt = waiter.get(server, n)
            assert read_frame_number(frame.image) == n
            times.append(dt)
        return times
    finally:
        server.close()


def engine_random(path: Path, targets: list[int], size: tuple[int, int] | None) -> dict:
    decoder = Decoder(VideoSource(path), size)
    times, exact = [], 0
    for n in targets:
        t0 = time.perf_counter()
        frame = decoder.frame(n)
        times.append(time.perf_counter() - t0)
        exact += read_frame_number(frame.image) == n and frame.index == n
    decoder.close()
    return {"times": times, "exact": exact}


# -- naive OpenCV ---------------------------------------------------------------------


def cv_sequential(path: Path, count: int) -> float:
    import cv2

    cap = cv2.VideoCapture(str(path))
    t0 = time.perf_counter()
    n = 0
    while n < count and cap.read()[0]:
        n += 1
    rate = n / (time.perf_counter() - t0)
    cap.release()
    return rate


def cv_seek(cap: object, n: int) -> tuple[np.ndarray | None, float]:
    import cv2

    t0 = time.perf_counter()
    cap.set(cv2.CAP_PROP_POS_FRAMES, n)  # type: ignore[attr-defined]
    ok, img = cap.read()  # type: ignore[attr-defined]
    return (img if ok else None), time.perf_counter() - t0


def cv_steps(path: Path, start: int, back_steps: int) -> dict:
    import cv2

    cap = cv2.VideoCapture(str(path))
    cv_seek(cap, start)
    forward = []
    for _ in range(30):
        t0 = time.perf_counter()
        cap.read()
        forward.append(time.perf_counter() - t0)
    here = start + 31
    back, wrong = [], 0
    for n in range(here - 1, here - 1 - back_steps, -1):
        img, dt = cv_seek(cap, n)
        back.append(dt)
        wrong += img is None or read_frame_number(img) != n
    cap.release()
    return {"forward": forward, "back": back, "wrong": wrong}


def cv_random(path: Path, targets: list[int]) -> dict:
    import cv2

    cap = cv2.VideoCapture(str(path))
    times, exact = [], 0
    for n in targets:
        img, dt = cv_seek(cap, n)
        times.append(dt)
        exact += img is not None and read_frame_number(img) == n
    cap.release()
    return {"times": times, "exact": exact}


def random_seeks(path: Path, targets: list[int]) -> tuple[dict, dict]:
    """Engine and OpenCV alternate target by target, so that a change in the machine's
    load (other processes) hits both alike."""
    engine: dict = {"times": [], "exact": 0}
    naive: dict = {"times": [], "exact": 0}
    for target in targets:
        for result, one in (
            (engine, engine_random(path, [target], None)),
            (naive, cv_random(path, [target])),
        ):
            result["times"] += one["times"]
            result["exact"] += one["exact"]
    return engine, naive


# -- scrub proxy ----------------------------------------------------------------------


class Jumps:
    """Delivery times of a FrameServer's frames for the current target."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.target = -1
        self.t0 = 0.0
        self.first: float | None = None
        self.exact: float | None = None
        self.wrong = 0

    def start(self, target: int) -> None:
        with self.cond:
            self.target, self.first, self.exact = target, None, None
            self.t0 = time.perf_counter()

    def __call__(self, frame: DecodedFrame) -> None:
        now = time.perf_counter()
        with self.cond:
            if frame.index != self.target:
                return
            self.wrong += read_frame_number(frame.image) != frame.index
            if self.first is None:
                self.first = now - self.t0
            if not frame.preview:
                self.exact = now - self.t0
                self.cond.notify_all()

    def jump(self, server: FrameServer, target: int) -> tuple[float, float]:
        """(first shown, exact) seconds after asking for *target* (nothing cached)."""
        server.cache.clear()
        self.start(target)
        cached = server.request(target)
        with self.cond:
            if cached is not None:
                self.first = self.exact = time.perf_counter() - self.t0
            while self.exact is None:
                self.cond.wait(30)
            assert self.first is not None
            return self.first, self.exact


def make_proxy_timed(path: Path, folder: Path) -> dict:
    source = VideoSource(path)
    load = os.getloadavg()[0]
    wall, cpu = time.perf_counter(), time.process_time()
    info = make_proxy(source, folder / "proxy.mp4")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    reader = ProxyReader(source, info.path, info.holes)
    verify_proxy(source, reader, info.samples)
    reader.close()
    seconds = source.timebase.duration_ms / 1000
    return {
        "info": info,
        "wall": wall,
        "cpu": cpu,
        "realtime_wall": seconds / wall,
        # CPU seconds spread over the 2 cores a user's laptop gives the job
        "realtime_2cores": seconds / (cpu / 2),
        "share": info.path.stat().st_size / source.size_bytes,
        "load": (load + os.getloadavg()[0]) / 2,
    }


def proxy_jumps(path: Path, proxy: Path, targets: list[int], size: tuple[int, int] | None) -> dict:
    """Jumps with the proxy, with today's engine and with OpenCV, alternating by target."""
    source = VideoSource(path)
    with_proxy, today = Jumps(), Jumps()
    fast = FrameServer(source, size, listener=with_proxy, prefetch=False)
    fast.set_proxy(ProxyReader(source, proxy))
    plain = FrameServer(source, size, listener=today, prefetch=False)
    out: dict = {"first": [], "exact": [], "today": [], "opencv": [], "cv_exact": 0}
    try:
        for target in targets:
            first, exact = with_proxy.jump(fast, target)
            out["first"].append(first)
            out["exact"].append(exact)
            out["today"].append(today.jump(plain, target)[1])
            one = cv_random(path, [target])
            out["opencv"] += one["times"]
            out["cv_exact"] += one["exact"]
        out["wrong"] = with_proxy.wrong + today.wrong
        out["previews"] = fast.previews_delivered
    finally:
        fast.close()
        plain.close()
    return out


def scrub_rate(path: Path, proxy: Path, size: tuple[int, int] | None, moves: int = 120) -> dict:
    """Live scrubbing: the playhead dragged over the file (3-12 frames per mouse move),
    each position asked for with ``exact=False`` and waited for; updates per second."""
    source = VideoSource(path)
    got: dict[int, DecodedFrame] = {}
    cond = threading.Condition()

    def listener(frame: DecodedFrame) -> None:
        with cond:
            got[frame.index] = frame
            cond.notify_all()

    server = FrameServer(source, size, listener=listener, prefetch=False)
    server.set_proxy(ProxyReader(source, proxy))
    rng = random.Random(4)
    position, wrong, times = 0, 0, []
    try:
        t_all = time.perf_counter()
        for _ in range(moves):
            position = min(position + rng.randint(3, 12), source.frame_count - 1)
            t0 = time.perf_counter()
            if server.request(position, exact=False) is None:
                with cond:
                    while position not in got:
                        cond.wait(10)
            times.append(time.perf_counter() - t0)
            frame = got.pop(position, None)
            wrong += frame is not None and read_frame_number(frame.image) != position
        elapsed = time.perf_counter() - t_all
    finally:
        server.close()
    return {"rate": moves / elapsed, "times": times, "wrong": wrong}


def proxy_section(path: Path, targets: list[int], full_size: bool = True) -> None:
    import tempfile

    print("\n== scrub proxy: 1080p30 H.264, 20 Mbps, GOP 250, 750 frames ==")
    with tempfile.TemporaryDirectory() as folder:
        made = make_proxy_timed(path, Path(folder))
        info = made["info"]
        print(
            f"proxy {info.width}x{info.height}: made in {made['wall']:.1f} s wall "
            f"({made['realtime_wall']:.2f}x real time at load {made['load']:.1f}), "
            f"{made['cpu']:.1f} s CPU ({made['realtime_2cores']:.2f}x real time on 2 cores); "
            f"size {made['share'] * 100:.1f} % of the original"
        )
        sizes = [("view 960x540", (960, 540)), ("full 1920x1080", None)]
        for label, size in sizes if full_size else sizes[:1]:
            r = proxy_jumps(path, info.path, targets, size)
            print(
                f"random jump ({len(targets)}), {label}, load {os.getloadavg()[0]:.1f}: "
                f"first shown {med_p95(r['first'])} | exact {med_p95(r['exact'])}"
            )
            print(
                f"   today's engine exact {med_p95(r['today'])} | opencv {med_p95(r['opencv'])}"
                f" | wrong frames {r['wrong']} | previews {r['previews']}"
            )
            first, today = statistics.median(r["first"]), statistics.median(r["today"])
            exact_ratio = statistics.median(r["exact"]) / today
            print(
                f"   first shown median {first * 1000:.1f} ms [<= 30], p95 "
                f"{pct(r['first'], 95) * 1000:.1f} ms [<= 60]; today / first shown "
                f"{today / first:.0f}x [>= 20x]; exact with proxy / today {exact_ratio:.2f} "
                f"[<= 1.0]; opencv / first shown "
                f"{statistics.median(r['opencv']) / first:.0f}x"
            )
            scrub = scrub_rate(path, info.path, size)
            print(
                f"   live scrubbing: {scrub['rate']:.0f} updates/s [>= 20], per update "
                f"{med_p95(scrub['times'])}, wrong frames {scrub['wrong']}"
            )
    print(
        f"proxy made at {made['realtime_2cores']:.1f}x real time on 2 cores [>= 3x] "
        f"(wall {made['realtime_wall']:.1f}x under load); size "
        f"{made['share'] * 100:.0f} % [<= 25 %]"
    )


# -- playback -------------------------------------------------------------------------


def playback(paths: list[tuple[Path, float]], seconds: float, size: tuple[int, int] | None) -> dict:  # noqa: C901 - to be split
    """Headless version of what SessionPlayer does: a 5 ms tick asks the clock for the
    due master frame, requests it (and the other cameras' frames at the same session
    time) and counts the distinct master frames that reached the screen."""
    sources = [VideoSource(p) for p, _ in paths]
    session = MultiCamSession(
        [
            CameraTrack(str(i), s.timebase, off)
            for i, (s, (_, off)) in enumerate(zip(sources, paths, strict=True))
        ]
    )
    waiters = [Waiter() for _ in sources]
    servers = [
        FrameServer(s, display_size=size, listener=w, cache_bytes=512 * 2**20 // len(sources))
        for s, w in zip(sources, waiters, strict=True)
    ]
    shown: list[int | None] = [None] * len(sources)
    clock = PlaybackClock(sources[0].timebase)
    try:
        for server in servers:
            server.set_playing(True)
        for i, server in enumerate(servers):
            cam = session.camera_frame(i, 0)
            if cam is not None:
                waiters[i].get(server, cam)
        clock.play()
        t_end = time.monotonic() + seconds
        displayed: set[int] = set()
        drift_max = 0.0
        wanted: list[int | None] = [None] * len(sources)
        while time.monotonic() < t_end and clock.playing:
            due = clock.current_frame()
            for i, server in enumerate(servers):
                cam = session.camera_frame(i, due)
                if cam is None:
                    continue
                if cam != wanted[i]:
                    wanted[i] = cam
                    hit = server.request(cam)
                    if hit is not None:
                        shown[i] = hit.index
                with waiters[i].cond:
                    arrived = [k for k in waiters[i].frames if shown[i] is None or k > shown[i]]
                    arrived = [k for k in arrived if k <= cam]
                    waiters[i].frames.clear()
                if arrived:
                    shown[i] = max(arrived)
            if shown[0] is not None:
                displayed.add(shown[0])
                master_ms = session.session_ms(shown[0])
                for i in range(1, len(sources)):
                    if shown[i] is not None and shown[i] == wanted[i]:
                        cam_ms = (
                            sources[i].timebase.frame_to_ms(shown[i]) + session.cameras[i].offset_ms
                        )
                        drift_max = max(drift_max, abs(master_ms - cam_ms))
            time.sleep(0.005)
        elapsed = seconds if clock.playing else clock.position_ms() / 1000
        return {"fps": len(displayed) / elapsed, "drift_ms": drift_max, "seconds": elapsed}
    finally:
        for server in servers:
            server.close()


def qt_playback(paths: list[Path], seconds: float) -> float:
    """The real ui.player.SessionPlayer (offscreen, 960x540 views): distinct master frames
    shown per second."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from interactioncoder.ui.player import SessionPlayer

    app = QApplication.instance() or QApplication([])
    player = SessionPlayer(
        [(p, 370.0 * i, f"camera {i + 1}") for i, p in enumerate(paths)], audio=False
    )
    for view in player.views():
        view.resize(960, 540)
        view.show()
    shown: list[tuple[float, int]] = []
    player.frameChanged.connect(lambda n: shown.append((time.monotonic(), n)))
    QTimer.singleShot(1000, player.play)
    QTimer.singleShot(int(1000 + seconds * 1000), app.quit)
    app.exec()
    player.close()
    if len(shown) < 2:
        return 0.0
    return len({n for _, n in shown}) / (shown[-1][0] - shown[0][0])


# -- report ---------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="short playback, fewer OpenCV back-steps"
    )
    parser.add_argument("--playback-seconds", type=float, default=None)
    parser.add_argument("--qt", action="store_true", help="also play with the Qt SessionPlayer")
    parser.add_argument("--proxy-only", action="store_true", help="only the scrub-proxy part")
    args = parser.parse_args()
    play_s = args.playback_seconds or (10.0 if args.quick else 60.0)
    CACHE.mkdir(parents=True, exist_ok=True)
    print(
        f"load average at start: {os.getloadavg()}  cpus: {os.cpu_count()}  x264 preset: {PRESET}"
    )
    print("preparing videos...")
    cfr = _video(
        "cfr_1080p30_gop250.mp4",
        frame_count=750,
        fps=30,
        width=1920,
        height=1080,
        gop=250,
        bit_rate=20_000_000,
    )
    if args.proxy_only:
        frames = VideoSource(cfr).frame_count
        rng = random.Random(2026)
        proxy_section(cfr, [rng.randrange(frames) for _ in range(RANDOM_TARGETS)], False)
        print(f"load average at end: {os.getloadavg()}")
        return
    cfr_b = _video(
        "cfr_1080p30_gop250_bframes.mp4",
        frame_count=750,
        fps=30,
        width=1920,
        height=1080,
        gop=250,
        bframes=2,
        bit_rate=20_000_000,
    )
    vfr = _video(
        "vfr_720p_30to15.mp4",
        frame_count=450,
        width=1280,
        height=720,
        gop=60,
        bit_rate=8_000_000,
        vfr_schedule=[1 / 30] * 300 + [1 / 15] * 150,
    )
    play_frames = int(play_s * 30) + 45
    play_1080 = _video(
        f"play_1080p30_{play_frames}.mp4",
        frame_count=play_frames,
        fps=30,
        width=1920,
        height=1080,
        gop=250,
        bit_rate=20_000_000,
    )
    cam_a = _video(
        f"cam_a_720p30_{play_frames}.mp4",
        frame_count=play_frames,
        fps=30,
        width=1280,
        height=720,
        gop=60,
        bit_rate=6_000_000,
    )
    cam_b = _video(
        f"cam_b_720p25_{play_frames}.mp4",
        frame_count=play_frames * 25 // 30 + 30,
        fps=25,
        width=1280,
        height=720,
        gop=50,
        bit_rate=6_000_000,
        seed=1,
    )

    frames = VideoSource(cfr).frame_count
    rng = random.Random(2026)
    targets = [rng.randrange(frames) for _ in range(RANDOM_TARGETS)]
    vfr_frames = VideoSource(vfr).frame_count
    vfr_targets = [rng.randrange(vfr_frames) for _ in range(RANDOM_TARGETS)]
    start = 640  # 140 frames after the keyframe at 500: back-steps stay in one long GOP

    print("\n== 1080p30 H.264, 20 Mbps, GOP 250, 750 frames ==")
    seq = engine_sequential(cfr, 300, None)
    seq_cv = cv_sequential(cfr, 300)
    print(f"sequential decode  engine {seq:6.1f} fps (RGB)   opencv {seq_cv:6.1f} fps (BGR)")
    per_frame = 1 / seq
    results = {}
    for label, size in (("full 1920x1080", None), ("view 960x540", (960, 540))):
        for pace_label, pace in (("25 Hz key repeat", KEY_REPEAT_S), ("back-to-back", 0.0)):
            r = engine_steps(cfr, size, start, pace)
            results[(label, pace_label)] = r
            print(
                f"engine {label:15s} {pace_label:16s} fwd {med_p95(r['forward'])}"
                f" | back {med_p95(r['back'])} wrong {r['wrong']}/{len(r['back'])}"
            )
    uncached = engine_forward_uncached(cfr, start)
    print(f"engine forward step, prefetch off (decode-bound): {med_p95(uncached)}")
    cv_back_n = 10 if args.quick else 25
    cv = cv_steps(cfr, start, cv_back_n)
    print(
        f"opencv naive {'':32s} fwd {med_p95(cv['forward'])}"
        f" | back {med_p95(cv['back'])} wrong {cv['wrong']}/{len(cv['back'])}"
    )
    rnd, rnd_cv = random_seeks(cfr, targets)
    print(
        f"random seek (50)   engine {med_p95(rnd['times'])} exact {rnd['exact']}/{len(targets)}"
        f" | opencv {med_p95(rnd_cv['times'])} exact {rnd_cv['exact']}/{len(targets)}"
    )

    rb, rb_cv = random_seeks(cfr_b, targets)
    print(
        f"same with B-frames (IBBP): engine {med_p95(rb['times'])} exact {rb['exact']}/50"
        f" | opencv {med_p95(rb_cv['times'])} exact {rb_cv['exact']}/50"
    )

    print("\n== 720p VFR (10 s at 30 fps, then 10 s at 15 fps) ==")
    vr, vr_cv = random_seeks(vfr, vfr_targets)
    print(
        f"random seek (50)   engine {med_p95(vr['times'])} exact {vr['exact']}/{len(vfr_targets)}"
        f" | opencv {med_p95(vr_cv['times'])} exact {vr_cv['exact']}/{len(vfr_targets)}"
    )

    print(f"\n== playback ({play_s:.0f} s) ==")
    p1 = playback([(play_1080, 0.0)], play_s, None)
    print(f"1080p30 full size      delivered {p1['fps']:5.2f} fps over {p1['seconds']:.1f} s")
    p1v = playback([(play_1080, 0.0)], play_s, (960, 540))
    print(f"1080p30 view 960x540   delivered {p1v['fps']:5.2f} fps over {p1v['seconds']:.1f} s")
    p2 = playback([(cam_a, 0.0), (cam_b, 370.0)], play_s, (960, 540))
    print(
        f"2 cameras 720p30+720p25 (offset 370 ms, view 960x540) master {p2['fps']:5.2f} fps,"
        f" max drift {p2['drift_ms']:.1f} ms (one 25 fps frame = 40 ms)"
    )

    proxy_section(cfr, targets)

    if args.qt:
        fps_1080 = qt_playback([play_1080], play_s)
        fps_two = qt_playback([cam_a, cam_b], play_s)
        print(f"Qt SessionPlayer offscreen: 1080p30 {fps_1080:.2f} fps, 2x720p {fps_two:.2f} fps")

    key = ("full 1920x1080", "25 Hz key repeat")
    back_p95 = pct(results[key]["back"], 95)
    print("\n== summary (targets in brackets) ==")
    print(
        f"back-step p95 full size, 25 Hz: {ms(back_p95)} [<= 40 ms]; "
        f"naive median / engine p95 = {statistics.median(cv['back']) / back_p95:.0f}x [>= 30x]"
    )
    view_key = ("view 960x540", "25 Hz key repeat")
    print(f"back-step p95 view size, 25 Hz: {ms(pct(results[view_key]['back'], 95))}")
    fwd = statistics.median(results[key]["forward"])
    print(
        f"forward-step median / sequential per-frame: {fwd / per_frame:.2f} with prefetch, "
        f"{statistics.median(uncached) / per_frame:.2f} decode-bound [<= 1.5]"
    )

    def ratio(ours: dict, naive: dict) -> float:
        return statistics.median(ours["times"]) / statistics.median(naive["times"])

    print(
        f"random seek median engine / naive: {ratio(rnd, rnd_cv):.2f}, with B-frames "
        f"{ratio(rb, rb_cv):.2f}, VFR 720p {ratio(vr, vr_cv):.2f} [<= 0.6]"
    )
    print(
        f"exact: CFR {rnd['exact']}/{len(targets)}, VFR {vr['exact']}/{len(vfr_targets)} [100 %]"
        f"  (naive: CFR {rnd_cv['exact']}, VFR {vr_cv['exact']})"
    )
    print(f"playback 1080p30 full size: {p1['fps']:.2f} fps [>= 29.5]")
    print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
