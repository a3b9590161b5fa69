"""The panels and dialogs with the codebook we ship (loaded through the YAML loader)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.codebook.loader import load_codebook
from interactioncoder.core.codebook.shipped import shipped_codebook_dir
from interactioncoder.ui.dialogs.modifier_popup import ModifierPopup
from interactioncoder.ui.dialogs.preferences_dialog import PreferencesDialog, codebook_key_map
from interactioncoder.ui.panels.codebook_panel import CodebookPanel
from interactioncoder.ui.panels.event_list import EventListPanel
from interactioncoder.ui.panels.rating_inputs import RadioScaleInput
from interactioncoder.ui.panels.ratings_panel import RatingsPanel
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return load_codebook(shipped_codebook_dir() / "mother-infant-interaction.yaml")


def test_codebook_panel_lists_every_code(qtbot, codebook: Codebook) -> None:
    panel = CodebookPanel(codebook)
    qtbot.addWidget(panel)
    keys = [item.text(0) for item in panel._items.values()]
    assert keys == [c.key for c in codebook.codes()]
    panel.select_code("freezing")
    assert "About how many seconds" in panel.definition.toPlainText()


def test_withdrawal_total_with_the_shipped_scales(qtbot, codebook: Codebook) -> None:
    panel = RatingsPanel(codebook)
    qtbot.addWidget(panel)
    panel.resize(600, 900)
    panel.show()
    total = codebook.totals[0]
    for scale_id, value in zip(total.scales[:3], (2, 2, 1), strict=True):
        widget = panel.input_for(scale_id)
        assert isinstance(widget, RadioScaleInput)
        with qtbot.waitSignal(panel.ratingChanged):
            qtbot.mouseClick(widget.buttons[value], Qt.MouseButton.LeftButton)
    # 5 already reaches the cut-off, but with items missing the total is only partial
    assert panel.total_texts() == [
        "Infant withdrawal total: 5 so far · 3 of 8 items rated · cut-off 5 judged when complete"
    ]
    assert panel.input_for(total.scales[0]).caption.text() == "2: Clear sign"


def test_freezing_popup_asks_clarity_then_seconds(qtbot, codebook: Codebook) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    host.resize(400, 300)
    host.show()
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow)
    popup = ModifierPopup(codebook.code("freezing"), host)
    popup.present(QPoint(10, 10))
    qtbot.keyClick(popup, Qt.Key.Key_C)
    qtbot.keyClicks(popup._edits["seconds"], "4.5")
    with qtbot.waitSignal(popup.accepted) as blocker:
        qtbot.keyClick(popup._edits["seconds"], Qt.Key.Key_Return)
    assert blocker.args == [{"certainty": "clear", "seconds": 4.5}]


def test_preferences_refuse_a_shipped_code_key(qtbot, codebook: Codebook) -> None:
    dialog = PreferencesDialog({}, codebook_key_map(codebook))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.key_edits["zoom_fit"].setFocus()
    qtbot.keyClick(dialog.key_edits["zoom_fit"], Qt.Key.Key_5)
    assert "“5” is the key of the code “Freezing or stilling”" in dialog.message_text()
    assert dialog.settings()["shortcuts"]["zoom_fit"] == "Ctrl+0"


def test_event_list_filters_offer_every_code(qtbot, codebook: Codebook) -> None:
    panel = EventListPanel(codebook)
    qtbot.addWidget(panel)
    assert panel.code_combo.count() == len(codebook.codes()) + 1
    assert [panel.subject_combo.itemText(i) for i in range(panel.subject_combo.count())] == [
        "All subjects",
        "Mother",
        "Infant",
    ]
