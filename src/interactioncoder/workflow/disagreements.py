"""Which disagreements the reliability view lists, and how much context it shows around one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.timebase import Timebase
from interactioncoder.reliability.disagreements import Disagreement

CONTEXT_MS = 3000.0  # shown before and after a disagreement stretch


def filter_disagreements(
    items: Sequence[Disagreement],
    codebook: Codebook,
    *,
    method: str = "all",
    hide_within_tolerance: bool = False,
    group_id: str | None = None,
    session_labels: Mapping[str, str] | None = None,
) -> list[Disagreement]:
    """The disagreements of *method* ("all" or a method name), optionally only those
    outside the tolerance and of one code group, in session then frame order."""
    labels = session_labels or {}
    code_ids = {c.id for c in codebook.group(group_id).codes} if group_id is not None else set()
    out = [
        d
        for d in items
        if method in ("all", d.method)
        and not (hide_within_tolerance and d.within_tolerance)
        and (group_id is None or d.variable_id == group_id or d.variable_id in code_ids)
    ]
    out.sort(key=lambda d: (labels.get(d.session_id, ""), d.start_frame))
    return out


def stretch_view(timebase: Timebase, d: Disagreement) -> tuple[int, int, int]:
    """(first, last frame to show, last frame of the stretch): ±3 s of context around the
    stretch, or twice its length on each side if that is longer."""
    last = max(d.start_frame, d.end_frame - 1)
    context = max(
        d.start_frame - timebase.ms_to_frame(max(timebase.start_ms, d.start_ms - CONTEXT_MS)),
        2 * (last - d.start_frame + 1),
    )
    return max(0, d.start_frame - context), min(timebase.last_frame, last + context), last
