"""Our statistics reproduce published values (to the published precision)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from interactioncoder.reliability.kappa import kappa_from_matrix
from interactioncoder.reliability.krippendorff import krippendorff_alpha
from interactioncoder.reliability.ratings import fleiss_kappa, fleiss_kappa_from_counts, icc_all

from .reference_data import (
    FLEISS_1971,
    FLEISS_WIKIPEDIA,
    KRIPPENDORFF_4X12,
    KRIPPENDORFF_EXPECTED,
    SHROUT_FLEISS,
    SHROUT_FLEISS_EXPECTED,
)

# The published examples as data (Krippendorff 2011, Fleiss 1971, Wikipedia), kept in the
# repository so the test runs on every machine.
SHARED = Path(__file__).parent / "data" / "reliability_examples.json"


@pytest.mark.parametrize("metric", ["nominal", "ordinal", "interval", "ratio"])
def test_krippendorff_canonical_example(metric: str) -> None:
    alpha = krippendorff_alpha(KRIPPENDORFF_4X12, metric).alpha
    assert round(alpha, 3) == KRIPPENDORFF_EXPECTED[metric]


def test_fleiss_1971_diagnoses() -> None:
    result = fleiss_kappa(np.array(FLEISS_1971))
    assert round(result.kappa, 3) == 0.430
    assert result.subjects == 30 and result.raters == 6


def test_fleiss_wikipedia_example() -> None:
    result = fleiss_kappa_from_counts(FLEISS_WIKIPEDIA)
    assert round(result.kappa, 3) == 0.210
    # Wikipedia's intermediate values: P-bar = 0.378, P-e-bar = 0.213
    assert round(result.observed_agreement, 3) == 0.378
    assert round(result.expected_agreement, 3) == 0.213


def test_shrout_fleiss_1979_iccs() -> None:
    iccs = {i.form: i for i in icc_all(SHROUT_FLEISS)}
    for form, expected in SHROUT_FLEISS_EXPECTED.items():
        assert round(iccs[form].value, 2) == expected, form
        assert iccs[form].ci_low < iccs[form].value < iccs[form].ci_high


def test_cohen_kappa_wikipedia_example() -> None:
    # Wikipedia "Cohen's kappa": 50 grant proposals, yes/yes 20, yes/no 5, no/yes 10,
    # no/no 15 -> p_o = 0.7, p_e = 0.5, kappa = 0.4.
    stats = kappa_from_matrix([[20, 5], [10, 15]])
    assert stats.observed_agreement == pytest.approx(0.7)
    assert stats.expected_agreement == pytest.approx(0.5)
    assert stats.kappa == pytest.approx(0.4)


def test_shared_reference_file_matches() -> None:
    data = json.loads(SHARED.read_text(encoding="utf-8"))
    k = data["krippendorff_4x12_canonical"]
    table = [[np.nan if v is None else v for v in row] for row in k["data"]]
    for metric, expected in k["expected"].items():
        assert round(krippendorff_alpha(table, metric).alpha, 3) == expected
    f = data["fleiss_1971_diagnoses"]
    assert fleiss_kappa(np.array(f["data"])).kappa == pytest.approx(
        f["expected"]["fleiss_kappa"], abs=1e-6
    )
    w = data["fleiss_wikipedia_10x14"]
    assert round(fleiss_kappa_from_counts(w["data"]).kappa, 3) == w["expected"]["fleiss_kappa"]


def test_fleiss_cohen_everitt_1969_weighted_kappa() -> None:
    """Fleiss, Cohen & Everitt (1969), Psychol. Bull. 72:323-327, Table 1: two psychiatrists'
    diagnoses of 200 patients (psychological, neurological, organic), with agreement weights
    w(1,3) = 4/9 and w(2,3) = 6/9 (w(1,2) = 0). Published: kappa = .429, weighted kappa = .507.
    (The same data and values are the example of R psych::cohen.kappa.)"""
    table = [[106, 10, 4], [22, 28, 10], [2, 12, 6]]
    weights = [[1, 0, 4 / 9], [0, 1, 6 / 9], [4 / 9, 6 / 9, 1]]
    assert round(kappa_from_matrix(table).kappa, 3) == 0.429
    weighted = kappa_from_matrix(table, weights=weights)
    assert round(weighted.kappa, 3) == 0.507
    assert weighted.ci_low < weighted.kappa < weighted.ci_high
    # statsmodels takes the same weights as disagreement distances (1 - w)
    from statsmodels.stats.inter_rater import cohens_kappa

    theirs = cohens_kappa(np.array(table), weights=1 - np.array(weights))
    assert weighted.se == pytest.approx(theirs.std_kappa, rel=1e-9)
    assert weighted.se_null == pytest.approx(theirs.std_kappa0, rel=1e-9)
    with pytest.raises(ValueError, match="1 on the diagonal"):
        kappa_from_matrix(table, weights=[[0.5, 0, 0], [0, 1, 0], [0, 0, 1]])
