"""Agreement on ratings: ICCs, weighted kappa, Fleiss' kappa, correlations.

Sources:
- Shrout & Fleiss (1979), "Intraclass correlations: uses in assessing rater reliability",
  Psychological Bulletin 86:420-428: ICC(1,1) .. ICC(3,k) and their F-based CIs.
- McGraw & Wong (1996), Psychological Methods 1:30-46: the names (one-way random;
  two-way random, absolute agreement; two-way mixed, consistency) and the Satterthwaite
  CI of ICC(2,*).
- Cohen (1968) weighted kappa with the SE of Fleiss, Cohen & Everitt (1969).
- Fleiss (1971), "Measuring nominal scale agreement among many raters".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

from interactioncoder.reliability.kappa import (
    ConfusionMatrix,
    KappaStats,
    Weighting,
    kappa_from_matrix,
    landis_koch,
)

ICC_NAMES = {
    "ICC(1,1)": "one-way random, single rater",
    "ICC(2,1)": "two-way random, absolute agreement, single rater",
    "ICC(3,1)": "two-way mixed, consistency, single rater",
    "ICC(1,k)": "one-way random, mean of k raters",
    "ICC(2,k)": "two-way random, absolute agreement, mean of k raters",
    "ICC(3,k)": "two-way mixed, consistency, mean of k raters",
}


@dataclass(frozen=True)
class ICC:
    form: str  # "ICC(2,1)" etc.
    description: str
    value: float
    ci_low: float
    ci_high: float
    f: float
    df1: float
    df2: float
    p: float


def icc_all(data: ArrayLike, confidence: float = 0.95) -> tuple[ICC, ...]:
    """The six Shrout & Fleiss ICCs of a targets x raters table (no missing values)."""
    x = np.asarray(data, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return _icc_all(x, confidence)


def _icc_all(x: np.ndarray, confidence: float) -> tuple[ICC, ...]:
    if x.ndim != 2 or x.shape[0] < 2 or x.shape[1] < 2:
        raise ValueError(f"ICC needs at least 2 targets x 2 raters, got shape {x.shape}")
    if np.isnan(x).any():
        raise ValueError("ICC needs complete data: drop targets with a missing rating first")
    ms = _mean_squares(x)
    q = 1.0 - (1.0 - confidence) / 2.0

    def f_ppf(d1: float, d2: float) -> float:
        return float(stats.f.ppf(q, d1, d2))

    one_way_1, one_way_k = _one_way(ms, f_ppf)
    random_1, random_k = _two_way_random(ms, f_ppf)
    mixed_1, mixed_k = _two_way_mixed(ms, f_ppf)
    return (one_way_1, random_1, mixed_1, one_way_k, random_k, mixed_k)


@dataclass(frozen=True)
class _MeanSquares:
    """The ANOVA of an n targets x k raters table, in Shrout & Fleiss's names.

    numpy scalars: perfect agreement (zero error) gives inf/nan bounds, not an exception.
    """

    n: int
    k: int
    msr: np.float64  # between targets (rows)
    msw: np.float64  # within targets (the one-way model's error)
    msc: np.float64  # between raters (columns)
    mse: np.float64  # residual (the two-way models' error)


def _mean_squares(x: np.ndarray) -> _MeanSquares:
    n, k = x.shape
    grand = x.mean()
    ss_total = float(((x - grand) ** 2).sum())
    ss_rows = k * float(((x.mean(axis=1) - grand) ** 2).sum())
    ss_cols = n * float(((x.mean(axis=0) - grand) ** 2).sum())
    ss_err = ss_total - ss_rows - ss_cols
    msr = np.float64(ss_rows / (n - 1))
    msw = np.float64(max(ss_total - ss_rows, 0.0) / (n * (k - 1)))
    msc = np.float64(ss_cols / (k - 1))
    mse = np.float64(max(ss_err, 0.0) / ((n - 1) * (k - 1)))
    return _MeanSquares(n, k, msr, msw, msc, mse)


FQuantile = Callable[[float, float], float]


def _f_test(effect: np.float64, error: np.float64, df1: float, df2: float) -> tuple[float, float]:
    """F (a numpy scalar, or inf without error variance) and its p value."""
    f = effect / error if error > 0 else np.inf
    return f, float(stats.f.sf(f, df1, df2))


def _one_way(ms: _MeanSquares, f_ppf: FQuantile) -> tuple[ICC, ICC]:
    """ICC(1,1) and ICC(1,k): one-way random."""
    n, k, msr, msw = ms.n, ms.k, ms.msr, ms.msw
    df1, df2 = n - 1.0, n * (k - 1.0)
    f1, p1 = _f_test(msr, msw, df1, df2)
    fl, fu = f1 / f_ppf(df1, df2), f1 * f_ppf(df2, df1)
    single = _icc(
        "ICC(1,1)",
        (msr - msw) / (msr + (k - 1) * msw),
        (fl - 1) / (fl + k - 1),
        (fu - 1) / (fu + k - 1),
        f1,
        df1,
        df2,
        p1,
    )
    mean = _icc("ICC(1,k)", (msr - msw) / msr, 1 - 1 / fl, 1 - 1 / fu, f1, df1, df2, p1)
    return single, mean


def _two_way_random(ms: _MeanSquares, f_ppf: FQuantile) -> tuple[ICC, ICC]:
    """ICC(2,1) and ICC(2,k): two-way random, absolute agreement (Satterthwaite df for
    the CI)."""
    n, k, msr, msc, mse = ms.n, ms.k, ms.msr, ms.msc, ms.mse
    df1, df2e = n - 1.0, (n - 1.0) * (k - 1.0)
    f2, p2 = _f_test(msr, mse, df1, df2e)
    icc2 = (msr - mse) / (msr + (k - 1) * mse + k * (msc - mse) / n)
    a = k * icc2 / (n * (1 - icc2))
    b = 1 + k * icc2 * (n - 1) / (n * (1 - icc2))
    v = (a * msc + b * mse) ** 2 / ((a * msc) ** 2 / (k - 1) + (b * mse) ** 2 / df2e)
    fs, fi = f_ppf(n - 1, v), f_ppf(v, n - 1)
    lo2 = n * (msr - fs * mse) / (fs * (k * msc + (k * n - k - n) * mse) + n * msr)
    hi2 = n * (fi * msr - mse) / (k * msc + (k * n - k - n) * mse + n * fi * msr)
    single = _icc("ICC(2,1)", icc2, lo2, hi2, f2, df1, df2e, p2)
    mean = _icc(
        "ICC(2,k)",
        (msr - mse) / (msr + (msc - mse) / n),
        lo2 * k / (1 + lo2 * (k - 1)),
        hi2 * k / (1 + hi2 * (k - 1)),
        f2,
        df1,
        df2e,
        p2,
    )
    return single, mean


def _two_way_mixed(ms: _MeanSquares, f_ppf: FQuantile) -> tuple[ICC, ICC]:
    """ICC(3,1) and ICC(3,k): two-way mixed, consistency."""
    n, k, msr, mse = ms.n, ms.k, ms.msr, ms.mse
    df1, df2e = n - 1.0, (n - 1.0) * (k - 1.0)
    f3, p3 = _f_test(msr, mse, df1, df2e)
    fl3, fu3 = f3 / f_ppf(df1, df2e), f3 * f_ppf(df2e, df1)
    single = _icc(
        "ICC(3,1)",
        (msr - mse) / (msr + (k - 1) * mse),
        (fl3 - 1) / (fl3 + k - 1),
        (fu3 - 1) / (fu3 + k - 1),
        f3,
        df1,
        df2e,
        p3,
    )
    mean = _icc("ICC(3,k)", (msr - mse) / msr, 1 - 1 / fl3, 1 - 1 / fu3, f3, df1, df2e, p3)
    return single, mean


def _icc(
    form: str, value: float, lo: float, hi: float, f: float, d1: float, d2: float, p: float
) -> ICC:
    return ICC(form, ICC_NAMES[form], float(value), float(lo), float(hi), float(f), d1, d2, p)


def ratings_confusion(a: ArrayLike, b: ArrayLike, minimum: int, maximum: int) -> ConfusionMatrix:
    """Two raters' integer ratings tabulated over the FULL scale minimum..maximum."""
    x = np.asarray(a, dtype=float)
    y = np.asarray(b, dtype=float)
    if x.shape != y.shape:
        raise ValueError("both raters must rate the same targets")
    for v in np.concatenate([x, y]):
        if v != int(v) or not minimum <= v <= maximum:
            raise ValueError(f"rating {v:g} is not on the scale {minimum}..{maximum}")
    k = maximum - minimum + 1
    ia = x.astype(int) - minimum
    ib = y.astype(int) - minimum
    counts = np.bincount(ia * k + ib, minlength=k * k).reshape(k, k)
    return ConfusionMatrix.from_array([str(v) for v in range(minimum, maximum + 1)], counts)


