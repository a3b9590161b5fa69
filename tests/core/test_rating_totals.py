"""The one rating-totals rule: partial totals are partial; the cut-off is judged when complete."""

from __future__ import annotations

from interactioncoder.core.codebook import ScaleTotal
from interactioncoder.core.rating_totals import compute_total

TOTAL = ScaleTotal("w", "Withdrawal", ("a", "b", "c"), cutoff=5)


def test_partial_total_is_never_judged_against_the_cutoff() -> None:
    r = compute_total(TOTAL, {("a", None): 4, ("b", None): 3}, None)
    assert (r.value, r.rated, r.n_items, r.missing, r.complete) == (7, 2, 3, 1, False)
    assert r.at_or_above_cutoff is None  # 7 >= 5 so far, but one item is missing
    assert not r.above_cutoff
    assert (
        r.text()
        == "Withdrawal total: 7 so far · 2 of 3 items rated · cut-off 5 judged when complete"
    )
    assert "count as missing, not as 0" in r.tooltip()


def test_complete_total_is_judged() -> None:
    values = {("a", None): 1, ("b", None): 2, ("c", None): 2}
    r = compute_total(TOTAL, values, None)
    assert (r.value, r.complete, r.at_or_above_cutoff) == (5, True, True)
    assert r.text() == "Withdrawal total: 5 ≥ 5: above the clinical cut-off"
    low = compute_total(TOTAL, {**values, ("c", None): 1}, None)
    assert (low.at_or_above_cutoff, low.text()) == (
        False,
        "Withdrawal total: 4 < 5: below the clinical cut-off",
    )


def test_segment_ratings_do_not_count_for_the_session_and_no_cutoff_is_none() -> None:
    r = compute_total(TOTAL, {("a", 7): 4}, None)
    assert (r.value, r.rated) == (0, 0)
    seg = compute_total(TOTAL, {("a", 7): 4, ("b", 7): 0, ("c", 7): 0}, 7)
    assert (seg.value, seg.complete) == (4, True)
    assert seg.text("play") == "Withdrawal total (play): 4 < 5: below the clinical cut-off"
    plain = ScaleTotal("s", "Sum", ("a",))
    assert compute_total(plain, {("a", None): 2}, None).at_or_above_cutoff is None
