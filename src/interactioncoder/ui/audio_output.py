"""Sound for the player: QtMultimedia's QAudioSink fed with PCM from ``media.audio``.

Sound plays only at 1x. At other speeds it is muted: pitch-shifted or time-stretched sound
is of little use for coding and costs CPU that frame-exact stepping needs (the player
says so in its audio note). QtMultimedia needs libpulse on Linux; it is imported lazily
and if it (or an output device) is missing the video simply plays silently with a note
explaining why - never an error.

Sync: the playback clock is the master. The sink is started at the clock's position and
fed at most ``AHEAD_MS`` ahead of what the device has taken (``processedUSecs``). The
device's lag behind the clock (lower envelope over ``LAG_WINDOW`` feeds, which filters
the chunks the audio server takes at once) is held on a target: zero, or the device's
own read-ahead when it takes sound before the clock (a buffering server). A lag that
moves more than ``RESYNC_MS`` off the target - the device started late, or ran dry while
the GUI thread stalled - is corrected in the sound written next, by skipping (or
repeating) that many milliseconds; a lag beyond the whole buffer restarts the sink.
(Measured through PulseAudio by ``tests/ui/test_sound_heard.py``: without this, the
sound left 20-50 ms late after a start, and stalls under load added up to 250 ms.)
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMessageLogContext, QObject, QtMsgType, qInstallMessageHandler

from interactioncoder.media.audio import AudioReader
from interactioncoder.media.errors import MediaError

log = logging.getLogger(__name__)

SAMPLE_RATE = 48000
CHANNELS = 2
BYTES_PER_SECOND = SAMPLE_RATE * CHANNELS * 2
BUFFER_MS = 250
AHEAD_MS = 100.0  # written ahead of the device: a correction is heard this soon
RESYNC_MS = 10.0  # well inside a frame (40 ms at 25 fps, 33 ms at 30 fps)
LAG_WINDOW = 8  # feeds (a tick is 5 ms): the lower envelope filters the device's chunking


@contextmanager
def _quiet_qt_messages() -> Iterator[list[str]]:
    """Collects Qt log messages instead of printing them, then restores the handler."""
    messages: list[str] = []

    def collect(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        messages.append(message)

    previous = qInstallMessageHandler(collect)
    try:
        yield messages
    finally:
        qInstallMessageHandler(previous)


class AudioOutput(QObject):
    """Plays the sound of one video file, whose time 0 is at session time *offset_ms*."""

    def __init__(self, path: str | Path, offset_ms: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.offset_ms = offset_ms
        self.note = ""
        self._sink: Any = None
        self._io: Any = None
        self._reader: AudioReader | None = None
        self._start_ms = 0.0  # video-time of the first sample given to the current sink run
        self._written_ms = 0.0
        self._device_ms = 0.0  # sound handed to the current sink run
        self._lags: deque[float] = deque(maxlen=LAG_WINDOW)
        self._target: float | None = None
        # (device position, ms skipped from there): corrections written, not yet heard
        self._corrections: list[tuple[float, float]] = []
        self._heard_ms = 0.0  # sum of the corrections the device has reached
        self._format: Any = None
        self._device: Any = None
        self._sink_class: Any = None
        self._setup()

    @property
    def available(self) -> bool:
        return self._format is not None and self._reader is not None

    def _setup(self) -> None:
        # Loading the multimedia backend logs Qt warnings about optional libraries
        # (pipewire, VA-API, PulseAudio); they are expected noise, kept out of the log.
        with _quiet_qt_messages() as messages:
            self._probe()
        if messages and not self.available:
            log.info("audio probe messages: %s", "; ".join(messages))

    def _probe(self) -> None:
        try:
            from PySide6.QtMultimedia import QAudioFormat, QAudioSink, QMediaDevices
        except Exception as exc:  # ImportError, or a missing libpulse/OSError
            self.note = f"Sound is off: Qt Multimedia is not available on this system ({exc})."
            return
        try:
            device = QMediaDevices.defaultAudioOutput()
        except Exception as exc:
            self.note = f"Sound is off: no audio output could be opened ({exc})."
            return
        if device.isNull():
            self.note = "Sound is off: there is no audio output device."
            return
        fmt = QAudioFormat()
        fmt.setSampleRate(SAMPLE_RATE)
        fmt.setChannelCount(CHANNELS)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        if not device.isFormatSupported(fmt):
            self.note = "Sound is off: the audio device does not take 48 kHz 16-bit stereo."
            return
        try:
            self._reader = AudioReader(self.path, SAMPLE_RATE, CHANNELS, "s16")
        except MediaError as exc:
            self.note = f"No sound: {exc.problem}."
            return
        self._format, self._device, self._sink_class = fmt, device, QAudioSink

    def start(self, session_ms: float) -> None:
        """Starts playing the sound of session time *session_ms*."""
        if not self.available:
            return
        self.stop()
        self._sink = self._sink_class(self._device, self._format, self)
        self._sink.setBufferSize(BYTES_PER_SECOND * BUFFER_MS // 1000)
        self._io = self._sink.start()
        self._start_ms = session_ms - self.offset_ms
        self._written_ms = self._start_ms
        self._device_ms = 0.0
        self._lags.clear()
        self._target = None
        self._corrections = []
        self._heard_ms = 0.0
        self.feed(session_ms)

    def stop(self) -> None:
        if self._sink is not None:
            self._sink.stop()
            self._sink.deleteLater()
        self._sink = None
        self._io = None

    def playing(self) -> bool:
        return self._sink is not None

    def feed(self, session_ms: float) -> None:
        """Tops up the device buffer, keeping the sound on the clock (see the module note)."""
        if self._sink is None or self._io is None or self._reader is None:
            return
        taken_ms = self._sink.processedUSecs() / 1000.0
        correction = self._correction(session_ms - self.offset_ms, taken_ms)
        if correction is None:
            log.debug("sound a buffer off the clock at %.0f ms: restarted", session_ms)
            self.start(session_ms)
            return
        if correction:
            log.debug("sound %+.1f ms off the clock at %.0f ms", correction, session_ms)
            self._corrections.append((self._device_ms, correction))
            self._written_ms += correction
            self._lags.clear()
        room_ms = self._sink.bytesFree() * 1000.0 / BYTES_PER_SECOND
        chunk_ms = min(room_ms, AHEAD_MS - (self._device_ms - taken_ms))
        if chunk_ms < 10:
            return
        samples = self._reader.read(self._written_ms, chunk_ms)
        if len(samples):
            written = self._io.write(samples.tobytes())
            done_ms = max(written, 0) * 1000.0 / BYTES_PER_SECOND
            self._written_ms += done_ms
            self._device_ms += done_ms

    def _correction(self, clock_ms: float, taken_ms: float) -> float | None:
        """Milliseconds of sound to skip (negative: repeat) to put the device back on the
        clock; ``None`` when it is a whole buffer off (restart)."""
        while self._corrections and self._corrections[0][0] <= taken_ms:
            self._heard_ms += self._corrections.pop(0)[1]  # it reached the device
            self._lags.clear()
        if taken_ms <= 0:  # the device has not begun
            return 0.0
        lag = clock_ms - (self._start_ms + taken_ms + self._heard_ms)
        if abs(lag) > BUFFER_MS + RESYNC_MS:
            return None
        self._lags.append(lag)
        if len(self._lags) < LAG_WINDOW:
            return 0.0
        low = min(self._lags)
        if self._target is None:
            self._target = min(low, 0.0)
        off = low - self._target - sum(c for _at, c in self._corrections)
        return off if abs(off) > RESYNC_MS else 0.0

    def close(self) -> None:
        self.stop()
        if self._reader is not None:
            self._reader.close()
            self._reader = None
