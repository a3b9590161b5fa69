"""Sound for the player: QtMultimedia's QAudioSink fed with PCM from ``media.audio``.

Sound plays only at 1x. At other speeds it is muted: pitch-shifted or time-stretched sound
is of little use for coding and costs CPU that frame-exact stepping needs (the player
says so in its audio note). QtMultimedia needs libpulse on Linux; it is imported lazily
and if it (or an output device) is missing the video simply plays silently with a note
explaining why - never an error.

Sync: the playback clock is the master. The sink is started at the clock's position and
fed ahead in small chunks; if what the device has played drifts more than
``RESYNC_MS`` from the clock (device clock vs. monotonic clock, a stall), the sound is
restarted at the clock position.
"""

from __future__ import annotations

import logging
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
RESYNC_MS = 80.0


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
        """Tops up the device buffer; restarts at the clock position when out of sync."""
        if self._sink is None or self._io is None or self._reader is None:
            return
        # What the device has consumed so far; it lags the clock by at most its latency.
        heard_ms = self._start_ms + self._sink.processedUSecs() / 1000.0
        if abs(heard_ms - (session_ms - self.offset_ms)) > RESYNC_MS + BUFFER_MS:
            self.start(session_ms)
            return
        free = self._sink.bytesFree()
        chunk_ms = free * 1000.0 / BYTES_PER_SECOND
        if chunk_ms < 10:
            return
        samples = self._reader.read(self._written_ms, chunk_ms)
        if len(samples):
            self._io.write(samples.tobytes())
            self._written_ms += len(samples) * 1000.0 / SAMPLE_RATE

    def close(self) -> None:
        self.stop()
        if self._reader is not None:
            self._reader.close()
            self._reader = None
