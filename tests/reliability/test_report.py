"""Report rendering: every format carries the parameters and the numbers."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

import pytest

from interactioncoder.reliability.analysis import AnalysisParams, analyse_codings
from interactioncoder.reliability.rating_analysis import SessionRatings, analyse_ratings
from interactioncoder.reliability.report import CSV_COLUMNS, render
from interactioncoder.reliability.timeunit import TOLERANCE_RULE

from .helpers import codebook
from .test_analysis import _rating, _sessions


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    ratings, _warnings = analyse_ratings(
        codebook(),
        [
            SessionRatings(
                f"s{i}", {"ann": [_rating(1, "sens", a)], "bob": [_rating(2, "sens", b)]}
            )
            for i, (a, b) in enumerate([(3, 3), (5, 6), (7, 7), (2, 4), (9, 8)])
        ],
    )
    return analyse_codings(codebook(), _sessions(), AnalysisParams(tolerance_s=0.3), ratings)


def test_table_states_parameters_and_rules(report) -> None:  # type: ignore[no-untyped-def]
    text = render(report, "table")
    assert "Time unit: frame" in text and "±0.3 s" in text
    assert TOLERANCE_RULE in text
    assert "ann vs bob, pooled (2 sessions): Infant gaze" in text
    assert "ICC(2,1)" in text and "Sensitivity" in text


def test_csv_is_tidy_and_matches_the_report(report) -> None:  # type: ignore[no-untyped-def]
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    pooled = next(
        r for r in rows
        if r["session"] == "pooled" and r["variable"] == "gaze" and r["method"] == "time-unit"
        and r["code"] == "" and r["segment"] == ""
    )  # fmt: skip
    gaze = next(r for r in report.pooled() if r.group_id == "gaze" and r.scope.segment is None)
    assert float(pooled["value"]) == pytest.approx(gaze.time_unit[0].kappa.kappa, abs=1e-4)
    assert any(r["statistic"] == "weighted kappa (quadratic)" for r in rows)
    assert any(r["statistic"] == "ICC(3,k)" for r in rows)


def test_json_round_trips_without_nan(report) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(render(report, "json"))
    assert data["tolerance_rule"] == TOLERANCE_RULE
    assert data["params"]["tolerance_s"] == 0.3
    first = data["results"][0]["time_unit"][0]
    assert {"kappa", "se", "ci_low", "kappa_max", "interpretation"} <= set(first["kappa"])
    assert data["disagreements"] and "kind" in data["disagreements"][0]


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in {"src", "href"} and value:
                self.external.append(value)


def test_html_is_self_contained(report) -> None:  # type: ignore[no-untyped-def]
    html = render(report, "html")
    checker = _Checker()
    checker.feed(html)
    assert checker.external == []  # no CDN, no linked files
    assert "script" not in checker.tags
    assert {"style", "svg", "rect", "table"} <= set(checker.tags)
    assert TOLERANCE_RULE.replace("'", "&#x27;") in html
    assert "nil-nil" in html


def test_unknown_format_is_refused(report) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="unknown report format"):
        render(report, "pdf")
