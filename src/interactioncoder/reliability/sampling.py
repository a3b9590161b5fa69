"""Choosing the sessions to double-code: a seeded, reproducible, optionally stratified share.

The same ids, share, strata and seed always give the same selection, whatever order the
ids come in (they are sorted first). With strata (e.g. visit), the number to draw is
split over the strata in proportion to their size by the largest-remainder method, and
drawn at random within each stratum.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np

T = TypeVar("T", bound=Hashable)


@dataclass(frozen=True)
class SampleSelection(Generic[T]):
    selected: tuple[T, ...]
    share: float
    seed: int
    population: int
    by_stratum: tuple[tuple[str, int, int], ...] = ()  # (stratum, chosen, of)


def _order(value: object) -> tuple[str, str]:
    """A total order over ids of any type (ints sort numerically via zero padding)."""
    if isinstance(value, int):
        return ("int", f"{value:020d}")
    return (type(value).__name__, str(value))


def choose_reliability_sample(
    session_ids: Sequence[T],
    share: float = 0.2,
    seed: int = 0,
    minimum: int = 1,
    strata: Mapping[T, str] | None = None,
) -> SampleSelection[T]:
    """Pick ``max(minimum, ceil(share * N))`` sessions (at most N) for double coding."""
    if not 0 < share <= 1:
        raise ValueError(f"the share to double-code must be in (0, 1], not {share}")
    ids = sorted(set(session_ids), key=_order)
    n = len(ids)
    if n == 0:
        return SampleSelection((), share, seed, 0)
    target = min(n, max(minimum, math.ceil(share * n - 1e-9)))
    rng = np.random.default_rng(seed)
    if strata is None:
        picked = [ids[p] for p in sorted(rng.choice(n, size=target, replace=False))]
        return SampleSelection(tuple(picked), share, seed, n)
    missing = [v for v in ids if v not in strata]
    if missing:
        raise ValueError(f"sessions without a stratum: {missing[:5]}")
    groups: dict[str, list[T]] = {}
    for v in ids:
        groups.setdefault(strata[v], []).append(v)
    names = sorted(groups)
    exact = [target * len(groups[g]) / n for g in names]
    counts = [math.floor(x) for x in exact]
    # Largest remainders get the seats left over (ties: the larger stratum, then by name).
    order = sorted(
        range(len(names)), key=lambda g: (-(exact[g] - counts[g]), -len(groups[names[g]]), g)
    )
    for g in order[: target - sum(counts)]:
        counts[g] += 1
    chosen: list[T] = []
    summary: list[tuple[str, int, int]] = []
    for name, count in zip(names, counts, strict=True):
        members = groups[name]
        picks = sorted(rng.choice(len(members), size=count, replace=False))
        chosen.extend(members[p] for p in picks)
        summary.append((name, count, len(members)))
    chosen.sort(key=_order)
    return SampleSelection(tuple(chosen), share, seed, n, tuple(summary))
