from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from interactioncoder.ui.panels.codebook_panel import RUNNING_MARK, CodebookPanel
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING, double_click, make_codebook

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)


def _visible_codes(panel: CodebookPanel) -> list[str]:
    out = []
    for g in range(panel.tree.topLevelItemCount()):
        group = panel.tree.topLevelItem(g)
        if group.isHidden():
            continue
        out += [
            group.child(i).text(1)
            for i in range(group.childCount())
            if not group.child(i).isHidden()
        ]
    return out


def test_groups_keys_and_definition(qtbot) -> None:
    panel = CodebookPanel(make_codebook())
    qtbot.addWidget(panel)
    panel.show()
    tree = panel.tree
    assert [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())] == [
        "Mother: Maternal behaviour",
        "Mother: Touch",
        "Infant: Infant affect",
        "Infant: Infant gaze",
    ]
    first = tree.topLevelItem(0).child(0)
    assert (first.text(0), first.text(1)) == ("S", "Sensitive")
    assert not first.icon(1).isNull()

    rect = tree.visualItemRect(first)
    with (
        qtbot.waitSignal(panel.codeSelected) as selected,
        qtbot.assertNotEmitted(panel.codeClicked),
    ):
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert selected.args == ["m_sensitive"]
    text = panel.definition.toPlainText()
    assert "Sensitive [S]" in text
    assert "responds promptly" in text
    assert "Mother slows down when the baby averts gaze." in text
    assert "Intensity: low, high" in text


def test_activating_a_code_emits_code_clicked(qtbot) -> None:
    panel = CodebookPanel(make_codebook())
    qtbot.addWidget(panel)
    panel.resize(400, 700)
    panel.show()
    assert panel.select_code("i_negative")
    with qtbot.waitSignal(panel.codeClicked) as blocker:
        qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    assert blocker.args == ["i_negative"]
    item = panel.tree.topLevelItem(3).child(1)
    rect = panel.tree.visualItemRect(item)
    with qtbot.waitSignal(panel.codeClicked) as blocker:
        double_click(qtbot, panel.tree.viewport(), rect.center())
    assert blocker.args == ["i_gaze_away"]
    other = panel.tree.topLevelItem(0).child(1)  # Intrusive, key I
    rect = panel.tree.visualItemRect(other)
    key_cell = QPoint(panel.tree.columnWidth(0) - 6, rect.center().y())
    with qtbot.waitSignal(panel.codeClicked) as blocker:  # one click on the key cell marks
        qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=key_cell)
    assert blocker.args == ["m_intrusive"]


def test_search_and_running_marks(qtbot) -> None:
    panel = CodebookPanel(make_codebook())
    qtbot.addWidget(panel)
    qtbot.keyClicks(panel.search_edit, "gaze")
    assert _visible_codes(panel) == ["Gaze at mother", "Gaze away"]
    panel.search_edit.clear()
    qtbot.keyClicks(panel.search_edit, "crying")  # matches a definition
    assert _visible_codes(panel) == ["Negative affect"]
    panel.search_edit.clear()
    assert len(_visible_codes(panel)) == 9

    panel.set_running({"m_sensitive", "i_gaze_mother"})
    sensitive = panel.tree.topLevelItem(0).child(0)
    assert sensitive.text(2) == RUNNING_MARK
    assert sensitive.font(1).bold()
    panel.set_running([])
    assert sensitive.text(2) == ""
    assert not sensitive.font(1).bold()


def test_the_codes_get_most_of_the_height(qtbot) -> None:
    """Issue 12 item 8: the default layout showed about six codebook rows."""
    panel = CodebookPanel(make_codebook())
    qtbot.addWidget(panel)
    panel.resize(360, 420)
    panel.show()
    qtbot.wait(20)
    assert panel.tree.height() >= 3 * panel.definition.height()
