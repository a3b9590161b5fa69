"""The session player's sound: which camera is heard, muting off 1×, the audio note.

Mixed into :class:`~interactioncoder.ui.player.SessionPlayer`; the sound follows the
player's clock (``ui.audio_output`` keeps the device on it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from interactioncoder.media.clock import PlaybackClock
from interactioncoder.media.multicam import MultiCamSession
from interactioncoder.media.source import VideoSource
from interactioncoder.ui.player_cameras import CameraSpec

if TYPE_CHECKING:
    from interactioncoder.ui.audio_output import AudioOutput

MUTED_NOTE = "Sound is muted at speeds other than 1×."


class PlayerSound(QObject):
    """A QObject base of the player (the audio output is its child)."""

    _audio_enabled: bool
    _audio: AudioOutput | None
    _audio_note: str
    _specs: list[CameraSpec]
    _sources: list[VideoSource | None]
    _clock: PlaybackClock
    _session: MultiCamSession
    master_index: int

    def _note_changed(self, note: str) -> None:
        raise NotImplementedError  # the player emits its signal

    def _audio_camera(self) -> int | None:
        order = [self.master_index] + [i for i in range(len(self._specs)) if i != self.master_index]
        for i in order:
            source = self._sources[i]
            if source is not None and source.has_audio:
                return i
        return None

    def _session_now(self) -> float:
        return self._clock.position_ms() + self._session.master.offset_ms

    def _set_note(self, note: str) -> None:
        if note != self._audio_note:
            self._audio_note = note
            self._note_changed(note)

    def _start_audio(self) -> None:
        if not self._audio_enabled:
            return
        if self._clock.speed != 1.0 or self._clock.reverse:
            if self._audio is not None:
                self._audio.stop()
            self._set_note(MUTED_NOTE)
            return
        if self._audio is None:
            camera = self._audio_camera()
            if camera is None:
                self._set_note("This session's videos have no sound.")
                return
            from interactioncoder.ui.audio_output import AudioOutput

            self._audio = AudioOutput(
                self._specs[camera].path, self._session.cameras[camera].offset_ms, self
            )
        if not self._audio.available:
            self._set_note(self._audio.note)
            return
        self._set_note("")
        self._audio.start(self._session_now())

    def _restart_audio_if_playing(self) -> None:
        if self._clock.playing and self._audio is not None and self._audio.playing():
            self._audio.start(self._session_now())
