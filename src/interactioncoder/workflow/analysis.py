"""The ``run_*`` functions GUI and CLI share for the findings analyses
(:mod:`interactioncoder.analysis`): results, tidy records, parameters, instances.

They run on the sessions' codings as :func:`load_analysis_data` reads them
(:mod:`interactioncoder.workflow.analysis_data`, whose names are importable here too).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from interactioncoder.analysis.cooccurrence import cooccurrence
from interactioncoder.analysis.lag import LagSpec, lag_analysis
from interactioncoder.analysis.latency import LatencySpec, response_latencies
from interactioncoder.analysis.matching import match_analysis, match_spec
from interactioncoder.analysis.phase_ratings import RATING_RULE, RatedSession, phase_ratings
from interactioncoder.analysis.phases import phase_statistics
from interactioncoder.analysis.records import (
    Record,
    cooccurrence_records,
    instance_records,
    lag_records,
    latency_records,
    match_records,
    phase_records,
    rating_records,
    window_records,
)
from interactioncoder.analysis.timeline import (
    RUNNING_RULE,
    SESSION_PHASE,
    Instance,
)
from interactioncoder.analysis.window import WindowSpec, time_window_analysis
from interactioncoder.core.codebook import Codebook
from interactioncoder.workflow.analysis_data import (
    CODING_RULE,
    AnalysedSession,
    AnalysisData,
    NothingToAnalyseError,
    Progress,
    choose_coding,
    load_analysis_data,
)

__all__ = [
    "CODING_RULE",
    "AnalysedSession",
    "AnalysisData",
    "AnalysisOutput",
    "NothingToAnalyseError",
    "Progress",
    "check_codes",
    "choose_coding",
    "load_analysis_data",
    "run_cooccurrence",
    "run_lag",
    "run_latency",
    "run_match",
    "run_phases",
    "run_ratings",
    "run_window",
]


@dataclass(frozen=True)
class AnalysisOutput:
    """One analysis's result, its tidy records, and the instances behind each record."""

    kind: str
    parameters: tuple[tuple[str, str], ...]
    records: tuple[Record, ...]
    instances: tuple[tuple[Instance, ...], ...]  # parallel to records
    result: Any

    def instance_table(self, label_of: Callable[[str], str]) -> list[Record]:
        return instance_records(list(zip(self.records, self.instances, strict=True)), label_of)


def check_codes(codebook: Codebook, codes: Sequence[str]) -> None:
    """A code the codebook does not have is a user mistake (ValueError naming it)."""
    for code_id in codes:
        if not codebook.has_code(code_id):
            known = ", ".join(c.id for c in codebook.codes())
            raise ValueError(f"no code {code_id!r} in codebook {codebook.id} (known: {known})")


def _output(
    data: AnalysisData,
    kind: str,
    options: tuple[bool, Sequence[str]],
    rule: str,
    extra: Sequence[tuple[str, str]],
    records: Sequence[Record],
    instances: Sequence[tuple[Instance, ...]],
    result: Any,
) -> AnalysisOutput:
    """The output with the parameters every format writes (*options*: by phase, groups)."""
    cb = data.codebook
    by_phase, group_fields = options
    params = [
        ("analysis", kind),
        ("codebook", f"{cb.name} ({cb.id}) version {cb.version}"),
        ("sessions", str(len(data.sessions))),
        ("coding", CODING_RULE),
        ("phases", "whole session and each segment" if by_phase else "whole session only"),
        ("grouped by", " × ".join(group_fields) if group_fields else "dyad"),
        ("time unit", "one video frame (times from the frames' presentation timestamps)"),
        ("running states", RUNNING_RULE),
        ("rule", rule),
        *extra,
        *(("warning", w) for w in data.warnings),
    ]
    return AnalysisOutput(kind, tuple(params), tuple(records), tuple(instances), result)


def run_phases(
    data: AnalysisData,
    codes: Sequence[str] | None = None,
    *,
    by_phase: bool = True,
    group_fields: Sequence[str] = (),
) -> AnalysisOutput:
    chosen = list(codes) if codes else [c.id for c in data.codebook.codes()]
    check_codes(data.codebook, chosen)
    group_of = data.group_of(group_fields)
    result = phase_statistics(
        data.timelines, chosen, point_codes=data.point_codes(), by_phase=by_phase, group_of=group_of
    )
    extra = [("codes", ", ".join(chosen))]
    records = phase_records(result, data.label)
    instances = [r.instances for r in result.rows]
    return _output(
        data, "phases", (by_phase, group_fields), result.rule, extra, records, instances, result
    )


