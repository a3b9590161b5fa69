"""The one time format shown to people."""

from interactioncoder.core.timefmt import format_timecode


def test_format_timecode() -> None:
    assert format_timecode(0) == "00:00:00.000"
    assert format_timecode(3_723_456.4) == "01:02:03.456"
    assert format_timecode(59_999.6) == "00:01:00.000"
    assert format_timecode(-1500) == "-00:00:01.500"
