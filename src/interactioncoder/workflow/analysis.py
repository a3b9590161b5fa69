"""A project's codings for the findings analyses (:mod:`interactioncoder.analysis`), and
the ``run_*`` functions GUI and CLI share (results, tidy records, parameters, instances).

:func:`load_analysis_data` reads one coding per session through the repository
(``exchange.project_data``) into timelines keyed by the session id (as text), so every
instance a result lists leads back to a session and frames to seek.

Which coding of a session (:data:`CODING_RULE`): a named coder's coding when ``coder`` is
given (their consensus, else primary, else reliability coding); otherwise the session's
consensus coding when there is one, else its primary coding. Sessions without such a
coding, or without a master video (no frame times), are left out with a warning.

Grouping: every session carries its visit and its dyad's study fields when the project
has them (``repo.dyad_fields()``); :meth:`AnalysisData.group_of` pools by any of them.
"""

from __future__ import annotations

from collections import Counter
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
    SessionTimeline,
    build_timeline,
)
from interactioncoder.analysis.window import WindowSpec, time_window_analysis
from interactioncoder.core.codebook import Codebook, CodeKind
from interactioncoder.core.project import CodingRole
from interactioncoder.exchange.project_data import CodingData, SessionData, load_project_data

CODING_RULE = (
    "One coding per session: the named coder's (consensus, else primary, else reliability) "
    "or, by default, the consensus coding when there is one, else the primary coding."
)
_RANK = {CodingRole.CONSENSUS: 0, CodingRole.PRIMARY: 1, CodingRole.RELIABILITY: 2}

Progress = Callable[[float, str], None]


class NothingToAnalyseError(ValueError):
    """No chosen session has a coding to analyse."""


@dataclass(frozen=True)
class AnalysedSession:
    session_id: int
    label: str  # "dyad/session"
    dyad: str
    visit: str
    coder: str
    coding_id: int
    fields: dict[str, str]
    ratings: tuple[tuple[str, str, int], ...] = ()  # (phase, scale id, value)


@dataclass(frozen=True)
class AnalysisData:
    codebook: Codebook
    timelines: tuple[SessionTimeline, ...]
    sessions: tuple[AnalysedSession, ...]
    warnings: tuple[str, ...] = ()

    def session(self, session_id: str | int) -> AnalysedSession:
        for s in self.sessions:
            if str(s.session_id) == str(session_id):
                return s
        raise KeyError(f"session {session_id} is not among the analysed sessions")

    def label(self, session_id: str | int) -> str:
        return self.session(session_id).label

    def field_names(self) -> list[str]:
        names: list[str] = []
        for s in self.sessions:
            names.extend(n for n in s.fields if n not in names)
        return names

    def group_of(self, fields: Sequence[str]) -> Callable[[SessionTimeline], str] | None:
        """A key function pooling sessions by these fields (None when none are given)."""
        if not fields:
            return None
        known = self.field_names()
        for name in fields:
            if name not in known:
                raise KeyError(f"no study field {name!r} (known: {', '.join(known) or 'none'})")

        return lambda tl: ", ".join(f"{n}={tl.fields.get(n, '') or '-'}" for n in fields)

    def point_codes(self) -> list[str]:
        return [c.id for c in self.codebook.codes() if c.kind is CodeKind.POINT]


def choose_coding(session: SessionData, coder: str | None) -> CodingData | None:
    if coder is not None:
        codings = [c for c in session.codings if coder.strip() in (c.coder.name, str(c.coder.id))]
    else:
        codings = [c for c in session.codings if c.coding.role is not CodingRole.RELIABILITY]
    return min(codings, key=lambda c: (_RANK[c.coding.role], c.coding.id), default=None)


def _dyad_fields(repo: Any) -> dict[int, dict[str, str]]:
    """Study fields per dyad id, when the project's schema has them."""
    getter = getattr(repo, "dyad_fields", None)
    return {} if getter is None else {int(k): dict(v) for k, v in getter().items()}


def load_analysis_data(
    repo: Any,
    sessions: Sequence[str] | None = None,
    coder: str | None = None,
    progress: Progress | None = None,
) -> AnalysisData:
    """The chosen sessions' codings as timelines (sessions: ids, names or DYAD/SESSION).

    Raises ``exchange.project_data.ExportSelectionError`` for a session name that matches
    nothing, and :class:`NothingToAnalyseError` when no session has a coding to analyse.
    """
    if progress is not None:
        progress(0.0, "Reading the project")
    project = load_project_data(repo, sessions=list(sessions) if sessions else None)
    study = _dyad_fields(repo)
    timelines: list[SessionTimeline] = []
    infos: list[AnalysedSession] = []
    warnings: list[str] = []
    versions: Counter[str] = Counter()
    codebooks: dict[str, Codebook] = {}
    total = max(1, len(project.sessions))
    for i, data in enumerate(project.sessions):
        if progress is not None:
            progress(i / total, f"Preparing session {i + 1} of {total}")
        label = f"{data.dyad.label}/{data.session.name}"
        coding = choose_coding(data, coder)
        if coding is None:
            who = f"a coding by {coder}" if coder else "a primary or consensus coding"
            warnings.append(f"session {label}: no {who}; left out")
            continue
        if data.timebase is None:
            warnings.append(f"session {label}: no master video (no frame times); left out")
            continue
        fields = {"visit": data.session.visit, **study.get(data.dyad.id, {})}
        versions[coding.codebook_version.sha256] += 1
        codebooks[coding.codebook_version.sha256] = coding.codebook
        timelines.append(
            build_timeline(
                data.session.id,
                data.timebase,
                coding.events,
                data.segments,
                dyad=data.dyad.label,
                fields=fields,
            )
        )
        infos.append(
            AnalysedSession(
                data.session.id,
                label,
                data.dyad.label,
                data.session.visit,
                coding.coder.name,
                coding.coding.id,
                fields,
                tuple(
                    (data.segment_name(r.segment_id) or SESSION_PHASE, r.scale_id, r.value)
                    for r in coding.ratings
                ),
            )
        )
    if progress is not None:
        progress(1.0, "Read all sessions")
    if not timelines:
        raise NothingToAnalyseError(
            "no chosen session has a coding to analyse" + (f" ({warnings[0]})" if warnings else "")
        )
    sha, _ = versions.most_common(1)[0]
    codebook = codebooks[sha]
    if len(versions) > 1:
        warnings.append(
            f"the codings use {len(versions)} codebook versions; codes are taken from "
            f"{codebook.name} version {codebook.version} (the most used)"
        )
    return AnalysisData(codebook, tuple(timelines), tuple(infos), tuple(warnings))


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