def run_window(
    data: AnalysisData,
    specs: Sequence[WindowSpec],
    *,
    permutations: int = 1000,
    seed: int = 0,
    by_phase: bool = True,
    group_fields: Sequence[str] = (),
) -> AnalysisOutput:
    for spec in specs:
        check_codes(data.codebook, [spec.given, spec.target])
    group_of = data.group_of(group_fields)
    result = time_window_analysis(
        data.timelines, specs, by_phase=by_phase, permutations=permutations, seed=seed,
        group_of=group_of,
    )  # fmt: skip
    extra = [("window", s.label) for s in specs]
    extra += [("randomisations", str(permutations)), ("seed", str(seed))]
    records = window_records(result, data.label)
    instances = [r.instances for r in result.rows]
    return _output(
        data, "window", (by_phase, group_fields), result.rule, extra, records, instances, result
    )


def run_lag(
    data: AnalysisData, spec: LagSpec, *, by_phase: bool = True, group_fields: Sequence[str] = ()
) -> AnalysisOutput:
    check_codes(data.codebook, spec.codes)
    group_of = data.group_of(group_fields)
    result = lag_analysis(data.timelines, spec, by_phase=by_phase, group_of=group_of)
    extra = [("codes", ", ".join(spec.codes)), ("lag", str(spec.lag))]
    records = lag_records(result, data.label)
    instances = [cell for r in result.rows for row in r.instances for cell in row]
    return _output(
        data, "lag", (by_phase, group_fields), result.rule, extra, records, instances, result
    )


def run_latency(
    data: AnalysisData,
    specs: Sequence[LatencySpec],
    *,
    by_phase: bool = True,
    group_fields: Sequence[str] = (),
) -> AnalysisOutput:
    for spec in specs:
        check_codes(data.codebook, [spec.given, spec.target])
    group_of = data.group_of(group_fields)
    result = response_latencies(data.timelines, specs, by_phase=by_phase, group_of=group_of)
    extra = [
        ("latency", f"{s.given} -> {s.target}: max {s.max_s:g} s, within {s.within_s:g} s, "
         f"from the {s.anchor.value}")
        for s in specs
    ]  # fmt: skip
    records = latency_records(result, data.label)
    instances = [tuple(x.instance() for x in r.latencies) for r in result.rows]
    return _output(
        data, "latency", (by_phase, group_fields), result.rule, extra, records, instances, result
    )


def run_match(
    data: AnalysisData,
    groups: tuple[str, str] | None = None,
    *,
    by_phase: bool = True,
    group_fields: Sequence[str] = (),
) -> AnalysisOutput:
    cb = data.codebook
    spec = match_spec(cb, groups)
    group_of = data.group_of(group_fields)
    result = match_analysis(data.timelines, spec, by_phase=by_phase, group_of=group_of)
    extra = [("partners", f"{spec.groups[0]} and {spec.groups[1]}")]
    extra += [("affect", f"{cat.id}: {', '.join(cat.codes)}") for cat in cb.affect]
    records = match_records(result, data.label)
    instances = [r.instances for r in result.rows]
    return _output(
        data, "match", (by_phase, group_fields), result.rule, extra, records, instances, result
    )


def run_cooccurrence(
    data: AnalysisData,
    pairs: Sequence[tuple[str, str]],
    *,
    by_phase: bool = True,
    group_fields: Sequence[str] = (),
) -> AnalysisOutput:
    for pair in pairs:
        check_codes(data.codebook, pair)
    group_of = data.group_of(group_fields)
    result = cooccurrence(data.timelines, pairs, by_phase=by_phase, group_of=group_of)
    extra = [("pair", f"{x} & {y}") for x, y in pairs]
    records = cooccurrence_records(result, data.label)
    instances = [r.instances for r in result.rows]
    options = (by_phase, group_fields)
    return _output(data, "cooccurrence", options, result.rule, extra, records, instances, result)


def run_ratings(
    data: AnalysisData, *, by_phase: bool = True, group_fields: Sequence[str] = ()
) -> AnalysisOutput:
    """Each session's ratings per phase (segment-scope scales) and pooled mean, SD, n."""
    group_of = data.group_of(group_fields)
    rated = [
        RatedSession(
            tl.session_id,
            tl.dyad,
            group_of(tl) if group_of is not None else "",
            tuple(r for r in s.ratings if by_phase or r[0] == SESSION_PHASE),
        )
        for tl, s in zip(data.timelines, data.sessions, strict=True)
    ]
    rows = phase_ratings(rated, with_groups=group_of is not None)
    records = rating_records(rows, data.label)
    instances = [() for _ in rows]
    return _output(
        data, "ratings", (by_phase, group_fields), RATING_RULE, [], records, instances, rows
    )
