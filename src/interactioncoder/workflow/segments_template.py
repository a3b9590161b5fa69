"""Segment templates: a procedure's episodes laid out one after another from a start frame.

A still-face study marks play, still-face and reunion in every session. The codebook
names the segment types; the template gives each a default length (seconds) and lays
them out back to back from the frame the first one starts on, in master-video frames.
The last episode is cut at the end of the video; episodes that would start after it are
left out and named.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.project import Segment
from interactioncoder.core.timebase import Timebase
from interactioncoder.storage import ProjectRepository

DEFAULT_SECONDS = 120.0


class TemplateError(ValueError):
    """A template that cannot be laid out (one line naming the problem)."""


@dataclass(frozen=True)
class PlannedSegment:
    type_id: str
    name: str
    onset_frame: int
    onset_ms: float
    offset_frame: int  # the first frame after the segment
    offset_ms: float


@dataclass(frozen=True)
class TemplateLayout:
    segments: tuple[PlannedSegment, ...]
    left_out: tuple[str, ...] = ()  # type ids that would start after the video's end


def layout_template(
    codebook: Codebook,
    timebase: Timebase,
    start_frame: int = 0,
    seconds: Mapping[str, float] | None = None,
    order: Sequence[str] | None = None,
) -> TemplateLayout:
    """Lay the segment types (in *order*, default: the codebook's) out from *start_frame*."""
    types = {t.id: t for t in codebook.segments}
    if not types:
        raise TemplateError(f"codebook {codebook.id!r} has no segment types")
    ids = list(order) if order is not None else list(types)
    given = dict(seconds or {})
    for type_id in [*ids, *given]:
        if type_id not in types:
            raise TemplateError(f"codebook {codebook.id!r} has no segment type {type_id!r}")
    for type_id, length in given.items():
        if not length > 0:
            raise TemplateError(f"segment {type_id!r}: the length must be above 0 s")
    if not 0 <= start_frame <= timebase.last_frame:
        raise TemplateError(f"start frame {start_frame} is outside 0..{timebase.last_frame}")
    planned: list[PlannedSegment] = []
    left_out: list[str] = []
    onset = start_frame
    counts: dict[str, int] = {}
    for type_id in ids:
        if onset >= timebase.frame_count:
            left_out.append(type_id)
            continue
        counts[type_id] = counts.get(type_id, 0) + 1
        name = types[type_id].name + (f" {counts[type_id]}" if counts[type_id] > 1 else "")
        onset_ms = timebase.frame_to_ms(onset)
        end_ms = onset_ms + given.get(type_id, DEFAULT_SECONDS) * 1000.0
        if end_ms >= timebase.duration_ms:
            offset, offset_ms = timebase.frame_count, timebase.duration_ms
        else:
            offset = max(timebase.ms_to_frame(end_ms), onset + 1)
            offset_ms = timebase.frame_end_ms(offset - 1)
        planned.append(PlannedSegment(type_id, name, onset, onset_ms, offset, offset_ms))
        onset = offset
    return TemplateLayout(tuple(planned), tuple(left_out))


def apply_template(
    repo: ProjectRepository, session_id: int, layout: TemplateLayout
) -> list[Segment]:
    """Store the laid-out segments of one session, all or none."""
    with repo.atomic():
        return [
            repo.add_segment(
                session_id, p.name, p.onset_frame, p.onset_ms, p.offset_frame, p.offset_ms
            )
            for p in layout.segments
        ]
