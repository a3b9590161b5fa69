"""Tooltip text for an event: code, onset/offset as time and frame, duration, modifiers."""

from __future__ import annotations

from html import escape

from interactioncoder.core.codebook import Codebook, ModifierKind
from interactioncoder.core.events import Event
from interactioncoder.core.timebase import Timebase
from interactioncoder.ui.timeline.model.ruler import format_time


def _when(ms: float | None, frame: int | None, hours: bool) -> str:
    if frame is None or ms is None:
        return "running"
    return f"{format_time(ms, 1.0, hours)} (frame {frame})"


def modifier_text(ev: Event, codebook: Codebook, names: bool = True) -> str:
    """``name: value`` pairs (or values only, for labels in bars), choices by their names."""
    if not ev.modifiers:
        return ""
    known = {}
    if codebook.has_code(ev.code_id):
        known = {m.id: m for m in codebook.code(ev.code_id).modifiers}
    parts = []
    for mid, value in ev.modifiers.items():
        mod = known.get(mid)
        shown: str
        if mod is not None and mod.kind is ModifierKind.CHOICE:
            shown = {c.id: c.name for c in mod.choices}.get(str(value), str(value))
        else:
            shown = f"{value:g}" if isinstance(value, float) else str(value)
        label = mod.name if mod is not None else mid
        parts.append(f"{label}: {shown}" if names else shown)
    return ", ".join(parts)


def event_tooltip(ev: Event, codebook: Codebook, timebase: Timebase | None, lane: str = "") -> str:
    name = codebook.code(ev.code_id).name if codebook.has_code(ev.code_id) else ev.code_id
    hours = timebase is not None and timebase.duration_ms >= 3_600_000
    lines = [f"<b>{escape(name)}</b>" + (f" — {escape(lane)}" if lane else "")]
    if ev.is_point:
        lines.append(f"at {_when(ev.onset_ms, ev.onset_frame, hours)}")
    else:
        lines.append(f"onset {_when(ev.onset_ms, ev.onset_frame, hours)}")
        lines.append(f"offset {_when(ev.offset_ms, ev.offset_frame, hours)}")
        if ev.offset_frame is not None and ev.offset_ms is not None:
            frames = ev.offset_frame - ev.onset_frame
            lines.append(f"duration {(ev.offset_ms - ev.onset_ms) / 1000:.3f} s ({frames} frames)")
    mods = modifier_text(ev, codebook)
    if mods:
        lines.append(escape(mods))
    if ev.comment:
        lines.append(f"<i>{escape(ev.comment)}</i>")
    return "<br>".join(lines)
