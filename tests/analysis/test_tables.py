"""2×2 and R×C statistics against statsmodels and hand-worked values."""

from __future__ import annotations

import math

import numpy as np
import pytest
from statsmodels.stats.contingency_tables import Table, Table2x2

from interactioncoder.analysis.tables import TwoByTwo, contingency


@pytest.mark.parametrize("seed", range(20))
def test_two_by_two_matches_statsmodels(seed: int) -> None:
    rng = np.random.default_rng(seed)
    cells = rng.integers(1, 200, size=4).astype(float)
    t = TwoByTwo(*cells)
    ref = Table2x2(cells.reshape(2, 2), shift_zeros=False)
    assert t.odds_ratio == pytest.approx(ref.oddsratio)
    assert t.log_odds_ratio == pytest.approx(ref.log_oddsratio)
    assert t.log_odds_se == pytest.approx(ref.log_oddsratio_se)
    lo, hi = ref.oddsratio_confint()
    assert t.odds_ratio_ci == pytest.approx((lo, hi))
    assert t.yules_q == pytest.approx((ref.oddsratio - 1) / (ref.oddsratio + 1))
    resid = Table(cells.reshape(2, 2)).standardized_resids
    assert t.adjusted_residual == pytest.approx(resid[0, 0])
    assert not t.haldane


def test_zero_cell_gives_q_of_one_and_haldane_corrected_odds() -> None:
    t = TwoByTwo(3, 0, 2, 5)
    assert t.haldane
    assert t.yules_q == 1.0
    assert TwoByTwo(0, 3, 2, 5).yules_q == -1.0
    shifted = Table2x2(np.array([[3.5, 0.5], [2.5, 5.5]]), shift_zeros=False)
    assert t.odds_ratio == pytest.approx(shifted.oddsratio)  # 15.4
    assert t.odds_ratio == pytest.approx(3.5 * 5.5 / (0.5 * 2.5))
    assert t.odds_ratio_ci == pytest.approx(shifted.oddsratio_confint())
    assert math.isnan(TwoByTwo(0, 3, 0, 5).yules_q)  # ad = bc = 0: undefined


def test_hand_worked_two_by_two() -> None:
    # Worked by hand with the definitions of Bakeman & Quera (2011), "Sequential analysis
    # and observational methods for the behavioral sciences", ch. 9 (our numbers, not the
    # book's): a = 10, b = 10, c = 20, d = 60:
    # OR = (10 × 60) / (10 × 20) = 3.00, Q = (600 − 200) / (600 + 200) = .50,
    # E(a) = 20 × 30 / 100 = 6, adjusted residual = 4 / sqrt(6 × .8 × .7) = 2.18.
    t = TwoByTwo(10, 10, 20, 60)
    assert t.odds_ratio == pytest.approx(3.0)
    assert t.yules_q == pytest.approx(0.5)
    assert t.adjusted_residual == pytest.approx(4 / math.sqrt(6 * 0.8 * 0.7))
    assert round(t.adjusted_residual, 2) == 2.18


@pytest.mark.parametrize("seed", range(10))
def test_contingency_residuals_match_statsmodels(seed: int) -> None:
    rng = np.random.default_rng(seed)
    k = int(rng.integers(2, 6))
    counts = rng.integers(1, 50, size=(k, k)).astype(float)
    stats = contingency(counts)
    ref = Table(counts)
    np.testing.assert_allclose(stats.expected, ref.fittedvalues)
    np.testing.assert_allclose(stats.adjusted_residuals, ref.standardized_resids)
    np.testing.assert_allclose(stats.row_probabilities.sum(axis=1), 1.0)
    i, j = 0, k - 1
    a = counts[i, j]
    b = counts[i].sum() - a
    c = counts[:, j].sum() - a
    d = counts.sum() - a - b - c
    assert stats.yules_q[i, j] == pytest.approx(TwoByTwo(a, b, c, d).yules_q)


def test_published_stratified_tables_pool_by_summing() -> None:
    # van Belle, Fisher, Heagerty & Lumley, "Biostatistics: A Methodology for the Health
    # Sciences", 2nd ed. (Wiley 2004), ch. 6, pp. 171-172: two strata each with odds ratio
    # 3 (60·50 / 10·100 and 50·60 / 100·10) whose summed table has odds ratio 1. Pooling by
    # summing tables (what every pooled row does) is not averaging the strata's statistics.
    stratum1 = TwoByTwo(60, 100, 10, 50)
    stratum2 = TwoByTwo(50, 10, 100, 60)
    assert stratum1.odds_ratio == pytest.approx(3.0)
    assert stratum2.odds_ratio == pytest.approx(3.0)
    assert stratum1.yules_q == pytest.approx(0.5)  # (3 − 1) / (3 + 1)
    pooled = stratum1 + stratum2
    assert (pooled.a, pooled.b, pooled.c, pooled.d) == (110, 110, 110, 110)
    assert pooled.odds_ratio == pytest.approx(1.0)
    assert pooled.yules_q == pytest.approx(0.0)
    assert pooled.adjusted_residual == pytest.approx(0.0)
