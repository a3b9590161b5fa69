"""Every exported table reads as it is in SPSS and R: safe column names, booleans 0/1,
and the infant's age in every session row."""

from __future__ import annotations

import pandas as pd
import pytest

from interactioncoder.exchange.exporters.run import TABLE_NAMES, build_tables
from interactioncoder.exchange.tables.names import export_ready, is_safe_name, safe_name
from tests.exchange.export_sample import sample_project


def test_every_table_has_spss_names_no_booleans_and_the_age() -> None:
    tables = build_tables(sample_project(), ["all"], interval_s=0.5)
    assert set(tables) == set(TABLE_NAMES)
    for name, table in tables.items():
        bad = [c for c in table.columns if not is_safe_name(c)]
        assert not bad, f"{name}: {bad}"
        for column in table.columns:
            values = [v for v in table[column] if v is not None and v is not pd.NA]
            assert not any(isinstance(v, bool) for v in values), f"{name}.{column}"
            assert table[column].dtype != bool, f"{name}.{column}"
        assert "infant_age_days" in table.columns, name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mod_gaze-avoidance__initiator", "mod_gaze_avoidance__initiator"),
        ("code_mother-not-codable", "code_mother_not_codable"),
        ("3-month", "v3_month"),
        ("_x", "v_x"),
        ("with", "with_v"),
        ("ratings total (ADBB)", "ratings_total__ADBB_"),
    ],
)
def test_safe_names(text: str, expected: str) -> None:
    assert safe_name(text) == expected
    assert is_safe_name(expected)


def test_long_and_colliding_names_stay_distinct() -> None:
    long_a, long_b = "x" * 70 + "a", "x" * 70 + "b"
    table = pd.DataFrame({"a-b": [1], "a_b": [2], long_a: [3], long_b: [4], "flag": [True]})
    ready = export_ready(table)
    assert list(ready.columns[:2]) == ["a_b", "a_b_2"]
    assert len(set(ready.columns)) == 5 and all(is_safe_name(c) for c in ready.columns)
    assert ready["flag"].tolist() == [1]


def test_booleans_with_gaps_become_0_1_and_empty() -> None:
    ready = export_ready(pd.DataFrame({"above_cutoff": [True, None, False]}))
    assert ready["above_cutoff"].tolist() == [1, pd.NA, 0]