def weighted_kappa(
    a: ArrayLike, b: ArrayLike, minimum: int, maximum: int, weighting: Weighting
) -> KappaStats:
    """Cohen's weighted kappa with weights spread over the whole scale, used or not."""
    return kappa_from_matrix(ratings_confusion(a, b, minimum, maximum).array, weighting)


@dataclass(frozen=True)
class FleissKappa:
    kappa: float
    observed_agreement: float
    expected_agreement: float
    subjects: int
    raters: int
    se_null: float  # Fleiss, Nee & Landis (1979) SE under kappa = 0

    @property
    def interpretation(self) -> str:
        return landis_koch(self.kappa)


def fleiss_kappa_from_counts(counts: ArrayLike) -> FleissKappa:
    """Fleiss' kappa of a subjects x categories table of rater counts (equal raters)."""
    t = np.asarray(counts, dtype=float)
    raters = t.sum(axis=1)
    if t.ndim != 2 or t.shape[0] < 1 or np.any(raters != raters[0]) or raters[0] < 2:
        raise ValueError("every subject needs the same number (>= 2) of ratings")
    n_sub, m = t.shape[0], float(raters[0])
    p_j = t.sum(axis=0) / (n_sub * m)
    p_i = ((t * t).sum(axis=1) - m) / (m * (m - 1))
    po = float(p_i.mean())
    pe = float((p_j**2).sum())
    kappa = (po - pe) / (1 - pe) if pe < 1 else float("nan")
    q = p_j * (1 - p_j)
    sq = float(q.sum())
    se0 = (
        float(np.sqrt(2 / (n_sub * m * (m - 1))) * np.sqrt(sq**2 - (q * (1 - 2 * p_j)).sum()) / sq)
        if sq > 0
        else float("nan")
    )
    return FleissKappa(kappa, po, pe, n_sub, int(m), se0)


def fleiss_kappa(ratings: ArrayLike) -> FleissKappa:
    """Fleiss' kappa of a subjects x raters table of category labels (any hashable)."""
    r = np.asarray(ratings)
    if r.ndim != 2:
        raise ValueError("Fleiss' kappa needs a subjects x raters table")
    cats, inv = np.unique(r, return_inverse=True)
    inv = inv.reshape(r.shape)
    counts = np.zeros((r.shape[0], len(cats)))
    np.add.at(counts, (np.repeat(np.arange(r.shape[0]), r.shape[1]), inv.ravel()), 1)
    return fleiss_kappa_from_counts(counts)


@dataclass(frozen=True)
class Correlations:
    pearson: float
    pearson_p: float
    spearman: float
    spearman_p: float


def correlations(a: ArrayLike, b: ArrayLike) -> Correlations:
    x = np.asarray(a, dtype=float)
    y = np.asarray(b, dtype=float)
    nan = float("nan")
    if len(x) < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return Correlations(nan, nan, nan, nan)
    pr = stats.pearsonr(x, y)
    sr = stats.spearmanr(x, y)
    return Correlations(
        float(pr.statistic), float(pr.pvalue), float(sr.statistic), float(sr.pvalue)
    )
