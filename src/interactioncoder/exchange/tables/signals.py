"""Tidy tables of signals: per master frame, per synchrony window, per phase.

Every table carries ``session_id``, ``session`` and the master ``frame`` (or a window's
first frame) with its time in seconds, so it joins the code tables on session and frame.
Column names are letters, digits and underscores only (SPSS and R read them as they are).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd


def column_name(*parts: str) -> str:
    """A safe column name from free text parts (e.g. camera and region names)."""
    text = "_".join(re.sub(r"[^0-9A-Za-z]+", "_", p).strip("_").lower() for p in parts)
    return text if text and not text[0].isdigit() else f"v_{text}"


def frame_signal_table(
    session_id: int,
    session: str,
    times_ms: np.ndarray,
    columns: Mapping[str, np.ndarray],
) -> pd.DataFrame:
    """One row per master frame; one column per signal (NaN where a camera is off)."""
    table = pd.DataFrame(
        {
            "session_id": np.full(times_ms.size, session_id),
            "session": session,
            "frame": np.arange(times_ms.size),
            "time_s": np.round(times_ms / 1000.0, 6),
        }
    )
    for name, values in columns.items():
        if values.size != times_ms.size:
            raise ValueError(f"signal {name!r} has {values.size} rows, not {times_ms.size}")
        table[name] = values
    return table


def synchrony_window_table(
    session_id: int,
    session: str,
    window_frames: np.ndarray,
    times_ms: np.ndarray,
    peak_r: np.ndarray,
    peak_lag: np.ndarray,
    fps: float,
) -> pd.DataFrame:
    """One row per window: its start, the peak correlation and its lag (positive lag: the
    second series follows the first), and who leads."""
    leader = np.where(
        np.isnan(peak_lag), "", np.where(peak_lag > 0, "x", np.where(peak_lag < 0, "y", "same"))
    )
    return pd.DataFrame(
        {
            "session_id": np.full(window_frames.size, session_id),
            "session": session,
            "frame": window_frames,
            "time_s": np.round(times_ms[window_frames] / 1000.0, 6),
            "peak_r": peak_r,
            "peak_lag_frames": peak_lag,
            "peak_lag_s": peak_lag / fps,
            "leader": leader,
        }
    )


def phase_summary_table(
    session_id: int,
    session: str,
    phases: Sequence[tuple[str, int, int]],
    frame_table: pd.DataFrame,
    signal_columns: Sequence[str],
    window_table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per phase (name, first frame, frame after the last): mean and SD of each signal over
    its frames and, with a window table, the mean peak r and the share of windows (by
    start frame) where x leads / y leads."""
    rows = []
    for name, onset, offset in phases:
        inside = frame_table[(frame_table.frame >= onset) & (frame_table.frame < offset)]
        row: dict[str, object] = {
            "session_id": session_id,
            "session": session,
            "phase": name,
            "onset_frame": onset,
            "offset_frame": offset,
            "frames": len(inside),
        }
        for column in signal_columns:
            row[f"{column}_mean"] = float(inside[column].mean())
            row[f"{column}_sd"] = float(inside[column].std())
        if window_table is not None:
            windows = window_table[(window_table.frame >= onset) & (window_table.frame < offset)]
            peaks = windows[windows.leader != ""]
            row["windows"] = len(windows)
            row["peak_r_mean"] = float(peaks.peak_r.mean()) if len(peaks) else np.nan
            row["x_leads_share"] = float((peaks.leader == "x").mean()) if len(peaks) else np.nan
            row["y_leads_share"] = float((peaks.leader == "y").mean()) if len(peaks) else np.nan
        rows.append(row)
    return pd.DataFrame(rows)
