from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from interactioncoder.core.project import Rating
from interactioncoder.ui.panels.rating_inputs import ComboScaleInput, RadioScaleInput
from interactioncoder.ui.panels.ratings_panel import RatingsPanel, compute_total
from tests.ui.test_panels_fixtures import (
    ADBB_ITEMS,
    OFFSCREEN_WARNING,
    make_codebook,
    make_segments,
)

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)


def _panel(qtbot) -> RatingsPanel:  # type: ignore[no-untyped-def]
    panel = RatingsPanel(make_codebook())
    panel.set_segments(make_segments())
    qtbot.addWidget(panel)
    panel.resize(700, 900)
    panel.show()
    return panel


def _click_radio(qtbot, panel: RatingsPanel, scale_id: str, value: int) -> list:  # type: ignore[no-untyped-def]
    widget = panel.input_for(scale_id)
    assert isinstance(widget, RadioScaleInput)
    button = widget.buttons[value]
    button.ensurePolished()
    with qtbot.waitSignal(panel.ratingChanged) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=button.rect().center())
    return blocker.args


def test_radio_rating_emits_and_shows_anchor(qtbot) -> None:
    panel = _panel(qtbot)
    assert _click_radio(qtbot, panel, "sensitivity", 9) == ["sensitivity", 9, None]
    widget = panel.input_for("sensitivity")
    assert widget.caption.text() == "9: highly sensitive"
    assert widget.buttons[5].toolTip() == "5: inconsistently sensitive"
    assert "1 = highly insensitive" in widget.toolTip()
    assert _click_radio(qtbot, panel, "sensitivity", 6) == ["sensitivity", 6, None]
    assert widget.caption.text() == "6"
    with qtbot.waitSignal(panel.ratingChanged) as blocker:
        qtbot.mouseClick(widget.clear_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["sensitivity", None, None]
    assert widget.caption.text() == "not rated"
    assert not any(b.isChecked() for b in widget.buttons.values())


def test_adbb_total_against_cutoff(qtbot) -> None:
    panel = _panel(qtbot)
    (text,) = panel.total_texts()
    assert text == "ADBB total: 0 so far · 0 of 8 items rated · cut-off 5 judged when complete"
    for scale_id, value in [("adbb_face", 2), ("adbb_eye", 1), ("adbb_vocal", 1)]:
        _click_radio(qtbot, panel, scale_id, value)
    (text,) = panel.total_texts()
    assert text == "ADBB total: 4 so far · 3 of 8 items rated · cut-off 5 judged when complete"
    assert not panel.totals()[0].above_cutoff
    _click_radio(qtbot, panel, "adbb_relation", 2)
    (text,) = panel.total_texts()
    # 6 already reaches the cut-off, but a partial total is never judged (nor flagged)
    assert text == "ADBB total: 6 so far · 4 of 8 items rated · cut-off 5 judged when complete"
    label = panel._total_labels[0][2]
    assert label.property("aboveCutoff") is False
    assert panel.totals()[0].at_or_above_cutoff is None
    for scale_id in ("adbb_activity", "adbb_selfstim", "adbb_brisk", "adbb_attract"):
        _click_radio(qtbot, panel, scale_id, 0)
    assert panel.total_texts() == ["ADBB total: 6 ≥ 5: above the clinical cut-off"]
    assert label.property("aboveCutoff") is True
    assert "background-color" in label.styleSheet()
    # Lowering an item below the cut-off removes the highlight.
    _click_radio(qtbot, panel, "adbb_face", 0)
    assert panel.total_texts() == ["ADBB total: 4 < 5: below the clinical cut-off"]
    assert label.property("aboveCutoff") is False
    assert label.styleSheet() == ""


def test_set_ratings_is_silent_and_fills_widgets(qtbot) -> None:
    panel = _panel(qtbot)
    ratings = [Rating(1, sid, 1) for sid, _ in ADBB_ITEMS[:5]]
    ratings += [Rating(1, "sensitivity", 3), Rating(1, "engagement", 4, segment_id=6)]
    with qtbot.assertNotEmitted(panel.ratingChanged):
        panel.set_ratings(ratings)
    assert panel.input_for("adbb_face").value() == 1
    assert panel.input_for("sensitivity").caption.text() == "3"
    combo = panel.input_for("engagement", 6)
    assert isinstance(combo, ComboScaleInput)
    assert combo.currentText() == "4"
    assert panel.input_for("engagement", 5).currentText() == "–"
    assert panel.total_texts() == [
        "ADBB total: 5 so far · 5 of 8 items rated · cut-off 5 judged when complete"
    ]


def test_per_segment_combo_by_keyboard(qtbot) -> None:
    panel = _panel(qtbot)
    combo = panel.input_for("engagement", 5)
    combo.setFocus()
    with qtbot.waitSignal(panel.ratingChanged) as blocker:
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert blocker.args == ["engagement", 1, 5]
    assert combo.currentText() == "1 · disengaged"
    with qtbot.waitSignal(panel.ratingChanged) as blocker:
        qtbot.keyClick(combo, Qt.Key.Key_Up)
    assert blocker.args == ["engagement", None, 5]
    assert panel.values() == {}


def test_without_segments_the_segment_scale_explains(qtbot) -> None:
    panel = RatingsPanel(make_codebook())
    qtbot.addWidget(panel)
    with pytest.raises(KeyError):
        panel.input_for("engagement", 5)
    texts = [w.text() for w in panel.findChildren(type(panel._total_labels[0][2]))]
    assert any("No segments in this session" in t for t in texts)


def test_compute_total_counts_missing() -> None:
    total = make_codebook().totals[0]
    result = compute_total(total, {("adbb_face", None): 3, ("adbb_face", 7): 4}, None)
    assert (result.value, result.rated, result.missing) == (3, 1, 7)
    assert not result.complete
    assert not result.above_cutoff


def test_wide_scales_use_compact_inputs(qtbot) -> None:
    from interactioncoder.core.codebook import RatingScale, ScaleAnchor
    from interactioncoder.ui.panels.rating_inputs import SpinScaleInput, make_scale_input

    plain = RatingScale("minutes", "Minutes of play", "mother", 0, 30)
    spin = make_scale_input(plain, compact=False)
    qtbot.addWidget(spin)
    assert isinstance(spin, SpinScaleInput)
    assert spin.text() == "–"  # not rated
    with qtbot.waitSignal(spin.valueChanged_) as blocker:
        qtbot.keyClick(spin, Qt.Key.Key_Up)
    assert blocker.args == [0]
    spin.set_value(None)
    assert spin.value_or_none() is None

    anchored = RatingScale("mood", "Mood", "infant", 1, 15, anchors=(ScaleAnchor(1, "low"),))
    combo = make_scale_input(anchored, compact=False)
    qtbot.addWidget(combo)
    assert isinstance(combo, ComboScaleInput)
    assert combo.itemText(1) == "1 · low"


def test_per_segment_values_are_not_cut_in_a_narrow_dock(qtbot) -> None:
    """Issue 12 item 8: per-segment ratings were clipped ("3 · so")."""
    panel = _panel(qtbot)
    panel.resize(300, 600)
    qtbot.wait(20)
    for segment in make_segments():
        combo = panel.input_for("engagement", segment.id)
        assert isinstance(combo, ComboScaleInput)
        widest = max(
            combo.fontMetrics().horizontalAdvance(combo.itemText(i)) for i in range(combo.count())
        )
        assert combo.width() >= widest + 20, (combo.width(), widest)


def test_the_chosen_value_is_shown_beside_the_values(qtbot) -> None:
    """Issue 12 item 8: one rating scale per screen; the caption line is gone."""
    panel = _panel(qtbot)
    widget = next(w for w in panel._inputs.values() if isinstance(w, RadioScaleInput))
    qtbot.wait(20)
    first = next(iter(widget.buttons.values()))
    assert widget.caption.geometry().top() < first.geometry().bottom()
    assert widget.height() < 2 * first.height() + 8
