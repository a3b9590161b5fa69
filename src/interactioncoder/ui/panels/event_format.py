"""Text of event cells: times as hh:mm:ss.mmm, modifiers with their codebook names (no Qt)."""

from __future__ import annotations

from typing import Any

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.events import Event
from interactioncoder.core.timefmt import format_timecode


def format_ms(ms: float | None) -> str:
    """Milliseconds as hh:mm:ss.mmm; empty for no time (a running state's offset)."""
    return "" if ms is None else format_timecode(ms)


def format_modifiers(event: Event, codebook: Codebook | None) -> str:
    """ "Intensity: strong; Count: 3" using names from the codebook where known."""
    if not event.modifiers:
        return ""
    names: dict[str, Any] = {}
    if codebook is not None and codebook.has_code(event.code_id):
        names = {m.id: m for m in codebook.code(event.code_id).modifiers}
    # The codebook's order (the order the popup asked them in), unknown ids last.
    order = {mod_id: i for i, mod_id in enumerate(names)}
    items = sorted(event.modifiers.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
    parts = []
    for mod_id, value in items:
        modifier = names.get(mod_id)
        label = modifier.name if modifier is not None else mod_id
        shown = value
        if modifier is not None and isinstance(value, str):
            shown = next((c.name for c in modifier.choices if c.id == value), value)
        elif isinstance(value, float):
            shown = f"{value:g}"
        parts.append(f"{label}: {shown}")
    return "; ".join(parts)
