"""Cohen's kappa from a confusion matrix, with its standard error and companions.

Everything here works on a square matrix of counts (rows: coder A, columns: coder B).
Counts may be fractional (the tolerance window credits half units, see ``timeunit``).

Sources:
- Cohen (1960) kappa; Cohen (1968) weighted kappa.
- Fleiss, Cohen & Everitt (1969), "Large sample standard errors of kappa and weighted
  kappa", Psychological Bulletin 72:323-327: the asymptotic (non-null) variance used for
  the confidence interval, and the null variance used for the z test.
- Byrt, Bishop & Carlin (1993), "Bias, prevalence and kappa", J Clin Epidemiol 46:423-429:
  prevalence index, bias index and PABAK for a 2x2 table.
- Landis & Koch (1977) labels.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import ArrayLike, NDArray

Z_95 = 1.959963984540054  # standard normal 97.5 % quantile


class Weighting(StrEnum):
    NONE = "none"
    LINEAR = "linear"
    QUADRATIC = "quadratic"
    CUSTOM = "custom"  # agreement weights given by the caller


def landis_koch(kappa: float) -> str:
    """Landis & Koch (1977) benchmark label for a kappa value."""
    if math.isnan(kappa):
        return "undefined"
    if kappa < 0:
        return "poor"
    if kappa <= 0.20:
        return "slight"
    if kappa <= 0.40:
        return "fair"
    if kappa <= 0.60:
        return "moderate"
    if kappa <= 0.80:
        return "substantial"
    return "almost perfect"


@dataclass(frozen=True)
class ConfusionMatrix:
    """Counts of (coder A category, coder B category); rows are A, columns are B."""

    labels: tuple[str, ...]
    counts: tuple[tuple[float, ...], ...]

    @classmethod
    def from_array(cls, labels: Sequence[str], counts: ArrayLike) -> ConfusionMatrix:
        arr = np.asarray(counts, dtype=float)
        if arr.shape != (len(labels), len(labels)):
            raise ValueError(f"a {len(labels)}-label confusion matrix cannot be {arr.shape}")
        return cls(tuple(labels), tuple(tuple(float(v) for v in row) for row in arr))

    @property
    def array(self) -> NDArray[np.float64]:
        return np.array(self.counts, dtype=float).reshape(len(self.labels), len(self.labels))

    @property
    def total(self) -> float:
        return float(self.array.sum())

    def transposed(self) -> ConfusionMatrix:
        return ConfusionMatrix.from_array(self.labels, self.array.T)

    def __add__(self, other: ConfusionMatrix) -> ConfusionMatrix:
        if self.labels != other.labels:
            raise ValueError("confusion matrices with different labels cannot be pooled")
        return ConfusionMatrix.from_array(self.labels, self.array + other.array)


@dataclass(frozen=True)
class KappaStats:
    """Cohen's (possibly weighted) kappa of one confusion matrix."""

    kappa: float
    se: float  # asymptotic non-null SE (Fleiss, Cohen & Everitt 1969), for the CI
    ci_low: float
    ci_high: float
    se_null: float  # SE under kappa = 0, for the z test
    z: float
    kappa_max: float  # the largest kappa the two coders' marginals allow
    observed_agreement: float  # (weighted) proportion of agreement
    expected_agreement: float  # chance agreement from the marginals
    n: float
    weighting: Weighting = Weighting.NONE

    @property
    def percent_agreement(self) -> float:
        return 100.0 * self.observed_agreement

    @property
    def interpretation(self) -> str:
        return landis_koch(self.kappa)


def agreement_weights(k: int, weighting: Weighting) -> NDArray[np.float64]:
    """Agreement weights (1 on the diagonal) for *k* ordered categories."""
    i, j = np.indices((k, k))
    if weighting is Weighting.NONE or k < 2:
        return np.asarray(i == j, dtype=np.float64)
    d = np.abs(i - j) / (k - 1)
    if weighting is Weighting.LINEAR:
        return np.asarray(1.0 - d, dtype=np.float64)
    return np.asarray(1.0 - d**2, dtype=np.float64)


def kappa_from_matrix(
    counts: ArrayLike,
    weighting: Weighting = Weighting.NONE,
    structural_zero_last: bool = False,
    weights: ArrayLike | None = None,
) -> KappaStats:
    """Kappa, SE, 95 % CI and kappa max of a square count matrix.

    ``structural_zero_last`` says the last row/column is "nil" (event alignment): the
    nil-nil cell can never be filled, so kappa max leaves it out. ``weights`` are custom
    agreement weights (1 on the diagonal, 0..1 elsewhere; Cohen 1968); kappa max is then
    not computed (NaN), as the monotone matching below is only optimal for distance weights.
    """
    m = np.asarray(counts, dtype=float)
    if m.ndim != 2 or m.shape[0] != m.shape[1]:
        raise ValueError(f"kappa needs a square matrix, got shape {m.shape}")
    n = float(m.sum())
    nan = float("nan")
    if n <= 0:
        return KappaStats(nan, nan, nan, nan, nan, nan, nan, nan, nan, 0.0, weighting)
    w, weighting = _weights_for(m, weighting, weights)
    p = m / n
    row = p.sum(axis=1)
    col = p.sum(axis=0)
    po = float((w * m).sum()) / n  # from the counts: exactly 1 for identical codings
    expected = np.outer(row, col)
    pe = float((w * expected).sum())
    if pe >= 1.0 - 1e-12:
        # Both coders used one and the same category throughout: kappa is undefined.
        return KappaStats(nan, nan, nan, nan, nan, nan, nan, po, pe, n, weighting)
    kappa = (po - pe) / (1.0 - pe)
    se, se0 = _standard_errors(p, expected, w, kappa, pe, n)
    z = kappa / se0 if se0 > 0 else nan
    po_max = _po_max(row, col, w, weighting, structural_zero_last)
    kappa_max = (po_max - pe) / (1.0 - pe)
    return KappaStats(
        kappa=kappa,
        se=se,
        ci_low=kappa - Z_95 * se,
        ci_high=kappa + Z_95 * se,
        se_null=se0,
        z=z,
        kappa_max=kappa_max,
        observed_agreement=po,
        expected_agreement=pe,
        n=n,
        weighting=weighting,
    )


