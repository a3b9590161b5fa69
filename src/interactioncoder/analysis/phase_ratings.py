"""Ratings per phase: each session's rating of a scale (per segment or for the session),
then per dyad, group and all sessions as mean, SD and n (:data:`RATING_RULE`)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

RATING_RULE = (
    "A session-scope rating is listed under the whole session, a segment-scope rating under "
    "its segment's name; pooled rows give the mean, SD (n − 1) and n of the session ratings."
)


@dataclass(frozen=True)
class RatedSession:
    session_id: str
    dyad: str
    group: str
    ratings: tuple[tuple[str, str, int], ...]  # (phase, scale id, value)


@dataclass(frozen=True)
class RatingRow:
    level: str
    key: str
    phase: str
    scale_id: str
    values: tuple[int, ...]

    @property
    def n(self) -> int:
        return len(self.values)

    @property
    def mean(self) -> float:
        return float(np.mean(self.values)) if self.values else math.nan

    @property
    def sd(self) -> float:
        return float(np.std(self.values, ddof=1)) if len(self.values) > 1 else math.nan


def phase_ratings(sessions: Sequence[RatedSession], with_groups: bool = False) -> list[RatingRow]:
    rows: list[RatingRow] = []
    cells: list[tuple[str, str]] = []
    for s in sessions:
        for phase, scale, value in s.ratings:
            rows.append(RatingRow("session", s.session_id, phase, scale, (value,)))
            if (phase, scale) not in cells:
                cells.append((phase, scale))
    levels: list[tuple[str, Callable[[RatedSession], str]]] = [("dyad", lambda s: s.dyad)]
    if with_groups:
        levels.append(("group", lambda s: s.group))
    levels.append(("pooled", lambda _s: "all"))
    for level, key_of in levels:
        for key in dict.fromkeys(key_of(s) for s in sessions):
            members = [s for s in sessions if key_of(s) == key]
            for phase, scale in cells:
                values = tuple(
                    v for s in members for p, sc, v in s.ratings if (p, sc) == (phase, scale)
                )
                if values:
                    rows.append(RatingRow(level, key, phase, scale, values))
    return rows
