"""Drawing an event on an empty lane (issue 12 item 2): the same rules as a code key."""

from __future__ import annotations

import pytest

from interactioncoder.core import drawing
from interactioncoder.core.editing import EditRejected
from tests.core.test_editing import CODEBOOK, TB, finished


def test_create_event_draws_a_state_or_a_point() -> None:
    evs = [finished("sens", 50, 60)]
    ch = drawing.create_event(CODEBOOK, evs, "intr", 20, 40, TB)
    (e,) = ch.added
    assert (e.code_id, e.onset_frame, e.offset_frame, e.offset_ms) == ("intr", 20, 40, 1600.0)
    assert ch.description == "draw Intrusive"
    (p,) = drawing.create_event(CODEBOOK, evs, "cry", 30, 35, TB).added
    assert (p.onset_frame, p.offset_frame) == (30, 30)
    # reversed drag; onset == offset ("Add here") does what the key does: fills the gap
    (r,) = drawing.create_event(CODEBOOK, [], "gaze", 40, 20, TB).added
    assert (r.onset_frame, r.offset_frame) == (20, 40)
    (one,) = drawing.create_event(CODEBOOK, evs, "with", 7, 7, TB).added
    assert (one.onset_frame, one.offset_frame) == (7, 50)
    with pytest.raises(EditRejected, match="exclusive"):
        drawing.create_event(CODEBOOK, evs, "intr", 40, 55, TB)
