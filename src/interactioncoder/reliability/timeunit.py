"""Time-unit agreement of two coders: confusion matrix, kappa, tolerance window.

The unit sequences come from :mod:`interactioncoder.reliability.units`. A tolerance window
of ±t (Bakeman & Quera 2011, "Sequential analysis and observational methods", ch. 5)
forgives disagreements that are only a matter of timing. The rule, stated in
:data:`TOLERANCE_RULE` and copied into every result so reports print it, is symmetric in
the two coders by construction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from interactioncoder.reliability.kappa import (
    BinaryAgreement,
    ConfusionMatrix,
    KappaStats,
    kappa_from_matrix,
    one_vs_rest,
)
from interactioncoder.reliability.units import NONE, IntArray

TOLERANCE_RULE = (
    "A unit where coder A has code a and coder B has code b (a != b) counts as agreement "
    "when a occurs in B's sequence within ±t of the unit AND b occurs in A's sequence "
    "within ±t (the disagreement is explained by a timing offset seen from both coders). "
    "Such a unit moves from cell (a, b) to the diagonal, half to (a, a) and half to (b, b), "
    "so swapping the coders transposes the matrix and leaves kappa unchanged."
)


@dataclass(frozen=True)
class VariableAgreement:
    """Agreement on one variable (an exclusive group, or one present/absent code)."""

    variable_id: str
    group_id: str
    exclusive: bool
    unit: str  # "frame" or "N s"
    confusion: ConfusionMatrix
    kappa: KappaStats
    per_code: tuple[BinaryAgreement, ...]
    tolerance_ms: float
    tolerance_rule: str
    confusion_tolerant: ConfusionMatrix
    kappa_tolerant: KappaStats
    per_code_tolerant: tuple[BinaryAgreement, ...]

    @property
    def units(self) -> float:
        return self.confusion.total


def confusion_counts(a: IntArray, b: IntArray, k: int) -> NDArray[np.float64]:
    return np.bincount(a * k + b, minlength=k * k).reshape(k, k).astype(float)


def _window_contains(
    seq: IntArray, wanted: IntArray, lo: IntArray, hi: IntArray
) -> NDArray[np.bool_]:
    """For each i: does seq[lo[i]:hi[i]] contain wanted[i]? (cumulative counts per code)."""
    found = np.zeros(len(wanted), dtype=bool)
    cum = np.zeros(len(seq) + 1, dtype=np.int32)
    if seq.size and int(seq.max()) <= 1 and int(wanted.max()) <= 1:
        # present/absent: one count of 1s answers both "a 1 in the window" and "a 0 in it"
        np.cumsum(seq, dtype=np.int32, out=cum[1:])
        ones = cum[hi] - cum[lo]
        return np.where(wanted == 1, ones > 0, ones < (hi - lo))
    for code in np.flatnonzero(np.bincount(wanted)):
        sel = wanted == code
        np.cumsum(seq == code, dtype=np.int32, out=cum[1:])
        found[sel] = (cum[hi[sel]] - cum[lo[sel]]) > 0
    return found


def tolerance_credit(
    a: IntArray,
    b: IntArray,
    unit_start_ms: NDArray[np.float64],
    tolerance_ms: float,
    bounds: tuple[IntArray, IntArray] | None = None,
) -> NDArray[np.bool_]:
    """Which units are disagreements forgiven by the tolerance rule (see TOLERANCE_RULE).

    *bounds* (from ``UnitGrid.window_bounds``) can be passed to share them between variables.
    """
    credited = np.zeros(len(a), dtype=bool)
    if tolerance_ms <= 0:
        return credited
    dis = np.flatnonzero(a != b)
    if dis.size == 0:
        return credited
    if bounds is None:
        t = unit_start_ms[dis]
        lo = np.searchsorted(unit_start_ms, t - tolerance_ms - 1e-6, side="left")
        hi = np.searchsorted(unit_start_ms, t + tolerance_ms + 1e-6, side="right")
    else:
        lo, hi = bounds[0][dis], bounds[1][dis]
    a_in_b = _window_contains(b, a[dis], lo, hi)
    b_in_a = _window_contains(a, b[dis], lo, hi)
    credited[dis[a_in_b & b_in_a]] = True
    return credited


def tolerant_counts(
    a: IntArray, b: IntArray, k: int, credited: NDArray[np.bool_]
) -> NDArray[np.float64]:
    m = confusion_counts(a, b, k)
    ca, cb = a[credited], b[credited]
    np.add.at(m, (ca, cb), -1.0)
    np.add.at(m, (ca, ca), 0.5)
    np.add.at(m, (cb, cb), 0.5)
    return m


def agreement_from_matrices(
    variable_id: str,
    group_id: str,
    exclusive: bool,
    unit: str,
    confusion: ConfusionMatrix,
    confusion_tolerant: ConfusionMatrix,
    tolerance_ms: float,
) -> VariableAgreement:
    """Statistics of (possibly pooled) count matrices; pooling sums counts, never kappas."""
    return VariableAgreement(
        variable_id=variable_id,
        group_id=group_id,
        exclusive=exclusive,
        unit=unit,
        confusion=confusion,
        kappa=kappa_from_matrix(confusion.array),
        per_code=one_vs_rest(confusion, skip=(NONE,)),
        tolerance_ms=tolerance_ms,
        tolerance_rule=TOLERANCE_RULE,
        confusion_tolerant=confusion_tolerant,
        kappa_tolerant=kappa_from_matrix(confusion_tolerant.array),
        per_code_tolerant=one_vs_rest(confusion_tolerant, skip=(NONE,)),
    )


def sequence_agreement(
    variable_id: str,
    group_id: str,
    exclusive: bool,
    labels: Sequence[str],
    a: IntArray,
    b: IntArray,
    unit_start_ms: NDArray[np.float64],
    tolerance_ms: float = 0.0,
    unit: str = "frame",
) -> VariableAgreement:
    """Agreement of two category sequences (0 = none) over the same units."""
    if a.shape != b.shape:
        raise ValueError(f"the coders' sequences differ in length ({a.size} vs {b.size})")
    k = len(labels)
    credited = tolerance_credit(a, b, unit_start_ms, tolerance_ms)
    return agreement_from_matrices(
        variable_id,
        group_id,
        exclusive,
        unit,
        ConfusionMatrix.from_array(labels, confusion_counts(a, b, k)),
        ConfusionMatrix.from_array(labels, tolerant_counts(a, b, k, credited)),
        tolerance_ms,
    )
