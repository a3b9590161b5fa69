"""A reliability report as JSON (every number of the report, NaN as null)."""

from __future__ import annotations

import json
import math
from dataclasses import fields, is_dataclass
from enum import Enum
from typing import Any

from interactioncoder.core.events import Event
from interactioncoder.reliability.alignment import AlignedPair
from interactioncoder.reliability.analysis import ReliabilityReport
from interactioncoder.reliability.kappa import BinaryAgreement, KappaStats

_PROPERTIES = {
    KappaStats: ("percent_agreement", "interpretation"),
    BinaryAgreement: ("n", "prevalence_index", "bias_index", "pabak"),
}


def plain(value: Any) -> Any:
    """JSON-ready form of report values (NaN -> null, enums -> values, events compact)."""
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Event):
        return {"id": value.id, "code": value.code_id, "onset_frame": value.onset_frame,
                "offset_frame": value.offset_frame, "onset_ms": value.onset_ms,
                "offset_ms": value.offset_ms}  # fmt: skip
    if isinstance(value, AlignedPair):
        return {"a": plain(value.event_a), "b": plain(value.event_b), "kind": value.kind}
    if is_dataclass(value) and not isinstance(value, type):
        d = {f.name: plain(getattr(value, f.name)) for f in fields(value)}
        for cls, props in _PROPERTIES.items():
            if isinstance(value, cls):
                d.update({p: plain(getattr(value, p)) for p in props})
        return d
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "item"):  # numpy scalar
        return plain(value.item())
    return value


def to_json(report: ReliabilityReport) -> str:
    return json.dumps(plain(report), indent=1, ensure_ascii=False, allow_nan=False) + "\n"
