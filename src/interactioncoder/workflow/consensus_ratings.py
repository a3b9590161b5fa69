"""The ratings of a consensus coding: both coders' values per scale (and segment), and the
PI's choice for each one they disagree on (A's value, B's value, or a value of the PI's own).

Agreed ratings are taken as they are; a rating only one coder gave counts as a
disagreement (the other said nothing). Values are checked against the scale's range.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from interactioncoder.core.codebook import Codebook
from interactioncoder.exchange.reliability_data import PairedSession

RatingKey = tuple[str, int | None]  # (scale id, segment id or None for the whole session)
RatingChoice = str | int | None  # "A", "B", a value of the PI's own, or None (leave empty)


@dataclass(frozen=True)
class RatingItem:
    scale_id: str
    scale_name: str
    segment_id: int | None
    segment_label: str  # "" for the whole session
    value_a: int | None
    value_b: int | None

    @property
    def key(self) -> RatingKey:
        return (self.scale_id, self.segment_id)

    @property
    def agreed(self) -> bool:
        return self.value_a == self.value_b

    @property
    def label(self) -> str:
        return (
            f"{self.scale_name} ({self.segment_label})" if self.segment_label else self.scale_name
        )


def rating_items(session: PairedSession) -> list[RatingItem]:
    """Every scale (and segment) either coder rated, in codebook order."""
    codebook = session.coding_a.codebook
    a = {(r.scale_id, r.segment_id): r.value for r in session.coding_a.ratings}
    b = {(r.scale_id, r.segment_id): r.value for r in session.coding_b.ratings}
    segments = {s.id: s for s in session.data.segments}
    order = {s.id: i for i, s in enumerate(codebook.scales)}
    names = {s.id: s.name for s in codebook.scales}
    items = []
    for scale_id, segment_id in sorted(
        set(a) | set(b), key=lambda k: (order.get(k[0], len(order)), k[0], k[1] or -1)
    ):
        segment = segments.get(segment_id) if segment_id is not None else None
        seg_label = ""
        if segment is not None:
            seg_label = f"{segment.name}, frames {segment.onset_frame}-{segment.offset_frame - 1}"
        elif segment_id is not None:
            seg_label = f"segment {segment_id}"
        items.append(
            RatingItem(
                scale_id,
                names.get(scale_id, scale_id),
                segment_id,
                seg_label,
                a.get((scale_id, segment_id)),
                b.get((scale_id, segment_id)),
            )
        )
    return items


def decide_ratings(
    codebook: Codebook,
    items: Sequence[RatingItem],
    choices: Mapping[RatingKey, RatingChoice],
    *,
    require_all: bool = True,
) -> dict[RatingKey, int]:
    """The consensus value of each rating: agreed ones as they are, the others as chosen.

    Raises ValueError naming the scale when a disagreement has no choice (with
    *require_all*) or a chosen value is outside the scale. A None choice leaves it empty.
    """
    scales = {s.id: s for s in codebook.scales}
    out: dict[RatingKey, int] = {}
    for item in items:
        if item.key not in choices:
            if item.agreed and item.value_a is not None:
                out[item.key] = item.value_a
            elif require_all and not item.agreed:
                raise ValueError(
                    f"{item.label} ({item.scale_id}): the coders disagree "
                    f"({item.value_a} / {item.value_b}); choose A, B or a value"
                )
            continue
        choice = choices[item.key]
        value = item.value_a if choice == "A" else item.value_b if choice == "B" else choice
        if value is None:
            continue
        if isinstance(value, str):
            raise ValueError(f"{item.label}: {value!r} is neither A, B nor a value")
        scale = scales.get(item.scale_id)
        if scale is not None and value not in scale.values():
            raise ValueError(f"{item.label}: {value} is outside {scale.minimum}..{scale.maximum}")
        out[item.key] = int(value)
    return out


__all__ = ["RatingChoice", "RatingItem", "RatingKey", "decide_ratings", "rating_items"]
