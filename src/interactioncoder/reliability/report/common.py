"""What every report format shares: the parameters, the tidy statistic rows, number format.

Every format prints the parameters (unit, tolerance, the symmetric tolerance rule, the event
admissibility rule) next to the numbers, so a table pasted into a paper says how it was made.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from interactioncoder.reliability.analysis import GroupResult, ReliabilityReport
from interactioncoder.reliability.kappa import BinaryAgreement, KappaStats
from interactioncoder.reliability.rating_analysis import ScaleAgreement

FORMATS = ("table", "csv", "json", "html")

CSV_COLUMNS = (
    "coder_a",
    "coder_b",
    "session",
    "segment",
    "group",
    "variable",
    "method",
    "code",
    "statistic",
    "value",
    "se",
    "ci_low",
    "ci_high",
    "kappa_max",
    "percent_agreement",
    "n",
    "prevalence_index",
    "bias_index",
    "pabak",
    "interpretation",
)


def num(value: float | None, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}"


def parameter_lines(report: ReliabilityReport) -> list[tuple[str, str]]:
    p = report.params
    return [
        (
            "Codebook",
            f"{report.codebook_name} ({report.codebook_id}) version {report.codebook_version}",
        ),
        ("Time unit", p.unit_label),
        ("Tolerance window", f"±{p.tolerance_s:g} s"),
        ("Tolerance rule", report.tolerance_rule),
        ("Event alignment", report.event_rule),
        ("Pooling", "over sessions by summing counts (confusion matrices), never averaging kappas"),
    ]


# -- rows shared by CSV and HTML ------------------------------------------------------------
def _scope_cells(r: GroupResult) -> list[str]:
    s = r.scope
    return [s.coder_a, s.coder_b, s.session_id or "pooled", s.segment or ""]


def _stat_row(
    head: list[str], method: str, code: str, k: KappaStats, b: BinaryAgreement | None
) -> list[str]:
    return [
        *head,
        method,
        code,
        "weighted kappa" if k.weighting.value != "none" else "kappa",
        num(k.kappa, 4),
        num(k.se, 4),
        num(k.ci_low, 4),
        num(k.ci_high, 4),
        num(k.kappa_max, 4),
        num(k.percent_agreement, 2),
        num(k.n, 1),
        num(b.prevalence_index, 4) if b else "",
        num(b.bias_index, 4) if b else "",
        num(b.pabak, 4) if b else "",
        k.interpretation,
    ]


def stat_rows(report: ReliabilityReport) -> Iterator[list[str]]:
    """Every statistic of the report as a row: codes first (time-unit, event), then ratings."""
    for r in report.results:
        yield from _code_stat_rows(r)
    for s in report.ratings:
        yield from _rating_stat_rows(s)


def _code_stat_rows(r: GroupResult) -> Iterator[list[str]]:
    scope = _scope_cells(r)
    for v in r.time_unit:
        head = [*scope, r.group_id, v.variable_id]
        for method, stats, per_code in (
            ("time-unit", v.kappa, v.per_code),
            ("time-unit+tolerance", v.kappa_tolerant, v.per_code_tolerant),
        ):
            if method.endswith("tolerance") and v.tolerance_ms <= 0:
                continue
            yield _stat_row(head, method, "", stats, None)
            for b in per_code:
                yield _stat_row(head, method, b.code_id, b.stats, b)
    if r.event is not None:
        head = [*scope, r.group_id, r.group_id]
        yield _stat_row(head, "event", "", r.event.kappa, None)
        for b in r.event.per_code:
            yield _stat_row(head, "event", b.code_id, b.stats, b)


def _rating_stat_rows(s: ScaleAgreement) -> Iterator[list[str]]:
    head = [*s.coders[:2], "pooled", "", s.scale_id, s.scale_id]
    for icc in s.icc:
        yield [*head, "rating", "", icc.form, num(icc.value, 4), "", num(icc.ci_low, 4),
               num(icc.ci_high, 4), "", "", str(s.targets), "", "", "", ""]  # fmt: skip
    for name, alpha in (
        ("alpha (ordinal)", s.alpha_ordinal),
        ("alpha (interval)", s.alpha_interval),
    ):
        yield [*head, "rating", "", name, num(alpha.alpha, 4), "", "", "", "", "",
               num(alpha.pairable_values, 0), "", "", "", ""]  # fmt: skip
    for name, k in (("linear", s.kappa_linear), ("quadratic", s.kappa_quadratic)):
        if k is not None:
            row = _stat_row(head, "rating", "", k, None)
            row[8] = f"weighted kappa ({name})"
            yield row
    if s.fleiss is not None:
        f = s.fleiss
        yield [*head, "rating", "", "Fleiss kappa", num(f.kappa, 4), num(f.se_null, 4),
               "", "", "", num(100 * f.observed_agreement, 2), str(f.subjects), "",
               "", "", f.interpretation]  # fmt: skip


@dataclass(frozen=True)
class RatingRow:
    """One agreement statistic of a rating scale, as every front end lists it."""

    statistic: str
    value: float | None
    ci_low: float | None = None
    ci_high: float | None = None
    model: str = ""


def rating_rows(s: ScaleAgreement) -> list[RatingRow]:
    """ICCs, weighted kappas, alphas and Fleiss kappa of one scale (HTML and GUI list these)."""
    rows = [
        RatingRow(icc.form, icc.value, icc.ci_low, icc.ci_high, icc.description) for icc in s.icc
    ]
    for name, k in (
        ("weighted kappa, linear", s.kappa_linear),
        ("weighted kappa, quadratic", s.kappa_quadratic),
    ):
        if k is not None:
            rows.append(
                RatingRow(
                    name, k.kappa, k.ci_low, k.ci_high, f"full scale {s.minimum}..{s.maximum}"
                )
            )
    for name, a in (("alpha, ordinal", s.alpha_ordinal), ("alpha, interval", s.alpha_interval)):
        rows.append(RatingRow(f"Krippendorff {name}", a.alpha, model="missing ratings kept"))
    if s.fleiss is not None:
        rows.append(RatingRow("Fleiss kappa", s.fleiss.kappa, model="nominal"))
    return rows
