"""Scale totals (e.g. the ADBB sum of eight items): ONE rule for the ratings panel and exports.

The rule: a total is the sum of the items rated so far, always shown together with how
many of its items are rated. A total with an item missing is PARTIAL: shown as "… so far ·
k of N items rated" and exported with ``complete = False`` and ``n_rated`` < ``n_items``,
never as if it were complete. A missing item counts as missing, never as 0. The clinical
cut-off is judged only on a complete total: a partial total is neither above nor below
it (``at_or_above_cutoff`` is None), however high its sum already is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from interactioncoder.core.codebook import ScaleTotal

RatingKey = tuple[str, int | None]  # (scale id, segment id or None for the session)


@dataclass(frozen=True)
class TotalResult:
    """A scale total for one segment (or the session)."""

    total: ScaleTotal
    segment_id: int | None
    value: int  # sum of the rated items (all of them when complete)
    rated: int
    n_items: int

    @property
    def missing(self) -> int:
        return self.n_items - self.rated

    @property
    def complete(self) -> bool:
        return self.rated == self.n_items

    @property
    def at_or_above_cutoff(self) -> bool | None:
        """Judged on a complete total with a cut-off only; None otherwise."""
        if not self.complete or self.total.cutoff is None:
            return None
        return self.total.is_at_or_above_cutoff(self.value)

    @property
    def above_cutoff(self) -> bool:
        """Whether to flag the total: complete and at or above the cut-off."""
        return self.at_or_above_cutoff is True

    def text(self, segment_name: str = "") -> str:
        """E.g. "ADBB total: 6 ≥ 5: above the clinical cut-off", or a partial total:
        "ADBB total: 6 so far · 4 of 8 items rated · cut-off 5 judged when complete"."""
        t = self.total
        name = t.name if "total" in t.name.casefold() else f"{t.name} total"
        where = f" ({segment_name})" if segment_name else ""
        head = f"{name}{where}: {self.value}"
        if not self.complete:
            head += f" so far · {self.rated} of {self.n_items} items rated"
            if t.cutoff is not None:
                head += f" · cut-off {t.cutoff} judged when complete"
            return head
        if t.cutoff is not None:
            if self.above_cutoff:
                head += f" ≥ {t.cutoff}: above the clinical cut-off"
            else:
                head += f" < {t.cutoff}: below the clinical cut-off"
        return head

    def tooltip(self) -> str:
        t = self.total
        lines = [f"{t.name}: sum of {len(t.scales)} items"]
        if t.cutoff is not None:
            lines.append(
                f"Clinical cut-off: {t.cutoff}" + (f" ({t.cutoff_label})" if t.cutoff_label else "")
            )
        if not self.complete:
            lines.append(
                "Items not yet rated count as missing, not as 0; the cut-off is judged "
                "once every item is rated."
            )
        return "\n".join(lines)


def compute_total(
    total: ScaleTotal, values: Mapping[RatingKey, int], segment_id: int | None
) -> TotalResult:
    """Sum the total's items rated for *segment_id* (None: the session-level ratings)."""
    rated = [values[(s, segment_id)] for s in total.scales if (s, segment_id) in values]
    return TotalResult(
        total=total,
        segment_id=segment_id,
        value=sum(rated),
        rated=len(rated),
        n_items=len(total.scales),
    )
