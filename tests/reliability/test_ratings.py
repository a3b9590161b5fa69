"""ICC, Krippendorff's alpha and Fleiss' kappa against independent libraries."""

from __future__ import annotations

import krippendorff
import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from scipy import stats
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss_kappa

from interactioncoder.reliability.krippendorff import Metric, krippendorff_alpha
from interactioncoder.reliability.ratings import (
    correlations,
    fleiss_kappa,
    fleiss_kappa_from_counts,
    icc_all,
)

# pingouin's row names (McGraw & Wong: A = absolute agreement, C = consistency)
PINGOUIN_FORMS = {
    "ICC(1,1)": "ICC(1,1)",
    "ICC(A,1)": "ICC(2,1)",
    "ICC(C,1)": "ICC(3,1)",
    "ICC(1,k)": "ICC(1,k)",
    "ICC(A,k)": "ICC(2,k)",
    "ICC(C,k)": "ICC(3,k)",
}


@pytest.mark.filterwarnings("ignore:The inplace keyword:Warning")  # pingouin's own pandas use
@pytest.mark.parametrize("seed", range(6))
def test_icc_matches_pingouin(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, k = int(rng.integers(5, 40)), int(rng.integers(2, 6))
    truth = rng.normal(5, 2, n)
    data = truth[:, None] + rng.normal(0, 1, (n, k)) + rng.normal(0, 0.5, k)
    long = pd.DataFrame(
        [(t, r, data[t, r]) for t in range(n) for r in range(k)], columns=["t", "r", "x"]
    )
    ref = pg.intraclass_corr(long, targets="t", raters="r", ratings="x").set_index("Type")
    ours = {i.form: i for i in icc_all(data)}
    for their_name, our_name in PINGOUIN_FORMS.items():
        row = ref.loc[their_name]
        icc = ours[our_name]
        assert icc.value == pytest.approx(row["ICC"], abs=1e-10), our_name
        assert icc.f == pytest.approx(row["F"], rel=1e-9), our_name
        lo, hi = row["CI95%"] if "CI95%" in row else row["CI95"]
        # pingouin rounds its CI to two decimals
        assert icc.ci_low == pytest.approx(lo, abs=0.006), our_name
        assert icc.ci_high == pytest.approx(hi, abs=0.006), our_name


def test_icc_refuses_missing_or_tiny_tables() -> None:
    with pytest.raises(ValueError, match="complete data"):
        icc_all([[1, 2], [np.nan, 3]])
    with pytest.raises(ValueError, match="at least 2 targets"):
        icc_all([[1, 2]])


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("metric", list(Metric))
def test_alpha_matches_krippendorff_package(seed: int, metric: Metric) -> None:
    rng = np.random.default_rng(seed)
    coders, units = int(rng.integers(2, 6)), int(rng.integers(5, 60))
    truth = rng.integers(1, 6, units)
    data = truth + rng.integers(-1, 2, (coders, units)) * (rng.random((coders, units)) < 0.3)
    data = np.clip(data, 1, 5).astype(float)
    data[rng.random((coders, units)) < 0.15] = np.nan
    ours = krippendorff_alpha(data, metric).alpha
    theirs = krippendorff.alpha(reliability_data=data, level_of_measurement=metric.value)
    assert ours == pytest.approx(theirs, abs=1e-10)


def test_alpha_with_an_explicit_value_domain() -> None:
    data = [[1, 2, 3, 3], [1, 2, 3, 4]]
    a = krippendorff_alpha(data, "ordinal", values=[1, 2, 3, 4, 5, 6]).alpha
    b = krippendorff.alpha(
        reliability_data=data, level_of_measurement="ordinal", value_domain=[1, 2, 3, 4, 5, 6]
    )
    assert a == pytest.approx(b)
    with pytest.raises(ValueError, match="outside the given value domain"):
        krippendorff_alpha([[1, 7], [1, 2]], "nominal", values=[1, 2, 3])


def test_alpha_perfect_agreement_and_no_pairs() -> None:
    assert krippendorff_alpha([[1, 2, 3], [1, 2, 3]], "interval").alpha == pytest.approx(1.0)
    assert np.isnan(krippendorff_alpha([[1, np.nan], [np.nan, 2]], "nominal").alpha)


@pytest.mark.parametrize("seed", range(6))
def test_fleiss_kappa_matches_statsmodels(seed: int) -> None:
    rng = np.random.default_rng(seed)
    subjects, raters = int(rng.integers(5, 50)), int(rng.integers(3, 8))
    truth = rng.integers(0, 4, subjects)
    data = np.where(rng.random((subjects, raters)) < 0.6, truth[:, None],
                    rng.integers(0, 4, (subjects, raters)))  # fmt: skip
    counts, _ = aggregate_raters(data)
    assert fleiss_kappa(data).kappa == pytest.approx(sm_fleiss_kappa(counts), abs=1e-12)
    assert fleiss_kappa_from_counts(counts).kappa == pytest.approx(fleiss_kappa(data).kappa)


def test_fleiss_needs_equal_rater_counts() -> None:
    with pytest.raises(ValueError, match="same number"):
        fleiss_kappa_from_counts([[2, 1], [1, 1]])


def test_correlations_match_scipy() -> None:
    rng = np.random.default_rng(3)
    a = rng.integers(1, 10, 30)
    b = np.clip(a + rng.integers(-2, 3, 30), 1, 9)
    c = correlations(a, b)
    assert c.pearson == pytest.approx(stats.pearsonr(a, b).statistic)
    assert c.spearman == pytest.approx(stats.spearmanr(a, b).statistic)
    assert np.isnan(correlations([1, 1, 1], [1, 2, 3]).pearson)
