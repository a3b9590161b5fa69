"""Krippendorff's alpha for any number of coders, with missing values.

Computed through the coincidence matrix as in Krippendorff (2011), "Computing
Krippendorff's alpha-reliability": every unit with m >= 2 values adds each ordered pair of
its values with weight 1/(m - 1); units with fewer than two values drop out, which is how
missing data are handled. Then ``alpha = 1 - (n - 1) * sum(o_ck d_ck) / sum(n_c n_k d_ck)``
with the metric's squared difference ``d``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import ArrayLike, NDArray


class Metric(StrEnum):
    NOMINAL = "nominal"
    ORDINAL = "ordinal"
    INTERVAL = "interval"
    RATIO = "ratio"


@dataclass(frozen=True)
class AlphaResult:
    alpha: float
    metric: Metric
    pairable_values: float  # n: values in units coded by at least two coders
    units: int  # units with at least two values
    observed_disagreement: float
    expected_disagreement: float


def coincidence_matrix(
    data: ArrayLike, values: Sequence[float] | None = None
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(value domain, coincidence matrix) of a coders x units array (NaN = missing)."""
    x = np.asarray(data, dtype=float)
    if x.ndim != 2:
        raise ValueError(f"alpha needs a coders x units table, got shape {x.shape}")
    present = ~np.isnan(x)
    domain = np.unique(x[present]) if values is None else np.asarray(sorted(values), float)
    k = len(domain)
    m_u = present.sum(axis=0)
    usable = m_u >= 2
    # counts[u, c]: how many coders gave value c to unit u
    idx = np.searchsorted(domain, np.where(present, x, domain[0] if k else 0.0))
    if k and np.any(present & ((idx >= k) | (domain[np.minimum(idx, k - 1)] != x))):
        raise ValueError("a value lies outside the given value domain")
    counts = np.zeros((x.shape[1], k))
    cols = np.broadcast_to(np.arange(x.shape[1]), x.shape)
    np.add.at(counts, (cols[present], idx[present]), 1.0)
    counts = counts[usable]
    weight = 1.0 / (m_u[usable] - 1.0)
    coincidences = np.einsum("u,uc,uk->ck", weight, counts, counts)
    # A value does not pair with itself: remove the diagonal self-pairs.
    coincidences -= np.diag((weight[:, None] * counts).sum(axis=0))
    return domain, coincidences


def _squared_differences(
    domain: NDArray[np.float64], n_c: NDArray[np.float64], metric: Metric
) -> NDArray[np.float64]:
    c, k = np.meshgrid(domain, domain, indexing="ij")
    if metric is Metric.NOMINAL:
        return np.asarray(c != k, dtype=np.float64)
    if metric is Metric.INTERVAL:
        return np.asarray((c - k) ** 2, dtype=np.float64)
    if metric is Metric.RATIO:
        with np.errstate(invalid="ignore", divide="ignore"):
            d = ((c - k) / (c + k)) ** 2
        return np.asarray(np.nan_to_num(d, nan=0.0), dtype=np.float64)
    # ordinal: squared count of values between c and k, the ends counted half
    cum = np.concatenate(([0.0], np.cumsum(n_c)))
    i, j = np.meshgrid(np.arange(len(domain)), np.arange(len(domain)), indexing="ij")
    lo, hi = np.minimum(i, j), np.maximum(i, j)
    between = cum[hi + 1] - cum[lo] - (n_c[i] + n_c[j]) / 2.0
    return np.asarray(between**2, dtype=np.float64)


def krippendorff_alpha(
    data: ArrayLike, metric: Metric | str = Metric.NOMINAL, values: Sequence[float] | None = None
) -> AlphaResult:
    """Alpha of a coders x units table; NaN (or None) marks a missing value."""
    metric = Metric(metric)
    arr = np.array(data, dtype=float)
    domain, o = coincidence_matrix(arr, values)
    n_c = o.sum(axis=1)
    n = float(n_c.sum())
    units = int((np.sum(~np.isnan(arr), axis=0) >= 2).sum())
    nan = float("nan")
    if n <= 1:
        return AlphaResult(nan, metric, n, units, nan, nan)
    delta = _squared_differences(domain, n_c, metric)
    d_o = float((o * delta).sum()) / n
    d_e = float((np.outer(n_c, n_c) * delta).sum()) / (n * (n - 1.0))
    alpha = 1.0 - d_o / d_e if d_e > 0 else nan
    return AlphaResult(alpha, metric, n, units, d_o, d_e)
