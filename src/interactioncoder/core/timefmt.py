"""How times are written for people: one format everywhere in the app."""

from __future__ import annotations


def format_timecode(ms: float) -> str:
    """``hh:mm:ss.mmm`` rounded to the millisecond; a negative time keeps its sign."""
    sign = "-" if ms < 0 else ""
    total = round(abs(ms))
    hours, rest = divmod(total, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{sign}{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"
