"""2×2 and R×C contingency tables: odds ratio, Yule's Q, adjusted residuals.

Notation (Bakeman & Quera 2011, "Sequential analysis and observational methods for the
behavioral sciences", ch. 9-11)::

                  target   not target
    given   (in)     a         b
    not given        c         d

- odds ratio ``ad / bc``; log odds ratio with SE ``sqrt(1/a + 1/b + 1/c + 1/d)`` and a
  normal-theory 95 % CI. When any cell is zero, 0.5 is added to every cell for the odds
  ratio, its log, SE and CI (the Haldane correction; ``haldane`` is then True and
  :data:`HALDANE_RULE` says so in every output).
- Yule's Q ``(ad - bc) / (ad + bc)`` = ``(OR - 1) / (OR + 1)`` from the raw counts, so a
  zero cell gives exactly ±1; with ``ad = bc = 0`` it is undefined (NaN).
- adjusted residual (Haberman) ``(x - E) / sqrt(E (1 - R/N) (1 - C/N))`` with
  ``E = R C / N``: approximately standard normal under independence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

HALDANE_RULE = (
    "When a cell of a 2×2 table is zero, 0.5 is added to every cell for the odds ratio, "
    "log odds ratio and its CI (Haldane correction); Yule's Q uses the raw counts (±1)."
)
Z95 = 1.959963984540054


@dataclass(frozen=True)
class TwoByTwo:
    """A 2×2 table and its statistics (see the module text for the definitions)."""

    a: float
    b: float
    c: float
    d: float

    @property
    def n(self) -> float:
        return self.a + self.b + self.c + self.d

    @property
    def haldane(self) -> bool:
        return min(self.a, self.b, self.c, self.d) == 0

    def _cells(self) -> tuple[float, float, float, float]:
        shift = 0.5 if self.haldane else 0.0
        return self.a + shift, self.b + shift, self.c + shift, self.d + shift

    @property
    def odds_ratio(self) -> float:
        a, b, c, d = self._cells()
        return (a * d) / (b * c)

    @property
    def log_odds_ratio(self) -> float:
        return math.log(self.odds_ratio)

    @property
    def log_odds_se(self) -> float:
        a, b, c, d = self._cells()
        return math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)

    @property
    def odds_ratio_ci(self) -> tuple[float, float]:
        lo = self.log_odds_ratio - Z95 * self.log_odds_se
        hi = self.log_odds_ratio + Z95 * self.log_odds_se
        return math.exp(lo), math.exp(hi)

    @property
    def yules_q(self) -> float:
        ad, bc = self.a * self.d, self.b * self.c
        return float("nan") if ad + bc == 0 else (ad - bc) / (ad + bc)

    @property
    def adjusted_residual(self) -> float:
        """Of cell a (the given-and-target cell)."""
        n = self.n
        row, col = self.a + self.b, self.a + self.c
        if n == 0:
            return float("nan")
        expected = row * col / n
        var = expected * (1 - row / n) * (1 - col / n)
        return float("nan") if var <= 0 else (self.a - expected) / math.sqrt(var)

    def __add__(self, other: TwoByTwo) -> TwoByTwo:
        return TwoByTwo(self.a + other.a, self.b + other.b, self.c + other.c, self.d + other.d)

    def as_dict(self) -> dict[str, float]:
        lo, hi = self.odds_ratio_ci if self.n else (math.nan, math.nan)
        ok = self.n > 0
        return {
            "a": self.a,
            "b": self.b,
            "c": self.c,
            "d": self.d,
            "yules_q": self.yules_q,
            "odds_ratio": self.odds_ratio if ok else math.nan,
            "log_odds_ratio": self.log_odds_ratio if ok else math.nan,
            "log_odds_se": self.log_odds_se if ok else math.nan,
            "or_ci_low": lo,
            "or_ci_high": hi,
            "haldane": float(self.haldane),
            "adjusted_residual": self.adjusted_residual,
        }


EMPTY = TwoByTwo(0.0, 0.0, 0.0, 0.0)


def yules_q_array(
    a: NDArray[np.float64], b: NDArray[np.float64], c: NDArray[np.float64], d: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Yule's Q of many tables at once (NaN where ``ad + bc = 0``)."""
    ad, bc = a * d, b * c
    with np.errstate(invalid="ignore", divide="ignore"):
        q = (ad - bc) / (ad + bc)
    return np.asarray(q, dtype=np.float64)


@dataclass(frozen=True)
class ContingencyStats:
    """An R×C table of counts and its independence statistics (cells as nested tuples)."""

    counts: NDArray[np.float64]
    expected: NDArray[np.float64]
    adjusted_residuals: NDArray[np.float64]
    row_probabilities: NDArray[np.float64]  # counts / row total (transition probabilities)
    yules_q: NDArray[np.float64]  # per cell, from the cell's collapsed 2×2 table


def contingency(counts: NDArray[np.float64]) -> ContingencyStats:
    """Expected counts, adjusted residuals, row probabilities and Yule's Q per cell."""
    x = np.asarray(counts, dtype=np.float64)
    n = x.sum()
    rows = x.sum(axis=1, keepdims=True)
    cols = x.sum(axis=0, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        expected = rows * cols / n if n else np.zeros_like(x)
        var = expected * (1 - rows / n) * (1 - cols / n) if n else np.zeros_like(x)
        resid = np.where(var > 0, (x - expected) / np.sqrt(np.where(var > 0, var, 1)), np.nan)
        probs = np.where(rows > 0, x / np.where(rows > 0, rows, 1), np.nan)
    a = x
    b = rows - x
    c = cols - x
    d = n - rows - cols + x
    return ContingencyStats(x, expected, resid, probs, yules_q_array(a, b, c, d))
