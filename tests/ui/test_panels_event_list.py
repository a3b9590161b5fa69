from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt

from interactioncoder.core.events import Event, EventChangeSet, EventUpdate
from interactioncoder.ui.panels.event_list import (
    COL_CODE,
    COL_DURATION,
    COL_MODS,
    COL_OFFSET,
    COL_ONSET,
    COL_ONSET_FRAME,
    COL_SUBJECT,
    EVENT_ID_ROLE,
    EventListPanel,
    EventTableModel,
    format_ms,
)
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING, make_codebook, make_events

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)


def _ev(eid: str, code: str, onset: int, offset: int | None, fps: float = 25.0) -> Event:
    return Event(
        id=eid,
        code_id=code,
        onset_frame=onset,
        onset_ms=onset * 1000 / fps,
        offset_frame=offset,
        offset_ms=None if offset is None else offset * 1000 / fps,
    )


def _column(panel: EventListPanel, column: int) -> list[str]:
    proxy = panel.proxy
    return [str(proxy.index(r, column).data()) for r in range(proxy.rowCount())]


def test_format_ms() -> None:
    assert format_ms(0) == "00:00:00.000"
    assert format_ms(3_723_004.4) == "01:02:03.004"
    assert format_ms(999.6) == "00:00:01.000"
    assert format_ms(-40) == "-00:00:00.040"
    assert format_ms(None) == ""


def test_cells_show_names_times_and_modifiers(qtbot) -> None:
    panel = EventListPanel(make_codebook())
    qtbot.addWidget(panel)
    sensitive = Event("a", "m_sensitive", 25, 1000.0, 75, 3000.0, modifiers={"intensity": "high"})
    touch = Event(
        "b", "m_touch", 50, 2000.0, 50, 2000.0, modifiers={"touch_kind": "pat", "count": 3.0}
    )
    running = _ev("c", "i_gaze_away", 100, None)
    panel.set_events([sensitive, touch, running])
    m = panel.model
    row = [m.index(0, c).data() for c in range(m.columnCount())]
    assert row[:7] == [
        "Sensitive",
        "Mother",
        "00:00:01.000",
        "25",
        "00:00:03.000",
        "2.000 s",
        "Intensity: high",
    ]
    assert m.index(1, COL_MODS).data() == "Kind of touch: pat; Count: 3"
    assert m.index(1, COL_OFFSET).data() == ""  # a point has no separate offset
    assert m.index(2, COL_OFFSET).data() == "running"
    assert m.index(2, COL_SUBJECT).data() == "Infant"
    assert panel.count_label.text() == "3 events"


def test_sorting_is_numeric(qtbot) -> None:
    panel = EventListPanel(make_codebook())
    qtbot.addWidget(panel)
    # frames 9, 10, 100 sort "10" < "100" < "9" as text; durations 0.4 s vs 1.2 s likewise.
    panel.set_events(
        [
            _ev("x", "m_sensitive", 100, 110),
            _ev("y", "m_intrusive", 9, 39),
            _ev("z", "i_positive", 10, 20),
        ]
    )
    header = panel.table.horizontalHeader()
    header.setSortIndicator(COL_ONSET_FRAME, Qt.SortOrder.AscendingOrder)
    assert _column(panel, COL_ONSET_FRAME) == ["9", "10", "100"]
    header.setSortIndicator(COL_ONSET_FRAME, Qt.SortOrder.DescendingOrder)
    assert _column(panel, COL_ONSET_FRAME) == ["100", "10", "9"]
    header.setSortIndicator(COL_DURATION, Qt.SortOrder.AscendingOrder)
    assert _column(panel, COL_DURATION) == ["0.400 s", "0.400 s", "1.200 s"]
    header.setSortIndicator(COL_ONSET, Qt.SortOrder.AscendingOrder)
    assert _column(panel, COL_CODE) == ["Intrusive", "Positive affect", "Sensitive"]
    # Clicking a header sorts too.
    section = header.sectionViewportPosition(COL_CODE) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(section, 5))
    assert header.sortIndicatorSection() == COL_CODE


def test_twenty_thousand_rows(qtbot) -> None:
    model = EventTableModel()
    model.set_codebook(make_codebook())
    events = make_events(20_000)
    model.set_events(events)
    assert model.rowCount() == 20_000
    assert model.index(19_999, COL_ONSET_FRAME).data() == str(13 * 19_999)
    assert model.index(19_999, 0).data(EVENT_ID_ROLE) == "e19999"
    panel = EventListPanel(make_codebook())
    qtbot.addWidget(panel)
    panel.set_events(list(reversed(events)))
    panel.table.horizontalHeader().setSortIndicator(COL_ONSET, Qt.SortOrder.AscendingOrder)
    assert panel.proxy.index(0, 0).data(EVENT_ID_ROLE) == "e00000"
    assert panel.proxy.index(19_999, 0).data(EVENT_ID_ROLE) == "e19999"
    panel.code_combo.setCurrentIndex(panel.code_combo.findData("m_touch"))
    expected = sum(1 for e in events if e.code_id == "m_touch")
    assert panel.proxy.rowCount() == expected
    assert panel.count_label.text() == f"{expected} of 20000"
    assert set(_column(panel, COL_CODE)) == {"Affectionate touch"}


