"""Results as tidy records (one dict per row) for tables, CSV, JSON, HTML and Excel.

Every record has ``level`` (session, dyad, group, pooled), ``key`` (the session's label,
the dyad, the group or "all"), ``session_id`` (empty unless a session row), ``phase`` and
``instances`` (how many instances stand behind the row). :func:`instance_records` lists
the instances themselves (session id, frames, event ids), so a front end can seek there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from interactioncoder.analysis.cooccurrence import CooccurrenceResult
from interactioncoder.analysis.lag import LagResult
from interactioncoder.analysis.latency import LatencyResult
from interactioncoder.analysis.matching import MatchResult
from interactioncoder.analysis.phase_ratings import RatingRow
from interactioncoder.analysis.phases import PhaseResult
from interactioncoder.analysis.timeline import Instance
from interactioncoder.analysis.window import WindowResult

Record = dict[str, Any]
LabelOf = Callable[[str], str]


def _head(level: str, key: str, phase: str, label_of: LabelOf) -> Record:
    session = level == "session"
    return {
        "level": level,
        "key": label_of(key) if session else key,
        "session_id": key if session else "",
        "phase": phase,
    }


def phase_records(result: PhaseResult, label_of: LabelOf) -> list[Record]:
    return [
        {
            **_head(r.level, r.key, r.phase, label_of),
            "code": r.code_id,
            "phase_s": r.span_s,
            "frequency": r.frequency,
            "rate_per_min": r.rate_per_min,
            "bouts": r.bouts,
            "total_s": r.total_s,
            "mean_bout_s": r.mean_bout_s,
            "proportion": r.proportion,
            "latency_s": r.latency_s,
            "sessions_with_onset": r.n_latency,
            "instances": len(r.instances),
        }
        for r in result.rows
    ]


def window_records(result: WindowResult, label_of: LabelOf) -> list[Record]:
    out = []
    for r in result.rows:
        stats = r.table.as_dict()
        out.append(
            {
                **_head(r.level, r.key, r.phase, label_of),
                "given": r.spec.given,
                "target": r.spec.target,
                "window": f"{r.spec.anchor.value} {r.spec.start_s:+g} to {r.spec.end_s:+g} s",
                "given_events": r.n_given,
                **stats,
                "haldane": bool(stats["haldane"]),
                "p_two_sided": r.p_two_sided,
                "p_greater": r.p_greater,
                "instances": len(r.instances),
            }
        )
    return out


def lag_records(result: LagResult, label_of: LabelOf) -> list[Record]:
    out = []
    codes = result.spec.codes
    for r in result.rows:
        s = r.stats
        for i, given in enumerate(codes):
            for j, target in enumerate(codes):
                out.append(
                    {
                        **_head(r.level, r.key, r.phase, label_of),
                        "lag": result.spec.lag,
                        "given": given,
                        "target": target,
                        "count": s.counts[i, j],
                        "expected": s.expected[i, j],
                        "adjusted_residual": s.adjusted_residuals[i, j],
                        "transition_probability": s.row_probabilities[i, j],
                        "yules_q": s.yules_q[i, j],
                        "instances": len(r.instances[i][j]),
                    }
                )
    return out


def latency_records(result: LatencyResult, label_of: LabelOf) -> list[Record]:
    return [
        {
            **_head(r.level, r.key, r.phase, label_of),
            "given": r.spec.given,
            "target": r.spec.target,
            "max_s": r.spec.max_s,
            "given_events": r.n,
            "answered": r.answered,
            "share_answered": r.share_answered,
            f"share_within_{r.spec.within_s:g}_s": r.share_within,
            "median_s": r.median_s,
            "mean_answered_s": r.mean_answered_s,
            "instances": r.n,
        }
        for r in result.rows
    ]


def match_records(result: MatchResult, label_of: LabelOf) -> list[Record]:
    return [
        {
            **_head(r.level, r.key, r.phase, label_of),
            "matched_s": r.matched_s,
            "mismatched_s": r.mismatched_s,
            "proportion_matched": r.proportion_matched,
            "mismatch_episodes": r.episodes,
            "repairs": r.repairs,
            "median_repair_s": r.median_repair_s,
            "instances": len(r.instances),
        }
        for r in result.rows
    ]


def cooccurrence_records(result: CooccurrenceResult, label_of: LabelOf) -> list[Record]:
    return [
        {
            **_head(r.level, r.key, r.phase, label_of),
            "a": r.a,
            "b": r.b,
            "phase_s": r.span_s,
            "a_s": r.a_s,
            "b_s": r.b_s,
            "both_s": r.both_s,
            "p_b_given_a": r.p_b_given_a,
            "p_a_given_b": r.p_a_given_b,
            "share_of_phase": r.share_of_span,
            "instances": len(r.instances),
        }
        for r in result.rows
    ]


def rating_records(rows: Sequence[RatingRow], label_of: LabelOf) -> list[Record]:
    return [
        {
            **_head(r.level, r.key, r.phase, label_of),
            "scale": r.scale_id,
            "n": r.n,
            "mean": r.mean,
            "sd": r.sd,
            "instances": 0,
        }
        for r in rows
    ]


def instance_records(
    rows: Sequence[tuple[Record, Sequence[Instance]]], label_of: LabelOf
) -> list[Record]:
    """One record per instance behind the session rows (pooled rows repeat them)."""
    out = []
    for record, instances in rows:
        if record["level"] != "session":
            continue
        for inst in instances:
            out.append(
                {
                    "session_id": inst.session_id,
                    "session": label_of(inst.session_id),
                    "phase": record["phase"],
                    "row": _row_name(record),
                    "start_frame": inst.start_frame,
                    "end_frame": inst.end_frame,
                    "event_ids": " ".join(inst.event_ids),
                    "label": inst.label,
                }
            )
    return out


def _row_name(record: Record) -> str:
    for a, b in (("given", "target"), ("a", "b")):
        if a in record:
            return f"{record[a]} -> {record[b]}"
    return str(record.get("code", ""))
