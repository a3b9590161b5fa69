"""Segment edits: the trim clamp (timeline) and segments given in seconds (CLI)."""

from __future__ import annotations

import pytest

from interactioncoder.core.project import Segment
from interactioncoder.core.timebase import Timebase
from interactioncoder.workflow.segments import SegmentRangeError, span_from_seconds, trimmed

TB = Timebase.constant(25.0, 100)  # 4 s, frames every 40 ms
SEG = Segment(1, 1, "still-face", 10, 400.0, 20, 800.0)


def test_trim_clamps_to_one_frame_and_the_video() -> None:
    assert trimmed(SEG, "onset", 5, TB).onset_frame == 5
    assert trimmed(SEG, "onset", 5, TB).onset_ms == 200.0
    assert trimmed(SEG, "onset", -3, TB).onset_frame == 0
    assert trimmed(SEG, "onset", 30, TB).onset_frame == 19  # keeps one frame
    assert trimmed(SEG, "offset", 2, TB).offset_frame == 11
    end = trimmed(SEG, "offset", 500, TB)
    assert (end.offset_frame, end.offset_ms) == (100, TB.duration_ms)  # to the video's end
    assert trimmed(SEG, "offset", 20, TB) == SEG
    with pytest.raises(ValueError, match="not 'middle'"):
        trimmed(SEG, "middle", 3, TB)


def test_span_from_seconds() -> None:
    span = span_from_seconds(TB, 1.0, 2.0)
    assert (span.onset_frame, span.onset_ms, span.offset_frame, span.offset_ms) == (
        25,
        1000.0,
        50,
        2000.0,
    )
    whole = span_from_seconds(TB, 0, TB.duration_ms / 1000)
    assert (whole.onset_frame, whole.offset_frame, whole.offset_ms) == (0, 100, TB.duration_ms)
    with pytest.raises(SegmentRangeError, match="past the video's end"):
        span_from_seconds(TB, 1.0, 9.0)
    with pytest.raises(SegmentRangeError, match="runs forward"):
        span_from_seconds(TB, 2.0, 1.0)
    with pytest.raises(SegmentRangeError, match="runs forward"):
        span_from_seconds(TB, -1.0, 1.0)