def test_filters_by_code_and_subject(qtbot) -> None:
    panel = EventListPanel(make_codebook())
    qtbot.addWidget(panel)
    panel.set_events(make_events(90))
    panel.subject_combo.setCurrentIndex(panel.subject_combo.findData("Infant"))
    assert set(_column(panel, COL_SUBJECT)) == {"Infant"}
    assert panel.proxy.rowCount() == 50  # 5 of the 9 codes are the infant's
    panel.code_combo.setCurrentIndex(panel.code_combo.findData("i_gaze_away"))
    assert set(_column(panel, COL_CODE)) == {"Gaze away"}
    panel.code_combo.setCurrentIndex(panel.code_combo.findData("m_touch"))
    assert panel.proxy.rowCount() == 0  # a mother's code with the infant filter
    panel.subject_combo.setCurrentIndex(0)
    assert panel.proxy.rowCount() == 10


def test_click_seeks_delete_and_edit_requests(qtbot) -> None:
    panel = EventListPanel(make_codebook())
    qtbot.addWidget(panel)
    panel.resize(900, 400)
    panel.show()
    panel.set_events(make_events(30))
    table = panel.table
    rect = table.visualRect(panel.proxy.index(2, COL_ONSET))
    with qtbot.waitSignal(panel.seekRequested) as blocker:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [26]
    rect3 = table.visualRect(panel.proxy.index(3, COL_ONSET))
    qtbot.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ShiftModifier,
        rect3.center(),
    )
    with qtbot.waitSignal(panel.deleteRequested) as blocker:
        qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert blocker.args == [("e00002", "e00003")]
    with qtbot.waitSignal(panel.editRequested) as blocker:
        qtbot.keyClick(table, Qt.Key.Key_F2)
    assert blocker.args == ["e00003"]

    assert panel.select_event("e00020")
    assert panel.selected_event_ids() == ("e00020",)
    assert not panel.select_event("nope")


def _ids(panel: EventListPanel) -> list[str]:
    return [panel.proxy.index(r, 0).data(EVENT_ID_ROLE) for r in range(panel.proxy.rowCount())]


def test_incremental_changes_keep_sorted_order(qtbot) -> None:
    panel = EventListPanel(make_codebook())
    qtbot.addWidget(panel)
    a, b = _ev("a", "m_sensitive", 0, 10), _ev("b", "m_intrusive", 10, 20)
    panel.set_events([a, b])
    b2 = b.with_changes(offset_frame=30, offset_ms=1200.0)
    c = _ev("c", "i_positive", 5, 8)
    with qtbot.waitSignal(panel.model.rowsInserted):
        panel.apply_changes(EventChangeSet(added=(c,), removed=(a,), updated=(EventUpdate(b, b2),)))
    assert _ids(panel) == ["c", "b"]  # sorted by onset
    assert panel.model.index(1, COL_OFFSET).data() == "00:00:01.200"
    assert panel.model.row_of("c") == 0 and panel.model.row_of("a") is None
    assert panel.model.rowCount(QModelIndex()) == 2

    # Descending by duration: a new event goes to its sorted place, not to the end.
    panel.table.horizontalHeader().setSortIndicator(COL_DURATION, Qt.SortOrder.DescendingOrder)
    assert _ids(panel) == ["b", "c"]  # 0.8 s, 0.12 s
    d = _ev("d", "i_gaze_away", 40, 50)  # 0.4 s
    panel.apply_changes(EventChangeSet(added=(d,)))
    assert _ids(panel) == ["b", "d", "c"]


def test_set_events_updates_in_place_and_keeps_the_selection(qtbot) -> None:
    panel = EventListPanel(make_codebook())
    qtbot.addWidget(panel)
    events = make_events(300)
    panel.set_events(events)
    assert panel.select_event("e00150")
    resets: list[bool] = []
    panel.model.modelReset.connect(lambda: resets.append(True))
    moved = events[150].with_changes(onset_frame=5, onset_ms=200.0)  # now second by onset
    fresh = _ev("new", "m_withdrawn", 7, 9)
    panel.set_events([*events[:150], moved, *events[151:299], fresh])  # e00299 removed
    assert resets == []  # updated in place, not reset
    assert panel.selected_event_ids() == ("e00150",)  # the selection followed the row
    assert _ids(panel)[:4] == ["e00000", "e00150", "new", "e00001"]
    assert panel.model.row_of("e00299") is None
    assert panel.model.rowCount() == 300
    # A wholly different list resets.
    panel.set_events(make_events(2000)[1000:])
    assert resets == [True]
    assert panel.model.rowCount() == 1000


def test_the_onset_frame_is_never_cut_in_a_narrow_dock(qtbot) -> None:
    """Issue 12 item 8: in the default dock width frame 30 showed as "3"."""
    panel = EventListPanel(make_codebook())
    qtbot.addWidget(panel)
    panel.resize(380, 300)
    panel.show()
    panel.set_events([_ev("a", "m_sensitive", 30, 40)])
    qtbot.wait(20)
    header = panel.table.horizontalHeader()
    viewport = panel.table.viewport().width()
    for column in (COL_CODE, COL_ONSET_FRAME, COL_ONSET):
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert right <= viewport, (column, right, viewport)


def test_modifier_values_are_in_full_in_the_tooltip(qtbot) -> None:
    from interactioncoder.ui.panels.event_table_model import COL_MODS

    panel = EventListPanel(make_codebook())
    qtbot.addWidget(panel)
    touch = Event(
        "b", "m_touch", 50, 2000.0, 50, 2000.0, modifiers={"touch_kind": "pat", "count": 3.0}
    )
    panel.set_events([touch])
    tip = panel.model.index(0, COL_MODS).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Kind of touch: pat\nCount: 3"
