"""The timeline state: data in, selection kept honest, playhead followed, versions bumped;
and the model's place in the import graph (Qt-free, never importing the widget)."""

from __future__ import annotations

import subprocess
import sys

import grimp

from interactioncoder.ui.timeline.model.layout import RowKind
from tests.timeline_model.helpers import ev, make_state


def test_new_events_drop_vanished_ids_from_the_selection_and_a_drag() -> None:
    s = make_state()
    assert not s.set_selection(("nope",))  # unknown ids are never selected
    assert s.set_selection(("A", "B", "A")) and s.selection == ("A", "B")
    version = s.content_version
    assert s.set_events([ev("A", "pos", 10, 30)])  # B is gone: the selection shrank
    assert list(s.selection) == ["A"] and s.content_version > version
    assert not s.set_events([ev("A", "pos", 12, 30)])
    assert s.row_events(s.rows_for("pos")[0]).ids == ["A"]


def test_playhead_is_clamped_and_pages_the_view_during_playback() -> None:
    s = make_state()
    assert not s.set_playhead(100)  # on screen (frames 0..154): the view stays
    assert s.set_playhead(160)  # just past the right edge: page on, a little context kept
    assert s.view.first_frame == 160 - 0.1 * 155
    assert s.set_playhead(2000)  # far away: centre it
    assert s.view.first_frame == 2000 - 155 / 2
    s.set_playhead(10**6)
    assert s.playhead == 2999


def test_highlight_off_screen_scrolls_to_it_keeping_the_zoom() -> None:
    s = make_state()
    s.set_highlight(900, 880)
    assert s.highlight == (880, 900)
    assert s.view.first_frame == 880 - 15.5 and s.view.px_per_frame == 5.0


def test_collapsing_rows_and_comparison_lanes() -> None:
    s = make_state()
    s.set_comparison([("Coder B", [ev("L", "pos", 10, 30)])])
    assert [r.lane for r in s.rows_for("pos")] == [-1, 0]
    version = s.rows_version
    s.toggle_collapsed("subject:m")
    assert s.rows_version > version and not s.rows_for("pos")
    assert [r.kind for r in s.rows][:2] == [RowKind.SUBJECT, RowKind.SUBJECT]


def test_the_painter_cache_key_follows_what_is_shown() -> None:
    s = make_state()
    key = s.static_key()
    s.set_playhead(20)
    assert s.static_key() == key  # the playhead is drawn on top of the cached layer
    s.set_selection(("A",))
    assert s.static_key() != key
    key = s.static_key()
    s.scroll_frames(3)
    assert s.static_key() != key


def test_the_model_imports_no_qt() -> None:
    code = (
        "import sys; import interactioncoder.ui.timeline.model.handler, "
        "interactioncoder.ui.timeline.model.tooltip; "
        "sys.exit(any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_no_import_circle_in_the_timeline_and_nothing_imports_the_widget() -> None:
    graph = grimp.build_graph("interactioncoder")
    package = "interactioncoder.ui.timeline"
    modules = set(graph.find_descendants(package))
    importers = set(graph.find_modules_that_directly_import(f"{package}.view"))
    assert importers & modules == set()
    for m in modules:
        for other in graph.find_modules_directly_imported_by(m) & modules:
            assert not graph.chain_exists(other, m), f"{m} and {other} import each other"
