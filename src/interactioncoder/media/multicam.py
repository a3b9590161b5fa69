"""Several cameras of one session on a common clock.

Session time is the master camera's media time plus its offset (normally 0). Each camera
has an offset: the session time at which the camera's own time 0 occurs, so a camera
switched on 2 s after the master has offset +2000 ms. For a master frame, every other
camera shows the frame *on screen* at the same session time, found through that camera's
own :class:`Timebase` - exact on VFR, so cameras never drift by more than one frame
whatever the length of the session.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from interactioncoder.core.timebase import Timebase


@dataclass
class CameraTrack:
    label: str
    timebase: Timebase
    offset_ms: float = 0.0


class MultiCamSession:
    def __init__(self, cameras: Sequence[CameraTrack], master_index: int = 0) -> None:
        if not cameras:
            raise ValueError("a session needs at least one camera")
        if not 0 <= master_index < len(cameras):
            raise ValueError("the master camera must be one of the cameras")
        self.cameras = list(cameras)
        self.master_index = master_index

    @property
    def master(self) -> CameraTrack:
        return self.cameras[self.master_index]

    def set_offset(self, camera: int, offset_ms: float) -> float:
        """Changes a camera's offset (live); returns the previous one."""
        previous = self.cameras[camera].offset_ms
        self.cameras[camera].offset_ms = float(offset_ms)
        return previous

    def session_ms(self, master_frame: int) -> float:
        master = self.master
        return master.timebase.frame_to_ms(master.timebase.clamp_frame(master_frame)) + (
            master.offset_ms
        )

    def camera_frame_at(self, camera: int, session_ms: float) -> int | None:
        """The frame of *camera* on screen at *session_ms*, None when it is not recording."""
        track = self.cameras[camera]
        tb = track.timebase
        t = session_ms - track.offset_ms
        if t < tb.start_ms - 1e-6 or t >= tb.duration_ms:
            return None
        return tb.ms_to_frame(t)

    def camera_frame(self, camera: int, master_frame: int) -> int | None:
        if camera == self.master_index:
            return self.master.timebase.clamp_frame(master_frame)
        return self.camera_frame_at(camera, self.session_ms(master_frame))

    def frames_for(self, master_frame: int) -> list[int | None]:
        """The frame each camera shows with *master_frame* (master included)."""
        return [self.camera_frame(i, master_frame) for i in range(len(self.cameras))]

    def drift_ms(self, camera: int, master_frame: int) -> float | None:
        """How far (ms) the shown frame of *camera* started before the master frame, in
        session time: 0 <= drift < that camera's frame duration when in sync."""
        frame = self.camera_frame(camera, master_frame)
        if frame is None:
            return None
        track = self.cameras[camera]
        shown_at = track.timebase.frame_to_ms(frame) + track.offset_ms
        return self.session_ms(master_frame) - shown_at
