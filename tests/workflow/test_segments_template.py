"""Segment templates: episodes back to back from a start frame, cut at the video's end."""

from __future__ import annotations

from pathlib import Path

import pytest

from interactioncoder.core.timebase import Timebase
from interactioncoder.workflow.segments_template import (
    DEFAULT_SECONDS,
    TemplateError,
    apply_template,
    layout_template,
)
from interactioncoder.workflow.session_setup import add_sessions, group_files
from tests.workflow.helpers import small_codebook, study_project, tiny_video

CB = small_codebook()  # segment types: play, still-face
TB = Timebase.constant(25, 25 * 300)  # 5 minutes at 25 fps


def test_layout_back_to_back_from_the_start_frame() -> None:
    layout = layout_template(CB, TB, 50, {"play": 120, "still-face": 60})
    (play, still) = layout.segments
    assert (play.name, play.onset_frame, play.offset_frame) == ("Play", 50, 50 + 3000)
    assert (play.onset_ms, play.offset_ms) == (2000.0, 122000.0)
    assert (still.onset_frame, still.offset_frame) == (3050, 3050 + 1500)
    assert layout.left_out == ()


def test_default_length_order_repeats_and_cut_at_the_end() -> None:
    order = ["play", "still-face", "play", "still-face"]
    layout = layout_template(CB, TB, 0, order=order)
    assert DEFAULT_SECONDS == 120.0
    names = [(s.name, s.onset_frame, s.offset_frame) for s in layout.segments]
    assert names == [("Play", 0, 3000), ("Still-face", 3000, 6000), ("Play 2", 6000, 7500)]
    assert layout.segments[-1].offset_ms == TB.duration_ms
    assert layout.left_out == ("still-face",)


def test_variable_frame_rate_uses_frame_times() -> None:
    times = [0.0, 40.0, 120.0, 200.0, 240.0, 400.0]
    tb = Timebase.from_times(times, 440.0)
    layout = layout_template(CB, tb, 1, {"play": 0.1, "still-face": 1})
    play, still = layout.segments
    # 40 ms + 100 ms = 140 ms: frame 2 (shown from 120 ms) is on screen then, so it is the
    # first frame after play, as in `interactioncoder session segment`
    assert (play.onset_frame, play.offset_frame, play.offset_ms) == (1, 2, 120.0)
    assert (still.onset_frame, still.offset_frame, still.offset_ms) == (2, 6, 440.0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"seconds": {"reunion": 10}}, "no segment type 'reunion'"),
        ({"seconds": {"play": 0}}, "above 0 s"),
        ({"start_frame": 7500}, "outside 0..7499"),
    ],
)
def test_mistakes_are_named(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        layout_template(CB, TB, **kwargs)  # type: ignore[arg-type]


def test_apply_stores_the_segments(tmp_path: Path) -> None:
    tiny_video(tmp_path, "D1_a.mp4", 50)
    repo = study_project(tmp_path)
    try:
        add_sessions(repo, group_files([tmp_path / "D1_a.mp4"]).sessions)
        (session,) = repo.list_sessions()
        tb = repo.session_timebase(session.id)
        assert tb is not None
        layout = layout_template(CB, tb, 5, {"play": 0.8, "still-face": 10})
        apply_template(repo, session.id, layout)
        stored = [(s.name, s.onset_frame, s.offset_frame) for s in repo.list_segments(session.id)]
        assert stored == [("Play", 5, 25), ("Still-face", 25, 50)]
    finally:
        repo.close()
