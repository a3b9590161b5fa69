"""Which cameras a player shows: a file, its offset on the session clock, a label."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CameraSpec:
    path: Path
    offset_ms: float = 0.0
    label: str = ""
    is_master: bool = False


CameraLike = CameraSpec | tuple[object, ...]


def camera_spec(item: CameraLike, position: int) -> CameraSpec:
    """Accepts a CameraSpec, ``(path, offset_ms, label[, is_master])`` or
    ``(label, path, offset_ms)``: the number tells which order is meant."""
    if isinstance(item, CameraSpec):
        return item
    values: list[object] = list(item)
    offset: object
    if (
        len(values) >= 3
        and isinstance(values[2], int | float)
        and not isinstance(values[1], int | float)
    ):
        label, path, offset = values[0], values[1], values[2]
        master = bool(values[3]) if len(values) > 3 else False
    else:
        path = values[0]
        offset = values[1] if len(values) > 1 else 0.0
        label = values[2] if len(values) > 2 else ""
        master = bool(values[3]) if len(values) > 3 else False
    return CameraSpec(
        Path(str(path)),
        float(offset),  # type: ignore[arg-type]
        str(label or f"camera {position + 1}"),
        master,
    )
