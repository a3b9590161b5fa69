"""SessionPlayer: the cameras of one session, played and stepped together.

It owns one :class:`FrameServer` (decoding thread + cache) and one :class:`VideoView` per
camera (``ui.player_frames`` asks for and shows the frames). Frames decoded on worker
threads reach the GUI thread through a queued signal; nothing here sleeps or waits. While
playing, a QTimer ticks and asks the :class:`PlaybackClock` which master frame is due; the
other cameras show the frame at the same session time (their own timebase and offset).
Frames that are not decoded in time are skipped, so playback keeps time.

``displayed_frame()`` is the master frame actually ON SCREEN - the frame coding keys use -
not the one most recently asked for.

Sound: the master's track (or the first camera with sound) plays at 1x only; at other
speeds it is muted (see ``ui.audio_output``). ``audioNote`` explains when there is no sound.
A missing or unreadable camera shows a message in its view and is listed by
:meth:`SessionPlayer.problems`; the others play normally.

Scrub proxies (:meth:`SessionPlayer.attach_proxies`): a jump shows the proxy's frame at
once and the exact frame when decoded; playing above 1x or backwards, and live scrubbing
(:meth:`SessionPlayer.scrub_to`), show proxy frames only, and the exact frame once the
player stops or the drag ends (``seek_frame``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from interactioncoder.core.timebase import Timebase
from interactioncoder.media.clock import PlaybackClock
from interactioncoder.media.errors import MediaError, MissingMediaError
from interactioncoder.media.frame_cache import DEFAULT_CACHE_BYTES
from interactioncoder.media.frame_server import FrameServer
from interactioncoder.media.multicam import CameraTrack, MultiCamSession
from interactioncoder.media.proxy_cache import ProxyCache
from interactioncoder.media.source import VideoInfo
from interactioncoder.ui.player_cameras import CameraLike, CameraSpec, camera_spec
from interactioncoder.ui.player_frames import PlayerFrames
from interactioncoder.ui.player_sound import PlayerSound
from interactioncoder.ui.video_view import VideoView

__all__ = ["CameraSpec", "SessionPlayer", "camera_spec"]  # the camera specs live in player_cameras

if TYPE_CHECKING:
    from interactioncoder.ui.audio_output import AudioOutput

TICK_MS = 5


class SessionPlayer(PlayerFrames, PlayerSound):
    frameChanged = Signal(int)  # noqa: N815 (Qt naming)
    playingChanged = Signal(bool)  # noqa: N815
    speedChanged = Signal(float)  # noqa: N815
    audioNote = Signal(str)  # noqa: N815
    cameraProblem = Signal(int, str)  # noqa: N815  camera index, message

    def __init__(
        self,
        cameras: Sequence[CameraLike],
        cache_bytes: int = DEFAULT_CACHE_BYTES,
        parent: QObject | None = None,
        master_timebase: Timebase | None = None,
        audio: bool = True,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        """*cameras*: 1-4 videos; the one flagged master (else the first) drives stepping.

        *master_timebase* (the stored one) lets the player run when the master file is
        missing; without it a missing master raises :class:`MissingMediaError`.
        """
        super().__init__(parent)
        if not cameras:
            raise ValueError("a session player needs at least one camera")
        self._specs = [camera_spec(c, i) for i, c in enumerate(cameras)]
        flagged = [i for i, s in enumerate(self._specs) if s.is_master]
        self.master_index = flagged[0] if flagged else 0
        self._open_cameras()
        self._timebase = self._master_timebase(master_timebase)
        self._session = MultiCamSession(self._camera_tracks(), self.master_index)
        self._start_frame_servers(cache_bytes)
        self._clock = PlaybackClock(self._timebase, now=now)
        self._init_frame_state()
        self._closed = False
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._init_resize_timer()
        self._audio_enabled = audio
        self._audio: AudioOutput | None = None
        self._audio_note = "" if audio else "Sound is off."
        self._show_master_frame(0)

    def _master_timebase(self, stored: Timebase | None) -> Timebase:
        """The master file's timebase, else the stored one; else the master's error."""
        master_source = self._sources[self.master_index]
        if master_source is not None:
            return master_source.timebase
        if stored is not None:
            return stored
        raise self._problems.get(self.master_index) or MissingMediaError(
            self._specs[self.master_index].path
        )

    def _camera_tracks(self) -> list[CameraTrack]:
        # A camera that cannot be opened runs on the master's timebase.
        return [
            CameraTrack(s.label, src.timebase if src else self._timebase, s.offset_ms)
            for s, src in zip(self._specs, self._sources, strict=True)
        ]

    # -- facts ---------------------------------------------------------------------------

    def timebase(self) -> Timebase:
        return self._timebase

    def views(self) -> list[VideoView]:
        return list(self._views)

    def infos(self) -> list[VideoInfo | None]:
        return [s.info() if s else None for s in self._sources]

    def problems(self) -> dict[int, MediaError]:
        """Cameras that cannot play (missing file, damaged...): index -> error."""
        return dict(self._problems)

    def missing_cameras(self) -> list[int]:
        return [i for i, e in self._problems.items() if isinstance(e, MissingMediaError)]

    def is_closed(self) -> bool:
        return self._closed

    def is_playing(self) -> bool:
        return self._clock.playing

    def speed(self) -> float:
        return self._clock.speed

    def offset(self, camera: int) -> float:
        return self._session.cameras[camera].offset_ms

    def audio_note(self) -> str:
        return self._audio_note

    def server(self, camera: int) -> FrameServer | None:
        return self._servers[camera]

    def attach_proxies(self, cache: ProxyCache | None = None) -> int:
        """Uses the cached scrub proxy of every camera that has one (made elsewhere, in
        the background: ``ProxyCache.ensure``). Returns how many cameras have one now."""
        cache = cache or ProxyCache()
        for server, source in zip(self._servers, self._sources, strict=True):
            if server is not None and source is not None and not server.has_proxy:
                server.set_proxy(cache.open_reader(source))
        return sum(1 for s in self._live_servers() if s.has_proxy)

    # -- transport -----------------------------------------------------------------------

    def play(self) -> None:
        if self._clock.playing or self._closed:
            return
        self._clock.play()
        for server in self._live_servers():
            server.set_playing(True)
        self._timer.start()
        self._start_audio()
        self.playingChanged.emit(True)
        self._tick()

    def pause(self) -> None:
        if not self._clock.playing:
            return
        self._clock.pause()
        self._after_stop()
        self._show_master_frame(self._clock.current_frame())

    def toggle_play(self) -> None:
        if self._clock.playing:
            self.pause()
        else:
            self.play()

    def step(self, frames: int) -> None:
        """Pauses and moves *frames* frames from the frame on screen (or on its way)."""
        base = self._displayed if self._clock.playing else self.requested_frame()
        if self._clock.playing:
            self._clock.pause()
            self._after_stop()
        target = self._clock.step(frames, from_frame=base)
        self._show_master_frame(target)

    def seek_frame(self, frame: int) -> None:
        target = self._clock.seek_frame(frame)
        self._restart_audio_if_playing()
        self._show_master_frame(target)

    def scrub_to(self, frame: int) -> None:
        """Live scrubbing (dragging the playhead): proxy frames where there is a proxy;
        end the drag with :meth:`seek_frame` for the exact frame."""
        target = self._clock.seek_frame(frame)
        self._restart_audio_if_playing()
        self._show_master_frame(target, exact=False)

    def set_reverse(self, reverse: bool) -> None:
        """Plays backwards (muted; proxy frames where there is a proxy)."""
        self._clock.set_reverse(reverse)
        if self._clock.playing:
            self._start_audio()

    def seek_ms(self, ms: float) -> None:
        target = self._clock.seek_ms(ms)
        self._restart_audio_if_playing()
        self._show_master_frame(target)

    def set_speed(self, speed: float) -> None:
        actual = self._clock.set_speed(speed)
        if self._clock.playing:
            self._start_audio()
        self.speedChanged.emit(actual)

    def set_loop(self, first: int | None, last: int | None = None) -> None:
        self._clock.set_loop(first, last)
        if self._clock.playing:
            self._tick()
        else:
            self._show_master_frame(self._clock.current_frame())

    def set_offset(self, camera: int, offset_ms: float) -> float:
        """Moves a camera against the master (live); returns the previous offset."""
        previous = self._session.set_offset(camera, offset_ms)
        if self._audio is not None and camera == self._audio_camera():
            self._audio.offset_ms = offset_ms
            self._restart_audio_if_playing()
        self._wanted[camera] = None
        self._request_camera(camera, self.requested_frame())
        return previous

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._timer.stop()
        self._resize_timer.stop()
        if self._audio is not None:
            self._audio.close()
            self._audio = None
        for server in self._live_servers():
            server.close()

    # -- internals -----------------------------------------------------------------------

    def _after_stop(self) -> None:
        self._timer.stop()
        for server in self._live_servers():
            server.set_playing(False)
        if self._audio is not None:
            self._audio.stop()
        self.playingChanged.emit(False)

    def _tick(self) -> None:
        if self._closed:
            return
        frame = self._clock.current_frame()
        if not self._clock.playing:  # reached the end
            self._after_stop()
            self._show_master_frame(frame)
            return
        self._show_master_frame(frame)
        if self._audio is not None and self._audio.playing():
            self._audio.feed(self._session_now())

    def _note_changed(self, note: str) -> None:
        self.audioNote.emit(note)
