"""The timeline widget driven like a user: real mouse drags, clicks, keys, wheel; pixels."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPalette, QWheelEvent
from PySide6.QtWidgets import QApplication

from interactioncoder.core.codebook import (
    Code,
    Codebook,
    CodeGroup,
    CodeKind,
    Modifier,
    ModifierChoice,
    ModifierKind,
    SegmentType,
    Subject,
)
from interactioncoder.core.events import Event
from interactioncoder.core.project import Segment
from interactioncoder.core.timebase import Timebase
from interactioncoder.ui.timeline import TimelineWidget

FPS = 25.0
FRAMES = 3000
POS, NEG, CRY = "#d03030", "#2040c0", "#20a040"
LEFT = Qt.MouseButton.LeftButton
NOMOD = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def ev(eid: str, code: str, on: int, off: int | None, **kw: object) -> Event:
    ms = 1000.0 / FPS
    return Event(eid, code, on, on * ms, off, None if off is None else off * ms, **kw)  # type: ignore[arg-type]


def make_codebook() -> Codebook:
    where = Modifier("where", "Where", ModifierKind.CHOICE, (ModifierChoice("f", "Face"),))
    return Codebook(
        id="cb",
        name="cb",
        version="1",
        subjects=(Subject("m", "Mother"), Subject("i", "Infant")),
        groups=(
            CodeGroup(
                "aff",
                "Affect",
                "m",
                True,
                (
                    Code("pos", "Positive", CodeKind.STATE, "Q", POS, modifiers=(where,)),
                    Code("neg", "Negative", CodeKind.STATE, "W", NEG),
                ),
            ),
            CodeGroup("voc", "Voc", "i", False, (Code("cry", "Cry", CodeKind.POINT, "E", CRY),)),
        ),
        segments=(SegmentType("sf", "Still-face", "#90caf9"),),
    )


EVENTS = [
    ev("A", "pos", 50, 100, modifiers={"where": "f"}),
    ev("B", "neg", 110, 150),
    ev("C", "pos", 160, 180),
    ev("P", "cry", 120, 120),
]


@pytest.fixture
def widget(qtbot) -> TimelineWidget:
    w = TimelineWidget()
    qtbot.addWidget(w)
    w.resize(1000, 400)
    w.set_codebook(make_codebook())
    w.set_timebase(Timebase.constant(FPS, FRAMES))
    w.set_events(EVENTS)
    w.set_segments([Segment(7, 1, "Still-face", 200, 8000.0, 400, 16000.0)])
    w.show()
    qtbot.waitExposed(w)
    w.zoom_to(0, 199)  # about 4 px per frame
    return w


def at(w: TimelineWidget, frame: float, code: str, lane: int = -1) -> QPoint:
    rect = w.row_rect(code, lane)
    return QPoint(round(w.frame_to_x(frame)), round(rect.center().y()))


def drag(qtbot, w: TimelineWidget, start: QPoint, end: QPoint, mods=NOMOD) -> None:
    qtbot.mousePress(w, LEFT, mods, start)
    mid = QPoint((start.x() + end.x()) // 2, start.y())
    qtbot.mouseMove(w, mid)
    qtbot.mouseMove(w, end)
    qtbot.mouseRelease(w, LEFT, mods, end)


def recorder(signal) -> list[tuple]:
    got: list[tuple] = []
    signal.connect(lambda *args: got.append(args))
    return got


def pixel(w: TimelineWidget, p: QPointF | QPoint) -> QColor:
    img = w.grab().toImage()
    dpr = img.devicePixelRatio()
    return QColor(img.pixel(round(p.x() * dpr), round(p.y() * dpr)))


def test_dragging_an_offset_edge_emits_one_snapped_trim_at_release(qtbot, widget) -> None:
    trims = recorder(widget.trimRequested)
    start = at(widget, 100, "pos") - QPoint(1, 0)  # just inside A's offset edge
    end = QPoint(round(widget.frame_to_x(104.3)), start.y())
    qtbot.mousePress(widget, LEFT, NOMOD, start)
    qtbot.mouseMove(widget, QPoint(start.x() + 6, start.y()))
    qtbot.mouseMove(widget, end)
    assert trims == []  # only a preview while dragging
    assert widget.drag is not None and widget.drag.preview == 104
    qtbot.mouseRelease(widget, LEFT, NOMOD, end)
    assert trims == [("A", "offset", 104)]


def test_trim_preview_cannot_pass_the_exclusive_neighbour(qtbot, widget) -> None:
    trims = recorder(widget.trimRequested)
    # B (neg, same exclusive group) starts at 110: A's offset stops there.
    drag(qtbot, widget, at(widget, 100, "pos") - QPoint(1, 0), at(widget, 140, "pos"))
    assert trims == [("A", "offset", 110)]


def test_dragging_an_onset_edge(qtbot, widget) -> None:
    trims = recorder(widget.trimRequested)
    drag(qtbot, widget, at(widget, 50, "pos") + QPoint(1, 0), at(widget, 40, "pos"))
    assert trims == [("A", "onset", 40)]


def test_dragging_a_body_emits_one_move_for_the_whole_drag(qtbot, widget) -> None:
    moves = recorder(widget.moveRequested)
    start = at(widget, 70, "pos")
    qtbot.mousePress(widget, LEFT, NOMOD, start)
    for dx in (3, 8, 14, 20, 24):
        qtbot.mouseMove(widget, start + QPoint(round(dx * widget.view.px_per_frame), 0))
    qtbot.mouseRelease(widget, LEFT, NOMOD, start + QPoint(round(-6 * widget.view.px_per_frame), 0))
    assert moves == [(("A",), -6)]
    assert widget.selected_event_ids() == ("A",)


def test_move_preview_is_clamped_by_neighbours(qtbot, widget) -> None:
    moves = recorder(widget.moveRequested)
    drag(qtbot, widget, at(widget, 70, "pos"), at(widget, 130, "pos"))
    assert moves == [(("A",), 10)]  # A (50..100) can go up to B's onset at 110


def test_clicks_seek_select_and_multi_select(qtbot, widget) -> None:
    seeks = recorder(widget.seekRequested)
    selections = recorder(widget.selectionChanged)
    # Empty place of a row, and the ruler: seek to the frame under the pointer.
    qtbot.mouseClick(widget, LEFT, NOMOD, at(widget, 30.5, "neg"))
    ruler = QPoint(round(widget.frame_to_x(77.5)), 10)
    qtbot.mouseClick(widget, LEFT, NOMOD, ruler)
    assert seeks == [(30,), (77,)]
    qtbot.mouseClick(widget, LEFT, NOMOD, at(widget, 70, "pos"))
    qtbot.mouseClick(widget, LEFT, CTRL, at(widget, 130, "neg"))
    qtbot.mouseClick(widget, LEFT, CTRL, at(widget, 120.5, "cry"))
    assert widget.selected_event_ids() == ("A", "B", "P")
    qtbot.mouseClick(widget, LEFT, CTRL, at(widget, 130, "neg"))
    assert widget.selected_event_ids() == ("A", "P")
    assert selections[-1] == (("A", "P"),)
    # A plain click on an empty place clears the selection.
    qtbot.mouseClick(widget, LEFT, NOMOD, at(widget, 30.5, "neg"))
    assert widget.selected_event_ids() == ()


def test_delete_key_requests_deleting_the_selection(qtbot, widget) -> None:
    deletes = recorder(widget.deleteRequested)
    qtbot.mouseClick(widget, LEFT, NOMOD, at(widget, 70, "pos"))
    qtbot.mouseClick(widget, LEFT, CTRL, at(widget, 170, "pos"))
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClick(widget, Qt.Key.Key_Backspace)
    assert deletes == [(("A", "C"),), (("A", "C"),)]


def test_read_only_selects_but_never_requests_edits(qtbot, widget) -> None:
    widget.set_read_only(True)
    got = recorder(widget.trimRequested) + recorder(widget.moveRequested)
    deletes = recorder(widget.deleteRequested)
    drag(qtbot, widget, at(widget, 100, "pos") - QPoint(1, 0), at(widget, 105, "pos"))
    drag(qtbot, widget, at(widget, 70, "pos"), at(widget, 80, "pos"))
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    assert got == [] and deletes == []
    assert widget.selected_event_ids() == ("A",)


def test_ctrl_wheel_zooms_around_the_cursor(qtbot, widget) -> None:
    x = widget.frame_to_x(123.25)
    before_ppf = widget.view.px_per_frame
    pos = QPointF(x, widget.row_rect("neg").center().y())
    for _ in range(2):
        wheel = QWheelEvent(
            pos, widget.mapToGlobal(pos), QPoint(0, 0), QPoint(0, 120),
            Qt.MouseButton.NoButton, CTRL, Qt.ScrollPhase.NoScrollPhase, False,
        )  # fmt: skip
        QApplication.sendEvent(widget, wheel)
    assert widget.view.px_per_frame == pytest.approx(before_ppf * 1.25**2)
    v = widget.view
    assert v.first_frame + (x - v.x0) / v.px_per_frame == pytest.approx(123.25)
    assert widget.x_to_frame(x) == 123


def test_keys_zoom_and_fit(qtbot, widget) -> None:
    widget.setFocus()
    ppf = widget.view.px_per_frame
    qtbot.keyClick(widget, Qt.Key.Key_Plus)
    assert widget.view.px_per_frame > ppf
    qtbot.keyClick(widget, Qt.Key.Key_Minus)
    qtbot.keyClick(widget, Qt.Key.Key_Minus)
    assert widget.view.px_per_frame < ppf
    widget.zoom_to_fit()
    assert widget.visible_range() == (0, FRAMES - 1)


def test_events_are_painted_in_their_colours_where_expected(widget) -> None:
    a = at(widget, 75, "pos")
    assert pixel(widget, a).name() == POS
    assert pixel(widget, at(widget, 130, "neg")).name() == NEG
    assert pixel(widget, at(widget, 120.5, "cry")).name() == CRY
    assert pixel(widget, at(widget, 105, "pos")).name() != POS  # between A and C
    # Zoomed out so far that rows are rasterised: the colours are still where the events are.
    many = [ev(f"e{i}", "neg", f, f + 3) for i, f in enumerate(range(300, 2900, 5))]
    widget.set_events([*EVENTS, *many])
    widget.zoom_to_fit()
    img = widget.grab().toImage()
    dpr = img.devicePixelRatio()
    y = widget.row_rect("neg").center().y()
    inside = [
        img.pixelColor(round(widget.frame_to_x(f) * dpr), round(y * dpr)).name()
        for f in (1000, 2000)
    ]
    assert inside == [NEG, NEG]
    gap = img.pixelColor(round(widget.frame_to_x(2950) * dpr), round(y * dpr))
    assert gap.name() != NEG


def test_running_state_grows_to_the_playhead(widget) -> None:
    widget.set_events([*EVENTS, ev("R", "neg", 20, None)])
    widget.set_playhead(40)
    assert pixel(widget, at(widget, 38.5, "neg")).name() != NEG  # open end: lighter fill
    assert pixel(widget, at(widget, 38.5, "neg")) != pixel(widget, at(widget, 45, "neg"))
    before = pixel(widget, at(widget, 44.5, "neg"))
    widget.set_playhead(48)
    assert pixel(widget, at(widget, 44.5, "neg")) != before


def test_palette_change_repaints_in_the_new_colours(widget) -> None:
    empty = at(widget, 30.5, "neg")
    pal = QPalette(widget.palette())
    pal.setColor(QPalette.ColorRole.Base, QColor("#101418"))
    widget.setPalette(pal)
    assert pixel(widget, empty).name() == "#101418"
    pal.setColor(QPalette.ColorRole.Base, QColor("#fafafa"))
    widget.setPalette(pal)
    assert pixel(widget, empty).name() == "#fafafa"


def test_comparison_lanes_are_read_only_rows(qtbot, widget) -> None:
    widget.set_comparison([("Coder B", [ev("X", "pos", 60, 90)])])
    lane = at(widget, 75, "pos", lane=0)
    assert pixel(widget, lane) != pixel(widget, at(widget, 30, "pos", lane=0))
    seeks = recorder(widget.seekRequested)
    moves = recorder(widget.moveRequested)
    drag(qtbot, widget, lane, lane + QPoint(40, 0))
    assert moves == [] and widget.selected_event_ids() == ()
    assert seeks[0] == (75,)
    assert "Coder B" in widget.tooltip_at(QPointF(lane))


def test_tooltip_names_code_times_frames_and_modifiers(widget) -> None:
    tip = widget.tooltip_at(QPointF(at(widget, 75, "pos")))
    assert "Positive" in tip and "frame 50" in tip and "frame 100" in tip
    assert "0:02.000" in tip and "Where: Face" in tip and "50 frames" in tip
    assert widget.tooltip_at(QPointF(at(widget, 30, "pos"))) == ""


def test_context_menu_split_edit_delete_zoom(widget) -> None:
    widget.set_playhead(80)
    splits, edits = recorder(widget.splitRequested), recorder(widget.editEventRequested)
    deletes = recorder(widget.deleteRequested)
    menu = widget.build_context_menu(QPointF(at(widget, 70, "pos")))
    assert menu is not None
    actions = {a.text(): a for a in menu.actions() if a.text()}
    assert actions["Split at playhead"].isEnabled()
    actions["Split at playhead"].trigger()
    actions["Edit…"].trigger()
    actions["Delete"].trigger()
    assert splits == [("A", 80)] and edits == [("A",)] and deletes == [(("A",),)]
    actions["Zoom to event"].trigger()
    first, last = widget.visible_range()
    assert first <= 50 and last >= 99 and last - first < 120
    widget.zoom_to(0, 199)
    menu = widget.build_context_menu(QPointF(at(widget, 130, "neg")))
    assert menu is not None
    split = next(a for a in menu.actions() if a.text() == "Split at playhead")
    assert not split.isEnabled()  # the playhead is not inside B


def test_context_menu_on_an_empty_lane_adds_an_event_there(widget) -> None:
    """Issue 12 item 2: the context menu exists on empty lanes too."""
    widget.zoom_to(0, 199)
    creates = recorder(widget.createRequested)
    menu = widget.build_context_menu(QPointF(at(widget, 30, "neg")))
    assert menu is not None
    actions = {a.text(): a for a in menu.actions() if a.text()}
    add = next(a for t, a in actions.items() if t.startswith("Add Negative at frame"))
    frame = int(add.text().rsplit(" ", 1)[1])
    assert abs(frame - 30) <= 1
    add.trigger()
    assert creates == [("neg", frame, frame)]


def test_double_click_requests_editing(qtbot, widget) -> None:
    edits = recorder(widget.editEventRequested)
    qtbot.mouseDClick(widget, LEFT, NOMOD, at(widget, 170, "pos"))
    assert edits == [("C",)]


def test_segment_edge_drag_requests_a_segment_trim(qtbot, widget) -> None:
    widget.zoom_to(150, 349)
    trims = recorder(widget.segmentTrimRequested)
    y = 42  # the segment band, under the ruler
    start = QPoint(round(widget.frame_to_x(200)), y)
    drag(qtbot, widget, start, QPoint(round(widget.frame_to_x(190)), y))
    assert trims == [(7, "onset", 190)]


def test_collapsing_a_group_hides_its_rows(qtbot, widget) -> None:
    header = widget.row_rect("pos").top() - 5  # the group header row above Positive
    qtbot.mouseClick(widget, LEFT, NOMOD, QPoint(40, round(header)))
    with pytest.raises(KeyError):
        widget.row_rect("pos")
    assert widget.row_rect("cry").height() > 0
    qtbot.mouseClick(widget, LEFT, NOMOD, QPoint(40, round(header)))
    assert widget.row_rect("pos").height() > 0


def test_playhead_outside_the_view_scrolls_it_into_view(widget) -> None:
    widget.set_playhead(205)  # just past the right edge, as during playback
    first, last = widget.visible_range()
    assert first <= 205 <= last and first > 100
    widget.set_playhead(2500)
    first, last = widget.visible_range()
    assert first <= 2500 <= last


def test_events_that_vanish_leave_the_selection(qtbot, widget) -> None:
    qtbot.mouseClick(widget, LEFT, NOMOD, at(widget, 70, "pos"))
    selections = recorder(widget.selectionChanged)
    widget.set_events([e for e in EVENTS if e.id != "A"])
    assert widget.selected_event_ids() == () and selections == [((),)]


def test_renders_on_a_high_dpi_image(widget) -> None:
    img = QImage(2000, 800, QImage.Format.Format_ARGB32_Premultiplied)
    img.setDevicePixelRatio(2.0)
    img.fill(0)
    widget.render(img)
    a = at(widget, 75, "pos")
    assert img.pixelColor(a.x() * 2, a.y() * 2).name() == POS
    edge = round(widget.frame_to_x(100) * 2)
    assert img.pixelColor(edge + 2, a.y() * 2).name() != POS


def test_shift_drag_on_an_empty_place_selects_with_a_rubber_band(qtbot, widget) -> None:
    shift = Qt.KeyboardModifier.ShiftModifier
    top = widget.row_rect("pos").top() + 2
    start = QPoint(round(widget.frame_to_x(40)), round(top))
    end = QPoint(round(widget.frame_to_x(175)), round(widget.row_rect("neg").center().y()))
    seeks = recorder(widget.seekRequested)
    drag(qtbot, widget, start, end, shift)
    assert set(widget.selected_event_ids()) == {"A", "B", "C"}  # not the point in another row
    assert seeks == []


def test_preview_is_blocked_by_the_same_code_and_the_exclusive_group(widget) -> None:
    widget.set_events([*EVENTS, ev("P2", "cry", 130, 130)])
    a = next(e for e in EVENTS if e.id == "A")
    p = next(e for e in EVENTS if e.id == "P")
    assert {e.id for e in widget.blocking_neighbours(a)} == {"B", "C"}
    assert {e.id for e in widget.blocking_neighbours(p)} == {"P2"}


def test_dragging_past_the_edge_scrolls_on_and_moves_further(qtbot, widget) -> None:
    moves = recorder(widget.moveRequested)
    start = at(widget, 170, "pos")
    beyond = QPoint(round(widget.events_right()) + 30, start.y())
    qtbot.mousePress(widget, LEFT, NOMOD, start)
    qtbot.mouseMove(widget, start + QPoint(10, 0))
    qtbot.mouseMove(widget, beyond)
    qtbot.waitUntil(lambda: widget.view.first_frame > 60, timeout=3000)
    first = widget.view.first_frame
    qtbot.mouseRelease(widget, LEFT, NOMOD, beyond)
    assert not widget.autoscroll.isActive()
    ((ids, delta),) = moves
    assert ids == ("C",)
    # The drop frame is where the pointer is in the scrolled view.
    expected = round(first + (beyond.x() - widget.view.x0) / widget.view.px_per_frame - 170)
    assert abs(delta - expected) <= 1 and delta > 60


# The offscreen platform cannot raise the tooltip window and says so.
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_hovering_an_event_shows_its_tooltip(qtbot, widget) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    pos = at(widget, 130, "neg")
    QApplication.sendEvent(widget, QHelpEvent(QEvent.Type.ToolTip, pos, widget.mapToGlobal(pos)))
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    assert "Negative" in QToolTip.text() and "frame 110" in QToolTip.text()
    empty = at(widget, 30.5, "neg")
    QApplication.sendEvent(
        widget, QHelpEvent(QEvent.Type.ToolTip, empty, widget.mapToGlobal(empty))
    )
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=2000)


def test_wide_bars_carry_their_modifier_values_as_labels(widget) -> None:
    widget.zoom_to(45, 105)
    img = widget.grab().toImage()
    dpr = img.devicePixelRatio()

    def off_colour_pixels(event_on: int, event_off: int, code: str) -> int:
        rect = widget.row_rect(code)
        x0, x1 = widget.frame_to_x(event_on) + 3, widget.frame_to_x(event_off) - 3
        ys = range(round((rect.top() + 5) * dpr), round((rect.bottom() - 5) * dpr))
        xs = range(round(max(x0, widget.view.x0 + 3) * dpr), round(x1 * dpr))
        colour = POS if code == "pos" else NEG
        return sum(1 for x in xs for y in ys if img.pixelColor(x, y).name() != colour)

    assert off_colour_pixels(50, 100, "pos") > 20  # "Face" written in A
    widget.set_events([e.with_changes(modifiers={}) if e.id == "A" else e for e in EVENTS])
    img = widget.grab().toImage()
    assert off_colour_pixels(50, 100, "pos") == 0


def test_usable_alone_without_timebase_or_codebook(qtbot) -> None:
    w = TimelineWidget()
    qtbot.addWidget(w)
    w.resize(600, 200)
    w.grab()  # nothing loaded: paints a hint, does not fail
    w.set_codebook(make_codebook())
    w.set_events(EVENTS)  # no video: the session is as long as its events
    assert w.view.frame_count == 181
    assert w.visible_range() == (0, 180)
    seeks = recorder(w.seekRequested)
    qtbot.mouseClick(w, LEFT, NOMOD, QPoint(round(w.frame_to_x(20.5)), 10))
    assert seeks == [(20,)]
    assert pixel(w, at(w, 75, "pos")).name() == POS


def test_rows_beyond_the_height_scroll_vertically(qtbot, widget) -> None:
    widget.set_comparison([(f"Coder {c}", []) for c in "BCDEFG"])
    assert widget.vbar.maximum() > 0
    before = widget.row_rect("cry").top()
    pos = QPointF(50, widget.row_rect("pos").center().y())  # over the header column
    wheel = QWheelEvent(
        pos, widget.mapToGlobal(pos), QPoint(0, 0), QPoint(0, -240),
        Qt.MouseButton.NoButton, NOMOD, Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(widget, wheel)
    assert widget.vbar.value() > 0
    assert widget.row_rect("cry").top() == pytest.approx(before - widget.vbar.value())
    # The click maths follow the scrolled rows.
    qtbot.mouseClick(widget, LEFT, NOMOD, at(widget, 120.5, "cry"))
    assert widget.selected_event_ids() == ("P",)


def test_highlight_is_drawn_and_brought_into_view(widget) -> None:
    empty = at(widget, 30.5, "neg")
    plain = pixel(widget, empty)
    widget.set_highlight(25, 35)
    assert pixel(widget, empty) != plain
    widget.set_highlight(2000, 2010)  # off screen: the view follows, same zoom
    first, last = widget.visible_range()
    assert first <= 2000 and last >= 2010 and last - first < 250
    widget.clear_highlight()
    assert widget.highlight is None


def test_alt_drag_on_an_empty_row_requests_a_new_state_and_previews_it(qtbot, widget) -> None:
    creates = recorder(widget.createRequested)
    seeks = recorder(widget.seekRequested)
    start, end = at(widget, 20.2, "neg"), at(widget, 40.2, "neg")
    qtbot.mousePress(widget, LEFT, ALT, start)
    qtbot.mouseMove(widget, QPoint(start.x() + 8, start.y()))
    qtbot.mouseMove(widget, end)
    assert creates == []
    ghost = pixel(widget, at(widget, 30, "neg"))  # the preview in the code's colour
    assert ghost.blue() - ghost.red() > 40
    qtbot.mouseRelease(widget, LEFT, ALT, end)
    assert creates == [("neg", 20, 40)] and seeks == []
    assert widget.drag is None


def test_row_names_that_would_look_alike_are_shortened_in_the_middle(widget) -> None:
    """Issue 12 item 8: "Contradictory behavi…" twice could not be told apart."""
    from PySide6.QtGui import QFontMetricsF

    from interactioncoder.ui.timeline.chrome import distinct_labels

    fm = QFontMetricsF(widget.font())
    labels = [
        "Contradictory behaviour (mother)",
        "Contradictory behaviour (infant)",
        "Positive",
    ]
    modes = distinct_labels(labels, lambda t, m: fm.elidedText(t, m, 120))
    shown = [fm.elidedText(t, modes[t], 120) for t in labels]
    assert len(set(shown)) == 3, shown
    assert shown[2] == "Positive"
    assert widget.tooltip_at(QPointF(40, at(widget, 10, "pos").y())).startswith("Positive")
