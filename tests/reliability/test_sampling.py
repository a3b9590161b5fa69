"""The double-coding sample: reproducible, the right size, stratified on request."""

from __future__ import annotations

import pytest

from interactioncoder.reliability.sampling import choose_reliability_sample


def test_twenty_percent_at_least_one_and_reproducible() -> None:
    ids = list(range(1, 23))
    s = choose_reliability_sample(ids, share=0.2, seed=42)
    assert len(s.selected) == 5  # ceil(0.2 * 22)
    assert set(s.selected) <= set(ids)
    assert s.selected == tuple(sorted(s.selected))
    # same inputs (any order) -> same selection; another seed -> (almost surely) another
    assert choose_reliability_sample(list(reversed(ids)), 0.2, seed=42).selected == s.selected
    assert choose_reliability_sample(ids, 0.2, seed=43).selected != s.selected
    assert len(choose_reliability_sample([7, 8], 0.2).selected) == 1
    assert choose_reliability_sample([], 0.2).selected == ()


def test_stratified_sample_is_proportional() -> None:
    strata = {i: ("visit1" if i <= 30 else "visit2") for i in range(1, 41)}
    s = choose_reliability_sample(list(strata), share=0.25, seed=1, strata=strata)
    assert len(s.selected) == 10
    # 7.5 and 2.5 seats: equal remainders, the larger stratum gets the extra one
    counts = {name: chosen for name, chosen, _ in s.by_stratum}
    assert counts == {"visit1": 8, "visit2": 2}
    assert sum(1 for i in s.selected if strata[i] == "visit1") == counts["visit1"]


def test_bad_share_or_missing_stratum_is_refused() -> None:
    with pytest.raises(ValueError, match="share"):
        choose_reliability_sample([1, 2], share=0)
    with pytest.raises(ValueError, match="without a stratum"):
        choose_reliability_sample([1, 2], strata={1: "a"})
