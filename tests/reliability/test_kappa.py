"""Cohen's kappa and weighted kappa: identities, an independent library, edge cases."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import cohens_kappa, to_table

from interactioncoder.reliability.kappa import (
    ConfusionMatrix,
    Weighting,
    binary_agreement,
    kappa_from_matrix,
    landis_koch,
    one_vs_rest,
)
from interactioncoder.reliability.ratings import icc_all, ratings_confusion, weighted_kappa


def _random_pair(rng: np.random.Generator, n: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    a = rng.integers(0, k, n)
    noise = rng.integers(-1, 2, n) * (rng.random(n) < 0.4)
    return a, np.clip(a + noise, 0, k - 1)


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("weighting", [Weighting.NONE, Weighting.LINEAR, Weighting.QUADRATIC])
def test_kappa_matches_sklearn(seed: int, weighting: Weighting) -> None:
    rng = np.random.default_rng(seed)
    k = int(rng.integers(2, 7))
    a, b = _random_pair(rng, int(rng.integers(20, 300)), k)
    ours = weighted_kappa(a, b, 0, k - 1, weighting).kappa
    sk = None if weighting is Weighting.NONE else weighting.value
    theirs = cohen_kappa_score(a, b, labels=list(range(k)), weights=sk)
    assert ours == pytest.approx(theirs, abs=1e-12)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("weighting", [Weighting.NONE, Weighting.LINEAR, Weighting.QUADRATIC])
def test_standard_errors_match_statsmodels(seed: int, weighting: Weighting) -> None:
    # statsmodels implements Fleiss, Cohen & Everitt (1969) too: var_kappa and var_kappa0.
    rng = np.random.default_rng(100 + seed)
    k = 4
    a, b = _random_pair(rng, 120, k)
    table = ratings_confusion(a, b, 0, k - 1).array
    ours = kappa_from_matrix(table, weighting)
    wt = {"none": None, "linear": "linear", "quadratic": "quadratic"}[weighting.value]
    theirs = cohens_kappa(table, wt=wt)
    assert ours.kappa == pytest.approx(theirs.kappa, abs=1e-12)
    assert ours.se == pytest.approx(theirs.std_kappa, rel=1e-9)
    assert ours.se_null == pytest.approx(theirs.std_kappa0, rel=1e-9)
    assert ours.ci_low == pytest.approx(theirs.kappa_low, rel=1e-6)
    assert ours.ci_high == pytest.approx(theirs.kappa_upp, rel=1e-6)


@pytest.mark.parametrize("seed", range(5))
def test_quadratic_kappa_equals_fleiss_cohen_icc(seed: int) -> None:
    """Fleiss & Cohen (1973), Educ. Psychol. Meas. 33:613-619: quadratically weighted kappa
    is the intraclass correlation of the two-way ANOVA up to a term in 1/n. Written with the
    ANOVA mean squares (BMS subjects, JMS raters, EMS residual) the identity is exact:
    kappa_w = (BMS - EMS) / (BMS + EMS + 2 JMS / (n - 1)); and it tends to ICC(2,1)."""
    rng = np.random.default_rng(seed)
    n = 400
    a, b = _random_pair(rng, n, 7)
    b = np.clip(b + (rng.random(n) < 0.2), 0, 6)  # a little rater bias
    kw = weighted_kappa(a, b, 0, 6, Weighting.QUADRATIC).kappa
    x = np.column_stack([a, b]).astype(float)
    grand = x.mean()
    bms = 2 * ((x.mean(axis=1) - grand) ** 2).sum() / (n - 1)
    jms = n * ((x.mean(axis=0) - grand) ** 2).sum()
    ems = (((x - x.mean(axis=1, keepdims=True) - x.mean(axis=0) + grand) ** 2).sum()) / (n - 1)
    assert kw == pytest.approx((bms - ems) / (bms + ems + 2 * jms / (n - 1)), abs=1e-12)
    icc21 = {i.form: i.value for i in icc_all(x)}["ICC(2,1)"]
    assert kw == pytest.approx(icc21, abs=2.0 / n)


def test_weighted_kappa_uses_the_full_scale() -> None:
    # Only 1, 2 and 9 used on a 1..9 scale: the weights must follow the scale values
    # (1 vs 2 is a near miss, 2 vs 9 far off), not the ranks of the values that happened to
    # be used (which would make both one step apart).
    a = [1, 2, 9, 2, 1, 9, 2, 9]
    b = [1, 1, 9, 9, 2, 2, 2, 9]
    full = weighted_kappa(a, b, 1, 9, Weighting.LINEAR).kappa
    sk_full = cohen_kappa_score(a, b, labels=list(range(1, 10)), weights="linear")
    sk_observed = cohen_kappa_score(a, b, weights="linear")
    assert full == pytest.approx(sk_full)
    assert full != pytest.approx(sk_observed)
    assert ratings_confusion(a, b, 1, 9).labels == tuple(str(v) for v in range(1, 10))


def test_rating_off_scale_is_refused() -> None:
    with pytest.raises(ValueError, match=r"not on the scale 1\.\.9"):
        ratings_confusion([1, 10], [1, 2], 1, 9)


def test_kappa_max_and_perfect_agreement() -> None:
    perfect = kappa_from_matrix(np.diag([5.0, 3.0, 2.0]))
    assert perfect.kappa == pytest.approx(1.0) and perfect.kappa_max == pytest.approx(1.0)
    # Marginals (row 30/20, column 40/10) allow at most 40 of 50 to agree on the diagonal.
    s = kappa_from_matrix([[25, 5], [15, 5]])
    pe = (30 * 40 + 20 * 10) / 2500
    assert s.kappa_max == pytest.approx((40 / 50 - pe) / (1 - pe))
    assert s.kappa <= s.kappa_max


def test_undefined_kappa_is_nan() -> None:
    s = kappa_from_matrix([[10, 0], [0, 0]])
    assert np.isnan(s.kappa) and s.observed_agreement == 1.0
    assert s.interpretation == "undefined"
    assert np.isnan(kappa_from_matrix(np.zeros((2, 2))).kappa)


def test_byrt_indices() -> None:
    # Byrt, Bishop & Carlin (1993): PI = (a - d)/n, BI = (b - c)/n, PABAK = 2 p_o - 1.
    t = binary_agreement("x", both=40, only_a=9, only_b=1, neither=50)
    assert t.prevalence_index == pytest.approx(-0.10)
    assert t.bias_index == pytest.approx(0.08)
    assert t.pabak == pytest.approx(2 * 0.90 - 1)
    swapped = binary_agreement("x", both=40, only_a=1, only_b=9, neither=50)
    assert swapped.bias_index == pytest.approx(-t.bias_index)
    assert swapped.stats.kappa == pytest.approx(t.stats.kappa)


def test_one_vs_rest_collapses_the_matrix() -> None:
    m = ConfusionMatrix.from_array(["none", "a", "b"], [[10, 2, 0], [1, 7, 3], [0, 0, 5]])
    by_code = {t.code_id: t for t in one_vs_rest(m, skip=("none",))}
    assert set(by_code) == {"a", "b"}
    a = by_code["a"]
    assert (a.both, a.only_a, a.only_b, a.neither) == (7, 4, 2, 15)
    rows = np.array([[20, 5], [10, 15]])
    assert a.n == 28 and kappa_from_matrix(rows).kappa == pytest.approx(0.4)


def test_statsmodels_table_helper_agrees_with_our_confusion() -> None:
    a = np.array([0, 1, 2, 2, 1, 0, 2])
    b = np.array([0, 2, 2, 1, 1, 0, 2])
    theirs, _ = to_table(np.column_stack([a, b]), bins=np.arange(4) - 0.5)
    assert np.array_equal(ratings_confusion(a, b, 0, 2).array, theirs)


@pytest.mark.parametrize(
    ("kappa", "label"),
    [(-0.1, "poor"), (0.1, "slight"), (0.3, "fair"), (0.5, "moderate"), (0.7, "substantial"),
     (0.9, "almost perfect")],
)  # fmt: skip
def test_landis_koch_labels(kappa: float, label: str) -> None:
    assert landis_koch(kappa) == label
