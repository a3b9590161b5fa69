"""Changes: what an operation changed, for the views to refresh (Qt-free)."""

from __future__ import annotations

from interactioncoder.workflow.changes import NOTHING, Changes


def test_changes_combine() -> None:
    both = Changes(events=True) | Changes(ratings=True)
    assert both == Changes(events=True, ratings=True)
    assert both.any and not NOTHING.any
    assert (NOTHING | Changes(project=True)).project
    assert Changes.everything() == Changes(True, True, True, True, True)