def _weights_for(
    m: NDArray[np.float64], weighting: Weighting, weights: ArrayLike | None
) -> tuple[NDArray[np.float64], Weighting]:
    """The agreement weights for table *m* and the weighting they amount to (custom
    *weights* override *weighting*)."""
    if weights is None:
        return agreement_weights(m.shape[0], weighting), weighting
    w = np.asarray(weights, dtype=float)
    if w.shape != m.shape or not np.allclose(np.diag(w), 1.0):
        raise ValueError("custom weights must be a square matrix like the table, 1 on the diagonal")
    return w, Weighting.CUSTOM


def _standard_errors(
    p: NDArray[np.float64],
    expected: NDArray[np.float64],
    w: NDArray[np.float64],
    kappa: float,
    pe: float,
    n: float,
) -> tuple[float, float]:
    """SE of kappa, and its SE under kappa = 0 (for z): Fleiss, Cohen & Everitt (1969),
    eq. for var(kappa_w); with identity weights it is the unweighted formula."""
    row = p.sum(axis=1)
    col = p.sum(axis=0)
    w_row = w @ col  # mean weight of row category i against B's marginals
    w_col = row @ w  # mean weight of column category j against A's marginals
    term = w - (w_row[:, None] + w_col[None, :]) * (1.0 - kappa)
    var = ((p * term**2).sum() - (kappa - pe * (1.0 - kappa)) ** 2) / (n * (1.0 - pe) ** 2)
    se = math.sqrt(max(float(var), 0.0))
    var0 = ((expected * (w - (w_row[:, None] + w_col[None, :])) ** 2).sum() - pe**2) / (
        n * (1.0 - pe) ** 2
    )
    se0 = math.sqrt(max(float(var0), 0.0))
    return se, se0


def _po_max(
    row: NDArray[np.float64],
    col: NDArray[np.float64],
    w: NDArray[np.float64],
    weighting: Weighting,
    structural_zero_last: bool,
) -> float:
    """The largest observed agreement the marginals allow (NaN for custom weights)."""
    if weighting is Weighting.CUSTOM:
        return float("nan")
    if weighting is Weighting.NONE:
        best = np.minimum(row, col)
        if structural_zero_last:
            best = best[:-1]
        return float(best.sum())
    return _weighted_po_max(row, col, w, structural_zero_last)


def _weighted_po_max(
    row: NDArray[np.float64], col: NDArray[np.float64], w: NDArray[np.float64], nil_last: bool
) -> float:
    """Largest weighted agreement with the given marginals (a small transport problem).

    For ordered categories and weights that fall with distance, matching the two
    cumulative distributions monotonically (north-west corner rule) is optimal.
    """
    r = row.copy()
    c = col.copy()
    total = 0.0
    i = j = 0
    k = len(r)
    while i < k and j < k:
        if nil_last and i == k - 1 and j == k - 1:
            break
        amount = min(r[i], c[j])
        total += amount * w[i, j]
        r[i] -= amount
        c[j] -= amount
        if r[i] <= 1e-15:
            i += 1
        if c[j] <= 1e-15:
            j += 1
    return float(total)


@dataclass(frozen=True)
class BinaryAgreement:
    """One code as present/absent (a 2x2 table) with Byrt et al.'s indices.

    ``both`` = both coders coded it, ``only_a`` / ``only_b`` = one coder only, ``neither``.
    The bias index is signed (A-only minus B-only, so swapping coders flips its sign);
    the prevalence index is symmetric.
    """

    code_id: str
    both: float
    only_a: float
    only_b: float
    neither: float
    stats: KappaStats

    @property
    def n(self) -> float:
        return self.both + self.only_a + self.only_b + self.neither

    @property
    def prevalence_index(self) -> float:
        return (self.both - self.neither) / self.n if self.n else float("nan")

    @property
    def bias_index(self) -> float:
        return (self.only_a - self.only_b) / self.n if self.n else float("nan")

    @property
    def pabak(self) -> float:
        """Prevalence- and bias-adjusted kappa: 2 p_o - 1."""
        return 2.0 * (self.both + self.neither) / self.n - 1.0 if self.n else float("nan")


def binary_agreement(
    code_id: str, both: float, only_a: float, only_b: float, neither: float
) -> BinaryAgreement:
    table = np.array([[both, only_a], [only_b, neither]], dtype=float)
    return BinaryAgreement(code_id, both, only_a, only_b, neither, kappa_from_matrix(table))


def one_vs_rest(matrix: ConfusionMatrix, skip: Sequence[str] = ()) -> tuple[BinaryAgreement, ...]:
    """Per-code 2x2 tables collapsed from a multi-category confusion matrix."""
    m = matrix.array
    total = float(m.sum())
    out = []
    for idx, label in enumerate(matrix.labels):
        if label in skip:
            continue
        both = float(m[idx, idx])
        only_a = float(m[idx, :].sum()) - both
        only_b = float(m[:, idx].sum()) - both
        out.append(binary_agreement(label, both, only_a, only_b, total - both - only_a - only_b))
    return tuple(out)
