"""Segment edits (a named part of a session, in master-video frames): one rule for all.

A segment covers frames ``onset_frame`` .. ``offset_frame - 1``: the offset is the first
frame after it, as for a state, and may be ``frame_count`` (to the end of the video). A
segment always keeps at least one frame. Dragging an edge on the timeline is clamped to
that; a segment given in seconds (the CLI) must run forward inside the video.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from interactioncoder.core.editing import frame_ms
from interactioncoder.core.project import Segment
from interactioncoder.core.timebase import Timebase


class SegmentRangeError(ValueError):
    """The segment's start and end do not make a segment of this video."""


@dataclass(frozen=True)
class SegmentSpan:
    onset_frame: int
    onset_ms: float
    offset_frame: int  # the first frame after the segment
    offset_ms: float


def trimmed(segment: Segment, edge: str, frame: int, timebase: Timebase) -> Segment:
    """*segment* with its ``"onset"`` or ``"offset"`` edge moved towards *frame* (clamped)."""
    if edge == "onset":
        f = min(max(frame, 0), segment.offset_frame - 1)
        return replace(segment, onset_frame=f, onset_ms=frame_ms(timebase, f))
    if edge != "offset":
        raise ValueError(f"a segment has an onset and an offset edge, not {edge!r}")
    f = min(max(frame, segment.onset_frame + 1), timebase.frame_count)
    return replace(segment, offset_frame=f, offset_ms=frame_ms(timebase, f))


def check_seconds(start_s: float, end_s: float) -> None:
    """A segment runs forward from 0 s (checked before any project is opened)."""
    if end_s <= start_s or start_s < 0:
        raise SegmentRangeError(f"a segment runs forward from 0 s: {start_s} to {end_s} is not one")


def span_from_seconds(timebase: Timebase, start_s: float, end_s: float) -> SegmentSpan:
    """The frames of a segment given in seconds on the master video."""
    check_seconds(start_s, end_s)
    end_ms = end_s * 1000
    if end_ms > timebase.duration_ms:
        raise SegmentRangeError(
            f"{end_s} s is past the video's end ({timebase.duration_ms / 1000:.3f} s)"
        )
    onset = timebase.ms_to_frame(start_s * 1000)
    # the first frame after the segment, as for a state's offset
    offset = (
        timebase.frame_count if end_ms >= timebase.duration_ms else timebase.ms_to_frame(end_ms)
    )
    return SegmentSpan(onset, timebase.frame_to_ms(onset), offset, frame_ms(timebase, offset))
