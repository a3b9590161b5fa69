from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from interactioncoder.ui.panels.project_browser import (
    SESSION_ID_ROLE,
    STATUS_ROLE,
    ProjectBrowser,
    format_age,
)
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING, double_click, make_project

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)


def _rows(browser: ProjectBrowser) -> list[list[str]]:
    """Every visible row (dyads and sessions) as its column texts."""
    model = browser.view.model()
    out: list[list[str]] = []

    def walk(parent: QModelIndex) -> None:
        for r in range(model.rowCount(parent)):
            out.append(
                [str(model.index(r, c, parent).data() or "") for c in range(model.columnCount())]
            )
            walk(model.index(r, 0, parent))

    walk(QModelIndex())
    return out


def _session_index(browser: ProjectBrowser, session_id: int) -> QModelIndex:
    model = browser.view.model()
    for d in range(model.rowCount()):
        dyad = model.index(d, 0)
        for s in range(model.rowCount(dyad)):
            index = model.index(s, 0, dyad)
            if index.data(SESSION_ID_ROLE) == session_id:
                return index
    raise AssertionError(f"session {session_id} not shown")


def test_pi_sees_every_coder_status(qtbot) -> None:
    browser = ProjectBrowser()
    qtbot.addWidget(browser)
    browser.set_data(*make_project(), current_coder_id=3, blind=True)
    model = browser.view.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [
        "Dyad / session",
        "Visit",
        "Infant age",
        "Ana",
        "Ben",
        "Prof. Cole (PI) – you",
    ]
    rows = _rows(browser)
    assert rows[0][:4] == ["D001", "2 sessions", "", "1/2 done"]
    s10 = next(r for r in rows if r[0] == "D001 3-month play")
    assert s10[1:5] == ["T1", "91 d (13 wk)", "done", "in progress (rel.)"]
    assert s10[5] == ""  # the PI has no coding of this session
    badge = _session_index(browser, 10).siblingAtColumn(3)
    assert badge.data(STATUS_ROLE) == "done"


def test_blind_coder_sees_only_own_status(qtbot) -> None:
    browser = ProjectBrowser()
    qtbot.addWidget(browser)
    browser.set_data(*make_project(), current_coder_id=2, blind=True)
    assert [c.name for c in browser.visible_coders()] == ["Ben"]
    rows = _rows(browser)
    assert all(len(r) == 4 for r in rows)
    assert not any(cell == "done" for r in rows for cell in r)  # Ana's "done" is hidden
    s10 = next(r for r in rows if r[0] == "D001 3-month play")
    assert s10[3] == "in progress (rel.)"
    # Not blind: the same coder sees everyone.
    browser.set_data(*make_project(), current_coder_id=2, blind=False)
    assert len(browser.visible_coders()) == 3


def test_filter_and_activation(qtbot) -> None:
    browser = ProjectBrowser()
    qtbot.addWidget(browser)
    browser.resize(700, 300)
    browser.show()
    browser.set_data(*make_project(), current_coder_id=1, blind=True)
    qtbot.keyClicks(browser.filter_edit, "d002")
    rows = _rows(browser)
    assert [r[0] for r in rows] == ["D002", "D002 3-month play"]
    browser.filter_edit.clear()
    qtbot.keyClicks(browser.filter_edit, "T2")  # a visit matches a session row
    assert [r[0] for r in _rows(browser)] == ["D001", "D001 6-month play"]
    browser.filter_edit.clear()

    index = _session_index(browser, 11)
    rect = browser.view.visualRect(index)
    with qtbot.waitSignal(browser.sessionActivated) as blocker:
        double_click(qtbot, browser.view.viewport(), rect.center())
    assert blocker.args == [11]
    assert browser.select_session(20)
    browser.set_data(*make_project(), current_coder_id=1, blind=True)  # a refresh
    assert browser.selected_session_id() == 20
    with qtbot.waitSignal(browser.sessionActivated) as blocker:
        qtbot.keyClick(browser.view, Qt.Key.Key_Return)
    assert blocker.args == [20]


def test_format_age() -> None:
    assert format_age(None) == ""
    assert format_age(91) == "91 d (13 wk)"
    assert format_age(95) == "95 d (13 wk 4 d)"


def test_a_coders_status_is_not_cut_in_a_narrow_dock(qtbot) -> None:
    """Issue 12 item 8: the status column came last and a narrow dock cut it."""
    browser = ProjectBrowser()
    qtbot.addWidget(browser)
    browser.resize(330, 300)
    browser.show()
    browser.set_data(*make_project(), current_coder_id=1, blind=True)
    qtbot.wait(20)
    header = browser.view.header()
    model = browser.view.model()
    status_column = model.columnCount() - 1  # the coder's own column (blind: only theirs)
    right = header.sectionViewportPosition(status_column) + header.sectionSize(status_column)
    assert right <= browser.view.viewport().width()
